"""The ``smmgen`` command line. Thin: parse flags, call the pipeline, report.

Commands live in ``smmgen/commands/<name>.py`` and are imported only when
run (or listed by ``--help``); each imports its heavy dependencies inside the
function, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from . import __version__

# name -> module in smmgen.commands holding a click command of the same name
COMMANDS = {
    "accounts": "accounts",
    "check": "check",
    "count": "count",
    "plan": "plan",
    "publish": "publish",
    "mark-published": "mark_published",
    "render": "render",
    "build": "build",
    "preview": "preview",
    "github": "github",
    "init": "init",
    "schema": "schema",
    "fix": "fix",
    "new": "new",
    "stats": "stats",
    "pause": "pause",
    "resume": "pause",
    "retract": "retract",
    "reply": "reply",
    "inbox": "inbox",
}

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Content repository (the folder with schedule.yaml). Default: found upward from here.",
)


class LazyGroup(click.Group):
    """A group that imports a command's module only when it is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command = getattr(
            importlib.import_module(f"smmgen.commands.{module}"), cmd_name.replace("-", "_")
        )
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="smmgen")
def main() -> None:
    """Social media management as code: posts are files, the plan is schedule.yaml."""

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


def _speak_root_language(
    ctx: click.Context, param: click.Parameter, value: Path | None
) -> Path | None:
    """Choose the language of messages as soon as the repository is known (smmgen.i18n)."""
    from . import i18n
    from .repo import locate_root

    if value is not None:
        root = value if (value / "schedule.yaml").is_file() else None
    else:
        root = locate_root()
    i18n.use(i18n.for_root(root))
    return value


ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    callback=_speak_root_language,
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
    from . import i18n

    # Commands with --root refine this from schedule.yaml (_speak_root_language).
    i18n.use(i18n.for_root(None))

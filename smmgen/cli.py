"""The ``smmgen`` command line. Thin: parse flags, call the pipeline, report.

Commands live in ``smmgen/commands/<name>.py`` and are imported only when
run (or listed by ``--help``); each imports its heavy dependencies inside the
function, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

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


class Command(click.Command):
    """A click command whose help speaks the language of ``--help`` (smmgen.i18n).

    The help texts stay English in the code (the docstring, each option's
    ``help=``) and are looked up whenever click reads them, so one process can
    show them in either language (tests, the English docs).
    """

    @property
    def help(self) -> str | None:
        from .i18n import help_text

        return help_text(self.english_help)

    @help.setter
    def help(self, value: str | None) -> None:
        self.english_help = value

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from .i18n import help_text

        options = [p for p in self.get_params(ctx) if isinstance(p, click.Option)]
        english = [o.help for o in options]
        for option in options:  # only while click writes them: the objects stay English
            option.help = help_text(option.help)
        try:
            super().format_options(ctx, formatter)
        finally:
            for option, text in zip(options, english, strict=True):
                option.help = text


class Group(Command, click.Group):
    """A click group whose help (and its commands' help) speaks the language of ``--help``."""

    command_class = Command
    group_class = type  # click: subgroups are of this class too


class LazyGroup(Group):
    """A group that imports a command's module only when it is needed."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from .i18n import speak_click

        speak_click()  # click's own words ("Usage:") in the environment's language
        return super().main(*args, **kwargs)

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

"""Errors a user can fix that stop a command, each with its exit code."""

from __future__ import annotations

from typing import IO, Any

import click


class ConfigError(click.ClickException):
    """Usage or configuration problem (no schedule.yaml, bad arguments): exit 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        """``Error: …`` in the language the command speaks (schedule.yaml's, smmgen.i18n).

        Click's own ``show`` takes the word from the environment's locale, which
        in a workflow is C: a German message would follow an English ``Error:``.
        """
        from .i18n import _

        click.echo(
            _("Error: {message}").format(message=self.format_message()),
            file=file,
            err=file is None,
            color=self.show_color,
        )

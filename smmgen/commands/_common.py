"""CLI pieces several commands share: the ``--at`` option, skipped ledger lines, times,
the manual checklist. Commands import these from here, never from each other.

The ``--at`` text itself is read by :func:`smmgen.plan.resolve_at`, which the
check (below the commands) uses too."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..i18n import _

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..plan import Entry, Plan
    from ..problems import Problem
    from ..run_context import Context

AT_OPTION = click.option(
    "--at",
    "at_text",
    metavar="TIME",
    help="Plan as of TIME ('YYYY-MM-DD HH:MM' in the schedule's time zone, or ISO 8601 "
    "with offset). Default: now.",
)


def echo_problems(problems: Sequence[Problem]) -> None:
    """Ledger lines that were skipped, on stderr (GitHub annotations inside Actions)."""
    import os

    from ..problems import FORMATTERS, sort_problems

    if problems:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
        click.echo(FORMATTERS[fmt](sort_problems(list(problems))), nl=False, err=True)


def when_text(e: Entry, plan: Plan) -> str:
    """The entry's time in the plan's zone, fixed width."""
    from zoneinfo import ZoneInfo

    return e.when.astimezone(ZoneInfo(plan.timezone)).strftime("%Y-%m-%d %H:%M") if e.when else "—"


def checklist(entries: list[tuple[Entry, str]], ctx: Context) -> str:
    """Manual accounts: the text to copy and the command to run afterwards."""
    out = []
    for e, text in entries:
        account = ctx.schedule.accounts[e.account]
        where = account.settings.get("platform", e.account)
        profile = account.settings.get("url")
        on = f"{where} ({profile})" if profile else where
        out.append("☐ " + _("post by hand on {where}: {post}").format(where=on, post=e.post))
        out.extend(f"    {line}" for line in text.splitlines())
        url = _("URL_OF_THE_POST")
        command = f"smmgen mark-published {e.post} --account {e.account} --url {url}"
        out.append("  " + _("then: {command}").format(command=command))
    return "\n".join(out)

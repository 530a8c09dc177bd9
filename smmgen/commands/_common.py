"""CLI pieces several commands share: the ``--at`` option, skipped ledger lines, times,
the manual checklist. Commands import these from here, never from each other.

The ``--at`` text itself is read by :func:`smmgen.timing.resolve_at`, which the
check (below the commands) uses too."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..i18n import _

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

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


def read_body(path: Path) -> str:
    """The body file's text; only an ordinary file, never through a link.

    The comment job reads the body from a pull request's artifact: a link
    there (e.g. to /proc/self/environ) must not put the job's token into a comment.
    """
    import errno
    import os
    import stat

    from ..github import GitHubError

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise GitHubError(
                _("{path} is a symbolic link; the body must be an ordinary file").format(path=path)
            ) from None
        raise GitHubError(
            _("cannot read {path}: {value}").format(path=path, value=exc.strerror or exc)
        ) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise GitHubError(
                _("{path} is not an ordinary file (a pipe or a device)").format(path=path)
            )
        try:
            return fh.read().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise GitHubError(
                _("cannot read {path}: {value}").format(
                    path=path, value=getattr(exc, "strerror", None) or exc
                )
            ) from None

"""`smmgen accounts check`: verify every account against its network, without posting."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import ROOT_OPTION, Group
from ..i18n import _


@click.group(cls=Group)
def accounts() -> None:
    """Check the accounts in schedule.yaml against their networks."""


@accounts.command()
@ROOT_OPTION
@click.option(
    "--only", multiple=True, metavar="ACCOUNT", help="Check only this account (repeatable)."
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--warn-days",
    type=click.IntRange(min=0),
    default=14,
    show_default=True,
    help="Report a token that expires within this many days.",
)
def check(root: Path | None, only: tuple[str, ...], fmt: str, warn_days: int) -> None:
    """Verify each account's credentials and permissions per feature; nothing is posted.

    Exit status: 0 when every account works (expiring tokens included), 1 when
    an account fails (credentials missing, invalid, expired or revoked, or
    publishing not permitted), 2 for a problem with schedule.yaml or --only.
    """
    import datetime as dt
    import os

    from ..accounts import FAILED, check_all
    from ..accounts.report import text, to_json
    from ..errors import ConfigError
    from ..repo import SCHEDULE_FILE, find_root
    from ..schedule import read_schedule

    repo = find_root(explicit=root)
    schedule, problems = read_schedule(repo, repo / SCHEDULE_FILE)
    if schedule is None or any(p.is_error for p in problems):
        raise ConfigError(_("schedule.yaml has errors; run smmgen check"))
    unknown = [a for a in only if a not in schedule.accounts]
    if unknown:
        raise ConfigError(
            _("--only {items}: no such account in schedule.yaml (accounts: {items2})").format(
                items=", ".join(unknown), items2=", ".join(schedule.accounts)
            )
        )
    now = dt.datetime.now(dt.UTC)
    reports = check_all(schedule.accounts, os.environ, now=now, only=only, warn_days=warn_days)
    click.echo(
        to_json(reports, checked_at=now) if fmt == "json" else text(reports), nl=fmt != "json"
    )
    if any(r.status == FAILED for r in reports):
        raise SystemExit(1)

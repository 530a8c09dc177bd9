"""`smmgen publish`: send everything due, exactly once, and record it in the ledger."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import _
from ..plan_words import result_label
from ._common import AT_OPTION, checklist, echo_problems, when_text

if TYPE_CHECKING:
    from ..model import Schedule
    from ..publish import Report
    from ..run_context import Context


@click.command(cls=Command)
@ROOT_OPTION
@AT_OPTION
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send and record nothing.")
@click.option(
    "--only", "only", multiple=True, metavar="ACCOUNT", help="Only this account (repeatable)."
)
@click.option(
    "--commit",
    is_flag=True,
    help="Commit the ledger to the smmgen-state branch and push it (claims before sending).",
)
@click.option(
    "--init-ledger",
    is_flag=True,
    help="The smmgen-state branch is gone: start an empty ledger on purpose (with --commit; "
    "posts that went out before may be sent again).",
)
@click.option(
    "--include-missed",
    "include_missed",
    multiple=True,
    metavar="POST",
    help="Publish POST although it is later than max_delay (repeatable).",
)
@click.option(
    "--resend",
    multiple=True,
    metavar="POST",
    help="Send POST again after an unfinished attempt you checked did not go out (repeatable).",
)
def publish(
    root: Path | None,
    at_text: str | None,
    dry_run: bool,
    only: tuple[str, ...],
    commit: bool,
    init_ledger: bool,
    include_missed: tuple[str, ...],
    resend: tuple[str, ...],
) -> None:
    """Publish every post due at TIME on every account, each exactly once.

    Exit status: 0 all went well, 1 something failed or needs a person (see the
    summary), 2 usage or configuration problem.
    """
    from ..errors import ConfigError
    from ..plan import resolve_at
    from ..publish import Publisher, load
    from ..repo import find_root
    from ..run_context import Options
    from ..secrets import one_line

    ctx = load(find_root(explicit=root))
    at = resolve_at(at_text, ctx.schedule.timezone)
    if init_ledger and not commit:
        raise ConfigError(
            _("--init-ledger starts the smmgen-state branch anew: use it with --commit")
        )
    for name in only:
        if name not in ctx.schedule.accounts:
            raise ConfigError(
                _("--only {name}: no such account in schedule.yaml").format(name=name)
            )
    options = Options(
        at=at,
        dry_run=dry_run,
        only=only,
        commit=commit,
        init_ledger=init_ledger,
        include_missed=include_missed,
        resend=resend,
        # Failures and retries (indented) are problems (stderr); the rest is progress (stdout),
        # decided by the line's shape, which is the same in every language.
        progress=lambda line: click.echo(line, err=line.startswith(("✗", "  "))),
    )
    click.echo(
        _("publishing as of {time} ({zone})").format(
            time=f"{at:%Y-%m-%d %H:%M}", zone=ctx.schedule.timezone
        )
    )
    publisher = Publisher(ctx, options)
    report = publisher.execute()
    echo_problems(report.problems)
    for switch in publisher.switches:
        click.echo(_("PAUSED: {switch}").format(switch=one_line(switch.describe())), err=True)

    manual = _echo_report(report, ctx, dry_run)
    _step_outputs(ctx.schedule, manual)
    sys.exit(0 if report.ok else 1)


def _echo_report(report: Report, ctx: Context, dry_run: bool) -> int:
    """What would go out (dry run), the summary table and the manual checklist; the
    number of posts to publish by hand."""
    from ..secrets import one_line
    from ..sending import Result

    manual = [(o.entry, o.text) for o in report.outcomes if o.result == Result.MANUAL]
    if dry_run:
        for o in report.outcomes:
            if o.result == Result.WOULD_SEND:
                click.echo(
                    _("would send to {account}: {post}").format(
                        account=o.entry.account, post=o.entry.post
                    )
                )
                click.echo("\n".join(f"    {line}" for line in o.text.splitlines()))
    rows = [o for o in report.outcomes if o.result not in (Result.MANUAL, Result.WOULD_SEND)]
    if rows:
        account, result_head, time, post = _("account"), _("result"), _("time"), _("post")
        width = max(len(account), *(len(o.entry.account) for o in rows))
        labels = [
            result_label(o.entry.reason if o.result == Result.HELD and o.entry.reason else o.result)
            for o in rows
        ]
        column = max(11, *(len(label) for label in labels))  # German words are longer
        click.echo(f"{account:<{width}}  {result_head:<{column}} {time:<16}  {post}")
        for o, result in zip(rows, labels, strict=True):
            e = o.entry
            when = when_text(e, report.plan)
            click.echo(
                f"{e.account:<{width}}  {result:<{column}} {when:<16}  {e.post}"
                + (f"  {one_line(o.detail)}" if o.detail else "")
            )
    elif not manual and not dry_run:
        click.echo(_("nothing due"))
    if manual:
        click.echo("\n" + _("Post by hand:") + "\n" + checklist(manual, ctx))
    return len(manual)


def _step_outputs(schedule: Schedule, manual_due: int) -> None:
    """Tell the publish workflow's later jobs what this run found (``$GITHUB_OUTPUT``).

    ``checklist=true`` runs the manual-checklist job: when manual posts are due,
    after a merge or a manual start, and at the first run of an hour (to close a
    finished checklist). Without manual accounts it never runs, so a scheduled
    run costs one job.
    """
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        return
    from ..actions_cost import plan_hours
    from ..networks import by_hand

    has_manual = any(by_hand(a.network) for a in schedule.accounts.values())
    every = plan_hours(schedule).every
    first_of_hour = dt.datetime.now(dt.UTC).minute < every
    scheduled = os.environ.get("GITHUB_EVENT_NAME") == "schedule"
    checklist = has_manual and (manual_due > 0 or not scheduled or first_of_hour)
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"manual-due={manual_due}\nchecklist={str(checklist).lower()}\n")

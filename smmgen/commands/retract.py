"""`smmgen retract`: take a published post down on every account, exactly once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import N_, _

if TYPE_CHECKING:
    from ..retract import Outcome

# How a retract run's result for one account reads (the words stay as they are in the ledger).
RESULT_WORDS = {
    "retracted": N_("retracted"),
    "already": N_("already"),
    "by-hand": N_("by-hand"),
    "failed": N_("failed"),
    "in-progress": N_("in-progress"),
    "not-published": N_("not-published"),
}


@click.command(cls=Command)
@click.argument("post")
@ROOT_OPTION
@click.option(
    "--account", "accounts", multiple=True, metavar="NAME", help="Only this account (repeatable)."
)
@click.option("--reason", metavar="TEXT", help="Why (kept in the ledger, shown by plan).")
@click.option(
    "--commit",
    is_flag=True,
    help="Claim on the smmgen-state branch before deleting, and push the outcome.",
)
@click.option(
    "--by-hand",
    is_flag=True,
    help="A person took it down (e.g. on Instagram): record it as retracted, delete nothing.",
)
def retract(
    post: str,
    root: Path | None,
    accounts: tuple[str, ...],
    reason: str | None,
    commit: bool,
    by_hand: bool,
) -> None:
    """Delete POST (its id or file) wherever the ledger says it went out, every part of it.

    Where the network's API cannot delete (Instagram, manual accounts) it lists
    what to delete by hand. A retracted post is not published again unless its
    file changes. Exit status: 0 done, 1 something failed or is left to a
    person, 2 usage or configuration problem.
    """
    from ..errors import ConfigError
    from ..repo import SCHEDULE_FILE, find_root
    from ..retract import Options, Result, Retractor
    from ..schedule import read_schedule

    repo = find_root(explicit=root)
    schedule, problems = read_schedule(repo, repo / SCHEDULE_FILE)
    if schedule is None or any(p.is_error for p in problems):
        raise ConfigError(_("schedule.yaml has errors; run smmgen check"))
    from ..publish import post_id_of

    post_id = post_id_of(repo, post)
    options = Options(
        post=post_id,
        accounts=accounts,
        reason=reason,
        commit=commit,
        by_hand=by_hand,
        # Failures and retries (indented) are problems (stderr); the rest is progress (stdout).
        progress=lambda line: click.echo(line, err=line.startswith(("✗", "  "))),
    )
    outcomes = Retractor(repo, schedule, options).execute()
    _table([o for o in outcomes if o.result != Result.MANUAL])
    manual = [o for o in outcomes if o.result == Result.MANUAL]
    if manual:
        click.echo("\n" + _("Delete by hand:"))
        for o in manual:
            account = schedule.accounts.get(o.account)
            where = account.settings.get("platform", o.account) if account else o.account
            click.echo(
                _("☐ delete on {where}: {link} ({detail})").format(
                    where=where, link=o.url or _("no link recorded"), detail=o.detail
                )
            )
            command = f"smmgen retract {post_id} --account {o.account} --by-hand" + (
                " --commit" if commit else ""
            )
            click.echo(_("  then: {command}").format(command=command))
    ok = all(o.result in (Result.RETRACTED, Result.ALREADY, Result.BY_HAND) for o in outcomes)
    sys.exit(0 if ok else 1)


def _table(rows: list[Outcome]) -> None:
    """One line per account: what this run did there (the result in the language in use)."""
    if not rows:
        return
    head, result_head, detail = _("account"), _("result"), _("detail")
    labels = {o.result: _(RESULT_WORDS.get(o.result, o.result)) for o in rows}
    width = max(len(head), *(len(o.account) for o in rows))
    column = max(13, *(len(label) + 1 for label in labels.values()))  # German words are longer
    click.echo(f"{head:<{width}}  {result_head:<{column}} {detail}")
    for o in rows:
        line = f"{o.account:<{width}}  {labels[o.result]:<{column}} {o.detail or o.url or ''}"
        click.echo(line.rstrip())

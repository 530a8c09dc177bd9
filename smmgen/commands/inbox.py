"""`smmgen inbox`: the community inbox (fetch, list, purge), kept outside git."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..cli import ROOT_OPTION, Group
from ..i18n import _

if TYPE_CHECKING:
    from ..model import Schedule


def _schedule(root: Path | None) -> tuple[Path, Schedule]:
    """The repository and its schedule.yaml (exit 2 when it has errors)."""
    from ..errors import ConfigError
    from ..repo import SCHEDULE_FILE, find_root
    from ..schedule import read_schedule

    repo = find_root(explicit=root)
    schedule, problems = read_schedule(repo, repo / SCHEDULE_FILE)
    if schedule is None or any(p.is_error for p in problems):
        raise ConfigError(_("schedule.yaml has errors; run smmgen check"))
    return repo, schedule


@click.group(cls=Group, invoke_without_command=True)
@ROOT_OPTION
@click.option("--unanswered", is_flag=True, help="Only conversations no reply file answers.")
@click.option("--network", metavar="N", help="Only this network (bluesky, mastodon, x, …).")
@click.option("--since", metavar="AGE", help="Only items younger than AGE: 2d, 12h, 90m.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text")
@click.option(
    "--public",
    is_flag=True,
    help="For a public repository (inbox.yml): other people's texts are left out unless "
    "schedule.yaml has inbox: {public_issues: true}.",
)
@click.pass_context
def inbox(
    ctx: click.Context,
    root: Path | None,
    unanswered: bool,
    network: str | None,
    since: str | None,
    fmt: str,
    public: bool,
) -> None:
    """List what waits in the inbox, grouped by conversation, newest first.

    `smmgen inbox fetch` reads it from the networks into .smmgen-inbox/ (never
    into git); `smmgen inbox purge` drops items older than the retention.
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..errors import ConfigError
    from ..inbox import listing
    from ..inbox.store import Store

    repo, schedule = _schedule(root)
    allowed = (schedule.settings.get("inbox") or {}).get("public_issues") is True
    texts = not public or allowed
    age = listing.parse_since(since) if since is not None else None
    if since is not None and age is None:
        raise ConfigError(_("--since {since}: write e.g. 2d, 12h or 90m").format(since=since))
    convs = listing.conversations(
        repo, Store(repo).items(), unanswered=unanswered, network=network, since=age
    )
    if fmt == "json":
        click.echo(listing.dumps(convs, texts=texts), nl=False)
    elif fmt == "markdown":
        click.echo(listing.format_markdown(convs, texts=texts), nl=False)
    else:
        click.echo(listing.format_text(convs), nl=False)


@inbox.command("fetch")
@ROOT_OPTION
@click.option("--only", "only", multiple=True, metavar="ACCOUNT", help="Only this account.")
@click.option(
    "--since",
    metavar="AGE",
    help="Where an account has no cursor yet (a fresh checkout): read back this far (2h, 1d).",
)
def fetch_command(root: Path | None, only: tuple[str, ...], since: str | None) -> None:
    """Read new replies, mentions and quotes of every account into .smmgen-inbox/.

    Exit status: 0 read (accounts without a reader or credentials are listed
    and skipped), 1 an account's network refused or failed, 2 usage problem.
    """
    from ..errors import ConfigError
    from ..inbox.fetch import fetch
    from ..inbox.listing import parse_since

    repo, schedule = _schedule(root)
    for name in only:
        if name not in schedule.accounts:
            raise ConfigError(
                _("--only {name}: no such account in schedule.yaml").format(name=name)
            )
    age = parse_since(since) if since is not None else None
    if since is not None and age is None:
        raise ConfigError(_("--since {since}: write e.g. 2h, 1d or 90m").format(since=since))
    results = fetch(repo, schedule, os.environ, only=only, since=age)
    failed = False
    for r in results:
        if r.skipped is None:
            edited = _(", {n} edited").format(n=r.edited) if r.edited else ""
            click.echo(
                _("{account}: {new} new, {gone} gone upstream{edited} ({calls} calls)").format(
                    account=r.account, new=r.new, gone=r.gone, edited=edited, calls=r.calls
                )
            )
        else:
            click.echo(
                _("{account}: skipped: {skipped}").format(account=r.account, skipped=r.skipped)
            )
            failed = failed or r.calls > 0  # it was tried: the network refused or failed
    sys.exit(1 if failed else 0)


@inbox.command("purge")
@ROOT_OPTION
@click.option("--days", type=int, help="Keep this many days (default: schedule.yaml's retention).")
def purge(root: Path | None, days: int | None) -> None:
    """Delete inbox items older than the retention (inbox.retention_days, default 90)."""
    from ..inbox.fetch import retention
    from ..inbox.store import Store

    repo, schedule = _schedule(root)
    gone = Store(repo).purge(days if days is not None else retention(schedule))
    click.echo(_("{gone} item(s) removed").format(gone=gone))

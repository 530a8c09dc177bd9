"""`smmgen reply URL`: start a reply file, reviewed and published like a post."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import _

if TYPE_CHECKING:
    from ..model import Schedule


@click.command(cls=Command)
@click.argument("url")
@ROOT_OPTION
@click.option(
    "--account",
    metavar="NAME",
    help="The account that answers (default: the only account on the link's network).",
)
@click.option("--name", metavar="SLUG", help="File name after the date (default: from the link).")
def reply(url: str, root: Path | None, account: str | None, name: str | None) -> None:
    """Create replies/YYYY-MM-DD-SLUG.md answering URL; write the text, open a pull request.

    The reply is checked like a post (smmgen check) and sent exactly once by
    smmgen publish after the merge.
    """
    from ..errors import ConfigError
    from ..replies import SENDS_REPLIES, network_of, target_id
    from ..repo import SCHEDULE_FILE, find_root
    from ..schedule import read_schedule

    repo = find_root(explicit=root)
    schedule, problems = read_schedule(repo, repo / SCHEDULE_FILE)
    if schedule is None or any(p.is_error for p in problems):
        raise ConfigError(_("schedule.yaml has errors; run smmgen check"))
    network = network_of(url)
    if network is None:
        raise ConfigError(
            _("{url} is not a link to a post on a network smmgen knows").format(url=url)
        )
    if network not in SENDS_REPLIES:
        raise ConfigError(
            _("smmgen cannot send replies on {network} yet ({items} only)").format(
                network=network, items=", ".join(SENDS_REPLIES)
            )
        )
    target = target_id(url, network)
    if target is None:
        raise ConfigError(
            _("{url} does not link to a single {network} post").format(url=url, network=network)
        )
    account = _answering(schedule, account, network, url)
    slug = re.sub(r"[^a-z0-9]+", "-", (name or f"{network}-{target[1]}").lower()).strip("-")
    rel = f"replies/{dt.date.today().isoformat()}-{slug[:60]}.md"
    path = repo / rel
    if path.exists():
        raise ConfigError(_("{rel} exists already; choose another --name").format(rel=rel))
    path.parent.mkdir(parents=True, exist_ok=True)
    # JSON strings are YAML strings: the link is written exactly, whatever it holds.
    import json

    path.write_text(f"---\nin_reply_to: {json.dumps(url)}\naccount: {account}\n---\n\n", "utf-8")
    click.echo(
        _("{rel}: write the reply below the front matter, then smmgen check").format(rel=rel)
    )


def _answering(schedule: Schedule, account: str | None, network: str, url: str) -> str:
    """The account that answers on ``network``: ``account``, or the only one there."""
    from ..errors import ConfigError

    if account is None:
        names = [n for n, a in schedule.accounts.items() if a.network == network]
        if len(names) != 1:
            have = f"{', '.join(names)}" if names else "none"
            raise ConfigError(
                _("which account answers? --account NAME (accounts on {network}: {have})").format(
                    network=network, have=have
                )
            )
        return names[0]
    if schedule.accounts.get(account) is None:
        raise ConfigError(
            _("--account {account}: no such account in schedule.yaml").format(account=account)
        )
    if schedule.accounts[account].network != network:
        raise ConfigError(
            _("--account {account} is on {network}, but {url} is a {network2} post").format(
                account=account,
                network=schedule.accounts[account].network,
                url=url,
                network2=network,
            )
        )
    return account

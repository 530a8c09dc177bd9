"""`smmgen mark-published`: record that a person posted a post by hand (or found it sent)."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import _


@click.command("mark-published", cls=Command)
@click.argument("post")
@ROOT_OPTION
@click.option("--account", required=True, metavar="NAME", help="The account it was posted on.")
@click.option("--url", required=True, metavar="URL", help="Where the post is now.")
@click.option("--commit", is_flag=True, help="Also push the record to the smmgen-state branch.")
def mark_published(post: str, root: Path | None, account: str, url: str, commit: bool) -> None:
    """Record that POST was posted on ACCOUNT at URL.

    POST is the post's id (2026-12/adventswanderung) or its file
    (content/2026-12/adventswanderung.md). URL must be the post's https address on
    the account's network (for a manual account: on its `host`, if it has one).
    """
    import datetime as dt

    from ..publish import mark_published as record_manual
    from ..publish import post_id_of
    from ..repo import find_root
    from ..shared_ledger import push_ledger

    repo = find_root(explicit=root)
    run = f"manual-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}"
    record = record_manual(repo, post_id_of(repo, post), account, url, run)
    if commit:
        push_ledger(repo, f"smmgen: {post} posted by hand on {account}")
    click.echo(
        _("recorded: {post} on {account} at {url}").format(
            post=record.post, account=record.account, url=record.url
        )
    )

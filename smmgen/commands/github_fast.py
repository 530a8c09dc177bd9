"""`smmgen github fast-reply` and `fast-reply-answer`: the two later jobs of a fast reply.

`fast-reply` runs where the network secrets are (and no token that may write
issues); `fast-reply-answer` runs where issues may be written (and no network
secret). The result passes between them as a JSON file (see smmgen.inbox.fast).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import _


@click.command("fast-reply", cls=Command)
@ROOT_OPTION
@click.option(
    "--file", "rel", required=True, metavar="PATH", help="The reply file, e.g. replies/….md."
)
@click.option(
    "--result",
    "result_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("fast-reply.json"),
    show_default=True,
    help="Where to write the result for the answering job.",
)
@click.option("--commit", is_flag=True, help="Claim and record on the smmgen-state branch.")
def fast_reply(root: Path | None, rel: str, result_path: Path, commit: bool) -> None:
    """Send one reply at once, where schedule.yaml allows fast replies.

    Checked first, then planned, claimed and sent exactly once like `smmgen
    publish` (limited to this reply), recorded in the ledger. Exit status: 0
    sent, 1 not sent (the result says why), 2 usage problem.
    """
    import os

    from ..inbox.fast import send
    from ..plan import resolve_at
    from ..publish import load
    from ..repo import find_root

    repo = find_root(explicit=root)
    at = resolve_at(None, load(repo).schedule.timezone)
    result = send(
        repo,
        rel.removeprefix("./"),
        at=at,
        commit=commit,
        environ=dict(os.environ),
        progress=lambda line: click.echo(line, err=line.startswith("✗")),
    )
    result_path.write_text(result.to_json() + "\n", "utf-8")
    click.echo(f"{result.file}: {result.status}" + (f" {result.url}" if result.url else ""))
    sys.exit(0 if result.status == "sent" else 1)


@click.command("fast-reply-answer", cls=Command)
@click.option("--issue", "number", type=click.IntRange(min=1), required=True, help="Issue number.")
@click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The result file of `smmgen github fast-reply`.",
)
def fast_reply_answer(number: int, source: Path) -> None:
    """Answer the `/reply` comment on the inbox issue with what became of the reply."""
    from ..github import Client, settings_from_env
    from ..inbox.fast import Result
    from ._common import read_body

    result = Result.from_json(read_body(source)) if source.is_file() else None
    client = Client(settings_from_env())
    if result is None:
        client.comment_issue(number, _("`/reply`: the sending job left no result; see its log."))
        click.echo(_("no result to report"))
        sys.exit(1)
    client.comment_issue(number, result.comment())
    click.echo(_("answered on #{number}: {status}").format(number=number, status=result.status))

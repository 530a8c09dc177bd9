"""`smmgen stats`: statistics read back from the networks (`collect`) and reported."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli import ROOT_OPTION
from .plan import AT_OPTION


@click.group(invoke_without_command=True)
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Statistics: `smmgen stats collect` reads them back from the networks."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@stats.command()
@ROOT_OPTION
@AT_OPTION
@click.option(
    "--only", "only", multiple=True, metavar="ACCOUNT", help="Only this account (repeatable)."
)
@click.option(
    "--commit",
    is_flag=True,
    help="Commit the stats/ files to the smmgen-state branch (beside the ledger) and push them.",
)
def collect(root: Path | None, at_text: str | None, only: tuple[str, ...], commit: bool) -> None:
    """Measure every published post that is due (1 h, 24 h, 7 d, 30 d, then monthly).

    Appends to stats/YYYY-MM.csv. Exit status: 0 done (accounts whose access
    does not allow reading are listed and skipped), 1 a call failed (tried
    again next run), 2 usage or configuration problem.
    """
    from ..errors import ConfigError
    from ..publish import load
    from ..repo import find_root
    from ..stats.collect import Options
    from ..stats.collect import collect as run
    from .plan import resolve_at

    ctx = load(find_root(explicit=root))
    at = resolve_at(ctx, at_text)
    for name in only:
        if name not in ctx.schedule.accounts:
            raise ConfigError(f"--only {name}: no such account in schedule.yaml")
    options = Options(
        at=at, only=only, commit=commit, progress=lambda line: click.echo(line, err=True)
    )
    report = run(ctx, options)
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    for line in report.skipped:
        click.echo(f"skipped: {line}")
    for line in report.errors:
        click.echo(f"error: {line}")
    posts = sum(1 for r in report.rows if r.post)
    click.echo(
        f"measured {posts} of {report.due} due posts, "
        f"{len(report.rows) - posts} follower counts"
        + (f" → {', '.join(report.files)}" if report.files else "")
    )
    sys.exit(0 if report.ok else 1)

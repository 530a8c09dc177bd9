"""`smmgen stats`: statistics read back from the networks (`collect`) and reported."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..cli import ROOT_OPTION, Group
from ..i18n import _
from ._common import AT_OPTION

FORMATS = ("text", "json", "markdown", "csv")


@click.group(cls=Group, invoke_without_command=True)
@ROOT_OPTION
@AT_OPTION
@click.option("--since", metavar="DURATION", help="The last DURATION before now (e.g. 7d, 24h).")
@click.option("--from", "from_", metavar="DATE", help="Posts published on or after DATE.")
@click.option("--to", metavar="DATE", help="Posts published on or before DATE (inclusive).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.pass_context
def stats(
    ctx: click.Context,
    root: Path | None,
    at_text: str | None,
    since: str | None,
    from_: str | None,
    to: str | None,
    fmt: str,
) -> None:
    """What worked: per post, campaign, account, network and tag; followers; best hours.

    Without a subcommand: the report of the posts published in the period
    (default: everything), from stats/ and the ledger. `smmgen stats collect`
    measures. Exit status: 0 shown, 2 usage or configuration problem.
    """
    if ctx.invoked_subcommand is not None:
        return
    import json

    from ..plan import resolve_at
    from ..publish import load
    from ..repo import find_root
    from ..stats import report
    from ..stats.history import read_history

    project = load(find_root(explicit=root))
    end = resolve_at(at_text, project.schedule.timezone)
    start, end = _period(project.schedule.timezone, end, since, from_, to)
    history = read_history(project.root, project.schedule)
    summary = history.summary(project.posts, start, end)
    for line in history.messages():
        click.echo(_("warning: {message}").format(message=line), err=True)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(summary), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(report.to_markdown(summary), nl=False)
    elif fmt == "csv":
        click.echo(report.to_csv(summary), nl=False)
    else:
        click.echo(report.to_text(summary), nl=False)


def _period(
    timezone: str, at: dt.datetime, since: str | None, from_: str | None, to: str | None
) -> tuple[dt.datetime | None, dt.datetime]:
    """[start, end) from --since or --from/--to; usage errors exit 2."""
    from zoneinfo import ZoneInfo

    from ..errors import ConfigError
    from ..schedule import parse_duration

    if since and (from_ or to):
        raise ConfigError(_("use either --since or --from/--to, not both"))
    if since:
        length = parse_duration(since)
        if length is None:
            raise ConfigError(
                _("--since '{text}' is not a duration; write e.g. 7d or 24h").format(text=since)
            )
        return at - length, at
    tz = ZoneInfo(timezone)

    def day(text: str, option: str) -> dt.datetime:
        try:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), tz)
        except ValueError:
            raise ConfigError(
                _("{option} '{text}' is not a date; write YYYY-MM-DD").format(
                    option=option, text=text
                )
            ) from None

    start = day(from_, "--from") if from_ else None
    end = day(to, "--to") + dt.timedelta(days=1) if to else at
    if start is not None and end <= start:
        raise ConfigError(_("--to is before --from"))
    return start, end


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
    from ..plan import resolve_at
    from ..repo import find_root
    from ..stats.collect import Options
    from ..stats.collect import collect as run
    from ..stats.sources import load

    ctx = load(find_root(explicit=root))
    at = resolve_at(at_text, ctx.schedule.timezone)
    for name in only:
        if name not in ctx.schedule.accounts:
            raise ConfigError(
                _("--only {name}: no such account in schedule.yaml").format(name=name)
            )
    options = Options(
        at=at, only=only, commit=commit, progress=lambda line: click.echo(line, err=True)
    )
    report = run(ctx, options)
    for line in report.warnings:
        click.echo(_("warning: {message}").format(message=line), err=True)
    for line in report.skipped:
        click.echo(_("skipped: {line}").format(line=line))
    for line in report.errors:
        click.echo(_("error: {line}").format(line=line))
    posts = sum(1 for r in report.rows if r.post)
    click.echo(
        _("measured {posts} of {due} due posts, {followers} follower counts").format(
            posts=posts, due=report.due, followers=len(report.rows) - posts
        )
        + (f" → {', '.join(report.files)}" if report.files else "")
    )
    sys.exit(0 if report.ok else 1)

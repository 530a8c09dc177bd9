"""The statistics part of the preview site: the Statistics page and each post's numbers.

Built from the same summary as ``smmgen stats`` (all history up to the
build's clock), so the tables under the charts are the report's numbers.
Bad CSV rows are listed on the page with file and line; they never stop the
build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..i18n import _, weekday_name
from . import charts
from .metrics import METRICS
from .report import Summary, best_slots
from .store import Row

if TYPE_CHECKING:
    from ..ledger import Record


class PostSeries:
    """One post's snapshots over time, for its page: the chart and its table (HTML).

    Drawn on first use, so the page workers of a large site draw them in
    parallel instead of the process that collects everything first.
    """

    def __init__(self, post: str, rows: list[Row]) -> None:
        self.post = post
        self.rows = rows

    @cached_property
    def chart(self) -> Any:
        """Interactions over time, a line per account."""
        lines: dict[str, list[tuple[dt.datetime, int]]] = {}
        for r in self.rows:
            lines.setdefault(r.account, []).append((r.at, r.counts.interactions()))
        return charts.lines(
            list(lines.items()), _("Interactions over time: {post}").format(post=self.post)
        )

    @cached_property
    def table(self) -> Any:
        """The chart's numbers, a row per snapshot."""
        head = ["measured", "account", "after", "interactions", *METRICS]
        body = (
            [f"{r.at:%Y-%m-%d %H:%M} UTC", r.account, r.checkpoint,
             str(r.counts.interactions()), *metric_cells(r.counts, METRICS)]
            for r in self.rows
        )  # fmt: skip
        return html_table(head, body, "post-stats-table")


@dataclass(frozen=True)
class StatsPage:
    """Everything the Statistics page shows."""

    summary: Summary | None
    problems: tuple[str, ...] = ()
    networks_chart: Any = None
    campaigns_chart: Any = None
    followers_chart: Any = None
    followers: tuple[Row, ...] = ()
    heat: tuple[tuple[str, Any, tuple[Any, ...]], ...] = ()  # (network, chart, cells)
    best: dict[str, list[Any]] = field(default_factory=dict)
    # The best times of the last 90 days, for the week pages (smmgen.stats.suggest).
    suggested: dict[str, list[Any]] = field(default_factory=dict)
    posts: dict[str, PostSeries] = field(default_factory=dict)
    posts_table: Any = None


def build_stats(
    root: Any,
    schedule: Any,
    posts: Iterable[Any],
    at: dt.datetime,
    records: Iterable[Record] | None = None,
) -> StatsPage:
    """The Statistics page of a repository as of ``at`` (nothing when there is no schedule).

    ``records``: the ledger's records, when the build has read them already.
    """
    if schedule is None:
        return StatsPage(None)
    from .history import read_history
    from .suggest import best_in

    history = read_history(root, schedule, records)
    summary = history.summary(posts, None, at)
    problems = history.messages()
    rows = [r for r in history.rows if r.at <= at]
    followers = tuple(sorted((r for r in rows if not r.post and r.followers is not None),
                             key=lambda r: (r.account, r.at)))  # fmt: skip
    series: dict[str, list[tuple[dt.datetime, int]]] = {}
    for r in followers:
        assert r.followers is not None
        series.setdefault(r.account, []).append((r.at, r.followers))
    heat = []
    for network in sorted({c.network for c in summary.heat}):
        cells = tuple(c for c in summary.heat if c.network == network)
        chart = charts.heat(
            [(c.weekday, c.hour, c.mean) for c in cells],
            _("{network}: mean interactions per post by weekday and hour").format(network=network),
        )
        heat.append((network, chart, cells))
    return StatsPage(
        summary=summary,
        problems=tuple(problems),
        networks_chart=charts.bars(
            [(g.name, g.interactions) for g in summary.networks], _("Interactions per network")
        ),
        campaigns_chart=charts.bars(
            [(g.name, g.interactions) for g in summary.campaigns], _("Interactions per campaign")
        ),
        followers_chart=charts.lines(
            list(series.items()), _("Followers per account over time")
        ),
        followers=followers,
        heat=tuple(heat),
        best=best_slots(summary),
        suggested=best_in(summary, at) if history.rows else {},
        posts=_post_series(r for r in rows if r.post and r.status == "ok"),
        posts_table=html_table(
            ["post", "account", "interactions", "rate", *METRICS],
            (
                [p.post, p.account, str(p.interactions),
                 "" if p.rate is None else f"{p.rate * 100:.1f}%",
                 *metric_cells(p.counts, METRICS)]
                for p in summary.posts
            ),
            "posts-table",
        ),
    )  # fmt: skip


def _post_series(rows: Iterable[Row]) -> dict[str, PostSeries]:
    by_post: dict[str, list[Row]] = {}
    for r in rows:
        by_post.setdefault(r.post, []).append(r)
    for found in by_post.values():
        found.sort(key=lambda r: (r.at, r.account))
    return {post: PostSeries(post, found) for post, found in by_post.items()}


def html_table(head: Sequence[str], body: Iterable[Sequence[str]], ident: str = "") -> Any:
    """A table of text cells, escaped, as markup.

    Built here rather than in a template loop: a site with 100,000 snapshots
    has that many rows, and a Jinja loop costs several times more per cell.
    """
    from markupsafe import Markup, escape

    named = f' id="{escape(ident)}"' if ident else ""
    out = [f'<div class="table-wrap"><table class="stats-table"{named}>']
    out.append("<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in head))
    out.append("</tr></thead><tbody>")
    safe: dict[str, str] = {}  # cells repeat (numbers, accounts): escape each text once
    for row in body:
        cells = []
        for c in row:
            done = safe.get(c)
            if done is None:
                done = safe[c] = f"<td>{escape(c)}</td>"
            cells.append(done)
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return Markup("".join(out))


def day_name(weekday: int) -> str:
    """``Mon`` … ``Sun`` (in the language in use)."""
    return weekday_name(weekday, short=True)


def metric_cells(counts: Any, metrics: Sequence[str]) -> list[str]:
    """The metrics as table cells (empty where not provided)."""
    if metrics is METRICS:  # Counts holds them in this order
        return ["" if v is None else str(v) for v in counts]
    return ["" if (v := counts.get(m)) is None else str(v) for m in metrics]

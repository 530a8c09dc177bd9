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
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from ..i18n import _, weekday_name
from . import charts
from .history import Grouped, Snapshot
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

    def __init__(self, post: str, snapshots: list[Snapshot]) -> None:
        self.post = post
        self.snapshots = snapshots

    def __reduce__(self) -> tuple[Any, ...]:
        # What the page is made of, never the chart and table drawn from it: a
        # page keyed after it was rendered keys the same as one keyed before.
        return (PostSeries, (self.post, self.snapshots))

    @cached_property
    def chart(self) -> Any:
        """Interactions over time, a line per account."""
        lines: dict[str, list[tuple[dt.datetime, int]]] = {}
        for s in self.snapshots:
            lines.setdefault(s[1], []).append((s[0], sum(filter(None, s[3:9]))))
        return charts.lines(
            list(lines.items()), _("Interactions over time: {post}").format(post=self.post)
        )

    @cached_property
    def table(self) -> Any:
        """The chart's numbers, a row per snapshot."""
        from markupsafe import Markup

        head = ["measured", "account", "after", "interactions", *METRICS]
        when, text, cell = _WHEN, _TEXT, _ESCAPED
        for memo in (when, text, cell):
            if len(memo) > CACHED:
                memo.clear()
        # Every cell is text made here (a time, a number) or escaped (the
        # account and checkpoint come from the CSV): one join per row.
        body = [
            f"<tr><td>{when[s[0]]}</td><td>{cell[s[1]]}</td><td>{cell[s[2]]}</td><td>"
            f"{sum(filter(None, s[3:9]))}</td><td>{'</td><td>'.join(map(text.__getitem__, s[3:]))}"
            "</td></tr>"
            for s in self.snapshots
        ]
        return Markup(_table_head(head, "post-stats-table") + "".join(body) + _TABLE_END)


class _When(dict[dt.datetime, str]):
    """A snapshot's time as the tables show it (a night's rows share one)."""

    def __missing__(self, at: dt.datetime) -> str:
        text = self[at] = f"{at:%Y-%m-%d %H:%M} UTC"
        return text


class _Text(dict[int | None, str]):
    """A count as a table cell: empty where the network gave none."""

    def __missing__(self, value: int | None) -> str:
        text = self[value] = "" if value is None else str(value)
        return text


class _Escaped(dict[str, str]):
    """A text escaped for HTML: cells repeat (accounts, checkpoints, numbers)."""

    def __missing__(self, text: str) -> str:
        from markupsafe import escape

        html = self[text] = str(escape(text))
        return html


class _Cells(dict[str, str]):
    """A cell's text as ``<td>…</td>``, escaped: cells repeat (numbers, accounts, times)."""

    def __missing__(self, text: str) -> str:
        html = self[text] = f"<td>{_ESCAPED[text]}</td>"
        return html


# Kept for the whole build (the post pages' tables share most cells), emptied
# when they grow past CACHED entries.
_WHEN, _TEXT, _ESCAPED, _CELLS = _When(), _Text(), _Escaped(), _Cells()
CACHED = 100_000


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
    from .history import collector_paused

    with collector_paused():
        return _build_stats(root, schedule, posts, at, records)


def _build_stats(
    root: Any, schedule: Any, posts: Iterable[Any], at: dt.datetime, records: Any
) -> StatsPage:
    from .history import read_history
    from .suggest import best_in

    history = read_history(root, schedule, records)
    summary = history.summary(posts, None, at)
    problems = history.messages()
    until = at.astimezone(dt.UTC)  # the rows' zone: compared without asking a zone each time
    measured, by_post = _until(history.by_post(), until)
    followers = tuple(sorted(measured, key=lambda r: (r.account, r.at)))
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
        posts={post: PostSeries(post, found) for post, found in by_post.items()},
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


def _until(grouped: Grouped, until: dt.datetime) -> Grouped:
    """The follower rows and posts' snapshots up to ``until`` (all of them, as a rule)."""
    followers, by_post = grouped
    if any(r.at > until for r in followers):
        followers = [r for r in followers if r.at <= until]
    cut = {}
    for post, found in by_post.items():
        if found[-1][0] > until:  # sorted by time
            found = [s for s in found if s[0] <= until]
            if not found:
                continue
        cut[post] = found
    return followers, cut


def html_table(head: Sequence[str], body: Iterable[Sequence[str]], ident: str = "") -> Any:
    """A table of text cells, escaped, as markup.

    Built here rather than in a template loop: a site with 100,000 snapshots
    has that many rows, and a Jinja loop costs several times more per cell.
    """
    from markupsafe import Markup

    for memo in (_TEXT, _ESCAPED, _CELLS):
        if len(memo) > CACHED:
            memo.clear()
    cell = _CELLS.__getitem__
    out = [_table_head(head, ident)]
    out.extend(f"<tr>{''.join(map(cell, row))}</tr>" for row in body)
    out.append(_TABLE_END)
    return Markup("".join(out))


def _table_head(head: Sequence[str], ident: str) -> str:
    """A table's start, up to its first body row (``ident``: its id)."""
    return _head(tuple(head), ident)


@cache
def _head(head: tuple[str, ...], ident: str) -> str:
    # Cached: every post page has a table with the same head.
    from markupsafe import escape

    named = f' id="{escape(ident)}"' if ident else ""
    cells = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    start = f'<div class="table-wrap"><table class="stats-table"{named}>'
    return f"{start}<thead><tr>{cells}</tr></thead><tbody>"


_TABLE_END = "</tbody></table></div>"


def day_name(weekday: int) -> str:
    """``Mon`` … ``Sun`` (in the language in use)."""
    return weekday_name(weekday, short=True)


def metric_cells(counts: Any, metrics: Sequence[str]) -> list[str]:
    """The metrics as table cells (empty where not provided)."""
    if metrics is METRICS:  # Counts holds them in this order
        return list(map(_TEXT.__getitem__, counts))
    return ["" if (v := counts.get(m)) is None else str(v) for m in metrics]

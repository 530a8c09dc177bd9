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
from typing import Any

from . import charts
from .report import DAYS, Summary, best_slots, summary_for
from .store import Row


@dataclass(frozen=True)
class PostSeries:
    """One post's snapshots over time, for its page."""

    chart: Any
    rows: tuple[Row, ...]  # oldest first


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
    posts: dict[str, PostSeries] = field(default_factory=dict)


def build_stats(root: Any, schedule: Any, posts: Iterable[Any], at: dt.datetime) -> StatsPage:
    """The Statistics page of a repository as of ``at`` (nothing when there is no schedule)."""
    if schedule is None:
        return StatsPage(None)
    from .store import read_known

    summary, problems = summary_for(root, schedule, posts, None, at)
    rows, _ = read_known(root)  # read twice, both cheap next to rendering; kept simple
    rows = [r for r in rows if r.at <= at]
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
            f"{network}: mean interactions per post by weekday and hour",
        )
        heat.append((network, chart, cells))
    return StatsPage(
        summary=summary,
        problems=tuple(problems),
        networks_chart=charts.bars(
            [(g.name, g.interactions) for g in summary.networks], "Interactions per network"
        ),
        campaigns_chart=charts.bars(
            [(g.name, g.interactions) for g in summary.campaigns], "Interactions per campaign"
        ),
        followers_chart=charts.lines(list(series.items()), "Followers per account over time"),
        followers=followers,
        heat=tuple(heat),
        best=best_slots(summary),
        posts=_post_series(r for r in rows if r.post and r.status == "ok"),
    )


def _post_series(rows: Iterable[Row]) -> dict[str, PostSeries]:
    by_post: dict[str, list[Row]] = {}
    for r in rows:
        by_post.setdefault(r.post, []).append(r)
    out = {}
    for post, found in by_post.items():
        found.sort(key=lambda r: (r.at, r.account))
        lines: dict[str, list[tuple[dt.datetime, int]]] = {}
        for r in found:
            lines.setdefault(r.account, []).append((r.at, r.counts.interactions()))
        chart = charts.lines(list(lines.items()), f"Interactions over time: {post}")
        out[post] = PostSeries(chart, tuple(found))
    return out


def day_name(weekday: int) -> str:
    """``Mon`` … ``Sun``."""
    return DAYS[weekday]


def metric_cells(counts: Any, metrics: Sequence[str]) -> list[str]:
    """The metrics as table cells (empty where not provided)."""
    return ["" if (v := counts.get(m)) is None else str(v) for m in metrics]

"""The statistics part of the preview site: the Statistics page and each post's numbers.

Built from the same summary as ``smmgen stats`` (all history up to the
build's clock), so the tables under the charts are the report's numbers.
Bad CSV rows are listed on the page with file and line; they never stop the
build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ..i18n import _, weekday_name
from . import charts
from .metrics import METRICS
from .report import Summary, best_slots
from .store import Cells, Row

if TYPE_CHECKING:
    from ..ledger import Record
    from .history import History


Line = tuple[str, list[tuple[dt.datetime, int]]]  # a chart's line: name, (time, value)s


class PostSeries:
    """One post's snapshots over time, for its page: the chart and its table (HTML).

    Drawn on first use, so the page workers of a large site draw them in
    parallel instead of the process that collects everything first. ``rows``
    are the post's rows on each account as their text
    (:data:`smmgen.stats.store.Cells`) by time, deleted ones too: they are
    picked, sorted and converted in the worker that draws them.
    """

    def __init__(self, post: str, rows: Mapping[str, Sequence[Cells]]) -> None:
        self.post = post
        self.rows = rows

    def __reduce__(self) -> tuple[Any, ...]:
        # What the page is made of, never the chart and table drawn from it: a
        # page keyed after it was rendered keys the same as one keyed before.
        # Each account's rows as one text of their times, networks, checkpoints
        # and numbers (no cell has a line break): pickled a dozen times faster
        # than 100,000 tuples.
        texts = {
            account: "\n".join(chain.from_iterable(map(_KEPT, found)))
            for account, found in self.rows.items()
        }
        return (_series, (self.post, texts))

    @cached_property
    def drawn(self) -> tuple[list[tuple[str, str]], list[Line]]:
        """The rows shown (not deleted), in one pass: the table's rows (time, HTML) by
        time and account, and the chart's lines (each account's interactions over
        time, the account measured first first)."""
        _bounded()
        number, when, escaped, time = _NUMBER.__getitem__, _WHEN, _ESCAPED, _TIME
        shown: list[tuple[str, str]] = []
        lines: list[Line] = []
        # Every cell is text made here (a time, a number) or escaped (the
        # account and checkpoint come from the CSV): one f-string per row.
        for account in sorted(self.rows):
            name = escaped[account]
            points = []
            for at, _post, _account, _network, checkpoint, tail in self.rows[account]:
                if tail[0] != "o":  # deleted
                    continue
                interactions = sum(map(number, tail.split(",", 7)[1:7]))  # likes … clicks
                # ok,likes,…,reach,followers: the metrics, written as numbers (see Cells)
                metrics = tail[3 : tail.rindex(",")].replace(",", "</td><td>")
                shown.append((at, f"<tr><td>{when[at]}</td><td>{name}</td><td>"
                                  f"{escaped[checkpoint]}</td><td>{interactions}</td><td>"
                                  f"{metrics}</td></tr>"))  # fmt: skip
                points.append((time[at], interactions))
            if points:
                lines.append((account, points))
        shown.sort(key=_AT)  # stable: by account within a time
        lines.sort(key=_first_time)  # stable: by account within a time
        return shown, lines

    @cached_property
    def chart(self) -> Any:
        """Interactions over time, a line per account."""
        title = _("Interactions over time: {post}").format(post=self.post)
        return charts.lines(self.drawn[1], title)

    @cached_property
    def table(self) -> Any:
        """The chart's numbers, a row per snapshot."""
        from markupsafe import Markup

        head = ["measured", "account", "after", "interactions", *METRICS]
        body = "".join(map(_ROW, self.drawn[0]))
        return Markup(_table_head(head, "post-stats-table") + body + _TABLE_END)


def _series(post: str, texts: Mapping[str, str]) -> PostSeries:
    """A post's series from :meth:`PostSeries.__reduce__`'s texts."""
    rows = {}
    for account, text in texts.items():
        cells = iter(text.split("\n"))
        kept = zip(cells, cells, cells, cells, strict=True)
        rows[account] = [(at, post, account, net, check, tail) for at, net, check, tail in kept]
    return PostSeries(post, rows)


_AT, _ROW = itemgetter(0), itemgetter(1)  # a snapshot's time, its table row
_KEPT = itemgetter(0, 3, 4, 5)  # of a row in a post's series: all but the post and account


def _first_time(line: Line) -> dt.datetime:
    return line[1][0][0]


class _Time(dict[str, dt.datetime]):
    """A row's ``at`` as a time (a night's rows share one)."""

    def __missing__(self, text: str) -> dt.datetime:
        at = self[text] = dt.datetime.fromisoformat(text)
        return at


class _When(dict[str, str]):
    """A row's ``at`` as the tables show it: ``2026-12-01 09:30 UTC``."""

    def __missing__(self, text: str) -> str:
        shown = self[text] = f"{text[:10]} {text[11:16]} UTC"  # of YYYY-MM-DDTHH:MM:SSZ
        return shown


class _Number(dict[str, int]):
    """A count's cell as a number to add (0 where the network gave none)."""

    def __missing__(self, cell: str) -> int:
        value = self[cell] = int(cell) if cell else 0
        return value


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
# when they grow past CACHED entries (see :func:`_bounded`).
_TIME, _WHEN, _NUMBER = _Time(), _When(), _Number()
_TEXT, _ESCAPED, _CELLS = _Text(), _Escaped(), _Cells()
_MEMOS: tuple[dict[Any, Any], ...] = (_TIME, _WHEN, _NUMBER, _TEXT, _ESCAPED, _CELLS)
CACHED = 100_000


def _bounded() -> None:
    """Each memo emptied if it has grown past :data:`CACHED` entries."""
    for memo in _MEMOS:
        if len(memo) > CACHED:
            memo.clear()


@dataclass(frozen=True)
class StatsPage:
    """Everything the Statistics page shows.

    Made on first use (its summary, charts and tables): by the worker that
    renders the page, while the others render the post pages. The build
    itself needs only the post pages' series and the best times for the week
    pages.
    """

    history: History | None
    sources: tuple[Any, ...] = ()  # the posts (their campaigns and tags)
    at: dt.datetime | None = None
    # The best times of the last 90 days, for the week pages (smmgen.stats.suggest).
    suggested: dict[str, list[Any]] = field(default_factory=dict)
    posts: dict[str, PostSeries] = field(default_factory=dict)

    @cached_property
    def summary(self) -> Summary | None:
        """All history up to the build's clock (None without a schedule)."""
        if self.history is None or self.at is None:
            return None
        return self.history.summary(self.sources, None, self.at)

    @cached_property
    def problems(self) -> tuple[str, ...]:
        """The rows skipped, with file and line."""
        return tuple(self.history.messages()) if self.history else ()

    @cached_property
    def followers(self) -> tuple[Row, ...]:
        """The follower counts up to the clock, by account and time."""
        if self.history is None or self.at is None:
            return ()
        until = self.at.astimezone(dt.UTC)  # the rows' zone: compared without asking a zone
        measured = [r for r in self.history.followers if r.at <= until]
        return tuple(sorted(measured, key=lambda r: (r.account, r.at)))

    @cached_property
    def best(self) -> dict[str, list[Any]]:
        """Each network's best weekday and hour slots, all history."""
        return best_slots(self.summary) if self.summary else {}

    @cached_property
    def networks_chart(self) -> Any:
        """Interactions per network."""
        groups = self.summary.networks if self.summary else ()
        return charts.bars(
            [(g.name, g.interactions) for g in groups], _("Interactions per network")
        )

    @cached_property
    def campaigns_chart(self) -> Any:
        """Interactions per campaign."""
        groups = self.summary.campaigns if self.summary else ()
        return charts.bars(
            [(g.name, g.interactions) for g in groups], _("Interactions per campaign")
        )

    @cached_property
    def followers_chart(self) -> Any:
        """Followers per account over time."""
        series: dict[str, list[tuple[dt.datetime, int]]] = {}
        for r in self.followers:
            assert r.followers is not None
            series.setdefault(r.account, []).append((r.at, r.followers))
        return charts.lines(list(series.items()), _("Followers per account over time"))

    @cached_property
    def heat(self) -> tuple[tuple[str, Any, tuple[Any, ...]], ...]:
        """(network, chart, cells) of each network's weekday × hour map."""
        slots = self.summary.heat if self.summary else ()
        heat = []
        for network in sorted({c.network for c in slots}):
            cells = tuple(c for c in slots if c.network == network)
            chart = charts.heat(
                [(c.weekday, c.hour, c.mean) for c in cells],
                _("{network}: mean interactions per post by weekday and hour").format(
                    network=network
                ),
            )
            heat.append((network, chart, cells))
        return tuple(heat)

    @cached_property
    def posts_table(self) -> Any:
        """Every post's latest numbers."""
        return html_table(
            ["post", "account", "interactions", "rate", *METRICS],
            (
                [p.post, p.account, str(p.interactions),
                 "" if p.rate is None else f"{p.rate * 100:.1f}%",
                 *metric_cells(p.counts, METRICS)]
                for p in (self.summary.posts if self.summary else ())
            ),
            "posts-table",
        )  # fmt: skip


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
    return _build_stats(root, schedule, posts, at, records)


def _build_stats(
    root: Any, schedule: Any, posts: Iterable[Any], at: dt.datetime, records: Any
) -> StatsPage:
    from .history import read_history
    from .suggest import WINDOW, best_in

    history = read_history(root, schedule, records)
    sources = tuple(posts)
    # Only the posts of the last 90 days count for the best times: the others
    # are left to the Statistics page's summary.
    recent = history.since(at - WINDOW)
    return StatsPage(
        history=history,
        sources=sources,
        at=at,
        suggested=best_in(recent.summary(sources, at - WINDOW, at), at) if history.posts else {},
        # Each post measured up to the clock (not only deleted since).
        posts={
            post: PostSeries(post, rows)
            for post, rows in history.until(at).items()
            if any(s[5][0] == "o" for found in rows.values() for s in found)  # ok,…
        },
    )


def html_table(head: Sequence[str], body: Iterable[Sequence[str]], ident: str = "") -> Any:
    """A table of text cells, escaped, as markup.

    Built here rather than in a template loop: a site with 100,000 snapshots
    has that many rows, and a Jinja loop costs several times more per cell.
    """
    from markupsafe import Markup

    _bounded()
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

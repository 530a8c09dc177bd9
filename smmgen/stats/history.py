"""The statistics as known here, read once per command: snapshots, bad rows, published posts.

A build shows the numbers on the Statistics page, on every post page, in the
heat map and as the best posting times on the week pages; ``smmgen plan``
shows the best times beside the plan. Each reads stats/ and the ledger once
(:func:`read_history`, handed the ledger records the command has read already)
and makes its summaries from that :class:`History`.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..problems import Problem
from .due import Published
from .report import Summary, summarise
from .store import Row

if TYPE_CHECKING:
    from ..ledger import Record


@dataclass(frozen=True)
class History:
    """Every valid snapshot row, the problems of the others, and the posts the ledger
    says were published (with a network id)."""

    rows: Sequence[Row]
    problems: Sequence[Problem]
    published: Sequence[Published]
    timezone: str

    def by_post(self) -> Grouped:
        """The follower rows and each post's snapshots: :func:`by_post` of the rows."""
        return by_post(self.rows)

    def messages(self) -> list[str]:
        """The bad rows as ``file:line: message [rule]`` (for the page and warnings)."""
        return [f"{p.path}:{p.line}: {p.message} [{p.rule}]" for p in self.problems]

    def summary(self, posts: Iterable[Any], start: dt.datetime | None, end: dt.datetime) -> Summary:
        """The posts published in [start, end) with their latest numbers up to ``end``;
        ``posts`` give the campaigns and tags."""
        meta = {p.id: (p.campaign, tuple(p.tags)) for p in posts}
        with collector_paused():
            return summarise(self.rows, self.published, meta, self.timezone, start, end)


def read_history(root: Path, schedule: Any, records: Iterable[Record] | None = None) -> History:
    """stats/ and the ledger as known here (the state branch's copies included).

    ``records``: the ledger's records when the command has read them already
    (:func:`smmgen.shared_ledger.read_known`); otherwise they are read here.
    """
    from ..ledger import fold
    from ..shared_ledger import read_known as known_ledger
    from .due import published
    from .store import read_known

    with collector_paused():
        rows, problems = read_known(root)
        if records is None:
            records = known_ledger(root).records()
        networks = {name: a.network for name, a in schedule.accounts.items()}
        made = published(fold(records), networks)
        return History(rows, problems, made, schedule.timezone)


# A snapshot as a post page shows it: when, account, checkpoint, then the
# counts in METRICS order (None: not provided). Plain tuples: a page's key for
# the next build's reuse pickles them (a NamedTuple pickles through Python).
Snapshot = tuple[Any, ...]
# The follower rows, and each post's snapshots by time (of posts not deleted).
Grouped = tuple[list[Row], dict[str, list[Snapshot]]]


def by_post(rows: Iterable[Row]) -> Grouped:
    """The follower rows, and each post's snapshots (not deleted) by time, in one pass."""
    followers: list[Row] = []
    found: dict[str, list[Snapshot]] = {}
    for row in rows:
        at, post, account, _network, checkpoint, status, counts, count = row
        if not post:
            if count is not None:
                followers.append(row)
        elif status == "ok":
            mine = found.get(post)
            if mine is None:
                mine = found[post] = []
            mine.append((at, account, checkpoint, *counts))
    by_time = itemgetter(0, 1)
    for mine in found.values():
        mine.sort(key=by_time)
    return followers, found


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while statistics are read and added up.

    They are hundreds of thousands of small tuples and no reference cycle; with
    the collector on, every few thousand new objects it walks them, and now and
    then everything else the process holds (a build: every post and rendered
    text), for nothing. Reference counting still frees what is dropped; the
    collector is on again after (unless it was off before).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()

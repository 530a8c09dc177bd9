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
        return History(rows, problems, published(fold(records), networks), schedule.timezone)


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

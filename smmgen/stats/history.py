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
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    # by_post(rows), when it was made with the reading (read_ahead).
    grouped: Grouped | None = None

    def by_post(self) -> Grouped:
        """The follower rows and each post's snapshots: :func:`by_post` of the rows."""
        return self.grouped if self.grouped is not None else by_post(self.rows)

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
        ahead = _AHEAD.pop(root, None)
        rows, problems, grouped = ahead.result() if ahead is not None else (*read_known(root), None)
        if records is None:
            records = known_ledger(root).records()
        networks = {name: a.network for name, a in schedule.accounts.items()}
        made = published(fold(records), networks)
        return History(rows, problems, made, schedule.timezone, grouped)


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


class _Reading(threading.Thread):
    """stats/ read in a thread: :func:`read_ahead`."""

    def __init__(self, root: Path) -> None:
        super().__init__(name="smmgen-stats-read", daemon=True)
        self.root = root
        self.found: tuple[list[Row], list[Problem], Grouped] | None = None
        self.failed: BaseException | None = None

    def run(self) -> None:
        from .store import read_known

        try:
            with collector_paused():
                rows, problems = read_known(self.root)
                self.found = (rows, problems, by_post(rows))
        except BaseException as exc:  # handed to the reader, as if it had read itself
            self.failed = exc

    def result(self) -> tuple[list[Row], list[Problem], Grouped]:
        self.join()
        if self.failed is not None:
            raise self.failed
        assert self.found is not None
        return self.found


_AHEAD: dict[Path, _Reading] = {}


def read_ahead(root: Path) -> Callable[[], None]:
    """Start reading stats/ of ``root`` for the next :func:`read_history` of it;
    returns what forgets it (call it when the command ends, read or not).

    ``smmgen build`` calls it first: the files are read while the posts are
    checked in worker processes and this process only waits for them. The
    modules the reading needs are imported here, before the thread starts: a
    worker forked while the thread imported one would inherit its lock held.
    """
    import subprocess  # noqa: F401 (gitstate imports it when it runs git)

    from .. import gitstate  # noqa: F401 (imported before the thread runs)
    from . import store  # noqa: F401

    reading = _AHEAD[root] = _Reading(root)
    reading.start()

    def forget() -> None:
        if _AHEAD.get(root) is reading:
            del _AHEAD[root]

    return forget


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

"""The statistics as known here, read once per command: snapshots, bad rows, published posts.

A build shows the numbers on the Statistics page, on every post page, in the
heat map and as the best posting times on the week pages; ``smmgen plan``
shows the best times beside the plan. Each reads stats/ and the ledger once
(:func:`read_history`, handed the ledger records the command has read already)
and makes its summaries from that :class:`History`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..problems import Problem
from .due import Published
from .report import Summary, summarise
from .store import Cells, Row, rows_of

if TYPE_CHECKING:
    from ..ledger import Record


@dataclass(frozen=True)
class History:
    """Every valid snapshot row, the problems of the others, and the posts the ledger
    says were published (with a network id)."""

    # Each post's rows (deleted ones too) on each account as their text, by time
    # (rows of one time in file order): 100,000 rows are kept as the regex found
    # them; a Row is made only of the latest ones (:meth:`summary`).
    posts: Mapping[str, Mapping[str, Sequence[Cells]]]
    followers: Sequence[Row]  # the account rows with a follower count: by account, then time
    problems: Sequence[Problem]
    published: Sequence[Published]
    timezone: str
    times: Mapping[str, dt.datetime]  # each row's ``at`` by its text

    def messages(self) -> list[str]:
        """The bad rows as ``file:line: message [rule]`` (for the page and warnings)."""
        return [f"{p.path}:{p.line}: {p.message} [{p.rule}]" for p in self.problems]

    def summary(self, posts: Iterable[Any], start: dt.datetime | None, end: dt.datetime) -> Summary:
        """The posts published in [start, end) with their latest numbers up to ``end``;
        ``posts`` give the campaigns and tags."""
        meta = {p.id: (p.campaign, tuple(p.tags)) for p in posts}
        # The last row of each published post on each account (of rows of one
        # time, the last in the files).
        cut = self.until(end)
        none: dict[str, Sequence[Cells]] = {}
        latest = []
        for item in self.published:
            found = cut.get(item.post, none).get(item.account)
            if found:
                latest.append(found[-1])
        rows = [*rows_of(latest, self.times), *self.followers]
        return summarise(rows, self.published, meta, self.timezone, start, end)

    def since(self, start: dt.datetime) -> History:
        """The history of the posts published from ``start`` on (with all their rows)."""
        return replace(self, published=[p for p in self.published if p.at >= start])

    def until(self, end: dt.datetime) -> Mapping[str, Mapping[str, Sequence[Cells]]]:
        """:attr:`posts` up to ``end`` (all of them, as a rule); a post or account without
        a row by then left out."""
        last = f"{end.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"  # the rows' form: compared as text
        if all(found[-1][0] <= last for post in self.posts.values() for found in post.values()):
            return self.posts
        cut: dict[str, dict[str, Sequence[Cells]]] = {}
        for post, accounts in self.posts.items():
            for account, found in accounts.items():
                if found[-1][0] > last:
                    found = [c for c in found if c[0] <= last]
                if found:
                    cut.setdefault(post, {})[account] = found
        return cut


def read_history(root: Path, schedule: Any, records: Iterable[Record] | None = None) -> History:
    """stats/ and the ledger as known here (the state branch's copies included).

    ``records``: the ledger's records when the command has read them already
    (:func:`smmgen.shared_ledger.read_known`); otherwise they are read here.
    """
    from ..ledger import fold
    from ..shared_ledger import read_known as known_ledger
    from .due import published
    from .store import read_known

    times: dict[str, dt.datetime] = {}
    found, problems = read_known(root, times)
    posts: dict[str, dict[str, list[Cells]]] = {}
    for cells in found:
        accounts = posts.get(cells[1])
        if accounts is None:
            accounts = posts[cells[1]] = {}
        mine = accounts.get(cells[2])
        if mine is None:
            mine = accounts[cells[2]] = []
        mine.append(cells)
    by_time = itemgetter(0)  # their text sorts as the times do
    for accounts in posts.values():
        for mine in accounts.values():
            mine.sort(key=by_time)  # stable: rows of one time stay in file order
    own = [cells for found in posts.pop("", {}).values() for cells in found]
    if records is None:
        records = known_ledger(root).records()
    networks = {name: a.network for name, a in schedule.accounts.items()}
    made = published(fold(records), networks)
    # The rows without a post: each account's, by time.
    followers = [r for r in rows_of(own, times) if r.followers is not None]
    return History(posts, followers, problems, made, schedule.timezone, times)

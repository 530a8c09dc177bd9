"""Where the plan puts each post on each account, and what the ledger says went out.

Uses :mod:`smmgen.plan` (slot queue assignment) and the publishing ledger read
from the working tree and the local ``smmgen-state`` branches. The build never
fetches: it shows what this checkout knows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..model import Post, Schedule

if TYPE_CHECKING:
    from ..ledger import Record
    from ..renames import KeysAs


class Placement(NamedTuple):
    """One post on one account: its time, what the plan does with it, where it went.

    (A named tuple, not a frozen dataclass: a build makes one per post and
    account, thousands, and the tuple is made in half the time.)
    """

    when: dt.datetime | None
    published: bool = False
    url: str | None = None
    state: str = ""  # the plan's State (due | upcoming | held)
    reason: str | None = None  # why it is held: a smmgen.plan.Reason
    detail: str = ""
    failed: str | None = None  # the last failed attempt's error, if it is not out


def place(
    root: Path,
    posts: Sequence[Post],
    schedule: Schedule,
    at: dt.datetime,
    records: Sequence[Record],
    keys: KeysAs | None = None,
) -> dict[tuple[str, str], Placement]:
    """(post id, account) → :class:`Placement`.

    ``records``: the ledger as this checkout knows it (:func:`smmgen.shared_ledger.read_known`);
    ``keys``: to recognise posts renamed after they were published (:mod:`smmgen.renames`).
    """
    from .. import gitstate
    from ..ledger import fold
    from ..plan import make_plan
    from ..renames import find_renamed

    statuses = fold(records)
    added = gitstate.added_times(root)  # {} outside git
    renamed = find_renamed(posts, statuses, keys) if keys is not None else {}
    plan = make_plan(posts, schedule, statuses, at, added=added, renamed=renamed)
    tz = at.tzinfo
    out: dict[tuple[str, str], Placement] = {}
    for entry in plan.entries:
        old = renamed.get((entry.post, entry.account))
        status = statuses.get((old.post if old else entry.post, entry.account))
        done = status.published if status is not None else None
        failure = status.failed if status is not None and done is None else None
        out[(entry.post, entry.account)] = Placement(
            when=entry.when.astimezone(tz) if entry.when is not None else None,
            published=done is not None,
            url=done.url if done is not None else None,
            state=entry.state,
            reason=entry.reason,
            detail=entry.detail,
            failed=(failure.error or "failed") if failure is not None else None,
        )
    return out

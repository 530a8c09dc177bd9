"""Where the plan puts each post on each account, and what the ledger says went out.

Uses :mod:`smmgen.plan` (slot queue assignment) and the publishing ledger read
from the working tree and the local ``smmgen-state`` branches. The build never
fetches: it shows what this checkout knows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Post, Schedule


@dataclass(frozen=True)
class Placement:
    """One post on one account: its time, what the plan does with it, where it went."""

    when: dt.datetime | None
    published: bool = False
    url: str | None = None
    state: str = ""  # the plan's: due | upcoming | held
    reason: str | None = None  # why it is held (smmgen.plan.REASONS)
    detail: str = ""
    failed: str | None = None  # the last failed attempt's error, if it is not out


def _ledger_text(root: Path) -> str:
    from .. import gitstate
    from ..ledger import LEDGER_FILE, Ledger, union

    text = Ledger(root / LEDGER_FILE).text()
    if gitstate.in_git(root):
        for ref in (
            f"refs/heads/{gitstate.STATE_BRANCH}",
            f"refs/remotes/{gitstate.REMOTE}/{gitstate.STATE_BRANCH}",
        ):
            text = union(text, gitstate.read(root, ref, LEDGER_FILE))
    return text


def place(
    root: Path, posts: Sequence[Post], schedule: Schedule, at: dt.datetime
) -> dict[tuple[str, str], Placement] | None:
    """(post id, account) → :class:`Placement`; None when the planner is not available."""
    try:
        from .. import gitstate
        from ..ledger import fold, parse
        from ..plan import make_plan
    except ImportError:
        return None  # without the planner, slot posts are shown as a queue
    statuses = fold(parse(_ledger_text(root)))
    added = gitstate.added_times(root) if gitstate.in_git(root) else {}
    plan = make_plan(posts, schedule, statuses, at, added=added)
    tz = at.tzinfo
    out: dict[tuple[str, str], Placement] = {}
    for entry in plan.entries:
        status = statuses.get((entry.post, entry.account))
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

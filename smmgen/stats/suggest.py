"""Best times to post, from the team's own statistics: a suggestion beside the slots.

``smmgen plan`` and the week pages show, per network, the weekday and hour whose
posts drew the most interactions on average over the last 90 days. It never
changes a slot: moving one is a reviewed change to schedule.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import _
from .report import Slot, Summary, heat_map

if TYPE_CHECKING:
    from ..ledger import Record

WINDOW = dt.timedelta(days=90)
MIN_POSTS = 2  # one post in an hour is an anecdote, not a pattern
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def best_times(
    root: Path,
    schedule: Any,
    posts: Iterable[Any],
    at: dt.datetime,
    per_network: int = 3,
    *,
    records: Iterable[Record] | None = None,
) -> dict[str, list[Slot]]:
    """network → its best weekday/hour cells (at least :data:`MIN_POSTS` posts each).

    ``records``: the ledger's records, when the caller has read them already.
    """
    from .history import read_history

    history = read_history(root, schedule, records)
    if not history.posts:
        return {}
    return best_in(history.since(at - WINDOW).summary(posts, at - WINDOW, at), at, per_network)


def best_in(summary: Summary, at: dt.datetime, per_network: int = 3) -> dict[str, list[Slot]]:
    """:func:`best_times` from a summary that ends at ``at`` (and starts at or before
    ``at`` − :data:`WINDOW`): only the posts published in the window count."""
    start = at - WINDOW
    out: dict[str, list[Slot]] = {}
    for cell in heat_map(p for p in summary.posts if p.published >= start):
        if cell.posts >= MIN_POSTS:
            out.setdefault(cell.network, []).append(cell)
    return {
        network: sorted(cells, key=lambda c: (-c.mean, c.weekday, c.hour))[:per_network]
        for network, cells in sorted(out.items())
    }


def slot_text(slot: Slot) -> str:
    """``Tue 09:00 (3 posts, 41.3 interactions on average)``."""
    return (
        f"{DAYS[slot.weekday]} {slot.hour:02d}:00 ({slot.posts} posts, {slot.mean:.1f} on average)"
    )


def best_times_text(best: dict[str, list[Slot]], schedule: Any) -> list[str]:
    """Lines for `smmgen plan`: the best times and the slots they compare with."""
    if not best:
        return []
    lines = [
        "",
        _(
            "Best times from your statistics (last 90 days, interactions per post; a "
            "suggestion — the slots in schedule.yaml stay as they are):"
        ),
    ]
    for network, cells in best.items():
        lines.append(f"  {network}: " + "; ".join(slot_text(c) for c in cells))
    configured = [
        f"{name} {','.join(DAYS[d] for d in s.days)} {', '.join(f'{t:%H:%M}' for t in s.times)}"
        for name, s in schedule.slots.items()
    ]
    if configured:
        lines.append("  " + _("your slots:") + " " + "; ".join(configured))
    return lines


def best_times_json(best: dict[str, list[Slot]]) -> dict[str, list[dict[str, Any]]]:
    """The same for ``plan --format json``."""
    return {
        network: [
            {"weekday": DAYS[s.weekday].lower(), "hour": s.hour, "posts": s.posts, "mean": s.mean}
            for s in slots
        ]
        for network, slots in best.items()
    }

"""What every inbox reader builds on: the Read it fills and the Caller that retries its calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..adapters.base import SendError
from . import Item

T = TypeVar("T")
MAX_TRIES = 4
MAX_WAIT = 120.0


@dataclass
class Read:
    """What one account's fetch found."""

    items: list[Item] = field(default_factory=list)
    cursor: str | None = None
    gone: set[str] = field(default_factory=set)  # stored ids deleted upstream
    edited: list[Item] = field(default_factory=list)  # stored items changed upstream
    calls: int = 0
    floor: str | None = None  # without a cursor: read back to this time only (ISO, UTC)

    def keep(self, items: list[Item]) -> bool:
        """Add the items from ``floor`` on; False when the page reached below it."""
        fresh = [i for i in items if self.floor is None or i.at >= self.floor]
        self.items += fresh
        return len(fresh) == len(items)


class Caller:
    """Calls with the engine's policy: retry what is retryable, honouring Retry-After."""

    def __init__(self, sleep: Callable[[float], None], read: Read) -> None:
        self.sleep = sleep
        self.read = read

    def __call__(self, fn: Callable[[], T]) -> T:
        for attempt in range(1, MAX_TRIES + 1):
            self.read.calls += 1
            try:
                return fn()
            except SendError as exc:
                wait = exc.retry_after if exc.retry_after is not None else 2.0 * 2 ** (attempt - 1)
                if not exc.retryable or attempt == MAX_TRIES or wait > MAX_WAIT:
                    raise
                self.sleep(wait)
        raise AssertionError("unreachable")


def iso(value: Any) -> str:
    """A time (an SDK datetime or an ISO string) as ISO 8601 in UTC, to the second."""
    if isinstance(value, dt.datetime):
        when = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return when.astimezone(dt.UTC).isoformat(timespec="seconds")
    text = str(value or "")
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat(timespec="seconds")

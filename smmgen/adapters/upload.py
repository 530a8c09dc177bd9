"""Helpers for uploading large files: read from disk piece by piece, wait for processing.

A video can be far larger than the memory of a CI runner, so nothing here
reads a whole file: :func:`stream` hands httpx an iterator of blocks (one
streaming request body), :func:`segments` yields the byte ranges of a
chunked protocol (X's APPEND, LinkedIn's parts, YouTube's resumable PUTs),
each read only when it is sent. :func:`wait_until` is the one bounded wait
for server-side processing: it never waits longer than the account's
setting, and says what state it gave up in.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from ..model import Account
from .base import SendError
from .http import who

BLOCK = 1024 * 1024  # bytes read at a time for a streamed body
PROCESSING_WAIT = 600.0  # seconds a network may take to process a video, by default


def stream(path: Path, start: int = 0, length: int | None = None) -> Iterator[bytes]:
    """The bytes of ``path`` from ``start`` (``length`` of them, or to the end), block by block."""
    with path.open("rb") as fh:
        fh.seek(start)
        left = length
        while left is None or left > 0:
            block = fh.read(BLOCK if left is None else min(BLOCK, left))
            if not block:
                return
            if left is not None:
                left -= len(block)
            yield block


@dataclass(frozen=True)
class Segment:
    """One piece of a chunked upload."""

    index: int
    start: int
    length: int

    def read(self, path: Path) -> bytes:
        """The piece's bytes (one piece in memory, never the file)."""
        with path.open("rb") as fh:
            fh.seek(self.start)
            return fh.read(self.length)


def segments(size: int, chunk: int, start: int = 0) -> Iterator[Segment]:
    """The pieces of a file of ``size`` bytes, ``chunk`` bytes each, from byte ``start``."""
    index = start // chunk
    for offset in range(start, size, chunk):
        yield Segment(index, offset, min(chunk, size - offset))
        index += 1


class ProcessingTimeout(SendError):
    """Processing did not end within the bound (the network may still finish it later)."""


@dataclass(frozen=True)
class State:
    """What a status call said: ``done``, ``failed`` (with ``reason``) or still going."""

    done: bool = False
    failed: bool = False
    reason: str = ""  # the network's words for a failure, or the state it is in
    wait: float | None = None  # seconds the network asks to wait before asking again


def wait_until(
    account: Account,
    what: str,
    check: Callable[[], State],
    *,
    limit: float,
    pause: float = 2.0,
    sleep: Callable[[float], None] | None = None,
) -> None:
    """Ask ``check`` until it says done; a failure or ``limit`` seconds raise :class:`SendError`.

    Neither error is retryable within the run, and nothing has been published
    yet (processing comes before the post), so the next run starts over.
    """
    waited = 0.0
    while True:
        state = check()
        if state.done:
            return
        if state.failed:
            raise SendError(
                _("{who}: {what} failed").format(who=who(account), what=what)
                + (f": {state.reason}" if state.reason else "")
                + _(
                    "; nothing was published — fix the video (see `smmgen check`) and publish again"
                )
            )
        if waited >= limit:
            raise ProcessingTimeout(
                _("{who}: {what} was not finished after {seconds} s").format(
                    who=who(account), what=what, seconds=f"{limit:.0f}"
                )
                + (_(" (state: {state})").format(state=state.reason) if state.reason else "")
                + _("; nothing was published, the next run tries again")
            )
        step = min(state.wait if state.wait is not None else pause, max(limit - waited, 0.1))
        (sleep or time.sleep)(step)  # looked up now, so tests can replace time.sleep
        waited += step

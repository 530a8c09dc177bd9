"""Durations as schedule.yaml writes them: ``90m``, ``6h``, ``1d``."""

from __future__ import annotations

import datetime as dt
import re

_DURATION = re.compile(r"^\s*(\d+)\s*(m|min|h|d)\s*$")


def parse_duration(text: str) -> dt.timedelta | None:
    """``6h`` / ``90m`` / ``1d`` as a timedelta, or None."""
    m = _DURATION.match(text)
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)
    return (
        dt.timedelta(days=n)
        if unit == "d"
        else (dt.timedelta(hours=n) if unit == "h" else dt.timedelta(minutes=n))
    )

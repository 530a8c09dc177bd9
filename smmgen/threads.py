"""Split a long text into thread parts that each fit a network's limit."""

from __future__ import annotations

import re
from collections.abc import Callable

from .markdown_text import SPLIT_MARKER

Fits = Callable[[str], bool]

# Coarsest boundary first: paragraphs, then sentences, then words.
_LEVELS: tuple[tuple[str, Callable[[str], list[str]]], ...] = (
    ("\n\n", lambda t: t.split("\n\n")),
    (" ", lambda t: re.split(r"(?<=[.!?…])\s+", t)),
    (" ", lambda t: t.split(" ")),
)


def _hard_cut(text: str, fits: Fits) -> list[str]:
    # One word longer than the whole limit: cut at the longest prefix that fits.
    out = []
    while text and not fits(text):
        lo, hi = 1, len(text) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if fits(text[:mid]) else (lo, mid - 1)
        out.append(text[:lo])
        text = text[lo:]
    if text:
        out.append(text)
    return out


def _split(text: str, fits: Fits, level: int = 0) -> list[str]:
    if fits(text):
        return [text]
    if level == len(_LEVELS):
        return _hard_cut(text, fits)
    sep, units = _LEVELS[level]
    parts: list[str] = []
    current = ""
    for unit in units(text):
        unit = unit.strip()
        if not unit:
            continue
        candidate = f"{current}{sep}{unit}" if current else unit
        if fits(candidate):
            current = candidate
            continue
        if current:
            parts.append(current)
            current = ""
        if fits(unit):
            current = unit
        else:
            pieces = _split(unit, fits, level + 1)
            parts.extend(pieces[:-1])
            current = pieces[-1]
    if current:
        parts.append(current)
    return parts


def split_thread(
    text: str, count: Callable[[str], int], limit: int, *, numbering: bool = True
) -> list[str]:
    """Split ``text`` into parts of at most ``limit`` (as ``count`` measures).

    Breaks at paragraphs, then sentences, then words; a line ``<!-- split -->``
    forces a break. With ``numbering`` each part ends in `` 1/3`` and the
    space for it is kept free.
    """
    sections = [s.strip() for s in text.split(SPLIT_MARKER) if s.strip()]
    if not sections:
        return [""]
    if len(sections) == 1 and count(sections[0]) <= limit:
        return sections
    reserve = 0
    parts: list[str] = []
    for _ in range(4):  # the numbering's width depends on the part count: settle it
        budget = limit - reserve

        def fits(t: str, budget: int = budget) -> bool:
            return count(t) <= budget

        parts = [p for s in sections for p in _split(s, fits)]
        if not numbering or len(parts) == 1:
            return parts
        needed = count(f" {len(parts)}/{len(parts)}")
        if needed <= reserve:
            break
        reserve = needed
    total = len(parts)
    return [f"{p} {i}/{total}" for i, p in enumerate(parts, 1)]

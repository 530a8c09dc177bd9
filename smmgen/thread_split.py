"""Split a long text into thread parts that each fit a network's limit.

Parts are slices of the text, so line breaks inside a part stay as written and
rich-text spans (Bluesky links) can be carried into the part they fall in.
Breaks are tried coarsest first: paragraphs, then sentences and lines, then
words (and between CJK characters, which have no spaces), and only for a
single overlong word at grapheme boundaries, so an emoji is never cut apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from .counting import split_graphemes
from .markdown_text import SPLIT_MARKER

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"


@cache  # compiled on the first split: most posts are never split
def _levels() -> tuple[re.Pattern[str], ...]:
    """Each level: a regex whose matches are the gaps between parts (may be empty)."""
    return (
        re.compile(r"[ \t]*\n[ \t]*\n\s*"),  # paragraphs
        re.compile(r"(?<=[.!?…])\s+|(?<=[。！？])\s*|[ \t]*\n\s*"),  # sentences and lines
        re.compile(rf"\s+|(?<=[{_CJK}])(?=[{_CJK}])"),  # words; CJK between characters
    )


_MARKER_LINE = re.compile(rf"^[ \t]*{re.escape(SPLIT_MARKER)}[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Part:
    """One part: ``text[start:end]`` followed by ``suffix`` (the numbering)."""

    start: int
    end: int
    suffix: str = ""

    def text(self, full: str) -> str:
        """The part as sent."""
        return full[self.start : self.end] + self.suffix


def sections(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the text between split-marker lines, trimmed, non-empty."""
    out = []
    pos = 0
    for m in [*_MARKER_LINE.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            s = pos + chunk.index(stripped)
            out.append((s, s + len(stripped)))
        pos = m.end() if m else len(text)
    return out


def join_sections(text: str) -> str:
    """The text with each split-marker line turned into a paragraph break."""
    if SPLIT_MARKER not in text:
        return text.strip()  # what the one section gives
    return "\n\n".join(text[s:e] for s, e in sections(text))


Count = Callable[[str], int]


def _inside(pos: int, keep: Sequence[tuple[int, int]]) -> bool:
    return any(s < pos < e for s, e in keep)


def _next_part(
    text: str, pos: int, end: int, fits: Callable[[str], bool], keep: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """``(part end, next start)`` for the part starting at ``pos``."""
    if fits(text[pos:end]):
        return end, end
    for level in _levels():
        best: tuple[int, int] | None = None
        for m in level.finditer(text, pos, end):
            if m.start() <= pos or m.end() >= end or _inside(m.start(), keep):
                continue
            if not fits(text[pos : m.start()]):
                break  # lengths only grow from here
            best = (m.start(), m.end())
        if best is not None:
            return best
    # One word longer than the whole limit: cut it at the last grapheme that fits.
    cut = pos
    for g in split_graphemes(text[pos:end]):
        if cut > pos and not fits(text[pos : cut + len(g)]):
            break
        cut += len(g)
    return cut, cut


def split_thread(
    text: str,
    count: Count,
    limit: int,
    *,
    numbering: bool = True,
    keep: Sequence[tuple[int, int]] = (),
) -> list[Part]:
    """Split ``text`` into parts of at most ``limit`` as ``count`` measures them.

    A line ``<!-- split -->`` forces a break. With ``numbering`` every part of
    a thread ends in `` 1/3``, counted within the limit. No break falls inside
    a ``keep`` range (a link label, a URL).
    """
    secs = sections(text)
    if not secs:
        return [Part(0, 0)]
    if len(secs) == 1 and count(text[secs[0][0] : secs[0][1]]) <= limit:
        return [Part(*secs[0])]
    total = len(secs)
    ranges: list[tuple[int, int]] = []
    # The numbering's width depends on the number of parts: settle it.
    for _ in range(8):
        ranges = _split_all(text, secs, count, limit, total if numbering else 0, keep)
        if not numbering or len(ranges) == total:
            break
        total = len(ranges)
    n = len(ranges)
    if not numbering or n == 1:
        return [Part(s, e) for s, e in ranges]
    return [Part(s, e, f" {i}/{n}") for i, (s, e) in enumerate(ranges, 1)]


def _split_all(
    text: str,
    secs: list[tuple[int, int]],
    count: Count,
    limit: int,
    total: int,
    keep: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for start, end in secs:
        pos = start
        while pos < end:
            suffix = f" {len(ranges) + 1}/{total}" if total else ""

            def fits(t: str, suffix: str = suffix) -> bool:
                return count(t + suffix) <= limit

            cut, nxt = _next_part(text, pos, end, fits, keep)
            ranges.append((pos, cut))
            pos = nxt
    return ranges

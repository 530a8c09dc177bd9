"""Counting units shared by the networks: graphemes, UTF-16 units, UTF-8 bytes."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


@cache
def _grapheme_re() -> Any:
    # Imported lazily: `regex` costs start-up time and only counting needs it.
    import regex

    return regex.compile(r"\X")


@cache
def _joins_space() -> tuple[Any, Any]:
    import regex

    after = r"[\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}]"  # GB9, GB9a: × these
    return regex.compile(after), regex.compile(r"\p{GCB=Prepend}")  # GB9b: these ×


@cache
def _joining() -> Any:
    import regex

    # What a grapheme rule joins to a neighbour: CR (to LF), marks, ZWJ, spacing and
    # prepended marks, Hangul jamo and syllables, regional indicators (in pairs).
    # Without any of them every code point is a cluster of its own.
    kinds = ("Extend", "ZWJ", "SpacingMark", "Prepend", "L", "V", "T", "LV", "LVT", "RI")
    return regex.compile("[\\r" + "".join(f"\\p{{GCB={kind}}}" for kind in kinds) + "]")


def graphemes(text: str) -> int:
    """Number of extended grapheme clusters (what a person sees as one character)."""
    if text.isascii():
        # Fast path: in ASCII only CR LF forms a two-code-point cluster.
        return len(text) - text.count("\r\n")
    if not _joining().search(text):
        return len(text)  # most texts with umlauts or a lone emoji: one search in C
    if " " not in text:
        return len(_grapheme_re().findall(text))
    # Word by word, ASCII words without the segmenter (most of a text). A space is
    # a cluster of its own unless a mark follows it (GB9, GB9a) or a prepended
    # character comes before it (GB9b): then it joins the word's cluster.
    words = text.split(" ")
    last = len(words) - 1
    n = last  # the spaces
    for i, word in enumerate(words):
        if word.isascii():
            n += len(word) - word.count("\r\n")
            continue
        n += len(_grapheme_re().findall(word))
        joins_after, prepend = _joins_space()
        if i and joins_after.match(word):
            n -= 1
        if i < last and prepend.fullmatch(word[-1]):
            n -= 1
    return n


def split_graphemes(text: str) -> list[str]:
    """The grapheme clusters of ``text``, in order."""
    return list(_grapheme_re().findall(text))


def utf16_units(text: str) -> int:
    """Length in UTF-16 code units, as JavaScript and many APIs count."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def utf8_bytes(text: str) -> int:
    """Length in UTF-8 bytes."""
    return len(text.encode("utf-8"))


def find_urls(text: str) -> list[re.Match[str]]:
    """``http(s)://`` URLs in plain text, without trailing sentence punctuation."""
    out = []
    for m in _URL.finditer(text):
        out.append(m)
    return out


def strip_trailing_punct(url: str) -> str:
    """Drop sentence punctuation that follows a URL in prose (``see https://x.y.``)."""
    while url and url[-1] in ".,;:!?'\")]}":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def fold(text: str, at: int | None) -> tuple[str, str]:
    """Split ``text`` where the feed's "see more" cuts it (counted in graphemes)."""
    if at is None or len(text) <= at:
        return text, ""  # never more graphemes than code points: no need to count
    if text.isascii() and "\r" not in text:
        return text[:at], text[at:]  # one code point per grapheme
    # Only the clusters up to the fold matter: one match of exactly that many.
    m = _first_graphemes(at).match(text)
    if m is None or m.end() == len(text):
        return text, ""
    return text[: m.end()], text[m.end() :]


@cache
def _first_graphemes(n: int) -> Any:
    import regex  # lazily: it costs start-up time

    return regex.compile(rf"\X{{{n}}}", regex.DOTALL)

"""Bluesky rich text: link, mention and hashtag facets with UTF-8 byte offsets.

A Bluesky post record is plain text plus *facets*: byte ranges of the text's
UTF-8 encoding that are links, mentions or hashtags
(https://docs.bsky.app/docs/advanced-guides/post-richtext, lexicon
``app.bsky.richtext.facet``). Without them nothing in the post is clickable.

Detection follows ``detectFacets`` of @atproto/api (``src/rich-text/detection.ts``
and ``util.ts``), so a post gets the facets the Bluesky app would give it; a
test runs the real library on the same texts when it is installed.

Mentions need the account's DID, which only the network knows. Like
@atproto/api's ``detectFacetsWithoutResolution``, a mention facet carries the
handle (``Facet.value``); the publisher resolves it
(``com.atproto.identity.resolveHandle``) and passes the DID to
:meth:`Facet.record` before sending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from ..markdown_text import LinkSpan
from .x_tlds import TLDS

FACET = "app.bsky.richtext.facet"
Kind = Literal["link", "mention", "tag"]

# JavaScript's \s (the regexes below are ports of JavaScript regexes).
_WS = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ZW = r"\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
_ASCII_WORD = "A-Za-z0-9_"


@dataclass(frozen=True)
class Facet:
    """One facet: UTF-8 byte range ``[start, end)`` and what it is."""

    start: int
    end: int
    kind: Kind
    value: str  # link: the URI; mention: the handle without '@'; tag: without '#'

    def record(self, did: str | None = None) -> dict[str, Any]:
        """The facet as the post record needs it.

        For a mention pass the resolved ``did``; without it the handle stands in
        the ``did`` field, as in @atproto/api before resolution.
        """
        feature: dict[str, Any]
        if self.kind == "link":
            feature = {"$type": f"{FACET}#link", "uri": self.value}
        elif self.kind == "mention":
            feature = {"$type": f"{FACET}#mention", "did": did or self.value}
        else:
            feature = {"$type": f"{FACET}#tag", "tag": self.value}
        return {"index": {"byteStart": self.start, "byteEnd": self.end}, "features": [feature]}


@cache
def _patterns() -> dict[str, Any]:
    import regex

    return {
        "mention": regex.compile(
            rf"(^|[{_WS}]|\()(@)([a-zA-Z0-9.-]+)"
            # JavaScript's \b: an ASCII word boundary
            rf"(?:(?<=[{_ASCII_WORD}])(?![{_ASCII_WORD}])|(?<![{_ASCII_WORD}])(?=[{_ASCII_WORD}]))"
        ),
        "url": regex.compile(
            rf"(^|[{_WS}]|\()((https?://[^{_WS}]+)|((?P<domain>[a-z][a-z0-9]*(\.[a-z0-9]+)+)"
            rf"[^{_WS}]*))",
            regex.IGNORECASE | regex.MULTILINE,
        ),
        "tag": regex.compile(
            rf"(?:^|(?<=[{_WS}]))[#＃]((?!\ufe0f)[^{_WS}{_ZW}]*[^0-9{_WS}\p{{P}}{_ZW}]+"
            rf"[^{_WS}{_ZW}]*)?"
        ),
        "cashtag": regex.compile(
            rf"(^|[{_WS}]|\()\$([A-Za-z][A-Za-z0-9]{{0,4}})(?=[{_WS}]|\Z|[.,;:!?)\"'\u2019])"
        ),
        "trailing_punct": regex.compile(r"\p{P}+$"),
    }


def _valid_domain(name: str) -> bool:
    # @atproto/api: the text ends in "." + a known top-level domain (case-sensitive).
    dot = name.rfind(".")
    return dot > 0 and name[dot + 1 :] in TLDS


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def detect(text: str, links: Sequence[LinkSpan] = ()) -> tuple[Facet, ...]:
    """Facets of ``text``: the given ``links`` plus detected mentions, URLs and tags.

    Detected facets that overlap one of ``links`` (a Markdown link label, a
    shortened URL) are dropped: the explicit link wins.
    """
    p = _patterns()
    spans: list[tuple[int, int, Kind, str]] = [(s.start, s.end, "link", s.uri) for s in links]
    found: list[tuple[int, int, Kind, str]] = []
    for m in p["mention"].finditer(text):
        handle = m.group(3)
        if _valid_domain(handle) or handle.endswith(".test"):
            found.append((m.start(3) - 1, m.end(3), "mention", handle))
    for m in p["url"].finditer(text):
        uri = m.group(2)
        start, end = m.start(2), m.end(2)
        if not uri.startswith("http"):
            if not m.group("domain") or not _valid_domain(m.group("domain")):
                continue
            uri = "https://" + uri
        if uri[-1] in ".,;:!?":
            uri, end = uri[:-1], end - 1
        if uri.endswith(")") and "(" not in uri:
            uri, end = uri[:-1], end - 1
        found.append((start, end, "link", uri))
    for m in p["tag"].finditer(text):
        tag = m.group(1)
        if not tag:
            continue
        tag = p["trailing_punct"].sub("", tag.strip())
        if not tag or _utf16_len(tag) > 64:
            continue
        found.append((m.start(), m.start() + 1 + len(tag), "tag", tag))
    for m in p["cashtag"].finditer(text):
        # Newer @atproto/api versions tag "$TICKER" symbols as well.
        ticker = m.group(2)
        found.append((m.start(2) - 1, m.end(2), "tag", "$" + ticker.upper()))
    for f in found:
        if not any(f[0] < s[1] and s[0] < f[1] for s in spans):
            spans.append(f)
    spans.sort(key=lambda s: (s[0], s[1]))
    return tuple(Facet(_byte(text, s), _byte(text, e), kind, v) for s, e, kind, v in spans)


def _byte(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))

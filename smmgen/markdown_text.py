"""Markdown → the plain text a social network shows.

Networks show plain text: emphasis loses its markers, lists stay readable with
bullets, line breaks are kept as written. Links are kept as marked-up spans
(label and URL between the markers of :mod:`smmgen.markdown_blocks`) until
:func:`resolve_links` writes them the way the network shows links (its
``link_style``), after the template and UTM tagging have run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote, urlsplit

from .markdown_blocks import LINK_OPEN, Blocks, close_link
from .markdown_pull import pulled_plain

SPLIT_MARKER = "<!-- split -->"
_MARKED = re.compile("\ue000([^\ue000-\ue002]*)\ue001([^\ue000-\ue002]*)\ue002")
# A URL as @atproto/api finds one: after whitespace, "(" or the start of a line.
_BARE_URL = re.compile(r"(?<![^\s(])https?://[^\s\ue000-\ue002]+", re.IGNORECASE)

# How a network shows a Markdown link [label](url):
TEXT_URL = "text-url"  # "label (url)": the URL is what the network makes clickable
URL_ONLY = "url"  # "url": the label is dropped
FACET = "facet"  # "label", linked by rich text; bare URLs shortened (Bluesky)
LINK_STYLES = (TEXT_URL, URL_ONLY, FACET)


@dataclass(frozen=True)
class LinkSpan:
    """A stretch of rendered text that links to ``uri`` (character offsets)."""

    start: int
    end: int
    uri: str


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _inline(children: list[Any]) -> str:
    out: list[str] = []
    link_stack: list[tuple[str, int]] = []
    for tok in children:
        t = tok.type
        if t in ("text", "code_inline", "html_inline"):
            out.append(tok.content)
        elif t in ("softbreak", "hardbreak"):
            out.append("\n")
        elif t == "link_open":
            link_stack.append((str(tok.attrs.get("href", "")), len(out)))
        elif t == "link_close" and link_stack:
            close_link(out, *link_stack.pop())
        elif t == "image" and tok.content:
            # Images in the body are not uploaded; keep their description readable.
            out.append(tok.content)
    return "".join(out)


# Characters that can start Markdown inside a line, or that the parser rewrites.
_INLINE_MARKUP = frozenset("\\`*_[]<>&\x00\r\t")


def _no_markup(markdown: str) -> bool:
    """Whether ``markdown`` is paragraphs the parser would give back as written.

    Every line starts with a letter (no heading, list, quote, code, HTML or
    underline can), has no space at either end (no hard break, nothing the
    parser trims) and no character that starts inline markup; paragraphs are
    one blank line apart. Most short posts are like this.
    """
    if "\n\n\n" in markdown or not _INLINE_MARKUP.isdisjoint(markdown):
        return False
    for line in markdown.split("\n"):
        if line and not (line[0].isalpha() and line == line.strip()):
            return False
    return markdown == markdown.strip()


def to_plain(markdown: str) -> str:
    """Render a Markdown body to plain text with the network's line breaks."""
    if _no_markup(markdown):
        return markdown  # what the parser would give, a tenth of its time
    pulled = pulled_plain(markdown)
    return parsed_plain(markdown) if pulled is None else pulled


def parsed_plain(markdown: str) -> str:
    """:func:`to_plain` through markdown-it-py, whatever the text."""
    out = Blocks()
    for tok in _parser().parse(markdown):
        t = tok.type
        if t == "bullet_list_open":
            out.open_list(None)
        elif t == "ordered_list_open":
            out.open_list(int(tok.attrs.get("start", 1)))
        elif t in ("bullet_list_close", "ordered_list_close"):
            out.lists.pop()
        elif t == "list_item_open":
            out.open_item()
        elif t == "blockquote_open":
            out.quote += 1
        elif t == "blockquote_close":
            out.quote -= 1
        elif t == "inline":
            out.text(_inline(tok.children or []))
        elif t == "hr":
            out.literal("———")
        elif t in ("fence", "code_block"):
            out.literal(tok.content.strip("\n"))
        elif t == "html_block":
            out.literal(tok.content.strip("\n").strip())
    return out.plain()


def _trim_url(url: str) -> str:
    # @atproto/api: one trailing sentence mark, then an unbalanced ")".
    if url[-1] in ".,;:!?":
        url = url[:-1]
    if url.endswith(")") and "(" not in url:
        url = url[:-1]
    return url


def resolve_links(text: str, style: str) -> tuple[str, list[LinkSpan]]:
    """Write marked-up links as the network shows them; spans of linked text.

    Spans (character offsets into the result) are only produced for the
    ``facet`` style, where the label or a shortened URL carries the link.
    """
    if style != FACET:

        def plain(m: re.Match[str]) -> str:
            label, href = m.group(1), m.group(2)
            return href if style == URL_ONLY or not label else f"{label} ({href})"

        return _MARKED.sub(plain, text), []
    out: list[str] = []
    spans: list[LinkSpan] = []
    size = 0
    pos = 0
    for m in re.finditer(f"{_MARKED.pattern}|{_BARE_URL.pattern}", text, re.IGNORECASE):
        out.append(text[pos : m.start()])
        size += m.start() - pos
        if m.group(0).startswith(LINK_OPEN):
            href = m.group(2)
            shown, tail = m.group(1) or short_url(href), ""
        else:
            href = _trim_url(m.group(0))
            shown, tail = short_url(href), m.group(0)[len(href) :]
        spans.append(LinkSpan(size, size + len(shown), href))
        out.append(shown + tail)
        size += len(shown) + len(tail)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans


def _ascii_host(host: str) -> str:
    """``host`` as the "idna" codec gives it, without importing the codec for an ASCII
    host (the common case): then it only checks the labels' lengths, as here."""
    if not host.isascii():
        return host.encode("idna").decode("ascii")
    labels = host.split(".")
    if not all(0 < len(label) < 64 for label in labels[:-1]) or len(labels[-1]) >= 64:
        raise UnicodeError("label empty or too long")
    return host


def short_url(url: str) -> str:
    """How the Bluesky app shows a link: host and at most 13 characters of path, then '...'.

    The app (bluesky-social/social-app, ``toShortUrl``) replaces each URL in the
    text by this before posting and links it with a facet to the full URL.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not host:
        return url
    try:
        host = _ascii_host(host)
        port = parts.port
    except (UnicodeError, ValueError):
        return url
    if port is not None and port != {"http": 80, "https": 443}[parts.scheme.lower()]:
        host = f"{host}:{port}"
    # The WHATWG URL parser percent-encodes what a path, query or fragment may not hold.
    safe = "/%:@!$&'()*+,;=-._~"
    path = "" if parts.path in ("", "/") else quote(parts.path, safe=safe)
    if parts.query:
        path += "?" + quote(parts.query, safe=safe + "?")
    if parts.fragment:
        path += "#" + quote(parts.fragment, safe=safe + "?#")
    if len(path) > 15:
        return host + path[:13] + "..."
    return host + path

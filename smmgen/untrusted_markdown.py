"""Make Markdown from an untrusted source safe to post as our bot (the PR preview comment).

A fork's pull request decides what its check run uploads as ``preview.md``, so
the comment job must not post it as is: it could notify people and teams,
show tracking images or phishing links, all as ``github-actions[bot]``.

:func:`neutralise` inserts an invisible U+200B where a construct would start,
so the comment looks the same but GitHub no longer sees the construct:

- every ``@`` (mentions, team mentions, e-mail autolinks), inside code too;
- every ``<`` except the few tags ``smmgen preview`` itself writes
  (``<details>``, ``<summary>`` and the marker comment): raw HTML, ``<img>``
  and ``<https://…>`` autolinks show as text;
- every ``![`` (images, inline or by reference, become at most links);
- links: ``[text](url)`` and ``[label]: url`` survive only when the URL is a
  plain ``https://`` (or ``http://``) URL on an allowed host; bare URLs and
  ``www.`` words on other hosts are no longer autolinked.

It works on the text as a whole, without deciding what GitHub would treat as
code: a parser that disagrees with GitHub's in one corner case would let a
construct through. Character references (``&#64;``) that stand for plain ASCII
are decoded first, so they cannot smuggle an ``@`` or ``://`` past the rules.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

ZWSP = "\u200b"
# The HTML that `smmgen preview` writes (smmgen/preview.py), exactly as written.
ALLOWED_TAGS = ("<!-- smmgen-preview -->", "<details>", "</details>", "<summary>", "</summary>")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Numeric references need no `;` inside HTML; named ones do in Markdown and for
# every name that decodes to ASCII punctuation.
_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;)")
_KEEP_ENCODED = frozenset("<>&\"'")
_URL = r"https?://[^\s()<>\"'\\\u200b]+"
_INLINE_LINK = re.compile(r"\]\((?=[ \t]*(" + _URL + r")[ \t]*\))")
_DEFINITION = re.compile(r"\]:(?=[ \t]*\n?[ \t]*(" + _URL + r")[ \t]*(?:\n|$))")
_SCHEME = re.compile(r"(?i)([a-z][a-z0-9+.-]*):(?=(//[^\s<>\"'`)\]]*))")
_WWW = re.compile(r"(?i)(?<![a-z0-9.-])www\.([a-z0-9.-]*)")


def neutralise(text: str, hosts: Iterable[str]) -> str:
    """``text`` with mentions, images, raw HTML and links to hosts not in ``hosts`` disarmed."""
    allowed = frozenset(h.lower() for h in hosts)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _decode_ascii_references(text)
    text = _after(text, "@")
    text = _disarm_html(text)
    text = text.replace("![", f"!{ZWSP}[")
    text = _disarm_links(text, allowed)
    return text


def _decode_ascii_references(text: str) -> str:
    def decode(m: re.Match[str]) -> str:
        ref = m.group(0)
        char = html.unescape(ref if ref.endswith(";") else ref + ";")
        if len(char) == 1 and char.isascii() and char not in _KEEP_ENCODED:
            return char
        return ref

    # Until nothing changes: `&&#35;64;` decodes to `&#64;`, which must go too.
    while (decoded := _ENTITY.sub(decode, text)) != text:
        text = decoded
    return text


def _after(text: str, char: str) -> str:
    """A ZWSP after every ``char`` that is not followed by one already."""
    return re.sub(re.escape(char) + f"(?!{ZWSP})", char + ZWSP, text)


def _disarm_html(text: str) -> str:
    out = []
    i = 0
    while (j := text.find("<", i)) != -1:
        out.append(text[i : j + 1])
        i = j + 1
        if not text.startswith(ALLOWED_TAGS, j) and not text.startswith(ZWSP, i):
            out.append(ZWSP)
    out.append(text[i:])
    return "".join(out)


def _disarm_unless(kept: set[int]) -> Callable[[re.Match[str]], str]:
    """A replacement that puts a ZWSP after the ``]`` of each match not starting in ``kept``."""

    def replace(m: re.Match[str]) -> str:
        return m.group(0) if m.start() in kept else f"]{ZWSP}{m.group(0)[1:]}"

    return replace


def _host_allowed(url: str, allowed: frozenset[str]) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return parts.scheme.lower() in ("http", "https") and host in allowed and "@" not in url


def _disarm_links(text: str, allowed: frozenset[str]) -> str:
    def keep(m: re.Match[str]) -> bool:
        return m.group(1) is not None and _host_allowed(m.group(1), allowed)

    # `](` and `]:` start a link destination; they stay only before an allowed URL.
    for closer, simple in ((r"\]\(", _INLINE_LINK), (r"\]:", _DEFINITION)):
        kept = {m.start() for m in simple.finditer(text) if keep(m)}
        text = re.sub(closer, _disarm_unless(kept), text)

    def scheme(m: re.Match[str]) -> str:
        url = m.group(0) + m.group(2)
        return m.group(0) if _host_allowed(url, allowed) else f"{m.group(0)}{ZWSP}"

    text = _SCHEME.sub(scheme, text)

    def www(m: re.Match[str]) -> str:
        host = ("www." + m.group(1)).rstrip(".").lower()
        return m.group(0) if host in allowed else m.group(0)[:2] + ZWSP + m.group(0)[2:]

    return _WWW.sub(www, text)

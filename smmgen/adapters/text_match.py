"""Texts compared the way networks show them, to find a post or comment again."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")


def comparable(text: str, *, is_html: bool = False) -> str:
    """``text`` reduced to what survives every network's rewriting, for matching.

    Networks wrap links (t.co), shorten their display, escape ``&`` and turn
    line breaks into HTML; so links are dropped, HTML is stripped and
    unescaped, and whitespace is collapsed before two texts are compared.
    """
    if is_html:
        text = _TAG.sub("", _BREAK.sub("\n", text))
    text = html.unescape(text)
    text = _URL.sub(" ", text)
    return " ".join(text.split())

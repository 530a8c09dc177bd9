"""LinkedIn's "little text" format, for posts and comments alike.

Both the Posts API (``commentary``) and the Comments API (``message.text``)
read it; one module, so the post adapter and the replies share it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..counting import find_urls, strip_trailing_punct

# "little text" format: these characters must be backslash-escaped in commentary,
# or the text is cut off at them:
# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format
_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
# A backslash inside a link would become part of the address (utm\_source=…,
# or a #fragment turned into a hashtag template): links are sent as they are,
# which LinkedIn auto-links whole ("escaping corrupts utm_source URLs",
# jikig-ai/soleur#5140; links "left intact so they still auto-link",
# apoorvdarshan/crossposter v1.1.5).


def _escape(text: str, mentions: Sequence[tuple[str, str]] = ()) -> str:
    """Plain text (no links) with reserved characters escaped, hashtags linked, and
    each ``(name, URN)`` of ``mentions`` a mention (``@[name](urn)``) where the name
    stands as a word of its own."""
    marks: list[tuple[int, int, str]] = []
    for name, urn in mentions:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if not any(s < m.end() and m.start() < e for s, e, _ in marks):
                marks.append((m.start(), m.end(), urn))
    for m in _HASHTAG.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e, _ in marks):
            marks.append((m.start(), m.end(), ""))
    out: list[str] = []
    pos = 0
    for start, end, urn in sorted(marks):
        out.append(_RESERVED.sub(r"\\\1", text[pos:start]))
        inner = _RESERVED.sub(r"\\\1", text[start:end])
        if urn:
            out.append(f"@[{inner}]({urn})")
        else:  # a hashtag: '#' and its word
            out.append("{hashtag|\\#|" + _RESERVED.sub(r"\\\1", text[start + 1 : end]) + "}")
        pos = end
    out.append(_RESERVED.sub(r"\\\1", text[pos:]))
    return "".join(out)


def little_text(text: str, mentions: Sequence[tuple[str, str]] = ()) -> str:
    """``text`` in LinkedIn's little text format: reserved characters escaped, hashtags
    linked, people of ``mentions`` (name, URN) mentioned.

    Links stay exactly as written (no escapes, no hashtag templates inside them).
    """
    out: list[str] = []
    pos = 0
    for m in find_urls(text):
        end = m.start() + len(strip_trailing_punct(m.group()))
        out += [_escape(text[pos : m.start()], mentions), text[m.start() : end]]
        pos = end
    out.append(_escape(text[pos:], mentions))
    return "".join(out)


def plain_text(commentary: str) -> str:
    """Commentary back to plain text: mentions and hashtag templates resolved, escapes
    removed."""
    commentary = re.sub(r"(?<!\\)@\[((?:\\.|[^\]\\])*)\]\(urn:li:[^)]*\)", r"\1", commentary)
    commentary = re.sub(r"\{hashtag\|\\?#\|([^}]*)\}", r"#\1", commentary)
    return re.sub(r"\\(.)", r"\1", commentary)

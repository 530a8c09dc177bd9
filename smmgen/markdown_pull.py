"""Markdown → plain text through pulldown-cmark (pyromark): most bodies, seven times faster.

:func:`smmgen.markdown_text.parsed_plain` walks markdown-it-py's tokens; this
walks pulldown-cmark's events the same way (the same :class:`Blocks`, the same
links) and gives the same text. Both parsers follow CommonMark, but they part
in corners: a code span or line broken across indented lines, a link
definition in a quote, an empty list item, tabs and a backslash before a
line's end, an image's alt text (markdown-it keeps it as written). A body with
any of those, or with a link markdown-it refuses (``javascript:``), is answered
None and left to markdown-it; tests/test_markdown_plain.py checks that the two
agree on every other body. So is any event this walk does not know (pyromark
enables no extensions here; a later release might add events).
"""

from __future__ import annotations

import re
from typing import Any

from .markdown_blocks import Blocks, close_link

# Where the parsers part (see above), or markdown-it changes the text first (NUL).
# Whitespace but spaces and line breaks: Python's strip() in markdown-it-py takes
# a no-break space off a paragraph's ends, pulldown-cmark (as CommonMark) does not.
# An empty list item: whether a later item goes on its list. Eight lists or quotes
# in one another: markdown-it gives up at a depth of 20.
_LEFT_TO_MARKDOWN_IT = re.compile(
    r"`|[^\S \n]|\]:|!\[|\\\s|\x00|^ {4}"
    r"|^[ >]*(?:(?:[-+*]|[0-9]{1,9}[.)]) +)*(?:[-+*]|[0-9]{1,9}[.)]) *$"
    r"|^(?: *(?:>|[-+*] |[0-9]{1,9}[.)] )){8}",
    re.MULTILINE,
)
_BLOCK_TEXT = frozenset({"Paragraph", "Heading"})
_LITERAL = frozenset({"CodeBlock", "HtmlBlock"})
# A URL markdown-it's normalizeLink gives back as it is: lower-case host, nothing to escape.
_NORMAL_URL = re.compile(r"https?://[a-z0-9.-]+(?:[/?#][A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]*)?")
_MARKS = frozenset({"Emphasis", "Strong"})  # shown as their text (others are not enabled)


def pulled_plain(markdown: str) -> str | None:
    """The plain text of ``markdown``, or None when it is left to markdown-it-py."""
    # markdown-it reads \r\n and \r as line breaks before parsing; so do these texts.
    markdown = markdown.replace("\r\n", "\n").replace("\r", "\n")
    if _LEFT_TO_MARKDOWN_IT.search(markdown):
        return None
    from pyromark import events

    walk = _Walk()
    for event in events(markdown):
        if not walk.step(event):
            return None
    walk.end_text()
    return walk.out.plain()


class _Walk:
    """The state of one walk over the events."""

    def __init__(self) -> None:
        self.out = Blocks()
        self.text: list[str] | None = None  # the paragraph's (or item's) text so far
        self.links: list[tuple[str, int, str | None]] = []  # href, start, autolink's text
        self.literal: list[str] | None = None  # a code or HTML block's text so far

    def end_text(self) -> None:
        if self.text is not None:
            self.out.text("".join(self.text))
            self.text = None

    def add(self, text: str) -> None:
        if self.literal is not None:
            self.literal.append(text)
        elif self.text is None:
            self.text = [text]  # a tight list item's text: no paragraph around it
        else:
            self.text.append(text)

    def step(self, event: Any) -> bool:
        """Take one event; False: the body is left to markdown-it."""
        if isinstance(event, str):  # SoftBreak, HardBreak, Rule
            if event == "Rule":
                self.end_text()
                self.out.literal("———")
            else:
                self.add("\n")
            return True
        ((kind, value),) = event.items()
        if kind in ("Text", "Code", "InlineHtml", "Html"):
            self.add(value)
        elif kind == "Start":
            return self.start(value if isinstance(value, str) else next(iter(value)), value)
        elif kind == "End":
            self.end(value if isinstance(value, str) else next(iter(value)))
        else:
            return False
        return True

    def start(self, name: str, value: Any) -> bool:
        if name == "Link":
            return self.start_link(value["Link"])
        if name in _MARKS:
            return True
        self.end_text()
        if name in _BLOCK_TEXT:
            self.text = []
        elif name == "List":
            self.out.open_list(value["List"])
        elif name == "Item":
            self.out.open_item()
        elif name == "BlockQuote":
            self.out.quote += 1
        elif name in _LITERAL:
            self.literal = []
        else:
            return False
        return True

    def start_link(self, link: Any) -> bool:
        kind, url = link["link_type"], link["dest_url"]
        href = _href(f"mailto:{url}" if kind == "Email" else url)
        if href is None:
            return False  # markdown-it leaves it text, and what follows may differ
        shown = None
        if kind in ("Autolink", "Email"):
            from markdown_it.common.normalize_url import normalizeLinkText

            shown = normalizeLinkText(url)  # as markdown-it shows it: percent escapes decoded
        if self.text is None:
            self.text = []
        self.links.append((href, len(self.text), shown))
        return True

    def end(self, name: str) -> None:
        if name == "Link":
            assert self.text is not None
            href, start, shown = self.links.pop()
            if shown is not None:
                self.text[start:] = [shown]
            close_link(self.text, href, start)
        elif name in _BLOCK_TEXT or name == "Item":
            self.end_text()
        elif name == "List":
            self.end_text()
            self.out.lists.pop()
        elif name == "BlockQuote":
            self.end_text()
            self.out.quote -= 1
        elif name in _LITERAL:
            assert self.literal is not None
            content = "".join(self.literal).strip("\n")
            self.literal = None
            self.out.literal(content.strip() if name == "HtmlBlock" else content)


def _href(url: str) -> str | None:
    """A link's URL as markdown-it normalises it; None where it refuses the link."""
    if _NORMAL_URL.fullmatch(url):
        return url  # what normalizeLink gives, without its fifth of a body's time
    from markdown_it.common.normalize_url import normalizeLink, validateLink

    href = normalizeLink(url)
    return href if validateLink(href) else None

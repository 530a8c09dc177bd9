"""The plain text of a Markdown body, put together block by block as a parser's walk
meets them: both walks (:mod:`smmgen.markdown_text` over markdown-it-py's tokens,
:mod:`smmgen.markdown_pull` over pulldown-cmark's events) give their text here.
"""

from __future__ import annotations

# Private-use characters: never in real text, kept intact by templates.
LINK_OPEN, LINK_SEP, LINK_CLOSE = "\ue000", "\ue001", "\ue002"


def close_link(out: list[str], href: str, start: int) -> None:
    """Replace the label ``out[start:]`` by the link as plain text shows it: the URL
    alone when the label is the URL, else marked up (an e-mail link: its label)."""
    label = "".join(out[start:]).strip()
    bare = href.split("://", 1)[-1].rstrip("/")
    if not label or label in (href, bare) or label.rstrip("/") == bare:
        del out[start:]
        out.append(href)
    elif not href.startswith("mailto:"):
        del out[start:]
        out.append(f"{LINK_OPEN}{label}{LINK_SEP}{href}{LINK_CLOSE}")


class Blocks:
    """The plain text's blocks, as a walk over a parse's blocks meets them.

    Paragraphs and headings are a blank line apart, the items of one list on
    consecutive lines after a bullet or their number, quoted lines after "> ".
    """

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [next number or -1 for bullets]
        self.quote = 0
        self.item_prefix: str | None = None
        self.prev_item = False

    def open_list(self, start: int | None) -> None:
        """A list begins: ``start`` is an ordered list's first number (None: bullets)."""
        self.lists.append([-1 if start is None else start])

    def open_item(self) -> None:
        """A list item begins: its first text gets the bullet or number."""
        if not self.lists:
            return
        n = self.lists[-1][0]
        indent = "  " * (len(self.lists) - 1)
        self.item_prefix = f"{indent}• " if n < 0 else f"{indent}{n}. "
        if n >= 0:
            self.lists[-1][0] = n + 1

    def text(self, text: str) -> None:
        """A paragraph's or heading's text (an item's first one after its bullet)."""
        if self.item_prefix is not None:
            text = self.item_prefix + text.replace("\n", "\n" + " " * len(self.item_prefix))
            self.item_prefix = None
            # Items of one list sit on consecutive lines.
            sep = "\n" if self.prev_item else "\n\n"
            self.blocks.append((sep if self.blocks else "") + text)
            self.prev_item = True
            return
        if self.quote:
            text = "\n".join("> " + ln for ln in text.split("\n"))
        self.blocks.append(("\n\n" if self.blocks else "") + text)
        self.prev_item = False

    def literal(self, content: str) -> None:
        """A code or HTML block or a rule, as written."""
        self.prev_item = False
        self.blocks.append(("\n\n" if self.blocks else "") + content)

    def plain(self) -> str:
        """The whole text."""
        return "".join(self.blocks).strip()

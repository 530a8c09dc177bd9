"""Markdown → the plain text a social network shows.

Networks show plain text: emphasis loses its markers, links become their text
followed by the URL, lists stay readable with bullets, line breaks are kept.
"""

from __future__ import annotations

from functools import cache
from typing import Any

SPLIT_MARKER = "<!-- split -->"


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
            href, start = link_stack.pop()
            label = "".join(out[start:]).strip()
            bare = href.split("://", 1)[-1].rstrip("/")
            if not label or label in (href, bare) or label.rstrip("/") == bare:
                del out[start:]
                out.append(href)
            elif not href.startswith("mailto:"):
                out.append(f" ({href})")
        elif t == "image" and tok.content:
            # Images in the body are not uploaded; keep their description readable.
            out.append(tok.content)
    return "".join(out)


def to_plain(markdown: str) -> str:
    """Render a Markdown body to plain text with the network's line breaks."""
    tokens = _parser().parse(markdown)
    blocks: list[str] = []
    lists: list[list[int]] = []  # per open list: [next number or -1 for bullets]
    quote = 0
    item_prefix: str | None = None
    prev_item = False
    for tok in tokens:
        t = tok.type
        if t == "bullet_list_open":
            lists.append([-1])
        elif t == "ordered_list_open":
            lists.append([int(tok.attrs.get("start", 1) or 1)])
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t == "list_item_open" and lists:
            n = lists[-1][0]
            indent = "  " * (len(lists) - 1)
            item_prefix = f"{indent}• " if n < 0 else f"{indent}{n}. "
            if n >= 0:
                lists[-1][0] = n + 1
        elif t == "blockquote_open":
            quote += 1
        elif t == "blockquote_close":
            quote -= 1
        elif t == "inline":
            text = _inline(tok.children or [])
            if item_prefix is not None:
                text = item_prefix + text.replace("\n", "\n" + " " * len(item_prefix))
                item_prefix = None
                # Items of one list sit on consecutive lines.
                sep = "\n" if prev_item else "\n\n"
                blocks.append((sep if blocks else "") + text)
                prev_item = True
                continue
            if quote:
                text = "\n".join("> " + ln for ln in text.split("\n"))
            blocks.append(("\n\n" if blocks else "") + text)
            prev_item = False
        elif t in ("fence", "code_block", "html_block", "hr"):
            prev_item = False
            content = tok.content.strip("\n") if t != "hr" else "———"
            if t == "html_block":
                content = content.strip()
            blocks.append(("\n\n" if blocks else "") + content)
    text = "".join(blocks)
    return text.strip()

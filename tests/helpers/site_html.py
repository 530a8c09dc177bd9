"""Reading the preview site's HTML in tests."""

from __future__ import annotations

from html.parser import HTMLParser


class Refs(HTMLParser):
    """Collects every URL-valued attribute in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "srcset") and value is not None:
                self.refs.append((tag, name, value))


def refs_of(html: str) -> list[tuple[str, str, str]]:
    parser = Refs()
    parser.feed(html)
    return parser.refs

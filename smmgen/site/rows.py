"""The overview's post rows, cut from the earlier build's ``index.html`` for unchanged views.

The overview lists every post, so it is rendered on every build. A row is
the ``post_row`` macro of one post view and a link prefix and nothing else
(the code and the language are in the manifest's head, see
:mod:`smmgen.site.reuse`), so a view with the same stand-in
(:func:`smmgen.site.builder._stand_ins`) gets the same row. The manifest's
entry of ``index.html`` notes where each row is in that file (stand-in and
prefix, start, end, in characters); the next build takes the rows of
unchanged views from there instead of rendering them again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


class Rows:
    """Called as ``rows(views, base)`` by the overview: the rows of a list, each
    reused or rendered, each followed by a line break."""

    def __init__(
        self, macro: Callable[[], Any], known: dict[int, str], old: dict[str, str]
    ) -> None:
        self._get_macro = macro  # gives the post_row macro (loaded only if a row is rendered)
        self.known = known  # id() of a view -> its stand-in (builder._stand_ins)
        self.old = old  # the earlier build's rows, by key
        self.made: list[tuple[str, str]] = []  # this build's rows in order: key, text
        self._macro: Any = None

    def __call__(self, views: list[Any], base: str) -> Any:
        from markupsafe import Markup

        # One call a list, not one a row: the template's loop and escaping
        # cost more per row than taking the row from the last build.
        return Markup("".join([f"{self.row(view, base)}\n" for view in views]))

    def row(self, view: Any, base: str) -> str:
        """The row of one view."""
        stand_in = self.known.get(id(view))
        if stand_in is None:
            return str(self.macro(view, base))  # not keyed: rendered, not recorded
        key = f"{stand_in}\0{base}"
        text = self.old.get(key)
        if text is None:
            text = str(self.macro(view, base))
        self.made.append((key, text))
        return text

    @property
    def macro(self) -> Any:
        """The ``post_row`` macro of the site's templates."""
        if self._macro is None:
            self._macro = self._get_macro()
        return self._macro

    def spans(self, page: str) -> list[list[Any]]:
        """Where this build's rows are in ``page`` (the overview as rendered), for the manifest."""
        out: list[list[Any]] = []
        pos = 0
        for key, text in self.made:
            start = page.find(text, pos)
            if start < 0:
                return []  # not as expected: nothing recorded, all rendered next time
            pos = start + len(text)
            out.append([key, start, pos])
        return out


def old_rows(path: Path, spans: object) -> dict[str, str]:
    """The rows of the earlier ``index.html`` at ``path``, by key, as :meth:`Rows.spans` noted."""
    if not isinstance(spans, list) or not spans:
        return {}
    try:
        page = path.read_text("utf-8")
    except (OSError, ValueError):
        return {}
    rows: dict[str, str] = {}
    for span in spans:
        if not (isinstance(span, list) and len(span) == 3 and isinstance(span[0], str)):
            return {}
        key, start, end = span
        if type(start) is not int or type(end) is not int or not 0 <= start <= end <= len(page):
            return {}
        rows[key] = page[start:end]
    return rows

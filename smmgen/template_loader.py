"""Load the repository's own templates (``templates/``) as data, never through a link.

A template can ``{% include %}`` any other template by name. Jinja's own
file loader refuses ``..`` in names but follows symbolic links, so a committed
``templates/env.j2 -> /proc/self/environ`` would pull any file of the machine
into a post. This loader reads only ordinary files below ``templates/`` with no
link anywhere on the way (the folder itself included).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from .i18n import _


class TemplateRefused(jinja2.TemplateError):
    """A template file smmgen will not read: a link, or not an ordinary file."""

    def __init__(self, filename: str, message: str, rule: str) -> None:
        super().__init__(message)
        self.filename = filename
        self.lineno = 1
        self.rule = rule


class TemplateCrash(jinja2.TemplateRuntimeError):
    """A template raised an error of Python's own (e.g. a division by zero)."""


class RepoTemplateLoader(jinja2.BaseLoader):
    """Templates from one folder: ordinary files only, no symbolic link on the way."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, its file name and an "unchanged?" test (Jinja's contract)."""
        pieces = split_template_path(template)  # refuses "..": TemplateNotFound
        current = self.directory
        for name in ["", *pieces]:
            current = current / name if name else current
            try:
                st = os.lstat(current)
            except (FileNotFoundError, NotADirectoryError):
                raise jinja2.TemplateNotFound(template) from None
            except (OSError, ValueError) as exc:
                raise TemplateRefused(
                    str(current),
                    _("cannot read it ({reason})").format(reason=exc),
                    "template/error",
                ) from None
            if stat.S_ISLNK(st.st_mode):
                raise TemplateRefused(
                    str(current),
                    f"'{self._shown(current)}' is a symbolic link; templates must be ordinary "
                    "files inside templates/ — replace the link with the file itself",
                    "template/link",
                )
        if stat.S_ISDIR(st.st_mode):
            raise jinja2.TemplateNotFound(template)
        if not stat.S_ISREG(st.st_mode):
            raise TemplateRefused(
                str(current),
                f"'{self._shown(current)}' is not an ordinary file (a pipe or a device)",
                "template/error",
            )
        try:
            # O_NOFOLLOW: a link swapped in after the check above is refused too.
            fd = os.open(current, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise TemplateRefused(
                str(current),
                _("cannot read it ({reason})").format(reason=exc.strerror),
                "template/error",
            ) from None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateRefused(
                str(current), "the file is not UTF-8 text", "template/error"
            ) from None
        path, mtime = current, st.st_mtime_ns

        def uptodate() -> bool:
            try:
                return os.lstat(path).st_mtime_ns == mtime
            except OSError:
                return False

        return source, str(current), uptodate

    def _shown(self, path: Path) -> str:
        return path.relative_to(self.directory.parent).as_posix()

    def list_templates(self) -> list[str]:
        """Not needed by smmgen (Jinja's ``list_templates``)."""
        return []

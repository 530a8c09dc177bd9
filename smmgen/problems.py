"""Problems found in user input, and the formats they are reported in.

A problem is a value, never an exception: every stage appends to a list and the
CLI reports the whole list once.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Literal

from .i18n import N_, _

Severity = Literal["error", "warning"]
# How a severity reads to people; translated when shown (smmgen.i18n).
SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning")}

# What ends a line of a user's file, for every line number we report: \r\n, a lone \r
# (old Mac files; YAML agrees) and \n. Not str.splitlines(), which also breaks on form
# feeds, U+2028 and other characters an editor shows inside a line.
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def file_lines(text: str) -> list[str]:
    """The lines of a file's text, as an editor numbers them (1-based: index + 1)."""
    return LINE_BREAK.split(text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a user should change, with where it is."""

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    account: str | None = None
    network: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_row(self) -> list[str | int | None]:
        """The problem as a JSON array (how the check cache stores it)."""
        return [
            self.path,
            self.line,
            self.column,
            self.severity,
            self.rule,
            self.message,
            self.account,
            self.network,
        ]

    @classmethod
    def from_row(cls, row: object) -> Problem | None:
        """The problem :meth:`to_row` made ``row`` from; None if ``row`` is not one."""
        if not (isinstance(row, list) and len(row) == 8):
            return None
        path, line, column, severity, rule, message, account, network = row
        if not (
            isinstance(path, str)
            and type(line) is int
            and type(column) is int
            and severity in ("error", "warning")
            and isinstance(rule, str)
            and isinstance(message, str)
            and (account is None or isinstance(account, str))
            and (network is None or isinstance(network, str))
        ):
            return None
        return cls(path, line, column, severity, rule, message, account, network)


def error(
    path: str,
    line: int,
    rule: str,
    message: str,
    *,
    column: int = 1,
    account: str | None = None,
    network: str | None = None,
) -> Problem:
    """Shorthand for an error-severity problem."""
    return Problem(path, line, column, "error", rule, message, account, network)


def warning(
    path: str,
    line: int,
    rule: str,
    message: str,
    *,
    column: int = 1,
    account: str | None = None,
    network: str | None = None,
) -> Problem:
    """Shorthand for a warning-severity problem."""
    return Problem(path, line, column, "warning", rule, message, account, network)


def decode_utf8(path: str, data: bytes, what: str = "the file") -> str | Problem:
    """The text of a UTF-8 file (a BOM is accepted), or a problem at the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # exc.object is the input without a BOM: count lines and columns in it.
        raw = bytes(exc.object)
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return error(
            path,
            line,
            "file/encoding",
            _("byte 0x{raw:02x} is not UTF-8; save {what} as UTF-8").format(
                raw=raw[exc.start], what=what
            ),
            column=col,
        )


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in reading order: by file, then line, column and rule."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.column, p.rule, p.message))


def format_text(problems: list[Problem]) -> str:
    """``PATH:LINE:COL: error: MESSAGE [RULE]``, one line each (the severity in the
    language in use; JSON and GitHub annotations keep ``error`` and ``warning``)."""
    from .i18n import _

    return "".join(
        f"{p.path}:{p.line}:{p.column}: {_(SEVERITY_WORDS[p.severity])}: {p.message} [{p.rule}]\n"
        for p in problems
    )


def format_short(problem: Problem) -> str:
    """``PATH:LINE: MESSAGE [RULE]``: a problem inside another line (why a post is held)."""
    return f"{problem.path}:{problem.line}: {problem.message} [{problem.rule}]"


def format_json(problems: list[Problem]) -> str:
    """A JSON array of problem objects."""
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2) + "\n"


def _gh_escape(value: str, *, prop: bool) -> str:
    # GitHub's workflow-command escaping; properties also escape ':' and ','.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands, which become inline annotations."""
    out = []
    for p in problems:
        props = (
            f"file={_gh_escape(p.path, prop=True)},line={p.line},col={p.column},"
            f"title={_gh_escape(p.rule, prop=True)}"
        )
        out.append(f"::{p.severity} {props}::{_gh_escape(p.message, prop=False)}\n")
    return "".join(out)


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}

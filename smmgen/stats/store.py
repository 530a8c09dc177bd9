"""``stats/YYYY-MM.csv``: the snapshots, one file per month, fixed columns.

Columns (the header line is exactly this):

    at,post,account,network,checkpoint,status,likes,reposts,replies,quotes,
    saves,clicks,views,reach,followers

- ``at``: when the numbers were read, UTC, ``YYYY-MM-DDTHH:MM:SSZ``; the row
  goes to the file of that month.
- ``post``: the post id (empty on an account row); ``account``/``network``
  from schedule.yaml.
- ``checkpoint``: which measurement this is (``1h``, ``24h``, ``7d``, …; empty
  on an account row).
- ``status``: ``ok``, or ``deleted`` (the network no longer has the post; it
  is recorded once and never fetched again).
- the metrics (see :mod:`smmgen.stats.metrics`) and ``followers`` (account
  rows): whole numbers ≥ 0, or empty when the network does not provide them.

Files are only appended to (rewritten atomically, so a crash leaves the old or
the new file) and merge as a union of lines. A row edited into nonsense is
reported with file and line and skipped; it never stops a report or a build.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from ..i18n import _
from ..ledger import Ledger, union
from ..problems import Problem, error
from .metrics import MAX_COUNT, METRICS, NONE, Counts, count

FOLDER = "stats"
COLUMNS = (
    "at",
    "post",
    "account",
    "network",
    "checkpoint",
    "status",
    *METRICS,
    "followers",
)
HEADER = ",".join(COLUMNS) + "\n"
STATUSES = ("ok", "deleted")
_MONTH_FILE = re.compile(r"^\d{4}-\d{2}\.csv$")
_AT = "%Y-%m-%dT%H:%M:%SZ"
_QUOTE = re.compile(r'["\r\n]')
_AT_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_NUMBERS = (*METRICS, "followers")
_DIGITS = len(str(MAX_COUNT)) - 1  # digit strings this short are always ≤ MAX_COUNT
# A row as `collect` writes it (no quotes, valid values): one regex match in C
# instead of checking 15 cells in Python; anything else takes the careful path,
# which says what is wrong (and reads quoted cells as the csv module wrote them).
# In a whole file (MULTILINE), a value never spans lines.
_CELL = r'[^,\n"]'
# Possessive (*+): a cell never gives back what it matched (the next character
# is a comma), so the engine keeps no state to backtrack (a sixth faster).
_PLAIN_ROW = re.compile(
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)"
    + f",({_CELL}*+),({_CELL}++),({_CELL}*+),({_CELL}*+),((?:ok|deleted)"
    + f",[0-9]{{0,{_DIGITS}}}+" * len(_NUMBERS)  # (written out: a sixth faster than {9})
    + r")\r?$",
    re.MULTILINE,
)
_LEADING_ZERO = re.compile(r",0[0-9]")  # a count written as 007 (or a text with such a part)


class Row(NamedTuple):
    """One snapshot: a post's numbers (``post`` set) or an account's followers.

    A NamedTuple (immutable, and quick to build for 100,000 rows).
    """

    at: dt.datetime  # UTC
    post: str
    account: str
    network: str
    checkpoint: str = ""
    status: str = "ok"
    counts: Counts = NONE
    followers: int | None = None

    def month(self) -> str:
        """``YYYY-MM`` of ``at``: the file the row belongs to."""
        return _month_text(self.at)

    def line(self) -> str:
        """The row as one CSV line (with its newline)."""
        # Counts' fields are in METRICS' order, the columns' order.
        numbers = ["" if v is None else str(v) for v in (*self.counts, self.followers)]
        head = (_utc_text(self.at), self.post, self.account, self.network, self.checkpoint)
        text = f"{','.join(head)},{self.status},{','.join(numbers)}"
        if text.count(",") == len(COLUMNS) - 1 and not _QUOTE.search(text):
            return text + "\n"  # the common case, without the csv module's cost
        cells = [*head, self.status, *numbers]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(cells)
        return out.getvalue()


@lru_cache(maxsize=64)
def _utc_text(at: dt.datetime) -> str:
    """``at`` as the column writes it; the rows of one run share one time."""
    return at.astimezone(dt.UTC).strftime(_AT)


@lru_cache(maxsize=64)
def _month_text(at: dt.datetime) -> str:
    return f"{at:%Y-%m}"


def month_path(root: Path, month: str) -> Path:
    """The file of month ``YYYY-MM``."""
    return root / FOLDER / f"{month}.csv"


def month_files(root: Path) -> list[Path]:
    """Every ``stats/YYYY-MM.csv``, oldest first."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _MONTH_FILE.match(p.name) and p.is_file())


# A valid row as text: at, post, account, network, checkpoint, then the status
# and the numbers (as numbers are written: 7, not 007; or empty) as one text,
# as in the file ("ok,3,0,,…").
# What a build keeps of 100,000 rows (six texts each rather than fifteen
# values: less to make, share with the page workers and free); a Row is made
# where one is needed (:func:`rows_of`). Times are in the one form
# ``YYYY-MM-DDTHH:MM:SSZ``, so their text sorts and compares as the times do.
Cells = tuple[str, str, str, str, str, str]


def parse(
    text: str, rel: str, times: dict[str, dt.datetime] | None = None
) -> tuple[list[Row], list[Problem]]:
    """The rows of one month file; bad lines become problems (file:line) and are skipped.

    ``times``: parsed ``at`` values by their text, shared between the files of
    one read (a nightly run gives 100 rows the same time).
    """
    times = {} if times is None else times
    cells, problems = parse_cells(text, rel, times)
    return rows_of(cells, times), problems


def parse_cells(
    text: str, rel: str, times: dict[str, dt.datetime] | None = None
) -> tuple[list[Cells], list[Problem]]:
    """:func:`parse`, each valid row as its :data:`Cells`; ``times`` gets their ``at``."""
    if not text:
        return [], []
    times = {} if times is None else times
    head, _nl, body = text.partition("\n")
    if head.rstrip("\r") + "\n" != HEADER:
        message = _("the first line must be the header '{strip}'; this file is skipped")
        return [], [error(rel, 1, "stats/header", message.format(strip=HEADER.strip()))]
    found = _plain(body, times)
    if found is not None:
        return found, []
    return _careful(body, rel, times)


class _Counts(dict[str, int | None]):
    """Cell text → its number (None for empty), each distinct text converted once."""

    def __missing__(self, cell: str) -> int | None:
        value = self[cell] = int(cell) if cell else None
        return value


def _plain(body: str, times: dict[str, dt.datetime]) -> list[Cells] | None:
    """The rows, when every line is a plain valid row (the files `collect` writes); else None.

    One regex pass over the whole file in C; a file with any other line (a
    blank one, quotes, a bad value, a time that is none: 2026-13-01) is left
    to :func:`_careful`.
    """
    found: list[Cells] = _PLAIN_ROW.findall(body)
    lines = body.count("\n") + (body[-1:] not in ("", "\n"))
    if len(found) != lines or not _times(found, times):
        return None
    if _LEADING_ZERO.search(body):  # rare: the counts written as numbers are (7, not 007)
        found = [(*cells[:5], _counts_text(cells[5])) for cells in found]
    return found


def _counts_text(tail: str) -> str:
    """The status and counts of a plain row, each count written as a number (007 as 7)."""
    status, *counts = tail.split(",")
    return ",".join([status, *(str(int(c)) if c else "" for c in counts)])


def _times(found: Iterable[Cells], times: dict[str, dt.datetime]) -> bool:
    """Whether every ``at`` of ``found`` is a real time (not 2026-13-01); ``times`` gets them."""
    for text in set(map(itemgetter(0), found)).difference(times):
        try:
            times[text] = dt.datetime.fromisoformat(text)
        except ValueError:
            return False  # the careful path says which line
    return True


def rows_of(found: Iterable[Cells], times: Mapping[str, dt.datetime]) -> list[Row]:
    """The rows of valid cells; ``times`` has their ``at`` (as :func:`parse_cells` left it)."""
    number = _Counts().__getitem__
    new = tuple.__new__  # Row(...) and Counts(...) without their Python-level __new__
    rows: list[Row] = []
    append = rows.append
    for at, post, account, network, checkpoint, tail in found:
        status, *cells = tail.split(",")
        values = tuple(map(number, cells))
        counts = new(Counts, values[:-1])
        row = (times[at], post, account, network, checkpoint, status, counts, values[-1])
        append(new(Row, row))
    return rows


def _careful(
    body: str, rel: str, times: dict[str, dt.datetime]
) -> tuple[list[Cells], list[Problem]]:
    """Line by line, with a problem (file:line) for each line that is not a valid row."""
    rows: list[Cells] = []
    problems: list[Problem] = []
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, raw in enumerate(lines, start=2):
        if not raw.strip():
            continue
        row = _row(raw.rstrip("\r"), times)
        if isinstance(row, str):
            problems.append(
                error(rel, number, "stats/bad-row", _("{row}; this row is skipped").format(row=row))
            )
        else:
            rows.append(row)
    return rows, problems


def _row(raw: str, times: dict[str, dt.datetime]) -> Cells | str:
    """The row's cells, or what is wrong with it. ``times`` gets the parsed ``at``."""
    plain = _plain(raw, times)
    if plain:
        return plain[0]
    if '"' in raw:
        try:
            cells = next(csv.reader([raw]))
        except (csv.Error, StopIteration):
            return _("not a CSV line")
    else:
        cells = raw.split(",")  # what csv.reader gives for a line without quotes, faster
    if len(cells) != len(COLUMNS):
        return _("{n} values where {m} columns ({columns}) are expected").format(
            n=len(cells), m=len(COLUMNS), columns=", ".join(COLUMNS)
        )
    text, post, account, network, checkpoint, status = cells[:6]
    if not _AT_TEXT.match(text):
        return _not_utc(text)
    try:
        at = dt.datetime.fromisoformat(text)  # the Z gives UTC (Python 3.11+)
    except ValueError:
        return _not_utc(text)
    if not account:
        return _("'account' is empty")
    if status not in STATUSES:
        return _("'status' is '{value}'; use ok or deleted").format(value=status[:40])
    tail = [status]
    for name, cell in zip(_NUMBERS, cells[6:], strict=True):
        value = None if cell == "" else count(cell)
        if value is None and cell != "":
            wrong = _("'{name}' is '{value}', not a whole number ≥ 0 (or empty)")
            return wrong.format(name=name, value=cell[:40])
        tail.append("" if value is None else str(value))
    text = _utc_text(at)  # the one form (the check above lets other digits through)
    times[text] = at
    return (text, post, account, network, checkpoint, ",".join(tail))


def _not_utc(text: str) -> str:
    return _("'at' is '{value}', not a UTC time like 2026-12-01T09:30:00Z").format(value=text[:40])


def read(root: Path) -> tuple[list[Row], list[Problem]]:
    """Every valid row of every month file, and the problems of the others."""
    times: dict[str, dt.datetime] = {}
    found, problems = _read(root, times)
    return rows_of(found, times), problems


def _read(root: Path, times: dict[str, dt.datetime]) -> tuple[list[Cells], list[Problem]]:
    rows: list[Cells] = []
    problems: list[Problem] = []
    for path in month_files(root):
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(
                error(rel, 1, "stats/unreadable", _("cannot read: {exc}").format(exc=exc))
            )
            continue
        got, bad = parse_cells(text, rel, times)
        rows.extend(got)
        problems.extend(bad)
    return rows, problems


def read_known(root: Path, times: dict[str, dt.datetime]) -> tuple[list[Cells], list[Problem]]:
    """Like :func:`read` (each row's cells; ``times`` gets their ``at``), plus the rows only
    the state branch's copies have.

    Nothing is fetched or written: the branch as last fetched or committed
    here, so ``smmgen stats`` after ``collect --commit`` sees what was pushed.
    Problems in the working-tree files keep their true line numbers.
    """
    from .. import gitstate

    rows, problems = _read(root, times)
    if not gitstate.in_git(root):
        return rows, problems
    for rel in sorted(gitstate.known_files(root, FOLDER)):
        if not _MONTH_FILE.match(rel.rsplit("/", 1)[-1]):
            continue
        mine = set(_text(root / rel).split("\n"))
        extra: list[str] = []
        for copy in gitstate.known_copies(root, rel):
            extra.extend(line for line in copy.split("\n")[1:] if line and line not in mine)
            mine.update(extra)
        got, bad = parse_cells(
            HEADER + "".join(f"{line}\n" for line in extra),
            _("{path} on smmgen-state").format(path=rel),
            times,
        )
        rows.extend(got)
        problems.extend(bad)
    return rows, problems


def append(root: Path, rows: Sequence[Row]) -> list[str]:
    """Add ``rows`` to their month files atomically; the repo-relative files changed."""
    by_month: dict[str, list[Row]] = {}
    for row in rows:
        by_month.setdefault(row.month(), []).append(row)
    changed = []
    for month, group in sorted(by_month.items()):
        path = month_path(root, month)
        old = _text(path)
        if not old:
            old = HEADER
        elif not old.endswith("\n"):
            old += "\n"  # a line torn by hand stays its own (reported) line
        Ledger(path).replace(old + "".join(r.line() for r in group))
        changed.append(path.relative_to(root).as_posix())
    return changed


def merge(root: Path, rel: str, other: str) -> str:
    """The union of the working-tree file ``rel`` and ``other`` (header first), written."""
    path = root / rel
    mine = _text(path)
    merged = union(other, mine) if other else mine
    if merged and not merged.startswith(HEADER):
        merged = HEADER + merged.replace(HEADER, "")
    if merged != mine:
        Ledger(path).replace(merged)
    return merged


def _text(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        return ""


def rows_for(rows: Iterable[Row], post: str, account: str) -> list[Row]:
    """The rows of one post on one account."""
    return [r for r in rows if r.post == post and r.account == account]

"""The publishing ledger: what was claimed, sent, failed or posted by hand.

``state/published.jsonl`` holds one JSON object per line and is only ever
appended to, so two copies merge as a union of their lines. Each record:

    {"post", "account", "key", "event": "claimed|sent|failed|manual|uncertain",
     "remote_id", "url", "at", "run"}

plus, where they apply, ``scheduled`` (the time the post was planned for — it
keeps a slot post on its slot occurrence), ``error`` (why a send failed,
secrets masked) and ``host``/``pid``/``checkout`` of the run (to tell a crashed
run from one still working, and whether all its records are in this file)
and ``attempt`` (a second claim written right before the network call:
without it, a dead run's claim was never tried).
``key`` is a hash of post id, account and rendered content.

``retracting``, ``retracted`` and ``retract-failed`` are ``smmgen retract``'s
claim, outcome and failure for a published post (``key`` and ``remote_id``
of the published record, ``reason``): a retracted post stands as unpublished
with that key, and is not sent again while its content key is the same
(:mod:`smmgen.retract`). Older smmgen versions report these lines as skipped.

``uncertain`` ends an attempt the network may have applied (a timeout after
sending, a 5xx after a create, a thread cut short, a lookup that could not be
done): it keeps the post's claim open as uncertain, so no run sends it again
before a lookup that worked (or a person) said it is not there. ``parts``
lists the remote ids of the parts known to be out (``url``: part 1's link),
so the next attempt continues a thread after them. Older smmgen versions skip
``uncertain`` lines and so still see the attempt claim before it: uncertain.

Appends are ``write`` + ``fsync`` of whole lines; a line torn by a crash has no
newline and is skipped on reading (:func:`parse`), never misread. A complete
line that is not a record of that shape (a wrong type, a time without zone) is
skipped as well, and :func:`line_problems` reports it with its file and line:
the ledger is merged as a union and never rewritten, so one bad line must not
stop every later run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import _
from .json_lines import values
from .problems import Problem, warning

if TYPE_CHECKING:
    from .render import Rendered

LEDGER_FILE = "state/published.jsonl"


class Event(StrEnum):
    """What a ledger record says happened; written as its value (``"claimed"``, …)."""

    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    MANUAL = "manual"
    UNCERTAIN = "uncertain"
    RETRACTING = "retracting"
    RETRACTED = "retracted"
    RETRACT_FAILED = "retract-failed"


EVENTS = tuple(Event)


class ClaimState(StrEnum):
    """What became of a claim without outcome (:func:`smmgen.shared_ledger.claim_state`)."""

    IN_PROGRESS = "in-progress"  # its run still works on it
    UNCERTAIN = "uncertain"  # its run died after it may have sent
    ABANDONED = "abandoned"  # its run died before trying: planned as if unclaimed


# Clocks of two machines differ a little; a time further ahead than this is not believed.
CLOCK_SKEW = dt.timedelta(minutes=5)
_REQUIRED = ("post", "account", "key", "event", "at", "run")
_OPTIONAL = ("remote_id", "url", "scheduled", "error", "host", "checkout", "comment", "reason")


@dataclass(frozen=True)
class Record:
    """One ledger event."""

    post: str
    account: str
    key: str
    event: Event
    at: str  # ISO 8601, UTC, when the event happened (wall clock)
    run: str
    remote_id: str | None = None
    url: str | None = None
    scheduled: str | None = None  # ISO 8601: the planned time (slot occurrence)
    error: str | None = None
    host: str | None = None
    pid: int | None = None
    attempt: bool | None = None  # on a claim: the send itself is starting now
    # Remote ids of the parts out for sure (claims and uncertain records of a
    # thread cut short); the next attempt continues after them.
    parts: tuple[str, ...] | None = None
    checkout: str | None = None  # which working tree of ``host`` wrote it (shared_ledger)
    comment: str | None = None  # on a sent record: the remote id of the first comment
    reason: str | None = None  # on retraction records: why it was taken down

    def line(self) -> str:
        """The record as one JSON line (None fields left out), with its newline."""
        data = {k: v for k, v in asdict(self).items() if v is not None}
        return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


_FIELDS = frozenset(f.name for f in fields(Record))
_EVENTS = {e.value: e for e in Event}


def content_key(post_id: str, account: str, content: Mapping[str, Any]) -> str:
    """The idempotency key: a hash of post id, account and the rendered content."""
    h = hashlib.sha256()
    h.update(json.dumps([post_id, account, content], sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:32]


def key_of(r: Rendered) -> str:
    """The content key of a rendered post: its parts, images with alt, link and warning."""
    return content_key(r.post_id, r.account, content_of(r))


def content_of(r: Rendered) -> dict[str, Any]:
    """What the content key hashes besides post id and account."""
    content: dict[str, Any] = {
        "parts": list(r.parts),
        "media": [[m.path, m.alt] for m in r.media],
        "link": r.link,
        "content_warning": r.content_warning,
    }
    if r.language is not None:  # only when set, so older keys stay what they were
        content["language"] = r.language
    if r.in_reply_to is not None:  # another target is another reply
        content["in_reply_to"] = r.in_reply_to
    return content


def now_utc() -> str:
    """The wall-clock time for ``at``."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# Lines already parsed, by their text: a command that reports a ledger's bad
# lines and then reads its records parses each line once (a record is frozen).
Memo = dict[str, Record | str | None]


def parse(text: str, memo: Memo | None = None) -> list[Record]:
    """Records from ledger text; torn, foreign and invalid lines are skipped."""
    # The last element is "" for a complete file; otherwise a line torn by a crash.
    lines = text.split("\n")[:-1]
    memo = _parsed(lines, {} if memo is None else memo)
    return [record for raw in lines if isinstance(record := memo[raw], Record)]


def line_problems(
    text: str,
    path: str,
    *,
    now: dt.datetime | None = None,
    skip: Callable[[str], bool] = lambda raw: False,
    memo: Memo | None = None,
) -> list[Problem]:
    """A warning for each complete line of ``text`` that is not a valid record.

    ``path`` names the file in the messages; lines for which ``skip`` is true
    are not looked at; ``memo`` keeps the parsed lines for :func:`parse`. A
    line that is not JSON at all is taken for a line torn by a crash (closed by
    the next append) and passed over in silence. A time further in the future
    than :data:`CLOCK_SKEW` is reported too.
    """
    now = now or dt.datetime.now(dt.UTC)
    problems: list[Problem] = []
    lines = text.split("\n")[:-1]
    memo = _parsed([raw for raw in lines if not skip(raw)], {} if memo is None else memo)
    for number, raw in enumerate(lines, start=1):
        if skip(raw):
            continue
        record = memo[raw]
        if isinstance(record, str):
            problems.append(
                warning(
                    path,
                    number,
                    "ledger/invalid",
                    _(
                        "ledger line skipped: {record}; fix or remove the line "
                        "(every other line still counts)"
                    ).format(record=record),
                )
            )
        elif record is not None and _time(record.at) > now + CLOCK_SKEW:
            problems.append(
                warning(
                    path,
                    number,
                    "ledger/future-time",
                    _(
                        "'at' {at} lies in the future; a claim with it is not taken "
                        "for a run in progress"
                    ).format(at=record.at),
                )
            )
    return problems


_NO_JSON = object()  # a line that is no JSON value (torn by a crash)


def _parsed(lines: list[str], memo: Memo) -> Memo:
    """``memo`` with every one of ``lines`` in it: its record, a message when it is JSON
    but no valid record, None when it is no JSON. Each line is parsed once per ``memo``,
    and the new ones with one JSON parse (:func:`smmgen.json_lines.values`)."""
    new = [raw for raw in dict.fromkeys(lines) if raw not in memo]
    for raw in new:
        if not raw.strip():
            memo[raw] = None
    new = [raw for raw in new if raw not in memo]
    for raw, data in zip(new, values(new, damaged=_NO_JSON), strict=True):
        memo[raw] = None if data is _NO_JSON else _record_of(data)
    return memo


def _record_of(data: Any) -> Record | str:
    """The record a line's JSON value stands for, or what is wrong with it."""
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "null"
        return _("a JSON {kind}, not an object").format(kind=kind)
    for name in _REQUIRED:
        if not isinstance(data.get(name), str):
            if name in data:
                return _("'{name}' must be a string").format(name=name)
            return _("'{name}' must be a string, it is missing").format(name=name)
    event = _EVENTS.get(data["event"])
    if event is None:
        wrong = _("'event' must be one of {events}, not '{value}'")
        return wrong.format(events=", ".join(EVENTS), value=data["event"])
    data["event"] = event
    for name in _OPTIONAL:
        if data.get(name) is not None and not isinstance(data[name], str):
            return _("'{name}' must be a string").format(name=name)
    pid, attempt = data.get("pid"), data.get("attempt")
    if pid is not None and (isinstance(pid, bool) or not isinstance(pid, int)):
        return _("'pid' must be a whole number")
    if attempt is not None and not isinstance(attempt, bool):
        return _("'attempt' must be true or false")
    # Keys a record does not have (from a newer version) are left out.
    known = data if data.keys() <= _FIELDS else {k: v for k, v in data.items() if k in _FIELDS}
    parts = known.get("parts")
    if parts is not None:
        if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
            return _("'parts' must be a list of strings")
        known["parts"] = tuple(parts)
    for name in ("at", "scheduled"):
        if data.get(name) is not None:
            problem = _time_problem(name, data[name])
            if problem is not None:
                return problem
    # Record(**known) with its checks done above, without the frozen dataclass's
    # __init__ (a setattr per field: half the time of reading a ledger line). A
    # field left out reads its default from the class, as the dataclass put it there.
    record = object.__new__(Record)
    record.__dict__.update(known)
    return record


def _time_problem(name: str, value: str) -> str | None:
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return _("'{name}' is not an ISO 8601 time: '{value}'").format(name=name, value=value)
    if when.utcoffset() is None:
        no_zone = _("'{name}' has no time zone: '{value}' (write e.g. {value}+00:00)")
        return no_zone.format(name=name, value=value)
    return None


def _time(value: str) -> dt.datetime:
    """A time of a valid record (checked by :func:`_record`: ISO 8601 with zone)."""
    return dt.datetime.fromisoformat(value)


def union(first: str, second: str) -> str:
    """Both ledgers' complete lines: ``first`` in order, then what only ``second`` has."""
    seen: set[str] = set()
    out: list[str] = []
    for text in (first, second):
        for raw in text.split("\n")[:-1]:
            if raw and raw not in seen:
                seen.add(raw)
                out.append(raw + "\n")
    return "".join(out)


@dataclass
class Status:
    """Where one post stands on one account, folded from its records in order."""

    published: Record | None = None  # the sent or manual record
    # A claim with no outcome yet, or the ``uncertain`` record that ended one.
    claim: Record | None = None
    failed: Record | None = None  # the last failure
    events: list[Record] = field(default_factory=list)
    retracted: Record | None = None  # the retraction that took the last publication down
    retracting: Record | None = None  # a retraction claimed and not finished


def fold(records: Iterable[Record]) -> dict[tuple[str, str], Status]:
    """(post, account) → :class:`Status`."""
    states: dict[tuple[str, str], Status] = {}
    for r in records:
        s = states.setdefault((r.post, r.account), Status())
        s.events.append(r)
        if r.event in (Event.SENT, Event.MANUAL):
            s.published, s.claim = s.published or r, None
        elif r.event in (Event.CLAIMED, Event.UNCERTAIN):
            if s.published is None:
                s.claim = r
        elif r.event == Event.FAILED:
            s.failed = r
            # Only the failing run's own claim is settled by its failure.
            if s.claim is not None and s.claim.run == r.run:
                s.claim = None
        elif r.event == Event.RETRACTING:
            if s.published is not None:
                s.retracting = r
        elif r.event == Event.RETRACTED:
            # Taken down: what comes after (an edited post sent again) starts afresh.
            s.retracted, s.retracting, s.published, s.claim = r, None, None, None
        elif (
            r.event == Event.RETRACT_FAILED
            and s.retracting is not None
            and s.retracting.run == r.run
        ):
            s.retracting = None
    return states


class Ledger:
    """The ledger file in the working tree."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def text(self) -> str:
        """The file's content ("" when there is none yet)."""
        try:
            return self.path.read_text("utf-8")
        except FileNotFoundError:
            return ""

    def records(self) -> list[Record]:
        """Every complete record, in file order."""
        return parse(self.text())

    def append(self, records: Iterable[Record]) -> None:
        """Append records durably: written, flushed and fsync'd before returning."""
        data = "".join(r.line() for r in records).encode("utf-8")
        if not data:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            if os.fstat(fd).st_size and not self._ends_with_newline():
                data = b"\n" + data  # close a torn line so ours stay whole
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    def _ends_with_newline(self) -> bool:
        with self.path.open("rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) == b"\n"

    def replace(self, text: str) -> None:
        """Replace the whole file atomically (temp file, fsync, rename, fsync folder)."""
        import tempfile  # only writers need it: not on every check's path

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".ledger-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

"""``calendar.ics``: the plan as an iCalendar feed, one event per post and time.

A post usually goes to all its accounts at once, so it is one event listing
them; only when slot queues put accounts on different times does a post get
one event per time. icalendar writes the feed's frame and time zones; the
events are written here (:func:`event_text`), as icalendar would write them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from .calendar import CalEntry, all_entries, entries
from .collect import PostView, SiteData

DURATION = dt.timedelta(minutes=15)  # long enough to be visible in a day view
DESCRIPTION = 280  # characters of the text shown in calendar apps


def event_uid(post_id: str, accounts: Sequence[str] = ()) -> str:
    """A UID that stays the same across builds, so calendar apps update, not duplicate.

    ``accounts`` tells a post's events apart when it goes out at several times;
    a post with one time has one UID whichever accounts it goes to.
    """
    key = "\0".join((post_id, *accounts))
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"{digest}@smmgen"


# An event: UID, start, summary, description, draft, campaign.
EventFact = tuple[str, dt.datetime, str, str, bool, str | None]


class Facts(NamedTuple):
    """Everything ``calendar.ics`` is made of (the feed is a function of these)."""

    timezone: str | None
    events: list[EventFact]


def ics_facts(data: SiteData) -> Facts:
    """The feed's content: every post with a time (fixed or planned), once per distinct time."""
    found = zip(data.posts, all_entries(data), strict=True)
    events = [event for view, of_view in found for event in events_of(data, view, of_view)]
    timezone = data.schedule.timezone if data.schedule is not None else None
    return Facts(timezone, events)


def events_of(data: SiteData, view: PostView, found: list[CalEntry]) -> list[EventFact]:
    """:func:`view_events` of one of ``data.posts`` (its calendar entries ``found``), its
    view whole (:meth:`SiteData.full`)."""
    full = data.full(view)
    return view_events(full, found if full is view else entries(full))


def view_events(view: PostView, found: list[CalEntry]) -> list[EventFact]:
    """One post's events: its calendar entries (``found``) that go to accounts."""
    times = [e for e in found if e.accounts]
    draft = view.state == "draft"
    events = []
    for entry in times:
        names = [a.account for a in entry.accounts]
        first = entry.accounts[0]
        text = first.parts[0].text if first.parts else ""
        # A preview of the text, not all of it: the post page has everything.
        if len(text) > DESCRIPTION:
            text = text[:DESCRIPTION] + "…"
        where = ", ".join(f"{a.account} ({a.network_title})" for a in entry.accounts)
        uid = event_uid(view.post.id, names if len(times) > 1 else ())
        summary = f"{'[draft] ' * draft}{view.title} ({', '.join(names)})"
        events.append((uid, entry.when, summary, f"{where}\n\n{text}", draft, view.post.campaign))
    return events


def ics_bytes(data: SiteData | Facts) -> bytes:
    """The feed (of the site data, or of its :func:`ics_facts`)."""
    from icalendar import Calendar, Event

    facts = data if isinstance(data, Facts) else ics_facts(data)
    cal = Calendar()
    cal.add("prodid", "-//smmgen//preview site//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Editorial plan")
    if facts.timezone is not None:
        cal.add("x-wr-timezone", facts.timezone)
    # VTIMEZONE blocks for the zones used, so clients without the tz database
    # agree: icalendar finds them in an event per zone, dropped again after.
    for when in {e[1].tzinfo: e[1] for e in facts.events}.values():
        stand_in = Event()
        stand_in.add("dtstart", when)
        cal.add_component(stand_in)
    cal.add_missing_timezones()
    cal.subcomponents = [c for c in cal.subcomponents if c.name != "VEVENT"]
    frame = bytes(cal.to_ical()).removesuffix(b"END:VCALENDAR\r\n")
    make = _Events()
    return b"".join([frame, *map(make.encoded, facts.events), b"END:VCALENDAR\r\n"])


class _Events:
    """Makes the feed's events; values many events share are encoded once.

    (Event.add infers the type of every value it is given, which adds up over
    thousands of events.) icalendar itself is imported only for an event
    :func:`event_text` cannot write.
    """

    def __init__(self) -> None:
        self.shared: Any = None
        self.status: dict[bool, Any] = {}
        self.categories: dict[str, object] = {}

    def encoded(self, fact: EventFact) -> bytes:
        """The event's lines in the feed."""
        text = event_text(fact)
        return text.encode() if text is not None else bytes(self(fact).to_ical())

    def __call__(self, fact: EventFact) -> Any:
        """The event as icalendar makes it."""
        from icalendar import Event, vText

        if self.shared is None:
            self.shared = Event()
            self.shared.add("duration", DURATION)
            self.status = {False: vText("CONFIRMED"), True: vText("TENTATIVE")}
        uid, when, summary, description, draft, campaign = fact
        if campaign and campaign not in self.categories:
            one = Event()
            one.add("categories", [campaign])
            self.categories[campaign] = one["CATEGORIES"]
        event = Event()
        event["UID"] = vText(uid)
        # The feed has no METHOD, so DTSTAMP is when the event's information was
        # last revised (RFC 5545, 3.8.7.2). The build's clock would revise every
        # event on every build; a file's time differs between checkouts. The
        # event's own start is the same for an unchanged event in every build
        # and moves with the change subscribers care about, so the feed stays a
        # function of the plan (same plan, same bytes).
        event.add("dtstamp", when.astimezone(dt.UTC))
        event.add("dtstart", when)
        event["DURATION"] = self.shared["DURATION"]
        event["SUMMARY"] = vText(summary)
        event["DESCRIPTION"] = vText(description)
        event["STATUS"] = self.status[draft]
        if campaign:
            event["CATEGORIES"] = self.categories[campaign]
        return event


BEGIN, END = b"\r\nBEGIN:VEVENT\r\n", b"\r\nEND:VEVENT\r\n"


def ics_head(timezone: str | None, starts: Iterable[dt.datetime]) -> str:
    """What the feed's lines outside its events depend on: its zone and the zones of the
    events' ``starts``."""
    zones = sorted({str(getattr(when.tzinfo, "key", when.tzinfo)) for when in starts})
    return hashlib.sha256(repr((timezone, zones)).encode()).hexdigest()


def event_key(event: EventFact) -> str:
    """A key for the event: an event with the same key is the same lines in the feed."""
    return hashlib.sha256(repr(event).encode()).hexdigest()[:32]


def ics_patched(
    keys: list[str], event: Callable[[int], EventFact], old: bytes, old_keys: list[str]
) -> bytes | None:
    """The feed, reusing the lines of ``old`` for the events whose key is unchanged.

    ``keys``: this feed's event keys, in order; ``event(i)``: its i-th event
    (asked only for those whose lines are not in ``old``). ``old`` must be the
    feed with the same :func:`ics_head` and the event keys ``old_keys``; None
    when it does not look like one.
    """
    starts = []
    at = old.find(BEGIN)
    while at >= 0:
        starts.append(at + 2)
        at = old.find(BEGIN, at + 2)
    if not starts or len(starts) != len(old_keys) or not keys:
        return None
    end = old.find(END, starts[-1])
    if end < 0:
        return None
    end += len(END)
    chunks = [old[a:b] for a, b in zip(starts, [*starts[1:], end], strict=True)]
    if not all(c.endswith(END[2:]) for c in chunks):
        return None
    lines = dict(zip(old_keys, chunks, strict=True))
    make = _Events()
    out = [old[: starts[0]]]
    for i, key in enumerate(keys):
        out.append(lines.get(key) or make.encoded(event(i)))
    out.append(old[end:])
    return b"".join(out)


# What event_text writes as icalendar does: a start in a zone of the tz
# database with a plain name, at an offset from UTC (icalendar writes a time
# in a zone it counts as UTC with a Z), in the years its zone data covers.
_PLAIN_ZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+/-]*")
_DURATION = "PT15M"  # DURATION as icalendar writes it (tests/test_site_ics.py holds them equal)


def event_text(fact: EventFact) -> str | None:
    """The event's lines as icalendar writes them, without icalendar (None: not a
    start this knows how icalendar writes; see :data:`_PLAIN_ZONE`).

    The feed's events are written here rather than by icalendar, whose import
    alone costs more than a warm build spends on the rest of the feed; a
    property test holds the two to the same bytes.
    """
    from zoneinfo import ZoneInfo

    uid, when, summary, description, draft, campaign = fact
    zone = when.tzinfo
    if (
        not isinstance(zone, ZoneInfo)
        or not _PLAIN_ZONE.fullmatch(zone.key)
        or not 1970 <= when.year < 2038
        or not when.utcoffset()
    ):
        return None
    stamp = when.astimezone(dt.UTC)
    lines = [
        "BEGIN:VEVENT",
        _fold("SUMMARY:" + _escape(summary)),
        _fold(f"DTSTART;TZID={zone.key}:{_time(when)}"),
        f"DURATION:{_DURATION}",
        f"DTSTAMP:{_time(stamp)}Z",
        _fold("UID:" + _escape(uid)),
    ]
    if campaign:
        lines.append(_fold("CATEGORIES:" + _escape(campaign)))
    lines.append(_fold("DESCRIPTION:" + _escape(description)))
    lines.append("STATUS:TENTATIVE" if draft else "STATUS:CONFIRMED")
    lines.append("END:VEVENT\r\n")
    return "\r\n".join(lines)


def _time(when: dt.datetime) -> str:
    return (
        f"{when.year:04}{when.month:02}{when.day:02}T{when.hour:02}{when.minute:02}{when.second:02}"
    )


def _escape(text: str) -> str:
    """TEXT escaping as icalendar does it (RFC 5545, 3.3.11; line ends as ``\\n``)."""
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _fold(line: str, limit: int = 75) -> str:
    """The line folded as icalendar folds it: under ``limit`` octets a line, never
    inside a character, nor between a backslash or caret and what it escapes."""
    data = line.encode()
    if len(data) < limit:
        return line
    parts: list[str] = []
    start = 0
    while len(data) - start >= limit:
        end = start + limit - 1
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1  # carried over with what it escapes
        parts.append(data[start:end].decode())
        start = end
    parts.append(data[start:].decode())
    return "\r\n ".join(parts)

"""``calendar.ics``: the plan as an iCalendar feed, one event per post and time.

A post usually goes to all its accounts at once, so it is one event listing
them; only when slot queues put accounts on different times does a post get
one event per time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any, NamedTuple

from .calendar import all_entries
from .collect import SiteData

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


class Facts(NamedTuple):
    """Everything ``calendar.ics`` is made of (the feed is a function of these)."""

    timezone: str | None
    events: list[tuple[str, dt.datetime, str, str, bool, str | None]]
    # per event: UID, start, summary, description, draft, campaign


def ics_facts(data: SiteData) -> Facts:
    """The feed's content: every post with a time (fixed or planned), once per distinct time."""
    events = []
    for view, found in zip(data.posts, all_entries(data), strict=True):
        times = [e for e in found if e.accounts]
        draft = view.state == "draft"
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
            events.append(
                (uid, entry.when, summary, f"{where}\n\n{text}", draft, view.post.campaign)
            )
    timezone = data.schedule.timezone if data.schedule is not None else None
    return Facts(timezone, events)


def ics_bytes(data: SiteData | Facts) -> bytes:
    """The feed (of the site data, or of its :func:`ics_facts`)."""
    from icalendar import Calendar

    facts = data if isinstance(data, Facts) else ics_facts(data)
    cal = Calendar()
    cal.add("prodid", "-//smmgen//preview site//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Editorial plan")
    if facts.timezone is not None:
        cal.add("x-wr-timezone", facts.timezone)
    make = _Events()
    for event in facts.events:
        cal.add_component(make(event))
    # VTIMEZONE blocks for the zones used, so clients without the tz database agree.
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


class _Events:
    """Makes the feed's events; values many events share are encoded once.

    (Event.add infers the type of every value it is given, which adds up over
    thousands of events.)
    """

    def __init__(self) -> None:
        from icalendar import Event, vText

        self.shared = Event()
        self.shared.add("duration", DURATION)
        self.status = {False: vText("CONFIRMED"), True: vText("TENTATIVE")}
        self.categories: dict[str, object] = {}

    def __call__(self, fact: tuple[str, dt.datetime, str, str, bool, str | None]) -> Any:
        from icalendar import Event, vText

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


def ics_head(facts: Facts) -> str:
    """What the feed's lines outside its events depend on (its zones included)."""
    zones = sorted({str(getattr(e[1].tzinfo, "key", e[1].tzinfo)) for e in facts.events})
    return hashlib.sha256(repr((facts.timezone, zones)).encode()).hexdigest()


def event_keys(facts: Facts) -> list[str]:
    """A key per event: an event with the same key is the same lines in the feed."""
    return [hashlib.sha256(repr(e).encode()).hexdigest()[:32] for e in facts.events]


def ics_patched(facts: Facts, keys: list[str], old: bytes, old_keys: list[str]) -> bytes | None:
    """The feed, reusing the lines of ``old`` for the events whose key is unchanged.

    ``old`` must be the feed of facts with the same :func:`ics_head` and the
    event keys ``old_keys``; None when it does not look like one.
    """
    starts = []
    at = old.find(BEGIN)
    while at >= 0:
        starts.append(at + 2)
        at = old.find(BEGIN, at + 2)
    if not starts or len(starts) != len(old_keys) or not facts.events:
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
    for key, event in zip(keys, facts.events, strict=True):
        out.append(lines.get(key) or bytes(make(event).to_ical()))
    out.append(old[end:])
    return b"".join(out)

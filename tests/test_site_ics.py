"""calendar.ics: smmgen writes the feed's events itself, byte for byte as icalendar writes them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from smmgen.site.ics import EventFact, Facts, _Events, event_text, ics_bytes

# Zones written by smmgen (an offset from UTC) and handed to icalendar (UTC, or
# counted as UTC by icalendar), with a daylight-saving change and a half hour.
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Europe/London", "UTC", "Etc/GMT"]
# Text where escaping and folding differ: separators, backslashes and carets
# at fold boundaries, line ends of every kind, \N, multi-octet characters.
ALPHABET = st.sampled_from(list("ab ,;:\\^\"'\r\n\tNäß€❄️🧤\u0301"))
# Long lines of escapes and multi-octet characters: every kind of fold boundary.
LONG = st.text(st.sampled_from(list("ab ,;\\^Nä€🧤")), min_size=60, max_size=300)
TEXT = st.text(ALPHABET, max_size=200) | st.text(max_size=120) | LONG

facts = st.tuples(
    st.text("0123456789abcdef", min_size=1, max_size=24).map(lambda s: s + "@smmgen"),
    st.builds(
        lambda day, minutes, zone: (
            dt.datetime.combine(day, dt.time(), ZoneInfo(zone)) + dt.timedelta(minutes=minutes)
        ),
        st.dates(dt.date(1960, 1, 1), dt.date(2045, 12, 31)),
        st.integers(0, 24 * 60 - 1),
        st.sampled_from(ZONES),
    ),
    TEXT,
    TEXT,
    st.booleans(),
    st.none() | TEXT.filter(bool),
)


def icalendar_bytes(fact: EventFact) -> bytes:
    return bytes(_Events()(fact).to_ical())


@settings(max_examples=400)
@given(facts)
def test_an_event_is_written_as_icalendar_writes_it(fact: EventFact) -> None:
    text = event_text(fact)
    if text is not None:  # else icalendar writes it
        assert text.encode() == icalendar_bytes(fact)


def test_the_events_smmgen_writes_are_the_usual_ones() -> None:
    berlin = dt.datetime(2026, 12, 3, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    fact = ("abc@smmgen", berlin, "Titel (bsky)", "bsky (Bluesky)\n\nText", False, "winter")
    assert event_text(fact) is not None
    utc = (fact[0], berlin.astimezone(ZoneInfo("UTC")), *fact[2:])
    assert event_text(utc) is None  # icalendar writes it (with a Z)


@settings(max_examples=50)
@given(st.lists(facts, max_size=6), st.sampled_from([None, "Europe/Berlin"]))
def test_the_feed_is_the_one_icalendar_makes(events: list[EventFact], zone: str | None) -> None:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//smmgen//preview site//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Editorial plan")
    if zone is not None:
        cal.add("x-wr-timezone", zone)
    make = _Events()
    for event in events:
        cal.add_component(make(event))
    cal.add_missing_timezones()
    assert ics_bytes(Facts(zone, events)) == bytes(cal.to_ical())

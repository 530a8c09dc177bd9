"""``calendar.ics``: the plan as an iCalendar feed, one event per post and account."""

from __future__ import annotations

import datetime as dt
import hashlib

from .collect import SiteData

DURATION = dt.timedelta(minutes=15)  # long enough to be visible in a day view
DESCRIPTION = 280  # characters of the text shown in calendar apps


def event_uid(post_id: str, account: str) -> str:
    """A UID that stays the same across builds, so calendar apps update, not duplicate."""
    digest = hashlib.sha256(f"{post_id}\0{account}".encode()).hexdigest()[:24]
    return f"{digest}@smmgen"


def ics_bytes(data: SiteData) -> bytes:
    """The feed: every post with a fixed time, once per account it goes to."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//smmgen//preview site//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Editorial plan")
    if data.schedule is not None:
        cal.add("x-wr-timezone", data.schedule.timezone)
    stamp = data.at.astimezone(dt.UTC)  # the build's clock: same input, same file
    for view in data.posts:
        for acc in view.accounts:
            when = acc.when or view.when
            if when is None:
                continue
            event = Event()
            event.add("uid", event_uid(view.post.id, acc.account))
            event.add("dtstamp", stamp)
            event.add("dtstart", when)
            event.add("duration", DURATION)
            draft = "[draft] " if view.state == "draft" else ""
            event.add("summary", f"{draft}{acc.account} ({acc.network_title}): {view.title}")
            text = acc.parts[0].text if acc.parts else ""
            # A preview of the text, not all of it: icalendar folds long lines slowly,
            # and the post page has the full text.
            event.add("description", text if len(text) <= DESCRIPTION else text[:DESCRIPTION] + "…")
            event.add("status", "TENTATIVE" if view.state == "draft" else "CONFIRMED")
            if view.post.campaign:
                event.add("categories", [view.post.campaign])
            cal.add_component(event)
    # VTIMEZONE blocks for the zones used, so clients without the tz database agree.
    cal.add_missing_timezones()
    return bytes(cal.to_ical())

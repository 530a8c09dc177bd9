"""The calendar's pages: a month per campaign (and for all posts), a page per week.

Each page knows what it shows before its grid is made: its entries' stand-ins
(:func:`smmgen.site.builder._stand_ins`, a post's view and the i-th of its
calendar entries), the days it covers and which of them is today, its links
to the pages before and after, and the rest of its context. The schedule's
slots and blackouts are in the site-wide part of every key. A warm build keys
the page by that :attr:`CalendarPage.signature` and makes the grid (the days
with their entries, slots and collisions) only for a page it renders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .calendar import (
    CalEntry,
    entries_by_day,
    grid_dates,
    month_grid,
    month_keys,
    week_grid,
    week_start,
    week_starts,
)
from .collect import SiteData, slugify

# A page to write: template, file (relative to the site), link prefix, context.
Page = tuple[str, str, str, dict[str, Any]]


@dataclass(frozen=True)
class CalendarPage:
    """One of the calendar's pages, its context made when asked for."""

    name: str  # the template
    dest: str  # the file, relative to the site
    signature: str | None  # what it shows, as text (None: an entry without a stand-in)
    make: Callable[[], dict[str, Any]]

    def page(self) -> Page:
        """The page to render, its grid made now."""
        return self.name, self.dest, "", self.make()


def month_file(key: str, campaign: str | None = None) -> str:
    """The file of month ``key`` (``YYYY-MM``), of ``campaign``'s posts if one is given."""
    return f"calendar-{key}{'--' + slugify(campaign) if campaign else ''}.html"


def week_file(key: str) -> str:
    """The file of week ``key`` (``YYYY-Www``)."""
    return f"week-{key}.html"


def calendar_pages(
    data: SiteData, campaigns: list[str], extra: dict[str, Any], known: dict[int, str]
) -> list[CalendarPage]:
    """The month pages (all posts, then each campaign's), then the weeks'; this week's
    is also ``week.html``. ``extra``: the weeks' ``present`` and ``best``; ``known``:
    the stand-ins of the views and calendar entries."""
    queued = [v for v in data.posts if v.state == "queued"]
    queued_keys = _keys(queued, known)
    keys = month_keys(data)
    titles = [_month_title(y, m) for y, m in keys]
    days_shown = [[d for week in grid_dates(y, m) for d in week] for y, m in keys]
    pages = []
    every = entries_by_day(data)
    shows = _shown_keys(every, known)
    grids: dict[str | None, dict[dt.date, list[CalEntry]]] = {None: every}
    for campaign in [None, *campaigns]:
        for i, (year, month) in enumerate(keys):

            def make(
                year: int = year, month: int = month, i: int = i, campaign: str | None = campaign
            ) -> dict[str, Any]:
                if campaign not in grids:
                    grids[campaign] = _of_campaign(every, campaign or "")
                return {
                    "month": month_grid(data, grids[campaign], year, month),
                    "campaign": campaign,
                    "prev": _nav(keys, titles, i - 1, campaign),
                    "next": _nav(keys, titles, i + 1, campaign),
                    "queued": queued,
                }

            dest = month_file(f"{year:04d}-{month:02d}", campaign)
            shown = days_shown[i]
            nav = (_nav(keys, titles, i - 1, campaign), _nav(keys, titles, i + 1, campaign))
            signature = None
            if queued_keys is not None:
                day_keys = shows[0] if campaign is None else shows[1].get(campaign, {})
                signature = _signature(data, day_keys, shown, (campaign, nav, queued_keys))
            pages.append(CalendarPage("month.html", dest, signature, make))
    return pages + _week_pages(data, every, shows[0], extra)


DayKeys = dict[dt.date, list[str | None]]  # a day's entries' stand-ins (None: one has none)


def _shown_keys(
    every: dict[dt.date, list[CalEntry]], known: dict[int, str]
) -> tuple[DayKeys, dict[str, DayKeys]]:
    """The stand-ins of the entries of each day: of all posts, and by campaign."""
    everyone: DayKeys = {}
    by_campaign: dict[str, DayKeys] = {}
    for day, found in every.items():
        keys = everyone[day] = [known.get(id(e)) for e in found]
        for entry, key in zip(found, keys, strict=True):
            campaign = entry.view.post.campaign
            if campaign:
                by_campaign.setdefault(campaign, {}).setdefault(day, []).append(key)
    return everyone, by_campaign


def _of_campaign(
    days: dict[dt.date, list[CalEntry]], campaign: str
) -> dict[dt.date, list[CalEntry]]:
    """``campaign``'s entries of ``days`` (as :func:`entries_by_day` finds them, in order)."""
    out = {}
    for day, found in days.items():
        mine = [e for e in found if e.view.post.campaign == campaign]
        if mine:
            out[day] = mine
    return out


def _week_pages(
    data: SiteData, days: dict[dt.date, list[CalEntry]], day_keys: DayKeys, extra: dict[str, Any]
) -> list[CalendarPage]:
    starts = week_starts(data, days)
    this_week = week_start(data.at.date())
    pages = []
    for i, start in enumerate(starts):
        shown = [start + dt.timedelta(days=n) for n in range(7)]
        times = [e.when for d in shown for e in days.get(d, ()) if e.when >= data.at]
        context = {
            "prev": _week_nav(starts, i - 1),
            "next": _week_nav(starts, i + 1),
            **extra,
            "current": start == this_week,
            # The build's clock as the page compares its times with it ("date has
            # passed"): the first time on the page not before it (None: none is)
            # tells the same times apart, and stays the same until the clock
            # passes one of them, so the page of a later build reuses the earlier one.
            "now": min(times, default=None),
        }

        def make(start: dt.date = start, context: dict[str, Any] = context) -> dict[str, Any]:
            return {"week": week_grid(data, days, start), **context}

        plain = [(k, v) for k, v in context.items() if k != "present"]  # (site-wide)
        signature = _signature(data, day_keys, shown, plain)
        key = _week_key(start)
        pages.append(CalendarPage("week.html", week_file(key), signature, make))
        if start == this_week:
            pages.append(CalendarPage("week.html", "week.html", signature, make))
    return pages


def _signature(data: SiteData, day_keys: DayKeys, shown: list[dt.date], more: Any) -> str | None:
    """What a page of the days ``shown`` shows (None: an entry has no stand-in)."""
    today = data.at.date()
    entries = []
    for day in shown:
        keys = day_keys.get(day)
        if keys:
            if None in keys:
                return None
            entries.append((day.toordinal(), keys))
    return repr((shown[0].toordinal(), len(shown), today in shown and today, entries, more))


def _keys(items: list[Any], known: dict[int, str]) -> list[str] | None:
    """The stand-ins of ``items`` (None: one has none)."""
    out = [known.get(id(item)) for item in items]
    return None if None in out else out  # type: ignore[return-value]


def _month_title(year: int, month: int) -> str:
    from .calendar import Month

    return Month(year, month, []).title


def _nav(
    keys: list[tuple[int, int]], titles: list[str], i: int, campaign: str | None
) -> tuple[str, str] | None:
    if not 0 <= i < len(keys):
        return None
    year, month = keys[i]
    return titles[i], month_file(f"{year:04d}-{month:02d}", campaign)


def _week_key(start: dt.date) -> str:
    year, week, _ = start.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _week_nav(starts: list[dt.date], i: int) -> tuple[str, str] | None:
    if not 0 <= i < len(starts):
        return None
    from .calendar import Week

    week = Week(starts[i], [])
    return week.title, week_file(week.key)

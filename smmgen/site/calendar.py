"""Month grids of the editorial plan: posts per day, slot times and blackout days."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from dataclasses import dataclass, field

from ..i18n import _, month_name
from ..model import Blackout, Schedule
from .collect import AccountView, PostView, SiteData


@dataclass(frozen=True)
class CalEntry:
    """A post at one time, with the accounts it goes to then (slot queues differ per account)."""

    view: PostView
    when: dt.datetime
    accounts: tuple[AccountView, ...]


def entries(view: PostView) -> list[CalEntry]:
    """The post's distinct times, each with its accounts."""
    groups: dict[dt.datetime, list[AccountView]] = {}
    for acc in view.accounts:
        when = acc.when or view.when
        if when is not None:
            groups.setdefault(when, []).append(acc)
    if not groups and view.when is not None:
        return [CalEntry(view, view.when, ())]
    return [CalEntry(view, w, tuple(a)) for w, a in sorted(groups.items())]


# The last site's posts and their entries: a build asks for them for every
# calendar grid, the weeks and calendar.ics (a site is built from one SiteData).
_LAST: tuple[list[PostView], int, list[list[CalEntry]]] | None = None


def all_entries(data: SiteData) -> list[list[CalEntry]]:
    """:func:`entries` of each of ``data.posts``, in order, worked out once per site."""
    global _LAST
    posts = data.posts
    if _LAST is None or _LAST[0] is not posts or _LAST[1] != len(posts):
        _LAST = (posts, len(posts), [entries(view) for view in posts])
    return _LAST[2]


@dataclass(frozen=True)
class SlotMark:
    """A slot time on one day (when queued posts may go out)."""

    name: str
    time: dt.time
    accounts: tuple[str, ...]


@dataclass
class Day:
    """One cell of a month grid or week; ``outside``: a day of the adjacent month."""

    date: dt.date
    posts: list[CalEntry] = field(default_factory=list)
    slots: list[SlotMark] = field(default_factory=list)
    blackout: Blackout | None = None
    today: bool = False
    outside: bool = False


@dataclass
class Month:
    """A month view: weeks of seven days, Monday first."""

    year: int
    month: int
    weeks: list[list[Day]]

    @property
    def key(self) -> str:
        """``YYYY-MM``, used in file names."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def title(self) -> str:
        """``December 2026``."""
        return f"{month_name(self.month)} {self.year}"

    @property
    def count(self) -> int:
        """Posts in this month."""
        return sum(len(d.posts) for w in self.weeks for d in w)


def month_keys(data: SiteData) -> list[tuple[int, int]]:
    """Every month from the first to the last dated post (or the current month)."""
    dates = [e.when.date() for found in all_entries(data) for e in found]
    first = min(dates, default=data.at.date())
    last = max(dates, default=data.at.date())
    keys = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        keys.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return keys


def _slots_on(schedule: Schedule | None, day: dt.date) -> list[SlotMark]:
    if schedule is None or schedule.blackout_on(day) is not None:
        return []  # nothing goes out on blackout days, slots included
    marks = [
        SlotMark(s.name, t, s.accounts)
        for s in schedule.slots.values()
        if day.weekday() in s.days
        for t in s.times
    ]
    return sorted(marks, key=lambda m: (m.time, m.name))


def entries_by_day(data: SiteData, campaign: str | None = None) -> dict[dt.date, list[CalEntry]]:
    """The calendar's entries (``campaign``'s only, if given) by day, in time order."""
    by_day: dict[dt.date, list[CalEntry]] = {}
    for view, found in zip(data.posts, all_entries(data), strict=True):
        if campaign is not None and view.post.campaign != campaign:
            continue
        for entry in found:
            by_day.setdefault(entry.when.date(), []).append(entry)
    for day_entries in by_day.values():
        day_entries.sort(key=lambda e: (e.when, e.view.post.id))
    return by_day


# The last schedule's slot times and blackout by day: a site shows each day
# in several grids (every campaign's calendar, the weeks).
_DAYS: tuple[Schedule | None, dict[dt.date, tuple[list[SlotMark], Blackout | None]]] = (None, {})


def _day(data: SiteData, by_day: dict[dt.date, list[CalEntry]], day: dt.date) -> Day:
    global _DAYS
    if _DAYS[0] is not data.schedule:
        _DAYS = (data.schedule, {})
    found = _DAYS[1].get(day)
    if found is None:
        blackout = data.schedule.blackout_on(day) if data.schedule else None
        found = _DAYS[1][day] = (_slots_on(data.schedule, day), blackout)
    return Day(
        day,
        posts=by_day.get(day, []),
        slots=list(found[0]),
        blackout=found[1],
        today=day == data.at.date(),
    )


def months(data: SiteData, campaign: str | None = None) -> list[Month]:
    """The month grids, with only ``campaign``'s posts when one is given.

    The grid's days of the adjacent months carry their posts too: a launch on
    Monday 30 November belongs in the first row of December as well.
    """
    by_day = entries_by_day(data, campaign)
    return [month_grid(data, by_day, year, month) for year, month in month_keys(data)]


def month_grid(
    data: SiteData, by_day: dict[dt.date, list[CalEntry]], year: int, month: int
) -> Month:
    """One month's grid of the entries ``by_day`` (:func:`entries_by_day`)."""
    weeks = []
    for week in grid_dates(year, month):
        row = []
        for day in week:
            cell = _day(data, by_day, day)
            cell.outside = day.month != month
            row.append(cell)
        weeks.append(row)
    return Month(year, month, weeks)


def grid_dates(year: int, month: int) -> list[list[dt.date]]:
    """The days a month's grid shows, by week (Monday first)."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


MIN_GAP = dt.timedelta(minutes=30)  # posts on one account closer than this collide


@dataclass
class Week:
    """Monday to Sunday, across month boundaries, for the weekly planning meeting."""

    start: dt.date  # a Monday
    days: list[Day]
    # (post id, account) → the posts it comes too close to on that account
    collisions: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """``2026-W49`` (ISO week), used in file names."""
        year, week, _ = self.start.isocalendar()
        return f"{year:04d}-W{week:02d}"

    @property
    def title(self) -> str:
        """``Week 49: 30 Nov – 6 Dec 2026``."""
        end = self.start + dt.timedelta(days=6)
        return _("Week {number}: {start_day} {start_month} – {end_day} {end_month} {year}").format(
            number=self.start.isocalendar()[1],
            start_day=self.start.day,
            start_month=month_name(self.start.month, short=True),
            end_day=end.day,
            end_month=month_name(end.month, short=True),
            year=end.year,
        )

    @property
    def count(self) -> int:
        """Posts in this week."""
        return sum(len(d.posts) for d in self.days)


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def weeks(data: SiteData) -> list[Week]:
    """Every week from the first to the last dated post, and the current week."""
    days = entries_by_day(data)
    return [week_grid(data, days, start) for start in week_starts(data, days)]


def week_starts(data: SiteData, by_day: dict[dt.date, list[CalEntry]]) -> list[dt.date]:
    """The Mondays of the weeks from the first to the last day of ``by_day`` and ``data.at``."""
    dates = [*by_day, data.at.date()]
    start, last = week_start(min(dates)), week_start(max(dates))
    out = []
    while start <= last:
        out.append(start)
        start += dt.timedelta(days=7)
    return out


def week_grid(data: SiteData, by_day: dict[dt.date, list[CalEntry]], start: dt.date) -> Week:
    """The week from Monday ``start`` of the entries ``by_day`` (:func:`entries_by_day`)."""
    days = [_day(data, by_day, start + dt.timedelta(days=i)) for i in range(7)]
    return Week(start, days, _collisions(days))


def _collisions(days: list[Day]) -> dict[tuple[str, str], list[str]]:
    """Posts on one account closer than :data:`MIN_GAP` to another post there."""
    times: dict[str, list[tuple[dt.datetime, str]]] = {}
    for day in days:
        for entry in day.posts:
            for acc in entry.accounts:
                times.setdefault(acc.account, []).append((entry.when, entry.view.post.id))
    out: dict[tuple[str, str], list[str]] = {}
    for account, items in times.items():
        items.sort()
        for (t1, p1), (t2, p2) in itertools.pairwise(items):
            if t2 - t1 < MIN_GAP and p1 != p2:
                out.setdefault((p1, account), []).append(p2)
                out.setdefault((p2, account), []).append(p1)
    return out

"""Month grids of the editorial plan: posts per day, slot times and blackout days."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class SlotMark:
    """A slot time on one day (when queued posts may go out)."""

    name: str
    time: dt.time
    accounts: tuple[str, ...]


@dataclass
class Day:
    """One cell of a month grid; ``date`` is None for padding outside the month."""

    date: dt.date | None
    posts: list[CalEntry] = field(default_factory=list)
    slots: list[SlotMark] = field(default_factory=list)
    blackout: Blackout | None = None
    today: bool = False


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
        return f"{calendar.month_name[self.month]} {self.year}"

    @property
    def count(self) -> int:
        """Posts in this month."""
        return sum(len(d.posts) for w in self.weeks for d in w)


def month_keys(data: SiteData) -> list[tuple[int, int]]:
    """Every month from the first to the last dated post (or the current month)."""
    dates = [e.when.date() for p in data.posts for e in entries(p)]
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


def months(data: SiteData, campaign: str | None = None) -> list[Month]:
    """The month grids, with only ``campaign``'s posts when one is given."""
    by_day: dict[dt.date, list[CalEntry]] = {}
    for view in data.posts:
        if campaign is not None and view.post.campaign != campaign:
            continue
        for entry in entries(view):
            by_day.setdefault(entry.when.date(), []).append(entry)
    for day_entries in by_day.values():
        day_entries.sort(key=lambda e: (e.when, e.view.post.id))
    today = data.at.date()
    cal = calendar.Calendar(firstweekday=0)
    out = []
    for year, month in month_keys(data):
        weeks = []
        for week in cal.monthdatescalendar(year, month):
            row = []
            for day in week:
                if day.month != month:
                    row.append(Day(None))
                    continue
                blackout = data.schedule.blackout_on(day) if data.schedule else None
                row.append(
                    Day(
                        day,
                        posts=by_day.get(day, []),
                        slots=_slots_on(data.schedule, day),
                        blackout=blackout,
                        today=day == today,
                    )
                )
            weeks.append(row)
        out.append(Month(year, month, weeks))
    return out

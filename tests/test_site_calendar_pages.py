"""The calendar's pages are keyed by what they show: a change a page shows changes its key."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

from smmgen.site.builder import _stand_ins
from smmgen.site.calendar import all_entries
from smmgen.site.calendar_pages import calendar_pages
from smmgen.site.collect import SiteData, collect

EXAMPLE = Path(__file__).resolve().parent.parent


def site_data(tmp_path: Path) -> SiteData:
    root = tmp_path / "repo"
    for name in ("content", "templates", "state"):
        shutil.copytree(EXAMPLE / name, root / name)
    shutil.copyfile(EXAMPLE / "schedule.yaml", root / "schedule.yaml")
    return collect(root, dt.datetime(2026, 12, 1, 8, 0))


def signatures(data: SiteData, known: dict[int, str]) -> dict[str, str | None]:
    extra = {"present": set(), "best": []}
    return {page.dest: page.signature for page in calendar_pages(data, [], extra, known)}


def test_the_same_site_gives_the_same_signatures(tmp_path: Path) -> None:
    data = site_data(tmp_path)
    known = _stand_ins(data)
    first = signatures(data, known)
    assert all(first.values())
    assert signatures(data, known) == first


def test_the_day_that_is_today_is_part_of_its_month_and_week(tmp_path: Path) -> None:
    data = site_data(tmp_path)
    known = _stand_ins(data)  # the same views: only the clock's day differs
    before = signatures(data, known)
    later = data.at + dt.timedelta(hours=16, minutes=30)  # 2 December, 00:30
    after = signatures(dataclasses.replace(data, at=later), known)
    changed = {dest for dest in before if before[dest] != after.get(dest)}
    # (week.html is this week's page too.)
    assert changed == {"calendar-2026-12.html", "week-2026-W49.html", "week.html"}


def test_a_changed_view_changes_the_pages_that_show_it(tmp_path: Path) -> None:
    data = site_data(tmp_path)
    known = _stand_ins(data)
    before = signatures(data, known)
    view = next(v for v in data.posts if v.post.path.endswith("2026-12-14-lvs-kurs.md"))
    for entry in all_entries(data)[data.posts.index(view)]:
        known[id(entry)] = f"another entry {id(entry)}"
    after = signatures(data, known)
    changed = {dest for dest in before if before[dest] != after[dest]}
    assert changed == {"calendar-2026-12.html", "week-2026-W51.html"}

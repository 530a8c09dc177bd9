"""When the publish workflow runs, and what that costs in GitHub Actions minutes.

GitHub's ``schedule`` trigger takes cron lines in UTC and cannot follow a time
zone's daylight saving time, so the lines for a plan's ``active_hours`` cover
the local window under every UTC offset the zone uses in a year. A run is
billed per job, each rounded up to a whole minute; private repositories on
GitHub Free include 2,000 minutes a month, public ones are free.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .i18n import N_, _, number

if TYPE_CHECKING:
    from .model import Schedule
    from .problems import Problem

# https://docs.github.com/en/billing/managing-billing-for-your-products/
#   managing-billing-for-github-actions/about-billing-for-github-actions
BILLING_DOCS = (
    "https://docs.github.com/en/billing/managing-billing-for-your-products/"
    "managing-billing-for-github-actions/about-billing-for-github-actions"
)
# "The shortest interval you can run scheduled workflows is once every 5
# minutes." and "The schedule event can be delayed during periods of high loads
# of GitHub Actions workflow runs. High load times include the start of every
# hour." https://docs.github.com/en/actions/writing-workflows/
#   choosing-when-your-workflow-runs/events-that-trigger-workflows#schedule
SCHEDULE_DOCS = (
    "https://docs.github.com/en/actions/writing-workflows/"
    "choosing-when-your-workflow-runs/events-that-trigger-workflows#schedule"
)
FREE_MINUTES = 2000  # GitHub Free, private repositories, per month
DAYS_PER_MONTH = 365.25 / 12
MINUTE_OFFSET = 7  # runs off the full hour, when GitHub's scheduler is busiest
EVERY_CHOICES = (5, 10, 15, 20, 30, 60)  # minutes that divide an hour evenly
WEEK = 7 * 24 * 60


@dataclass(frozen=True)
class ActiveHours:
    """The local hours in which the publish workflow runs on its own."""

    start: dt.time  # first run at or after this time
    end: dt.time  # no run at or after this time; 00:00 means midnight
    every: int  # minutes between runs
    days: tuple[int, ...] = tuple(range(7))  # 0 = Monday

    def local_hours(self) -> list[int]:
        """Local hours of the day that hold a run."""
        end_minutes = self.end.hour * 60 + self.end.minute or 24 * 60
        last = max(end_minutes - 1, self.start.hour * 60 + self.start.minute)
        return list(range(self.start.hour, last // 60 + 1))

    def describe(self) -> str:
        """``07:00–21:00, every 20 minutes`` for messages."""
        names = ", ".join(DAY_NAMES[d] for d in self.days)
        days = "" if len(self.days) == 7 else _(" on {days}").format(days=names)
        return _("{start}–{end}{days}, every {every} minutes").format(
            start=f"{self.start:%H:%M}", end=f"{self.end:%H:%M}", days=days, every=self.every
        )


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAY = ActiveHours(dt.time(0, 0), dt.time(0, 0), 15)


def active_hours(settings: Mapping[str, Any], slot_times: Iterable[dt.time]) -> ActiveHours:
    """The plan's ``active_hours``, or the hours its slots use, or the whole day.

    ``settings["active_hours"]`` is the checked mapping from schedule.yaml. Without
    it, runs span from the hour of the first slot to an hour after the last one.
    """
    raw = settings.get("active_hours")
    if isinstance(raw, ActiveHours):
        return raw
    times = sorted(slot_times)
    if not times:
        return ALL_DAY
    last = min(times[-1].hour + 2, 24)
    return ActiveHours(dt.time(times[0].hour), dt.time(last % 24), 20)


def plan_hours(schedule: Schedule) -> ActiveHours:
    """:func:`active_hours` of a checked schedule.yaml."""
    return active_hours(schedule.settings, (t for s in schedule.slots.values() for t in s.times))


def utc_offsets(timezone: str, year: int) -> list[int]:
    """The zone's UTC offsets (minutes) in ``year``: one, or two with DST."""
    zone = ZoneInfo(timezone)
    offsets = set()
    for month in range(1, 13):
        for day in (1, 15):
            off = dt.datetime(year, month, day, 12, tzinfo=zone).utcoffset()
            assert off is not None
            offsets.add(int(off.total_seconds() // 60))
    return sorted(offsets)


def cron_lines(hours: ActiveHours, timezone: str, year: int) -> list[str]:
    """Cron lines (UTC) that run inside ``hours`` under every offset of the zone."""
    minutes = sorted({(MINUTE_OFFSET + k * hours.every) % 60 for k in range(60 // hours.every)})
    by_day: dict[int, set[int]] = {}
    for offset in utc_offsets(timezone, year):
        for day in hours.days:
            for hour in hours.local_hours():
                utc = day * 24 * 60 + hour * 60 - offset
                utc_day, rest = divmod(utc % WEEK, 24 * 60)
                by_day.setdefault(utc_day, set()).add(rest // 60)
    # One line per group of days with the same hours.
    groups: dict[tuple[int, ...], list[int]] = {}
    for day, day_hours in sorted(by_day.items()):
        groups.setdefault(tuple(sorted(day_hours)), []).append(day)
    minute_field = ",".join(map(str, minutes))
    lines = []
    for hs, days in groups.items():
        day_field = "*" if len(days) == 7 else ",".join(str((d + 1) % 7) for d in days)
        lines.append(f"{minute_field} {_ranges(hs)} * * {day_field}")
    return lines


def _ranges(values: tuple[int, ...]) -> str:
    if len(values) == 24:
        return "*"
    parts: list[str] = []
    start = prev = values[0]
    for v in (*values[1:], None):
        if v is not None and v == prev + 1:
            prev = v
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if v is not None:
            start = prev = v
    return ",".join(parts)


class CronError(ValueError):
    """A cron line we cannot read."""


_FIELD_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


def _field(text: str, low: int, high: int) -> set[int]:
    out: set[int] = set()
    for part in text.split(","):
        m = re.fullmatch(r"(\*|\d+(?:-\d+)?)(?:/(\d+))?", part.strip())
        if m is None:
            raise CronError(f"cannot read '{part}'")
        span, step = m.group(1), int(m.group(2) or 1)
        if span == "*":
            a, b = low, high
        elif "-" in span:
            a, b = (int(x) for x in span.split("-"))
        else:
            a = b = int(span)
            if m.group(2):
                b = high
        if not (low <= a <= b <= high) or step < 1:
            raise CronError(f"'{part}' is outside {low}–{high}")
        out.update(range(a, b + 1, step))
    return out


def week_minutes(lines: Iterable[str]) -> list[int]:
    """The minutes of a UTC week (0 = Monday 00:00) at which ``lines`` run, sorted.

    Day-of-month and month fields must be ``*``: a publish schedule repeats weekly.
    """
    runs: set[int] = set()
    for line in lines:
        fields = line.split()
        if len(fields) != 5:
            raise CronError(_("'{line}' needs five fields").format(line=line))
        minutes, hours, _day, _month, dow = (
            _field(f, lo, hi) for f, (lo, hi) in zip(fields, _FIELD_RANGES, strict=True)
        )
        if fields[2] != "*" or fields[3] != "*":
            raise CronError(
                _("'{line}': only weekly schedules (day of month and month '*')").format(line=line)
            )
        for d in {(x - 1) % 7 for x in dow}:  # cron: 0 and 7 are Sunday
            for h in hours:
                runs.update(d * 24 * 60 + h * 60 + m for m in minutes)
    return sorted(runs)


def next_run(runs: list[int], when: dt.datetime) -> dt.datetime | None:
    """The first run at or after ``when`` (aware), or None without runs."""
    if not runs:
        return None
    utc = when.astimezone(dt.UTC).replace(second=0, microsecond=0)
    if utc < when.astimezone(dt.UTC):
        utc += dt.timedelta(minutes=1)
    pos = utc.weekday() * 24 * 60 + utc.hour * 60 + utc.minute
    i = bisect.bisect_left(runs, pos)
    wait = runs[i] - pos if i < len(runs) else WEEK - pos + runs[0]
    return utc + dt.timedelta(minutes=wait)


@dataclass(frozen=True)
class Usage:
    """Assumptions of the estimate; every number can be changed on the command line."""

    pushes: int = 40  # merges to the default branch a month (publish + site)
    pr_pushes: int = 60  # pushes to pull requests a month (check + comment)
    publish_minutes: int = 1  # a publish job: checkout, hashed install, publish
    checklist_minutes: int = 1
    check_minutes: int = 2
    comment_minutes: int = 1
    site_minutes: int = 2


@dataclass(frozen=True)
class CostLine:
    """One row of the estimate: what runs, how often, how many minutes each."""

    what: str
    runs: float
    minutes: int

    @property
    def total(self) -> float:
        """Minutes a month."""
        return self.runs * self.minutes


def monthly_cost(
    runs_per_week: int,
    *,
    checklist_per_week: int,
    usage: Usage,
    site: bool,
) -> list[CostLine]:
    """The estimate, one line per job; the sum is the month's billed minutes."""
    weeks = DAYS_PER_MONTH / 7
    lines = [
        CostLine(N_("publish (schedule)"), runs_per_week * weeks, usage.publish_minutes),
        CostLine(N_("publish (merges)"), usage.pushes, usage.publish_minutes),
    ]
    if checklist_per_week:
        lines.append(
            CostLine(
                N_("manual checklist"),
                checklist_per_week * weeks + usage.pushes,
                usage.checklist_minutes,
            )
        )
    lines.append(CostLine(N_("check (pull requests)"), usage.pr_pushes, usage.check_minutes))
    lines.append(CostLine(N_("preview comment"), usage.pr_pushes, usage.comment_minutes))
    if site:
        lines.append(CostLine(N_("preview site"), usage.pushes, usage.site_minutes))
    return lines


def total(lines: Iterable[CostLine]) -> int:
    """Billed minutes a month, rounded up."""
    return math.ceil(sum(line.total for line in lines))


@dataclass(frozen=True)
class CostReport:
    """``smmgen github cost``: the estimate for the workflow as it is, and as suggested."""

    timezone: str
    hours: ActiveHours
    hours_source: str  # where the hours come from, for the text
    suggested_cron: tuple[str, ...]
    workflow: str
    workflow_cron: tuple[str, ...]
    runs_per_week: int
    lines: tuple[CostLine, ...]
    suggested_lines: tuple[CostLine, ...]

    @property
    def minutes(self) -> int:
        """Billed minutes a month with the workflow as it is."""
        return total(self.lines)

    @property
    def suggested_minutes(self) -> int:
        """Billed minutes a month with the suggested cron."""
        return total(self.suggested_lines)

    @property
    def within_free(self) -> bool:
        """Whether the workflow as it is stays within GitHub Free's minutes."""
        return self.minutes <= FREE_MINUTES

    def as_json(self) -> str:
        """The report as JSON (for scripts)."""
        import json

        def rows(lines: Iterable[CostLine]) -> list[dict[str, Any]]:
            return [
                {
                    "job": x.what,
                    "runs": round(x.runs, 1),
                    "minutes_per_run": x.minutes,
                    "minutes": math.ceil(x.total),
                }
                for x in lines
            ]

        return json.dumps(
            {
                "timezone": self.timezone,
                "active_hours": self.hours.describe(),
                "workflow": self.workflow,
                "workflow_cron": list(self.workflow_cron),
                "minutes": self.minutes,
                "jobs": rows(self.lines),
                "suggested_cron": list(self.suggested_cron),
                "suggested_minutes": self.suggested_minutes,
                "free_minutes": FREE_MINUTES,
                "within_free": self.within_free,
            },
            indent=2,
        )

    def as_text(self) -> str:
        """The computation, step by step, as the docs show it."""
        crons = ", ".join(f'"{c}"' for c in self.workflow_cron) or _("never (no schedule)")
        out = [
            _("GitHub Actions minutes a month for this repository (private; public ones are free)"),
            "",
            _("{workflow} runs on its own: {crons} (UTC) = {runs} runs a week").format(
                workflow=self.workflow, crons=crons, runs=self.runs_per_week
            ),
            "",
            *_table(self.lines),
            "",
        ]
        verdict = (
            _("{minutes} minutes: within the {free} of GitHub Free (3,000 on Team/Pro).")
            if self.within_free
            else _("{minutes} minutes: OVER the {free} of GitHub Free (3,000 on Team/Pro).")
        )
        out.append(verdict.format(minutes=number(self.minutes), free=number(FREE_MINUTES)))
        if tuple(self.suggested_cron) != tuple(self.workflow_cron):
            out += [
                "",
                f"{_(self.hours_source)}: {self.hours.describe()} ({self.timezone}).",
                _("For these hours under both of the zone's UTC offsets, use in the workflow:"),
                "  schedule:",
                *(f'    - cron: "{c}"' for c in self.suggested_cron),
                _("That costs {minutes} minutes a month.").format(
                    minutes=number(self.suggested_minutes)
                ),
            ]
        pr_pushes = next(x.runs for x in self.lines if x.what.startswith("check"))
        out += [
            "",
            _(
                "Punctuality: a post goes out at the first run after its time, within "
                "{every} minutes, plus GitHub's own delay of scheduled runs (usually "
                "a few minutes, up to 15–30 at busy times, most at the full hour)."
            ).format(every=self.hours.every),
            _(
                "Assumed per month: {merges} merges, {pr_pushes} pushes to "
                "pull requests; change them with --pushes, --pr-pushes, --publish-minutes."
            ).format(merges=f"{self.lines[1].runs:.0f}", pr_pushes=f"{pr_pushes:.0f}"),
            _("Billing rules: {url}").format(url=BILLING_DOCS),
        ]
        return "\n".join(out)


def _table(lines: Iterable[CostLine]) -> list[str]:
    rows = [(_("job"), _("runs/month"), _("min/run"), _("minutes"))]
    rows += [(_(x.what), number(x.runs), str(x.minutes), number(math.ceil(x.total))) for x in lines]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return [
        f"  {r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]:>{widths[3]}}"
        for r in rows
    ]


def workflow_cron(path: Any) -> tuple[str, ...]:
    """The cron lines of a workflow file's ``on.schedule``."""
    import yaml

    data = yaml.safe_load(path.read_text("utf-8")) or {}
    # YAML 1.1 reads the key `on` as true.
    on = data.get("on", data.get(True)) if isinstance(data, dict) else None
    schedule = on.get("schedule") if isinstance(on, dict) else None
    return tuple(
        str(item["cron"]) for item in schedule or () if isinstance(item, dict) and "cron" in item
    )


def cost_report(
    base: Any, schedule: Any, workflow: Any, *, pushes: int, pr_pushes: int, publish_minutes: int
) -> CostReport:
    """Estimate the month's minutes from ``schedule`` and the workflow under ``base``."""
    from .errors import ConfigError
    from .networks import by_hand

    hours = plan_hours(schedule)
    suggested = tuple(cron_lines(hours, schedule.timezone, dt.date.today().year))
    path = workflow if workflow.is_absolute() else base / workflow
    import yaml

    try:
        current = workflow_cron(path)
        runs = week_minutes(current)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(
            _("cannot read the schedule of {path}: {exc}").format(path=path, exc=exc)
        ) from None
    usage = Usage(pushes=pushes, pr_pushes=pr_pushes, publish_minutes=publish_minutes)
    manual = any(by_hand(a.network) for a in schedule.accounts.values())
    site = (base / ".github/workflows/site.yml").is_file()

    def estimate(week: list[int]) -> tuple[CostLine, ...]:
        # The checklist job runs when a run has manual posts, and at the first
        # run of each hour to close a finished checklist.
        hourly = len({m // 60 for m in week}) if manual else 0
        return tuple(monthly_cost(len(week), checklist_per_week=hourly, usage=usage, site=site))

    return CostReport(
        timezone=schedule.timezone,
        hours=hours,
        hours_source=(
            N_("active_hours in schedule.yaml")
            if "active_hours" in schedule.settings
            else N_("No active_hours in schedule.yaml; around the slot times")
        ),
        suggested_cron=suggested,
        workflow=path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path),
        workflow_cron=current,
        runs_per_week=len(runs),
        lines=estimate(runs),
        suggested_lines=estimate(week_minutes(suggested)),
    )


LATE_WARNING = dt.timedelta(hours=1)  # a post this late after its time is worth a word


def run_problems(
    root: Any, schedule: Schedule, timed: Iterable[tuple[str, dt.datetime, int]]
) -> list[Problem]:
    """Posts the publish workflow's schedule would send late, and a cron behind active_hours.

    ``timed``: (path, time, line) of each ready post with a fixed time still to
    come. A post is sent at the first run after its time: later than max_delay
    is an error (it would be held as missed), over an hour a warning.
    """
    from .wiring import PUBLISH_WORKFLOW

    read = _publish_runs(root / PUBLISH_WORKFLOW)
    if read is None:
        return []
    current, runs = read
    problems: list[Problem] = []
    outdated = _cron_outdated(schedule, current)
    if outdated is not None:
        problems.append(outdated)
    for rel, when, line in timed:
        late = _late_post(schedule, runs, rel, when, line)
        if late is not None:
            problems.append(late)
    return problems


def _publish_runs(path: Any) -> tuple[tuple[str, ...], list[int]] | None:
    """The publish workflow's cron lines and its runs in a week, or None when it has none.

    A missing workflow means publishing happens elsewhere; an unreadable one is
    reported by the secrets-wiring check.
    """
    import yaml

    try:
        current = workflow_cron(path)
        runs = week_minutes(current)
    except (OSError, ValueError, yaml.YAMLError):
        return None
    if not current:
        return None  # no schedule: push and manual runs only
    return current, runs


def _cron_outdated(schedule: Schedule, current: tuple[str, ...]) -> Problem | None:
    """A warning when the workflow's cron is not what ``active_hours`` asks for, else None."""
    from .problems import warning
    from .wiring import PUBLISH_WORKFLOW

    if "active_hours" not in schedule.settings:
        return None
    hours = plan_hours(schedule)
    suggested = cron_lines(hours, schedule.timezone, dt.date.today().year)
    if sorted(suggested) == sorted(current):
        return None
    runs_at = ", ".join(f'"{c}"' for c in current)
    put = ", ".join(f'cron: "{c}"' for c in suggested)
    return warning(
        schedule.path,
        schedule.lines.get("active_hours", 1),
        "schedule/cron-outdated",
        _(
            "{publish_workflow} runs at {runs_at} (UTC), not at "
            "active_hours ({describe}); put {put} under its schedule "
            "(smmgen github cost shows why)"
        ).format(
            publish_workflow=PUBLISH_WORKFLOW, runs_at=runs_at, describe=hours.describe(), put=put
        ),
    )


def _late_post(
    schedule: Schedule, runs: list[int], rel: str, when: dt.datetime, line: int
) -> Problem | None:
    """An error (past max_delay) or warning (over an hour) for a post the runs send late."""
    from .problems import error, warning
    from .timing import duration
    from .wiring import PUBLISH_WORKFLOW

    first = next_run(runs, when)
    if first is None or first - when <= LATE_WARNING:
        return None
    late = first - when
    tz = ZoneInfo(schedule.timezone)
    local, next_at = when.astimezone(tz), first.astimezone(tz)
    if late > schedule.max_delay:
        return error(
            rel,
            line,
            "post/outside-runs",
            _(
                "publish_at {local:%Y-%m-%d %H:%M} is outside the hours "
                "{publish_workflow} runs; the next run is at {next_at:%a "
                "%H:%M}, {duration} later, beyond max_delay {duration2}, so "
                "it would be held as missed: move it into active_hours or "
                "widen them in schedule.yaml"
            ).format(
                local=local,
                publish_workflow=PUBLISH_WORKFLOW,
                next_at=next_at,
                duration=duration(late),
                duration2=duration(schedule.max_delay),
            ),
        )
    return warning(
        rel,
        line,
        "post/outside-runs",
        _(
            "publish_at {local:%Y-%m-%d %H:%M} is outside the hours "
            "{publish_workflow} runs; the next run is at {next_at:%a "
            "%H:%M}, {duration} later: move it, or widen active_hours in "
            "schedule.yaml"
        ).format(
            local=local, publish_workflow=PUBLISH_WORKFLOW, next_at=next_at, duration=duration(late)
        ),
    )

"""When the publish workflow runs and what it costs: `smmgen github cost`, active_hours.

The cron lines are checked by what they do: every local minute inside the active
hours, in winter and in summer, has a run within `every` minutes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from smmgen.actions_cost import ActiveHours, CronError, cron_lines, next_run, week_minutes
from tests.helpers.content_repo import Repo, one
from tests.helpers.publishing import NOON, SCHEDULE, Webhook, env_for, post_text, publishing

ROOT = Path(__file__).resolve().parent.parent


def _runs_cover(hours: ActiveHours, zone: str, local: dt.datetime) -> bool:
    runs = week_minutes(cron_lines(hours, zone, local.year))
    first = next_run(runs, local.replace(tzinfo=ZoneInfo(zone)))
    assert first is not None
    return first - local.replace(tzinfo=ZoneInfo(zone)) <= dt.timedelta(minutes=hours.every)


def test_berlin_office_hours_give_one_line_for_summer_and_winter() -> None:
    hours = ActiveHours(dt.time(8), dt.time(20), 20)
    assert cron_lines(hours, "Europe/Berlin", 2026) == ["7,27,47 6-18 * * *"]
    # A zone without daylight saving time needs no extra hour.
    assert cron_lines(ActiveHours(dt.time(9), dt.time(18), 30), "Asia/Tokyo", 2026) == [
        "7,37 0-8 * * *"
    ]


ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC"]


@settings(max_examples=300)
@given(
    zone=st.sampled_from(ZONES),
    start=st.integers(0, 22),
    length=st.integers(1, 10),
    every=st.sampled_from([5, 10, 15, 20, 30, 60]),
    days=st.sets(st.integers(0, 6), min_size=1),
    day_of_year=st.integers(0, 364),
    minute=st.integers(0, 10 * 60),
)
def test_every_minute_inside_active_hours_has_a_run_soon(
    zone: str,
    start: int,
    length: int,
    every: int,
    days: set[int],
    day_of_year: int,
    minute: int,
) -> None:
    end = min(start + length, 24)
    hours = ActiveHours(dt.time(start), dt.time(end % 24), every, tuple(sorted(days)))
    # Only times inside the window, on an active day, with a run still to come
    # before the window closes, must be served within `every` minutes.
    if minute > (end - start) * 60 - every:
        return
    local = dt.datetime(2026, 1, 1) + dt.timedelta(days=day_of_year, hours=start, minutes=minute)
    if local.weekday() not in days:
        return
    if ZoneInfo(zone).utcoffset(local) != ZoneInfo(zone).utcoffset(
        local + dt.timedelta(minutes=every)
    ):
        return  # the hour of a DST switch itself
    assert _runs_cover(hours, zone, local)


def test_cron_lines_are_read_like_githubs_scheduler() -> None:
    assert len(week_minutes(["7,22,37,52 * * * *"])) == 4 * 24 * 7
    assert len(week_minutes(["*/5 8-17 * * 1-5"])) == 12 * 10 * 5
    assert week_minutes(["0 0 * * 0"]) == week_minutes(["0 0 * * 7"]) == [6 * 24 * 60]
    for bad in ("7 * * *", "61 * * * *", "7 * 1 * *", "a * * * *"):
        with pytest.raises(CronError):
            week_minutes([bad])


def test_the_bundled_workflows_run_when_their_schedules_say(repo: Repo) -> None:
    """The example and the scaffold: publish.yml's cron is what `github cost` suggests."""
    for schedule, workflow in (
        (ROOT / "schedule.yaml", ROOT / ".github/workflows/publish.yml"),
        (
            ROOT / "smmgen/scaffold/schedule.yaml",
            ROOT / "smmgen/scaffold/dot-github/workflows/publish.yml",
        ),
    ):
        repo.write("schedule.yaml", schedule.read_text("utf-8"))
        repo.write(".github/workflows/publish.yml", workflow.read_text("utf-8"))
        result = repo.run("github", "cost", "--format", "json")
        report = json.loads(result.stdout)
        assert report["workflow_cron"] == report["suggested_cron"], workflow
        assert report["minutes"] <= 2000 and result.exit_code == 0, report


def test_cost_shows_the_computation_and_fails_over_the_free_minutes(repo: Repo) -> None:
    workflow = {"on": {"schedule": [{"cron": "*/5 * * * *"}]}, "jobs": {}}
    repo.write(".github/workflows/publish.yml", yaml.safe_dump(workflow))
    result = repo.run("github", "cost")
    assert result.exit_code == 1
    # 12 runs an hour, all week: 2016 a week, 8,766 a month at one minute each.
    assert "2016 runs a week" in result.stdout
    assert "publish (schedule)" in result.stdout and "8,766" in result.stdout
    assert "OVER the 2,000" in result.stdout
    # The suggestion: the fixture's only slot is 09:30 (Europe/Berlin).
    assert '- cron: "7,27,47 7-9 * * *"' in result.stdout

    data = json.loads(repo.run("github", "cost", "--format", "json").stdout)
    assert data["minutes"] == sum(job["minutes"] for job in data["jobs"])
    cheaper = repo.run("github", "cost", "--pushes", "0", "--pr-pushes", "0", "--format", "json")
    assert json.loads(cheaper.stdout)["minutes"] < data["minutes"]


def test_a_missing_workflow_is_a_clear_error(repo: Repo) -> None:
    result = repo.run("github", "cost")
    assert result.exit_code == 2 and "publish.yml" in result.output


def test_active_hours_mistakes_are_reported_with_their_line(repo: Repo) -> None:
    schedule = (repo.root / "schedule.yaml").read_text("utf-8")
    repo.write(
        "schedule.yaml",
        schedule + 'active_hours:\n  from: "25:00"\n  to: "20:00"\n  every: 7m\n',
    )
    problems = [p for p in repo.check() if p["rule"] == "schedule/active-hours"]
    lines = schedule.count("\n")
    assert {(p["line"], p["severity"]) for p in problems} == {
        (lines + 2, "error"),
        (lines + 4, "error"),
    }
    assert "HH:MM" in problems[0]["message"] and "20m" in problems[1]["message"]

    repo.write("schedule.yaml", schedule + 'active_hours:\n  from: "20:00"\n  to: "08:00"\n')
    problem = one(repo.check(), "schedule/active-hours")
    assert problem["line"] == lines + 3 and "after 'from'" in problem["message"]


def test_publish_tells_the_workflow_when_the_checklist_job_must_run(
    repo: Repo, httpserver: HTTPServer, tmp_path: Path
) -> None:
    pub = publishing(repo)
    hook = Webhook(httpserver)
    out = tmp_path / "github_output"

    def outputs(*args: str, event: str = "schedule") -> dict[str, str]:
        out.write_text("")
        env = {**env_for(hook, hook), "GITHUB_OUTPUT": str(out), "GITHUB_EVENT_NAME": event}
        pub.run("publish", "--at", NOON, *args, env=env)
        return dict(line.split("=", 1) for line in out.read_text().splitlines())

    pub.post("a", post_text(networks="chat", body="Nur Discord."))
    assert outputs()["manual-due"] == "0"
    pub.post("b", post_text(networks="xing", body="Von Hand."))
    assert outputs("--dry-run") == {"manual-due": "1", "checklist": "true"}

    # Without manual accounts the checklist job never runs.
    manual = "  xing:\n    network: manual\n    platform: XING\n    max_length: 3000\n"
    manual += "    url: https://www.xing.com/pages/bergwerk\n"
    assert manual in SCHEDULE
    pub.write("schedule.yaml", SCHEDULE.replace(manual, "").replace(", xing]", "]"))
    (pub.root / "content/b.md").unlink()
    assert outputs(event="push") == {"manual-due": "0", "checklist": "false"}


def test_check_flags_posts_the_publish_schedule_would_send_late(repo: Repo) -> None:
    workflow = {"on": {"schedule": [{"cron": "7,27,47 6-18 * * *"}]}, "jobs": {}}
    repo.write(".github/workflows/publish.yml", yaml.safe_dump(workflow))
    # 08:00–20:00 Berlin in winter is 07:00–19:00 UTC: runs until 18:47 UTC.
    repo.post("fine", "---\npublish_at: 2026-12-02 09:30\nnetworks: [masto]\n---\nA\n")
    repo.post("night", "---\npublish_at: 2026-12-02 23:30\nnetworks: [masto]\n---\nB\n")
    problems = [p for p in repo.check() if p["rule"] == "post/outside-runs"]
    assert [(p["path"], p["line"], p["severity"]) for p in problems] == [
        ("content/night.md", 2, "error")
    ]
    assert "next run is at Thu 07:07, 7h37m later" in problems[0]["message"]
    assert "held as missed" in problems[0]["message"]

    # With a longer max_delay the same post only goes out late: a warning.
    schedule = (repo.root / "schedule.yaml").read_text("utf-8")
    repo.write("schedule.yaml", schedule + "max_delay: 12h\n")
    (p,) = [p for p in repo.check() if p["rule"] == "post/outside-runs"]
    assert p["severity"] == "warning"


def test_check_says_when_the_cron_no_longer_follows_active_hours(repo: Repo) -> None:
    workflow = {"on": {"schedule": [{"cron": "*/15 * * * *"}]}, "jobs": {}}
    repo.write(".github/workflows/publish.yml", yaml.safe_dump(workflow))
    schedule = (repo.root / "schedule.yaml").read_text("utf-8")
    line = schedule.count("\n") + 1
    repo.write("schedule.yaml", schedule + 'active_hours: {from: "08:00", to: "20:00"}\n')
    (p,) = [p for p in repo.check() if p["rule"] == "schedule/cron-outdated"]
    assert (p["path"], p["line"], p["severity"]) == ("schedule.yaml", line, "warning")
    assert 'cron: "7,27,47 6-18 * * *"' in p["message"]
    workflow["on"]["schedule"] = [{"cron": "7,27,47 6-18 * * *"}]
    repo.write(".github/workflows/publish.yml", yaml.safe_dump(workflow))
    assert not [p for p in repo.check() if p["rule"] == "schedule/cron-outdated"]

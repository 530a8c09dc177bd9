"""``--at`` means the same in every command that plans or checks as of a time.

One function reads it (:func:`smmgen.plan.resolve_at`): the same text gives the
same time, and text that is not a time the same usage error, everywhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from smmgen.cli import main

SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  xing:
    network: manual
    platform: XING
    max_length: 3000
"""
POST = "---\npublish_at: 2026-12-02 09:00\nnetworks: [xing]\n---\n\nHallo Berge.\n"
COMMANDS = [
    ("plan",),
    ("publish", "--dry-run"),
    ("stats",),
    ("stats", "collect"),
    ("check",),
    ("github", "checklist"),  # the plan is read before GitHub is asked
]
ENV = {"GITHUB_ACTIONS": None, "GITHUB_OUTPUT": None, "SMMGEN_AT": None}


def invoke(*args: str, env: dict[str, str | None] = ENV) -> Any:
    return CliRunner().invoke(main, list(args), env=env)


@pytest.fixture
def manual(repo: Any) -> Any:
    repo.write("schedule.yaml", SCHEDULE)
    repo.post("hallo", POST)
    return repo


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_text_that_is_not_a_time_is_the_same_usage_error_everywhere(
    manual: Any, command: tuple[str, ...]
) -> None:
    result = invoke(*command, "--at", "next tuesday")
    assert result.exit_code == 2, result.output
    assert "--at 'next tuesday' is not a time; write 'YYYY-MM-DD HH:MM'" in result.output


def test_plan_and_publish_read_the_same_time(manual: Any) -> None:
    at = "2026-12-02 10:00"
    plan = invoke("plan", "--at", at)
    publish = invoke("publish", "--dry-run", "--at", at)
    assert plan.stdout.startswith("Plan at 2026-12-02 10:00 (Europe/Berlin)\n"), plan.output
    assert publish.stdout.startswith("publishing as of 2026-12-02 10:00 (Europe/Berlin)\n")


def test_new_with_a_clock_that_is_not_a_time_is_a_usage_error(manual: Any) -> None:
    env = {**ENV, "SMMGEN_AT": "soon"}
    result = invoke("new", "Hallo", "--accounts", "xing", "--slot", env=env)
    assert result.exit_code == 2, result.output
    assert "--at 'soon' is not a time" in result.output


def test_a_time_with_an_offset_is_shown_in_the_schedules_zone(manual: Any) -> None:
    plan = invoke("plan", "--at", "2026-12-02T09:00:00+00:00")
    publish = invoke("publish", "--dry-run", "--at", "2026-12-02T09:00:00Z")
    # 09:00 UTC is 10:00 in Berlin in December: the time, not just its label, is Berlin's.
    assert plan.stdout.startswith("Plan at 2026-12-02 10:00 (Europe/Berlin)\n"), plan.output
    assert publish.stdout.startswith("publishing as of 2026-12-02 10:00 (Europe/Berlin)\n")

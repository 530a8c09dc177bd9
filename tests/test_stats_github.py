"""`smmgen github report`: one `smmgen-report` issue per week, on the local GitHub API."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.fake_github import FakeGitHub, body_file, run, user


def test_one_issue_per_week_and_last_weeks_is_closed(
    gh: FakeGitHub,
    tmp_path: Path,
) -> None:
    first = body_file(tmp_path, "## Statistics\n\n| post | likes |\n|---|---|\n| a | 1 |\n")
    result = run(gh, "report", "--body-file", first, "--week", "2026-W49")
    assert result.stdout == "created the 'smmgen-report' issue for 2026-W49\n", result.output
    (number,) = gh.issues
    issue = gh.issues[number]
    assert issue["title"] == "Statistics 2026-W49"
    assert [x["name"] for x in issue["labels"]] == ["smmgen-report"]

    again = run(gh, "report", "--body-file", first, "--week", "2026-W49")
    assert again.stdout.startswith("unchanged")
    second = body_file(tmp_path, "## Statistics\n\n| a | 2 |\n", "two.md")
    assert run(gh, "report", "--body-file", second, "--week", "2026-W49").stdout.startswith(
        "updated"
    )
    assert "| a | 2 |" in gh.issues[number]["body"] and len(gh.issues) == 1

    # Someone else's issue with the label stays; our last week's closes.
    other = gh.issue(user(gh.base, "marie", 77), "My notes", "x", ["smmgen-report"])
    assert run(gh, "report", "--body-file", second, "--week", "2026-W50").stdout.startswith(
        "created"
    )
    assert gh.issues[number]["state"] == "closed"
    assert gh.issues[other]["state"] == "open"
    newest = max(gh.issues)
    assert gh.issues[newest]["title"] == "Statistics 2026-W50"


def test_the_report_body_is_disarmed(gh: FakeGitHub, tmp_path: Path) -> None:
    hostile = body_file(tmp_path, "| @everyone ![x](https://evil.example/p.png) | 1 |\n")
    assert run(gh, "report", "--body-file", hostile, "--week", "2026-W49").exit_code == 0
    (issue,) = gh.issues.values()
    assert "@everyone" not in issue["body"] and "@\u200beveryone" in issue["body"]
    assert "![x](" not in issue["body"]
    assert run(gh, "report", "--body-file", hostile, "--week", "W49").exit_code == 2

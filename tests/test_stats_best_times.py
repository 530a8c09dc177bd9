"""Best times from the team's own statistics, beside the slots in `plan` and the week page."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from smmgen.cli import main
from smmgen.stats.store import HEADER
from tests.helpers.stats import ledger, repo_with

ACCOUNTS = "  bsky:\n    network: bluesky\n    handle: ours.test\n    password_env: BSKY_PW\n"
SLOTS = 'slots:\n  morning:\n    days: [mon]\n    times: ["09:30"]\n    accounts: [bsky]\n'


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def history(tmp_path: Path) -> Path:
    """Two posts on Tuesdays at 09 UTC (many likes), two on Fridays at 17 (few), one Sunday."""
    root = repo_with(tmp_path, ACCOUNTS, SLOTS)
    rows = []
    for n, (at, likes) in enumerate(
        [
            ("2026-11-03T09:00", 40),
            ("2026-11-10T09:10", 60),
            ("2026-11-06T17:00", 3),
            ("2026-11-13T17:20", 5),
            ("2026-11-15T08:00", 500),
        ]
    ):
        name = f"p{n}"
        (root / "content" / f"{name}.md").write_text(
            f"---\npublish_at: {at[:10]} {at[11:]}\nnetworks: [bsky]\n---\n\nText {n}\n", "utf-8"
        )
        ledger(root, [(name, "bsky", f"at://d/p/{n}")], at=f"{at}:00+00:00")
        rows.append(f"2026-11-20T00:00:00Z,{name},bsky,bluesky,24h,ok,{likes},0,0,0,,,,,\n")
    (root / "stats").mkdir()
    (root / "stats" / "2026-11.csv").write_text(HEADER + "".join(rows), "utf-8")
    return root


def test_plan_suggests_the_hours_that_worked_beside_the_slots(tmp_path: Path) -> None:
    root = history(tmp_path)
    text = run(root, "plan", "--at", "2026-11-28 12:00")
    assert "Best times from your statistics (last 90 days" in text
    # The Sunday post alone is an anecdote (one post): not a best time.
    assert (
        "bluesky: Tue 09:00 (2 posts, 50.0 on average); Fri 17:00 (2 posts, 4.0 on average)" in text
    )
    assert "your slots: morning Mon 09:30" in text
    data = json.loads(run(root, "plan", "--at", "2026-11-28 12:00", "--format", "json"))
    assert data["best_times"]["bluesky"][0] == {
        "weekday": "tue",
        "hour": 9,
        "posts": 2,
        "mean": 50.0,
    }
    # Older than 90 days, the history no longer counts.
    assert "Best times" not in run(root, "plan", "--at", "2027-03-01 12:00")


def test_the_week_page_shows_the_best_times(tmp_path: Path) -> None:
    root = history(tmp_path)
    out = tmp_path / "site"
    run(root, "build", "--out", str(out), "--at", "2026-11-28 12:00")
    week = (out / "week.html").read_text("utf-8")
    assert "Best times from your statistics" in week
    assert "Tue 09:00 (2 posts, 50.0 on average)" in week


def test_without_statistics_nothing_is_suggested(tmp_path: Path) -> None:
    root = repo_with(tmp_path, ACCOUNTS, SLOTS)
    assert "Best times" not in run(root, "plan", "--at", "2026-11-28 12:00")
    data = json.loads(run(root, "plan", "--at", "2026-11-28 12:00", "--format", "json"))
    assert data["best_times"] == {}

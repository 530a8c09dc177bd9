"""The exact bytes `plan` and `publish --dry-run` print, on one fixed example.

States, hold reasons and outcome kinds are typed values inside smmgen; what
people and scripts read (the JSON keys and words, the text columns) must not
change with that. Each held reason below is one a user sees in the plan.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from smmgen.cli import main
from smmgen.ledger import LEDGER_FILE, Ledger, Record

SCHEDULE = """\
timezone: Europe/Berlin
max_delay: 6h
accounts:
  chat:
    network: discord
    webhook_env: SMMGEN_GOLDEN_HOOK
  chat2:
    network: discord
    webhook_env: SMMGEN_GOLDEN_HOOK_2
  xing:
    network: manual
    platform: XING
    max_length: 3000
"""
ENV = {
    "SMMGEN_GOLDEN_HOOK": "https://discord.invalid/api/webhooks/1/golden",
    "SMMGEN_GOLDEN_HOOK_2": "",
    "GITHUB_ACTIONS": None,
    "GITHUB_OUTPUT": None,
}
AT = "2026-12-02 12:00"
GOLDEN = Path(__file__).parent / "data" / "golden"


def post(when: str, networks: str = "chat", body: str = "Hallo Berge.", **front: str) -> str:
    lines = [f"publish_at: {when}", f"networks: [{networks}]"]
    lines += [f"{k}: {v}" for k, v in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def example(root: Path) -> None:
    """Due, upcoming and one post held for each of several reasons, on three accounts."""
    (root / "schedule.yaml").write_text(SCHEDULE, "utf-8")
    files = {
        "a-due": post("2026-12-02 09:00"),
        "b-next": post("2026-12-03 09:00"),
        "c-missed": post("2026-12-02 05:30"),
        "d-draft": post("2026-12-02 09:00", status="draft"),
        "e-both": post("2026-12-02 10:00", networks="chat, chat2, xing"),
        "f-broken": post("2026-12-02 09:00", body="x" * 2100),
        "g-sent": post("2026-12-01 09:00"),
        "h-unsure": post("2026-12-02 08:00"),
    }
    for name, text in files.items():
        (root / "content" / f"{name}.md").write_text(text, "utf-8")
    # Times of the records lie before any day this test runs: the claim is never within
    # its lease (in progress), whatever the wall clock says.
    Ledger(root / LEDGER_FILE).append(
        [
            Record(
                post="g-sent",
                account="chat",
                key="k",
                event="sent",
                at="2026-11-01T08:00:05+00:00",
                run="r1",
                remote_id="99",
                url="https://discord.com/channels/1/2/99",
                scheduled="2026-12-01T09:00:00+01:00",
            ),
            # Another machine's claim, long past its lease: an attempt that may have sent.
            Record(
                post="h-unsure",
                account="chat",
                key="k",
                event="claimed",
                at="2026-11-02T07:00:01+00:00",
                run="r2",
                host="elsewhere",
                pid=1,
                attempt=True,
                scheduled="2026-12-02T08:00:00+01:00",
            ),
        ]
    )


def test_plan_text_is_byte_identical(repo: Any) -> None:
    example(repo.root)
    result = CliRunner().invoke(main, ["plan", "--at", AT], env=ENV)
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "plan.txt").read_text("utf-8")


def test_plan_json_is_byte_identical(repo: Any) -> None:
    example(repo.root)
    result = CliRunner().invoke(main, ["plan", "--at", AT, "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "plan.json").read_text("utf-8")
    # Only plain JSON words: no state or reason leaks as a Python repr.
    data = json.loads(result.stdout)
    words = {
        e["reason"] for a in data["accounts"] for s in ("due", "upcoming", "held") for e in a[s]
    }
    assert words == {None, "draft", "invalid", "missed", "uncertain", "credentials", "edited"}


def test_publish_dry_run_text_is_byte_identical(repo: Any) -> None:
    example(repo.root)
    result = CliRunner().invoke(main, ["publish", "--dry-run", "--at", AT], env=ENV)
    assert result.stdout == (GOLDEN / "publish-dry-run.txt").read_text("utf-8")
    assert result.exit_code == 1  # f-broken has check errors, e-both lacks a variable

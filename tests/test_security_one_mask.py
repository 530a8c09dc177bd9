"""Every way smmgen reports what a server said masks secrets the same way: ``***``.

One local Mastodon that refuses every request and echoes the token in its
answer, with a line break and a workflow command after it. Each command that
talks to the network (publish, retract, stats collect, accounts check, inbox
fetch) reports that refusal: the token never shows, the one mask does, and
no line of what it printed (or wrote to the ledger) starts a workflow command.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from smmgen.ledger import LEDGER_FILE, Ledger, Record
from smmgen.secrets import MASK

TOKEN = "MASTOsecretONEmask1234567890"
SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  masto:
    network: mastodon
    instance: {instance}
    token_env: SMMGEN_TEST_MASTODON_TOKEN
"""
POST = "---\npublish_at: {when}\nnetworks: [masto]\n---\n\n{body}\n"
AT = "2026-12-02 12:00"


@pytest.fixture
def refusing(httpserver: HTTPServer) -> HTTPServer:
    """Mastodon answering every request 401, echoing the token it was given."""
    answer = {"error": f"The access token is invalid: Bearer {TOKEN}\n::error::injected"}
    httpserver.expect_request(re.compile(".*")).respond_with_json(answer, status=401)
    return httpserver


def smmgen(root: Path, *args: str) -> str:
    """Run smmgen as its own process; everything it printed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    env |= {"SMMGEN_TEST_MASTODON_TOKEN": TOKEN}
    done = subprocess.run(
        [sys.executable, "-m", "smmgen", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = done.stdout + done.stderr
    assert "Traceback" not in out, out
    # A failure (publish, retract, accounts check), or a refused read that is skipped
    # and reported (stats collect and inbox fetch go on with the other accounts).
    assert done.returncode in (0, 1), out
    return out


def repository(root: Path, server: HTTPServer) -> None:
    """A post due now, and one sent before (for retract and stats)."""
    (root / "content").mkdir(parents=True)
    (root / "schedule.yaml").write_text(SCHEDULE.format(instance=server.url_for("")), "utf-8")
    (root / "content" / "due.md").write_text(POST.format(when="2026-12-02 09:00", body="Hallo."))
    (root / "content" / "old.md").write_text(POST.format(when="2026-12-01 09:00", body="Gestern."))
    Ledger(root / LEDGER_FILE).append(
        [
            Record(
                post="old",
                account="masto",
                key="k",
                event="sent",  # type: ignore[arg-type]
                at="2026-11-20T08:00:02+00:00",
                run="r1",
                remote_id="111",
                url="https://masto.example/@me/111",
            )
        ]
    )


COMMANDS: dict[str, tuple[str, ...]] = {
    "publish": ("publish", "--at", AT),
    "retract": ("retract", "old"),
    "stats collect": ("stats", "collect", "--at", AT),
    "accounts check": ("accounts", "check"),
    "inbox fetch": ("inbox", "fetch"),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_output_path_masks_the_token_with_the_one_mask(
    command: str, refusing: HTTPServer, tmp_path: Path
) -> None:
    root = tmp_path / "repo"
    repository(root, refusing)
    out = smmgen(root, *COMMANDS[command])
    ledger = (root / LEDGER_FILE).read_text("utf-8")
    for text in (out, ledger):
        assert TOKEN not in text
        assert TOKEN[:8] not in text  # not even the start of it
        assert not any(line.lstrip().startswith("::") for line in text.splitlines()), text
    assert f"Bearer {MASK}" in out, out
    if command in ("publish", "retract"):
        assert f"Bearer {MASK}" in ledger  # the failure recorded, masked alike


def test_the_refusal_reached_each_command(refusing: HTTPServer, tmp_path: Path) -> None:
    """Each command above really asked the server (so each test saw a server's text)."""
    root = tmp_path / "repo"
    repository(root, refusing)
    asked: list[Any] = []
    for args in COMMANDS.values():
        before = len(refusing.log)
        smmgen(root, *args)
        asked.append(len(refusing.log) > before)
    assert asked == [True] * len(COMMANDS)

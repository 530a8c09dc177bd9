"""Pause now: `smmgen pause --commit` on one clone stops `smmgen publish --commit` on another.

Real git (two clones of a bare origin), real processes, the real Discord
adapter against a local webhook. The switch lives on the smmgen-state branch,
which the publish run fetches before it claims.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from smmgen.pause import PAUSE_FILE
from tests.helpers.content_repo import Repo
from tests.helpers.publishing import (
    NOON,
    Webhook,
    commit_all,
    git,
    post_text,
    publish_run,
    publishing,
)


@pytest.fixture
def pub(repo: Repo) -> Repo:
    return publishing(repo)


def smmgen(
    clone: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    return subprocess.run(
        [sys.executable, "-m", "smmgen", *args],
        cwd=clone,
        env=base | (env or {}),
        capture_output=True,
        text=True,
        timeout=120,
    )


def clones(pub: Repo, tmp_path: Path) -> tuple[Path, Path]:
    git(pub.root, "init", "-q", "-b", "main")
    commit_all(pub.root, "content", "2026-11-30T10:00:00+01:00")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(pub.root, "push", "-q", str(origin), "main")
    one, two = tmp_path / "one", tmp_path / "two"
    for clone in (one, two):
        git(tmp_path, "clone", "-q", str(origin), str(clone))
    return one, two


def test_pause_on_one_clone_stops_publishing_on_the_other_until_resume(
    pub: Repo, httpserver: HTTPServer, tmp_path: Path
) -> None:
    hook = Webhook(httpserver)
    pub.post("a", post_text(body="Post a."))
    admin, runner = clones(pub, tmp_path)

    paused = smmgen(admin, "pause", "--commit", "--reason", "wrong price", "--by", "alice")
    assert paused.returncode == 0, paused.stderr
    assert not (admin / PAUSE_FILE).exists()  # on the state branch, not in the working tree
    assert git(admin, "status", "--porcelain") == ""

    out, err = publish_run(runner, hook).communicate(timeout=120)
    assert hook.messages == [], out + err
    assert "PAUSED: paused now" in err and "by alice" in err and "wrong price" in err
    assert "paused" in out  # the summary row says why the post waits

    plan = json.loads(smmgen(runner, "plan", "--at", NOON, "--format", "json").stdout)
    [switch] = plan["paused"]
    assert (switch["switch"], switch["by"], switch["reason"]) == (
        "pause workflow",
        "alice",
        "wrong price",
    )
    assert switch["since"] is not None
    chat = next(a for a in plan["accounts"] if a["account"] == "chat")
    assert [(h["post"], h["reason"]) for h in chat["held"]] == [("a", "paused")]
    text = smmgen(runner, "plan", "--at", NOON).stdout
    assert "PAUSED: paused now" in text and "since " in text

    resumed = smmgen(admin, "resume", "--commit", "--by", "alice")
    assert resumed.returncode == 0, resumed.stderr
    out, err = publish_run(runner, hook).communicate(timeout=120)
    assert [m["content"] for m in hook.messages] == ["Post a."], out + err
    assert "PAUSED" not in err


def test_the_repository_variable_pauses_and_plan_names_each_switch(
    pub: Repo, httpserver: HTTPServer, tmp_path: Path
) -> None:
    hook = Webhook(httpserver)
    pub.post("a", post_text(body="Post a."))
    pub.write("schedule.yaml", pub.root.joinpath("schedule.yaml").read_text() + "paused: true\n")
    _, runner = clones(pub, tmp_path)

    env = {"SMMGEN_PAUSE": "legal review", "SMMGEN_TEST_DISCORD": hook.url}
    done = smmgen(runner, "publish", "--commit", "--at", NOON, "--only", "chat", env=env)
    assert done.returncode == 0 and hook.messages == [], done.stdout + done.stderr

    plan = json.loads(smmgen(runner, "plan", "--at", NOON, "--format", "json", env=env).stdout)
    assert [(s["switch"], s["reason"]) for s in plan["paused"]] == [
        ("schedule.yaml", None),
        ("SMMGEN_PAUSE", "legal review"),
    ]
    # schedule.yaml's switch is as old as the commit that set it.
    assert plan["paused"][0]["since"] == "2026-11-30T09:00:00+00:00"
    text = smmgen(runner, "plan", "--at", NOON, env=env).stdout
    assert "PAUSED: schedule.yaml has paused: true (since 2026-11-30T09:00:00+00:00)" in text
    assert "PAUSED: repository variable SMMGEN_PAUSE is set" in text


def test_pause_without_commit_in_a_clone_says_how(pub: Repo, tmp_path: Path) -> None:
    pub.post("a", post_text(body="Post a."))
    admin, _ = clones(pub, tmp_path)
    done = smmgen(admin, "pause", "--reason", "x")
    assert done.returncode == 2 and "--commit" in done.stderr


def test_pause_in_a_repository_without_remote_uses_the_working_tree(pub: Repo) -> None:
    pub.post("a", post_text(body="Post a."))
    assert pub.run("pause", "--reason", "stop", "--by", "bob").exit_code == 0
    assert json.loads((pub.root / PAUSE_FILE).read_text())["paused"] is True
    result = pub.run("publish", "--at", NOON, "--only", "chat", env={"SMMGEN_TEST_DISCORD": "x"})
    assert result.exit_code == 0 and "paused" in result.output
    assert pub.run("resume").exit_code == 0
    plan = json.loads(pub.run("plan", "--at", NOON, "--format", "json").stdout)
    assert plan["paused"] == []

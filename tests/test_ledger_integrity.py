"""A ledger that cannot be broken or faked (security review F4, F8).

Each test replays the review's reproduction with the real CLI on real files
and real git repositories (a bare "origin" where the state branch matters).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Repo
from pytest_httpserver import HTTPServer
from test_publish import NOON, Webhook, commit_all, git, post_text, publish_run, publishing

from smmgen import gitstate
from smmgen.ledger import LEDGER_FILE, parse

ENV = {"SMMGEN_TEST_DISCORD": "https://discord.invalid/api/webhooks/1/x"}
GOOD = {
    "post": "hello",
    "account": "chat",
    "key": "x",
    "event": "manual",
    "at": "2026-11-01T08:00:00+00:00",
    "run": "manual-1",
    "url": "https://d.example/1",
}


@pytest.fixture
def pub(repo: Repo) -> Repo:
    publishing(repo)
    repo.post("hello", post_text(networks="chat, chat2"))
    return repo


def lines(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


CLAIM = {"post": "hello", "account": "chat2", "key": "x", "event": "claimed", "run": "e"}
HOSTILE = {
    "at is a number": CLAIM | {"at": 5},
    "at has no zone": CLAIM | {"at": "2026-12-02T10:00:00"},
    "at is no time": CLAIM | {"at": "yesterday"},
    "scheduled is a number": CLAIM | {"at": "2026-12-02T10:00:00+00:00", "scheduled": 7},
    "scheduled has no zone": CLAIM
    | {"at": "2026-12-02T10:00:00+00:00", "scheduled": "2026-12-02T09:00:00"},
    "pid is text": CLAIM | {"at": "2026-12-02T10:00:00+00:00", "pid": "x"},
    "attempt is text": CLAIM | {"at": "2026-12-02T10:00:00+00:00", "attempt": "yes"},
    "post is a number": CLAIM | {"at": "2026-12-02T10:00:00+00:00", "post": 5},
    "url is a list": GOOD | {"account": "chat2", "url": ["https://x.example"]},
    "unknown event": CLAIM | {"at": "2026-12-02T10:00:00+00:00", "event": "deleted"},
    "not an object": [1, 2],
    "null": None,
}


@pytest.mark.parametrize("bad", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_wrongly_typed_line_is_skipped_and_reported_never_a_crash(
    pub: Repo, tmp_path: Path, bad: object
) -> None:
    pub.write(LEDGER_FILE, lines(GOOD, bad, "not json: a line torn by a crash"))
    expected = f"{LEDGER_FILE}:2:1: warning: ledger line skipped: "

    plan = pub.run("plan", "--at", NOON, "--format", "json", env=ENV)
    assert plan.exit_code == 0, plan.output
    assert expected in plan.stderr and "[ledger/invalid]" in plan.stderr
    assert ":3:1:" not in plan.stderr  # the torn line is passed over in silence
    accounts = {a["account"]: a for a in json.loads(plan.stdout)["accounts"]}
    # The good line still counts: hello went out on chat (by hand, with another
    # text: "edited"); chat2 is planned as usual.
    assert [e["reason"] for e in accounts["chat"]["held"]] == ["edited"]
    assert [e["post"] for e in accounts["chat2"]["held"]] == ["hello"]  # no credentials

    text = pub.run("plan", "--at", NOON, env=ENV)
    assert text.exit_code == 0 and "edited: changed after it was published" in text.stdout

    dry = pub.run("publish", "--dry-run", "--at", NOON, env=ENV)
    assert dry.exit_code == 1, dry.output  # chat2 has no credentials; nothing crashed
    assert expected in dry.stderr

    built = pub.run("build", "--out", str(tmp_path / "site"), "--at", NOON)
    assert built.exit_code == 0, built.output
    index = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "ledger/invalid" in index and LEDGER_FILE in index


def test_a_claim_dated_in_the_future_is_not_in_progress_for_ever(pub: Repo) -> None:
    """Review F4(b): a claim from 2099 held a post as "in progress" for good."""
    claim = CLAIM | {"account": "chat", "at": "2099-01-01T00:00:00+00:00", "host": "elsewhere"}
    pub.write(LEDGER_FILE, lines(claim))
    result = pub.run("plan", "--at", NOON, "--format", "json", env=ENV)
    assert result.exit_code == 0, result.output
    assert f"{LEDGER_FILE}:1:1: warning: 'at' 2099-01-01T00:00:00+00:00 lies in" in result.stderr
    assert "[ledger/future-time]" in result.stderr
    [chat] = [a for a in json.loads(result.stdout)["accounts"] if a["account"] == "chat"]
    assert [e["reason"] for e in chat["held"]] == ["uncertain"]


def with_origin(repo: Repo, tmp_path: Path) -> Path:
    """Commit the repository as main on a bare origin (as a GitHub checkout has it)."""
    git(repo.root, "init", "-q", "-b", "main")
    commit_all(repo.root, "start", "2026-11-30T10:00:00+01:00")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(repo.root, "remote", "add", "origin", str(origin))
    git(repo.root, "push", "-q", "origin", "main")
    return origin


FORGED = lines(
    CLAIM | {"account": "chat", "at": "2099-01-01T00:00:00+00:00", "run": "evil", "host": "x"},
    GOOD | {"account": "chat2", "event": "sent", "run": "evil", "url": "https://phish.example/"},
)


def reasons(repo: Repo, env: dict[str, str] = ENV) -> dict[str, list[str | None]]:
    result = repo.run("plan", "--at", NOON, "--format", "json", env=env)
    assert result.exit_code == 0, result.output
    return {
        a["account"]: [e["reason"] for e in a["due"] + a["held"]]
        for a in json.loads(result.stdout)["accounts"]
        if a["due"] + a["held"]
    }


def test_a_ledger_merged_into_main_is_not_read_and_check_fails(
    pub: Repo, tmp_path: Path, httpserver: HTTPServer
) -> None:
    """Review F4(b): a pull request adding state/published.jsonl faked a send and held a post."""
    origin = with_origin(pub, tmp_path)
    pub.write(LEDGER_FILE, FORGED)
    commit_all(pub.root, "PR", "2026-12-01T10:00:00+01:00")
    git(pub.root, "push", "-q", "origin", "HEAD:main")

    # Neither the fake claim ("in-progress: run evil") nor the fake send counts.
    assert reasons(pub) == {"chat": [None], "chat2": ["credentials"]}
    problems = pub.check()
    [found] = [p for p in problems if p["rule"] == "ledger/on-content-branch"]
    assert (found["path"], found["line"], found["severity"]) == (LEDGER_FILE, 1, "error")
    assert f"git rm --cached {LEDGER_FILE}" in found["message"]

    # A record made here still reaches the state branch; the forged lines do not.
    marked = pub.run(
        "mark-published", "hello", "--account", "chat2", "--url", "https://d.example/2", "--commit"
    )
    assert marked.exit_code == 0, marked.output
    branch = git(origin, "show", f"{gitstate.STATE_BRANCH}:{LEDGER_FILE}")
    assert [(r.post, r.account, r.event) for r in parse(branch)] == [("hello", "chat2", "manual")]
    assert "evil" not in branch and "phish" not in branch
    assert reasons(pub) == {"chat": [None], "chat2": ["published"]}

    # The publish job (a fresh checkout of main) sends the post the fake claim held.
    hook = Webhook(httpserver)
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    out, err = publish_run(clone, hook).communicate(timeout=120)
    assert [m["content"] for m in hook.messages] == ["Hallo Berge."], out + err
    assert "ledger/on-content-branch" in err
    branch = git(origin, "show", f"{gitstate.STATE_BRANCH}:{LEDGER_FILE}")
    assert "evil" not in branch and "phish" not in branch


def test_without_a_remote_the_committed_ledger_file_is_the_ledger(pub: Repo) -> None:
    """The documented local mode: one machine, no origin, the ledger file in the repository."""
    git(pub.root, "init", "-q", "-b", "main")
    pub.write(LEDGER_FILE, lines(GOOD | {"account": "chat2"}))
    commit_all(pub.root, "published by hand", "2026-12-01T10:00:00+01:00")
    assert reasons(pub) == {"chat": [None], "chat2": ["edited"]}
    assert not [p for p in pub.check() if p["rule"].startswith("ledger/")]

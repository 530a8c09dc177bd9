"""A ledger that cannot be broken or faked (security review F4, F8).

Each test replays the review's reproduction with the real CLI on real files
and real git repositories (a bare "origin" where the state branch matters).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from smmgen import gitstate
from smmgen.ledger import LEDGER_FILE, parse
from tests.helpers.content_repo import Repo, one
from tests.helpers.publishing import (
    NOON,
    Webhook,
    commit_all,
    git,
    post_text,
    publish_run,
    publishing,
)

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
    "parts is text": CLAIM | {"at": "2026-12-02T10:00:00+00:00", "parts": "x"},
    "checkout is a number": CLAIM | {"at": "2026-12-02T10:00:00+00:00", "checkout": 1},
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
        "mark-published",
        "hello",
        "--account",
        "chat2",
        "--url",
        "https://discord.com/channels/1/2/2",
        "--commit",
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


def publish_in(clone: Path, hook: Webhook, *extra: str) -> subprocess.CompletedProcess[str]:
    """``smmgen publish --commit`` in ``clone`` as the publish job runs it (its own process)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    env |= {"SMMGEN_TEST_DISCORD": hook.url}
    args = ["publish", "--commit", "--at", NOON, "--only", "chat", *extra]
    return subprocess.run(
        [sys.executable, "-m", "smmgen", *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_deleted_or_replaced_state_branch_stops_publishing(
    pub: Repo, tmp_path: Path, httpserver: HTTPServer
) -> None:
    """Review F4(c): deleting smmgen-state made every published post due again."""
    origin = with_origin(pub, tmp_path)
    hook = Webhook(httpserver)
    first = tmp_path / "run1"
    git(tmp_path, "clone", "-q", str(origin), str(first))
    done = publish_in(first, hook)
    assert done.returncode == 0 and len(hook.messages) == 1, done.stdout + done.stderr
    head = git(origin, "rev-parse", gitstate.STATE_BRANCH).strip()
    # The first push (the claim) tagged the branch's first commit.
    root = git(origin, "rev-list", "--max-parents=0", head).strip()
    assert git(origin, "rev-parse", f"{gitstate.MARKER}^{{commit}}").strip() == root

    git(pub.root, "push", "-q", "origin", f":{gitstate.STATE_BRANCH}")
    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "-q", str(origin), str(fresh))
    refused = publish_in(fresh, hook)
    assert refused.returncode == 2 and len(hook.messages) == 1, refused.stdout + refused.stderr
    message = " ".join(refused.stderr.split())
    assert f"the ledger branch {gitstate.STATE_BRANCH} is missing" in message
    assert f"git push origin <commit>:refs/heads/{gitstate.STATE_BRANCH}" in message
    assert "smmgen publish --commit --init-ledger" in message
    # plan (which never fetches) says so too, in a clone made after the deletion.
    planned = pub.run("plan", "--root", str(fresh), "--at", NOON, env=ENV)
    assert "[ledger/missing]" in planned.stderr
    local = pub.run("publish", "--root", str(fresh), "--at", NOON, "--only", "chat", env=ENV)
    assert local.exit_code == 2 and "is missing" in local.output

    # Force-pushed over with an empty ledger: refused as well.
    tree = git(fresh, "hash-object", "-t", "tree", "-w", "/dev/null").strip()
    empty = git(fresh, "commit-tree", tree, "-m", "empty").strip()
    git(fresh, "push", "-q", "origin", f"{empty}:refs/heads/{gitstate.STATE_BRANCH}")
    replaced = publish_in(fresh, hook)
    assert replaced.returncode == 2 and "was replaced" in replaced.stderr, replaced.stderr

    # Restored from a clone that still has it: nothing is sent again.
    git(first, "push", "-q", "--force", "origin", f"{head}:refs/heads/{gitstate.STATE_BRANCH}")
    again = publish_in(fresh, hook)
    assert again.returncode == 0 and "nothing due" in again.stdout, again.stdout + again.stderr
    assert len(hook.messages) == 1


def test_init_ledger_starts_an_empty_ledger_on_purpose(
    pub: Repo, tmp_path: Path, httpserver: HTTPServer
) -> None:
    origin = with_origin(pub, tmp_path)
    hook = Webhook(httpserver)
    clone = tmp_path / "run"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    assert publish_in(clone, hook).returncode == 0
    git(clone, "push", "-q", "origin", f":{gitstate.STATE_BRANCH}")
    usage = pub.run("publish", "--root", str(clone), "--init-ledger", "--at", NOON, env=ENV)
    assert usage.exit_code == 2 and "use it with --commit" in usage.output

    clone = tmp_path / "ci"  # a fresh checkout, as in CI: no local copy of the ledger
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    assert publish_in(clone, hook).returncode == 2
    # The README's way back: see what would go out, record what is out, start anew.
    dry = publish_in(clone, hook, "--init-ledger", "--dry-run")
    assert dry.returncode == 0 and "would send to chat: hello" in dry.stdout, dry.stderr
    marked = pub.run(
        "mark-published",
        "hello",
        "--root",
        str(clone),
        "--account",
        "chat",
        "--url",
        "https://discord.com/channels/1/2/1",
    )
    assert marked.exit_code == 0, marked.output
    started = publish_in(clone, hook, "--init-ledger")
    assert started.returncode == 0 and "nothing due" in started.stdout, started.stderr
    assert len(hook.messages) == 1
    branch = git(origin, "show", f"{gitstate.STATE_BRANCH}:{LEDGER_FILE}")
    assert [(r.post, r.event) for r in parse(branch)] == [("hello", "manual")]
    new_root = git(origin, "rev-list", "--max-parents=0", gitstate.STATE_BRANCH).strip()
    assert git(origin, "rev-parse", f"{gitstate.MARKER}^{{commit}}").strip() == new_root
    again = publish_in(clone, hook)  # without the flag from now on
    assert again.returncode == 0 and len(hook.messages) == 1, again.stderr


def test_a_state_branch_from_before_the_tag_gets_it(
    pub: Repo, tmp_path: Path, httpserver: HTTPServer
) -> None:
    origin = with_origin(pub, tmp_path)
    hook = Webhook(httpserver)
    clone = tmp_path / "run"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    assert publish_in(clone, hook).returncode == 0
    git(clone, "push", "-q", "origin", f":refs/tags/{gitstate.MARKER}")
    git(clone, "tag", "-d", gitstate.MARKER)
    assert publish_in(clone, hook).returncode == 0
    root = git(origin, "rev-list", "--max-parents=0", gitstate.STATE_BRANCH).strip()
    assert git(origin, "rev-parse", f"{gitstate.MARKER}^{{commit}}").strip() == root


BOTH = ENV | {"SMMGEN_TEST_DISCORD_2": "https://discord.invalid/api/webhooks/2/y"}


def test_a_post_renamed_after_mark_published_is_not_due_again(pub: Repo) -> None:
    """Review F8: git mv made a published post due again, and check said nothing."""
    git(pub.root, "init", "-q", "-b", "main")
    commit_all(pub.root, "start", "2026-11-30T10:00:00+01:00")
    marked = pub.run(
        "mark-published",
        "hello",
        "--account",
        "chat2",
        "--url",
        "https://discord.com/channels/1/2/2",
    )
    assert marked.exit_code == 0, marked.output
    assert reasons(pub, BOTH) == {"chat": [None], "chat2": ["published"]}

    git(pub.root, "mv", "content/hello.md", "content/hello-renamed.md")
    commit_all(pub.root, "rename", "2026-12-01T10:00:00+01:00")
    assert reasons(pub, BOTH) == {"chat": [None], "chat2": ["renamed"]}
    text = pub.run("plan", "--at", NOON, env=BOTH).stdout
    assert (
        "hello-renamed  renamed: published as hello (renamed): https://discord.com/channels/1/2/2"
        in text
    )
    dry = pub.run("publish", "--dry-run", "--at", NOON, env=BOTH)
    assert "would send to chat: hello-renamed" in dry.stdout
    assert "would send to chat2" not in dry.stdout
    found = one(pub.check(), "post/renamed-published")
    assert (found["path"], found["line"], found["severity"]) == (
        "content/hello-renamed.md",
        1,
        "warning",
    )
    assert "went out on chat2 as hello (https://discord.com/channels/1/2/2)" in found["message"]

    # A run records it under its new id (said once); an edit after that is an edit.
    ran = pub.run("publish", "--at", NOON, "--only", "chat2", env=BOTH)
    assert ran.exit_code == 0 and "published as hello (renamed)" in ran.stdout, ran.output
    ran = pub.run("publish", "--at", NOON, "--only", "chat2", env=BOTH)
    assert ran.exit_code == 0 and "nothing due" in ran.stdout, ran.output

    pub.post("hello-renamed", post_text(networks="chat, chat2", body="Edited."))
    assert reasons(pub, BOTH) == {"chat": [None], "chat2": ["edited"]}


def test_a_post_moved_after_a_real_publish_is_not_sent_again(
    pub: Repo, tmp_path: Path, httpserver: HTTPServer
) -> None:
    hook = Webhook(httpserver)
    origin = with_origin(pub, tmp_path)
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    assert publish_in(clone, hook).returncode == 0 and len(hook.messages) == 1

    (pub.root / "content" / "2026").mkdir()
    git(pub.root, "mv", "content/hello.md", "content/2026/hello.md")
    commit_all(pub.root, "move", "2026-12-01T10:00:00+01:00")
    git(pub.root, "push", "-q", "origin", "main")
    fresh = tmp_path / "next"
    git(tmp_path, "clone", "-q", str(origin), str(fresh))
    again = publish_in(fresh, hook)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "renamed" in again.stdout and "published as hello (renamed)" in again.stdout
    assert len(hook.messages) == 1
    # That run recorded it under its new id: an edit now is an edit, not a new post.
    pub.write("content/2026/hello.md", post_text(networks="chat, chat2", body="Edited."))
    commit_all(pub.root, "edit", "2026-12-01T11:00:00+01:00")
    git(pub.root, "push", "-q", "origin", "main")
    git(fresh, "pull", "-q", "origin", "main")
    edited = publish_in(fresh, hook)
    assert edited.returncode == 0 and "edited" in edited.stdout, edited.stdout + edited.stderr
    assert len(hook.messages) == 1

    built = pub.run("build", "--root", str(fresh), "--out", str(tmp_path / "site"), "--at", NOON)
    assert built.exit_code == 0, built.output
    page = (tmp_path / "site" / "posts" / "2026--hello.html").read_text("utf-8")
    assert "discord.com/channels/55/77/1000" in page  # shown as published, with its link


@pytest.mark.parametrize("utm", ["", 'utm:\n  content: "{post}"\n'], ids=["plain", "utm-post"])
def test_several_renamed_posts_are_told_apart_also_when_the_text_holds_the_id(
    pub: Repo, utm: str
) -> None:
    """With utm_content={post} the sent text depends on the id: each old id is tried."""
    pub.write("schedule.yaml", (pub.root / "schedule.yaml").read_text("utf-8") + utm)
    for name in ("hello", "second", "third"):
        body = f"Tour {name}: https://example.com/{name}"
        pub.post(name, post_text(networks="chat, chat2", body=body))
    for name in ("hello", "second"):
        url = f"https://discord.com/channels/1/2/{name}"
        assert pub.run("mark-published", name, "--account", "chat2", "--url", url).exit_code == 0
    for name in ("hello", "second", "third"):
        (pub.root / f"content/{name}.md").rename(pub.root / f"content/new-{name}.md")
    result = pub.run("plan", "--at", NOON, "--format", "json", env=BOTH)
    [chat2] = [a for a in json.loads(result.stdout)["accounts"] if a["account"] == "chat2"]
    assert [(e["post"], e["detail"].split(" (renamed)")[0]) for e in chat2["held"]] == [
        ("new-hello", "published as hello"),
        ("new-second", "published as second"),
    ]
    assert [e["post"] for e in chat2["due"]] == ["new-third"]

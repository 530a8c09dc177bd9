"""The ledger as this machine knows it, with real git: which copies count, what is
reported once and where, what a push may carry, and how often a lost push is retried.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from smmgen import gitstate
from smmgen.ledger import LEDGER_FILE, Record, parse
from tests.helpers.content_repo import Repo
from tests.helpers.publishing import commit_all, git, post_text, publishing, smmgen

NOON = "2026-12-02 12:00"
BRANCH = f"{gitstate.STATE_BRANCH}:{LEDGER_FILE}"
SENT = Record("hello", "xing", "k", "manual", "2026-11-01T08:00:00+00:00", "m1", url="https://x/1")
BAD = '{"post": "hello", "account": "xing", "event": "sent"}'  # no key, at or run
WORSE = "[1]"


def reasons(repo: Repo) -> list[tuple[str, str | None]]:
    """(post, reason) of the entries on xing."""
    result = repo.run("plan", "--at", NOON, "--format", "json")
    assert result.exit_code == 0, result.output
    [xing] = [a for a in json.loads(result.stdout)["accounts"] if a["account"] == "xing"]
    return [(e["post"], e["reason"]) for s in ("due", "held") for e in xing[s]]


def problems(repo: Repo) -> list[str]:
    """The problem lines ``plan`` prints."""
    return repo.run("plan", "--at", NOON, "--format", "json").stderr.splitlines()


def committed_repo(repo: Repo) -> Repo:
    publishing(repo)
    repo.post("hello", post_text(networks="xing"))
    git(repo.root, "init", "-q", "-b", "main")
    commit_all(repo.root, "content", "2026-11-30T10:00:00+01:00")
    return repo


def test_without_a_remote_the_ledger_committed_in_the_repository_counts(repo: Repo) -> None:
    committed_repo(repo)
    repo.write(LEDGER_FILE, SENT.line())
    commit_all(repo.root, "ledger", "2026-11-30T11:00:00+01:00")
    assert reasons(repo) == [("hello", "edited")]  # recorded (with another key)
    assert problems(repo) == []


def test_with_a_remote_a_ledger_on_the_content_branch_is_ignored_and_never_pushed(
    repo: Repo, tmp_path: Path
) -> None:
    committed_repo(repo)
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(repo.root, "remote", "add", "origin", str(origin))
    repo.write(LEDGER_FILE, SENT.line())
    commit_all(repo.root, "a pull request with a forged ledger", "2026-11-30T11:00:00+01:00")
    git(repo.root, "push", "-q", "origin", "main")

    assert reasons(repo) == [("hello", None)]  # due: the committed record does not count
    assert problems(repo) == [
        f"{LEDGER_FILE}:1:1: error: {LEDGER_FILE} is committed to this branch, but the ledger "
        f"lives on the {gitstate.STATE_BRANCH} branch and is read only from there: this file "
        f"is ignored. Remove it (git rm --cached {LEDGER_FILE}) and do not commit it again "
        "[ledger/on-content-branch]"
    ]
    marked = repo.run("mark-published", "hello", "--account", "xing", "--url", "https://x/2")
    assert marked.exit_code == 0, marked.output
    assert reasons(repo) == [("hello", "published")]  # appended here since: it counts
    pushed = repo.run(
        "mark-published", "hello", "--account", "xing", "--url", "https://x/3", "--commit"
    )
    assert pushed.exit_code == 0, pushed.output
    branch = parse(git(origin, "show", f"{gitstate.STATE_BRANCH}:{LEDGER_FILE}"))
    assert [r.url for r in branch] == ["https://x/2", "https://x/3"]


def test_a_bad_line_is_reported_once_where_it_was_first_seen(repo: Repo) -> None:
    committed_repo(repo)
    assert gitstate.swap(repo.root, None, LEDGER_FILE, SENT.line() + BAD + "\n", "ledger")
    repo.write(LEDGER_FILE, f"{BAD}\n{WORSE}\n")
    skipped = "ledger line skipped: {}; fix or remove the line (every other line still counts)"
    missing = skipped.format("'key' must be a string, it is missing")
    not_object = skipped.format("a JSON list, not an object")
    assert problems(repo) == [
        f"{BRANCH}:2:1: warning: {missing} [ledger/invalid]",
        f"{LEDGER_FILE}:2:1: warning: {not_object} [ledger/invalid]",
    ]
    assert reasons(repo) == [("hello", "edited")]  # the branch's good line counts


def test_a_deleted_ledger_branch_is_an_error_at_its_first_line(repo: Repo) -> None:
    committed_repo(repo)
    assert gitstate.swap(repo.root, None, LEDGER_FILE, SENT.line(), "ledger")
    git(repo.root, "branch", "-D", gitstate.STATE_BRANCH)
    [line] = problems(repo)
    assert line.startswith(
        f"{BRANCH}:1:1: error: the ledger branch {gitstate.STATE_BRANCH} is missing, but it "
        "held the ledger before"
    )
    assert line.endswith("[ledger/missing]")


RACE = """\
#!/bin/sh
# Every push of this clone loses: another clone moves the ledger branch first.
echo push >>"{count}"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
cd "{other}" || exit 1
git fetch -q origin {branch} || exit 1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t \\
  GIT_COMMITTER_EMAIL=t@example.com
c=$(git commit-tree -p FETCH_HEAD -m "the other run" "FETCH_HEAD^{{tree}}") || exit 1
git push -q origin "$c:refs/heads/{branch}"
"""


def test_a_push_that_keeps_losing_the_race_is_tried_ten_times_then_reported(
    repo: Repo, tmp_path: Path
) -> None:
    committed_repo(repo)
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(repo.root, "push", "-q", str(origin), "main")
    one, two = tmp_path / "one", tmp_path / "two"
    for clone in (one, two):
        git(tmp_path, "clone", "-q", str(origin), str(clone))
    first = smmgen(
        one, "mark-published", "hello", "--account", "xing", "--url", "https://x/1", "--commit"
    )
    assert first.returncode == 0, first.stderr  # the branch exists now

    hook = one / ".git" / "hooks" / "pre-push"
    count = tmp_path / "pushes"
    hook.write_text(RACE.format(count=count, other=two, branch=gitstate.STATE_BRANCH))
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    lost = smmgen(
        one, "mark-published", "hello", "--account", "xing", "--url", "https://x/2", "--commit"
    )
    assert lost.returncode != 0
    assert (
        f"could not push the ledger to {gitstate.STATE_BRANCH}; it is in {LEDGER_FILE}"
        in lost.stderr
    )
    assert count.read_text().splitlines() == ["push"] * 10
    # Nothing is lost: the record waits in the working tree for the next push.
    assert [r.url for r in parse((one / LEDGER_FILE).read_text())] == [
        "https://x/1",
        "https://x/2",
    ]


def test_git_is_asked_only_where_it_could_find_a_repository(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Outside any repository no git is started; a repository the environment
    # names (GIT_DIR) is still found though the folder has no .git.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    git(elsewhere, "init", "-q")
    assert not gitstate.in_git(repo.root) and gitstate.ledger_refs(repo.root) is None
    monkeypatch.setenv("GIT_DIR", str(elsewhere / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(repo.root))
    assert gitstate.in_git(repo.root) and gitstate.ledger_refs(repo.root) == {}

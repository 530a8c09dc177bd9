"""Race test: two `smmgen publish --commit` runs at once, two clones, one bare origin.

The claim push to the smmgen-state branch is the compare-and-swap: whichever
run's push lands owns those posts; the other merges, re-plans and sends only
what is still free. Counted on the local webhook: every post exactly once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from smmgen import gitstate
from smmgen.ledger import LEDGER_FILE, fold, parse
from tests.helpers.content_repo import Repo
from tests.helpers.publishing import Webhook, commit_all, git, post_text, publish_run, publishing


@pytest.fixture
def pub(repo: Repo) -> Repo:
    return publishing(repo)


POSTS = [f"p{i}" for i in range(6)]


def test_two_overlapping_runs_publish_each_post_once(
    pub: Repo, httpserver: HTTPServer, tmp_path: Path
) -> None:
    hook = Webhook(httpserver)
    for name in POSTS:
        pub.post(name, post_text(body=f"Post {name}."))
    git(pub.root, "init", "-q", "-b", "main")
    commit_all(pub.root, "content", "2026-11-30T10:00:00+01:00")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(pub.root, "push", "-q", str(origin), "main")
    clones = [tmp_path / "one", tmp_path / "two"]
    for clone in clones:
        git(tmp_path, "clone", "-q", str(origin), str(clone))

    runs = [publish_run(clone, hook) for clone in clones]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, out + err

    contents = sorted(m["content"] for m in hook.messages)
    assert contents == sorted(f"Post {name}." for name in POSTS)

    # The state branch on origin records each post sent once; main is untouched.
    head = gitstate.fetch(clones[0])
    records = parse(gitstate.read(clones[0], head, LEDGER_FILE))
    assert sorted(r.post for r in records if r.event == "sent") == POSTS
    assert all(s.published is not None for s in fold(records).values())
    log = git(origin, "log", "--format=%s", "main")
    assert log.strip() == "content"

    # A later run from either clone has nothing left to do.
    for clone in clones:
        out, err = publish_run(clone, hook).communicate(timeout=120)
        assert "nothing due" in out, out + err
    assert len(hook.messages) == len(POSTS)

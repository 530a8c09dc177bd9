"""End to end, merge to publish: a PR branch is previewed and merged on a bare
"origin", then two `smmgen publish --commit` runs start at once from two clones
(two overlapping scheduled runs), against a local Discord webhook. Each post
goes out once, the ledger on origin is complete, and the manual post lands in
the checklist issue on the fake GitHub API.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from smmgen import gitstate
from smmgen.cli import main
from smmgen.ledger import LEDGER_FILE, fold, parse
from smmgen.preview import MARKER
from tests.helpers.content_repo import Repo
from tests.helpers.fake_github import OWNER, REPO, FakeGitHub
from tests.helpers.fake_github import TOKEN as GH_TOKEN
from tests.helpers.publishing import (
    NOON,
    SCHEDULE,
    Webhook,
    commit_all,
    git,
    post_text,
    publish_run,
)


def test_merge_then_two_overlapping_publish_runs(
    repo: Repo, httpserver: HTTPServer, tmp_path: Path
) -> None:
    hook = Webhook(httpserver)
    gh = FakeGitHub(httpserver)
    httpserver.expect_request(re.compile(r"/api/v3/.*")).respond_with_handler(gh.handle)

    # main on origin: the plan and one post.
    repo.write("schedule.yaml", SCHEDULE)
    repo.post("old", post_text(body="Already on main."))
    git(repo.root, "init", "-q", "-b", "main")
    commit_all(repo.root, "start", "2026-11-30T10:00:00+01:00")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(repo.root, "push", "-q", str(origin), "main")

    # A pull request: two new posts for the webhook and one for XING, by hand.
    author = tmp_path / "author"
    git(tmp_path, "clone", "-q", str(origin), str(author))
    git(author, "checkout", "-q", "-b", "post/advent")
    for name in ("a", "b"):
        (author / f"content/{name}.md").write_text(post_text(body=f"New post {name}."), "utf-8")
    (author / "content/fair.md").write_text(post_text(networks="xing", body="Fair."), "utf-8")
    commit_all(author, "new posts", "2026-12-01T10:00:00+01:00")
    git(author, "push", "-q", "origin", "post/advent")

    # The PR check: the preview shows exactly the PR's posts.
    result = CliRunner().invoke(
        main, ["preview", "--root", str(author), "--changed-since", "origin/main"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(MARKER)
    assert "3 posts changed" in result.stdout and "content/old.md" not in result.stdout

    # Merged (a merge commit on main, as the merge button makes it).
    git(repo.root, "fetch", "-q", str(origin), "post/advent")
    git(repo.root, "merge", "-q", "--no-ff", "-m", "Merge post/advent", "FETCH_HEAD",
        date="2026-12-01T11:00:00+01:00")  # fmt: skip
    git(repo.root, "push", "-q", str(origin), "main")

    # Two scheduled runs overlap, each in its own clone.
    clones = [tmp_path / "run1", tmp_path / "run2"]
    for clone in clones:
        git(tmp_path, "clone", "-q", str(origin), str(clone))
    runs = [publish_run(clone, hook) for clone in clones]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, out + err

    sent = sorted(m["content"] for m in hook.messages)
    assert sent == ["Already on main.", "New post a.", "New post b."]
    head = gitstate.fetch(clones[0])
    records = parse(gitstate.read(clones[0], head, LEDGER_FILE))
    assert sorted(r.post for r in records if r.event == "sent") == ["a", "b", "old"]
    assert all(s.published is not None for s in fold(records).values())
    assert git(origin, "log", "-1", "--format=%s", "main").strip() == "Merge post/advent"

    # The checklist job: the XING post becomes the one smmgen-manual issue.
    env = {
        "GITHUB_TOKEN": GH_TOKEN,
        "GITHUB_REPOSITORY": f"{OWNER}/{REPO}",
        "GITHUB_API_URL": gh.base,
    }
    args = ["github", "checklist", "--root", str(clones[1]), "--at", NOON]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    (issue,) = gh.issues.values()
    assert "XING (xing): ` content/fair.md `" in issue["body"]

    # A later run has nothing left to send.
    out, err = publish_run(clones[1], hook).communicate(timeout=120)
    assert "nothing due" in out, out + err
    assert len(hook.messages) == 3

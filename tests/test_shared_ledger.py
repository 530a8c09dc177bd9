"""The ledger shared through the smmgen-state branch: a lost compare-and-swap, fresh clones.

Real processes, real git: a bare origin and clones. The lost race is forced, not
hoped for: clone one's pre-push hook lets clone two push first.
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

from smmgen import gitstate
from smmgen.ledger import LEDGER_FILE, parse
from tests.helpers.content_repo import Repo
from tests.helpers.publishing import commit_all, git, post_text, publishing, smmgen

HOOK = """\
#!/bin/sh
# Runs as clone one pushes its ledger: clone two wins the race, once.
[ -e "{marker}" ] && exit 0
touch "{marker}"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
cd "{other}" && "{python}" -m smmgen mark-published b --account xing \\
  --url https://xing.example/b --commit >"{log}" 2>&1
"""


MARK_A = ("mark-published", "a", "--account", "xing", "--url", "https://x/a", "--commit")


def _origin_and_clones(pub: Repo, tmp_path: Path, *names: str) -> list[Path]:
    pub.post("a", post_text(networks="xing"))
    pub.post("b", post_text(networks="xing"))
    git(pub.root, "init", "-q", "-b", "main")
    commit_all(pub.root, "content", "2026-11-30T10:00:00+01:00")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(pub.root, "push", "-q", str(origin), "main")
    clones = [tmp_path / name for name in names]
    for clone in clones:
        git(tmp_path, "clone", "-q", str(origin), str(clone))
    return clones


def _branch_records(clone: Path) -> list[tuple[str, str, str | None]]:
    head = gitstate.fetch(clone)
    return [(r.post, r.event, r.url) for r in parse(gitstate.read(clone, head, LEDGER_FILE))]


def test_a_lost_compare_and_swap_is_retried_until_both_records_are_on_the_branch(
    repo: Repo, tmp_path: Path
) -> None:
    one, two = _origin_and_clones(publishing(repo), tmp_path, "one", "two")
    hook = one / ".git" / "hooks" / "pre-push"
    hook.write_text(
        HOOK.format(
            marker=tmp_path / "raced",
            other=two,
            python=sys.executable,
            log=tmp_path / "two.log",
        )
    )
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)

    result = smmgen(one, *MARK_A)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "raced").exists()  # clone two did push in between
    assert "recorded: b on xing" in (tmp_path / "two.log").read_text()

    # Both writers' records are on the branch, and clone one's file holds the union.
    records = _branch_records(two)
    assert sorted(records) == [
        ("a", "manual", "https://x/a"),
        ("b", "manual", "https://xing.example/b"),
    ]
    on_disk = parse((one / LEDGER_FILE).read_text())
    assert sorted((r.post, r.event) for r in on_disk) == [("a", "manual"), ("b", "manual")]


def test_a_fresh_clone_plans_with_the_state_branch(repo: Repo, tmp_path: Path) -> None:
    (one,) = _origin_and_clones(publishing(repo), tmp_path, "one")
    result = smmgen(one, *MARK_A)
    assert result.returncode == 0, result.stdout + result.stderr

    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "-q", str(tmp_path / "origin.git"), str(fresh))
    assert not (fresh / LEDGER_FILE).exists()  # the ledger lives on its own branch only
    planned = smmgen(fresh, "plan", "--at", "2026-12-02 12:00", "--format", "json")
    assert planned.returncode == 0, planned.stderr
    xing = next(a for a in json.loads(planned.stdout)["accounts"] if a["account"] == "xing")
    assert [(e["post"], e["reason"]) for e in xing["held"]] == [("a", "published")]
    assert [e["post"] for e in xing["due"]] == ["b"]

"""The helper process that loads the pipeline while a warm `check` scans."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Repo

from smmgen import check_helper
from smmgen.check import HELPER_MIN
from smmgen.check_helper import Helper

pytestmark = pytest.mark.skipif(not check_helper.available(), reason="needs fork and two cores")


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped: no zombie left behind
    return False


def test_a_job_is_run_by_the_prepared_helper() -> None:
    helper = Helper.start(lambda: (lambda job: [os.getpid(), job * 2]))
    assert helper is not None
    pid, doubled = helper.run(21)
    assert doubled == 42
    assert pid != os.getpid()
    assert _gone(pid)


def _fail() -> None:
    raise RuntimeError("prepare failed")


def test_a_failing_helper_gives_none_and_is_reaped(capfd: pytest.CaptureFixture[str]) -> None:
    def prepare() -> object:
        print("helper output must not reach the terminal")
        _fail()
        return None

    helper = Helper.start(prepare)
    assert helper is not None
    pid = helper._pid
    assert helper.run("job") is None
    assert pid is not None and _gone(pid)
    out, err = capfd.readouterr()
    assert "helper output" not in out
    assert "prepare failed" not in err  # no traceback from the helper either


def test_stopping_an_unused_helper_kills_it() -> None:
    helper = Helper.start(lambda: (lambda job: job))
    assert helper is not None
    pid = helper._pid
    assert pid is not None
    helper.stop()
    assert _gone(pid)
    helper.stop()  # twice is harmless


def test_a_stuck_helper_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_helper, "TIMEOUT", 0.5)
    helper = Helper.start(lambda: (lambda job: time.sleep(60)))
    assert helper is not None
    start = time.monotonic()
    assert helper.run("job") is None
    assert time.monotonic() - start < 10


# A check in a fresh process, so what the parent imported shows whether the helper did the work.
PROBE = """
import json, sys
from pathlib import Path
from smmgen.check import run_check
from smmgen.repo import post_files
root = Path(sys.argv[1])
result = run_check(root, post_files(root), prune=True)
print(json.dumps({
    "problems": [[p.path, p.line, p.rule] for p in result.problems],
    "from_cache": result.from_cache,
    "parent_rendered": "smmgen.render" in sys.modules,
}))
"""


def _probe(root: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(root)], capture_output=True, text=True, check=True
    )
    assert out.stderr == ""
    result: dict[str, object] = json.loads(out.stdout)
    return result


def test_a_warm_check_of_many_posts_hands_the_edited_one_to_the_helper(repo: Repo) -> None:
    head = "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, masto]\n---\n\n"
    for i in range(HELPER_MIN):
        repo.post(f"batch-{i // 100}/post-{i}", head + f"Post {i}: winter is here.\n")
    cold = _probe(repo.root)
    assert cold["problems"] == []
    assert cold["from_cache"] == 0

    repo.post("batch-3/post-300", head + "x" * 301 + "\n")  # too long for Bluesky
    warm = _probe(repo.root)
    expected = [["content/batch-3/post-300.md", 6, "bluesky/length"]]
    assert warm["problems"] == expected
    assert warm["from_cache"] == HELPER_MIN - 1
    assert warm["parent_rendered"] is False  # the helper checked it

    # The same answer as checking without any cache, and nothing left to re-check.
    no_cache = repo.run("check", "--no-cache", "--format", "json")
    assert [[p["path"], p["line"], p["rule"]] for p in json.loads(no_cache.stdout)] == expected
    again = _probe(repo.root)
    assert again["problems"] == expected
    assert again["from_cache"] == HELPER_MIN

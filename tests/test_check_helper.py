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
from smmgen.check_helper import MIN_CACHE_BYTES, Helper

pytestmark = pytest.mark.skipif(not check_helper.available(), reason="needs fork and two cores")


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped: no zombie left behind
    return False


def test_a_job_is_run_by_the_prepared_helper() -> None:
    helper = Helper.start(lambda: lambda job: [os.getpid(), job * 2])
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
    helper = Helper.start(lambda: lambda job: job)
    assert helper is not None
    pid = helper._pid
    assert pid is not None
    helper.stop()
    assert _gone(pid)
    helper.stop()  # twice is harmless


def test_a_stuck_helper_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_helper, "TIMEOUT", 0.5)
    helper = Helper.start(lambda: lambda job: time.sleep(60))
    assert helper is not None
    start = time.monotonic()
    assert helper.run("job") is None
    assert time.monotonic() - start < 10


# `smmgen check` in a fresh process, so what it imported shows whether the helper did the work.
PROBE = """
import json, sys
from smmgen.cli import main
try:
    main(["check", "--format", "json"])
finally:
    print(json.dumps({"parent_rendered": "smmgen.render" in sys.modules}), file=sys.stderr)
"""


def _probe(root: Path) -> tuple[list[list[object]], bool]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=root, capture_output=True, text=True, check=False
    )
    assert out.returncode in (0, 1), out.stderr
    problems = [[p["path"], p["line"], p["rule"]] for p in json.loads(out.stdout)]
    return problems, json.loads(out.stderr)["parent_rendered"]


def test_a_warm_check_of_many_posts_hands_the_edited_one_to_the_helper(repo: Repo) -> None:
    head = "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, masto]\n---\n\n"
    for i in range(1000):  # a cache of about a thousand posts is big enough
        repo.post(f"batch-{i // 100}/post-{i}", head + f"Post {i}: winter is here.\n")
    assert _probe(repo.root) == ([], True)  # cold: no cache yet, no helper
    assert (repo.root / ".smmgen-cache/check.tsv").stat().st_size >= MIN_CACHE_BYTES

    repo.post("batch-3/post-300", head + "x" * 301 + "\n")  # too long for Bluesky
    expected = [["content/batch-3/post-300.md", 6, "bluesky/length"]]
    assert _probe(repo.root) == (expected, False)  # the helper checked it

    # The same answer as checking without any cache, and from the cache next time.
    no_cache = repo.run("check", "--no-cache", "--format", "json")
    assert [[p["path"], p["line"], p["rule"]] for p in json.loads(no_cache.stdout)] == expected
    assert _probe(repo.root) == (expected, False)


def test_no_helper_when_the_system_has_no_room_for_one() -> None:
    # Out of file descriptors: no helper, no traceback, nothing left open.
    code = (
        "import os, resource\n"
        "from smmgen.check_helper import Helper\n"
        "open_fds = len(os.listdir('/proc/self/fd')) - 1\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (open_fds + 3, open_fds + 3))\n"
        "print(Helper.start(lambda: (lambda job: job)))\n"
        "print(len(os.listdir('/proc/self/fd')) - 1 - open_fds)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["None", "0"]

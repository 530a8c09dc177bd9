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

    # The `smmgen` command itself starts the helper before its command line is
    # parsed; -X importtime lists what the command's own process loaded.
    repo.post("batch-5/post-500", head + "y" * 301 + "\n")
    command = [sys.executable, "-X", "importtime", "-m", "smmgen", "check", "--format", "json"]
    out = subprocess.run(command, cwd=repo.root, capture_output=True, text=True, check=False)
    assert out.returncode == 1
    found = [[p["path"], p["line"], p["rule"]] for p in json.loads(out.stdout)]
    assert found == [*expected, ["content/batch-5/post-500.md", 6, "bluesky/length"]]
    loaded = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines()}
    assert "click" in loaded
    assert "smmgen.check" in loaded  # the scan
    assert "smmgen.render" not in loaded  # ...but not the pipeline: the helper had it


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


def _big_cache(root: Path) -> None:
    cache = root / ".smmgen-cache" / "check.tsv"
    cache.parent.mkdir()
    cache.write_text("x" * MIN_CACHE_BYTES, "utf-8")  # only its size is looked at here


def test_the_helper_starts_before_the_command_line_is_parsed(repo: Repo) -> None:
    _big_cache(repo.root)
    check_helper.start_early(["--format", "json"])
    early = check_helper._early
    assert early is not None and early[0] == repo.root
    helper = check_helper.claim(repo.root)
    assert helper is early[1]  # the command takes the one already running
    assert check_helper._early is None
    helper.stop()


@pytest.mark.parametrize(
    "args", [["content/a.md"], ["--no-cache"], ["--root", "."], ["--format"], ["--help"]]
)
def test_other_forms_of_check_wait_for_the_command(repo: Repo, args: list[str]) -> None:
    _big_cache(repo.root)
    check_helper.start_early(args)
    assert check_helper._early is None


def test_an_early_helper_for_another_repository_is_replaced(repo: Repo, tmp_path: Path) -> None:
    _big_cache(repo.root)
    check_helper.start_early([])
    early = check_helper._early
    assert early is not None
    other = tmp_path / "other"
    other.mkdir()  # no cache there: no new helper either
    assert check_helper.claim(other) is None
    assert early[1]._pid is None  # the early one was stopped


def test_no_early_helper_without_a_content_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    check_helper.start_early([])
    assert check_helper._early is None

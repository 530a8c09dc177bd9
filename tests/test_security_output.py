"""`smmgen build` replaces only its own site folder, and no output goes through a link.

The security review's reproductions (F2), as real ``smmgen`` processes on a
repository made by ``smmgen init`` and committed to a real git repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MARKER = ".smmgen-site"


def smmgen(cwd: Path, *args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GITHUB_ACTIONS": ""}
    if home is not None:
        env["HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "smmgen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below ``folder`` (links by target, files by content)."""
    out: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                out[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                out[rel] = path.read_bytes()
            else:
                out[rel] = "dir"
    return out


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A repository made by ``smmgen init``, committed, next to a folder with a precious file."""
    done = smmgen(tmp_path, "init", "scratch")
    assert done.returncode == 0, done.stderr
    root = tmp_path / "scratch"
    git(root, "init", "-q")
    git(root, "add", "-A")
    assert git(root, "commit", "-qm", "init").returncode == 0
    victim = tmp_path / "victim" / "important"
    victim.mkdir(parents=True)
    (victim / "file.txt").write_text("precious\n", "utf-8")
    return root


def assert_refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "Error:" in done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def test_the_repository_and_the_folders_above_it_are_refused(scratch: Path) -> None:
    before = snapshot(scratch.parent)
    assert_refused(smmgen(scratch, "build", "--out", "."), "the repository", "--out")
    assert_refused(smmgen(scratch, "build", "--out", ".."), "a folder above the repository")
    assert_refused(smmgen(scratch / "content", "build", "--out", "."), "the current folder")
    assert_refused(smmgen(scratch, "build", "--out", "/"), "a folder above")
    assert snapshot(scratch.parent) == before
    assert git(scratch, "status", "--porcelain").stdout == ""


def test_the_home_folder_is_refused(scratch: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".profile").write_text("mine\n", "utf-8")
    assert_refused(smmgen(scratch, "build", "--out", str(home), home=home), "your home folder")
    assert (home / ".profile").read_text("utf-8") == "mine\n"


def test_a_committed_site_link_is_never_followed(scratch: Path) -> None:
    victim = scratch.parent / "victim"
    (scratch / "_site").symlink_to("../victim")
    # .gitignore names _site without a slash, so the link is not added by accident ...
    assert git(scratch, "add", "_site").returncode != 0
    # ... but a pull request can force it in.
    assert git(scratch, "add", "-f", "_site").returncode == 0
    git(scratch, "commit", "-qm", "PR")
    before = snapshot(victim)
    assert_refused(smmgen(scratch, "build"), "'_site' is a symbolic link")
    assert_refused(smmgen(scratch, "build", "--out", "_site/sub"), "'_site' is a symbolic link")
    assert snapshot(victim) == before


def test_a_linked_folder_on_the_way_is_refused(scratch: Path) -> None:
    (scratch / "content" / "out").symlink_to("../../victim")
    before = snapshot(scratch.parent / "victim")
    assert_refused(smmgen(scratch, "build", "--out", "content/out/important"), "symbolic link")
    # Outside the repository the folder itself must not be a link either.
    (scratch.parent / "site-link").symlink_to("victim")
    assert_refused(smmgen(scratch, "build", "--out", "../site-link"), "symbolic link")
    assert snapshot(scratch.parent / "victim") == before


def test_a_folder_smmgen_did_not_make_is_not_replaced(scratch: Path) -> None:
    before = snapshot(scratch.parent)
    assert_refused(smmgen(scratch, "build", "--out", "content"), "not empty", MARKER)
    assert_refused(smmgen(scratch, "build", "--out", "../victim"), "not empty", MARKER)
    assert_refused(smmgen(scratch, "build", "--out", "schedule.yaml"), "is a file")
    (scratch / "_site").write_text("a file\n", "utf-8")
    assert_refused(smmgen(scratch, "build"), "not a folder")
    (scratch / "_site").unlink()
    assert snapshot(scratch.parent) == before


def test_builds_replace_their_own_site_and_nothing_else(scratch: Path) -> None:
    done = smmgen(scratch, "build")
    assert done.returncode == 0, done.stderr
    site = scratch / "_site"
    assert (site / "index.html").is_file() and (site / MARKER).is_file()
    (site / "stale.html").write_text("old", "utf-8")
    done = smmgen(scratch, "build")
    assert done.returncode == 0, done.stderr
    assert (site / "index.html").is_file() and not (site / "stale.html").exists()
    # No temporary folders are left beside it, and git sees nothing new.
    assert sorted(p.name for p in scratch.iterdir() if p.name.startswith("._site")) == []
    assert git(scratch, "status", "--porcelain").stdout == ""
    # A new folder and an empty one are fine, inside the repository or outside.
    empty = scratch.parent / "empty"
    empty.mkdir()
    for out in ("../empty", "../new/site"):
        done = smmgen(scratch, "build", "--out", out)
        assert done.returncode == 0, done.stderr
        assert (scratch / out / "index.html").is_file()
    done = smmgen(scratch, "build", "--out", "../empty")  # now an earlier site: replaced
    assert done.returncode == 0, done.stderr


def test_a_committed_cache_link_receives_nothing(scratch: Path) -> None:
    target = scratch.parent / "cache-target"
    target.mkdir()
    (scratch / ".smmgen-cache").symlink_to("../cache-target")
    assert git(scratch, "add", ".smmgen-cache").returncode != 0  # ignored without a slash
    for args in (("check",), ("build",)):
        done = smmgen(scratch, *args)
        assert done.returncode == 0, done.stdout + done.stderr
        assert list(target.iterdir()) == [], args


def test_links_inside_the_cache_folder_are_not_written_through(scratch: Path) -> None:
    outside = scratch.parent / "outside.txt"
    outside.write_text("keep\n", "utf-8")
    cache = scratch / ".smmgen-cache"
    cache.mkdir()
    (cache / "check.jsonl").symlink_to(outside)
    (cache / ".gitignore").symlink_to(scratch.parent / "ignore-target")
    done = smmgen(scratch, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert outside.read_text("utf-8") == "keep\n"
    assert not (scratch.parent / "ignore-target").exists()
    # The link itself was replaced by a real cache file, which the next run uses.
    assert not (cache / "check.jsonl").is_symlink()
    assert (cache / "check.jsonl").read_text("utf-8").startswith('{"smmgen-check-cache":4,')

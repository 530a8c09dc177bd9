"""Outside any git repository, smmgen knows it without starting git (and says what git says)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smmgen.gitstate import in_git, ledger_refs, unmerged_paths
from tests.helpers.git_repo import git

EXAMPLE = Path(__file__).resolve().parent.parent


def example(root: Path) -> Path:
    for name in ("content", "templates", "state"):
        shutil.copytree(EXAMPLE / name, root / name)
    shutil.copyfile(EXAMPLE / "schedule.yaml", root / "schedule.yaml")
    return root


def test_a_build_outside_git_starts_no_git(tmp_path: Path) -> None:
    root = example(tmp_path / "repo")
    # A git that notes each call and then does what git does.
    bin_dir, calls = tmp_path / "bin", tmp_path / "calls"
    bin_dir.mkdir()
    real = shutil.which("git")
    assert real is not None
    (bin_dir / "git").write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexec {real} "$@"\n', "utf-8")
    (bin_dir / "git").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    command = [sys.executable, "-m", "smmgen", "build", "--root", str(root)]
    command += ["--out", str(tmp_path / "site"), "--at", "2026-12-01 08:00"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert not calls.exists(), calls.read_text("utf-8")


def test_outside_git_the_answers_are_gits(tmp_path: Path) -> None:
    assert (in_git(tmp_path), ledger_refs(tmp_path), unmerged_paths(tmp_path)) == (
        False,
        None,
        None,
    )


@pytest.mark.parametrize("kind", ["work tree", "bare", "GIT_DIR", "link"])
def test_inside_a_repository_git_is_asked(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", *(["--bare"] if kind == "bare" else []))
    deep = repo / "a" / "b"
    deep.mkdir(parents=True)
    if kind == "GIT_DIR":
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
        deep = elsewhere
    if kind == "link":  # a folder of the repository reached through a link from outside
        (tmp_path / "link").symlink_to(deep)
        deep = tmp_path / "link"
    assert ledger_refs(deep) == {}  # git was asked (and found no ledger refs), not None

"""Post files that are links to files outside the repository are refused (review F12).

Like images: a link inside the repository is fine, one that leaves it is a
``file/outside-repo`` error, and its text is never read, previewed or sent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.content_repo import Repo

SECRET = "geheimer-text-aus-dem-home-ordner"
POST = "---\npublish_at: 2026-12-01 09:30\nnetworks: [masto]\n---\n{}\n"


def smmgen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smmgen", *args],
        cwd=root,
        env={**os.environ, "GITHUB_ACTIONS": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "post.md").write_text(POST.format(SECRET), "utf-8")
    return folder


def test_a_post_link_to_a_file_outside_is_refused(repo: Repo, outside: Path) -> None:
    repo.post("fine", POST.format("Hallo"))
    (repo.root / "content/outside.md").symlink_to(outside / "post.md")
    done = smmgen(repo.root, "check", "--format", "json")
    assert done.returncode == 1, done.stderr
    found = {(p["path"], p["line"], p["rule"]) for p in json.loads(done.stdout)}
    assert found == {("content/outside.md", 1, "file/outside-repo")}
    for args in (
        ("check",),
        ("preview", "--format", "markdown"),
        ("render", "content/outside.md"),
        ("publish", "--dry-run", "--at", "2026-12-01 09:35"),
        ("plan", "--at", "2026-12-01 09:35"),
        ("build", "--out", "../site", "--at", "2026-12-01 09:00"),
    ):
        done = smmgen(repo.root, *args)
        assert SECRET not in done.stdout + done.stderr, args
        assert "Traceback" not in done.stderr, (args, done.stderr)
    site = "".join(p.read_text("utf-8") for p in (repo.root.parent / "site").rglob("*.html"))
    assert SECRET not in site and "content/outside.md" in site


def test_a_linked_content_folder_is_refused(repo: Repo, outside: Path) -> None:
    (repo.root / "content").rmdir()
    (repo.root / "content").symlink_to(outside)
    done = smmgen(repo.root, "check", "--format", "json")
    assert done.returncode == 1
    assert [p["rule"] for p in json.loads(done.stdout)] == ["file/outside-repo"]
    assert SECRET not in smmgen(repo.root, "preview").stdout


def test_links_inside_the_repository_still_work(repo: Repo) -> None:
    repo.write("shared/post.md", POST.format("Geteilter Text"))
    (repo.root / "content/linked.md").symlink_to("../shared/post.md")
    assert repo.check() == []
    result = repo.run("render", "content/linked.md")
    assert result.exit_code == 0 and "Geteilter Text" in result.output


def test_every_file_of_a_linked_sub_folder_is_refused(repo: Repo, outside: Path) -> None:
    # Folders' real paths are looked up once per folder: the second file of the
    # linked folder must be refused like the first, and a plain folder still read.
    (outside / "second.md").write_text(POST.format(SECRET), "utf-8")
    (repo.root / "content/sub").symlink_to(outside)
    repo.post("fine", POST.format("Hallo"))
    files = ["content/sub/post.md", "content/sub/second.md", "content/fine.md"]
    done = smmgen(repo.root, "check", "--format", "json", *files)
    assert done.returncode == 1, done.stderr
    found = {(p["path"], p["rule"]) for p in json.loads(done.stdout)}
    assert found == {
        ("content/sub/post.md", "file/outside-repo"),
        ("content/sub/second.md", "file/outside-repo"),
    }

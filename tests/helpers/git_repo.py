"""A content repository under git, for tests of what changed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.content_repo import Repo

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
    ).stdout


def post(text: str = "Hello from the mountains.", *, at: str = "2026-12-02 17:00") -> str:
    return f"---\npublish_at: {at}\nnetworks: [bsky, masto]\n---\n{text}\n"


@pytest.fixture
def git_repo(repo: Repo) -> Repo:
    """The content repo as a git repository with one commit on ``main``."""
    repo.post("a", post("Post A."))
    repo.post("b", post("Post B."))
    repo.image("content/img/pic.png")
    repo.post(
        "pic",
        "---\npublish_at: 2026-12-03 09:30\nnetworks: [bsky]\n"
        "media:\n  - path: img/pic.png\n    alt: A red square\n---\nWith a picture.\n",
    )
    git(repo.root, "init", "-q", "-b", "main")
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "-m", "start")
    git(repo.root, "checkout", "-q", "-b", "pr")
    return repo


def commit(repo: Repo, message: str = "change") -> None:
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "-m", message)


def preview(repo: Repo, *args: str) -> str:
    result = repo.run("preview", "--format", "markdown", *args)
    assert result.exit_code == 0, result.output
    return result.stdout

"""The `smmgen-check` pre-commit hook, run by pre-commit itself on a real git repository.

pre-commit installs a `language: python` hook from its git repository with all
of smmgen's dependencies from PyPI; the test runs the same hook definition as a
local `language: system` hook with the smmgen under test, so what is checked
is the hook's entry, its file pattern and which files pre-commit passes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pre_commit.clientlib import load_manifest

from tests.helpers.content_repo import SCHEDULE

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
GOOD = "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\n---\n\nHallo\n"
BAD = "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\nthred: true\n---\n\nHallo\n"


def test_the_manifest_is_valid_for_pre_commit() -> None:
    hooks = load_manifest(str(HOOKS))
    assert [h["id"] for h in hooks] == ["smmgen-check"]
    assert hooks[0]["entry"] == "smmgen check" and hooks[0]["language"] == "python"


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "social"
    (repo / "content").mkdir(parents=True)
    (repo / "schedule.yaml").write_text(SCHEDULE, "utf-8")
    (repo / "content/gut.md").write_text(GOOD, "utf-8")
    hook = yaml.safe_load(HOOKS.read_text("utf-8"))[0]
    local = {
        **hook,
        "language": "system",
        # The smmgen under test, in place of the one pre-commit would install.
        "entry": hook["entry"].replace("smmgen", f"{sys.executable} -m smmgen", 1),
    }
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    return repo


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
    )


def pre_commit(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GITHUB_ACTIONS": "",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_staged_posts_are_checked(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "content/neu.md").write_text(BAD, "utf-8")
    git(git_repo, "add", "content/neu.md")
    result = pre_commit(git_repo, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/neu.md:4:1: error: unknown key 'thred'" in result.stdout


def test_only_staged_files_are_passed(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "content/entwurf.md").write_text(BAD, "utf-8")  # not staged
    (git_repo / "content/neu.md").write_text(GOOD.replace("Hallo", "Neu"), "utf-8")
    git(git_repo, "add", "content/neu.md")
    result = pre_commit(git_repo, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smmgen check" in result.stdout and "Passed" in result.stdout


def test_a_staged_schedule_checks_every_post(git_repo: Path, tmp_path: Path) -> None:
    # Removing the account 'bsky' breaks the committed post that goes there.
    schedule = (
        SCHEDULE.replace("slots:\n  mornings:", "slots:\n  mornings:")
        .replace(
            "  bsky:\n    network: bluesky\n    handle: example.bsky.social\n"
            "    password_env: BLUESKY_APP_PASSWORD\n",
            "",
        )
        .replace("accounts: [bsky, masto]", "accounts: [masto]")
    )
    (git_repo / "schedule.yaml").write_text(schedule, "utf-8")
    git(git_repo, "add", "schedule.yaml")
    result = pre_commit(git_repo, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/gut.md" in result.stdout and "bsky" in result.stdout
    assert "schedule.yaml:1:1: error: the file must start with front matter" not in result.stdout

"""A content repository on disk for tests: the test schedule, real images, and
`smmgen check` through the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import settings
from PIL import Image

from smmgen.cli import main


def examples(n: int) -> int:
    """``n`` examples for a property test: ten times as many under the explore profile."""
    return n * settings.default.max_examples // 100


# A valid plan: four accounts on networks with different rules, a slot and a blackout.
SCHEDULE = """\
timezone: Europe/Berlin
disclosure: "#Anzeige"
accounts:
  bsky:
    network: bluesky
    handle: example.bsky.social
    password_env: BLUESKY_APP_PASSWORD
  masto:
    network: mastodon
    instance: https://mastodon.social
    token_env: MASTODON_TOKEN
  li:
    network: linkedin
    author_urn: urn:li:organization:123
    token_env: LINKEDIN_TOKEN
  insta:
    network: instagram
    user_id: "17841400000000000"
    token_env: INSTAGRAM_TOKEN
slots:
  mornings:
    days: [mon, wed, fri]
    times: ["09:30"]
    accounts: [bsky, masto]
blackout:
  - from: 2026-12-24
    to: 2026-12-26
    reason: Christmas holidays
min_gap: 0m
"""


CHECK_AT = "2026-11-20 12:00"


def make_image(
    path: Path, size: tuple[int, int] = (800, 600), fmt: str = "PNG", *, noisy: bool = False
) -> Path:
    """Write a real image file; ``noisy`` makes it incompressible (and so large)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if noisy:
        img = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        img = Image.new("RGB", size, (200, 80, 40))
    img.save(path, fmt, **({"compress_level": 1} if fmt == "PNG" else {}))
    return path


class Repo:
    """A content repository on disk, checked through ``smmgen.cli:main``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
        return path

    def post(self, name: str, content: str | bytes) -> str:
        """Write ``content/<name>.md``; returns its repo-relative path."""
        self.write(f"content/{name}.md", content)
        return f"content/{name}.md"

    def image(self, rel: str, size: tuple[int, int] = (800, 600), fmt: str = "PNG") -> Path:
        return make_image(self.root / rel, size, fmt)

    def run(
        self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
    ) -> Result:
        """Invoke the CLI; never a traceback, always a documented exit code."""
        result = CliRunner().invoke(
            main, list(args), env={"GITHUB_ACTIONS": None, **(env or {})}, input=stdin
        )
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"smmgen crashed: {result.exception!r}") from result.exception
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1, 2), result.output
        return result

    def check(self, *args: str) -> list[dict[str, Any]]:
        """``smmgen check --format json``; the exit code must agree with the problems."""
        result = self.run("check", "--format", "json", *args)
        problems: list[dict[str, Any]] = json.loads(result.stdout)
        has_errors = any(p["severity"] == "error" for p in problems)
        assert result.exit_code == (1 if has_errors else 0), result.output
        return problems


def where(problems: list[dict[str, Any]]) -> set[tuple[str, int, str]]:
    """(path, line, rule) of each problem."""
    return {(p["path"], p["line"], p["rule"]) for p in problems}


def one(problems: list[dict[str, Any]], rule: str) -> dict[str, Any]:
    """The single problem with ``rule``."""
    hits = [p for p in problems if p["rule"] == rule]
    assert len(hits) == 1, problems
    return hits[0]

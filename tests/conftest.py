"""Shared fixtures: a real content repository in tmp_path, and the real CLI to run on it."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings
from PIL import Image
from pytest_httpserver import HTTPServer

from smmgen import i18n
from smmgen.cli import main

# Hypothesis: CI (CI set, as .ci/run does) draws the same examples on every run, so a red
# build is never a lucky seed; `pytest --hypothesis-profile=explore` searches ten times as
# wide on a developer's machine. The default profile keeps a fresh seed per run.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", max_examples=1000, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


# Processes the tests start load tests/faults/sitecustomize.py: with SMMGEN_FAULT set it
# kills them at a chosen point of a send (the crash tests); the product has no such hook.
FAULTS = Path(__file__).resolve().parent / "faults"
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(FAULTS), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)

# With CI set (.ci/run sets it) or SMMGEN_REQUIRE_ALL=1, a test that would skip because a
# real component is missing (Chromium, node and the local PDS, a second core) fails
# instead: a green run then means every test ran.
REQUIRE_ALL = bool(os.environ.get("CI")) or os.environ.get("SMMGEN_REQUIRE_ALL") == "1"


def _skip_fails(report: pytest.TestReport | pytest.CollectReport) -> None:
    if not (REQUIRE_ALL and report.skipped) or hasattr(report, "wasxfail"):
        return
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    report.outcome = "failed"
    report.longrepr = (
        f"{reason.removeprefix('Skipped: ')}\n"
        "(not skipped: CI or SMMGEN_REQUIRE_ALL=1 requires every test to run; "
        "scripts/test-deps.sh installs what they need)"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    _skip_fails(outcome.get_result())  # type: ignore[attr-defined]


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    outcome = yield
    _skip_fails(outcome.get_result())  # type: ignore[attr-defined]


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


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """`smmgen check` judges publish_at times as of this moment (posts in the tests are
    mostly dated December 2026), not the wall clock, so results do not change with time."""
    monkeypatch.setenv("SMMGEN_AT", CHECK_AT)


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """smmgen speaks English unless a test's schedule.yaml says otherwise, whatever the
    locale of the computer running the tests; no test inherits another's language."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setattr(i18n, "_language", None)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    root = tmp_path / "repo"
    (root / "content").mkdir(parents=True)
    (root / "schedule.yaml").write_text(SCHEDULE, "utf-8")
    monkeypatch.chdir(root)
    return Repo(root)


@pytest.fixture(autouse=True)
def _own_cache_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """smmgen keeps this machine's random id in $XDG_CACHE_HOME/smmgen: never the real home's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@pytest.fixture
def slow_server() -> Iterator[HTTPServer]:
    """A local HTTP server that answers requests in parallel: a slow answer holds up no other."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()

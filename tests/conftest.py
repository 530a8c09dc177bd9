"""Shared fixtures: a real content repository in tmp_path, and the real CLI to run on it.

The code behind them lives in tests/helpers/; fixtures used by several test modules are
registered here, so no test module imports another one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from pytest_httpserver import HTTPServer

from smmgen import i18n
from tests.helpers.browser import browser  # noqa: F401 (a fixture)
from tests.helpers.content_repo import CHECK_AT, SCHEDULE, Repo
from tests.helpers.fake_github import gh  # noqa: F401 (a fixture)
from tests.helpers.git_repo import git_repo  # noqa: F401 (a fixture)

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

"""With CI or SMMGEN_REQUIRE_ALL=1 set, a test that would skip for a missing component fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SKIPPING = """\
import pytest

def test_needs_a_browser():
    pytest.skip("no chromium binary")

@pytest.mark.xfail(strict=True, reason="known gap")
def test_known_gap():
    assert False
"""


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    shutil.copy(Path(__file__).with_name("conftest.py"), tmp_path / "conftest.py")
    (tmp_path / "test_probe.py").write_text(SKIPPING)
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "SMMGEN_REQUIRE_ALL")}
    # The copied conftest imports tests.helpers from this repository.
    root = str(Path(__file__).resolve().parents[1])
    base["PYTHONPATH"] = os.pathsep.join(filter(None, [root, base.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_probe.py"],
        cwd=tmp_path,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("env", [{"CI": "true"}, {"SMMGEN_REQUIRE_ALL": "1"}])
def test_a_skip_fails_the_run_when_every_test_is_required(
    tmp_path: Path, env: dict[str, str]
) -> None:
    result = _run(tmp_path, **env)
    assert result.returncode == 1, result.stdout
    assert "FAILED test_probe.py::test_needs_a_browser - no chromium binary" in result.stdout
    assert "1 failed, 1 xfailed" in result.stdout  # an expected failure stays one


def test_a_skip_is_a_skip_on_a_developers_machine(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert result.returncode == 0, result.stdout
    assert "1 skipped, 1 xfailed" in result.stdout

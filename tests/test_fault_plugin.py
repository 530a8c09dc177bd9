"""The crash tests' fault injection lives in tests/faults, around the adapters, not in smmgen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SMMGEN = Path(__file__).resolve().parent.parent / "smmgen"


def test_the_product_has_no_fault_hook() -> None:
    hooks = [
        str(path.relative_to(SMMGEN.parent))
        for path in sorted(SMMGEN.rglob("*.py"))
        if "SMMGEN_FAULT" in path.read_text("utf-8") or "SIGKILL" in path.read_text("utf-8")
    ]
    assert hooks == []


def test_a_misspelt_fault_stops_the_process_instead_of_running_without_one(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "SMMGEN_FAULT": "after-sned"}
    done = subprocess.run(
        [sys.executable, "-m", "smmgen", "--version"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "SMMGEN_FAULT='after-sned': not one of before-lookup" in done.stderr

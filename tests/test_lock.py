"""The hashed lock files the workflows install from are in step with pyproject.toml.

When this fails, regenerate them: ``bash scripts/lock.sh`` (needs uv).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
OURS = ROOT / "requirements.lock"
SCAFFOLD = ROOT / "smmgen" / "scaffold" / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(path: Path) -> dict[str, tuple[Version, int]]:
    """name → (pinned version, number of hashes) for every requirement in a lock file."""
    found: dict[str, tuple[Version, int]] = {}
    entries = re.split(r"\n(?=\S)", path.read_text("utf-8"))
    for entry in entries:
        if not entry.strip() or entry.startswith("#"):
            continue
        m = PIN.match(entry)
        assert m, f"{path.name}: not a pinned requirement: {entry.splitlines()[0]}"
        found[canonicalize_name(m[1])] = (Version(m[2]), entry.count("--hash=sha256:"))
    return found


def direct(*, build: bool) -> list[Requirement]:
    data = tomllib.loads(PYPROJECT.read_text("utf-8"))
    reqs = [Requirement(r) for r in data["project"]["dependencies"]]
    if build:
        reqs += [Requirement(r) for r in data["build-system"]["requires"]]
    return reqs


@pytest.mark.parametrize(
    ("lock", "build"), [(OURS, True), (SCAFFOLD, False)], ids=["ours", "scaffold"]
)
def test_lock_covers_every_dependency_of_pyproject(lock: Path, build: bool) -> None:
    locked = pins(lock)
    stale = []
    for req in direct(build=build):
        name = canonicalize_name(req.name)
        if name not in locked:
            stale.append(f"{req} is missing")
        elif not req.specifier.contains(locked[name][0], prereleases=True):
            stale.append(f"{req} does not allow the locked {locked[name][0]}")
    assert not stale, f"{lock.name} is out of date ({'; '.join(stale)}): run bash scripts/lock.sh"
    # --require-hashes needs a hash on every line, and nothing may come unpinned.
    assert all(n >= 1 for _, n in locked.values())


def test_scaffold_lock_pins_what_we_run() -> None:
    """`smmgen init` hands out the versions our own workflows and tests run with."""
    ours, theirs = pins(OURS), pins(SCAFFOLD)
    assert {n: v for n, (v, _) in theirs.items()} == {
        n: v for n, (v, _) in ours.items() if n in theirs
    }
    assert "hatchling" in ours and "hatchling" not in theirs


def test_pins_are_read(tmp_path: Path) -> None:
    """The parser above sees a stale lock (so the tests above can fail)."""
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "# header\nclick==7.0 \\\n    --hash=sha256:" + "0" * 64 + "\n    # via smmgen\n"
        "pyyaml==6.0.1 ; python_version >= '3.11' \\\n    --hash=sha256:" + "1" * 64 + "\n",
        "utf-8",
    )
    locked = pins(lock)
    assert locked == {"click": (Version("7.0"), 1), "pyyaml": (Version("6.0.1"), 1)}
    assert not Requirement("click>=8.1").specifier.contains(locked["click"][0])

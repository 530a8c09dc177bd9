"""The repository `smmgen init` writes installs the smmgen that wrote it (real pip, real venvs).

Packages come from this machine's pip configuration (its index) and from a local folder
holding the smmgen wheel built from this source tree; nothing else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from smmgen import __version__
from smmgen.cli import main

ROOT = Path(__file__).resolve().parent.parent


def sh(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, f"{args}: {proc.stdout}\n{proc.stderr}"
    return proc


def venv(path: Path) -> Path:
    sh(sys.executable, "-m", "venv", path)
    return path / "bin"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This source tree (working files, committed or not) as a fresh git repository."""
    src = tmp_path_factory.mktemp("smmgen-src")
    listed = sh("git", "ls-files", "-z", "-co", "--exclude-standard", cwd=ROOT).stdout
    for rel in filter(None, listed.split("\0")):
        if (ROOT / rel).is_file() and not (ROOT / rel).is_symlink():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, src / rel)
    sh("git", "init", "-q", "-b", "main", cwd=src)
    sh("git", "add", "-A", cwd=src)
    sh("git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x", cwd=src)
    return src


def test_version_is_declared_once_per_file_and_agrees() -> None:
    """The release workflow checks the tag against pyproject; --version must say the same."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["version"] == __version__


def test_scaffold_from_a_released_wheel_installs_that_release(source: Path, tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    sh(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, source)
    assert [p.name for p in wheels.iterdir()] == [f"smmgen-{__version__}-py3-none-any.whl"]

    # As from an index: only the folder may provide smmgen, the configured index the rest.
    bin_a = venv(tmp_path / "a")
    sh(bin_a / "pip", "install", "-q", "--no-index", "--no-deps", "-f", wheels, "smmgen")
    sh(bin_a / "pip", "install", "-q", "-f", wheels, "smmgen")
    out = sh(bin_a / "smmgen", "init", tmp_path / "social").stdout
    requirements = (tmp_path / "social/requirements.txt").read_text("utf-8")
    assert f"\nsmmgen=={__version__}\n" in requirements
    assert f"installs smmgen=={__version__}" in out

    # As the scaffold's workflows install it: the hashed lock, then smmgen alone.
    bin_b = venv(tmp_path / "b")
    social = tmp_path / "social"
    sh(bin_b / "pip", "install", "-q", "--require-hashes", "--no-deps", "-r", "requirements.lock",
       cwd=social)  # fmt: skip
    sh(bin_b / "pip", "install", "-q", "--no-deps", "-f", wheels, "-r", "requirements.txt",
       cwd=social)  # fmt: skip
    assert sh(bin_b / "smmgen", "--version").stdout.strip().endswith(__version__)
    sh(bin_b / "smmgen", "check", cwd=social)


def test_scaffold_from_a_git_commit_pins_that_commit(source: Path, tmp_path: Path) -> None:
    commit = sh("git", "rev-parse", "HEAD", cwd=source).stdout.strip()
    # pip 23 takes a file URL in a requirement only with a host part.
    url = f"git+file://localhost{source}"
    bin_a = venv(tmp_path / "a")
    sh(bin_a / "pip", "install", "-q", f"smmgen @ {url}@main")
    result = sh(bin_a / "smmgen", "init", tmp_path / "social")
    requirements = (tmp_path / "social/requirements.txt").read_text("utf-8")
    # The commit, not the branch that was asked for: the branch moves on.
    assert f"\nsmmgen @ {url}@{commit}\n" in requirements
    assert "GitHub Actions cannot install" in result.stderr  # a path on this computer

    # A new commit on the branch does not change what the scaffold installs.
    (source / "NEWS").write_text("later\n", "utf-8")
    sh("git", "add", "NEWS", cwd=source)
    sh("git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "y",
       cwd=source)  # fmt: skip
    bin_b = venv(tmp_path / "b")
    sh(bin_b / "pip", "install", "-q", "-r", "requirements.txt", cwd=tmp_path / "social")
    freeze = sh(bin_b / "pip", "freeze").stdout
    assert f"smmgen @ {url}@{commit}" in freeze


def test_smmgen_requirement_overrides_the_pin(tmp_path: Path) -> None:
    spec = "smmgen @ git+https://github.com/OWNER/smmgen@" + "0" * 40
    result = CliRunner().invoke(main, ["init", str(tmp_path / "r"), "--smmgen-requirement", spec])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "r/requirements.txt").read_text("utf-8").splitlines()
    assert lines[-1] == spec

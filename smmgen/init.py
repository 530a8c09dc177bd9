"""`smmgen init`: write a new content repository from the packaged scaffold.

The scaffold lives in ``smmgen/scaffold/``. Dot-files are stored there as
``dot-<name>`` so that packaging and git treat them as plain files (a stored
``.gitignore`` would otherwise apply to the package itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import ConfigError

SCAFFOLD = Path(__file__).parent / "scaffold"
REQUIREMENT_PLACEHOLDER = "__SMMGEN_REQUIREMENT__"


@dataclass(frozen=True)
class ScaffoldFile:
    """One file to write: where it goes in the new repository, and its text."""

    path: str  # relative, with forward slashes
    text: str


def scaffold_files(requirement: str) -> list[ScaffoldFile]:
    """Every scaffold file with its target path and the smmgen ``requirement`` filled in."""
    files = []
    for source in sorted(p for p in SCAFFOLD.rglob("*") if p.is_file()):
        rel = PurePosixPath(source.relative_to(SCAFFOLD).as_posix())
        if "__pycache__" in rel.parts:
            continue
        target = PurePosixPath(*(("." + part[4:]) if part.startswith("dot-") else part
                                 for part in rel.parts))  # fmt: skip
        text = source.read_text("utf-8").replace(REQUIREMENT_PLACEHOLDER, requirement)
        files.append(ScaffoldFile(str(target), text))
    return files


def init_repo(dest: Path, requirement: str, *, force: bool = False) -> list[str]:
    """Write the scaffold into ``dest``, installing smmgen with ``requirement``;
    returns the paths written.

    Refuses (ConfigError, exit 2) to overwrite any existing file unless ``force``.
    """
    if dest.exists() and not dest.is_dir():
        raise ConfigError(f"{dest} exists and is not a folder")
    if not requirement.strip() or "\n" in requirement:
        raise ConfigError("--smmgen-requirement must be one pip requirement, e.g. smmgen==0.2.0")
    files = scaffold_files(requirement.strip())
    existing = [f.path for f in files if (dest / f.path).exists()]
    if existing and not force:
        shown = ", ".join(existing[:5]) + (
            f" and {len(existing) - 5} more" if len(existing) > 5 else ""
        )
        raise ConfigError(
            f"{dest} already has {shown}; nothing was written. Pass --force to overwrite them."
        )
    for f in files:
        target = dest / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f.text, "utf-8")
    return [f.path for f in files]

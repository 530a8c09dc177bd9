"""The requirement a new repository installs smmgen with: the smmgen that ran `init`.

A released smmgen (installed from a package index) is pinned as ``smmgen==X.Y.Z``.
One installed from a direct URL (a git commit, a wheel file, a folder) has no
version an index could resolve, so it is pinned to exactly that source, read from
its PEP 610 ``direct_url.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from . import __version__


@dataclass(frozen=True)
class Pin:
    """A pip requirement line for smmgen, and whether it only works on this machine."""

    requirement: str
    local: bool = False


def smmgen_pin() -> Pin:
    """The requirement that reinstalls the smmgen running now."""
    try:
        dist = metadata.distribution("smmgen")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return Pin(f"smmgen=={__version__}")
    if dist.version != __version__:  # PYTHONPATH points at another copy than the installed one
        return Pin(f"smmgen=={__version__}")
    raw = dist.read_text("direct_url.json")
    if not raw:
        return Pin(f"smmgen=={dist.version}")  # from an index: the release resolves
    try:
        info = json.loads(raw)
    except ValueError:
        return Pin(f"smmgen=={dist.version}")
    return pin_from_direct_url(info) if isinstance(info, dict) else Pin(f"smmgen=={__version__}")


def pin_from_direct_url(info: dict[str, Any]) -> Pin:
    """A PEP 508 direct reference for a PEP 610 ``direct_url.json`` document."""
    url = str(info.get("url", ""))
    subdir = info.get("subdirectory")
    fragment = f"#subdirectory={subdir}" if subdir else ""
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("commit_id"):
        # The commit, never the branch or tag asked for: a tag can move.
        ref = f"{vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}"
        return Pin(f"smmgen @ {ref}{fragment}", local=url.startswith("file:"))
    archive = info.get("archive_info")
    if isinstance(archive, dict):
        hashes = archive.get("hashes")
        digest = (
            f"sha256={hashes['sha256']}"
            if isinstance(hashes, dict) and "sha256" in hashes
            else str(archive.get("hash", "")).replace(":", "=", 1)
        )
        if digest:  # pip then refuses a file that is not the one init ran from
            fragment = f"#{digest}" + (f"&subdirectory={subdir}" if subdir else "")
    return Pin(f"smmgen @ {url}{fragment}", local=url.startswith("file:"))

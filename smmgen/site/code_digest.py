"""A digest of smmgen's own files: what the site's caches are valid for.

Other code may render other bytes, so the page manifest and the view cache
name the code they were made by. The digest is of the files' content; it is
remembered in ``.smmgen-cache/code-digest.json`` by the files' names, sizes,
modification times and inodes (as Python trusts a ``.pyc`` by its source's
size and time), so a build reads the package's ~250 files only after one
of them changed. A file changed in the last :data:`RECENT_NS` may change
again within the same tick of the file system's clock without its size or
time changing: while there is one, the memo is neither used nor written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

from ..cache_files import read_cache_file, write_cache_file

PACKAGE = Path(__file__).resolve().parent.parent
SUFFIXES = (".py", ".html", ".css", ".js", ".mo", ".svg")
FILE = "code-digest.json"
RECENT_NS = 2_000_000_000

_DIGEST: str | None = None


def code_digest(memo: Path | None = None) -> str:
    """The digest of the smmgen package's files (worked out once per process);
    ``memo``: the cache folder that remembers it."""
    global _DIGEST
    if _DIGEST is None:
        _DIGEST = digest_of(PACKAGE, memo, time.time_ns())
    return _DIGEST


def digest_of(package: Path, memo: Path | None, now_ns: int) -> str:
    """The digest of ``package``'s files at ``now_ns``, remembered in ``memo`` (a folder)."""
    files = _files(package)
    stats = [(rel, st.st_size, st.st_mtime_ns, st.st_ino) for rel, _, st in files]
    signature = hashlib.sha256(repr(stats).encode()).hexdigest()
    trusted = memo is not None and all(now_ns - st.st_mtime_ns >= RECENT_NS for _, _, st in files)
    if memo is not None and trusted:
        with contextlib.suppress(ValueError, TypeError):
            kept = json.loads(read_cache_file(memo, FILE) or b"null")
            if isinstance(kept, list) and kept[:1] == [signature] and kept[1:] == [str(kept[-1])]:
                return str(kept[1])
    h = hashlib.sha256()
    for rel, path, _ in files:
        h.update(rel.encode() + b"\0")
        h.update(Path(path).read_bytes())
    digest = h.hexdigest()
    if memo is not None and trusted:
        write_cache_file(memo, FILE, json.dumps([signature, digest]).encode())
    return digest


def _files(package: Path) -> list[tuple[str, str, os.stat_result]]:
    """The package's files that make pages (relative name, path, stat), in name order."""
    found: list[tuple[str, str, os.stat_result]] = []
    stack = [("", os.fspath(package))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(SUFFIXES) and entry.is_file():
                    found.append((f"{prefix}{entry.name}", entry.path, entry.stat()))
    found.sort(key=lambda f: f[0].split("/"))
    return found

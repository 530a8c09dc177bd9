"""The per-file result cache of the checks: ``.smmgen-cache/check.json``.

One versioned JSON document, valid for one environment key (see
:func:`smmgen.project.environment_key`)::

    {"smmgen-check-cache": 3, "key": "<key>", "files": {"<path>": ["<hash>",
     "<size:mtime:inode or ->", "<timing>", [["<image>", size, mtime], ...],
     [<Problem.to_row()>, ...]]}}

A damaged entry only makes that one file checked again; a different key or a
damaged document makes the whole cache ignored. Writes are atomic (write, rename).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .problems import Problem

CACHE_DIR = ".smmgen-cache"
CACHE_FILE = "check.json"
VERSION = 3
NO_SIGNATURE = "-"  # a file changed too recently for its stat to be trusted


class Entry(NamedTuple):
    """What the cache knows of one post file."""

    digest: str
    signature: str
    timing: str  # what the checks on the clock need (smmgen.timing.timing_of)
    media: list[tuple[str, int, int]]  # images used: path, size, mtime
    problems: list[Problem]


def _entry(value: Any) -> Entry | None:
    """A cached entry, or None if it is damaged."""
    if not (isinstance(value, list) and len(value) == 5):
        return None
    hashed, signature, timing, media, rows = value
    if not all(isinstance(v, str) for v in (hashed, signature, timing)):
        return None
    if not (isinstance(media, list) and isinstance(rows, list)):
        return None
    images = [
        (m[0], m[1], m[2])
        for m in media
        if isinstance(m, list) and len(m) == 3 and isinstance(m[0], str)
        and type(m[1]) is int and type(m[2]) is int
    ]  # fmt: skip
    problems = [p for p in map(Problem.from_row, rows) if p is not None]
    if len(images) != len(media) or len(problems) != len(rows):
        return None
    return Entry(hashed, signature, timing, images, problems)


class ResultCache:
    """Cached check results by post path, valid for one environment key."""

    def __init__(self, root: Path, key: str, *, use: bool = True) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        self.key = key
        self.changed = False
        self.use = use
        self._files: dict[str, Any] = self._load() if use else {}

    def _load(self) -> dict[str, Any]:
        try:
            with _open_dir(self.path.parent) as folder:
                fd = os.open(CACHE_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
                with os.fdopen(fd, "rb") as fh:
                    if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                        return {}
                    doc = json.loads(fh.read())
        except (OSError, ValueError):  # ValueError: not JSON, not UTF-8
            return {}
        if not isinstance(doc, dict) or doc.get("smmgen-check-cache") != VERSION:
            return {}
        files = doc.get("files")
        return files if doc.get("key") == self.key and isinstance(files, dict) else {}

    def clean(self, rel: str, signature: str) -> str | None:
        """The timing of a file unchanged since it was checked without problems or images.

        The common case, so it is answered without building an :class:`Entry`.
        """
        value = self._files.get(rel)
        if (
            signature != NO_SIGNATURE
            and type(value) is list
            and len(value) == 5
            and value[1] == signature
            and value[3] == []
            and value[4] == []
            and isinstance(value[0], str)
            and isinstance(value[2], str)
        ):
            return value[2]
        return None

    def lookup(self, rel: str) -> Entry | None:
        """What the cache knows of a file, if anything (and it is not damaged)."""
        value = self._files.get(rel)
        return None if value is None else _entry(value)

    def store(self, rel: str, entry: Entry) -> None:
        """Remember a file's result."""
        media = [list(m) for m in entry.media]
        problems = [p.to_row() for p in entry.problems]
        self._files[rel] = [entry.digest, entry.signature, entry.timing, media, problems]
        self.changed = True

    def keep_only(self, rels: set[str]) -> None:
        """Forget files that are gone (after a check of the whole content folder)."""
        for rel in self._files.keys() - rels:
            del self._files[rel]
            self.changed = True

    def save(self) -> None:
        """Write the cache atomically; a read-only checkout just goes without.

        Never through a link: a committed ``.smmgen-cache`` link (or a link
        inside it) must not make ``check`` write elsewhere, so the folder is
        opened without following links and every file is made relative to it.
        """
        doc = {"smmgen-check-cache": VERSION, "key": self.key, "files": self._files}
        # ASCII: a file name that is not UTF-8 survives as an escape.
        data = json.dumps(doc, separators=(",", ":")).encode("ascii")
        tmp = f".check-{os.getpid()}.tmp"  # one writer per process
        new = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        with contextlib.suppress(OSError, ValueError):
            with contextlib.suppress(FileExistsError):
                self.path.parent.mkdir()
            with _open_dir(self.path.parent) as folder:
                with (
                    contextlib.suppress(FileExistsError),
                    os.fdopen(os.open(".gitignore", new, 0o666, dir_fd=folder), "w") as fh,
                ):
                    fh.write("*\n")
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp, dir_fd=folder)  # left by a crashed run with our pid
                try:
                    with os.fdopen(os.open(tmp, new, 0o666, dir_fd=folder), "wb") as fh:
                        fh.write(data + b"\n")
                    os.replace(tmp, CACHE_FILE, src_dir_fd=folder, dst_dir_fd=folder)
                except (OSError, ValueError):
                    with contextlib.suppress(OSError):
                        os.unlink(tmp, dir_fd=folder)


@contextlib.contextmanager
def _open_dir(path: Path) -> Iterator[int]:
    """The cache folder, opened only if it is a real folder (not a link to one)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        yield fd
    finally:
        os.close(fd)

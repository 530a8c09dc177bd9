"""The per-file result cache of `smmgen check`: ``.smmgen-cache/check.tsv``.

A text file, so a warm run over ten thousand posts reads it with one split
and parses JSON only for the files it reports problems from::

    smmgen-check-cache 2
    key <environment key: tool version, schedule.yaml, templates>
    schedule <JSON: schedule.yaml's problems>
    <path>\\t<hash>\\t<timing>\\t<size:mtime:inode or ->\\t<JSON [images, problems] or empty>
    ...

``timing`` is what the checks that depend on the clock and the ledger need of a
post (see :func:`smmgen.timing.timing_of`), so a warm run need not read it again.

A damaged line only makes that one file checked again; a different key or a
damaged head makes the whole cache ignored. Writes are atomic (write, rename).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CACHE_DIR = ".smmgen-cache"
CACHE_FILE = "check.tsv"
_MAGIC = "smmgen-check-cache 2"
NO_SIGNATURE = "-"  # a file changed too recently for its stat to be trusted

Row = list[Any]  # a Problem as a list (dataclasses.astuple)
Details = tuple[list[Row], list[Row]]  # images used [path, size, mtime]; problems


def _problem_row(row: Any) -> bool:
    kinds = (str, int, int, str, str, str)
    return (
        isinstance(row, list)
        and len(row) == 8
        and all(isinstance(v, k) for v, k in zip(row, kinds, strict=False))
        and row[3] in ("error", "warning")
        and all(v is None or isinstance(v, str) for v in row[6:])
    )


def _image_row(row: Any) -> bool:
    return (
        isinstance(row, list)
        and len(row) == 3
        and isinstance(row[0], str)
        and all(type(v) is int for v in row[1:])
    )


def stat_key(root: Path, rel: str) -> list[int]:
    """Size and modification time of a media file, for cache keys ([-1, -1] if absent)."""
    try:
        st = os.stat(root / rel)
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return [-1, -1]
    return [st.st_size, st.st_mtime_ns]


def _storable(rel: str) -> bool:
    # A path with a tab or line break would break its line, one that is not
    # UTF-8 could not be written; such files are simply checked every time.
    if "\t" in rel or "\n" in rel:
        return False
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class ResultCache:
    """Cached check results by post path, valid for one environment key."""

    def __init__(self, root: Path, key: str, *, use: bool = True) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        self.key = key
        self.schedule: list[Row] | None = None
        self.changed = False
        self.use = use
        self._lines: dict[str, str] = {}
        if use:
            self._load()

    def _load(self) -> None:
        try:
            with _open_dir(self.path.parent) as folder:
                fd = os.open(CACHE_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
                with os.fdopen(fd, "rb") as fh:
                    if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                        return
                    text = fh.read().decode("utf-8")
        except (OSError, ValueError):
            return
        lines = text.split("\n")
        if len(lines) < 3 or lines[0] != _MAGIC or lines[1] != f"key {self.key}":
            return
        if lines[2].startswith("schedule "):
            try:
                rows = json.loads(lines[2][9:])
            except ValueError:
                rows = None
            if isinstance(rows, list) and all(map(_problem_row, rows)):
                self.schedule = rows
        self._lines = {line.partition("\t")[0]: line for line in lines[3:] if line}

    def clean(self, rel: str, signature: str) -> bool:
        """Whether the file is unchanged since it was checked and had no problems.

        The common case, so it is answered without splitting the line.
        """
        line = self._lines.get(rel)
        return (
            line is not None
            and signature != NO_SIGNATURE
            and line.endswith(f"\t{signature}\t")
            and line.count("\t") == 4
            and line[len(rel) + 33] == "\t"  # the hash is 32 characters
        )

    def timing(self, rel: str) -> str:
        """The cached timing of a file ("" when none or unknown)."""
        line = self._lines.get(rel)
        return line.split("\t", 3)[2] if line is not None and line.count("\t") == 4 else ""

    def lookup(self, rel: str) -> tuple[str, str, str, str] | None:
        """The cached (hash, stat signature, details, timing) of a file, if any."""
        line = self._lines.get(rel)
        if line is None:
            return None
        fields = line.split("\t")
        if len(fields) != 5:
            return None
        return fields[1], fields[3], fields[4], fields[2]

    @staticmethod
    def details(text: str) -> Details | None:
        """The images and problems of a cached line; None if it is damaged."""
        if not text:
            return [], []
        try:
            value = json.loads(text)
        except ValueError:
            return None
        if not (isinstance(value, list) and len(value) == 2):
            return None
        images, problems = value
        if not (isinstance(images, list) and isinstance(problems, list)):
            return None
        if not (all(map(_image_row, images)) and all(map(_problem_row, problems))):
            return None
        return images, problems

    def store(
        self, rel: str, digest: str, signature: str, details: Details | str, timing: str
    ) -> None:
        """Remember a file's result (``details`` as returned by :meth:`details` or its text)."""
        if not _storable(rel):
            return
        if not isinstance(details, str):
            images, problems = details
            details = (
                json.dumps([images, problems], ensure_ascii=False, separators=(",", ":"))
                if images or problems
                else ""
            )
        # JSON escapes tabs and line breaks inside strings, so the line stays one line.
        self._lines[rel] = f"{rel}\t{digest}\t{timing}\t{signature}\t{details}"
        self.changed = True

    def keep_only(self, rels: set[str]) -> None:
        """Forget files that are gone (after a check of the whole content folder)."""
        for rel in self._lines.keys() - rels:
            del self._lines[rel]
            self.changed = True

    def save(self) -> None:
        """Write the cache atomically; a read-only checkout just goes without.

        Never through a link: a committed ``.smmgen-cache`` link (or a link
        inside it) must not make ``check`` write elsewhere, so the folder is
        opened without following links and every file is made relative to it.
        """
        directory = self.path.parent
        schedule = json.dumps(self.schedule or [], ensure_ascii=False, separators=(",", ":"))
        text = "\n".join([_MAGIC, f"key {self.key}", f"schedule {schedule}", *self._lines.values()])
        tmp = f".check-{os.getpid()}.tmp"  # one writer per process
        new = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        try:
            with contextlib.suppress(FileExistsError):
                directory.mkdir()
            with _open_dir(directory) as folder:
                with (
                    contextlib.suppress(FileExistsError),
                    os.fdopen(os.open(".gitignore", new, 0o666, dir_fd=folder), "w") as fh,
                ):
                    fh.write("*\n")
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp, dir_fd=folder)  # left by a crashed run with our pid
                try:
                    with os.fdopen(os.open(tmp, new, 0o666, dir_fd=folder), "wb") as fh:
                        fh.write((text + "\n").encode("utf-8"))
                    os.replace(tmp, CACHE_FILE, src_dir_fd=folder, dst_dir_fd=folder)
                except (OSError, ValueError):
                    with contextlib.suppress(OSError):
                        os.unlink(tmp, dir_fd=folder)
        except (OSError, ValueError):
            pass


@contextlib.contextmanager
def _open_dir(path: Path) -> Iterator[int]:
    """The cache folder, opened only if it is a real folder (not a link to one)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        yield fd
    finally:
        os.close(fd)

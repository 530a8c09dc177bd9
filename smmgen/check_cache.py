"""The per-file result cache of the checks: ``.smmgen-cache/check.jsonl``, JSON lines::

    {"smmgen-check-cache":3,"key":"<smmgen.project.environment_key>"}
    ["<path>","<hash>","<size:mtime:inode or ->","<timing>",[[image,size,mtime]],[<row>]]

(rows: :meth:`Problem.to_row`). A damaged line only makes its file checked
again; another version or key makes the whole cache ignored. Writes are atomic.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from . import json_lines
from .problems import Problem

CACHE_DIR = ".smmgen-cache"
CACHE_FILE = "check.jsonl"
VERSION = 3
NO_SIGNATURE = "-"  # a file changed too recently for its stat to be trusted


class Entry(NamedTuple):
    """What the cache knows of one post file."""

    digest: str
    signature: str
    timing: str  # what the checks on the clock need (smmgen.timing.timing_of)
    media: list[tuple[str, int, int]]  # images used: path, size, mtime
    problems: list[Problem]


def _entry(value: list[Any]) -> Entry | None:
    """A cached line's entry, or None if it is damaged."""
    if len(value) != 6:
        return None
    _, hashed, signature, timing, media, rows = value
    texts = all(isinstance(v, str) for v in (hashed, signature, timing))
    if not (texts and isinstance(media, list) and isinstance(rows, list)):
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


def _parse(lines: list[str]) -> list[Any]:
    """Each line's JSON value (None if damaged); one parse for all lines when none is."""
    return json_lines.values(lines)


def _value(line: str) -> Any:
    return json_lines.value(line)


class ResultCache:
    """Cached check results by post path, valid for one environment key."""

    def __init__(self, root: Path, key: str, *, use: bool = True) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        self.head = json.dumps({"smmgen-check-cache": VERSION, "key": key}, separators=(",", ":"))
        self.changed = False
        self.use = use
        # By path: the line's value and its text.
        self._lines: dict[str, tuple[list[Any], str]] = self._load() if use else {}

    def _load(self) -> dict[str, tuple[list[Any], str]]:
        raw = read_cache_file(self.path.parent, CACHE_FILE)
        try:
            lines = [] if raw is None else raw.decode("utf-8").split("\n")
        except ValueError:  # not UTF-8
            return {}
        if not lines or lines[0] != self.head:
            return {}
        body = [line for line in lines[1:] if line]
        return {
            v[0]: (v, line)
            for v, line in zip(_parse(body), body, strict=True)
            if type(v) is list and v and isinstance(v[0], str)
        }

    def clean(self, rel: str, signature: str) -> str | None:
        """The timing of a file unchanged since it was checked without problems or images
        (the common case: answered without building an :class:`Entry`)."""
        v = self._lines.get(rel, ([],))[0]
        fine = len(v) == 6 and v[2] == signature != NO_SIGNATURE and v[4] == v[5] == []
        return v[3] if fine and isinstance(v[3], str) else None

    def digest(self, rel: str) -> str:
        """The content hash recorded for a file that :meth:`clean` answered for."""
        return str(self._lines[rel][0][1])

    def lookup(self, rel: str) -> Entry | None:
        """What the cache knows of a file, if anything (and it is not damaged)."""
        line = self._lines.get(rel)
        return None if line is None else _entry(line[0])

    def store(self, rel: str, entry: Entry) -> None:
        """Remember a file's result."""
        media = [list(m) for m in entry.media]
        problems = [p.to_row() for p in entry.problems]
        value = [rel, entry.digest, entry.signature, entry.timing, media, problems]
        # ASCII: a file name that is not UTF-8 survives as an escape; no line breaks.
        self._lines[rel] = (value, json.dumps(value, separators=(",", ":")))
        self.changed = True

    def keep_only(self, rels: set[str]) -> None:
        """Forget files that are gone (after a check of the whole content folder)."""
        for rel in self._lines.keys() - rels:
            del self._lines[rel]
            self.changed = True

    def save(self) -> None:
        """Write the cache atomically; a read-only checkout just goes without."""
        data = "\n".join([self.head, *(line for _, line in self._lines.values())]).encode()
        write_cache_file(self.path.parent, CACHE_FILE, data + b"\n")


def read_cache_file(folder_path: Path, name: str) -> bytes | None:
    """The bytes of cache file ``name`` (None if missing, a link, or not a plain file)."""
    try:
        with _open_dir(folder_path) as folder:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
            with os.fdopen(fd, "rb") as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    return None
                return fh.read()
    except OSError:
        return None


def write_cache_file(folder_path: Path, name: str, data: bytes) -> None:
    """Write cache file ``name`` atomically; a read-only checkout just goes without.

    Never through a link (a committed ``.smmgen-cache`` link or one inside
    it): the folder is opened without following links, files relative to it.
    """
    tmp = f".{name}-{os.getpid()}.tmp"  # one writer per process
    new = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    with contextlib.suppress(OSError, ValueError):
        with contextlib.suppress(FileExistsError):
            folder_path.mkdir()
        with _open_dir(folder_path) as folder:
            with (
                contextlib.suppress(FileExistsError),
                os.fdopen(os.open(".gitignore", new, 0o666, dir_fd=folder), "w") as fh,
            ):
                fh.write("*\n")
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=folder)  # left by a crashed run with our pid
            try:
                with os.fdopen(os.open(tmp, new, 0o666, dir_fd=folder), "wb") as fh:
                    fh.write(data)
                os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
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

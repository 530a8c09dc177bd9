"""The per-file result cache of the checks: ``.smmgen-cache/check.jsonl``, JSON lines::

    {"smmgen-check-cache":4,"key":"<smmgen.project.environment_key>"}
    ["<path>","<hash>","<size:mtime:inode or ->","<timing>",[[image,size,mtime]],[<row>]]

(rows: :meth:`Problem.to_row`); the images and rows are left out where there are
none, as for most files (ten thousand empty lists cost a warm check more time to
parse than the rest of their lines). A damaged line only makes its file checked
again; another version or key makes the whole cache ignored. The file is
written atomically, or appended to (:meth:`ResultCache.save`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from . import json_lines
from .cache_files import CACHE_DIR, read_cache_file, save_lines
from .problems import Problem

CACHE_FILE = "check.jsonl"
VERSION = 4
NO_SIGNATURE = "-"  # a file changed too recently for its stat to be trusted


def signature_of(st: os.stat_result) -> str:
    """What a file's stat says of its content (as git's index trusts it): size, time, inode."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


class Entry(NamedTuple):
    """What the cache knows of one post file."""

    digest: str
    signature: str
    timing: str  # what the checks on the clock need (smmgen.timing.timing_of)
    media: list[tuple[str, int, int]]  # images used: path, size, mtime
    problems: list[Problem]


def _entry(value: list[Any]) -> Entry | None:
    """A cached line's entry, or None if it is damaged."""
    if len(value) not in (4, 6):
        return None
    _, hashed, signature, timing, media, rows = value if len(value) == 6 else [*value, [], []]
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


class ResultCache:
    """Cached check results by post path, valid for one environment key.

    The lines are parsed in one go (:func:`smmgen.json_lines.values`); an unchanged
    file checked without problems or images is answered from its parsed line as it
    is (:meth:`clean`), others are validated when looked up. A save appends the
    lines that changed; the file is written whole when it holds damage, or more
    replaced lines than :data:`smmgen.cache_files.STALE` allows.
    """

    def __init__(self, root: Path, key: str, *, use: bool = True) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        self.head = json.dumps({"smmgen-check-cache": VERSION, "key": key}, separators=(",", ":"))
        self.changed = False
        self.use = use
        self._values: dict[str, list[Any]] = {}  # by path: its line's value
        self._lines: dict[str, str] = {}  # by path: its line
        self._new: list[str] = []  # lines stored since the load
        self._stale = 0  # lines in the file that a later line for the same path replaces
        self._whole = True  # the file must be written whole (missing, damaged, files gone)
        if use:
            self._load()

    def _load(self) -> None:
        raw = read_cache_file(self.path.parent, CACHE_FILE)
        try:
            lines = [] if raw is None else raw.decode("utf-8").split("\n")
        except ValueError:  # not UTF-8
            return
        if len(lines) < 2 or lines[0] != self.head:
            return
        body, tail = lines[1:-1], lines[-1]
        good = [
            (v, line)
            for v, line in zip(json_lines.values(body), body, strict=True)
            if type(v) is list and v and type(v[0]) is str
        ]
        self._values = {v[0]: v for v, _ in good}
        self._lines = {v[0]: line for v, line in good}
        self._stale = len(good) - len(self._values)
        self._whole = len(good) < len(body) or bool(tail)  # tail: the last line was cut short

    def clean(self, rel: str, st: os.stat_result) -> tuple[str, str] | None:
        """The hash and timing of a file whose :func:`signature_of` is ``st``'s, checked
        without problems or images (the common case: no :class:`Entry` is made)."""
        v = self._values.get(rel)
        # signature_of(st), inline: ten thousand files on every check
        if v is None or len(v) != 4 or v[2] != f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}":
            return None
        hashed, timing = v[1], v[3]
        return (hashed, timing) if type(hashed) is str and type(timing) is str else None

    def lookup(self, rel: str) -> Entry | None:
        """What the cache knows of a file, if anything (and it is not damaged)."""
        value = self._values.get(rel)
        entry = None if value is None else _entry(value)
        if value is not None and entry is None:
            self._whole = True
        return entry

    def store(self, rel: str, entry: Entry) -> None:
        """Remember a file's result."""
        value: list[Any] = [rel, entry.digest, entry.signature, entry.timing]
        if entry.media or entry.problems:
            value += [[list(m) for m in entry.media], [p.to_row() for p in entry.problems]]
        # ASCII: a file name that is not UTF-8 survives as an escape; no line breaks.
        line = json.dumps(value, separators=(",", ":"))
        if rel in self._lines:
            self._stale += 1
        self._values[rel], self._lines[rel] = value, line
        self._new.append(line)
        self.changed = True

    def keep_only(self, rels: Mapping[str, object]) -> None:
        """Forget files that are gone (after a check of the whole content folder): those
        not among the keys of ``rels`` (a dict, not made a set of ten thousand first)."""
        for rel in self._lines.keys() - rels:
            del self._lines[rel], self._values[rel]
            self.changed = self._whole = True

    def save(self) -> None:
        """Write the cache (appending where it can); a read-only checkout just goes without."""
        save_lines(
            self.path.parent, CACHE_FILE, self.head, self._lines.values(), self._new,
            whole=self._whole, stale=self._stale,
        )  # fmt: skip

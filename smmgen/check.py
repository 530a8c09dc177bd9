"""`smmgen check`: load → validate for every post, with a per-file result cache.

The cache (``.smmgen-cache/check.json``) maps each post file to its content
hash, the size and time of the images it uses, and its problems. It is only
valid for one tool version, schedule.yaml and set of templates.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .media import stat_key
from .problems import Problem, error, sort_problems
from .repo import SCHEDULE_FILE, rel_path

if TYPE_CHECKING:
    from .model import Post, Schedule
    from .render import Rendered, Renderer

CACHE_DIR = ".smmgen-cache"
CACHE_FILE = "check.json"


@dataclass(frozen=True)
class CheckResult:
    """All problems found, and how many post files were looked at."""

    problems: list[Problem]
    files: int
    from_cache: int
    # With ``keep=True``: what was parsed and rendered, by relative path, so a
    # caller (the preview site) need not do it again. Files answered from the
    # cache are not in it.
    loaded: dict[str, Loaded] = field(default_factory=dict)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _one_line(problem: Problem) -> Problem:
    """Control characters quoted from user input (a line break, ESC) shown escaped.

    Keeps text output one line per problem and terminal escapes out of CI logs.
    """
    if not _CONTROL.search(problem.message):
        return problem
    message = _CONTROL.sub(lambda m: repr(m.group())[1:-1], problem.message)
    return replace(problem, message=message)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _environment_key(root: Path, schedule_bytes: bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(__version__.encode())
    h.update(sys.version.encode())
    h.update(schedule_bytes)
    people = root / "people.yaml"  # @{alias} mentions resolve against it
    if people.is_file():
        h.update(people.read_bytes())
    # Our own sources and templates: results change when the rules do.
    package = Path(__file__).parent
    for d in (package, package / "networks", package / "templates", root / "templates"):
        if d.is_dir():
            for entry in sorted(os.scandir(d), key=lambda e: e.name):
                if entry.is_file():
                    st = entry.stat()
                    h.update(f"{entry.path}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _load_cache(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and _well_formed(data) else {}


def _problem_row(row: Any) -> bool:
    kinds = (str, int, int, str, str, str)
    return (
        isinstance(row, list)
        and len(row) == 8
        and all(isinstance(v, k) for v, k in zip(row, kinds, strict=False))
        and row[3] in ("error", "warning")
        and all(v is None or isinstance(v, str) for v in row[6:])
    )


def _ints(value: Any, n: int) -> bool:
    return isinstance(value, list) and len(value) == n and all(type(v) is int for v in value)


def _well_formed(data: dict[str, Any]) -> bool:
    """Whether a loaded cache has the shape we write (a damaged one is ignored)."""
    files, schedule = data.get("files"), data.get("schedule")
    if not isinstance(files, dict):
        return False
    if schedule is not None and not (
        isinstance(schedule, list) and all(map(_problem_row, schedule))
    ):
        return False
    for e in files.values():  # a loop, not all(...): it runs for every cached file
        if type(e) is not dict:
            return False
        sig, media, found = e.get("s"), e.get("m"), e.get("p")
        if type(e.get("h")) is not str or not (sig is None or _ints(sig, 3)):
            return False
        if type(media) is not list or type(found) is not list:
            return False
        if media and not all(
            isinstance(m, list) and len(m) == 3 and isinstance(m[0], str) for m in media
        ):
            return False
        if found and not all(map(_problem_row, found)):
            return False
    return True


def _save_cache(root: Path, data: dict[str, Any]) -> None:
    import tempfile

    directory = root / CACHE_DIR
    try:
        directory.mkdir(exist_ok=True)
        ignore = directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", "utf-8")
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".check-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            # dumps, not dump: only dumps uses the C encoder (10x faster on big caches).
            fh.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        os.replace(tmp, directory / CACHE_FILE)
    except OSError:
        pass  # a read-only checkout still gets its report, just no cache


# Posts are independent, so a cold check of many files uses every core. Below
# this many files the cost of starting workers outweighs the gain.
PARALLEL_MIN = 400
_STATE: tuple[Path, Schedule | None, Renderer | None] | None = None
Checked = tuple[list[str], list[list[Any]]]  # media paths used, problems as lists
# A parsed post (None if unreadable), its successful renders per account and
# its body as plain text ("" without a schedule to render with).
Loaded = tuple["Post | None", dict[str, "Rendered"], str]
_KEEP = False


def _kept(renderer: Renderer | None, post: Post | None) -> Loaded:
    if renderer is None or renderer.kept is None or post is None:
        return post, {}, ""
    renders = {a: r for (path, a), r in list(renderer.kept.items()) if path == post.path}
    return post, renders, renderer.plain_body(post)  # already converted while rendering


def _check_batch(batch: list[tuple[Path, bytes]]) -> list[tuple[Checked, Loaded | None]]:
    from .content import read_post
    from .validate import _media_refs, validate_post

    assert _STATE is not None
    root, schedule, renderer = _STATE
    out: list[tuple[Checked, Loaded | None]] = []
    for file, data in batch:
        if renderer is not None and renderer.kept is not None:
            renderer.kept.clear()  # only this post's renders are handed back
        post, found = read_post(root, file, data)
        if post is not None and schedule is not None and renderer is not None:
            found.extend(validate_post(root, post, schedule, renderer))
        refs = sorted({m.path for m in _media_refs(post)}) if post is not None else []
        loaded = _kept(renderer, post) if _KEEP else None
        out.append(((refs, [list(astuple(p)) for p in found]), loaded))
    return out


def _check_all(items: list[tuple[Path, bytes]]) -> list[tuple[Checked, Loaded | None]]:
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_MIN or workers < 2:
        return _check_batch(items)
    import multiprocessing as mp  # only a cold run of many files needs it

    if "fork" not in mp.get_all_start_methods():
        return _check_batch(items)
    # fork: workers inherit the parsed schedule and renderer instead of re-reading them.
    size = -(-len(items) // (workers * 4))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    with mp.get_context("fork").Pool(workers) as pool:
        return [r for chunk in pool.map(_check_batch, chunks) for r in chunk]


def run_check(
    root: Path,
    files: Sequence[str | os.PathLike[str]],
    *,
    use_cache: bool = True,
    prune: bool = False,
    keep: bool = False,
) -> CheckResult:
    """Check schedule.yaml and ``files``; problems sorted by file and line.

    ``keep``: also hand back the posts parsed and their renders
    (:attr:`CheckResult.loaded`), so the preview site does not redo them.
    """
    schedule_path = root / SCHEDULE_FILE
    schedule_bytes = schedule_path.read_bytes()
    key = _environment_key(root, schedule_bytes)
    cache_path = root / CACHE_DIR / CACHE_FILE
    cache = _load_cache(cache_path) if use_cache else {}
    if cache.get("key") != key:
        cache = {"key": key, "schedule": None, "files": {}}
    entries: dict[str, Any] = cache["files"]
    changed = False

    problems: list[Problem] = []
    schedule_problems = cache.get("schedule")
    pending: list[tuple[Path, str, bytes, str, list[int] | None]] = []
    loaded: dict[str, Loaded] = {}
    hits = 0
    prefix = os.fspath(root) + os.sep
    # A file's size, time and inode stand in for its hash, as in git's index;
    # files changed in the last seconds are always hashed (their time may not
    # have ticked yet when they are changed again).
    recent = time.time_ns() - 2_000_000_000
    rels: list[str] = []
    for file in files:
        path = os.fspath(file)
        if path.startswith(prefix):
            rel = path[len(prefix) :] if os.sep == "/" else path[len(prefix) :].replace(os.sep, "/")
        else:
            rel = rel_path(root, Path(path))
        rels.append(rel)
        entry = entries.get(rel)
        try:
            st = os.stat(path)
            sig = [st.st_size, st.st_mtime_ns, st.st_ino] if st.st_mtime_ns < recent else None
            if entry is not None and sig is not None and entry.get("s") == sig:
                digest = entry["h"]
                data = b""
            else:
                with open(path, "rb") as fh:
                    data = fh.read()
                digest = _digest(data)
        except OSError as exc:
            problems.append(
                error(rel, 1, "file/unreadable", f"cannot read the file: {exc.strerror}")
            )
            continue
        if (
            entry is not None
            and entry["h"] == digest
            and (not entry["m"] or all(stat_key(root, m[0]) == m[1:] for m in entry["m"]))
        ):
            if entry["p"]:
                problems.extend(Problem(*p) for p in entry["p"])
            hits += 1
            if entry.get("s") != sig:
                entry["s"] = sig
                changed = True
        else:
            pending.append((Path(path), rel, data, digest, sig))

    if pending or schedule_problems is None:
        changed = True
        from .render import Renderer
        from .schedule import read_schedule

        schedule, sched_problems = read_schedule(root, schedule_path)
        schedule_problems = [list(astuple(p)) for p in sched_problems]
        cache["schedule"] = schedule_problems
        global _STATE, _KEEP
        renderer = Renderer(root, schedule, facets=keep) if schedule is not None else None
        if renderer is not None and keep:
            renderer.kept = {}
        _STATE, _KEEP = (root, schedule, renderer), keep
        try:
            results = _check_all([(file, data) for file, _, data, _, _ in pending])
        finally:
            _STATE, _KEEP = None, False  # do not hold every post past this run
        for (_, rel, _, digest, sig), ((refs, found), got) in zip(pending, results, strict=True):
            if got is not None:
                loaded[rel] = got
            entries[rel] = {
                "h": digest,
                "s": sig,
                "m": [[m, *stat_key(root, m)] for m in refs],
                "p": found,
            }
            problems.extend(Problem(*p) for p in found)
    problems.extend(Problem(*p) for p in schedule_problems)

    if prune:
        wanted = set(rels)
        for rel in list(entries):
            if rel not in wanted:
                del entries[rel]
                changed = True
    if use_cache and changed:
        _save_cache(root, cache)
    return CheckResult(sort_problems([_one_line(p) for p in problems]), len(files), hits, loaded)

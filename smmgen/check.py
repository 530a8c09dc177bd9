"""`smmgen check`: load → validate for every post, with a per-file result cache.

The cache (:mod:`smmgen.check_cache`) knows each post file by its content hash
and the size and time of the images it uses, and holds its problems. It is
only valid for one tool version, schedule.yaml and set of templates.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, i18n
from .check_cache import NO_SIGNATURE, ResultCache, Row, stat_key
from .problems import Problem, sort_problems
from .repo import SCHEDULE_FILE, read_post_file, rel_path, unreadable

if TYPE_CHECKING:
    from .check_helper import Helper
    from .model import Post, Schedule
    from .render import Rendered, Renderer


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
    # By relative path: each post's timing (smmgen.timing), "" for none.
    timings: dict[str, str] = field(default_factory=dict)


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
    # Messages are stored in the language they were made in (smmgen.i18n).
    h.update(i18n.language().encode())
    people = root / "people.yaml"  # @{alias} mentions resolve against it
    if people.is_file():
        h.update(people.read_bytes())
    # Our own sources and templates: results change when the rules do.
    package = Path(__file__).parent
    for d in (package, package / "networks", package / "templates", i18n.CATALOG.parent):
        if d.is_dir():
            for entry in sorted(os.scandir(d), key=lambda e: e.name):
                if entry.is_file():
                    st = entry.stat()
                    h.update(f"{entry.path}:{st.st_size}:{st.st_mtime_ns}".encode())
    # The repository's templates include each other from sub-folders too; links
    # count as themselves (the renderer refuses them), never by their target.
    for folder, dirs, names in os.walk(root / "templates"):
        dirs.sort()
        for name in sorted(dirs + names):
            st = os.lstat(os.path.join(folder, name))
            h.update(f"{folder}/{name}:{st.st_mode}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


# Posts are independent, so a cold check of many files uses every core. Below
# this many files the cost of starting workers outweighs the gain.
PARALLEL_MIN = 400
_STATE: tuple[Path, Schedule | None, Renderer | None] | None = None
Checked = tuple[list[str], list[Row], str]  # media paths used, problems, timing
# A parsed post (None if unreadable), its successful renders per account and
# its body as plain text ("" without a schedule to render with).
Loaded = tuple["Post | None", dict[str, "Rendered"], str]
_KEEP = False
# A file's result, and the hash of what was checked (None: it could not be read).
Result = tuple[Checked, "Loaded | None", str | None]
# A file to check: its path, its path from the root, and its content if already read.
Item = tuple[str, str, bytes | None]
# Checks a batch of (file, content): schedule.yaml's problems, and each file's result.
CheckFiles = Callable[[list[Item]], tuple[list[Row], list[Result]]]


def _kept(renderer: Renderer | None, post: Post | None) -> Loaded:
    if renderer is None or renderer.kept is None or post is None:
        return post, {}, ""
    renders = {a: r for (path, a), r in list(renderer.kept.items()) if path == post.path}
    return post, renders, renderer.plain_body(post)  # already converted while rendering


def _check_batch(batch: list[Item]) -> list[Result]:
    from .content import read_post
    from .timing import timing_of
    from .validate import _media_refs, validate_post

    assert _STATE is not None
    root, schedule, renderer = _STATE
    out: list[Result] = []
    for path, rel, data in batch:
        if data is None:  # not read yet: a file the cache did not know (read here, in parallel)
            read = read_post_file(root, path, rel)
            if isinstance(read, Problem):
                out.append((([], [list(astuple(read))], ""), None, None))
                continue
            data = read
        if renderer is not None and renderer.kept is not None:
            renderer.kept.clear()  # only this post's renders are handed back
        post, found = read_post(root, Path(path), data)
        if post is not None and schedule is not None and renderer is not None:
            found.extend(validate_post(root, post, schedule, renderer))
        refs = (
            sorted({p for m in _media_refs(post) for p in (m.path, m.captions) if p})
            if post is not None
            else []
        )
        loaded = _kept(renderer, post) if _KEEP else None
        timing = timing_of(post, schedule) if post is not None and schedule is not None else ""
        out.append(((refs, [list(astuple(p)) for p in found], timing), loaded, _digest(data)))
    return out


def _check_all(items: list[Item]) -> list[Result]:
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


def prepare_check(root: Path, *, keep: bool = False, warm: bool = False) -> CheckFiles:
    """Read schedule.yaml and set up rendering; the function that then checks files.

    ``warm``: also load everything the first post needs (see :mod:`.check_helper`).
    """
    from .render import Renderer
    from .schedule import read_schedule

    schedule, found = read_schedule(root, root / SCHEDULE_FILE)
    rows = [list(astuple(p)) for p in found]
    renderer = Renderer(root, schedule, facets=keep) if schedule is not None else None
    if renderer is not None and keep:
        renderer.kept = {}
    if warm and renderer is not None:
        from . import content, validate  # noqa: F401  (what _check_batch imports)

        renderer.warm_up()

    def check(items: list[Item]) -> tuple[list[Row], list[Result]]:
        global _STATE, _KEEP
        _STATE, _KEEP = (root, schedule, renderer), keep
        try:
            return rows, _check_all(items)
        finally:
            _STATE, _KEEP = None, False  # do not hold every post past this run

    return check


def run_check(
    root: Path,
    files: Sequence[str | os.PathLike[str]],
    *,
    use_cache: bool = True,
    prune: bool = False,
    keep: bool = False,
    helper: Helper | None = None,
) -> CheckResult:
    """Check schedule.yaml and ``files``; problems sorted by file and line.

    ``keep``: also hand back the posts parsed and their renders
    (:attr:`CheckResult.loaded`), so the preview site does not redo them.
    ``helper``: a process preparing :func:`prepare_check` (see
    :func:`.check_helper.start_for_check`) that checks the files the cache does
    not answer for, unless there are enough for worker processes. The caller
    stops it.
    """
    schedule_bytes = (root / SCHEDULE_FILE).read_bytes()
    cache = ResultCache(root, _environment_key(root, schedule_bytes), use=use_cache)
    problems: list[Problem] = []
    schedule_problems = cache.schedule
    pending: list[tuple[str, str, bytes | None, str]] = []
    loaded: dict[str, Loaded] = {}
    timings: dict[str, str] = {}
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
        try:
            st = os.stat(path)
        except OSError as exc:
            problems.append(unreadable(rel, exc))
            continue
        sig = NO_SIGNATURE
        if st.st_mtime_ns < recent:
            sig = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"
        if cache.clean(rel, sig):
            hits += 1
            timings[rel] = cache.timing(rel)
            continue
        cached = cache.lookup(rel)
        # Files to check are read (and hashed) where they are checked, in parallel;
        # None: not read yet.
        data: bytes | None = None
        if cached is not None:
            if sig != NO_SIGNATURE and cached[1] == sig:
                digest = cached[0]  # the stat vouches for the hash
            else:
                read = read_post_file(root, path, rel)
                if isinstance(read, Problem):
                    problems.append(read)
                    continue
                data, digest = read, _digest(read)
            if cached[0] == digest:
                details = cache.details(cached[2])
                if details is not None and all(stat_key(root, m[0]) == m[1:] for m in details[0]):
                    problems.extend(Problem(*p) for p in details[1])
                    hits += 1
                    timings[rel] = cached[3]
                    if cached[1] != sig:
                        cache.store(rel, digest, sig, cached[2], cached[3])
                    continue
        pending.append((path, rel, data, sig))

    if pending or schedule_problems is None:
        items = [(path, rel, data) for path, rel, data, _ in pending]
        done = None
        # The helper renders without keeping results; many files go to workers instead.
        if helper is not None and not keep and len(items) < PARALLEL_MIN:
            done = helper.run(items)
        if done is None:
            done = prepare_check(root, keep=keep)(items)
        schedule_problems, results = done
        cache.schedule = schedule_problems
        cache.changed = True
        for (_, rel, _, sig), ((refs, found, timing), got, digest) in zip(
            pending, results, strict=True
        ):
            if got is not None:
                loaded[rel] = got
            timings[rel] = timing
            if digest is not None:
                media = [[m, *stat_key(root, m)] for m in refs]
                cache.store(rel, digest, sig, (media, found), timing)
            problems.extend(Problem(*p) for p in found)
    problems.extend(Problem(*p) for p in schedule_problems)

    if prune:
        cache.keep_only(set(rels))
    if cache.changed and cache.use:
        cache.save()
    return CheckResult(
        sort_problems([_one_line(p) for p in problems]), len(files), hits, loaded, timings
    )

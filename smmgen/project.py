"""The one loader: schedule.yaml, the posts, their problems and one renderer.

Every command works on the :class:`Project` that :func:`load_project` returns.
Each post file and schedule.yaml is read at most once: a file the check cache
(:mod:`smmgen.check_cache`) answers for is not read at all until
:attr:`Project.posts` asks for it, and what the check read or parsed is kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import __version__, i18n
from .check_cache import NO_SIGNATURE, Entry, ResultCache, signature_of
from .problems import Problem, sort_problems
from .repo import SCHEDULE_FILE, post_paths, read_post_file, rel_path, unreadable

if TYPE_CHECKING:
    from .model import Post, Schedule
    from .render import Renderer

# Posts are independent, so a cold check of many files uses every core. Below
# this many files the cost of starting workers outweighs the gain.
PARALLEL_MIN = 400


@dataclass(frozen=True)
class Project:
    """A repository as loaded for one command."""

    root: Path
    schedule: Schedule | None  # None: schedule.yaml is unusable (see problems)
    schedule_ok: bool  # schedule.yaml has no errors
    renderer: Renderer | None  # None without a schedule; remembers every render it makes
    problems: list[Problem]  # of schedule.yaml and the post files, sorted
    files: list[str]  # the post files looked at, relative to root
    from_cache: int  # how many of them the cache answered for
    timings: dict[str, str]  # by file: the post's timing (smmgen.timing), "" for none
    paths: dict[str, str] = field(repr=False)  # by file: its path as given
    # By file: the parsed post (None: unusable), or its bytes if read but not parsed.
    _loaded: dict[str, Post | bytes | None] = field(repr=False)
    # By file: the hash of its content as checked (smmgen.project.digest), where known.
    digests: dict[str, str] = field(default_factory=dict, repr=False)
    cache_key: str = ""  # what every cached result depends on (environment_key)
    # By file checked in this run: what ``load_project(make=...)`` made of its post.
    made: dict[str, Any] = field(default_factory=dict, repr=False)

    def post(self, rel: str) -> Post | None:
        """The post in file ``rel`` (None if it cannot be used), parsed once."""
        got = self._loaded.get(rel, b"")
        if isinstance(got, bytes):
            from .content import read_post

            got = read_post(self.root, Path(self.paths[rel]), got or None)[0]
            self._loaded[rel] = got
        return got

    @cached_property
    def posts(self) -> list[Post]:
        """Every usable post, in the order of :attr:`files`."""
        return [p for p in map(self.post, self.files) if p is not None]


class Checked(NamedTuple):
    """One post file's check: what a worker hands back."""

    rel: str
    digest: str | None  # None: the file could not be read
    problems: list[Problem]
    media: list[str]  # images and captions files it uses
    timing: str
    data: bytes | None  # what was read, so the file is not read again
    made: Any = None  # what the checker's ``make`` made of the post (None: nothing)


@dataclass(frozen=True)
class Checker:
    """Checks post files against one schedule.yaml; picklable, so each worker gets one."""

    root: Path
    schedule: Schedule | None
    renderer: Renderer | None
    # Also made of each usable post, with the renderer that checked it (so its
    # renders are not made twice): what a later stage needs, e.g. the site's views.
    make: Callable[[Post, Renderer], Any] | None = None
    # Folders' real paths (smmgen.repo.read_post_file): thousands of posts, few folders.
    real_dirs: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def check(self, path: str, rel: str, data: bytes | None) -> tuple[Checked, Post | None]:
        """Read (unless ``data``), parse and validate one post file."""
        from .content import read_post
        from .timing import timing_of
        from .validate import _media_refs, validate_post

        if data is None:
            read = read_post_file(self.root, path, rel, self.real_dirs)
            if isinstance(read, Problem):
                return Checked(rel, None, [read], [], "", None), None
            data = read
        post, found = read_post(self.root, Path(path), data)
        media: list[str] = []
        timing = ""
        if post is not None:
            media = sorted({p for m in _media_refs(post) for p in (m.path, m.captions) if p})
            if self.schedule is not None and self.renderer is not None:
                found.extend(validate_post(self.root, post, self.schedule, self.renderer))
                timing = timing_of(post, self.schedule)
        made = None
        if post is not None and self.make is not None and self.renderer is not None:
            made = self.make(post, self.renderer)
        return Checked(rel, digest(data), found, media, timing, data, made), post


Item = tuple[str, str, bytes | None]  # a file to check: path, path from the root, content
_worker: Checker | None = None  # in a worker process: its checker, from the pool's initializer


def _start_worker(checker: Checker) -> None:
    global _worker
    _worker = checker


def _work(batch: list[Item]) -> list[Checked]:
    assert _worker is not None
    out = []
    for item in batch:
        out.append(_worker.check(*item)[0])
        if _worker.renderer is not None:
            _worker.renderer.forget()  # none of it goes back: keep the worker small
    return out


def _check_all(checker: Checker, items: list[Item]) -> list[tuple[Checked, Post | None]]:
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_MIN or workers < 2:
        return [checker.check(*item) for item in items]
    import multiprocessing as mp  # only a cold run of many files needs it

    if "fork" not in mp.get_all_start_methods():
        return [checker.check(*item) for item in items]
    # The first file checked here: the workers start with what checking needs
    # loaded (Jinja, the segmenter, the templates compiled) instead of each loading it.
    first = checker.check(*items[0])
    rest = items[1:]
    size = -(-len(rest) // (workers * 4))
    chunks = [rest[i : i + size] for i in range(0, len(rest), size)]
    # fork: the workers start with the modules this process has loaded.
    with mp.get_context("fork").Pool(workers, _start_worker, (checker,)) as pool:
        return [first, *((c, None) for chunk in pool.map(_work, chunks) for c in chunk)]


def digest(data: bytes) -> str:
    """The hash a post file is known by."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


LIBRARIES = ("yaml", "jinja2", "pyromark", "markdown_it", "regex", "PIL", "av")


def environment_key(root: Path, schedule_bytes: bytes) -> str:
    """What every cached result depends on besides its own file."""
    h = hashlib.blake2b(digest_size=16)
    for text in (__version__, sys.version):
        h.update(text.encode())
    h.update(schedule_bytes)
    # Messages are stored in the language they were made in (smmgen.i18n).
    h.update(i18n.language().encode())
    people = root / "people.yaml"  # @{alias} mentions resolve against it
    if people.is_file():
        h.update(people.read_bytes())
    # Our own sources and templates: results change when the rules do.
    package = Path(__file__).parent
    for d in (package, package / "networks", package / "templates", i18n.CATALOG.parent):
        for entry in sorted(os.scandir(d), key=lambda e: e.name) if d.is_dir() else ():
            if entry.is_file():
                st = entry.stat()
                h.update(f"{entry.path}:{st.st_size}:{st.st_mtime_ns}".encode())
    # The libraries whose answers are part of a result (YAML, templates, Markdown,
    # grapheme clusters, images, videos): an upgrade is a new environment. Found
    # where they are (or were) loaded from, not imported.
    for name in LIBRARIES:
        with contextlib.suppress(ImportError, ValueError, OSError):
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin:
                st = os.stat(spec.origin)
                h.update(f"{spec.origin}:{st.st_size}:{st.st_mtime_ns}".encode())
    # The repository's templates include each other from sub-folders too; links
    # count as themselves (the renderer refuses them), never by their target.
    for folder, dirs, names in os.walk(root / "templates"):
        dirs.sort()
        for name in sorted(dirs + names):
            st = os.lstat(os.path.join(folder, name))
            h.update(f"{folder}/{name}:{st.st_mode}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def stat_key(root: Path, rel: str) -> tuple[int, int]:
    """Size and modification time of a media file, for cache keys ((-1, -1) if absent)."""
    try:
        st = os.stat(root / rel)
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return -1, -1
    return st.st_size, st.st_mtime_ns


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _one_line(problem: Problem) -> Problem:
    """Control characters quoted from user input (a line break, ESC) shown escaped.

    Keeps text output one line per problem and terminal escapes out of CI logs.
    """
    if not _CONTROL.search(problem.message):
        return problem
    message = _CONTROL.sub(lambda m: repr(m.group())[1:-1], problem.message)
    return replace(problem, message=message)


def load_project(
    root: Path,
    files: Sequence[str | os.PathLike[str]] | None = None,
    *,
    cache: bool = True,
    make: Callable[[Post, Renderer], Any] | None = None,
) -> Project:
    """Read schedule.yaml and check the post files (default: every post and reply).

    ``cache``: answer from and update ``.smmgen-cache/`` (False: neither read
    nor write it). Checking every post also forgets the files that are gone.
    ``make``: also made of each post checked (in the worker that checks it),
    handed on in :attr:`Project.made`.
    """
    from .render import Renderer
    from .schedule import read_schedule

    paths = post_paths(root) if files is None else [os.fspath(f) for f in files]
    schedule_bytes = (root / SCHEDULE_FILE).read_bytes()
    schedule, found = read_schedule(root, root / SCHEDULE_FILE, schedule_bytes)
    key = environment_key(root, schedule_bytes)
    results = ResultCache(root, key, use=cache)
    # Without Bluesky's rich text: only sending needs it (see smmgen.render.Renderer.facets).
    renderer = Renderer(root, schedule, facets=False) if schedule is not None else None
    scan = _Scan(root, results)
    scan.run(paths)
    checker = Checker(root, schedule, renderer, make, scan.real_dirs)
    checked = _check_all(checker, [p[:3] for p in scan.pending])
    for (_, rel, _, signature), (result, post) in zip(scan.pending, checked, strict=True):
        scan.loaded[rel] = post if post is not None or result.data is None else result.data
        scan.timings[rel] = result.timing
        scan.problems += result.problems
        if result.made is not None:
            scan.made[rel] = result.made
        if result.digest is not None:
            scan.digests[rel] = result.digest
            media = [(m, *stat_key(root, m)) for m in result.media]
            entry = Entry(result.digest, signature, result.timing, media, result.problems)
            results.store(rel, entry)
    if files is None:
        results.keep_only(scan.paths)
    if results.changed and results.use:
        results.save()
    problems = sort_problems([_one_line(p) for p in [*scan.problems, *found]])
    schedule_ok = schedule is not None and not any(p.is_error for p in found)
    rels = list(scan.paths)
    hits = len(rels) - len(scan.pending) - scan.unread
    return Project(
        root, schedule, schedule_ok, renderer, problems, rels, hits, scan.timings,
        scan.paths, scan.loaded, scan.digests, key, scan.made,
    )  # fmt: skip


class _Scan:
    """Post files compared with the cache: the answers, and what is left to check."""

    def __init__(self, root: Path, cache: ResultCache) -> None:
        self.root = root
        self.cache = cache
        self.prefix = os.fspath(root) + os.sep
        # A file's size, time and inode stand in for its hash, as in git's index;
        # files changed in the last seconds are always hashed (their time may not
        # have ticked yet when they are changed again).
        self.recent = time.time_ns() - 2_000_000_000
        self.paths: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.timings: dict[str, str] = {}
        self.loaded: dict[str, Post | bytes | None] = {}
        self.digests: dict[str, str] = {}
        self.made: dict[str, Any] = {}
        self.pending: list[tuple[str, str, bytes | None, str]] = []
        self.unread = 0
        self.real_dirs: dict[str, str] = {}

    def run(self, paths: list[str]) -> None:
        """Answer for each file from the cache, or put it on the list to check."""
        # Once per post on every check: the common case inline, with locals.
        prefix, recent, stat = self.prefix, self.recent, os.stat
        clean, rels, digests, timings = self.cache.clean, self.paths, self.digests, self.timings
        plain = os.sep == "/"
        for path in paths:
            rel = path[len(prefix) :] if plain and path.startswith(prefix) else self._rel(path)
            rels[rel] = path
            try:
                st = stat(path)
            except OSError as exc:
                self._unread(unreadable(rel, exc))
                continue
            trusted = st.st_mtime_ns < recent
            found = clean(rel, st) if trusted else None
            if found is None:
                self._look_up(path, rel, signature_of(st) if trusted else NO_SIGNATURE)
            else:
                digests[rel], timings[rel] = found

    def _rel(self, path: str) -> str:
        if path.startswith(self.prefix):
            return path[len(self.prefix) :].replace(os.sep, "/")
        return rel_path(self.root, Path(path))

    def _look_up(self, path: str, rel: str, signature: str) -> None:
        """Answer for a file from its parsed cache entry, or put it on the list to check."""
        entry = self.cache.lookup(rel)
        data: bytes | None = None
        if entry is not None:
            known = entry.digest
            if signature == NO_SIGNATURE or entry.signature != signature:
                read = read_post_file(self.root, path, rel, self.real_dirs)
                if isinstance(read, Problem):
                    return self._unread(read)
                data, known = read, digest(read)
            if known == entry.digest and all(
                stat_key(self.root, m) == (size, mtime) for m, size, mtime in entry.media
            ):
                if entry.signature != signature:
                    self.cache.store(rel, entry._replace(signature=signature))
                self.problems += entry.problems
                self.timings[rel] = entry.timing
                self.digests[rel] = entry.digest
                if data is not None:
                    self.loaded[rel] = data
                return None
        self.pending.append((path, rel, data, signature))
        return None

    def _unread(self, problem: Problem) -> None:
        self.problems.append(problem)
        self.loaded[problem.path] = None
        self.unread += 1

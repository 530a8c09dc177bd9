"""Finding the content repository and its files."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import TYPE_CHECKING

from .i18n import _

if TYPE_CHECKING:
    from .problems import Problem

SCHEDULE_FILE = "schedule.yaml"
CONTENT_DIR = "content"
REPLY_DIR = "replies"  # reply files (smmgen.replies), checked and published like posts
# The issue form for proposing posts (smmgen.issue_form): here, so a check can look for it
# without importing the form's code.
FORM_PATH = ".github/ISSUE_TEMPLATE/new-post.yml"


def find_root(start: Path | None = None, explicit: Path | None = None) -> Path:
    """The directory holding schedule.yaml: ``explicit``, or found upward from ``start``."""
    from .errors import ConfigError  # click: loaded when a command runs, not by the scan

    if explicit is not None:
        root = explicit.resolve()
        if not (root / SCHEDULE_FILE).is_file():
            raise ConfigError(
                _("no {schedule_file} in {explicit}").format(
                    schedule_file=SCHEDULE_FILE, explicit=explicit
                )
            )
        return root
    here = (start or Path.cwd()).resolve()
    found = locate_root(here)
    if found is None:
        raise ConfigError(
            _(
                "no {schedule_file} found in {here} or any folder above it; "
                "run smmgen inside a content repository or pass --root DIR"
            ).format(schedule_file=SCHEDULE_FILE, here=here)
        )
    return found


def locate_root(start: Path | None = None) -> Path | None:
    """The nearest directory at or above ``start`` (default: here) with schedule.yaml."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / SCHEDULE_FILE).is_file():
            return candidate
    return None


def read_post_file(
    root: Path, path: str | os.PathLike[str], rel: str, real_dirs: dict[str, str] | None = None
) -> bytes | Problem:
    """A post file's bytes, or why it cannot be used: ``file/unreadable`` (never
    waits on a pipe) or ``file/outside-repo`` (a link to a file elsewhere).

    ``real_dirs``: folders' real paths found so far, for a caller reading many
    files of few folders (a file that is no link is where its folder really is).
    """
    try:
        real, st = _real_path(os.fspath(path), real_dirs)
        if not real.startswith(_real_root(os.fspath(root))):
            from .problems import error

            return error(
                rel,
                1,
                "file/outside-repo",
                _(
                    "the post file is a link to a file outside the repository; "
                    "copy the file into the repository instead"
                ),
            )
        if not S_ISREG((st or os.stat(real)).st_mode):
            from .problems import error

            return error(rel, 1, "file/unreadable", _("not an ordinary file (a pipe or a device)"))
        return _read(real, None if st is None else st.st_size)
    except OSError as exc:
        return unreadable(rel, exc)


def _read(path: str, size: int | None) -> bytes:
    """The file's bytes: open() without its buffered file object (half the time for the
    small files posts are, thousands of them per command). With the ``size`` the file
    had, one read asks for a byte more: getting fewer is the end, without a read for it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        first = os.read(fd, 1 << 16 if size is None else size + 1)
        if size is not None and len(first) <= size:
            return first
        chunks = [first]
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _real_path(path: str, real_dirs: dict[str, str] | None) -> tuple[str, os.stat_result | None]:
    """``path`` with every link resolved, and its stat when the file itself is no link."""
    if real_dirs is None:
        return os.path.realpath(path), None
    try:
        st = os.lstat(path)
    except OSError:
        return os.path.realpath(path), None  # reported as realpath and stat see it
    if S_ISLNK(st.st_mode):
        return os.path.realpath(path), None
    folder, name = os.path.split(path)
    real = real_dirs.get(folder)
    if real is None:
        real = real_dirs[folder] = os.path.realpath(folder)
    return os.path.join(real, name), st


@cache
def _real_root(root: str) -> str:
    return os.path.join(os.path.realpath(root), "")  # with the trailing separator


def unreadable(rel: str, exc: OSError) -> Problem:
    """The problem for a post file the system refuses to read."""
    from .problems import error

    return error(
        rel,
        1,
        "file/unreadable",
        _("cannot read the file: {strerror}").format(strerror=exc.strerror),
    )


def post_id(rel: str) -> str:
    """The post id of the file at ``rel`` (from the repo root): its path below
    ``content/`` without ``.md``."""
    if rel.startswith("content/") and rel.endswith(".md"):
        return rel[len("content/") : -3]
    if rel.startswith(f"{REPLY_DIR}/") and rel.endswith(".md"):
        return rel[:-3]  # a reply keeps its folder: replies/2026-12-03-kundenfrage
    return rel


def rel_path(root: Path, file: Path) -> str:
    """``file`` relative to ``root``, with forward slashes (cheaper than Path.relative_to)."""
    r, f = os.fspath(root), os.fspath(file)
    if f.startswith(r) and f[len(r) : len(r) + 1] == os.sep:
        return f[len(r) + 1 :].replace(os.sep, "/")
    return file.relative_to(root).as_posix()


def post_files(root: Path, paths: Iterable[Path] = ()) -> list[Path]:
    """Post files under ``content/`` (or under the given paths), sorted."""
    return [Path(f) for f in post_paths(root, paths)]


def _markdown_files(top: str) -> list[str]:
    # Plain strings and scandir: with ten thousand posts, Path objects and
    # os.walk cost more than reading the directories. Like os.walk, links to
    # folders are not followed and hidden folders are skipped.
    out: list[str] = []
    stack = [top]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    if not entry.name.startswith(".") and not entry.is_symlink():
                        stack.append(entry.path)
                elif entry.name.endswith(".md"):
                    out.append(entry.path)
    return out


def post_paths(root: Path, paths: Iterable[Path] = ()) -> list[str]:
    """Like :func:`post_files`, as plain strings: cheaper for ten thousand posts."""
    targets = list(paths)
    if not targets:
        # Posts, and the replies (replies/) that go the same way.
        targets = [root / d for d in (CONTENT_DIR, REPLY_DIR) if (root / d).is_dir()]
        if not targets:
            return []  # a new repository without posts yet
    found: set[str] = set()
    for target in targets:
        target = target if target.is_absolute() else (Path.cwd() / target)
        target = Path(os.path.normpath(target))
        if target.is_file():
            found.add(os.fspath(target))
        elif target.is_dir():
            found.update(_markdown_files(os.fspath(target)))
        else:
            from .errors import ConfigError

            raise ConfigError(_("no such file or folder: {target}").format(target=target))
    prefix = os.fspath(root) + os.sep
    for f in found:
        if not f.startswith(prefix):
            from .errors import ConfigError

            raise ConfigError(
                _("{f} is not inside the content repository {root}").format(f=f, root=root)
            )
    return sorted(found)

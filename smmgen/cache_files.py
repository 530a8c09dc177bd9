"""Files in ``.smmgen-cache/``: read and written without following links, written atomically.

A committed ``.smmgen-cache`` link (or a link inside it) must never make smmgen
read or write elsewhere: the folder is opened without following links, and
files relative to it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

CACHE_DIR = ".smmgen-cache"


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


def append_cache_file(folder_path: Path, name: str, head: bytes, data: bytes) -> bool:
    """Append ``data`` to cache file ``name`` if it still starts with ``head`` (another
    run may have written it whole since, for another key); never through a link.
    False if it did not.

    Not atomic: a line a crash cuts short is damage like any other (its file is
    checked again and the cache written whole).
    """
    flags = os.O_RDWR | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        with _open_dir(folder_path) as folder:
            fd = os.open(name, flags, dir_fd=folder)
            try:
                # A file is only ever appended to or replaced: its head stays.
                if not stat.S_ISREG(os.fstat(fd).st_mode) or os.pread(fd, len(head), 0) != head:
                    return False
                os.write(fd, data)
            finally:
                os.close(fd)
        return True
    except (OSError, ValueError):
        return False


# Replaced lines may be one in this many before a cache of JSON lines is written whole.
STALE = 8


def save_lines(
    folder: Path,
    name: str,
    head: str,
    lines: Collection[str],
    new: Iterable[str],
    *,
    whole: bool,
    stale: int,
) -> None:
    """Save a cache of JSON lines under ``head``: the ``new`` lines appended (a later line
    replaces an earlier one of its file) unless it must be written ``whole`` (damaged, an
    entry forgotten) or ``stale`` replaced lines pass one in :data:`STALE` of the current
    ``lines``; else those written whole, atomically."""
    if not whole and stale <= len(lines) // STALE:
        data = "".join(f"{line}\n" for line in new).encode()
        if append_cache_file(folder, name, f"{head}\n".encode(), data):
            return
    write_cache_file(folder, name, "\n".join([head, *lines]).encode() + b"\n")


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

"""A random id for this machine, for the ledger's ``host`` field instead of its name.

The ledger only needs to know whether a claim was made on this machine (then
its process id says whether that run still works) or on another one. A
hostname is often a person's name and stays in the shared ledger forever, so
records carry this id instead.

The id is a hash of a random value, made once and kept in the user's cache
folder (``$XDG_CACHE_HOME/smmgen/machine-id``, by default
``~/.cache/smmgen/machine-id``), and of the hostname; the same salt keeps the
working-tree path of a record (``checkout``) private. Both choices are about not
taking two machines for one, which could make a live run's claim look like a
dead local one and send a post twice:

- the file lives outside every repository, so no pull request or clone can
  carry it to another machine (a CI runner is a fresh machine each run and
  gets a fresh id; that is right, its processes are gone too);
- the hostname in the hash keeps machines apart that share one home folder.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import socket
import tempfile
from pathlib import Path

_SALT = re.compile(r"^[0-9a-f]{32}$")


def cache_dir() -> Path:
    """smmgen's folder in the user's cache (XDG base directories)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "smmgen"


def machine_id() -> str:
    """This machine's id: 16 hex digits, the same for every run here."""
    return private_hash(socket.gethostname(), 16)


def private_hash(text: str, length: int) -> str:
    """A hash of ``text`` salted with this machine's random value: comparable here, opaque
    elsewhere (a folder path like /home/anna/social hashed plainly is easy to guess)."""
    data = f"{_salt()}\0{text}".encode("utf-8", "surrogateescape")
    return hashlib.sha256(data).hexdigest()[:length]


@functools.cache
def _salt() -> str:
    return _stored_salt() or secrets.token_hex(16)


def _stored_salt() -> str | None:
    """The random value kept in the cache, made now if there is none; None if unwritable.

    Without a stored value this process uses one of its own: its claims then
    look like another machine's to later runs, which is the safe side.
    """
    path = cache_dir() / "machine-id"
    found = _read(path)
    if found is not None:
        return found
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".machine-id-")
        try:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(16) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            # A hard link appears whole and only if there is no file yet: of two
            # first runs at once, one makes the file and both read it back.
            try:
                os.link(tmp, path)
            except FileExistsError:
                if _read(path) is None:  # a damaged file: replace it
                    os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError:
        return None
    return _read(path)


def _read(path: Path) -> str | None:
    try:
        found = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return found if _SALT.match(found) else None

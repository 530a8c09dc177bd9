"""Reusing the previous build's pages: a page made from the same inputs is linked, not rendered.

A page is a template rendered with a context, so the same template and the
same context give the same bytes. Each page's key is a hash of everything it
is rendered from (its context pickled, the site-wide values the layout uses,
and the code: every file of the smmgen package); the manifest
``.smmgen-cache/site-<folder>.json`` records, per output folder, each page's
key and the file it went to (size, modification time, inode). A later build
hard-links a page whose key and file are unchanged from the old site into the
new folder (which is then swapped in whole) and renders the rest — or, when
the build updates that site in place (:func:`smmgen.site.builder.update_site`),
leaves it where it is.
Anything that cannot be keyed (a value that does not pickle) is rendered.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import i18n
from ..cache_files import CACHE_DIR, read_cache_file, write_cache_file
from .code_digest import code_digest

VERSION = 1


def _head() -> list[Any]:
    """What a manifest is valid for: its format, this code, the language of the pages."""
    return [VERSION, code_digest(), i18n.language()]


SAME = "<in the shared part>"
UNPICKLABLE = (pickle.PicklingError, TypeError, AttributeError, RecursionError)


@dataclass
class Reuse:
    """The previous build's pages (``old``) and this build's, as they are keyed."""

    manifest: Path | None  # None: nothing is reused or recorded (--no-cache)
    old_site: Path | None
    shared: bytes = b""  # the site-wide part of every key
    common: tuple[Any, ...] = ()  # values in it that pages also get (keyed once, not per page)
    old: dict[str, list[Any]] = field(default_factory=dict)
    common_ids: frozenset[int] = frozenset()  # id() of each of ``common`` (alive as long)
    new: dict[str, str] = field(default_factory=dict)  # dest -> key, for the pages keyed
    notes: dict[str, list[Any]] = field(default_factory=dict)  # dest -> more to record
    # id() of a value in the pages' contexts -> what stands for it in their keys
    # (a post's views by what they were made from, instead of all their text).
    known: dict[int, str] = field(default_factory=dict)
    known_types: frozenset[type] = frozenset()  # the types of the values in ``known``
    folders: set[Path] = field(default_factory=set)  # made in the new site
    # dest -> size, modification time and inode of the earlier build's file it
    # still is (linked, or kept in place)
    kept: dict[str, list[Any]] = field(default_factory=dict)
    _old_prefix: str = ""  # old_site as a string ending in a separator

    @staticmethod
    def _manifest(root: Path, site: Path) -> Path:
        name = hashlib.sha256(os.fsencode(os.path.abspath(site))).hexdigest()[:16]
        return root / CACHE_DIR / f"site-{name}.json"

    @classmethod
    def recorded(cls, root: Path, site: Path) -> bool:
        """Whether this code recorded the pages of a build into ``site`` (in this language)."""
        manifest = cls._manifest(root, site)
        raw = read_cache_file(manifest.parent, manifest.name) or b""
        start = json.dumps({"head": _head()}, separators=(",", ":"))[:-1] + ',"pages":'
        return raw.startswith(start.encode())

    @classmethod
    def forget(cls, root: Path, site: Path) -> None:
        """Delete the record of ``site``: until a build writes it again, nothing is reused."""
        with contextlib.suppress(OSError):
            cls._manifest(root, site).unlink()

    @classmethod
    def open(cls, root: Path, old_site: Path | None, shared: tuple[Any, ...]) -> Reuse:
        """The manifest of the site at ``old_site`` (none when ``old_site`` is None).

        ``shared``: the site-wide values the templates read; a page's context
        value that *is* one of them is keyed by the shared part alone.
        """
        if old_site is None:
            return cls(None, None)
        manifest = cls._manifest(root, old_site)
        head = _head()
        try:
            shared_bytes = pickle.dumps((head, [_plain(v) for v in shared]), protocol=5)
        except UNPICKLABLE:  # the site-wide values do not pickle: nothing is reused
            return cls(None, None)
        reuse = cls(manifest, old_site, hashlib.sha256(shared_bytes).digest(), shared)
        reuse._old_prefix = os.path.join(old_site, "")
        reuse.common_ids = frozenset(map(id, shared))
        raw = read_cache_file(manifest.parent, manifest.name)
        with contextlib.suppress(ValueError, TypeError):
            value = json.loads(raw or b"null")
            if isinstance(value, dict) and value.get("head") == head:
                pages = value.get("pages")
                reuse.old = pages if isinstance(pages, dict) else {}
        return reuse

    def key(self, page: tuple[str, str, str, dict[str, Any]]) -> str | None:
        """The page's key, or None when it cannot be keyed (it is rendered then)."""
        if self.manifest is None:
            return None
        name, dest, base, extra = page
        known = self._by_stand_ins(extra)
        if known is not None:  # e.g. a post's page: no pickling needed
            blob = repr((name, dest, base, known)).encode()
            key = hashlib.sha256(self.shared + b"\0stand-ins\0" + blob).hexdigest()
            self.new[dest] = key
            return key
        plain = {k: SAME if id(v) in self.common_ids else _plain(v) for k, v in extra.items()}
        try:
            blob = self._pickle((name, dest, base, plain))
        except UNPICKLABLE:  # rendered, never reused
            return None
        key = hashlib.sha256(self.shared + blob).hexdigest()
        self.new[dest] = key
        return key

    def signed(self, dest: str, signature: str) -> str:
        """The key of page ``dest`` by the ``signature`` it gives of what it shows (the
        site-wide part added), recorded for the next build."""
        blob = f"{dest}\0{signature}".encode()  # (a file name holds no NUL)
        key = hashlib.sha256(self.shared + b"\0signed\0" + blob).hexdigest()
        self.new[dest] = key
        return key

    def _by_stand_ins(self, extra: dict[str, Any]) -> list[tuple[str, str | None]] | None:
        """The context as stand-ins only, if every value has one (None is itself)."""
        if not self.known:
            return None
        out: list[tuple[str, str | None]] = []
        known = self.known
        for k, v in extra.items():
            stand_in = known.get(id(v))  # (first: most values are views)
            if stand_in is not None:
                out.append((k, stand_in))
            elif v is None:
                out.append((k, None))
            elif id(v) in self.common_ids:
                out.append((k, SAME))
            else:
                return None
        return out

    def _pickle(self, value: Any) -> bytes:
        if not self.known:
            return pickle.dumps(value, protocol=5)
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=5)
        # Only the types of the known values are looked up (a persistent_id
        # would be asked about every object pickled).
        known = self.known

        def reduce(obj: Any) -> Any:
            key = known.get(id(obj))
            return (_stand_in, (key,)) if key is not None else obj.__reduce_ex__(5)

        pickler.dispatch_table = dict.fromkeys(self.known_types, reduce)
        pickler.dump(value)
        return buffer.getvalue()

    def previous(self, dest: str) -> tuple[str, list[Any]] | None:
        """The old site's ``dest`` (its path) and its manifest entry, if unchanged since
        it was recorded."""
        entry = self.old.get(dest)
        if self.old_site is None or not isinstance(entry, list) or len(entry) < 4:
            return None
        # (A string, not a Path: asked for every page of the site.)
        old = self._old_prefix + dest
        try:
            st = os.lstat(old)
        except OSError:
            return None
        if (
            entry[1] != st.st_size
            or entry[2] != st.st_mtime_ns
            or entry[3] != st.st_ino
            or not stat.S_ISREG(st.st_mode)
        ):
            return None  # changed since (or not the file recorded): made again
        return old, entry

    def link(self, dest: str, key: str, out: Path) -> bool:
        """Put the old site's ``dest`` into ``out`` if it was made from ``key``; whether it was."""
        entry = self.old.get(dest)
        if not isinstance(entry, list) or not entry or entry[0] != key:
            return False  # known to differ before the old file is looked at
        found = self.previous(dest)
        if found is None:
            return False
        if out is self.old_site or out == self.old_site:
            self.kept[dest] = found[1][1:4]
            return True  # the site is updated in place: the file stays where it is
        new = out / dest
        if new.parent not in self.folders:
            new.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(new.parent)
        try:
            os.link(found[0], new)
            self.kept[dest] = found[1][1:4]  # the same file
        except OSError:
            shutil.copy2(found[0], new)  # a file system without hard links
        return True

    def note(self, dest: str, *extra: Any) -> None:
        """Record more about ``dest`` (JSON values), for :meth:`previous` of the next build."""
        self.notes[dest] = list(extra)

    def save(self, out: Path) -> None:
        """Record this build's pages (as they are in ``out``, soon the site's folder)."""
        if self.manifest is None:
            return
        pages: dict[str, list[Any]] = {}
        for dest, key in self.new.items():
            found = self.kept.get(dest)  # linked: as it was recorded (not looked at again)
            if found is None:
                try:
                    st = os.lstat(out / dest)
                except OSError:
                    continue
                found = [st.st_size, st.st_mtime_ns, st.st_ino]
            pages[dest] = [key, *found, *self.notes.get(dest, [])]
        data = json.dumps({"head": _head(), "pages": pages}, separators=(",", ":")).encode()
        write_cache_file(self.manifest.parent, self.manifest.name, data)


def _stand_in(key: str) -> str:
    """What a known value is pickled as (keys are never unpickled)."""
    return key


def _plain(value: Any) -> Any:
    # A set pickles in hash order, which differs between runs: sorted, it keys the same.
    return sorted(value) if isinstance(value, set | frozenset) else value

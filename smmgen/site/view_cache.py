"""What the site made of each post, kept for the next build: ``.smmgen-cache/site-views.jsonl``.

JSON lines (never pickle: a cache file in a checkout must not become code)::

    {"smmgen-site-views":4,"key":"<environment key>","code":"<code digest>"}
    ["<path>","<content hash>",<post>,"<title>",[<shown fields>, ...]]<TAB>[<account view>, ...]

A post and its account views are the dataclasses' field values in order,
read back by their declared types (:func:`decoder`). Before the tab, each
account view has only the fields the site shows outside the post's own page
(``shown``); after it come the whole account views, read only when asked for
(:meth:`ViewCache.views`): only a post's own page and calendar.ics show the
rest (its texts, most of a line), and a build after one edit makes few of
those. (JSON writes a tab in a string as ``\t``: the first tab of a line ends
its first value.) An entry counts only for
the same file content (the check's hash), the same schedule.yaml, people.yaml,
templates and language (:func:`smmgen.project.environment_key`) and the same
code; a damaged line only makes its post rendered again, a damaged head or
another key all of them. A save appends the lines that changed (a later line
of a file replaces an earlier one); the file is written whole now and then.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from .. import json_lines
from ..cache_files import CACHE_DIR, read_cache_file, save_lines
from ..model import Post

FILE = "site-views.jsonl"
VERSION = 4

Decode = Callable[[Any], Any]


class Damaged(ValueError):
    """A cached value is not of the type it is read as."""


def encode(value: Any) -> Any:
    """``value`` (a dataclass of plain values) as JSON values; the inverse of :func:`decoder`."""
    if value is None or type(value) in _PLAIN:
        return value
    names = _FIELDS.get(type(value))
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return [encode(getattr(value, name)) for name in names]
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


_PLAIN = frozenset({str, int, bool, float})
_FIELDS: dict[type, tuple[str, ...]] = {}
_DECODERS: dict[Any, Decode] = {}


def decoder(hint: Any) -> Decode:
    """A function reading a JSON value as type ``hint`` (raises :class:`Damaged` otherwise)."""
    known = _DECODERS.get(hint)
    if known is None:
        known = _DECODERS[hint] = _make(hint)
    return known


def _make(hint: Any) -> Decode:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in (str, int, bool, float):
        return _exact(hint)
    if hint is type(None):
        return _exact(type(None))
    if hint is dt.datetime:
        return _datetime
    if origin is typing.Literal:
        allowed = frozenset(args)

        def one_of(value: Any) -> Any:
            if value not in allowed or type(value) not in (str, int):
                raise Damaged(f"{value!r:.40} is not one of {sorted(allowed)}")
            return value

        return one_of
    if origin in (types.UnionType, typing.Union):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1 or len(args) != 2:
            raise TypeError(f"not cacheable: {hint}")
        inner = decoder(rest[0])
        return lambda v: None if v is None else inner(v)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        kinds = _plain_types(args[0])
        if kinds:  # checked all at once (map(type, ...) runs in C)
            return lambda v: tuple(_all(v, list, kinds))
        item = decoder(args[0])
        return lambda v: tuple(map(item, _a(v, list)))
    if origin in (Mapping, dict) and args[0] is str:
        # (A JSON object's keys are strings.)
        kinds = _plain_types(args[1])
        if kinds:
            return lambda v: dict(_all(v, dict, kinds))
        item = decoder(args[1])
        return lambda v: {k: item(x) for k, x in _a(v, dict).items()}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _dataclass(hint)
    raise TypeError(f"not cacheable: {hint}")


def _a(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise Damaged(f"{value!r:.40} is not {kind.__name__}")
    return value


def _all(value: Any, kind: type, items: frozenset[type]) -> Any:
    """``value``, a list (or dict) whose items (values) are all of the types ``items``."""
    checked = _a(value, kind)
    found: Iterable[Any] = checked.values() if kind is dict else checked
    if not items.issuperset(map(type, found)):
        raise Damaged(f"{value!r:.40} holds other than {sorted(map(str, items))}")
    return value


def _exact(kind: type) -> Decode:
    return lambda v: _a(v, kind)


def _datetime(value: Any) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(_a(value, str))
    except ValueError:
        raise Damaged(f"{value!r:.40} is not a time") from None


def fields_decoder(cls: type, names: tuple[str, ...], blank: Mapping[str, Any]) -> Decode:
    """A function reading a JSON list of the values of ``cls``'s fields ``names`` as a
    ``cls`` whose other fields are their defaults, or ``blank``'s for those without one."""
    return _dataclass(cls, names, blank)


def _dataclass(
    cls: type, only: tuple[str, ...] | None = None, blank: Mapping[str, Any] | None = None
) -> Decode:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields) or hasattr(cls, "__post_init__"):
        raise TypeError(f"not cacheable: {cls}")
    names = [f.name for f in fields] if only is None else list(only)
    # The fields not read: their defaults (or blank's), the same object for every value.
    rest = {f.name: (blank or {}).get(f.name, f.default) for f in fields if f.name not in names}
    if dataclasses.MISSING in rest.values():
        raise TypeError(f"not cacheable: {cls} without {sorted(rest)}")
    # Generated, as dataclasses makes __init__: one function per class, a plain
    # field (or a plain one that may be None) checked inline, the others read
    # by their own decoders. Only names and indexes go into the code.
    scope: dict[str, Any] = {"Damaged": Damaged, "cls": cls, "new": object.__new__}
    lines = [
        "def read(value):",
        f"    if type(value) is not list or len(value) != {len(names)}:",
        f"        raise Damaged('not a {cls.__name__}')",
    ]
    for i, name in enumerate(names):
        kinds = _plain_types(hints[name])
        if not kinds:
            lines += _inline(i, hints[name], scope, cls.__name__)
            continue
        names_of = sorted(k.__name__ for k in kinds if k is not type(None))
        test = " and ".join(f"t is not {k}" for k in names_of)
        if type(None) in kinds:
            test = f"value[{i}] is not None and {test}"
        lines += [
            f"    v{i} = value[{i}]",
            f"    t = type(v{i})",
            f"    if {test}:",
            f"        raise Damaged('field {i} of a {cls.__name__}')",
        ]
    # The fields as __init__ would set them (no __post_init__, all in __init__),
    # without its per-field cost for a frozen class.
    # (In the fields' order, as __init__ sets them.)
    scope.update({f"r_{name}": value for name, value in rest.items()})
    at = {name: f"v{i}" for i, name in enumerate(names)}
    pairs = ", ".join(f"{f.name!r}: {at.get(f.name, 'r_' + f.name)}" for f in fields)
    lines += ["    obj = new(cls)", f"    obj.__dict__.update({{{pairs}}})", "    return obj"]
    exec("\n".join(lines), scope)  # code made of field names and indexes, never of data
    return scope["read"]  # type: ignore[no-any-return]


def _inline(i: int, hint: Any, scope: dict[str, Any], name: str) -> list[str]:
    """The lines reading field ``i`` of type ``hint`` into ``v{i}`` (for :func:`_dataclass`).

    A tuple or mapping of plain values, or a value that may be None, is read
    in line (a decoder call less per value: thousands of posts are read).
    """
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        scope[f"d{i}"] = decoder(next(a for a in args if a is not type(None)))
        return [f"    v{i} = value[{i}]", f"    if v{i} is not None:", f"        v{i} = d{i}(v{i})"]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and _plain_types(args[0]):
        scope[f"k{i}"] = _plain_types(args[0])
        return _checked(
            i, f"type(v) is not list or not k{i}.issuperset(map(type, v))", "tuple(v)", name
        )
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        scope[f"d{i}"] = decoder(args[0])
        return _checked(i, "type(v) is not list", f"tuple(map(d{i}, v))", name)
    if origin in (Mapping, dict) and args[0] is str and _plain_types(args[1]):
        scope[f"k{i}"] = _plain_types(args[1])
        test = f"type(v) is not dict or not k{i}.issuperset(map(type, v.values()))"
        return _checked(i, test, "dict(v)", name)
    scope[f"d{i}"] = decoder(hint)
    return [f"    v{i} = d{i}(value[{i}])"]


def _checked(i: int, test: str, made: str, name: str) -> list[str]:
    """The lines reading field ``i`` into ``v{i}``: ``made`` of its JSON value ``v``,
    which is damaged where ``test`` (of ``v``) holds."""
    return [
        f"    v = value[{i}]",
        f"    if {test}:",
        f"        raise Damaged('field {i} of a {name}')",
        f"    v{i} = {made}",
    ]


def _plain_types(hint: Any) -> frozenset[type]:
    """The exact JSON types a plain field may hold (empty: it needs a decoder)."""
    if hint in (str, int, bool, float):
        return frozenset({hint})
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        args = typing.get_args(hint)
        if len(args) == 2 and type(None) in args:
            rest = next(a for a in args if a is not type(None))
            if rest in (str, int, bool, float):
                return frozenset({rest, type(None)})
    return frozenset()


# One post as the site keeps it: the post, its title, its account views (before
# the plan's times and the problems are added).
# (The account views' class is the site's: smmgen.site.collect.AccountView.)
Entry = tuple[Post, str, list[Any]]


def entry_json(entry: Entry, shown: tuple[str, ...]) -> str:
    """The entry as it is kept (made where the post is rendered, e.g. in a check worker);
    ``shown``: the account views' fields kept before the tab."""
    post, title, accounts = entry
    views = [encode(a) for a in accounts]
    at = [_FIELDS[type(a)].index(name) for a in accounts[:1] for name in shown]
    light = [[view[i] for i in at] for view in views]
    head = json.dumps([encode(post), title, light], separators=(",", ":"))
    return f"{head}\t{json.dumps(views, separators=(',', ':'))}"


class ViewCache:
    """The site's views of unchanged posts, by file, valid for one key."""

    def __init__(
        self,
        root: Path,
        key: str,
        code: str,
        account_view: type,
        shown: tuple[str, ...],
        blank: Mapping[str, Any],
    ) -> None:
        """``shown``: the fields of ``account_view`` kept before the tab (see above),
        ``blank``: the others' values in :meth:`get`'s views, where they have no default."""
        self.folder = root / CACHE_DIR
        self.shown = shown
        self.account_view = account_view  # (its whole decoder made only if one is read)
        self.shown_account = fields_decoder(account_view, shown, blank)
        self.head = json.dumps(
            {"smmgen-site-views": VERSION, "key": key, "code": code}, separators=(",", ":")
        )
        # By file: its value (None: not parsed yet) and line.
        self.lines: dict[str, tuple[Any, str]] = {}
        self.changed = False
        self._new: list[str] = []  # lines to append
        self._stale = 0  # lines in the file that later ones replace
        self._whole = True  # the file is to be written whole (not appended to)
        raw = read_cache_file(self.folder, FILE)
        with contextlib.suppress(ValueError):
            lines = [] if raw is None else raw.decode("utf-8").split("\n")
            if lines and lines[0] == self.head:
                body = [line for line in lines[1:] if line]
                damaged = 0
                light = [line.partition("\t")[0] for line in body]
                for value, line in zip(json_lines.values(light), body, strict=True):
                    if type(value) is list and len(value) == 5 and type(value[0]) is str:
                        self.lines[value[0]] = (value, line)  # a later line replaces one
                    else:
                        damaged += 1
                self._stale = len(body) - damaged - len(self.lines)
                self._whole = damaged > 0 or not raw or not raw.endswith(b"\n")

    def get(self, rel: str, digest: str) -> Entry | None:
        """The views kept for file ``rel`` with content ``digest`` (None: none, or damaged),
        with their ``shown`` fields only (the whole views: :meth:`views`)."""
        found = self.lines.get(rel)
        if found is None:
            return None
        value = found[0]
        if value is None:
            value = json_lines.value(found[1].partition("\t")[0])
        if type(value) is not list or len(value) != 5 or value[1] != digest:
            return None
        _, _, post, title, accounts = value
        try:
            views = [self.shown_account(a) for a in _a(accounts, list)]
            return decoder(Post)(post), _a(title, str), views
        except Damaged:
            return None

    def views(self, rel: str, count: int) -> list[Any] | None:
        """The ``count`` whole account views kept for ``rel``, in order (None: none, or
        damaged)."""
        found = self.lines.get(rel)
        views = json_lines.value(found[1].partition("\t")[2]) if found is not None else None
        if type(views) is not list or len(views) != count:
            return None
        read = decoder(self.account_view)
        try:
            return [read(v) for v in views]
        except Damaged:
            return None

    def put(self, rel: str, digest: str, entry: Entry | str) -> None:
        """Keep the views of file ``rel`` with content ``digest`` (or their :func:`entry_json`)."""
        text = entry if isinstance(entry, str) else entry_json(entry, self.shown)
        head = json.dumps([rel, digest], separators=(",", ":"))
        line = f"{head[:-1]},{text[1:]}"
        self._stale += rel in self.lines
        self.lines[rel] = (None, line)
        self._new.append(line)
        self.changed = True

    def keep_only(self, rels: set[str]) -> None:
        """Forget the files that are gone."""
        for rel in self.lines.keys() - rels:
            del self.lines[rel]
            self.changed = self._whole = True

    def save(self) -> None:
        """Save what changed: the new lines appended (a later line replaces an earlier one
        of its file), or, when a file was forgotten, the file was damaged or one line in
        eight is replaced, the file written whole (atomically)."""
        if not self.changed:
            return
        lines = [line for _, line in self.lines.values()]
        save_lines(
            self.folder, FILE, self.head, lines, self._new, whole=self._whole, stale=self._stale
        )

"""Safe YAML that remembers where every key and value came from.

PyYAML's composer (C-accelerated where available) builds the node graph; we
construct plain Python values ourselves so we can record marks, refuse tags
that are not plain data, stop alias bombs and report duplicate keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from .i18n import _
from .problems import file_lines
from .yaml_hints import explain

try:  # libyaml is ~10x faster; fall back to pure Python when absent.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]

MAX_NODES = 10_000
MAX_DEPTH = 64

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP = "tag:yaml.org,2002:map"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_constructor = yaml.constructor.SafeConstructor()


class Mark(NamedTuple):
    """A 1-based position in a file (a tuple: thousands are made per file)."""

    line: int
    column: int


# Mark(line, column) without the named tuple's own __new__ (a Python function): a
# dozen marks per post file.
_new_mark = tuple.__new__


@dataclass
class YamlDoc:
    """Plain data plus the position of every key (and of every list item)."""

    value: Any
    marks: dict[Path, Mark] = field(default_factory=dict)
    value_marks: dict[Path, Mark] = field(default_factory=dict)
    # A plain (unquoted) value followed by a comment on its own line: where the
    # comment starts and its text, which YAML dropped.
    comments: dict[Path, tuple[Mark, str]] = field(default_factory=dict)
    # A plain value YAML read as something other than text (no → false, 1.10 → 1.1):
    # what the user typed.
    typed: dict[Path, str] = field(default_factory=dict)

    def mark(self, *path: str | int) -> Mark:
        """Where the key at ``path`` is, or its nearest parent that has a mark."""
        p: Path = tuple(path)
        while p:
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), Mark(1, 1))

    def value_mark(self, *path: str | int) -> Mark:
        """Where the value at ``path`` starts (falls back to its key)."""
        p: Path = tuple(path)
        return self.value_marks.get(p) or self.mark(*path)


@dataclass(frozen=True)
class YamlError:
    """Why a YAML text could not be loaded, and where."""

    line: int
    column: int
    rule: str
    message: str


class _Abort(Exception):
    def __init__(self, err: YamlError) -> None:
        self.err = err


# YAML also breaks lines at NEL, LS and PS; editors (and our line numbers) do not.
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


def _line_map(text: str) -> list[int] | None:
    """YAML's 0-based line → the file's 0-based line, or None when they agree."""
    if not any(c in text for c in _YAML_ONLY_BREAKS):
        return None
    return [
        i
        for i, line in enumerate(file_lines(text))
        for _ in range(1 + sum(line.count(c) for c in _YAML_ONLY_BREAKS))
    ]


# The line breaks YAML's marks count.
_YAML_LINES = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")


class _Builder:
    def __init__(self, text: str, line_offset: int, line_map: list[int] | None = None) -> None:
        self.text = text
        self.yaml_lines: list[str] | None = None
        self.offset = line_offset
        self.line_map = line_map
        self.nodes = 0
        self.doc = YamlDoc(None)

    def line(self, yaml_line: int) -> int:
        """A 0-based YAML line as a 1-based line of the file."""
        m = self.line_map
        if m:  # past the end (YAML reports end-of-stream errors there) keeps the distance
            yaml_line = m[yaml_line] if yaml_line < len(m) else m[-1] + yaml_line - len(m) + 1
        return yaml_line + 1 + self.offset

    def mark(self, node: yaml.Node) -> Mark:
        m = node.start_mark
        if self.line_map is None:  # the common case, without a call
            return _new_mark(Mark, (m.line + 1 + self.offset, m.column + 1))
        return Mark(self.line(m.line), m.column + 1)

    def fail(self, node: yaml.Node, rule: str, message: str) -> _Abort:
        m = self.mark(node)
        return _Abort(YamlError(m.line, m.column, rule, message))

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            # An expanded alias carries the mark of its anchor, which may be harmless on
            # its own: blame the top-level key whose value grew too large.
            m = self.doc.marks.get(path[:1]) if self.nodes > MAX_NODES and path else None
            m = m or self.mark(node)
            raise _Abort(
                YamlError(
                    m.line,
                    m.column,
                    "yaml/too-complex",
                    _(
                        "YAML is too large or too deeply nested (over {count} values after "
                        "expanding aliases); write the values out plainly"
                    ).format(count=MAX_NODES),
                )
            )
        self.doc.value_marks[path] = self.mark(node)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self._bad_tag(node)
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                    raise self.fail(key_node, "yaml/bad-key", _("keys must be plain words"))
                key = str(key_node.value)
                if key in out:
                    raise self.fail(
                        key_node,
                        "yaml/duplicate-key",
                        _("'{key}' is given twice; keep one").format(key=key),
                    )
                self.doc.marks[(*path, key)] = self.mark(key_node)
                out[key] = self.build(value_node, (*path, key), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self._bad_tag(node)
            items = []
            for i, item in enumerate(node.value):
                self.doc.marks[(*path, i)] = self.mark(item)
                items.append(self.build(item, (*path, i), depth + 1))
            return items
        assert isinstance(node, yaml.ScalarNode)
        if node.tag not in _SCALAR_TAGS:
            raise self._bad_tag(node)
        if not node.style:  # plain: libyaml says '', PyYAML None
            self._note_plain(node, path)
        # Dates and times stay text: the fields that hold them parse them with
        # their own messages, and YAML 1.1 would read 09:30 as the number 570.
        if node.tag == _STR:
            return node.value  # what the constructor would return, without its bookkeeping
        if node.tag == "tag:yaml.org,2002:timestamp" or (
            node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and ":" in node.value
        ):
            return node.value
        return _constructor.construct_object(node, deep=True)

    def _note_plain(self, node: yaml.ScalarNode, path: Path) -> None:
        """Remember what YAML does to a plain value that a text field must not lose."""
        if node.tag != "tag:yaml.org,2002:str" and node.value:
            self.doc.typed[path] = node.value
        end = node.end_mark
        if "#" not in self.text:
            return
        if self.yaml_lines is None:
            self.yaml_lines = _YAML_LINES.split(self.text)
        if end.line >= len(self.yaml_lines):
            return
        rest = self.yaml_lines[end.line][end.column :]
        stripped = rest.lstrip(" \t")
        if stripped.startswith("#") and stripped != rest:
            col = end.column + len(rest) - len(stripped) + 1
            self.doc.comments[path] = (Mark(self.line(end.line), col), stripped.rstrip())

    def _bad_tag(self, node: yaml.Node) -> _Abort:
        return self.fail(
            node,
            "yaml/unsafe-tag",
            _(
                "the YAML tag '{tag}' is not allowed; only plain text, numbers, true/false, "
                "lists and mappings are"
            ).format(tag=node.tag),
        )


def load_yaml(text: str, line_offset: int = 0) -> YamlDoc | YamlError:
    """Load one YAML document as plain data with marks, or say why not.

    ``line_offset`` is added to every line, for YAML embedded in a larger file.
    """
    builder = _Builder(text, line_offset, _line_map(text))
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = builder.line(mark.line if mark else 0)
        col = mark.column + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        ctx = f" ({exc.context})" if exc.context else ""
        plain = explain(what, text, mark.line, mark.column) if mark else what
        said = plain if plain != what else f"{what}{ctx}"
        return YamlError(line, col, "yaml/syntax", _("YAML syntax error: {said}").format(said=said))
    except yaml.reader.ReaderError as exc:
        # A character YAML refuses (control characters): it reports an offset, not a
        # mark; libyaml counts UTF-8 bytes, the pure-Python reader characters.
        pos = max(0, int(exc.position))
        before = (
            text[:pos]
            if exc.encoding == "unicode"
            else text.encode("utf-8")[:pos].decode("utf-8", "replace")
        )
        line = before.count("\n") + 1 + line_offset
        col = len(before) - (before.rfind("\n") + 1) + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        return YamlError(
            line,
            col,
            "yaml/syntax",
            _("YAML syntax error: {said}").format(said=f"{exc.reason} (found {char})"),
        )
    except yaml.YAMLError as exc:
        return YamlError(
            1 + line_offset, 1, "yaml/syntax", _("YAML syntax error: {said}").format(said=exc)
        )
    except RecursionError:
        return YamlError(1 + line_offset, 1, "yaml/too-complex", _("YAML is nested too deeply"))
    if node is None:
        builder.doc.value = None
        return builder.doc
    try:
        builder.doc.value = builder.build(node, (), 0)
    except _Abort as abort:
        return abort.err
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        m = builder.mark(node)
        return YamlError(
            m.line, m.column, "yaml/syntax", _("YAML value error: {error}").format(error=exc)
        )
    builder.doc.marks.setdefault((), Mark(1 + line_offset, 1))
    return builder.doc

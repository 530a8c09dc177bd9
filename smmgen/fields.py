"""Declared keys: each key of front matter and schedule.yaml is declared once.

A :class:`Field` holds a key's type, default and help text. The same
declarations drive type checks, "did you mean" suggestions and the reference
tables in the README.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .problems import Problem, error
from .yamlsrc import YamlDoc

ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# A server that gets secrets: scheme://host[:port][/path], no user info, query or
# fragment, no backslash (parsers disagree on where the host of "http://a\@b"
# ends), so every reader sees the same host. See smmgen/endpoints.py.
ENDPOINT = re.compile(
    r"^(?P<scheme>https?)://(?P<host>[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?(?:/[^\s\\@?#]*)?\Z",
    re.IGNORECASE,
)
# A BCP 47 language tag as networks take them: a language, then region or script.
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")

_KIND_WORDS = {
    "str": "text",
    "text": "text",
    "bool": "true or false",
    "int": "a whole number",
    "number": "a number",
    "str-list": "a list of text values",
    "url": "a URL starting with https:// or http://",
    "endpoint": "an https:// URL (http:// only for localhost)",
    "language": "a language tag like en, de or pt-BR",
    "env": "the NAME of an environment variable (like BLUESKY_APP_PASSWORD)",
    "mapping": "a mapping of keys to values",
    "list": "a list",
    "any": "a value",
}


@dataclass(frozen=True)
class Field:
    """One declared key: its name, kind, default and help text."""

    name: str
    kind: str
    help: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None

    @property
    def kind_words(self) -> str:
        """The kind in plain words, for messages and docs."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        return _KIND_WORDS[self.kind]


def type_ok(kind: str, value: Any) -> bool:
    """Whether ``value`` has the declared ``kind``."""
    if kind in ("str", "text"):
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "str-list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "url":
        return isinstance(value, str) and bool(URL.match(value))
    if kind == "endpoint":
        return isinstance(value, str) and bool(ENDPOINT.match(value))
    if kind == "language":
        return isinstance(value, str) and bool(LANGUAGE.match(value))
    if kind == "env":
        return isinstance(value, str) and bool(ENV_NAME.match(value))
    if kind == "mapping":
        return isinstance(value, dict)
    if kind == "list":
        return isinstance(value, list)
    return True


def describe(value: Any) -> str:
    """A value's type in plain words (never a Python repr like ``<class 'int'>``)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a value"


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` — did you mean 'x'?`` when a close match exists, else empty."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def check_fields(
    data: Mapping[str, Any],
    fields: Mapping[str, Field],
    doc: YamlDoc,
    prefix: tuple[str | int, ...],
    path: str,
    rule_prefix: str,
    where: str,
    emit: Callable[[Problem], None],
) -> dict[str, Any]:
    """Check ``data`` against declared ``fields``; return the values with defaults.

    Keys with problems are left out of the result, so later stages see only
    values of the declared kind.
    """
    out: dict[str, Any] = {}
    for key, value in data.items():
        mark = doc.mark(*prefix, key)
        f = fields.get(key)
        if f is None:
            emit(
                error(
                    path,
                    mark.line,
                    f"{rule_prefix}/unknown-key",
                    f"unknown key '{key}' in {where}{suggest(key, fields)}",
                    column=mark.column,
                )
            )
            continue
        if f.kind == "text":
            kept, value = _text_as_typed(key, value, doc, (*prefix, key), path, emit)
            if not kept:
                continue
        if not type_ok(f.kind, value) or (f.choices and value not in f.choices):
            vm = doc.value_mark(*prefix, key)
            emit(
                error(
                    path,
                    vm.line,
                    f"{rule_prefix}/type",
                    f"'{key}' must be {f.kind_words}, not {describe(value)}",
                    column=vm.column,
                )
            )
            continue
        if f.minimum is not None and value < f.minimum:
            vm = doc.value_mark(*prefix, key)
            emit(
                error(
                    path,
                    vm.line,
                    f"{rule_prefix}/type",
                    f"'{key}' must be at least {f.minimum:g}, not {value}",
                    column=vm.column,
                )
            )
            continue
        out[key] = value
    for f in fields.values():
        if f.name in data:
            continue
        if f.required:
            mark = doc.mark(*prefix)
            emit(
                error(
                    path,
                    mark.line,
                    f"{rule_prefix}/missing-key",
                    f"{where} needs '{f.name}': {f.help}",
                    column=mark.column,
                )
            )
        elif f.default is not None:
            out[f.name] = f.default
    return out


def _text_as_typed(
    key: str,
    value: Any,
    doc: YamlDoc,
    at: tuple[str | int, ...],
    path: str,
    emit: Callable[[Problem], None],
) -> tuple[bool, Any]:
    """``(True, value as typed)``, or ``(False, None)`` after reporting what YAML changed.

    Text goes out to the networks, so YAML may not drop a ``#tag`` as a comment or
    turn ``no`` into false. A number it reads back unchanged (``2026``) is the text.
    """
    comment = doc.comments.get(at)
    if comment is not None:
        mark, lost = comment
        shown = lost if len(lost) <= 40 else lost[:37] + "..."
        emit(
            error(
                path,
                mark.line,
                "yaml/comment-in-text",
                f"'{key}' loses '{shown}': in YAML ' #' starts a comment, so that text is "
                "dropped; put the value in quotes or use | (`smmgen fix` does this)",
                column=mark.column,
            )
        )
        return False, None
    typed = doc.typed.get(at)
    if typed is None or isinstance(value, str):
        return True, value
    if isinstance(value, int | float) and not isinstance(value, bool) and str(value) == typed:
        return True, typed
    vm = doc.value_mark(*at)
    emit(
        error(
            path,
            vm.line,
            "yaml/text-changed",
            f"'{key}' is written {typed}, which YAML reads as {describe(value)}; "
            f'put the value in quotes: {key}: "{typed}" (`smmgen fix` does this)',
            column=vm.column,
        )
    )
    return False, None


def fields_table(fields: Iterable[Field]) -> str:
    """A Markdown reference table of fields, for the docs."""
    rows = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    for f in fields:
        shown = str(f.default).lower() if isinstance(f.default, bool) else f.default
        default = "required" if f.required else ("" if f.default is None else f"`{shown}`")
        rows.append(f"| `{f.name}` | {f.kind_words} | {default} | {f.help} |")
    return "\n".join(rows) + "\n"


def declare(*fields: Field) -> dict[str, Field]:
    """A name → field mapping, in declaration order."""
    return {f.name: f for f in fields}

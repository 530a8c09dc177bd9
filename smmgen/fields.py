"""Declared keys: each key of front matter and schedule.yaml is declared once.

A :class:`Field` holds a key's kind, default and help text; a :class:`Kind` is
a small typed object that checks a value, names it in plain words and gives
its JSON Schema (the shape of MkDocs' ``config_options``). The same
declarations drive the checks, "did you mean" suggestions, ``smmgen schema``
and the generated reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .i18n import N_, _
from .problems import Problem, error
from .yamlsrc import Mark, YamlDoc

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

# JSON Schema patterns have no flags: case-insensitivity is spelled out.
_HTTP = "[Hh][Tt][Tt][Pp][Ss]?://"

Emit = Callable[[Problem], None]
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Source:
    """One YAML document being checked: where its values are and where problems go.

    ``rule_prefix`` starts the rule ids of the generic checks (``schedule/type``).
    """

    doc: YamlDoc
    path: str
    rule_prefix: str
    emit: Emit

    def at_key(self, at: KeyPath, rule: str, message: str, *, column: bool = True) -> None:
        """Report a problem at the key ``at`` (at column 1 unless ``column``)."""
        self._report(self.doc.mark(*at), rule, message, column)

    def at_value(self, at: KeyPath, rule: str, message: str) -> None:
        """Report a problem where the value of ``at`` starts."""
        self._report(self.doc.value_mark(*at), rule, message, True)

    def _report(self, mark: Mark, rule: str, message: str, column: bool) -> None:
        self.emit(error(self.path, mark.line, rule, message, column=mark.column if column else 1))


@dataclass(frozen=True)
class Kind:
    """What a value must be: a check, the kind in plain words, and its JSON Schema."""

    name: str
    words: str

    def check(self, value: Any) -> bool:
        """Whether ``value`` is of this kind."""
        return True

    def schema(self) -> dict[str, Any]:
        """This kind as JSON Schema (an empty schema takes anything)."""
        return {}

    def from_yaml(self, key: str, value: Any, src: Source, at: KeyPath) -> tuple[bool, Any]:
        """``(True, value)`` to check as read, or ``(False, None)`` once a problem is reported."""
        return True, value


@dataclass(frozen=True)
class Typed(Kind):
    """A value of one of ``types`` (a bool never counts as a number)."""

    types: tuple[type, ...]
    json: dict[str, Any]

    def check(self, value: Any) -> bool:
        if isinstance(value, bool) and bool not in self.types:
            return False
        return isinstance(value, self.types)

    def schema(self) -> dict[str, Any]:
        return dict(self.json)


@dataclass(frozen=True)
class TextList(Kind):
    """A list of text values."""

    def check(self, value: Any) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "string"}}


@dataclass(frozen=True)
class Pattern(Kind):
    """Text matching ``regex``; ``json_pattern`` says the same without regex flags."""

    regex: re.Pattern[str]
    json_pattern: str

    def check(self, value: Any) -> bool:
        return isinstance(value, str) and bool(self.regex.match(value))

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.json_pattern}


@dataclass(frozen=True)
class Text(Typed):
    """Text that goes out to the networks, so YAML may not have changed what was typed."""

    def from_yaml(self, key: str, value: Any, src: Source, at: KeyPath) -> tuple[bool, Any]:
        """``(True, value as typed)``, or ``(False, None)`` after reporting what YAML changed.

        YAML may not drop a ``#tag`` as a comment or turn ``no`` into false. A
        number it reads back unchanged (``2026``) is the text.
        """
        comment = src.doc.comments.get(at)
        if comment is not None:
            mark, lost = comment
            shown = lost if len(lost) <= 40 else lost[:37] + "..."
            src.emit(
                error(
                    src.path,
                    mark.line,
                    "yaml/comment-in-text",
                    _(
                        "'{key}' loses '{shown}': in YAML ' #' starts a comment, so "
                        "that text is dropped; put the value in quotes or use | "
                        "(`smmgen fix` does this)"
                    ).format(key=key, shown=shown),
                    column=mark.column,
                )
            )
            return False, None
        typed = src.doc.typed.get(at)
        if typed is None or isinstance(value, str):
            return True, value
        if isinstance(value, int | float) and not isinstance(value, bool) and str(value) == typed:
            return True, typed
        src.at_value(
            at,
            "yaml/text-changed",
            _(
                "'{key}' is written {typed}, which YAML reads as {describe}; "
                'put the value in quotes: {key}: "{typed}" (`smmgen fix` '
                "does this)"
            ).format(key=key, typed=typed, describe=describe(value)),
        )
        return False, None


_STRING = {"type": "string"}
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Typed("str", N_("text"), (str,), _STRING),
        Text("text", N_("text"), (str,), _STRING),
        Typed("bool", N_("true or false"), (bool,), {"type": "boolean"}),
        Typed("int", N_("a whole number"), (int,), {"type": "integer"}),
        Typed("number", N_("a number"), (int, float), {"type": "number"}),
        TextList("str-list", N_("a list of text values")),
        Pattern(
            "url",
            N_("a URL starting with https:// or http://"),
            URL,
            rf"^{_HTTP}[^\s/$.?#][^\s]*$",
        ),
        Pattern(
            "endpoint",
            N_("an https:// URL (http:// only for localhost)"),
            ENDPOINT,
            rf"^{_HTTP}([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{{1,5}})?(/[^\s\\@?#]*)?$",
        ),
        Pattern(
            "language",
            N_("a language tag like en, de or pt-BR"),
            LANGUAGE,
            r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$",
        ),
        Pattern(
            "env",
            N_("the NAME of an environment variable (like BLUESKY_APP_PASSWORD)"),
            ENV_NAME,
            r"^[A-Z_][A-Z0-9_]*$",
        ),
        Typed("mapping", N_("a mapping of keys to values"), (dict,), {"type": "object"}),
        Typed("list", N_("a list"), (list,), {"type": "array"}),
        Kind("any", N_("a value")),
    )
}
"""Every kind a field can have, by the name a declaration gives it."""


@dataclass(frozen=True)
class Field:
    """One declared key: its name, kind (a name in :data:`KINDS`), default and help text."""

    name: str
    kind: str
    help: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None

    @property
    def type(self) -> Kind:
        """The :class:`Kind` this field's values must be."""
        return KINDS[self.kind]

    @property
    def kind_words(self) -> str:
        """The kind in plain words, for messages and docs."""
        if self.choices:
            return _("one of {choices}").format(choices=", ".join(self.choices))
        return _(self.type.words)

    def check(self, value: Any, src: Source, at: KeyPath) -> tuple[bool, Any]:
        """``(True, value)`` if ``value`` fits, else ``(False, None)`` after reporting why."""
        kept, value = self.type.from_yaml(self.name, value, src, at)
        if not kept:
            return False, None
        rule = f"{src.rule_prefix}/type"
        if not self.type.check(value) or (self.choices and value not in self.choices):
            message = _("'{name}' must be {kind_words}, not {describe}").format(
                name=self.name, kind_words=self.kind_words, describe=describe(value)
            )
            src.at_value(at, rule, message)
            return False, None
        if self.minimum is not None and value < self.minimum:
            message = _("'{name}' must be at least {minimum:g}, not {value}").format(
                name=self.name, minimum=self.minimum, value=value
            )
            src.at_value(at, rule, message)
            return False, None
        return True, value


def describe(value: Any) -> str:
    """A value's type in plain words (never a Python repr like ``<class 'int'>``)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return _("{lower} (true/false)").format(lower=str(value).lower())
    if isinstance(value, int | float):
        return _("the number {value}").format(value=value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return _("the text '{shown}'").format(shown=shown)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return _("a value")


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` — did you mean 'x'?`` when a close match exists, else empty."""
    import difflib  # only for a file with a mistake: not on every check's path

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _("; did you mean '{word}'?").format(word=match[0]) if match else ""


def check_fields(
    data: Mapping[str, Any],
    fields: Mapping[str, Field],
    src: Source,
    prefix: KeyPath,
    where: str,
) -> dict[str, Any]:
    """Check ``data`` (the mapping at ``prefix``) against ``fields``; values with defaults.

    Keys with problems are left out of the result, so later stages see only
    values of the declared kind. ``where`` names the mapping in messages.
    """
    out: dict[str, Any] = {}
    for key, value in data.items():
        f = fields.get(key)
        if f is None:
            src.at_key(
                (*prefix, key),
                f"{src.rule_prefix}/unknown-key",
                _("unknown key '{key}' in {where}{suggest}").format(
                    key=key, where=where, suggest=suggest(key, fields)
                ),
            )
            continue
        ok, value = f.check(value, src, (*prefix, key))
        if ok:
            out[key] = value
    for f in fields.values():
        if f.name in data:
            continue
        if f.required:
            src.at_key(
                prefix,
                f"{src.rule_prefix}/missing-key",
                _("{where} needs '{name}': {help}").format(
                    where=where, name=f.name, help=_(f.help)
                ),
            )
        elif f.default is not None:
            out[f.name] = f.default
    return out


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

"""Repairs a machine can make safely to YAML as people type it (`smmgen fix`).

Each repair is local to one line and keeps what the person meant: a value with
``: `` or `` #`` in it is put in quotes, ``31.12.2026 15:00`` becomes
``2026-12-31 15:00``, tabs become spaces, a key in typographic quotes loses
them, a byte order mark and Windows line endings go. A repaired text must load
and hold the intended values, or the file is left exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from .fields import Field
from .i18n import _
from .yamlsrc import YamlDoc, YamlError, load_yaml


def _text_keys() -> frozenset[str]:
    """Keys declared as free text (kind ``text``): YAML must not drop a ' #tag' from them
    as a comment nor turn 'no' into false (check's yaml/comment-in-text, yaml/text-changed).
    """
    from .content import FRONT_MATTER, MEDIA, VARIANT
    from .networks import NETWORKS
    from .schedule import BLACKOUT, SCHEDULE

    declared: list[Mapping[str, Field]] = [FRONT_MATTER, MEDIA, VARIANT, SCHEDULE, BLACKOUT]
    declared += [n.settings for n in NETWORKS.values()]
    # A person's name in people: (mentions.py declares those fields per file).
    return frozenset({f.name for d in declared for f in d.values() if f.kind == "text"} | {"name"})


TEXT_KEYS = _text_keys()

# Keys holding a date and time / a date, which people write the German way.
DATETIME_KEYS = frozenset({"publish_at"})
DATE_KEYS = frozenset({"from", "to"})

_SMART = "“”„‟‘’‚‛«»‹›"
_KEY_LINE = re.compile(
    r"^(?P<lead>[ \t]*(?:-[ \t]+)?)(?P<q>[" + _SMART + r"]?)(?P<key>[A-Za-z_][\w-]*)"
    r"(?P<q2>[" + _SMART + r"]?):(?P<sep>[ \t]+|$)(?P<value>.*)$"
)
_DE_DATETIME = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4}),?\s+(\d{1,2})[:.](\d{2})(?:\s*Uhr)?$"
)
_ISO_T = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::00)?$")
_DE_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TYPED_TAGS = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}
_resolver = yaml.resolver.Resolver()


@dataclass(frozen=True)
class Repair:
    """One repair: the line it is on (1-based, in the repaired file) and what was done."""

    line: int
    what: str


@dataclass(frozen=True)
class TextFix:
    """The repaired text and its repairs, or why the file is left as it is."""

    text: str
    repairs: tuple[Repair, ...]
    unfixable: str | None = None  # set: ``text`` is the original


def fix_post_text(text: str) -> TextFix:
    """Repair a post file's text (front matter only; the body is the post)."""
    return _fix(text, front_matter=True)


def fix_yaml_text(text: str) -> TextFix:
    """Repair a YAML file's text (schedule.yaml, people.yaml)."""
    return _fix(text, front_matter=False)


def _fix(original: str, *, front_matter: bool) -> TextFix:
    repairs: list[Repair] = []
    text = original
    if text.startswith("\ufeff"):
        text = text[1:]
        repairs.append(Repair(1, _("removed the byte order mark (BOM) at the start")))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        repairs.append(Repair(1, _("Windows line endings (CRLF) → LF")))
    lines = text.split("\n")
    start, end = 0, len(lines)
    if front_matter:
        if not lines or lines[0].rstrip() != "---":
            return TextFix(original, ())
        close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if close is None:
            return TextFix(original, ())
        start, end = 1, close
    expected: dict[int, str] = {}
    _fix_lines(lines, start, end, repairs, expected)
    fixed = "\n".join(lines)
    if fixed == original:
        return TextFix(original, ())
    # The YAML part must load, and every quoted value must read back as typed.
    loaded = load_yaml("\n".join(lines[start:end]), line_offset=start)
    if isinstance(loaded, YamlError):
        return TextFix(
            original,
            (),
            _("line {line}: {message}").format(line=loaded.line, message=loaded.message),
        )
    for line, value in expected.items():
        if value not in _strings_on_line(loaded, line):
            why = _("line {line}: a repaired value would not read back").format(line=line)
            return TextFix(original, (), why)
    return TextFix(fixed, tuple(repairs))


def _strings_on_line(doc: YamlDoc, line: int) -> list[object]:
    return [_at(doc.value, p) for p, m in doc.value_marks.items() if m.line == line]


def _at(value: object, path: tuple[str | int, ...]) -> object:
    for part in path:
        value = value[part]  # type: ignore[index]
    return value


def _fix_lines(
    lines: list[str], start: int, end: int, repairs: list[Repair], expected: dict[int, str]
) -> None:
    block_indent: int | None = None  # inside a | or > block: its key's indentation
    for i in range(start, end):
        line = lines[i]
        if block_indent is not None:
            stripped = line.lstrip(" \t")
            if not stripped or len(line) - len(stripped) > block_indent:
                continue  # the block's text is the post's text: leave it alone
            block_indent = None
        if line.startswith("\t") or (line.lstrip(" ").startswith("\t") and line.strip()):
            indent = re.match(r"^[ \t]*", line)
            assert indent is not None
            spaces = indent.group(0).replace("\t", "  ")
            line = spaces + line[indent.end() :]
            repairs.append(Repair(i + 1, _("tab in the indentation → spaces")))
        m = _KEY_LINE.match(line)
        if m is None:
            lines[i] = line
            continue
        lead, key, value = m["lead"], m["key"], m["value"]
        sep = m["sep"]
        if "\t" in lead or "\t" in sep:
            lead, sep = lead.replace("\t", " "), (" " if sep else "")
            repairs.append(Repair(i + 1, _("tab after a key or dash → a space")))
        if m["q"] or m["q2"]:
            repairs.append(
                Repair(
                    i + 1, _("typographic quotes around the key '{key}' removed").format(key=key)
                )
            )
        if value.strip() in ("|", ">") or re.match(r"^[|>][-+0-9]*\s*(#.*)?$", value.strip()):
            block_indent = len(lead)
        new_value = _fix_value(key, value, lines, i, end, len(lead))
        if new_value is not None and new_value[0] != value:
            value = new_value[0]
            repairs.append(Repair(i + 1, new_value[1]))
            if value.startswith('"'):
                expected[i + 1] = new_value[2]
        lines[i] = f"{lead}{key}:{sep}{value}"


def _fix_value(
    key: str, value: str, lines: list[str], i: int, end: int, indent: int
) -> tuple[str, str, str] | None:
    """``(new value, what was done, the text it must read back as)``, or None."""
    v = value.rstrip()
    if not v or v[0] in "\"'[{|>&*!#":
        return None
    core, _sep, comment = v.partition(" #")
    core = core.rstrip()
    if key in DATETIME_KEYS or key in DATE_KEYS:
        iso = _iso(core, date_only=key in DATE_KEYS)
        if iso is not None:
            rest = value[len(core) :]
            said = _("'{value}' → '{iso}' (the date format YAML and smmgen read)").format(
                value=core, iso=iso
            )
            return iso + rest, said, iso
        if key in DATETIME_KEYS:
            return None
    if _continues(lines, i, end, indent):
        return None  # a plain value over several lines: quoting one line would break it
    text_key = key in TEXT_KEYS
    whole = v if text_key else core
    why = None
    if ": " in whole or whole.endswith(":"):
        why = _("the value contains ': '; put it in quotes")
    elif text_key and comment:
        why = _("the value contains ' #', which YAML would drop as a comment; put it in quotes")
    elif whole[0] in "@`":
        why = _("the value starts with '{char}', which YAML reserves; put it in quotes").format(
            char=whole[0]
        )
    elif text_key and _typed(whole):
        why = _("YAML would not read '{value}' as text; put it in quotes").format(value=whole)
    if why is None:
        return None
    quoted = '"' + whole.replace("\\", "\\\\").replace('"', '\\"') + '"'
    rest = "" if text_key else value[len(core) :]
    return quoted + rest, why, whole


def _typed(value: str) -> bool:
    tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag not in _TYPED_TAGS:
        return False
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        try:
            number = yaml.safe_load(value)
        except yaml.YAMLError:
            return True
        return str(number) != value  # 2026 stays the text 2026; 1.10 would become 1.1
    return True


def _continues(lines: list[str], i: int, end: int, indent: int) -> bool:
    for j in range(i + 1, end):
        stripped = lines[j].lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        return len(lines[j]) - len(stripped) > indent and not stripped.startswith("- ")
    return False


def _iso(value: str, *, date_only: bool) -> str | None:
    if date_only:
        d = _DE_DATE.match(value)
        if d:
            return f"{int(d[3]):04d}-{int(d[2]):02d}-{int(d[1]):02d}"
        return None
    m = _DE_DATETIME.match(value)
    if m:
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        day, month, hour, minute = int(m[1]), int(m[2]), int(m[4]), int(m[5])
        if 1 <= day <= 31 and 1 <= month <= 12 and hour < 24 and minute < 60:
            return f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"
        return None
    t = _ISO_T.match(value)
    if t:
        return f"{t[1]} {t[2]}"
    return None

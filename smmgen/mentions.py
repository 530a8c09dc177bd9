"""People and ``@{alias}`` mentions: one alias, the right handle on every network.

``people.yaml`` at the repository root (or a ``people:`` section in
schedule.yaml) maps an alias to the person's handle per network, or per
account where two accounts on one network need different handles::

    anna:
      name: Anna Berg                 # shown where Anna has no account
      bluesky: anna.bsky.social
      mastodon: "@anna@mastodon.social"
      x: anna_x

``@{anna}`` then renders as ``@anna.bsky.social`` on Bluesky, ``@anna_x`` on X
and ``Anna Berg`` on LinkedIn. A ``linkedin:`` handle is a URN
(``urn:li:organization:123``, ``urn:li:person:…``): the post shows the name and
LinkedIn links it (the Posts API's ``@[Name](urn)`` mention). A handle is used
with one leading ``@`` added if it has none; handles that start with ``<``
(Discord's ``<@id>``) are used as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fields import Field, KeyPath, Source, check_fields, declare, describe, suggest
from .i18n import _
from .model import Person, Post
from .networks import NETWORKS
from .problems import Problem, error
from .yamlsrc import YamlDoc, YamlError, load_yaml

PEOPLE_FILE = "people.yaml"
ALIAS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MENTION = re.compile(r"@\{([^{}\s]*)\}")

Emit = Callable[[Problem], None]


def _fields(keys: Iterable[str]) -> dict[str, Field]:
    named = [Field("name", "text", "the person's name, used where they have no account")]
    return declare(
        *named,
        *(Field(k, "str", f"handle on {k}") for k in sorted(set(keys)) if k != "name"),
    )


def _entries(
    data: Any,
    doc: YamlDoc,
    prefix: tuple[str | int, ...],
    rel: str,
    keys: Iterable[str],
    emit: Emit,
) -> dict[str, Person]:
    """The people in ``data`` (the mapping at ``prefix``) whose entries are usable."""
    fields = _fields(keys)
    src = Source(doc, rel, "people", emit)
    people: dict[str, Person] = {}
    for alias, raw in data.items():
        person = _person(src, (*prefix, alias), str(alias), raw, fields)
        if person is not None:
            people[person.alias] = person
    return people


def _person(
    src: Source, at: KeyPath, alias: str, raw: Any, fields: dict[str, Field]
) -> Person | None:
    """One alias's entry: a mapping of network or account → handle, and a name."""
    if not ALIAS.match(alias):
        src.at_key(
            at,
            "people/alias",
            _("'{alias}' cannot be an alias; use letters, digits, '_', '.' or '-'").format(
                alias=alias
            ),
        )
        return None
    if not isinstance(raw, dict):
        src.at_key(
            at,
            "people/type",
            _(
                "'{alias}' must be a mapping of network → handle (and 'name'), not {describe}"
            ).format(alias=alias, describe=describe(raw)),
        )
        return None
    values = check_fields(raw, fields, src, at, _("person '{alias}'").format(alias=alias))
    handles = {k: v.strip() for k, v in values.items() if k != "name" and v.strip()}
    _check_handles(src, at, alias, handles)
    name = str(values.get("name") or alias)
    return Person(alias, name, handles, src.path, src.doc.mark(*at).line)


def _check_handles(src: Source, at: KeyPath, alias: str, handles: dict[str, str]) -> None:
    """A handle its network refuses (LinkedIn: not a URN); no handle contains a space."""
    for key, handle in handles.items():
        network = NETWORKS.get(key)
        why = network.check_handle(handle) if network is not None else None
        if why is not None:
            src.at_value((*at, key), "people/handle", f"'{alias}': {why}")
        elif any(ch.isspace() for ch in handle):
            src.at_value(
                (*at, key),
                "people/handle",
                _("'{alias}': the {key} handle '{handle}' contains a space").format(
                    alias=alias, key=key, handle=handle
                ),
            )


def read_people(
    root: Path,
    schedule_doc: YamlDoc,
    schedule_rel: str,
    section: Any,
    keys: Iterable[str],
) -> tuple[dict[str, Person], list[Problem]]:
    """People from schedule.yaml's ``people:`` and from ``people.yaml``, with problems.

    ``keys`` are the names a person may have handles for: network and account
    names. An alias defined in both places is an error.
    """
    problems: list[Problem] = []
    emit = problems.append
    keys = list(keys)
    people: dict[str, Person] = {}
    if isinstance(section, dict):
        people.update(_entries(section, schedule_doc, ("people",), schedule_rel, keys, emit))
    file = root / PEOPLE_FILE
    if not file.is_file():
        return people, problems
    rel = PEOPLE_FILE
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        unreadable = _("cannot read {rel} as UTF-8 ({exc})").format(rel=rel, exc=exc)
        emit(error(rel, 1, "file/encoding", unreadable))
        return people, problems
    loaded = load_yaml(text)
    if isinstance(loaded, YamlError):
        emit(error(rel, loaded.line, loaded.rule, loaded.message, column=loaded.column))
        return people, problems
    if loaded.value is None:
        return people, problems
    if not isinstance(loaded.value, dict):
        wrong = _("{rel} must map aliases to people, not {what}")
        what = describe(loaded.value)
        emit(error(rel, 1, "people/not-mapping", wrong.format(rel=rel, what=what)))
        return people, problems
    for alias, person in _entries(loaded.value, loaded, (), rel, keys, emit).items():
        if alias in people:
            emit(
                error(
                    rel,
                    person.line,
                    "people/duplicate",
                    _("'{alias}' is also defined in {schedule_rel} (line {line}); keep one").format(
                        alias=alias, schedule_rel=schedule_rel, line=people[alias].line
                    ),
                )
            )
            continue
        people[alias] = person
    return people, problems


# LinkedIn mentions a member or a page by URN; the post shows their name, linked.
URN_PREFIX = "urn:li:"


def handle_for(person: Person, account: str, network: str) -> str:
    """How ``person`` is written in a post on ``account`` (on ``network``)."""
    handle = person.handles.get(account) or person.handles.get(network)
    if not handle or handle.startswith(URN_PREFIX):
        return person.name  # a URN mention shows the name (see urn_mentions)
    return handle if handle.startswith(("@", "<")) else "@" + handle


def urn_mentions(
    text: str, people: Mapping[str, Person], account: str, network: str
) -> tuple[tuple[str, str], ...]:
    """(name, URN) of each person ``text`` mentions by a URN handle (LinkedIn), in order."""
    out: list[tuple[str, str]] = []
    for m in MENTION.finditer(text):
        person = people.get(m.group(1))
        if person is None:
            continue
        handle = person.handles.get(account) or person.handles.get(network) or ""
        if handle.startswith(URN_PREFIX) and (person.name, handle) not in out:
            out.append((person.name, handle))
    return tuple(out)


def resolve(text: str, people: Mapping[str, Person], account: str, network: str) -> str:
    """Replace every known ``@{alias}`` in ``text``; unknown ones stay as written."""
    if "@{" not in text:
        return text

    def sub(m: re.Match[str]) -> str:
        person = people.get(m.group(1))
        return m.group(0) if person is None else handle_for(person, account, network)

    return MENTION.sub(sub, text)


@dataclass(frozen=True)
class UnknownMention:
    """An ``@{alias}`` with no person behind it, and where it is in the post file."""

    alias: str
    line: int
    column: int


def _positions(text: str, first_line: int, column_base: int) -> list[tuple[str, int, int]]:
    out = []
    for m in MENTION.finditer(text):
        before = text[: m.start()]
        nl = before.count("\n")
        col = m.start() - (before.rfind("\n") + 1) + 1
        out.append((m.group(1), first_line + nl, col + (column_base if nl == 0 else 0)))
    return out


def unknown_mentions(
    post: Post, people: Mapping[str, Person], file_lines: list[str]
) -> list[UnknownMention]:
    """Every ``@{alias}`` in the body and variant bodies that people do not define.

    ``file_lines`` is the post file's text split in lines, to place variant
    bodies (which YAML may have folded or indented) at their real line.
    """
    found: list[UnknownMention] = []
    for alias, line, col in _positions(post.body, post.body_line, 0):
        if alias not in people:
            found.append(UnknownMention(alias, line, col))
    for variant in post.variants.values():
        if variant.body is None or "@{" not in variant.body:
            continue
        line = variant.body_line
        for m in MENTION.finditer(variant.body):
            alias = m.group(1)
            # Find this occurrence in the file from the body's first line on.
            while line <= len(file_lines) and m.group(0) not in file_lines[line - 1]:
                line += 1
            col = file_lines[line - 1].find(m.group(0)) + 1 if line <= len(file_lines) else 1
            if alias not in people:
                found.append(UnknownMention(alias, min(line, len(file_lines) or 1), col))
    return found


def unknown_message(alias: str, people: Mapping[str, Person]) -> str:
    """The problem text for an unknown ``@{alias}``."""
    where = f"{PEOPLE_FILE} (or 'people:' in schedule.yaml)"
    if not alias:
        return _("'@{{}}' names nobody; write @{{alias}} with an alias from {where}").format(
            where=where
        )
    return _("no person '{alias}' in {where}{suggest}; add them or fix the alias").format(
        alias=alias, where=where, suggest=suggest(alias, people)
    )

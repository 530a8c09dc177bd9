"""JSON Schema (draft 2020-12) for front matter and schedule.yaml, for editors.

Built from the same :class:`~smmgen.fields.Field` declarations the checker
uses (content.py, schedule.py, utm.py and each network's ``settings``; each
field's :class:`~smmgen.fields.Kind` gives its schema), so a key, its type,
default and help text are declared once. Formats that the
checker parses by hand (dates, times, durations) get a pattern here that
accepts what the parser accepts. The schema is a help while typing; ``smmgen
check`` stays the judge (limits, accounts that exist, images …). Descriptions
are in the language in use (smmgen.i18n); the structure is the same in every one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .fields import Field
from .i18n import _

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("front-matter", "schedule")

# What content.parse_publish_at, schedule._time/_date/parse_duration accept.
PUBLISH_AT = (
    r"^\s*([Nn][Oo][Ww]|\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?"
    r"(Z|[+-]\d{2}(:?\d{2})?)?)\s*$"
)
TIME = r"^\s*([01]?\d|2[0-3]):[0-5]?\d\s*$"
DATE = r"^\s*\d{4}-\d{2}-\d{2}\s*$"
DURATION = r"^\s*\d+\s*(m|min|h|d)\s*$"
_WEEKDAYS = (
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


def _weekday_pattern() -> str:
    # ECMA regexes have no inline flags: match each letter in both cases.
    words = ("".join(f"[{c.upper()}{c}]" for c in w) for w in _WEEKDAYS)
    return "^(" + "|".join(words) + ")$"


def field_schema(f: Field, override: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One field as a JSON Schema, with its help text and default."""
    s = f.type.schema()
    if f.choices:
        s["enum"] = list(f.choices)
    if f.minimum is not None:
        s["minimum"] = f.minimum
    s.update(override or {})
    s["description"] = _(f.help).replace("`", "")
    if f.default is not None and not f.required:
        s["default"] = f.default
    return s


def object_schema(
    fields: Mapping[str, Field],
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    extra: Mapping[str, Field] | None = None,
) -> dict[str, Any]:
    """A mapping whose keys are exactly ``fields`` (plus ``extra``)."""
    overrides = overrides or {}
    every = {**fields, **(extra or {})}
    out: dict[str, Any] = {
        "type": "object",
        "properties": {n: field_schema(f, overrides.get(n)) for n, f in every.items()},
        "additionalProperties": False,
    }
    required = [n for n, f in every.items() if f.required]
    if required:
        out["required"] = required
    return out


def _media() -> dict[str, Any]:
    from .content import MEDIA

    return {
        "type": "array",
        "items": {
            "anyOf": [
                {"type": "string", "description": _("image file, relative to the post file")},
                object_schema(MEDIA),
            ]
        },
    }


def front_matter_schema() -> dict[str, Any]:
    """The schema of a post's front matter."""
    from .content import FRONT_MATTER, VARIANT

    media = _media()
    variant = object_schema(VARIANT, {"media": media})
    s = object_schema(
        FRONT_MATTER,
        {
            "publish_at": {"type": "string", "pattern": PUBLISH_AT},
            "networks": {"minItems": 1, "uniqueItems": True},
            "media": media,
            "variants": {"additionalProperties": variant},
        },
    )
    s["not"] = {"required": ["publish_at", "slot"]}
    # Without a time a post must be a draft (front-matter/no-time).
    s["if"] = {"not": {"properties": {"status": {"const": "draft"}}, "required": ["status"]}}
    s["then"] = {"anyOf": [{"required": ["publish_at"]}, {"required": ["slot"]}]}
    return {
        "$schema": DIALECT,
        "title": "smmgen post front matter",
        "description": _("The settings between the two '---' lines at the top of a post file."),
        **s,
    }


def _account() -> dict[str, Any]:
    from .networks import NETWORKS
    from .schedule import ACCOUNT_BASE

    cases = []
    for name, network in NETWORKS.items():
        body = object_schema(
            {"network": ACCOUNT_BASE},
            {"network": {"const": name}},
            extra=network.settings,
        )
        cases.append({"if": _is_network(name), "then": body})
    return {
        "type": "object",
        "properties": {"network": {"enum": list(NETWORKS), "description": _(ACCOUNT_BASE.help)}},
        "required": ["network"],
        "allOf": cases,
    }


def _is_network(name: str) -> dict[str, Any]:
    return {"properties": {"network": {"const": name}}, "required": ["network"]}


def schedule_schema() -> dict[str, Any]:
    """The schema of schedule.yaml."""
    from .schedule import ACTIVE_HOURS, BLACKOUT, INBOX, SCHEDULE, SITE, SLOT
    from .utm import UTM

    weekdays = {"type": "array", "items": {"type": "string", "pattern": _weekday_pattern()}}
    time = {"type": "string", "pattern": TIME}
    date = {"type": "string", "pattern": DATE}
    s = object_schema(
        SCHEDULE,
        {
            "max_delay": {"pattern": DURATION},
            "min_gap": {"pattern": DURATION},
            "accounts": {"additionalProperties": _account()},
            "slots": {
                "additionalProperties": object_schema(
                    SLOT, {"days": weekdays, "times": {"type": "array", "items": time}}
                )
            },
            "blackout": {"items": object_schema(BLACKOUT, {"from": date, "to": date})},
            "utm": object_schema(UTM),
            "site": object_schema(SITE),
            "inbox": object_schema(INBOX),
            "active_hours": object_schema(
                ACTIVE_HOURS,
                {"from": time, "to": time, "every": {"pattern": DURATION}, "days": weekdays},
            ),
        },
    )
    return {
        "$schema": DIALECT,
        "title": "smmgen schedule.yaml",
        "description": _("The editorial plan: accounts, posting slots, blackout days."),
        **s,
    }


def schema(kind: str) -> dict[str, Any]:
    """The schema called ``kind`` (one of :data:`KINDS`)."""
    return front_matter_schema() if kind == "front-matter" else schedule_schema()

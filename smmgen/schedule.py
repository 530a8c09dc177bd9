"""Read ``schedule.yaml``, the editorial plan, into a :class:`~smmgen.model.Schedule`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .fields import Field, check_fields, declare, describe, suggest
from .model import Account, Blackout, Schedule, Slot
from .problems import Problem, decode_utf8, error, warning
from .yamlsrc import YamlDoc, YamlError, load_yaml

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LONG_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_NUMBERS = {name: i for names in (DAYS, _LONG_DAYS) for i, name in enumerate(names)}
_DURATION = re.compile(r"^\s*(\d+)\s*(m|min|h|d)\s*$")

SCHEDULE = declare(
    Field("timezone", "str", "IANA time zone of the plan, e.g. Europe/Berlin", required=True),
    Field("paused", "bool", "`true` stops all publishing (the crisis switch)", False),
    Field("disclosure", "text", "label every sponsored post must carry", "#Anzeige"),
    Field("accounts", "mapping", "account name → `{network: ..., settings}`", required=True),
    Field("slots", "mapping", "slot name → `{days, times, accounts}`"),
    Field("blackout", "list", "dates without publishing: a list of `{from, to, reason}`"),
    Field("max_delay", "str", "how late a run may still publish a post (e.g. `6h`, `90m`)", "6h"),
    Field(
        "min_gap",
        "str",
        "two posts on one account closer than this are a warning; slot posts keep this far "
        "from fixed posts (e.g. `30m`, `2h`)",
        "30m",
    ),
    Field("thread_numbering", "bool", "number thread parts like `1/3`", True),
    Field("utm", "mapping", "UTM parameters added to links (`source`, `medium`, `campaign`)"),
    Field("people", "mapping", "alias → handle per network, for `@{alias}` mentions"),
    Field(
        "active_hours",
        "mapping",
        "when the publish workflow runs on its own: `{from, to, every, days}` "
        "(see `smmgen github cost`); default: around the slot times",
    ),
    Field("site", "mapping", "the preview site of `smmgen build`: `{public: true}` (see below)"),
    Field(
        "stats",
        "mapping",
        "when posts are measured after publishing: `{after, every, until}` "
        "(see `smmgen stats collect`); default: 1h, 24h, 7d, 30d, then every 30d until 365d",
    ),
    Field(
        "inbox",
        "mapping",
        "the community inbox of `smmgen inbox`: `{retention_days, public_issues}` (see below)",
    ),
)

ACTIVE_HOURS = declare(
    Field("from", "any", "first run at or after this local time, `HH:MM`", required=True),
    Field(
        "to",
        "any",
        "no run at or after this local time, `HH:MM` (`00:00`: midnight)",
        required=True,
    ),
    Field("every", "str", "time between runs: 5m, 10m, 15m, 20m, 30m or 60m", "20m"),
    Field("days", "str-list", "weekdays with runs (default: every day)"),
)

INBOX = declare(
    Field(
        "retention_days",
        "int",
        "days an inbox item is kept in `.smmgen-inbox/` before `smmgen inbox purge` "
        "(and every fetch) removes it",
        90,
    ),
    Field(
        "public_issues",
        "bool",
        "`true` lets inbox.yml copy other people's messages into issues of a public "
        "repository; otherwise a public repository gets links and counts only",
        False,
    ),
)

SITE = declare(
    Field(
        "public",
        "bool",
        "`true` lets search engines index the preview site; otherwise every page carries "
        "`noindex` and the site has a `robots.txt` that turns crawlers away",
        False,
    ),
)

SLOT = declare(
    Field("days", "str-list", "weekdays: mon, tue, wed, thu, fri, sat, sun", required=True),
    Field("times", "list", "times of day, `HH:MM`", required=True),
    Field("accounts", "str-list", "accounts this slot posts to", required=True),
)

BLACKOUT = declare(
    Field("from", "any", "first day, YYYY-MM-DD", required=True),
    Field("to", "any", "last day (inclusive), YYYY-MM-DD; defaults to `from`"),
    Field("reason", "text", "why nothing goes out (shown in errors)", required=True),
)

ACCOUNT_BASE = Field("network", "str", "which network this account is on", required=True)


def parse_duration(text: str) -> dt.timedelta | None:
    """``6h`` / ``90m`` / ``1d`` as a timedelta, or None."""
    m = _DURATION.match(text)
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)
    return (
        dt.timedelta(days=n)
        if unit == "d"
        else (dt.timedelta(hours=n) if unit == "h" else dt.timedelta(minutes=n))
    )


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _time(value: Any) -> dt.time | None:
    try:
        return dt.datetime.strptime(str(value).strip(), "%H:%M").time()
    except ValueError:
        return None


def read_schedule(root: Path, file: Path) -> tuple[Schedule | None, list[Problem]]:
    """Parse and check schedule.yaml; returns the schedule (None if unusable)."""
    from .networks import NETWORKS

    problems: list[Problem] = []
    emit = problems.append
    rel = file.relative_to(root).as_posix()
    data = file.read_bytes()
    text = decode_utf8(rel, data, "schedule.yaml")
    if isinstance(text, Problem):
        emit(text)
        return None, problems
    loaded = load_yaml(text)
    if isinstance(loaded, YamlError):
        emit(error(rel, loaded.line, loaded.rule, loaded.message, column=loaded.column))
        return None, problems
    if not isinstance(loaded.value, dict):
        emit(
            error(
                rel,
                1,
                "schedule/not-mapping",
                f"schedule.yaml must be 'key: value' lines, not {describe(loaded.value)}",
            )
        )
        return None, problems
    doc = loaded
    v = check_fields(doc.value, SCHEDULE, doc, (), rel, "schedule", "schedule.yaml", emit)

    tz = v.get("timezone", "UTC")
    if "timezone" in v:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            m = doc.value_mark("timezone")
            emit(
                error(
                    rel,
                    m.line,
                    "schedule/timezone",
                    f"'{tz}' is not a time zone name; use an IANA name like Europe/Berlin"
                    f"{suggest(tz, available_timezones())}",
                    column=m.column,
                )
            )
            tz = "UTC"

    max_delay = parse_duration(v.get("max_delay", "6h"))
    if max_delay is None:
        m = doc.value_mark("max_delay")
        emit(
            error(
                rel,
                m.line,
                "schedule/type",
                f"'max_delay' must look like 6h, 90m or 1d, not '{v['max_delay']}'",
                column=m.column,
            )
        )
        max_delay = dt.timedelta(hours=6)
    min_gap = parse_duration(v.get("min_gap", "30m"))
    if min_gap is None:
        m = doc.value_mark("min_gap")
        emit(
            error(
                rel,
                m.line,
                "schedule/type",
                f"'min_gap' must look like 30m, 2h or 1d, not '{v['min_gap']}'",
                column=m.column,
            )
        )
        min_gap = dt.timedelta(minutes=30)

    accounts: dict[str, Account] = {}
    for name, raw in (v.get("accounts") or {}).items():
        m = doc.mark("accounts", name)
        if not isinstance(raw, dict):
            emit(
                error(
                    rel,
                    m.line,
                    "schedule/type",
                    f"account '{name}' must be a mapping with 'network' and its settings, "
                    f"not {describe(raw)}",
                )
            )
            continue
        net_name = raw.get("network")
        network = NETWORKS.get(net_name) if isinstance(net_name, str) else None
        if network is None:
            line = doc.mark("accounts", name, "network").line if "network" in raw else m.line
            if net_name is None:
                msg = f"account '{name}' needs 'network:' (one of {', '.join(NETWORKS)})"
            else:
                msg = (
                    f"account '{name}': unknown network '{net_name}'; use one of "
                    f"{', '.join(NETWORKS)}{suggest(str(net_name), NETWORKS)}"
                )
            emit(error(rel, line, "schedule/unknown-network", msg))
            continue
        fields = {"network": ACCOUNT_BASE, **network.settings}
        settings = check_fields(
            raw,
            fields,
            doc,
            ("accounts", name),
            rel,
            "schedule",
            f"account '{name}' ({network.title})",
            emit,
        )
        settings.pop("network", None)
        for key, finding in network.check_settings(settings):
            emit(
                (warning if finding.severity == "warning" else error)(
                    rel,
                    doc.mark("accounts", name, key).line,
                    f"{network.name}/{finding.rule}",
                    f"account '{name}': {finding.message}",
                )
            )
        accounts[name] = Account(name, network.name, settings, m.line)

    from .endpoints import check_accounts

    problems.extend(check_accounts(doc, rel, accounts))

    slots: dict[str, Slot] = {}
    for name, raw in (v.get("slots") or {}).items():
        slot = _slot(doc, rel, name, raw, accounts, emit)
        if slot is not None:
            slots[name] = slot

    blackouts = []
    for i, raw in enumerate(v.get("blackout") or []):
        b = _blackout(doc, rel, i, raw, emit)
        if b is not None:
            blackouts.append(b)

    settings = {k: v[k] for k in ("thread_numbering", "utm", "people") if k in v}
    if "inbox" in v:
        settings["inbox"] = check_fields(
            v["inbox"], INBOX, doc, ("inbox",), rel, "schedule", "'inbox'", emit
        )
    if "site" in v:
        settings["site"] = check_fields(
            v["site"], SITE, doc, ("site",), rel, "schedule", "'site'", emit
        )
    if "utm" in v:
        settings["utm"] = _utm(doc, rel, v["utm"], emit)
    if "active_hours" in v:
        hours = _active_hours(doc, rel, v["active_hours"], emit)
        if hours is not None:
            settings["active_hours"] = hours
    if "stats" in v:
        from .stats.due import read_config

        settings["stats"] = read_config(doc, rel, v["stats"], emit)
    from .mentions import read_people

    people, people_problems = read_people(root, doc, rel, v.get("people"), [*NETWORKS, *accounts])
    problems.extend(people_problems)

    schedule = Schedule(
        path=rel,
        timezone=tz,
        paused=v.get("paused", False),
        disclosure=v.get("disclosure", "#Anzeige"),
        accounts=accounts,
        slots=slots,
        blackout=tuple(blackouts),
        max_delay=max_delay,
        min_gap=min_gap,
        settings=settings,
        lines={k: doc.mark(k).line for k in doc.value},
        people=people,
    )
    return schedule, problems


def _active_hours(doc: YamlDoc, rel: str, raw: dict[str, Any], emit: Any) -> Any:
    """The checked ``active_hours:`` as :class:`~smmgen.actions_cost.ActiveHours`, or None."""
    from .actions_cost import EVERY_CHOICES, ActiveHours

    values = check_fields(
        raw, ACTIVE_HOURS, doc, ("active_hours",), rel, "schedule", "'active_hours'", emit
    )
    if {"from", "to"} - values.keys():
        return None
    ok = True
    times = {}
    for key in ("from", "to"):
        parsed = _time(values[key])
        if parsed is None:
            m = doc.value_mark("active_hours", key)
            emit(
                error(
                    rel,
                    m.line,
                    "schedule/active-hours",
                    f"active_hours '{key}': '{values[key]}' is not a time; write HH:MM in "
                    'quotes, e.g. "07:00"',
                    column=m.column,
                )
            )
            ok = False
        times[key] = parsed
    every = parse_duration(str(values.get("every", "20m")))
    minutes = int(every.total_seconds() // 60) if every is not None else 0
    if minutes not in EVERY_CHOICES:
        m = doc.value_mark("active_hours", "every") if "every" in raw else doc.mark("active_hours")
        emit(
            error(
                rel,
                m.line,
                "schedule/active-hours",
                f"active_hours 'every': '{values.get('every')}' must be one of "
                + ", ".join(f"{n}m" for n in EVERY_CHOICES)
                + " (GitHub runs a schedule at most every 5 minutes)",
                column=m.column,
            )
        )
        ok = False
    days = []
    for i, d in enumerate(values.get("days") or DAYS):
        if d.lower() in DAY_NUMBERS:
            days.append(DAY_NUMBERS[d.lower()])
        else:
            dm = doc.mark("active_hours", "days", i)
            emit(
                error(
                    rel,
                    dm.line,
                    "schedule/active-hours",
                    f"active_hours: '{d}' is not a weekday; use mon, tue, wed, thu, fri, sat "
                    "or sun",
                    column=dm.column,
                )
            )
            ok = False
    start, end = times["from"], times["to"]
    if ok and start is not None and end is not None and end != dt.time(0) and end <= start:
        m = doc.value_mark("active_hours", "to")
        emit(
            error(
                rel,
                m.line,
                "schedule/active-hours",
                f"active_hours: 'to' ({end:%H:%M}) must be after 'from' ({start:%H:%M})",
                column=m.column,
            )
        )
        ok = False
    if not ok or start is None or end is None:
        return None
    return ActiveHours(start, end, minutes, tuple(sorted(set(days))))


def _utm(doc: YamlDoc, rel: str, raw: dict[str, Any], emit: Any) -> dict[str, Any]:
    """The checked ``utm:`` settings (see smmgen/utm.py), defaults filled in."""
    from .utm import PLACEHOLDERS, UTM, bad_placeholders

    values = check_fields(raw, UTM, doc, ("utm",), rel, "schedule", "'utm'", emit)
    for key, value in list(values.items()):
        if not isinstance(value, str):
            continue
        bad = bad_placeholders(value)
        if bad:
            m = doc.value_mark("utm", key)
            emit(
                error(
                    rel,
                    m.line,
                    "schedule/utm",
                    f"utm '{key}': unknown placeholder '{{{bad[0]}}}'; use "
                    + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS),
                    column=m.column,
                )
            )
            del values[key]
    for i, domain in enumerate(values.get("domains", [])):
        if "/" in domain or not domain.strip(". "):
            m = doc.value_mark("utm", "domains", i)
            emit(
                error(
                    rel,
                    m.line,
                    "schedule/utm",
                    f"utm domains: '{domain}' is not a domain; write just the host, "
                    "e.g. example.com",
                    column=m.column,
                )
            )
    return values


def _slot(
    doc: YamlDoc, rel: str, name: str, raw: Any, accounts: dict[str, Account], emit: Any
) -> Slot | None:
    m = doc.mark("slots", name)
    if not isinstance(raw, dict):
        emit(
            error(
                rel,
                m.line,
                "schedule/type",
                f"slot '{name}' must be a mapping with days, times and accounts",
            )
        )
        return None
    s = check_fields(raw, SLOT, doc, ("slots", name), rel, "schedule", f"slot '{name}'", emit)
    days = []
    for i, d in enumerate(s.get("days", [])):
        if d.lower() in DAY_NUMBERS:
            days.append(DAY_NUMBERS[d.lower()])
        else:
            dm = doc.mark("slots", name, "days", i)
            emit(
                error(
                    rel,
                    dm.line,
                    "schedule/slot-day",
                    f"slot '{name}': '{d}' is not a weekday; use mon, tue, wed, thu, fri, "
                    "sat or sun",
                    column=dm.column,
                )
            )
    times = []
    for i, t in enumerate(s.get("times", [])):
        parsed = _time(t)
        if parsed is None:
            tm = doc.mark("slots", name, "times", i)
            emit(
                error(
                    rel,
                    tm.line,
                    "schedule/slot-time",
                    f"slot '{name}': '{t}' is not a time; write HH:MM in quotes, e.g. \"09:30\"",
                    column=tm.column,
                )
            )
        else:
            times.append(parsed)
    for i, acc in enumerate(s.get("accounts", [])):
        if acc not in accounts:
            am = doc.mark("slots", name, "accounts", i)
            emit(
                error(
                    rel,
                    am.line,
                    "schedule/unknown-account",
                    f"slot '{name}': no account '{acc}' in 'accounts'{suggest(acc, accounts)}",
                    column=am.column,
                )
            )
    return Slot(
        name,
        tuple(sorted(set(days))),
        tuple(sorted(set(times))),
        tuple(s.get("accounts", [])),
        m.line,
    )


def _blackout(doc: YamlDoc, rel: str, i: int, raw: Any, emit: Any) -> Blackout | None:
    m = doc.mark("blackout", i)
    if not isinstance(raw, dict):
        emit(
            error(
                rel,
                m.line,
                "schedule/type",
                "each blackout entry must be a mapping with from, to and reason",
            )
        )
        return None
    b = check_fields(raw, BLACKOUT, doc, ("blackout", i), rel, "schedule", "a blackout entry", emit)
    if "from" not in b or "reason" not in b:
        return None
    start = _date(b["from"])
    end = _date(b.get("to", b["from"]))
    for key, val in (("from", start), ("to", end)):
        if val is None and key in b:
            vm = doc.value_mark("blackout", i, key)
            emit(
                error(
                    rel,
                    vm.line,
                    "schedule/blackout-date",
                    f"blackout '{key}' must be a date YYYY-MM-DD, not {describe(b[key])}",
                    column=vm.column,
                )
            )
    if start is None or end is None:
        return None
    if end < start:
        emit(
            error(
                rel,
                m.line,
                "schedule/blackout-date",
                f"blackout ends ({end}) before it starts ({start})",
            )
        )
        return None
    return Blackout(start, end, str(b["reason"]), m.line)

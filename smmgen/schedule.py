"""Read ``schedule.yaml``, the editorial plan, into a :class:`~smmgen.model.Schedule`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .durations import parse_duration as parse_duration  # read here by callers
from .fields import Emit, Field, KeyPath, Source, check_fields, declare, describe, suggest
from .i18n import N_, _
from .model import Account, Blackout, Schedule, Slot
from .problems import Problem, decode_utf8, error, warning
from .yamlsrc import YamlDoc, YamlError, load_yaml

_HOUR_MINUTE = re.compile(r"(\d\d?):(\d\d?)", re.ASCII)

if TYPE_CHECKING:
    from .actions_cost import ActiveHours
    from .networks.base import Network

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LONG_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_NUMBERS = {name: i for names in (DAYS, _LONG_DAYS) for i, name in enumerate(names)}

SCHEDULE = declare(
    Field("timezone", "str", N_("IANA time zone of the plan, e.g. Europe/Berlin"), required=True),
    Field("paused", "bool", "`true` stops all publishing (the crisis switch)", False),
    Field("disclosure", "text", "label every sponsored post must carry", "#Anzeige"),
    Field(
        "ui_language",
        "str",
        "language of smmgen's messages, preview site and PR comment (`LANG` when not set)",
        choices=("en", "de"),
    ),
    Field("accounts", "mapping", N_("account name → `{network: ..., settings}`"), required=True),
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
        "the community inbox of `smmgen inbox`: `{retention_days, public_issues, fast_replies}` "
        "(see below)",
    ),
)

ACTIVE_HOURS = declare(
    Field("from", "any", N_("first run at or after this local time, `HH:MM`"), required=True),
    Field(
        "to",
        "any",
        N_("no run at or after this local time, `HH:MM` (`00:00`: midnight)"),
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
    Field(
        "fast_replies",
        "bool",
        "`true` lets a code owner of `replies/` send `/reply TEXT` on an inbox issue at once "
        "(checked, sent exactly once, recorded in the ledger) instead of opening a pull request",
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
    Field("days", "str-list", N_("weekdays: mon, tue, wed, thu, fri, sat, sun"), required=True),
    Field("times", "list", N_("times of day, `HH:MM`"), required=True),
    Field("accounts", "str-list", N_("accounts this slot posts to"), required=True),
)

BLACKOUT = declare(
    Field("from", "any", N_("first day, YYYY-MM-DD"), required=True),
    Field("to", "any", "last day (inclusive), YYYY-MM-DD; defaults to `from`"),
    Field("reason", "text", N_("why nothing goes out (shown in errors)"), required=True),
)

ACCOUNT_BASE = Field("network", "str", N_("which network this account is on"), required=True)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _time(value: Any) -> dt.time | None:
    # What strptime's "%H:%M" takes (hours and minutes of one or two digits), without
    # importing strptime's machinery on every check.
    found = _HOUR_MINUTE.fullmatch(str(value).strip())
    if found is None:
        return None
    try:
        return dt.time(int(found[1]), int(found[2]))
    except ValueError:
        return None


def read_schedule(
    root: Path, file: Path, data: bytes | None = None
) -> tuple[Schedule | None, list[Problem]]:
    """Parse and check schedule.yaml (``data``: its bytes, if already read); returns the
    schedule (None if unusable)."""
    from .endpoints import check_accounts
    from .mentions import read_people
    from .networks import NETWORKS

    problems: list[Problem] = []
    rel = file.relative_to(root).as_posix()
    doc = _load(rel, file.read_bytes() if data is None else data, problems.append)
    if doc is None:
        return None, problems
    src = Source(doc, rel, "schedule", problems.append)
    v = check_fields(doc.value, SCHEDULE, src, (), "schedule.yaml")
    tz = _timezone(src, v)
    max_delay = _duration(src, v, "max_delay", dt.timedelta(hours=6))
    min_gap = _duration(src, v, "min_gap", dt.timedelta(minutes=30))
    accounts = _accounts(src, v.get("accounts") or {})
    problems.extend(check_accounts(doc, rel, accounts))
    slots = {
        name: slot
        for name, raw in (v.get("slots") or {}).items()
        if (slot := _slot(src, name, raw, accounts)) is not None
    }
    blackouts = [
        b
        for i, raw in enumerate(v.get("blackout") or [])
        if (b := _blackout(src, i, raw)) is not None
    ]
    settings = _settings(src, v)
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


def _load(rel: str, data: bytes, emit: Emit) -> YamlDoc | None:
    """schedule.yaml as a YAML mapping, or None after reporting why it is not one."""
    text = decode_utf8(rel, data, "schedule.yaml")
    if isinstance(text, Problem):
        emit(text)
        return None
    loaded = load_yaml(text)
    if isinstance(loaded, YamlError):
        emit(error(rel, loaded.line, loaded.rule, loaded.message, column=loaded.column))
        return None
    if not isinstance(loaded.value, dict):
        emit(
            error(
                rel,
                1,
                "schedule/not-mapping",
                _("schedule.yaml must be 'key: value' lines, not {describe}").format(
                    describe=describe(loaded.value)
                ),
            )
        )
        return None
    return loaded


def _timezone(src: Source, values: dict[str, Any]) -> str:
    """The plan's time zone; UTC when it is missing or not a zone name."""
    tz: str = values.get("timezone", "UTC")
    if "timezone" not in values:
        return tz
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        src.at_value(
            ("timezone",),
            "schedule/timezone",
            _(
                "'{tz}' is not a time zone name; use an IANA name like Europe/Berlin{suggest}"
            ).format(tz=tz, suggest=suggest(tz, available_timezones())),
        )
        return "UTC"
    return tz


_DURATION_MESSAGES = {
    "max_delay": N_("'max_delay' must look like 6h, 90m or 1d, not '{value}'"),
    "min_gap": N_("'min_gap' must look like 30m, 2h or 1d, not '{value}'"),
}


def _duration(src: Source, values: dict[str, Any], key: str, default: dt.timedelta) -> dt.timedelta:
    """The duration at ``key`` (its field default if missing), ``default`` if unreadable."""
    text = values.get(key, SCHEDULE[key].default)
    parsed = parse_duration(text)
    if parsed is not None:
        return parsed
    src.at_value((key,), "schedule/type", _(_DURATION_MESSAGES[key]).format(value=text))
    return default


def _accounts(src: Source, raw: dict[str, Any]) -> dict[str, Account]:
    """The accounts whose entry names a known network, settings checked."""
    accounts: dict[str, Account] = {}
    for name, entry in raw.items():
        if not isinstance(entry, dict):
            src.at_key(
                ("accounts", name),
                "schedule/type",
                _(
                    "account '{name}' must be a mapping with 'network' and its "
                    "settings, not {describe}"
                ).format(name=name, describe=describe(entry)),
                column=False,
            )
            continue
        account = _account(src, name, entry)
        if account is not None:
            accounts[name] = account
    return accounts


def _account(src: Source, name: str, raw: dict[str, Any]) -> Account | None:
    """One account: its network's settings checked, by the fields and by the network."""
    network = _network_of(src, name, raw)
    if network is None:
        return None
    at = ("accounts", name)
    fields = {"network": ACCOUNT_BASE, **network.settings}
    settings = check_fields(
        raw,
        fields,
        src,
        at,
        _("account '{name}' ({network})").format(name=name, network=_(network.title)),
    )
    settings.pop("network", None)
    for key, finding in network.check_settings(settings):
        src.emit(
            (warning if finding.severity == "warning" else error)(
                src.path,
                src.doc.mark(*at, key).line,
                f"{network.name}/{finding.rule}",
                f"account '{name}': {finding.message}",
            )
        )
    return Account(name, network.name, settings, src.doc.mark(*at).line)


def _network_of(src: Source, name: str, raw: dict[str, Any]) -> Network | None:
    """The network an account entry names, or None after reporting a missing or unknown one."""
    from .networks import NETWORKS

    net_name = raw.get("network")
    network = NETWORKS.get(net_name) if isinstance(net_name, str) else None
    if network is not None:
        return network
    if net_name is None:
        msg = _("account '{name}' needs 'network:' (one of {items})").format(
            name=name, items=", ".join(NETWORKS)
        )
    else:
        msg = _(
            "account '{name}': unknown network '{net_name}'; use one of {items}{suggest}"
        ).format(
            name=name,
            net_name=net_name,
            items=", ".join(NETWORKS),
            suggest=suggest(str(net_name), NETWORKS),
        )
    src.at_key(("accounts", name, "network"), "schedule/unknown-network", msg, column=False)
    return None


def _settings(src: Source, values: dict[str, Any]) -> dict[str, Any]:
    """The optional sections (thread numbering, UTM, people, inbox, site, hours, stats)."""
    settings: dict[str, Any] = {
        k: values[k] for k in ("thread_numbering", "utm", "people") if k in values
    }
    if "inbox" in values:
        settings["inbox"] = check_fields(values["inbox"], INBOX, src, ("inbox",), "'inbox'")
    if "site" in values:
        settings["site"] = check_fields(values["site"], SITE, src, ("site",), "'site'")
    if "utm" in values:
        settings["utm"] = _utm(src, values["utm"])
    if "active_hours" in values:
        hours = _active_hours(src, values["active_hours"])
        if hours is not None:
            settings["active_hours"] = hours
    if "stats" in values:
        from .stats.due import read_config

        settings["stats"] = read_config(src.doc, src.path, values["stats"], src.emit)
    return settings


def _weekdays(
    src: Source, at: KeyPath, days: Sequence[str], rule: str, where: str
) -> tuple[list[int], bool]:
    """The numbers of the weekdays in ``days``, and whether all of them were weekdays.

    Each that is not is reported; ``where`` starts the message.
    """
    numbers: list[int] = []
    for i, day in enumerate(days):
        if day.lower() in DAY_NUMBERS:
            numbers.append(DAY_NUMBERS[day.lower()])
        else:
            src.at_key((*at, i), rule, _(_NOT_A_WEEKDAY).format(where=where, day=day))
    return numbers, len(numbers) == len(days)


_NOT_A_WEEKDAY = N_("{where}: '{day}' is not a weekday; use mon, tue, wed, thu, fri, sat or sun")


def _active_hours(src: Source, raw: dict[str, Any]) -> ActiveHours | None:
    """The checked ``active_hours:`` as :class:`~smmgen.actions_cost.ActiveHours`, or None."""
    from .actions_cost import ActiveHours

    at = ("active_hours",)
    values = check_fields(raw, ACTIVE_HOURS, src, at, "'active_hours'")
    if {"from", "to"} - values.keys():
        return None
    rule = "schedule/active-hours"
    start, end = (_hour(src, values, key) for key in ("from", "to"))
    minutes = _every(src, raw, values)
    days, all_days = _weekdays(src, (*at, "days"), values.get("days") or DAYS, rule, "active_hours")
    if start is None or end is None or minutes is None or not all_days:
        return None
    if end != dt.time(0) and end <= start:
        src.at_value(
            (*at, "to"),
            rule,
            _("active_hours: 'to' ({end:%H:%M}) must be after 'from' ({start:%H:%M})").format(
                end=end, start=start
            ),
        )
        return None
    return ActiveHours(start, end, minutes, tuple(sorted(set(days))))


def _hour(src: Source, values: dict[str, Any], key: str) -> dt.time | None:
    """``active_hours`` ``from`` or ``to`` as a time, or None after reporting it."""
    parsed = _time(values[key])
    if parsed is None:
        src.at_value(
            ("active_hours", key),
            "schedule/active-hours",
            _(
                "active_hours '{key}': '{values}' is not a time; write HH:MM "
                'in quotes, e.g. "07:00"'
            ).format(key=key, values=values[key]),
        )
    return parsed


def _every(src: Source, raw: dict[str, Any], values: dict[str, Any]) -> int | None:
    """Minutes between runs of ``active_hours``, or None after reporting a step GitHub lacks."""
    from .actions_cost import EVERY_CHOICES

    every = parse_duration(str(values.get("every", "20m")))
    minutes = int(every.total_seconds() // 60) if every is not None else 0
    if minutes in EVERY_CHOICES:
        return minutes
    message = (
        "active_hours 'every': '{every}' must be one of {choices} "
        "(GitHub runs a schedule at most every 5 minutes)"
    ).format(every=values.get("every"), choices=", ".join(f"{n}m" for n in EVERY_CHOICES))
    if "every" in raw:
        src.at_value(("active_hours", "every"), "schedule/active-hours", message)
    else:
        src.at_key(("active_hours",), "schedule/active-hours", message)
    return None


def _slot_times(src: Source, name: str, times: list[Any]) -> list[dt.time]:
    """A slot's times of day that read as ``HH:MM``; each other one is reported."""
    parsed: list[dt.time] = []
    for i, value in enumerate(times):
        t = _time(value)
        if t is not None:
            parsed.append(t)
            continue
        src.at_key(
            ("slots", name, "times", i),
            "schedule/slot-time",
            _(
                "slot '{name}': '{value}' is not a time; write HH:MM in quotes, e.g. \"09:30\""
            ).format(name=name, value=value),
        )
    return parsed


def _utm(src: Source, raw: dict[str, Any]) -> dict[str, Any]:
    """The checked ``utm:`` settings (see smmgen/utm.py), defaults filled in."""
    from .utm import PLACEHOLDERS, UTM, bad_placeholders

    values = check_fields(raw, UTM, src, ("utm",), "'utm'")
    placeholders = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
    for key, value in list(values.items()):
        bad = bad_placeholders(value) if isinstance(value, str) else None
        if bad:
            src.at_value(
                ("utm", key),
                "schedule/utm",
                _("utm '{key}': unknown placeholder '{{{bad}}}'; use {placeholders}").format(
                    key=key, bad=bad[0], placeholders=placeholders
                ),
            )
            del values[key]
    for i, domain in enumerate(values.get("domains", [])):
        if "/" in domain or not domain.strip(". "):
            src.at_value(
                ("utm", "domains", i),
                "schedule/utm",
                _(
                    "utm domains: '{domain}' is not a domain; write just the host, e.g. example.com"
                ).format(domain=domain),
            )
    return values


def _slot(src: Source, name: str, raw: Any, accounts: dict[str, Account]) -> Slot | None:
    """One posting slot: weekdays, times of day and accounts that exist."""
    at = ("slots", name)
    line = src.doc.mark(*at).line
    if not isinstance(raw, dict):
        src.at_key(
            at,
            "schedule/type",
            _("slot '{name}' must be a mapping with days, times and accounts").format(name=name),
            column=False,
        )
        return None
    s = check_fields(raw, SLOT, src, at, _("slot '{name}'").format(name=name))
    days, _unused = _weekdays(
        src,
        (*at, "days"),
        s.get("days", []),
        "schedule/slot-day",
        _("slot '{name}'").format(name=name),
    )
    times = _slot_times(src, name, s.get("times", []))
    for i, acc in enumerate(s.get("accounts", [])):
        if acc not in accounts:
            src.at_key(
                (*at, "accounts", i),
                "schedule/unknown-account",
                _("slot '{name}': no account '{acc}' in 'accounts'{suggest}").format(
                    name=name, acc=acc, suggest=suggest(acc, accounts)
                ),
            )
    return Slot(
        name,
        tuple(sorted(set(days))),
        tuple(sorted(set(times))),
        tuple(s.get("accounts", [])),
        line,
    )


def _blackout(src: Source, i: int, raw: Any) -> Blackout | None:
    """One blackout entry: from, to (inclusive, default ``from``) and reason."""
    at = ("blackout", i)
    line = src.doc.mark(*at).line
    if not isinstance(raw, dict):
        src.at_key(
            at,
            "schedule/type",
            _("each blackout entry must be a mapping with from, to and reason"),
            column=False,
        )
        return None
    b = check_fields(raw, BLACKOUT, src, at, _("a blackout entry"))
    if "from" not in b or "reason" not in b:
        return None
    start = _date(b["from"])
    end = _date(b.get("to", b["from"]))
    for key, val in (("from", start), ("to", end)):
        if val is None and key in b:
            src.at_value(
                (*at, key),
                "schedule/blackout-date",
                _("blackout '{key}' must be a date YYYY-MM-DD, not {describe}").format(
                    key=key, describe=describe(b[key])
                ),
            )
    if start is None or end is None:
        return None
    if end < start:
        src.at_key(
            at,
            "schedule/blackout-date",
            _("blackout ends ({end}) before it starts ({start})").format(end=end, start=start),
            column=False,
        )
        return None
    return Blackout(start, end, str(b["reason"]), line)

"""What is due: the decaying measurement schedule (``stats:`` in schedule.yaml).

Each post is measured at fixed ages after publishing — by default 1 h, 24 h,
7 d and 30 d, then every 30 days until a year — because most engagement
arrives early, and so the repository stays small (1,000 posts over two years
stay well under 5 MB of CSV). A run measures a post when it has passed a
checkpoint that no snapshot covers yet; checkpoints missed between runs are
not made up (one row for the latest one), and a deleted post is never asked
for again.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from ..durations import parse_duration
from ..fields import Field, Source, check_fields, declare
from ..i18n import _
from ..problems import error
from ..yamlsrc import YamlDoc
from .store import Row

STATS = declare(
    Field(
        "after",
        "str-list",
        "measure each post this long after publishing (e.g. `[1h, 24h, 7d, 30d]`)",
    ),
    Field("every", "str", "after the last of those, measure again this often", "30d"),
    Field("until", "str", "stop measuring a post this long after publishing", "365d"),
)
DEFAULT_AFTER = ("1h", "24h", "7d", "30d")


@dataclass(frozen=True)
class Checkpoints:
    """The ages at which a post is measured, with their labels (``1h``, ``60d``)."""

    ages: tuple[tuple[str, dt.timedelta], ...]  # ascending (see checkpoints)

    def latest(self, age: dt.timedelta) -> tuple[str, dt.timedelta] | None:
        """The last checkpoint an ``age`` has passed, or None before the first."""
        passed = bisect_right(self.ages, age, key=itemgetter(1))
        return self.ages[passed - 1] if passed else None


def label(delta: dt.timedelta) -> str:
    """``1h``, ``24h``, ``7d``, ``90m``: the shortest exact way to write ``delta``."""
    minutes = int(delta.total_seconds() // 60)
    if minutes % (24 * 60) == 0 and minutes >= 48 * 60:
        return f"{minutes // (24 * 60)}d"
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


def checkpoints(
    after: Iterable[dt.timedelta], every: dt.timedelta, until: dt.timedelta
) -> Checkpoints:
    """The checkpoints: ``after`` (sorted), then every ``every`` up to ``until``."""
    ages = sorted({a for a in after if a <= until})
    if every > dt.timedelta(0):
        last = ages[-1] if ages else dt.timedelta(0)
        step = last + every
        while step <= until:
            ages.append(step)
            step += every
    return Checkpoints(tuple((label(a), a) for a in ages))


DEFAULT = checkpoints(
    (parse_duration(a) or dt.timedelta(0) for a in DEFAULT_AFTER),
    dt.timedelta(days=30),
    dt.timedelta(days=365),
)


def read_config(doc: YamlDoc, rel: str, raw: dict[str, Any], emit: Any) -> Checkpoints:
    """``stats:`` from schedule.yaml, checked (problems with file and line)."""
    values = check_fields(raw, STATS, Source(doc, rel, "schedule", emit), ("stats",), "'stats'")

    def duration(key: str, text: Any, *path: Any) -> dt.timedelta | None:
        parsed = parse_duration(str(text))
        if parsed is None or parsed <= dt.timedelta(0):
            m = doc.value_mark("stats", key, *path)
            emit(
                error(
                    rel,
                    m.line,
                    "schedule/stats",
                    _("stats '{key}': '{text}' is not a duration; write e.g. 1h, 24h or 7d").format(
                        key=key, text=text
                    ),
                    column=m.column,
                )
            )
            return None
        return parsed

    after = [
        d
        for i, text in enumerate(values.get("after", DEFAULT_AFTER))
        if (d := duration("after", text, *((i,) if "after" in values else ()))) is not None
    ]
    every = duration("every", values["every"]) if "every" in values else dt.timedelta(days=30)
    until = duration("until", values["until"]) if "until" in values else dt.timedelta(days=365)
    return checkpoints(after, every or dt.timedelta(days=30), until or dt.timedelta(days=365))


@dataclass(frozen=True)
class Published:
    """A post on an account with a network id, from the ledger."""

    post: str
    account: str
    network: str
    remote_id: str
    key: str
    at: dt.datetime  # when it was published (UTC)
    parts: tuple[str, ...] = ()  # a thread's parts' ids, as the ledger recorded them


@dataclass(frozen=True)
class Due:
    """A post to measure now, and which checkpoint the row stands for."""

    item: Published
    checkpoint: str


def due(
    items: Iterable[Published],
    rows: Iterable[Row],
    schedule: Checkpoints,
    at: dt.datetime,
) -> list[Due]:
    """The posts whose latest passed checkpoint no snapshot covers yet."""
    last: dict[tuple[str, str], dt.datetime] = {}
    gone: set[tuple[str, str]] = set()
    for row in rows:
        if not row.post:
            continue
        key = (row.post, row.account)
        if row.status == "deleted":
            gone.add(key)
        if key not in last or row.at > last[key]:
            last[key] = row.at
    out = []
    for item in items:
        key = (item.post, item.account)
        if key in gone:
            continue
        reached = schedule.latest(at - item.at)
        if reached is None:
            continue
        since = last.get(key)
        if since is None or since < item.at + reached[1]:
            out.append(Due(item, reached[0]))
    return out


def published(
    records_by_key: Mapping[tuple[str, str], Any], networks: Mapping[str, str]
) -> list[Published]:
    """Every published post with a network id, from the folded ledger.

    ``networks`` maps account name → network (accounts no longer in
    schedule.yaml are left out: there is nothing to read them with).
    """
    out = []
    for (post, account), status in sorted(records_by_key.items()):
        record = status.published
        if record is None or not record.remote_id or account not in networks:
            continue
        try:
            when = dt.datetime.fromisoformat(record.at)
        except ValueError:
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        out.append(
            Published(
                post,
                account,
                networks[account],
                record.remote_id,
                record.key,
                when,
                tuple(record.parts or ()),
            )
        )
    return out

"""What `check` says about time: posts whose time has passed without them going out,
and posts on one account closer together than ``min_gap``.

These depend on the clock and the ledger, so they are not part of the per-file
check (whose results are cached); each post's few facts (its time, line and
accounts) are, as its *timing*.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .i18n import _
from .ledger import Record, Status, parse
from .model import Post, Schedule
from .problems import Problem, error, warning
from .repo import post_id

# Records of bundled example posts, as if published: read by this check only (never by
# plan or publish), so example content stays valid on any date. Delete it with them.
EXAMPLES_FILE = "state/examples.jsonl"


def example_records(root: Path) -> list[Record]:
    """The records of :data:`EXAMPLES_FILE` (none when it is absent)."""
    try:
        return parse((root / EXAMPLES_FILE).read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return []


def timing_of(post: Post, schedule: Schedule) -> str:
    """A ready post's fixed time (UTC), ``publish_at`` line and accounts, as text for
    the cache; "" for drafts, slot posts and ``publish_at: now``."""
    if post.status != "ready" or post.publish_now:
        return ""
    when = post.fixed_time(ZoneInfo(schedule.timezone))
    if when is None:
        return ""
    at = when.astimezone(dt.UTC).isoformat(timespec="seconds")  # 25 characters
    return json.dumps([at, post.line_of("publish_at"), list(post.networks)], ensure_ascii=False)


Timed = tuple[str, dt.datetime, int, list[str]]  # path, time, line, accounts


def _parse(timings: Mapping[str, str]) -> list[Timed]:
    paths = [path for path, text in timings.items() if text]
    out: list[Timed] = []
    for path, value in zip(paths, _values([timings[p] for p in paths]), strict=True):
        try:
            at, line, accounts = value
            out.append((path, dt.datetime.fromisoformat(at), int(line), list(accounts)))
        except (ValueError, TypeError):
            continue  # a damaged cache line: the file is checked again next time
    return out


def _values(texts: list[str]) -> list[Any]:
    """Each text's JSON value (None if damaged): one parse for all, as the cache does."""
    with contextlib.suppress(ValueError):
        values = json.loads(f"[{','.join(texts)}]")
        if len(values) == len(texts):
            return list(values)
    out: list[Any] = []
    for text in texts:
        try:
            out.append(json.loads(text))
        except ValueError:
            out.append(None)
    return out


def upcoming(timings: Mapping[str, str], at: dt.datetime) -> Iterator[tuple[str, dt.datetime, int]]:
    """(path, time, line) of the posts whose fixed time is still to come at ``at``.

    Read when first asked for: without a publish workflow nobody asks.
    """
    now = at.astimezone(dt.UTC).isoformat(timespec="seconds")
    future = {p: t for p, t in timings.items() if t and t[2:27] > now}
    for path, when, line, _accounts in _parse(future):
        yield path, when, line


def duration(delta: dt.timedelta) -> str:
    """``3d``, ``2h30m``, ``45m``."""
    minutes = int(delta.total_seconds() // 60)
    if minutes >= 48 * 60:
        return f"{minutes // 1440}d"
    if minutes >= 60:
        return f"{minutes // 60}h{minutes % 60:02d}m" if minutes % 60 else f"{minutes // 60}h"
    return f"{minutes}m"


def time_problems(
    schedule: Schedule,
    timings: Mapping[str, str],
    at: dt.datetime,
    ledger: Callable[[], Mapping[tuple[str, str], Status]],
) -> list[Problem]:
    """Problems at time ``at`` (aware). ``ledger`` is read only when a post's time passed."""
    # The cached text starts with the time as UTC ISO 8601 (always 25 characters), so
    # the past is found by comparing text; only what is reported is parsed.
    now = at.astimezone(dt.UTC).isoformat(timespec="seconds")
    past_texts = {p: t for p, t in timings.items() if t and t[2:27] <= now}
    problems: list[Problem] = []
    past = _parse(past_texts)
    status = ledger() if past else {}
    for path, when, line, accounts in past:
        pid = post_id(path)
        waiting = []
        for account in accounts:
            if account not in schedule.accounts:
                continue  # reported as post/unknown-account
            s = status.get((pid, account))
            if s is None or (s.published is None and s.claim is None):
                waiting.append(account)
        if not waiting:
            continue
        problems.append(_passed(schedule, path, line, pid, at - when, when, waiting))
    if schedule.min_gap > dt.timedelta(0):
        future = {p: t for p, t in timings.items() if t and p not in past_texts}
        problems.extend(gap_problems(schedule, _parse(future)))
    return problems


def _passed(
    schedule: Schedule,
    path: str,
    line: int,
    pid: str,
    late: dt.timedelta,
    when: dt.datetime,
    waiting: list[str],
) -> Problem:
    """The problem of a post whose time passed ``late`` ago without it going out on
    ``waiting``: a warning within max_delay, an error after it."""
    local = when.astimezone(ZoneInfo(schedule.timezone)).strftime("%Y-%m-%d %H:%M")
    values = {
        "time": local,
        "late": duration(late),
        "accounts": ", ".join(waiting),
        "max_delay": duration(schedule.max_delay),
        "command": f"smmgen publish --include-missed {pid}",
    }
    if late <= schedule.max_delay:
        return warning(
            path,
            line,
            "post/overdue",
            _(
                "publish_at {time} has passed ({late} ago) and the post has not gone "
                "out on {accounts} yet; it goes out at the next run (within max_delay "
                "{max_delay})"
            ).format(**values),
        )
    return error(
        path,
        line,
        "post/missed",
        _(
            "publish_at {time} has passed ({late} ago, more than max_delay "
            "{max_delay}) and the post has not gone out on {accounts}, so it would "
            "be held as missed forever; set a new publish_at, or send it anyway "
            "with {command}"
        ).format(**values),
    )


def gap_problems(schedule: Schedule, timed: list[Timed]) -> list[Problem]:
    """A warning on each post that follows another on its account within ``min_gap``."""
    gap = schedule.min_gap
    if gap <= dt.timedelta(0):
        return []
    tz = ZoneInfo(schedule.timezone)
    by_account: dict[str, list[tuple[dt.datetime, str, int]]] = {}
    for path, when, line, accounts in timed:
        for account in accounts:
            if account in schedule.accounts:
                by_account.setdefault(account, []).append((when, path, line))
    out: list[Problem] = []
    for account, items in by_account.items():
        items.sort()
        for (t0, p0, _line0), (t1, p1, l1) in pairwise(items):
            if t1 - t0 < gap:
                out.append(
                    warning(
                        p1,
                        l1,
                        "post/too-close",
                        _(
                            "{account}: {duration} after {p0} ({astimezone:%Y-%m-%d "
                            "%H:%M}); min_gap is {duration2}: move one of them"
                        ).format(
                            account=account,
                            duration=duration(t1 - t0),
                            p0=p0,
                            astimezone=t0.astimezone(tz),
                            duration2=duration(gap),
                        ),
                        account=account,
                    )
                )
    return out


def parse_time(
    text: str | None, timezone: str, now: dt.datetime | None = None
) -> dt.datetime | None:
    """``--at``: ``YYYY-MM-DD HH:MM`` in the plan's zone, or ISO 8601 with offset; else None.

    Without text: ``now`` (the wall clock when not given).
    """
    from .content import parse_publish_at

    tz = ZoneInfo(timezone)
    if text is None or text.strip().lower() == "now":
        return (now or dt.datetime.now(dt.UTC)).astimezone(tz)
    parsed, _offset, problem = parse_publish_at(text)
    if parsed is None or problem is not None:
        return None
    return parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed.astimezone(tz)


def resolve_at(text: str | None, timezone: str) -> dt.datetime:
    """The time an ``--at`` (or ``$SMMGEN_AT``) names, in ``timezone``; now when not given.

    Every command that plans or checks as of a time reads it here; text that is
    not a time is a usage error (exit 2).
    """
    from .errors import ConfigError

    at = parse_time(text, timezone)
    if at is None:
        raise ConfigError(
            _("--at '{text}' is not a time; write 'YYYY-MM-DD HH:MM'").format(text=text)
        )
    return at

"""What is due, upcoming or held back, per account: a pure function of its inputs.

``make_plan(posts, schedule, ledger, at, ...)`` reads nothing and writes
nothing; the caller supplies git facts (when each post file was added), check
results and which credentials are missing. The same inputs give the same plan.

Slot queues work like Buffer's: the posts of a slot, per account, take the
slot's occurrences in order (date the file was added to git, then path), one
post per occurrence, skipping blackout days. Occurrences already used by a
claim or a send in the ledger stay with their post; the others are filled
from ``at - max_delay`` on, so a run inside the delay window still finds the
post where the previous run put it, and a post whose occurrence passed
without a run (paused, failed) moves on to the next free one.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from zoneinfo import ZoneInfo

from .i18n import _
from .ledger import ClaimState, Event, Record, Status
from .model import Blackout, Post, Schedule, Slot
from .secrets import missing_message
from .timing import duration
from .timing import parse_time as parse_time  # read here by callers
from .timing import resolve_at as resolve_at


class State(StrEnum):
    """Where one post on one account stands in the plan."""

    DUE = "due"
    UPCOMING = "upcoming"
    HELD = "held"


class Reason(StrEnum):
    """Why an entry is held back; stable words, also in ``plan --format json``."""

    DRAFT = "draft"
    INVALID = "invalid"
    PAUSED = "paused"
    BLACKOUT = "blackout"
    MISSED = "missed"
    CREDENTIALS = "credentials"
    PUBLISHED = "published"
    EDITED = "edited"
    IN_PROGRESS = ClaimState.IN_PROGRESS.value
    UNCERTAIN = ClaimState.UNCERTAIN.value
    UNREACHABLE = "unreachable"
    RENAMED = "renamed"
    RETRACTED = "retracted"
    TARGET_GONE = "target-gone"


# A failure whose error starts so: the message a reply answers is gone (held, not retried).
TARGET_GONE = "target gone: "
_HORIZON = dt.date(9990, 1, 1)  # stop looking for slot occurrences (years 9999+ overflow)


@dataclass(frozen=True)
class Entry:
    """One post on one account, and what happens to it."""

    post: str  # post id
    path: str
    account: str
    network: str
    state: State
    when: dt.datetime | None  # aware; the fixed time, the slot occurrence, or None
    reason: Reason | None = None  # when held
    detail: str = ""
    slot: str | None = None
    claim: Record | None = None  # an unfinished earlier attempt (reason "uncertain")
    renamed_from: Record | None = None  # reason "renamed": the record of its old id


Verdict = tuple[State, Reason | None, str, dt.datetime | None, Record | None]


@dataclass(frozen=True)
class Plan:
    """Every entry, in account order then time."""

    at: dt.datetime
    timezone: str
    entries: tuple[Entry, ...]


def occurrences(slot: Slot, schedule: Schedule, start: dt.datetime) -> Iterator[dt.datetime]:
    """The slot's times from ``start`` on, in order, leaving out blackout days."""
    if not slot.days or not slot.times:
        return
    tz = ZoneInfo(schedule.timezone)
    day = start.astimezone(tz).date()
    while day < _HORIZON:
        if day.weekday() in slot.days and schedule.blackout_on(day) is None:
            for t in slot.times:
                occ = dt.datetime.combine(day, t, tzinfo=tz)
                if occ >= start:
                    yield occ
        day += dt.timedelta(days=1)


def _pinned(status: Status | None) -> dt.datetime | None:
    """The time a ledger record holds this post to (a claim or send keeps its slot time)."""
    if status is None:
        return None
    record = status.published or status.claim
    if record is None or record.scheduled is None:
        return None
    try:
        pinned = dt.datetime.fromisoformat(record.scheduled)
    except (TypeError, ValueError):
        return None
    return pinned if pinned.utcoffset() is not None else None


def assign_slots(
    posts: Sequence[Post],
    schedule: Schedule,
    ledger: Mapping[tuple[str, str], Status],
    at: dt.datetime,
    added: Mapping[str, dt.datetime],
) -> dict[tuple[str, str], tuple[dt.datetime, str]]:
    """(post id, account) → (slot occurrence, note), for every ready slot post.

    An occurrence within ``min_gap`` of a fixed-time post of the same account is
    not given to a queued post (as Buffer does); the note says which was skipped.
    """
    tz = ZoneInfo(schedule.timezone)
    queues, fixed = _queues(posts, schedule, tz)
    floor = at - schedule.max_delay
    gap = max(schedule.min_gap, dt.timedelta(minutes=1))
    result: dict[tuple[str, str], tuple[dt.datetime, str]] = {}
    for (slot_name, account), queue in queues.items():
        slot = schedule.slots[slot_name]
        taken: set[dt.datetime] = set()
        waiting: list[Post] = []
        for post in queue:
            pinned = _pinned(ledger.get((post.id, account)))
            if pinned is not None:
                taken.add(pinned)
                result[(post.id, account)] = (pinned, "")
            else:
                waiting.append(post)
        waiting.sort(key=lambda p: (added.get(p.path, at), p.path))
        times = occurrences(slot, schedule, floor)
        mine = sorted(fixed.get(account, []))
        starts = [t for t, _post in mine]
        skipped: list[str] = []
        for post in waiting:
            bound = max(added.get(post.path, at), floor)
            for occ in times:
                if occ < bound or occ in taken:
                    continue
                blocker = _near(mine, starts, occ, gap)
                if blocker is not None:
                    skipped.append(
                        _("{time} is taken by {post}").format(
                            time=f"{occ.astimezone(tz):%Y-%m-%d %H:%M}", post=blocker
                        )
                    )
                    continue
                note = (
                    _("slot {name} at {time} ({skipped})").format(
                        name=slot_name,
                        time=f"{occ.astimezone(tz):%Y-%m-%d %H:%M}",
                        skipped="; ".join(skipped),
                    )
                    if skipped
                    else ""
                )
                result[(post.id, account)] = (occ, note)
                skipped = []
                break
    return result


def _queues(
    posts: Sequence[Post], schedule: Schedule, tz: ZoneInfo
) -> tuple[dict[tuple[str, str], list[Post]], dict[str, list[tuple[dt.datetime, str]]]]:
    """The ready posts waiting in each (slot, account) queue, in file order, and each
    account's fixed-time posts as (time, post id)."""
    queues: dict[tuple[str, str], list[Post]] = {}
    fixed: dict[str, list[tuple[dt.datetime, str]]] = {}
    for post in posts:
        if post.status != "ready":
            continue
        when = post.fixed_time(tz)
        if when is not None:
            for account in post.networks:
                fixed.setdefault(account, []).append((when, post.id))
        if post.slot is None or post.slot not in schedule.slots:
            continue
        for account in post.networks:
            queues.setdefault((post.slot, account), []).append(post)
    return queues, fixed


def _near(
    fixed: list[tuple[dt.datetime, str]],
    starts: list[dt.datetime],
    at: dt.datetime,
    gap: dt.timedelta,
) -> str | None:
    """The post of ``fixed`` (sorted; ``starts`` its times) less than ``gap`` from ``at``."""
    i = bisect_left(starts, at)
    for j in (i - 1, i):
        if 0 <= j < len(fixed) and abs(fixed[j][0] - at) < gap:
            return fixed[j][1]
    return None


@dataclass(frozen=True)
class _Facts:
    """What :func:`make_plan` is told besides the posts and the ledger (see there)."""

    at: dt.datetime
    schedule: Schedule
    invalid: Collection[str]
    missing: Mapping[str, Sequence[str]]
    include_missed: Collection[str]
    key_of: Callable[[Post, str], str] | None
    claim_state: Callable[[Record], ClaimState]
    paused: str | None
    tz: ZoneInfo  # the schedule's
    blackout_now: Blackout | None  # the blackout covering ``at``'s day there, if any

    def unchanged(self, post: Post, account: str, key: str) -> bool:
        """Whether the post's content key on ``account`` is still ``key`` (True when unknown)."""
        return self.key_of is None or self.key_of(post, account) == key


def make_plan(
    posts: Sequence[Post],
    schedule: Schedule,
    ledger: Mapping[tuple[str, str], Status],
    at: dt.datetime,
    *,
    added: Mapping[str, dt.datetime] | None = None,
    invalid: Collection[str] = (),
    missing_credentials: Mapping[str, Sequence[str]] | None = None,
    include_missed: Collection[str] = (),
    key_of: Callable[[Post, str], str] | None = None,
    claim_state: Callable[[Record], ClaimState] = lambda record: ClaimState.UNCERTAIN,
    renamed: Mapping[tuple[str, str], Record] | None = None,
    paused: str | None = None,
) -> Plan:
    """The plan at ``at`` (aware).

    ``added``: repo path → when git first saw the file (``publish_at: now``
    and slot queue order); ``invalid``: paths of posts with check errors;
    ``missing_credentials``: account → unset variable names; ``key_of``:
    the current content key, to notice posts edited after publishing;
    ``claim_state``: for a claim without outcome, whether its run is still
    working, died after it may have sent or died before trying (abandoned:
    planned as if unclaimed), see :class:`~smmgen.ledger.ClaimState`; ``renamed``: posts
    published under an id whose file is gone (:func:`smmgen.renames.find_renamed`)
    → that record: they stand where the old id stood; ``paused``: why
    publishing is paused now by a switch outside schedule.yaml
    (:mod:`smmgen.pause`), or None.
    """
    renamed = renamed or {}
    if renamed:
        ledger = {**ledger, **{(p, a): ledger[(old.post, a)] for (p, a), old in renamed.items()}}
    added = added or {}
    missing = missing_credentials or {}
    tz = ZoneInfo(schedule.timezone)
    blackout_now = schedule.blackout_on(at.astimezone(tz).date())
    facts = _Facts(
        at, schedule, invalid, missing, include_missed, key_of, claim_state, paused, tz,
        blackout_now,
    )  # fmt: skip
    slots = assign_slots(posts, schedule, ledger, at, added)
    entries: list[Entry] = []
    for post in posts:
        fixed = post.fixed_time(tz)
        for account_name in post.networks:
            account = schedule.accounts.get(account_name)
            if account is None:
                continue  # reported by check as post/unknown-account
            when, note = _time_of(post, account_name, fixed, slots, added.get(post.path, at))
            if when is not None and when.tzinfo is not tz:
                when = when.astimezone(tz)
            old = renamed.get((post.id, account_name))
            status = ledger.get((post.id, account_name))
            verdict = _decide(post, account_name, status, when, facts, old)
            entries.append(_entry(post, account_name, account.network, verdict, note, old))
    entries.sort(key=lambda e: (e.account, e.when is None, e.when or at, e.path))
    return Plan(at, schedule.timezone, tuple(entries))


def _entry(
    post: Post, account: str, network: str, verdict: Verdict, note: str, old: Record | None
) -> Entry:
    """The plan's entry for a verdict; a slot note explains a due or upcoming time."""
    state, reason, detail, shown, claim = verdict
    if note and state in (State.DUE, State.UPCOMING) and not detail:
        detail = note
    renamed_from = old if reason == Reason.RENAMED else None
    return Entry(
        post.id, post.path, account, network, state, shown, reason, detail, post.slot, claim,
        renamed_from,
    )  # fmt: skip


def _time_of(
    post: Post,
    account: str,
    fixed: dt.datetime | None,
    slots: Mapping[tuple[str, str], tuple[dt.datetime, str]],
    added: dt.datetime,
) -> tuple[dt.datetime | None, str]:
    """When the post is planned on ``account``, and a note on its slot occurrence.

    ``publish_at: now`` is when git first saw the file (``added``); a slot post
    has the occurrence :func:`assign_slots` gave it (None: no free one); any
    other its fixed time (None: no valid time).
    """
    if post.publish_now:
        return added, ""
    if post.slot is not None:
        return slots.get((post.id, account), (None, ""))
    return fixed, ""


def _decide(
    post: Post,
    account: str,
    status: Status | None,
    when: dt.datetime | None,
    facts: _Facts,
    renamed_from: Record | None = None,
) -> Verdict:
    """(state, reason, detail, time shown, unfinished claim) of one post on one account.

    In this order: a draft; what the ledger settled (published, retracted, a
    reply whose target is gone); an unfinished earlier attempt; then the time.
    """
    if post.status != "ready":
        return State.HELD, Reason.DRAFT, "status: draft", when, None
    settled = _settled(post, account, status, when, facts, renamed_from)
    if settled is not None:
        return settled
    claim = status.claim if status is not None else None
    if claim is not None:
        unfinished = _unfinished(post.id, account, claim, facts.claim_state(claim), when)
        if unfinished is not None:
            return unfinished
    return _by_time(post, account, when, facts)


def _settled(
    post: Post,
    account: str,
    status: Status | None,
    when: dt.datetime | None,
    facts: _Facts,
    renamed_from: Record | None,
) -> Verdict | None:
    """The verdict when the ledger settled the post: published, retracted, target gone."""
    if status is not None and status.published is not None:
        done = status.published
        pinned = _pinned(status) or when
        where = done.url or done.remote_id or _("recorded")
        shown = f"{where} ({done.event} {done.at})"
        if renamed_from is not None:
            detail = _("published as {post} (renamed): {shown}").format(
                post=renamed_from.post, shown=shown
            )
            return State.HELD, Reason.RENAMED, detail, pinned, None
        if not facts.unchanged(post, account, done.key):
            detail = _("changed after it was published: {shown}; not published again").format(
                shown=shown
            )
            return State.HELD, Reason.EDITED, detail, pinned, None
        return State.HELD, Reason.PUBLISHED, shown, pinned, None
    gone = status.retracted if status is not None else None
    if gone is not None and facts.unchanged(post, account, gone.key):
        # Taken down on purpose: only a changed (and so re-reviewed) post goes out again.
        why = f": {gone.reason}" if gone.reason else ""
        detail = _("retracted {at}{why}; not published again unless the post is changed").format(
            at=gone.at, why=why
        )
        return State.HELD, Reason.RETRACTED, detail, _when(gone.scheduled) or when, None
    failed = status.failed if status is not None else None
    if (
        failed is not None
        and failed.error is not None
        and failed.error.startswith(TARGET_GONE)
        and facts.unchanged(post, account, failed.key)
        and (status is None or status.claim is None)
    ):
        detail = _(
            "{removeprefix} (found {at}); nothing was sent — point "
            "in_reply_to at another message or delete the reply file"
        ).format(removeprefix=failed.error.removeprefix(TARGET_GONE), at=failed.at)
        return State.HELD, Reason.TARGET_GONE, detail, when, None
    return None


def _unfinished(
    post_id: str, account: str, claim: Record, state: ClaimState, when: dt.datetime | None
) -> Verdict | None:
    """The verdict for a claim without outcome: held while its run works or may have sent."""
    if state == ClaimState.IN_PROGRESS:
        detail = _("run {run} is publishing it").format(run=claim.run)
        return State.HELD, Reason.IN_PROGRESS, detail, when, claim
    if state != ClaimState.UNCERTAIN:
        return None  # abandoned before it was tried: planned as if unclaimed
    what = (
        _("run {run} may have published it at {at} ({error})").format(
            run=claim.run, at=claim.at, error=claim.error
        )
        if claim.event == Event.UNCERTAIN and claim.error
        else _("run {run} started sending it at {at} and did not finish").format(
            run=claim.run, at=claim.at
        )
    )
    detail = _(
        "{what}; it is looked up where the network allows, else "
        "check the account and run smmgen mark-published {post_id} "
        "--account {account} --url URL if it is there, or smmgen "
        "publish --resend {post_id} if not"
    ).format(what=what, post_id=post_id, account=account)
    return State.HELD, Reason.UNCERTAIN, detail, when, claim


def _by_time(post: Post, account: str, when: dt.datetime | None, facts: _Facts) -> Verdict:
    """Due, upcoming or held for a reason of the moment (pause, blackout, late, errors)."""

    def held(reason: Reason, detail: str) -> Verdict:
        return State.HELD, reason, detail, when, None

    if when is None:
        return held(Reason.INVALID, _("no time: fix the post (smmgen check)"))
    at, schedule = facts.at, facts.schedule
    problems = post.path in facts.invalid
    if when > at:
        upcoming = _("has check errors: run smmgen check") if problems else ""
        return State.UPCOMING, None, upcoming, when, None
    if schedule.paused:
        return held(Reason.PAUSED, _("schedule.yaml has paused: true"))
    if facts.paused is not None:
        return held(Reason.PAUSED, facts.paused)
    blackout = facts.blackout_now or schedule.blackout_on(when.astimezone(facts.tz).date())
    if blackout is not None:
        return held(
            Reason.BLACKOUT,
            _("blackout {start} to {end}: {reason}").format(
                start=blackout.start, end=blackout.end, reason=blackout.reason
            ),
        )
    late = at - when
    if late > schedule.max_delay and post.id not in facts.include_missed:
        return held(Reason.MISSED, missed_detail(post.id, late, schedule.max_delay))
    if problems:
        return held(Reason.INVALID, _("check errors; run smmgen check"))
    if facts.missing.get(account):
        return held(Reason.CREDENTIALS, missing_message(facts.missing[account]))
    return State.DUE, None, "", when, None


def too_close(plan: Plan, min_gap: dt.timedelta) -> list[tuple[Entry, Entry]]:
    """Pairs (earlier, later) of due or upcoming entries of one account less than
    ``min_gap`` apart."""
    if min_gap <= dt.timedelta(0):
        return []
    out: list[tuple[Entry, Entry]] = []
    live = [
        e for e in plan.entries if e.state in (State.DUE, State.UPCOMING) and e.when is not None
    ]
    by_account: dict[str, list[Entry]] = {}
    for e in live:
        by_account.setdefault(e.account, []).append(e)
    for entries in by_account.values():
        entries.sort(key=lambda e: (e.when, e.path))
        for a, b in pairwise(entries):
            assert a.when is not None and b.when is not None
            if b.when - a.when < min_gap:
                out.append((a, b))
    return out


def _when(value: str | None) -> dt.datetime | None:
    """An ISO 8601 time of a ledger record (checked when read), or None."""
    return dt.datetime.fromisoformat(value) if value else None


def missed_detail(post_id: str, late: dt.timedelta, max_delay: dt.timedelta) -> str:
    """Why a post more than ``max_delay`` late is held, and how to publish it anyway."""
    return _("{late} late, more than max_delay {max_delay}; to publish anyway: {command}").format(
        late=duration(late),
        max_delay=duration(max_delay),
        command=f"smmgen publish --include-missed {post_id}",
    )

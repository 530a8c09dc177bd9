"""``smmgen stats``: what worked, from the snapshots and the ledger.

Each post published in the period counts with its latest snapshot (at or
before the period's end). Groups (campaign, account, network, tag) add their
posts' numbers; a metric nobody provided stays empty. Posts are ranked by
engagement rate (interactions ÷ views, or ÷ reach) where the network gives
views or reach, otherwise by interactions — the two are never mixed in one
ranking. The weekday × hour map is the mean interactions of the posts
published in that hour (in the schedule's time zone), per network, over all
history: a suggestion for slots, never applied on its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from ..i18n import N_, _, ngettext, weekday_name
from .due import Published
from .metrics import METRICS, NONE, Counts
from .store import Row

TOP = 5
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Column and section words of the text and Markdown reports, translated when shown
# (smmgen.i18n); CSV and JSON keep the English words as keys.
WORDS = (
    N_("post"), N_("account"), N_("published"), N_("interactions"), N_("rate"),
    N_("network"), N_("campaign"), N_("tag"), N_("followers before"), N_("followers now"),
    N_("change"), N_("weekday"), N_("hour"), N_("posts"), N_("mean interactions"),
    N_("likes"), N_("reposts"), N_("replies"), N_("quotes"), N_("saves"), N_("clicks"),
    N_("views"), N_("reach"),
)  # fmt: skip


@dataclass(frozen=True)
class PostStats:
    """One post on one account with its latest numbers."""

    post: str
    account: str
    network: str
    published: dt.datetime  # in the schedule's time zone
    campaign: str | None
    tags: tuple[str, ...]
    checkpoint: str
    measured: dt.datetime
    counts: Counts

    # Computed once: a summary of 6,000 posts sorts, ranks and lists them by these.
    @cached_property
    def interactions(self) -> int:
        """What people did (likes, reposts, replies, quotes, saves, clicks)."""
        return self.counts.interactions()

    @cached_property
    def rate(self) -> float | None:
        """Interactions per view (or per account reached); None without either."""
        base = self.counts.views or self.counts.reach
        return self.interactions / base if base else None


@dataclass(frozen=True)
class Group:
    """Posts added up under one name (a campaign, account, network or tag)."""

    name: str
    posts: int
    counts: Counts

    @property
    def interactions(self) -> int:
        """Sum of the interactions."""
        return self.counts.interactions()


@dataclass(frozen=True)
class Growth:
    """An account's followers at the start and end of the period."""

    account: str
    network: str
    start: int | None
    end: int | None

    @property
    def change(self) -> int | None:
        """end − start, where both are known."""
        return None if self.start is None or self.end is None else self.end - self.start


@dataclass(frozen=True)
class Slot:
    """Mean interactions of the posts published on one weekday and hour."""

    network: str
    weekday: int  # 0 = Monday
    hour: int
    posts: int
    mean: float


@dataclass(frozen=True)
class Summary:
    """Everything ``smmgen stats`` shows."""

    start: dt.datetime | None
    end: dt.datetime
    timezone: str
    posts: tuple[PostStats, ...]
    unmeasured: int  # published in the period, no snapshot yet
    deleted: int
    campaigns: tuple[Group, ...]
    accounts: tuple[Group, ...]
    networks: tuple[Group, ...]
    tags: tuple[Group, ...]
    by_rate: tuple[PostStats, ...]  # best first
    by_interactions: tuple[PostStats, ...]  # best first, posts without views/reach
    growth: tuple[Growth, ...]
    heat: tuple[Slot, ...]


def summarise(
    rows: Iterable[Row],
    items: Iterable[Published],
    meta: Mapping[str, tuple[str | None, tuple[str, ...]]],
    timezone: str,
    start: dt.datetime | None,
    end: dt.datetime,
) -> Summary:
    """The summary of the posts published in [start, end); ``meta``: post → (campaign, tags)."""
    # Compared with 100,000 snapshot times (UTC): a time in the same zone compares
    # field by field, one in another zone asks its zone for the offset each time.
    end_utc = end.astimezone(dt.UTC)
    start_utc = None if start is None else start.astimezone(dt.UTC)
    latest, followers = _latest(rows, end_utc)
    m = _measure(items, latest, meta, ZoneInfo(timezone), start_utc, end_utc)
    in_period = sorted(m.in_period, key=lambda p: (p.published, p.account))
    rated = sorted((p for p in in_period if p.rate is not None), key=_by_rate)
    counted = sorted((p for p in in_period if p.rate is None), key=_by_interactions)
    return Summary(
        start=start,
        end=end,
        timezone=timezone,
        posts=tuple(in_period),
        unmeasured=m.unmeasured,
        deleted=m.deleted,
        campaigns=_groups((p.campaign or "(none)", p) for p in in_period),
        accounts=_groups((p.account, p) for p in in_period),
        networks=_groups((p.network, p) for p in in_period),
        tags=_groups((t, p) for p in in_period for t in p.tags),
        by_rate=tuple(rated),
        by_interactions=tuple(counted),
        growth=tuple(_growth(followers, m.networks, start_utc)),
        heat=tuple(heat_map(m.everything)),
    )


def _latest(
    rows: Iterable[Row], end: dt.datetime
) -> tuple[dict[tuple[str, str], Row], dict[str, list[Row]]]:
    """Each (post, account)'s latest snapshot up to ``end``, and each account's follower rows."""
    latest: dict[tuple[str, str], Row] = {}
    followers: dict[str, list[Row]] = {}
    for row in rows:
        if row.at > end:
            continue
        if not row.post:
            if row.followers is not None:
                followers.setdefault(row.account, []).append(row)
            continue
        key = (row.post, row.account)
        last = latest.get(key)
        if last is None or row.at >= last.at:
            latest[key] = row
    return latest, followers


@dataclass
class _Measured:
    """The published posts with numbers: all of them, those in the period, and the rest."""

    everything: list[PostStats] = field(default_factory=list)
    in_period: list[PostStats] = field(default_factory=list)
    unmeasured: int = 0  # in the period, no snapshot yet
    deleted: int = 0  # in the period, deleted since
    networks: dict[str, str] = field(default_factory=dict)  # account → network


def _measure(
    items: Iterable[Published],
    latest: Mapping[tuple[str, str], Row],
    meta: Mapping[str, tuple[str | None, tuple[str, ...]]],
    tz: ZoneInfo,
    start: dt.datetime | None,
    end: dt.datetime,
) -> _Measured:
    """Join each published post with its latest snapshot and its campaign and tags."""
    m = _Measured()
    for item in items:
        m.networks[item.account] = item.network
        inside = (start is None or item.at >= start) and item.at < end
        last = latest.get((item.post, item.account))
        if last is None or last.status == "deleted":
            if inside:
                m.unmeasured += last is None
                m.deleted += last is not None
            continue
        campaign, tags = meta.get(item.post, (None, ()))
        stats = PostStats(
            item.post,
            item.account,
            item.network,
            item.at.astimezone(tz),
            campaign,
            tags,
            last.checkpoint,
            last.at,
            last.counts,
        )
        m.everything.append(stats)
        if inside:
            m.in_period.append(stats)
    return m


def _by_rate(p: PostStats) -> tuple[float, str, str]:
    return (-(p.rate or 0.0), p.post, p.account)


def _by_interactions(p: PostStats) -> tuple[int, str, str]:
    return (-p.interactions, p.post, p.account)


def _groups(pairs: Iterable[tuple[str, PostStats]]) -> tuple[Group, ...]:
    members: dict[str, list[Counts]] = {}
    for name, post in pairs:
        members.setdefault(name, []).append(post.counts)
    groups = [Group(name, len(found), total(found)) for name, found in members.items()]
    return tuple(sorted(groups, key=lambda g: (-g.interactions, g.name)))


def total(counts: Sequence[Counts]) -> Counts:
    """The part-wise sum (as :meth:`Counts.plus` one by one): absent in all stays absent."""
    sums = []
    for column in zip(*counts, strict=True):
        given = [v for v in column if v is not None]
        sums.append(sum(given) if given else None)
    return Counts(*sums) if counts else NONE


def _growth(
    followers: Mapping[str, list[Row]], networks: Mapping[str, str], start: dt.datetime | None
) -> Iterable[Growth]:
    for account, found in sorted(followers.items()):
        found.sort(key=lambda r: r.at)
        before = [r for r in found if start is not None and r.at <= start]
        first = before[-1] if before else found[0]
        yield Growth(
            account, networks.get(account, found[-1].network), first.followers, found[-1].followers
        )


def heat_map(posts: Iterable[PostStats]) -> Iterable[Slot]:
    """Mean interactions per network, weekday and hour of publishing."""
    cells: dict[tuple[str, int, int], list[int]] = {}
    for p in posts:
        cells.setdefault((p.network, p.published.weekday(), p.published.hour), []).append(
            p.interactions
        )
    for (network, day, hour), values in sorted(cells.items()):
        yield Slot(network, day, hour, len(values), sum(values) / len(values))


def best_slots(summary: Summary, per_network: int = 3) -> dict[str, list[Slot]]:
    """The slots with the highest mean interactions, per network."""
    out: dict[str, list[Slot]] = {}
    for slot in summary.heat:
        out.setdefault(slot.network, []).append(slot)
    return {
        n: sorted(s, key=lambda c: (-c.mean, c.weekday, c.hour))[:per_network]
        for n, s in sorted(out.items())
    }


# -- output ------------------------------------------------------------------


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def _period(s: Summary) -> str:
    tz = ZoneInfo(s.timezone)
    end = s.end.astimezone(tz)
    if s.start is None:
        return _("everything published until {time} ({zone})").format(
            time=f"{end:%Y-%m-%d %H:%M}", zone=s.timezone
        )
    start = s.start.astimezone(tz)
    return f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M} ({s.timezone})"


def _post_table(posts: Sequence[PostStats]) -> tuple[list[str], list[list[str]]]:
    head = ["post", "account", "published", "interactions", "rate", *METRICS]
    body = [
        [
            p.post,
            p.account,
            f"{p.published:%Y-%m-%d %H:%M}",
            str(p.interactions),
            _rate(p.rate),
            *(_cell(p.counts.get(m)) for m in METRICS),
        ]
        for p in posts
    ]
    return head, body


def _group_table(groups: Sequence[Group], what: str) -> tuple[list[str], list[list[str]]]:
    head = [what, "posts", "interactions", *METRICS]
    body = [
        [g.name, str(g.posts), str(g.interactions), *(_cell(g.counts.get(m)) for m in METRICS)]
        for g in groups
    ]
    return head, body


def _growth_table(growth: Sequence[Growth]) -> tuple[list[str], list[list[str]]]:
    head = ["account", "network", "followers before", "followers now", "change"]
    body = [
        [
            g.account,
            g.network,
            _cell(g.start),
            _cell(g.end),
            "" if g.change is None else f"{g.change:+d}",
        ]
        for g in growth
    ]
    return head, body


def _sections(s: Summary) -> list[tuple[str, tuple[list[str], list[list[str]]]]]:
    sections = [
        (N_("Top posts by engagement rate"), _post_table(s.by_rate[:TOP])),
        (
            N_("Top posts by interactions (networks without views)"),
            _post_table(s.by_interactions[:TOP]),
        ),
    ]
    if len(s.by_rate) > TOP:
        sections.append((N_("Lowest engagement rate"), _post_table(s.by_rate[-TOP:][::-1])))
    if len(s.by_interactions) > TOP:
        sections.append((N_("Fewest interactions"), _post_table(s.by_interactions[-TOP:][::-1])))
    sections += [
        (N_("Networks"), _group_table(s.networks, "network")),
        (N_("Accounts"), _group_table(s.accounts, "account")),
        (N_("Campaigns"), _group_table(s.campaigns, "campaign")),
        (N_("Tags"), _group_table(s.tags, "tag")),
        (N_("Followers"), _growth_table(s.growth)),
        (
            N_("Best weekday and hour (mean interactions per post, all history)"),
            (
                ["network", "weekday", "hour", "posts", "mean interactions"],
                [
                    [
                        n,
                        weekday_name(c.weekday, short=True),
                        f"{c.hour:02d}:00",
                        str(c.posts),
                        f"{c.mean:.1f}",
                    ]
                    for n, cells in best_slots(s).items()
                    for c in cells
                ],
            ),
        ),
        (N_("All posts"), _post_table(s.posts)),
    ]
    return [(title, table) for title, table in sections if table[1]]


def _headline(s: Summary) -> str:
    line = ngettext("{n} post measured", "{n} posts measured", len(s.posts)).format(n=len(s.posts))
    if s.unmeasured:
        line += ", " + _("{n} not measured yet").format(n=s.unmeasured)
    if s.deleted:
        line += ", " + _("{n} deleted").format(n=s.deleted)
    return line


def to_text(s: Summary) -> str:
    """Plain-text tables."""
    out = [_("Statistics: {period}").format(period=_period(s)), _headline(s)]
    for title, (english, body) in _sections(s):
        head = [_(h) for h in english]
        widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(head)]
        out += ["", _(title)]
        out.append("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip())
        for r in body:
            out.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """A table cell: pipes and line breaks would break the table; markup is shown as text."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def to_markdown(s: Summary) -> str:
    """The weekly report: headings and GitHub tables."""
    out = ["## " + _("Statistics: {period}").format(period=_period(s)), "", _headline(s) + "."]
    for title, (english, body) in _sections(s):
        if title == "All posts":
            continue  # the issue stays readable; `--format csv` has every post
        head = [_(h) for h in english]
        out += ["", f"### {_(title)}", "", "| " + " | ".join(head) + " |"]
        out.append("|" + "---|" * len(head))
        out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in body]
    out += ["", _("Empty cells: the network does not provide that number.")]
    return "\n".join(out) + "\n"


def to_csv(s: Summary) -> str:
    """One line per post: the table under every chart, for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "post",
            "account",
            "network",
            "published",
            "campaign",
            "tags",
            "checkpoint",
            *METRICS,
            "interactions",
            "rate",
        ]
    )
    for p in s.posts:
        writer.writerow(
            [
                p.post,
                p.account,
                p.network,
                p.published.isoformat(),
                p.campaign or "",
                " ".join(p.tags),
                p.checkpoint,
                *(_cell(p.counts.get(m)) for m in METRICS),
                p.interactions,
                "" if p.rate is None else f"{p.rate:.4f}",
            ]
        )
    return out.getvalue()


def to_json(s: Summary) -> dict[str, Any]:
    """Everything, for scripts."""
    return {
        "from": s.start.isoformat() if s.start else None,
        "to": s.end.isoformat(),
        "timezone": s.timezone,
        "posts": [_post_json(p) for p in s.posts],
        "unmeasured": s.unmeasured,
        "deleted": s.deleted,
        "campaigns": _groups_json(s.campaigns),
        "accounts": _groups_json(s.accounts),
        "networks": [g | {"names": native_names(g["name"])} for g in _groups_json(s.networks)],
        "tags": _groups_json(s.tags),
        "top_by_rate": [_post_json(p) for p in s.by_rate[:TOP]],
        "top_by_interactions": [_post_json(p) for p in s.by_interactions[:TOP]],
        "bottom_by_rate": [_post_json(p) for p in s.by_rate[-TOP:][::-1]],
        "bottom_by_interactions": [_post_json(p) for p in s.by_interactions[-TOP:][::-1]],
        "followers": [
            {
                "account": g.account,
                "network": g.network,
                "start": g.start,
                "end": g.end,
                "change": g.change,
            }
            for g in s.growth
        ],
        "heat": [
            {
                "network": c.network,
                "weekday": DAYS[c.weekday],
                "hour": c.hour,
                "posts": c.posts,
                "mean": c.mean,
            }
            for c in s.heat
        ],
    }


def native_names(network: str) -> dict[str, str]:
    """Our metric → the network's own name for it (empty for networks without a reader)."""
    from .readers import load

    reader = load(network)
    return dict(reader.native) if reader is not None else {}


def _counts_json(c: Counts) -> dict[str, int | None]:
    return {m: c.get(m) for m in METRICS}


def _post_json(p: PostStats) -> dict[str, Any]:
    return {
        "post": p.post,
        "account": p.account,
        "network": p.network,
        "published": p.published.isoformat(),
        "campaign": p.campaign,
        "tags": list(p.tags),
        "checkpoint": p.checkpoint,
        "measured": p.measured.isoformat(),
        "metrics": _counts_json(p.counts),
        "interactions": p.interactions,
        "rate": p.rate,
    }


def _groups_json(gs: Sequence[Group]) -> list[dict[str, Any]]:
    return [
        {
            "name": g.name,
            "posts": g.posts,
            "interactions": g.interactions,
            "metrics": _counts_json(g.counts),
        }
        for g in gs
    ]

"""Benchmark `plan` (the pure function) on 10,000 posts × 6 accounts.

8,000 posts with a fixed time spread over a year, 2,000 in two slot queues;
every post goes to all six accounts; the ledger holds a claim and a send for
the first half of them (60,000 records). Prints the best of three runs:

- ``make_plan`` alone (no content keys),
- ``make_plan`` with content keys from the real renderer (what `smmgen plan`
  does to notice posts edited after publishing).

Run: .venv/bin/python benchmarks/plan.py [--posts N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from smmgen.ledger import Record, fold, key_of
from smmgen.model import Post
from smmgen.plan import State, make_plan
from smmgen.render import Renderer
from smmgen.schedule import read_schedule

ACCOUNTS = ["bsky", "masto", "li", "tg", "dc", "xing"]
SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  bsky: {network: bluesky, handle: bench.bsky.social, password_env: BSKY_PW}
  masto: {network: mastodon, instance: "https://mastodon.example", token_env: MASTO_TOKEN}
  li: {network: linkedin, author_urn: "urn:li:organization:1", token_env: LI_TOKEN}
  tg: {network: telegram, chat_id: "@bench", token_env: TG_TOKEN}
  dc: {network: discord, webhook_env: DC_HOOK}
  xing: {network: manual, platform: XING, max_length: 3000}
slots:
  morning:
    days: [mon, tue, wed, thu, fri]
    times: ["09:30"]
    accounts: &all [bsky, masto, li, tg, dc, xing]
  evening: {days: [mon, wed, fri], times: ["18:00", "20:00"], accounts: *all}
blackout:
  - {from: 2027-12-24, to: 2027-12-26, reason: holidays}
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    n = parser.parse_args().posts
    root = Path(tempfile.mkdtemp())
    (root / "schedule.yaml").write_text(SCHEDULE)
    schedule, problems = read_schedule(root, root / "schedule.yaml")
    assert schedule is not None and not problems, problems
    tz = ZoneInfo(schedule.timezone)
    start = dt.datetime(2027, 1, 1, 8, 0)
    added = {}
    posts = []
    for i in range(n):
        path = f"content/{i:05d}.md"
        slot = ("morning", "evening")[i % 2] if i % 5 == 0 else None
        when = None if slot else start + dt.timedelta(hours=i)
        posts.append(
            Post(
                id=f"{i:05d}",
                path=path,
                body=f"Post number {i}: **neue Tour** am Wochenende. [Mehr](https://example.com/{i})",
                body_line=5,
                networks=tuple(ACCOUNTS),
                publish_at=when,
                slot=slot,
            )
        )
        added[path] = dt.datetime(2026, 12, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=i)
    renderer = Renderer(root, schedule)
    records = []
    for post in posts[: n // 2]:
        for account in ACCOUNTS:
            rendered = renderer.render(post, account)
            assert rendered is not None
            key = key_of(rendered)
            for event in ("claimed", "sent"):
                records.append(
                    Record(post.id, account, key, event, "2027-01-01T00:00:00+00:00", "r")
                )
    at = (start + dt.timedelta(hours=n // 2 + 3)).replace(tzinfo=tz)

    def keys(post: Post, account: str) -> str:
        rendered = renderer.render(post, account)
        assert rendered is not None
        return key_of(rendered)

    for label, key_fn in (("plan", None), ("plan + content keys", keys)):
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            plan = make_plan(posts, schedule, fold(records), at, added=added, key_of=key_fn)
            best = min(best, time.perf_counter() - t0)
        due = sum(e.state == State.DUE for e in plan.entries)
        print(
            f"{label:<22} {n:,} posts × {len(ACCOUNTS)} accounts, {len(records):,} ledger records: "
            f"{best * 1000:,.0f} ms ({len(plan.entries):,} entries, {due} due)"
        )


if __name__ == "__main__":
    main()

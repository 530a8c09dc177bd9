"""Benchmark `smmgen inbox fetch` on Bluesky against a bare atproto SDK loop.

A local server speaks the ``app.bsky.notification.listNotifications`` lexicon
(tests/helpers/fake_inbox.py; a bare PDS has no AppView) with N notifications. Ours:
``smmgen.inbox.fetch.fetch`` for one account into a fresh ``.smmgen-inbox/``
(login, every page, the items stored). The baseline: the SDK's login and a
``list_notifications`` loop over the same pages. Runs alternate; best of
``--runs``.

Targets: calls ≤ ceil(N / 100) + 1 per account (the login included), time ≤ 1.2×
the bare loop.

Run: .venv/bin/python benchmarks/inbox.py [--notifications 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.helpers

from pytest_httpserver import HTTPServer  # noqa: E402

from smmgen.inbox.fetch import fetch  # noqa: E402
from smmgen.schedule import read_schedule  # noqa: E402
from tests.helpers.fake_inbox import HANDLE, FakeBluesky  # noqa: E402

TARGET = 1.2
SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  bsky:
    network: bluesky
    handle: {handle}
    service: {base}
    password_env: BENCH_PW
"""


def bare(base: str) -> int:
    """The SDK loop: login, then every page; the number of notifications read."""
    from atproto import Client

    client = Client(base_url=base)
    client.login(HANDLE, "pw", fetch_bsky_profile=False)
    cursor = None
    seen = 0
    while True:
        params = {"limit": 100, "reasons": ["reply", "mention", "quote"]}
        if cursor:
            params["cursor"] = cursor
        page = client.app.bsky.notification.list_notifications(params)
        seen += len(page.notifications)
        cursor = page.cursor
        if not cursor or not page.notifications:
            return seen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notifications", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    server = HTTPServer()
    server.start()
    try:
        fake = FakeBluesky(server)
        fake.add(args.notifications)
        base = server.url_for("/").rstrip("/")
        ours_best = bare_best = math.inf
        calls = 0
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp)
                (root / "schedule.yaml").write_text(SCHEDULE.format(handle=HANDLE, base=base))
                schedule, _ = read_schedule(root, root / "schedule.yaml")
                assert schedule is not None
                before = len(fake.calls)
                start = time.perf_counter()
                [result] = fetch(root, schedule, {"BENCH_PW": "pw"})
                ours_best = min(ours_best, time.perf_counter() - start)
                calls = len(fake.calls) - before
                assert result.skipped is None and result.new == args.notifications, result
            start = time.perf_counter()
            assert bare(base) == args.notifications
            bare_best = min(bare_best, time.perf_counter() - start)
    finally:
        server.stop()
    limit = math.ceil(args.notifications / 100) + 1
    ratio = ours_best / bare_best
    print(f"{args.notifications} notifications: {calls} calls (limit {limit})")
    print(f"smmgen inbox fetch {ours_best * 1000:.0f} ms, bare SDK loop {bare_best * 1000:.0f} ms")
    print(f"ratio {ratio:.2f} (target ≤ {TARGET})")
    ok = calls <= limit and ratio <= TARGET
    print("OK" if ok else "MISSED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

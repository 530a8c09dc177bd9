"""Benchmark publishing to Bluesky: smmgen's adapter against a bare atproto SDK loop.

Starts the local PDS of the tests (tests/pds/start.mjs; install its packages
first, see .ci/run), creates two fresh accounts, and publishes N posts to each:
one through ``smmgen.adapters.bluesky`` (deterministic record key, getRecord,
createRecord, facet detection), one with the SDK directly making the same XRPC
calls (getRecord at the key, then createRecord). Both run in the same process
against the same PDS, in alternating batches so machine load hits both alike.

Prints both times and the ratio (target ≤ 1.2×).

Run: .venv/bin/python benchmarks/publish.py [--posts N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.helpers

from smmgen.adapters.base import SendRequest  # noqa: E402
from smmgen.adapters.bluesky import POST, Bluesky, record_key  # noqa: E402
from smmgen.model import Account  # noqa: E402
from tests.helpers.pds import INSTALL_HINT, NODE_MODULES, LocalPds, PdsAccount  # noqa: E402

TARGET = 1.2
BATCHES = 10
LANGS = ["en"]


def text(n: int) -> str:
    return f"Post number {n} of the publishing benchmark: plain text, about a tweet long."


def ours(server: LocalPds, user: PdsAccount) -> Any:
    """Returns a function that publishes posts ``range(start, stop)`` through the adapter."""
    account = Account(
        "bench",
        "bluesky",
        {"handle": user.handle, "password_env": "PW", "service": server.url, "langs": LANGS},
        1,
    )
    adapter = Bluesky(account, {"password_env": user.password})
    adapter.client()  # log in outside the timed loop, as the bare loop does

    def run(start: int, stop: int) -> None:
        for n in range(start, stop):
            adapter.send(SendRequest(f"bench-{n}", f"p{n}", account, (text(n),), (), None, None))

    return run


def bare(server: LocalPds, user: PdsAccount) -> Any:
    """The same calls with the SDK alone: getRecord at the key, then createRecord."""
    from atproto import Client, models
    from atproto_client.exceptions import BadRequestError

    client = Client(base_url=server.url)
    client.login(user.handle, user.password, fetch_bsky_profile=False)

    def run(start: int, stop: int) -> None:
        for n in range(start, stop):
            rkey = record_key(f"bench-{n}", 0)
            try:
                client.com.atproto.repo.get_record(
                    {"repo": user.did, "collection": POST, "rkey": rkey}
                )
                continue
            except BadRequestError:
                pass
            record = models.AppBskyFeedPost.Record(
                text=text(n), created_at=client.get_current_time_iso(), langs=LANGS
            )
            client.com.atproto.repo.create_record(
                {"repo": user.did, "collection": POST, "rkey": rkey, "record": record}
            )

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200)
    args = parser.parse_args()
    if not NODE_MODULES.is_dir():
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="smmgen-bench-") as tmp:
        server = LocalPds(Path(tmp) / "data")
        started = time.perf_counter()
        server.start()
        print(f"local PDS up at {server.url} in {time.perf_counter() - started:.1f} s")
        try:
            runs = {"adapter": ours, "bare SDK": bare}
            publish = {
                name: make(server, server.create_account(f"bench{i}"))
                for i, (name, make) in enumerate(runs.items())
            }
            # Warm both paths (imports, connections, JIT of the PDS) before timing.
            for run in publish.values():
                run(args.posts, args.posts + 5)
            spent = dict.fromkeys(publish, 0.0)
            size = max(1, args.posts // BATCHES)
            for batch, start in enumerate(range(0, args.posts, size)):
                order = list(publish) if batch % 2 == 0 else list(reversed(publish))
                for name in order:
                    t0 = time.perf_counter()
                    publish[name](start, min(start + size, args.posts))
                    spent[name] += time.perf_counter() - t0
        finally:
            server.stop()
    ratio = spent["adapter"] / spent["bare SDK"]
    for name, seconds in spent.items():
        print(
            f"{name:>9}: {seconds:6.2f} s for {args.posts} posts "
            f"({1000 * seconds / args.posts:.1f} ms/post)"
        )
    verdict = "ok" if ratio <= TARGET else "OVER TARGET"
    print(f"    ratio: {ratio:.2f}× (target ≤ {TARGET}×) {verdict}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

"""Mastodon and X readers against local servers speaking their documented APIs.

Mastodon: ``GET /api/v1/statuses?id[]=`` (4.3+, at most 20), ``/statuses/:id``,
``/api/v1/instance``, ``/accounts/verify_credentials``
(https://docs.joinmastodon.org/methods/statuses/). X: ``GET /2/tweets?ids=``
with ``tweet.fields=public_metrics`` (at most 100) and ``/2/users/me``
(https://docs.x.com/x-api/posts/post-lookup-by-post-ids), OAuth 1.0a signed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.ledger import Record
from smmgen.stats.collect import Options
from smmgen.stats.collect import collect as run_collect
from smmgen.stats.sources import load
from tests.helpers.stats import collect, ledger, repo_with, rows

TOKEN = "masto-secret-token-123"
X_ENV = {
    "X_KEY": "xkey-abcdefghijkl",
    "X_SECRET": "xsecret-abcdefghijkl",
    "X_TOKEN": "xtoken-abcdefghijkl",
    "X_TOKEN_SECRET": "xtokensecret-abcdefghijkl",
}


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body), status=status, content_type="application/json", headers=headers
    )


class FakeMastodon:
    """A Mastodon server: statuses by id (None = deleted), a version, a follower count."""

    def __init__(self, server: HTTPServer, version: str = "4.3.2") -> None:
        self.version = version
        self.statuses: dict[str, dict[str, Any]] = {}
        self.list_calls: list[list[str]] = []
        self.single_calls: list[str] = []
        self.denied = False
        self.limited: list[str] = []  # Retry-After values of 429s still to send
        self.broken: set[str] = set()  # ids whose single lookup fails with 500
        server.expect_request("/api/v1/instance").respond_with_handler(self.instance)
        server.expect_request("/api/v1/statuses").respond_with_handler(self.many)
        server.expect_request("/api/v1/accounts/verify_credentials").respond_with_handler(self.me)
        server.expect_request(re.compile(r"^/api/v1/statuses/\d+$")).respond_with_handler(self.one)

    def _refuse(self, request: Request) -> Response | None:
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        if self.denied:
            return _json({"error": "This action is outside the authorized scopes"}, 403)
        if self.limited:
            return _json({"error": "Too many requests"}, 429, {"Retry-After": self.limited.pop(0)})
        return None

    def instance(self, request: Request) -> Response:
        return _json({"uri": "masto.test", "version": self.version})

    def many(self, request: Request) -> Response:
        if self.version < "4.3":
            return _json({"error": "Record not found"}, 404)  # no such route before 4.3
        ids = request.args.getlist("id[]")
        self.list_calls.append(ids)
        if len(ids) > 20:
            return _json({"error": "Too many statuses requested"}, 422)
        return self._refuse(request) or _json([self.statuses[i] for i in ids if i in self.statuses])

    def one(self, request: Request) -> Response:
        sid = request.path.rsplit("/", 1)[1]
        self.single_calls.append(sid)
        if sid in self.broken:
            return _json({"error": "boom"}, 500)
        if sid not in self.statuses:
            return self._refuse(request) or _json({"error": "Record not found"}, 404)
        return self._refuse(request) or _json(self.statuses[sid])

    def me(self, request: Request) -> Response:
        return self._refuse(request) or _json({"id": "1", "followers_count": 321})


def status(sid: str, **counts: Any) -> dict[str, Any]:
    body = {"id": sid, "content": "<p>x</p>", "favourites_count": 1, "reblogs_count": 2}
    return body | {"replies_count": 3} | counts


def masto_repo(root: Path, server: HTTPServer, extra: str = "") -> Path:
    return repo_with(
        root,
        "  masto:\n    network: mastodon\n"
        f"    instance: {server.url_for('').rstrip('/')}\n    token_env: MASTO_TOKEN\n" + extra,
    )


X_ACCOUNT = (
    "  xacct:\n    network: x\n    api_key_env: X_KEY\n    api_secret_env: X_SECRET\n"
    "    access_token_env: X_TOKEN\n    access_token_secret_env: X_TOKEN_SECRET\n"
)


def test_mastodon_batches_twenty_and_keeps_absent_apart_from_zero(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    masto = FakeMastodon(httpserver)
    ids = [str(1000 + i) for i in range(45)]
    for sid in ids:
        masto.statuses[sid] = status(sid)
    masto.statuses["1001"] = status("1001", quotes_count=0)  # 4.5 sends quotes
    masto.statuses["1002"] = status("1002", favourites_count="17", reblogs_count=-1)
    masto.statuses["1003"] = status("1003", favourites_count=10**20)
    del masto.statuses["1044"]  # deleted
    root = masto_repo(tmp_path, httpserver)
    ledger(root, [(f"p{sid}", "masto", sid) for sid in ids])

    result = collect(root, "--at", "2026-12-01 11:00", env={"MASTO_TOKEN": TOKEN})

    assert result.exit_code == 0, result.output
    assert [len(c) for c in masto.list_calls] == [20, 20, 5]
    assert masto.single_calls == ["1044"]  # only the one missing from the list
    got = {r["post"]: r for r in rows(root) if r["post"]}
    assert got["p1044"]["status"] == "deleted"
    assert (got["p1000"]["likes"], got["p1000"]["quotes"]) == ("1", "")  # not sent: empty
    assert got["p1001"]["quotes"] == "0"  # sent as 0: zero
    assert (got["p1002"]["likes"], got["p1002"]["reposts"]) == ("17", "")
    assert got["p1003"]["likes"] == ""
    assert "reblogs_count = '-1' is not a count" in result.output
    assert "favourites_count = '100000000000000000000' is not a count" in result.output
    assert got["p1000"]["views"] == ""  # Mastodon has no views
    assert [r["followers"] for r in rows(root) if not r["post"]] == ["321"]
    assert TOKEN not in result.output


def test_mastodon_before_4_3_reads_one_status_at_a_time(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    masto = FakeMastodon(httpserver, version="4.2.10")
    for sid in ("1", "2", "3"):
        masto.statuses[sid] = status(sid)
    root = masto_repo(tmp_path, httpserver)
    ledger(root, [(f"p{sid}", "masto", sid) for sid in ("1", "2", "3")])
    assert collect(root, "--at", "2026-12-01 11:00", env={"MASTO_TOKEN": TOKEN}).exit_code == 0
    assert (masto.list_calls, sorted(masto.single_calls)) == ([], ["1", "2", "3"])
    assert len([r for r in rows(root) if r["post"]]) == 3


def test_a_partial_batch_failure_keeps_the_rest_and_asks_again_next_run(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    masto = FakeMastodon(httpserver)
    for sid in ("1", "2", "3"):
        masto.statuses[sid] = status(sid)
    root = masto_repo(tmp_path, httpserver)
    ledger(root, [(f"p{sid}", "masto", sid) for sid in ("1", "2", "3")])
    # The list leaves status 2 out (e.g. a replica lagging) and its own lookup fails.
    original = masto.statuses.pop("2")
    masto.broken.add("2")
    result = collect(root, "--at", "2026-12-01 11:00", env={"MASTO_TOKEN": TOKEN})
    assert result.exit_code == 0
    assert "HTTP 500" in result.output
    assert sorted(r["post"] for r in rows(root) if r["post"]) == ["p1", "p3"]
    masto.statuses["2"], masto.broken = original, set()
    assert collect(root, "--at", "2026-12-01 11:10", env={"MASTO_TOKEN": TOKEN}).exit_code == 0
    assert masto.list_calls[-1] == ["2"]
    assert sorted(r["post"] for r in rows(root) if r["post"]) == ["p1", "p2", "p3"]


def test_missing_permission_is_reported_once_and_the_other_accounts_go_on(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    masto = FakeMastodon(httpserver)
    masto.denied = True
    for sid in ("1", "2"):
        masto.statuses[sid] = status(sid)
    second = HTTPServer()
    second.start()
    try:
        other = FakeMastodon(second)
        other.statuses["9"] = status("9")
        root = masto_repo(
            tmp_path,
            httpserver,
            f"  masto2:\n    network: mastodon\n    instance: {second.url_for('').rstrip('/')}\n"
            "    token_env: MASTO_TOKEN\n",
        )
        ledger(root, [("p1", "masto", "1"), ("p2", "masto", "2"), ("p9", "masto2", "9")])
        result = collect(root, "--at", "2026-12-01 11:00", env={"MASTO_TOKEN": TOKEN})
    finally:
        second.clear()
        second.stop()
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 1
    assert "account 'masto' (mastodon)" in skipped[0] and "HTTP 403" in skipped[0]
    assert "$MASTO_TOKEN" in skipped[0]
    assert [(r["account"], r["post"]) for r in rows(root)] == [("masto2", ""), ("masto2", "p9")]


def test_mastodon_rate_limit_honours_retry_after_within_bounds(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    masto = FakeMastodon(httpserver)
    masto.statuses["1"] = status("1")
    masto.limited = ["5", "7"]
    root = masto_repo(tmp_path, httpserver)
    ledger(root, [("p1", "masto", "1")])
    waits: list[float] = []
    at = dt.datetime(2026, 12, 1, 11, tzinfo=dt.UTC)
    report = run_collect(
        load(root), Options(at=at, environ={"MASTO_TOKEN": TOKEN}, sleep=waits.append)
    )
    assert (waits, report.ok, len(report.rows)) == ([5.0, 7.0], True, 2)

    masto.limited = ["86400"]  # a day: not waited for, left to the next run
    later = at + dt.timedelta(days=2)
    report = run_collect(
        load(root), Options(at=later, environ={"MASTO_TOKEN": TOKEN}, sleep=waits.append)
    )
    assert waits == [5.0, 7.0] and not report.ok
    assert "HTTP 429" in report.errors[0] and "retry after 86400 s" in report.errors[0]


class FakeX:
    """The X API v2: posts by id with public_metrics, the account, paid access or not."""

    def __init__(self, server: HTTPServer) -> None:
        self.tweets: dict[str, dict[str, Any]] = {}
        self.calls: list[list[str]] = []
        self.enrolled = True
        self.protected: set[str] = set()
        server.expect_request("/2/tweets").respond_with_handler(self.lookup)
        server.expect_request("/2/users/me").respond_with_handler(self.me)

    def _refuse(self, request: Request) -> Response | None:
        assert request.headers["Authorization"].startswith("OAuth ")
        assert 'oauth_consumer_key="xkey-abcdefghijkl"' in request.headers["Authorization"]
        if not self.enrolled:
            return _json(
                {
                    "client_id": "123",
                    "detail": "When authenticating requests to the Twitter API v2 endpoints, "
                    "you must use keys and tokens from a Twitter developer App that is "
                    "attached to a Project.",
                    "registration_url": "https://developer.twitter.com/en/docs/projects/overview",
                    "title": "Client Forbidden",
                    "required_enrollment": "Appropriate Level of API Access",
                    "reason": "client-not-enrolled",
                    "type": "https://api.twitter.com/2/problems/client-forbidden",
                },
                403,
            )
        return None

    def lookup(self, request: Request) -> Response:
        refused = self._refuse(request)
        if refused:
            return refused
        ids = request.args["ids"].split(",")
        assert request.args["tweet.fields"] == "public_metrics"
        self.calls.append(ids)
        if len(ids) > 100:
            return _json({"title": "Invalid Request"}, 400)
        data = [self.tweets[i] for i in ids if i in self.tweets and i not in self.protected]
        errors = [
            {
                "value": i,
                "detail": f"Could not find tweet with ids: [{i}].",
                "title": "Not Found Error",
                "resource_type": "tweet",
                "parameter": "ids",
                "resource_id": i,
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            }
            for i in ids
            if i not in self.tweets
        ] + [
            {
                "value": i,
                "detail": f"Sorry, you are not authorized to see the Tweet with ids: [{i}].",
                "title": "Authorization Error",
                "resource_type": "tweet",
                "parameter": "ids",
                "resource_id": i,
                "type": "https://api.twitter.com/2/problems/not-authorized-for-resource",
            }
            for i in ids
            if i in self.protected
        ]
        body: dict[str, Any] = {"data": data} if data else {}
        return _json(body | ({"errors": errors} if errors else {}))

    def me(self, request: Request) -> Response:
        refused = self._refuse(request)
        metrics = {"followers_count": 4200, "following_count": 10, "tweet_count": 99}
        data = {"id": "7", "username": "ours", "public_metrics": metrics}
        return refused or _json({"data": data})


def tweet(tid: str, **metrics: Any) -> dict[str, Any]:
    public = {"retweet_count": 1, "reply_count": 2, "like_count": 3, "quote_count": 0}
    return {"id": tid, "text": "x", "public_metrics": public | {"impression_count": 50} | metrics}


def x_repo(root: Path, server: HTTPServer, extra: str = "") -> Path:
    return repo_with(root, X_ACCOUNT + f"    api_base: {server.url_for('').rstrip('/')}\n" + extra)


def test_x_reads_a_hundred_posts_a_call_with_views_and_deletions(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    fake = FakeX(httpserver)
    ids = [str(10**18 + i) for i in range(150)]
    for tid in ids[:-1]:
        fake.tweets[tid] = tweet(tid)
    fake.tweets[ids[0]] = tweet(ids[0], bookmark_count=4, like_count="8")
    fake.protected.add(ids[1])
    root = x_repo(tmp_path, httpserver)
    ledger(root, [(f"p{i}", "xacct", tid) for i, tid in enumerate(ids)])

    result = collect(root, "--at", "2026-12-01 11:00", env=X_ENV)

    assert result.exit_code == 0, result.output
    assert [len(c) for c in fake.calls] == [100, 50]
    got = {r["post"]: r for r in rows(root) if r["post"]}
    assert got["p149"]["status"] == "deleted"
    assert "p1" not in got and "Authorization Error" in result.output  # asked again next run
    first = got["p0"]
    assert [first[m] for m in ("likes", "reposts", "replies", "quotes", "saves", "views")] == [
        "8",
        "1",
        "2",
        "0",
        "4",
        "50",
    ]
    assert got["p2"]["saves"] == ""  # bookmark_count not sent: empty, not 0
    assert [r["followers"] for r in rows(root) if not r["post"]] == ["4200"]
    assert not any(v in result.output for v in X_ENV.values())


def test_x_without_paid_reads_is_skipped_once_and_mastodon_goes_on(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    fake = FakeX(httpserver)
    fake.enrolled = False
    masto = FakeMastodon(httpserver)
    masto.statuses["5"] = status("5")
    for tid in ("1", "2", "3"):
        fake.tweets[tid] = tweet(tid)
    root = x_repo(
        tmp_path,
        httpserver,
        "  masto:\n    network: mastodon\n"
        f"    instance: {httpserver.url_for('').rstrip('/')}\n    token_env: MASTO_TOKEN\n",
    )
    ledger(root, [(f"x{t}", "xacct", t) for t in ("1", "2", "3")] + [("m5", "masto", "5")])

    result = collect(root, "--at", "2026-12-01 11:00", env={**X_ENV, "MASTO_TOKEN": TOKEN})

    assert result.exit_code == 0, result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 1 and "client-not-enrolled" in skipped[0]
    assert "paid API access" in skipped[0]
    assert {r["account"] for r in rows(root)} == {"masto"}


def test_a_mastodon_thread_is_measured_part_by_part_and_summed(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    masto = FakeMastodon(httpserver)
    # Each later part is our own reply to the one before: 2 of the 3+1+1 replies are ours.
    masto.statuses["201"] = status("201", favourites_count=5, reblogs_count=1, replies_count=3)
    masto.statuses["202"] = status("202", favourites_count=2, reblogs_count=0, replies_count=1)
    masto.statuses["203"] = status("203", favourites_count=1, reblogs_count=4, replies_count=1)
    masto.statuses["300"] = status("300", favourites_count=9, reblogs_count=9, replies_count=9)
    root = masto_repo(tmp_path, httpserver)
    path = root / "state" / "published.jsonl"
    path.parent.mkdir(parents=True)
    # A sent thread lists every part's id, as `smmgen publish` records it.
    path.write_text(
        Record("long", "masto", "k-long", "sent", "2026-12-01T09:00:00+00:00", "run-1",
               remote_id="201", parts=("201", "202", "203")).line()
        + Record("short", "masto", "k-short", "sent", "2026-12-01T09:00:00+00:00", "run-1",
                 remote_id="300").line(),
        "utf-8",
    )  # fmt: skip
    result = collect(root, "--at", "2026-12-01 11:00", env={"MASTO_TOKEN": TOKEN})
    assert result.exit_code == 0, result.output
    assert sorted(masto.list_calls[0]) == ["201", "202", "203", "300"]
    got = {r["post"]: r for r in rows(root) if r["post"]}
    assert (got["long"]["likes"], got["long"]["reposts"], got["long"]["replies"]) == (
        "8",
        "5",
        "3",
    )
    assert (got["short"]["likes"], got["short"]["replies"]) == ("9", "9")


def test_access_lost_after_some_batches_keeps_what_they_fetched(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """A 403 in the second batch skips the account once; the first batch's numbers stay."""
    masto: FakeMastodon | None = None

    def many(request: Request) -> Response:
        assert masto is not None
        answer = masto.many(request)
        masto.denied = True  # the token is revoked after the first batch
        return answer

    httpserver.expect_request("/api/v1/statuses").respond_with_handler(many)
    masto = FakeMastodon(httpserver)
    ids = [str(100 + i) for i in range(30)]
    for sid in ids:
        masto.statuses[sid] = status(sid)
    root = masto_repo(tmp_path, httpserver)
    ledger(root, [(f"p{sid}", "masto", sid) for sid in ids])
    result = collect(root, "--at", "2026-12-01 11:00", env={"MASTO_TOKEN": TOKEN})
    assert result.exit_code == 0, result.output
    assert [len(c) for c in masto.list_calls] == [20, 10]
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 1 and "HTTP 403" in skipped[0]
    got = sorted(r["post"] for r in rows(root) if r["post"])
    assert got == sorted(f"p{sid}" for sid in ids[:20])

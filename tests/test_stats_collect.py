"""`smmgen stats collect` on Bluesky accounts against a local server speaking the lexicon.

The real PDS (tests/test_stats_pds.py) has no AppView, so getPosts batching,
rate limits and the CSV store are tested here, on a server answering
``app.bsky.feed.getPosts`` / ``app.bsky.actor.getProfile`` as the lexicons
define them and ``com.atproto.repo.getRecord`` as a PDS does.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.cli import main
from smmgen.stats.collect import Options
from smmgen.stats.collect import collect as run_collect
from smmgen.stats.store import HEADER
from tests.helpers.stats import LexiconAppView, collect, git, ledger, repo_with, rows

DID = "did:plc:ours"


def uri(i: int) -> str:
    return f"at://{DID}/app.bsky.feed.post/3k{i:011d}"


def bluesky_repo(root: Path, server: HTTPServer, extra: str = "") -> Path:
    url = server.url_for("").rstrip("/")
    return repo_with(
        root,
        "  bsky:\n    network: bluesky\n    handle: ours.test\n    password_env: BSKY_PW\n"
        f"    service: {url}\n    appview: {url}\n",
        extra,
    )


def likes(n: int) -> dict[str, Any]:
    return {"likeCount": n, "repostCount": 1, "replyCount": 2, "quoteCount": 0}


def test_sixty_posts_take_three_getposts_calls_and_land_in_the_month_file(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = bluesky_repo(tmp_path, httpserver)
    ledger(root, [(f"p{i:02d}", "bsky", uri(i)) for i in range(60)])
    view = LexiconAppView(httpserver, lambda u: likes(int(u[-3:])))

    result = collect(root, "--at", "2026-12-01 11:00")

    assert result.exit_code == 0, result.output
    # (batches may be in flight together, so they arrive in any order)
    assert sorted(len(c) for c in view.calls) == [10, 25, 25]
    assert view.profile_calls == 1
    got = rows(root)
    assert (root / "stats" / "2026-12.csv").read_text("utf-8").startswith(HEADER)
    posts = {r["post"]: r for r in got if r["post"]}
    assert len(posts) == 60
    assert posts["p07"] | {} == {
        "at": "2026-12-01T11:00:00Z",
        "post": "p07",
        "account": "bsky",
        "network": "bluesky",
        "checkpoint": "1h",
        "status": "ok",
        "likes": "7",
        "reposts": "1",
        "replies": "2",
        "quotes": "0",  # sent as 0: kept as 0
        "saves": "",  # bookmarkCount not sent: empty, not 0
        "clicks": "",
        "views": "",
        "reach": "",
        "followers": "",
    }
    [account] = [r for r in got if not r["post"]]
    assert (account["account"], account["followers"]) == ("bsky", "7")


def test_a_run_fetches_only_what_is_due_on_the_decaying_schedule(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = bluesky_repo(tmp_path, httpserver)
    ledger(root, [("p", "bsky", uri(1))])
    view = LexiconAppView(httpserver, lambda u: likes(3))

    assert collect(root, "--at", "2026-12-01 09:30").exit_code == 0  # 30 min: nothing due
    assert view.calls == []
    for at, checkpoint in [
        ("2026-12-01 10:05", "1h"),
        ("2026-12-01 10:10", None),  # already measured at 1 h
        ("2026-12-02 12:00", "24h"),
        ("2026-12-20 12:00", "7d"),
        ("2027-01-15 12:00", "30d"),
        ("2027-02-05 12:00", "60d"),
        ("2027-02-06 12:00", None),
        ("2028-06-01 12:00", "360d"),
        ("2028-09-01 12:00", None),  # a year is over: never again
    ]:
        before = len(view.calls)
        assert collect(root, "--at", at).exit_code == 0
        assert len(view.calls) == before + (checkpoint is not None), at
        if checkpoint:
            assert [r["checkpoint"] for r in rows(root) if r["post"]][-1] == checkpoint
    assert sorted(p.name for p in (root / "stats").iterdir()) == [
        "2026-12.csv",
        "2027-01.csv",
        "2027-02.csv",
        "2028-06.csv",
        "2028-09.csv",  # the follower count of that run
    ]


def test_the_schedule_is_configurable_and_checked_with_file_and_line(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = bluesky_repo(tmp_path, httpserver, "stats:\n  after: [2h]\n  until: 2d\n")
    ledger(root, [("p", "bsky", uri(1))])
    view = LexiconAppView(httpserver, lambda u: likes(3))
    assert collect(root, "--at", "2026-12-01 10:30").exit_code == 0
    assert view.calls == []  # 1 h is not a checkpoint any more
    assert collect(root, "--at", "2026-12-01 11:30").exit_code == 0
    assert [r["checkpoint"] for r in rows(root) if r["post"]] == ["2h"]

    schedule = root / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace("2d", "soon"), "utf-8")
    result = collect(root)
    assert result.exit_code == 2
    from smmgen.schedule import read_schedule

    _, problems = read_schedule(root, schedule)
    [problem] = [p for p in problems if p.rule == "schedule/stats"]
    assert (problem.line, "'soon' is not a duration" in problem.message) == (11, True)


def test_a_deleted_post_is_recorded_once_and_never_asked_for_again(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = bluesky_repo(tmp_path, httpserver)
    ledger(root, [("kept", "bsky", uri(1)), ("gone", "bsky", uri(2)), ("late", "bsky", uri(3))])
    # uri(3) exists on the PDS but the AppView has not indexed it yet.
    indexed = {uri(1): likes(1)}

    def record(request: Request) -> Response:
        rkey = request.args["rkey"]
        if uri(2).endswith(rkey):
            body, status = {"error": "RecordNotFound", "message": "Could not locate record"}, 400
        else:
            body, status = {"uri": "x", "cid": "y", "value": {}}, 200
        return Response(json.dumps(body), status=status, content_type="application/json")

    view = LexiconAppView(httpserver, lambda u: indexed.get(u))
    httpserver.handlers.clear()
    httpserver.expect_request("/xrpc/app.bsky.feed.getPosts").respond_with_handler(view.posts)
    httpserver.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_handler(view.profile)
    httpserver.expect_request("/xrpc/com.atproto.repo.getRecord").respond_with_handler(record)

    assert collect(root, "--at", "2026-12-01 10:30").exit_code == 0
    got = {r["post"]: r["status"] for r in rows(root) if r["post"]}
    assert got == {"kept": "ok", "gone": "deleted"}  # "late": no row, asked again
    assert collect(root, "--at", "2026-12-02 10:30").exit_code == 0
    assert sorted(view.calls[-1]) == sorted([uri(1), uri(3)])
    assert [r["post"] for r in rows(root) if r["status"] == "deleted"] == ["gone"]


def test_a_rate_limit_is_waited_out_as_the_server_says(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = bluesky_repo(tmp_path, httpserver)
    ledger(root, [("p", "bsky", uri(1))])
    view = LexiconAppView(httpserver, lambda u: likes(4))
    limited = {"left": 1}

    def posts(request: Request) -> Response:
        if limited["left"]:
            limited["left"] -= 1
            return Response("{}", status=429, headers={"Retry-After": "3"})
        return view.posts(request)

    httpserver.handlers.clear()
    httpserver.expect_request("/xrpc/app.bsky.feed.getPosts").respond_with_handler(posts)
    httpserver.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_handler(view.profile)

    from smmgen.stats.sources import load

    waits: list[float] = []
    at = dt.datetime(2026, 12, 1, 11, tzinfo=dt.UTC)
    report = run_collect(load(root), Options(at=at, environ={}, sleep=waits.append))
    assert (waits, report.ok) == ([3.0], True)
    assert [r.counts.likes for r in report.rows if r.post] == [4]


def test_a_long_rate_limit_is_left_to_the_next_run_and_nothing_fetched_is_lost(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = bluesky_repo(tmp_path, httpserver)
    ledger(root, [(f"p{i:02d}", "bsky", uri(i)) for i in range(30)])
    view = LexiconAppView(httpserver, lambda u: likes(5))

    def posts(request: Request) -> Response:
        if uri(25) in request.args.getlist("uris"):  # the second batch: limited for an hour
            view.calls.append(request.args.getlist("uris"))
            return Response("{}", status=429, headers={"Retry-After": "3600"})
        return view.posts(request)

    httpserver.handlers.clear()
    httpserver.expect_request("/xrpc/app.bsky.feed.getPosts").respond_with_handler(posts)
    httpserver.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_handler(view.profile)

    result = collect(root, "--at", "2026-12-01 11:00")
    assert result.exit_code == 1
    assert "HTTP 429" in result.output and "retry after 3600 s" in result.output
    assert len([r for r in rows(root) if r["post"]]) == 25  # the first batch is kept
    view.calls.clear()
    httpserver.handlers.clear()
    LexiconAppView(httpserver, lambda u: likes(5))
    assert collect(root, "--at", "2026-12-01 11:05").exit_code == 0
    assert len([r for r in rows(root) if r["post"]]) == 30


def test_hostile_values_from_the_server_are_left_empty_and_reported(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = bluesky_repo(tmp_path, httpserver)
    ledger(root, [("p", "bsky", uri(1))])
    LexiconAppView(
        httpserver,
        lambda u: {
            "likeCount": "12",
            "repostCount": -3,
            "replyCount": 10**30,
            "quoteCount": 3_000_000_000,
        },
    )
    result = collect(root, "--at", "2026-12-01 11:00")
    assert result.exit_code == 0
    [row] = [r for r in rows(root) if r["post"]]
    assert (row["likes"], row["reposts"], row["replies"], row["quotes"]) == (
        "12",  # a string of digits is a count
        "",
        "",
        "3000000000",
    )
    assert "repostCount = '-3' is not a count" in result.output
    assert "replyCount" in result.output


def test_a_row_edited_into_nonsense_is_reported_with_file_and_line_and_skipped(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = bluesky_repo(tmp_path, httpserver)
    ledger(root, [("p", "bsky", uri(1))])
    view = LexiconAppView(httpserver, lambda u: likes(1))
    assert collect(root, "--at", "2026-12-01 11:00").exit_code == 0
    path = root / "stats" / "2026-12.csv"
    lines = path.read_text("utf-8").splitlines()
    post_line = next(i for i, line in enumerate(lines, 1) if ",p," in line)
    lines[post_line - 1] = lines[post_line - 1].replace(",1,1,2,", ",lots,1,2,")
    lines.append("hello, world")
    path.write_text("\n".join(lines) + "\n", "utf-8")

    result = collect(root, "--at", "2026-12-01 11:10")
    assert result.exit_code == 0
    assert f"stats/2026-12.csv:{post_line}: 'likes' is 'lots'" in result.output
    assert f"stats/2026-12.csv:{len(lines)}: 2 values where" in result.output
    # The broken row no longer counts as a measurement: the post is measured again.
    assert len(view.calls) == 2


def test_only_limits_the_run_to_one_account(tmp_path: Path, httpserver: HTTPServer) -> None:
    root = bluesky_repo(tmp_path, httpserver)
    schedule = root / "schedule.yaml"
    url = httpserver.url_for("").rstrip("/")
    schedule.write_text(
        schedule.read_text("utf-8")
        + f"  other:\n    network: bluesky\n    handle: o.test\n    password_env: O\n"
        f"    service: {url}\n    appview: {url}\n",
        "utf-8",
    )
    ledger(root, [("p", "bsky", uri(1)), ("p", "other", uri(2))])
    LexiconAppView(httpserver, lambda u: likes(1))
    assert collect(root, "--at", "2026-12-01 11:00", "--only", "other").exit_code == 0
    assert {r["account"] for r in rows(root)} == {"other"}
    assert collect(root, "--only", "nobody").exit_code == 2


def test_commit_puts_the_month_files_beside_the_ledger_on_the_state_branch(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = bluesky_repo(tmp_path / "repo", httpserver)
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "plan")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "-q", "origin", "main")
    ledger(root, [("p", "bsky", uri(1))])
    LexiconAppView(httpserver, lambda u: likes(2))

    result = collect(root, "--at", "2026-12-01 11:00", "--commit")
    assert result.exit_code == 0, result.output
    on_branch = git(origin, "show", "smmgen-state:stats/2026-12.csv")
    assert on_branch == (root / "stats" / "2026-12.csv").read_text("utf-8")
    assert ",p,bsky,bluesky,1h,ok,2," in on_branch
    assert git(origin, "log", "--format=%s", "smmgen-state") == "stats: snapshot 2026-12-01 11:00\n"
    assert git(origin, "log", "--format=%s", "main") == "plan\n"  # the default branch untouched

    # A fresh checkout (CI) learns from the branch what was measured already.
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    ledger(clone, [("p", "bsky", uri(1))])
    again = collect(clone, "--at", "2026-12-01 11:30", "--commit")
    assert again.exit_code == 0 and "measured 0 of 0" in again.output
    # The report in a checkout without stats/ reads the branch as last fetched.
    (clone / "stats" / "2026-12.csv").unlink()
    args = ["stats", "--root", str(clone), "--at", "2026-12-02 00:00", "--format", "json"]
    report = CliRunner().invoke(main, args)
    assert [p["post"] for p in json.loads(report.stdout)["posts"]] == ["p"]


def test_a_thousand_posts_over_two_years_stay_under_five_megabytes() -> None:
    """Nightly runs over two years on the default schedule, for a tenth of the posts."""
    from smmgen.stats.due import DEFAULT, Published
    from smmgen.stats.due import due as due_now
    from smmgen.stats.metrics import Counts
    from smmgen.stats.store import Row

    start = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    items = [
        Published(
            f"{(start + dt.timedelta(days=7.3 * i)):%Y-%m}/fruehjahrsaktion-mit-langem-namen-{i}",
            "mastodon-hauptkonto",
            "mastodon",
            str(10**17 + i),
            "k",
            start + dt.timedelta(days=7.3 * i),
        )
        for i in range(100)
    ]
    rows: list[Row] = []
    posts_size = followers_size = 0
    for night in range(730):
        at = start + dt.timedelta(days=night, hours=18)
        for d in due_now([i for i in items if i.at <= at], rows, DEFAULT, at):
            counts = Counts(123456, 12345, 1234, 123, None, None, None, None)
            row = Row(at, d.item.post, d.item.account, d.item.network, d.checkpoint, "ok", counts)
            rows.append(row)
            posts_size += len(row.line())
        # One follower row a night for each of ten accounts (not scaled).
        followers = Row(at, "", "mastodon-hauptkonto", "mastodon", followers=123456)
        followers_size += 10 * len(followers.line())
    assert max(len([r for r in rows if r.post == p.post]) for p in items) <= 15
    assert posts_size * 10 + followers_size < 5_000_000, (posts_size, followers_size)


def test_bluesky_batches_are_in_flight_together(tmp_path: Path) -> None:
    """Four getPosts calls at once: the AppView sees them overlap; rows keep the ledger's order."""
    import threading

    server = HTTPServer(threaded=True)
    server.start()
    try:
        root = bluesky_repo(tmp_path, server)
        ledger(root, [(f"p{i:03d}", "bsky", uri(i)) for i in range(100)])
        view = LexiconAppView(server, lambda u: likes(int(u[-3:])))
        # Each call waits until four are in: a client sending one at a time fails here.
        together = threading.Barrier(4, timeout=10)

        def posts(request: Request) -> Response:
            try:
                together.wait()
            except threading.BrokenBarrierError:
                return Response("{}", status=400)
            return view.posts(request)

        server.handlers.clear()
        server.expect_request("/xrpc/app.bsky.feed.getPosts").respond_with_handler(posts)
        server.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_handler(view.profile)
        result = collect(root, "--at", "2026-12-01 11:00")
    finally:
        server.clear()
        server.stop()
    assert result.exit_code == 0, result.output
    assert len(view.calls) == 4
    posts_in_file = [r["post"] for r in rows(root) if r["post"]]
    assert posts_in_file == [f"p{i:03d}" for i in range(100)]
    assert [r["likes"] for r in rows(root) if r["post"]][:3] == ["0", "1", "2"]


def test_a_thread_whose_sent_record_lists_no_parts_is_read_part_by_part(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """Ledgers from before sent records listed every part: the post file says how many
    parts went out (when its content key is the one sent); the parts are summed."""
    from smmgen.adapters.bluesky import record_key
    from smmgen.ledger import Record
    from smmgen.publish import load

    root = bluesky_repo(tmp_path, httpserver)
    long = ("Erster Absatz über den Winter in den Bergen. " * 5).strip()
    for name, thread in [("thread", "true"), ("single", "false")]:
        (root / "content" / f"{name}.md").write_text(
            f"---\npublish_at: 2026-12-01 09:00\nnetworks: [bsky]\nthread: {thread}\n---\n\n"
            f"{long}\n\n{long}\n",
            "utf-8",
        )
    ctx = load(root)
    keys = {p.id: ctx.key(p, "bsky") for p in ctx.posts}
    assert len(ctx.rendered(next(p for p in ctx.posts if p.id == "thread"), "bsky").parts) == 2
    second = f"at://{DID}/app.bsky.feed.post/{record_key(keys['thread'], 1)}"
    (root / "state").mkdir()
    (root / "state" / "published.jsonl").write_text(
        "".join(
            Record(post, "bsky", keys[post], "sent", "2026-12-01T09:00:00+00:00", "r",
                   remote_id=uri(n)).line()
            for n, post in enumerate(["thread", "single"])
        ),
        "utf-8",
    )  # fmt: skip
    counts = {uri(0): (5, 1), second: (2, 0), uri(1): (4, 0)}  # likes, replies
    view = LexiconAppView(
        httpserver, lambda u: {"likeCount": counts[u][0], "replyCount": counts[u][1]}
    )

    assert collect(root, "--at", "2026-12-01 10:30").exit_code == 0

    assert sorted(view.calls[0]) == sorted([uri(0), second, uri(1)])
    got = {r["post"]: (r["likes"], r["replies"]) for r in rows(root) if r["post"]}
    # The second part's reply to the first is the thread itself, not the audience.
    assert got == {"thread": ("7", "0"), "single": ("4", "0")}


def test_tls_certificates_that_are_not_there_are_reported_not_a_traceback(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = bluesky_repo(tmp_path, httpserver)
    ledger(root, [("p01", "bsky", uri(1))])
    missing = tmp_path / "no-such-roots.pem"

    result = collect(root, "--at", "2026-12-01 11:00", env={"SSL_CERT_FILE": str(missing)})

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"the TLS certificates could not be loaded (SSL_CERT_FILE={missing}" in result.output
    assert "No such file or directory" in result.output

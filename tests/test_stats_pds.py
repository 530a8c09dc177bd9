"""`smmgen stats collect` end to end on a real local Bluesky PDS.

Our account publishes with `smmgen publish` (a single post, a two-part thread
and one it later deletes); a second account likes, reposts, replies to,
quotes and follows, all as real records on the PDS. A bare PDS has no
AppView, so ``app.bsky.feed.getPosts``/``getProfile`` are answered by a
stand-in on a local server that counts the real records in both repositories
(``com.atproto.repo.listRecords``) the way the AppView indexes them; the
deletion is confirmed by the real PDS (``com.atproto.repo.getRecord``).

Not verified here: the real AppView's counting (its indexing delay, takedowns,
``bookmarkCount``), which only the production network has.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.cli import main
from smmgen.ledger import Ledger, fold
from tests.helpers.stats import collect, rows

if TYPE_CHECKING:
    from tests.helpers.pds import LocalPds, PdsAccount

pytest_plugins = ["tests.helpers.pds"]

LONG = ("Erster Absatz über den Winter in den Bergen. " * 5).strip()


def list_records(pds: LocalPds, did: str, collection: str) -> list[dict[str, Any]]:
    query = urllib.parse.urlencode({"repo": did, "collection": collection, "limit": 100})
    found: list[dict[str, Any]] = pds.xrpc("GET", f"com.atproto.repo.listRecords?{query}")[
        "records"
    ]
    return found


class StandInAppView:
    """getPosts / getProfile computed from the real records of ``dids`` on the PDS."""

    def __init__(self, server: HTTPServer, pds: LocalPds, dids: list[str]) -> None:
        self.pds, self.dids = pds, dids
        self.batches: list[int] = []
        server.expect_request("/xrpc/app.bsky.feed.getPosts").respond_with_handler(self.posts)
        server.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_handler(self.profile)

    def _all(self, collection: str) -> list[dict[str, Any]]:
        return [r for did in self.dids for r in list_records(self.pds, did, collection)]

    def counts(self, uri: str) -> dict[str, int]:
        def about(record: dict[str, Any]) -> str | None:
            return record["value"].get("subject", {}).get("uri")

        posts = self._all("app.bsky.feed.post")
        return {
            "likeCount": sum(about(r) == uri for r in self._all("app.bsky.feed.like")),
            "repostCount": sum(about(r) == uri for r in self._all("app.bsky.feed.repost")),
            "replyCount": sum(
                r["value"].get("reply", {}).get("parent", {}).get("uri") == uri for r in posts
            ),
            "quoteCount": sum(
                r["value"].get("embed", {}).get("record", {}).get("uri") == uri for r in posts
            ),
        }

    def posts(self, request: Request) -> Response:
        uris = request.args.getlist("uris")
        self.batches.append(len(uris))
        existing = {r["uri"] for r in self._all("app.bsky.feed.post")}
        views = [{"uri": u, "cid": "x", **self.counts(u)} for u in uris if u in existing]
        return Response(json.dumps({"posts": views}), content_type="application/json")

    def profile(self, request: Request) -> Response:
        follows = self._all("app.bsky.graph.follow")
        ours = request.args["actor"]
        did = next(d for d in self.dids if ours in json.dumps(self.pds_handle(d)))
        body = {
            "did": did,
            "handle": ours,
            "followersCount": sum(r["value"]["subject"] == did for r in follows),
        }
        return Response(json.dumps(body), content_type="application/json")

    def pds_handle(self, did: str) -> Any:
        return self.pds.xrpc("GET", f"com.atproto.repo.describeRepo?repo={did}")["handle"]


def login(pds: LocalPds, user: PdsAccount) -> Any:
    from atproto import Client

    client = Client(base_url=pds.url)
    client.login(user.handle, user.password, fetch_bsky_profile=False)
    return client


def test_collected_counts_equal_the_records_on_the_pds(
    pds: LocalPds, httpserver: HTTPServer, tmp_path: Path
) -> None:
    from atproto import models

    tag = secrets.token_hex(3)
    ours, fan = pds.create_account(f"ours{tag}"), pds.create_account(f"fan{tag}")
    view = StandInAppView(httpserver, pds, [ours.did, fan.did])
    root = tmp_path / "repo"
    (root / "content").mkdir(parents=True)
    (root / "schedule.yaml").write_text(
        "timezone: UTC\naccounts:\n  bsky:\n    network: bluesky\n"
        f"    handle: {ours.handle}\n    password_env: OURS_PW\n    service: {pds.url}\n"
        f"    appview: {httpserver.url_for('').rstrip('/')}\n",
        "utf-8",
    )
    when = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M")
    for name, body, thread in [
        ("single", "Hallo Berge.", "false"),
        ("thread", f"{LONG}\n\n{LONG}", "true"),
        ("doomed", "Gleich wieder weg.", "false"),
    ]:
        (root / "content" / f"{name}.md").write_text(
            f"---\npublish_at: {when}\nnetworks: [bsky]\nthread: {thread}\n---\n\n{body}\n",
            "utf-8",
        )
    sent = CliRunner().invoke(
        main, ["publish", "--root", str(root)], env={"OURS_PW": ours.password}
    )
    assert sent.exit_code == 0, sent.output
    published = {
        post: s.published
        for (post, _), s in fold(Ledger(root / "state/published.jsonl").records()).items()
    }
    ours_posts = {r["uri"]: r for r in list_records(pds, ours.did, "app.bsky.feed.post")}
    assert len(ours_posts) == 4  # single, two thread parts, doomed
    single = published["single"]
    first = published["thread"]
    assert single is not None and first is not None and published["doomed"] is not None
    second = next(u for u, r in ours_posts.items() if "reply" in r["value"])

    def strong(uri: str) -> Any:
        return models.ComAtprotoRepoStrongRef.Main(uri=uri, cid=ours_posts[uri]["cid"])

    client = login(pds, fan)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")

    def create(collection: str, record: Any) -> None:
        # The SDK's like()/follow() need the profile a bare PDS cannot serve.
        client.com.atproto.repo.create_record(
            {"repo": fan.did, "collection": collection, "record": record}
        )

    s = strong(str(single.remote_id))
    create("app.bsky.feed.like", models.AppBskyFeedLike.Record(subject=s, created_at=now))
    create("app.bsky.feed.repost", models.AppBskyFeedRepost.Record(subject=s, created_at=now))
    reply = models.AppBskyFeedPost.ReplyRef(root=s, parent=s)
    post = models.AppBskyFeedPost.Record
    create("app.bsky.feed.post", post(text="Schön!", reply=reply, created_at=now))
    quote = models.AppBskyEmbedRecord.Main(record=s)
    create("app.bsky.feed.post", post(text="Lest das:", embed=quote, created_at=now))
    for part in (strong(str(first.remote_id)), strong(second)):
        create("app.bsky.feed.like", models.AppBskyFeedLike.Record(subject=part, created_at=now))
    create(
        "app.bsky.graph.follow",
        models.AppBskyGraphFollow.Record(subject=ours.did, created_at=now),
    )

    later = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)).isoformat()
    result = collect(root, "--at", later)
    assert result.exit_code == 0, result.output
    assert view.batches == [4]  # one getPosts call: single, both thread parts and doomed
    got = {r["post"] or "account": r for r in rows(root)}
    numbers = ("likes", "reposts", "replies", "quotes")
    assert [got["single"][m] for m in numbers] == ["1", "1", "1", "1"]
    # The thread's parts summed; the second part's reply to the first is the
    # thread itself, not a reply from someone.
    assert [got["thread"][m] for m in numbers] == ["2", "0", "0", "0"]
    assert got["account"]["followers"] == "1"
    assert got["single"]["saves"] == ""  # bookmarkCount: no stand-in value, so empty

    # Our account deletes a post; the real PDS confirms it is gone.
    rkey = str(published["doomed"].remote_id).rsplit("/", 1)[1]
    owner = login(pds, ours)
    owner.com.atproto.repo.delete_record(
        {"repo": ours.did, "collection": "app.bsky.feed.post", "rkey": rkey}
    )
    next_day = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=26)).isoformat()
    assert collect(root, "--at", next_day).exit_code == 0
    statuses = [(r["post"], r["checkpoint"], r["status"]) for r in rows(root) if r["post"]]
    assert ("doomed", "24h", "deleted") in statuses
    assert ("single", "24h", "ok") in statuses
    much_later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=8)).isoformat()
    assert collect(root, "--at", much_later).exit_code == 0
    assert view.batches[-1] == 3  # single and the thread's two parts; doomed never again

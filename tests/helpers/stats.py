"""Statistics test helpers: a content repo with a ledger, CSV reading, a getPosts server."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.cli import main
from smmgen.ledger import Record
from smmgen.stats.store import HEADER

T0 = "2026-12-01T09:00:00+00:00"  # when the test posts were published


def repo_with(root: Path, accounts: str, extra: str = "") -> Path:
    """A content repository with ``accounts`` (YAML, indented two spaces) in schedule.yaml."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "schedule.yaml").write_text(f"timezone: UTC\naccounts:\n{accounts}{extra}", "utf-8")
    return root


def ledger(root: Path, entries: list[tuple[str, str, str]], at: str = T0) -> None:
    """``sent`` records for (post, account, remote_id) entries, published at ``at``."""
    path = root / "state" / "published.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        for post, account, remote in entries:
            fh.write(
                Record(post, account, f"k-{post}", "sent", at, "run-1", remote_id=remote).line()
            )


def collect(root: Path, *args: str, env: Mapping[str, str] | None = None) -> Result:
    """``smmgen stats collect --root ROOT ARGS``."""
    result = CliRunner().invoke(
        main, ["stats", "collect", "--root", str(root), *args], env=dict(env or {})
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"smmgen crashed: {result.exception!r}") from result.exception
    assert "Traceback" not in result.output
    return result


def rows(root: Path) -> list[dict[str, str]]:
    """Every row of every stats/*.csv, read with the csv module (not our code)."""
    out: list[dict[str, str]] = []
    for path in sorted((root / "stats").glob("*.csv")):
        out.extend(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    return out


def git(cwd: Path, *args: str) -> str:
    """Run git; its stdout."""
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


Counter = Callable[[str], Mapping[str, Any] | None]


class LexiconAppView:
    """An AppView on ``httpserver`` answering getPosts / getProfile from ``counts``.

    ``counts(uri)`` gives the postView fields (None: the post is gone); the
    getRecord of the PDS (same server) answers RecordNotFound for gone posts.
    Every getPosts call's URIs are kept in ``calls``.
    """

    def __init__(self, server: HTTPServer, counts: Counter, followers: int = 7) -> None:
        self.counts = counts
        self.followers = followers
        self.calls: list[list[str]] = []
        self.profile_calls = 0
        server.expect_request("/xrpc/app.bsky.feed.getPosts").respond_with_handler(self.posts)
        server.expect_request("/xrpc/app.bsky.actor.getProfile").respond_with_handler(self.profile)
        server.expect_request("/xrpc/com.atproto.repo.getRecord").respond_with_handler(self.record)

    def posts(self, request: Request) -> Response:
        uris = request.args.getlist("uris")
        self.calls.append(uris)
        if len(uris) > 25:  # lexicons/app/bsky/feed/getPosts.json: maxLength 25
            return _json({"error": "InvalidRequest", "message": "uris too long"}, 400)
        views = []
        for uri in uris:
            fields = self.counts(uri)
            if fields is not None:
                views.append({"uri": uri, "cid": "bafy", "indexedAt": T0, **fields})
        return _json({"posts": views})

    def profile(self, request: Request) -> Response:
        self.profile_calls += 1
        actor = request.args["actor"]
        return _json({"did": "did:plc:x", "handle": actor, "followersCount": self.followers})

    def record(self, request: Request) -> Response:
        uri = f"at://{request.args['repo']}/{request.args['collection']}/{request.args['rkey']}"
        if self.counts(uri) is None:
            return _json({"error": "RecordNotFound", "message": "Could not locate record"}, 400)
        return _json({"uri": uri, "cid": "bafy", "value": {}})


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


ACCOUNTS = (
    "  bsky:\n    network: bluesky\n    handle: ours.test\n    password_env: BSKY_PW\n"
    "  xacct:\n    network: x\n    api_key_env: A\n    api_secret_env: B\n"
    "    access_token_env: C\n    access_token_secret_env: D\n"
)


def post(root: Path, name: str, campaign: str, tags: str) -> None:
    (root / "content" / f"{name}.md").write_text(
        f"---\npublish_at: 2026-11-01 09:00\nnetworks: [bsky, xacct]\ncampaign: {campaign}\n"
        f"tags: [{tags}]\n---\n\nText {name}.\n",
        "utf-8",
    )


def stats_repo(tmp_path: Path) -> Path:
    root = repo_with(tmp_path, ACCOUNTS)
    post(root, "winter", "advent", "berge, schnee")
    post(root, "summer", '"a|b <i>x</i>"', "berge")
    post(root, "old", "advent", "archiv")
    ledger(root, [("winter", "bsky", "at://d/p/1"), ("winter", "xacct", "11")],
           at="2026-12-07T09:00:00+00:00")  # fmt: skip
    ledger(root, [("summer", "bsky", "at://d/p/2"), ("summer", "xacct", "12")],
           at="2026-12-08T17:30:00+00:00")  # fmt: skip
    ledger(root, [("old", "bsky", "at://d/p/3")], at="2026-11-02T09:00:00+00:00")
    (root / "stats").mkdir()
    (root / "stats" / "2026-12.csv").write_text(
        HEADER
        + "2026-12-01T00:00:00Z,,bsky,bluesky,,ok,,,,,,,,,100\n"
        + "2026-12-01T00:00:00Z,,xacct,x,,ok,,,,,,,,,50\n"
        + "2026-12-07T10:00:00Z,winter,bsky,bluesky,1h,ok,1,0,0,0,,,,,\n"
        + "2026-12-08T09:00:00Z,winter,bsky,bluesky,24h,ok,10,2,3,1,,,,,\n"
        + "2026-12-08T09:00:00Z,winter,xacct,x,24h,ok,4,1,0,0,0,,100,,\n"
        + "2026-12-09T18:00:00Z,summer,bsky,bluesky,24h,ok,2,0,1,0,,,,,\n"
        + "2026-12-09T18:00:00Z,summer,xacct,x,24h,ok,9,0,0,0,1,,50,,\n"
        + "2026-12-03T09:00:00Z,old,bsky,bluesky,30d,ok,30,5,5,0,,,,,\n"
        + "2026-12-10T00:00:00Z,,bsky,bluesky,,ok,,,,,,,,,112\n"
        + "2026-12-10T00:00:00Z,,xacct,x,,ok,,,,,,,,,49\n",
        "utf-8",
    )
    return root


def build(root: Path, out: Path) -> Path:
    args = ["build", "--root", str(root), "--no-cache", "--out", str(out)]
    result = CliRunner().invoke(main, [*args, "--at", "2026-12-10 12:00"])
    assert result.exit_code == 0, result.output
    return out

"""LinkedIn, Threads, Instagram, Facebook, Discord and Telegram readers against local servers.

Each server speaks the network's documented request and answer shapes (see
each reader's docstring for the documentation links) and checks what we send.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.helpers.stats import collect, ledger, repo_with, rows

TOKEN = "graph-token-abcdefghijkl"
AT = ("--at", "2026-12-01 11:00")


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def _auth(request: Request) -> None:
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"


GONE = {
    "error": {
        "message": "Unsupported get request. Object with ID '9' does not exist",
        "type": "GraphMethodException",
        "code": 100,
        "error_subcode": 33,
    }
}
NO_PERMISSION = {
    "error": {
        "message": "(#10) Application does not have permission for this action",
        "type": "OAuthException",
        "code": 10,
    }
}


def by_post(root: Path) -> dict[str, dict[str, str]]:
    return {r["post"]: r for r in rows(root) if r["post"]}


def test_threads_media_insights_and_followers(tmp_path: Path, httpserver: HTTPServer) -> None:
    url = httpserver.url_for("").rstrip("/")
    root = repo_with(
        tmp_path,
        f"  th:\n    network: threads\n    user_id: '77'\n    token_env: TH\n    api_base: {url}\n",
    )
    ledger(root, [("a", "th", "111"), ("gone", "th", "9")])

    def insights(request: Request) -> Response:
        _auth(request)
        assert request.args["metric"] == "likes,reposts,replies,quotes,views"
        media = request.path.split("/")[2]
        if media == "9":
            return _json(GONE, 400)
        data = [
            {"name": "views", "period": "lifetime", "values": [{"value": 120}], "id": "v"},
            {"name": "likes", "period": "lifetime", "values": [{"value": 7}], "id": "l"},
            {"name": "replies", "period": "lifetime", "values": [{"value": 0}], "id": "r"},
        ]
        return _json({"data": data})

    httpserver.expect_request(re.compile(r"^/v1\.0/\d+/insights$")).respond_with_handler(insights)
    httpserver.expect_request("/v1.0/77/threads_insights").respond_with_json(
        {"data": [{"name": "followers_count", "total_value": {"value": 530}, "id": "f"}]}
    )
    result = collect(root, *AT, env={"TH": TOKEN})
    assert result.exit_code == 0, result.output
    got = by_post(root)
    assert got["gone"]["status"] == "deleted"
    a = got["a"]
    assert (a["views"], a["likes"], a["replies"], a["reposts"]) == ("120", "7", "0", "")
    assert [r["followers"] for r in rows(root) if not r["post"]] == ["530"]


def test_instagram_insights_and_a_missing_permission(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    url = httpserver.url_for("").rstrip("/")
    root = repo_with(
        tmp_path,
        "  ig:\n    network: instagram\n    user_id: '55'\n    token_env: IG\n"
        f"    api_base: {url}\n",
    )
    ledger(root, [("a", "ig", "1800")])
    denied = {"now": False}

    def insights(request: Request) -> Response:
        _auth(request)
        if denied["now"]:
            return _json(NO_PERMISSION, 403)
        metrics = request.args["metric"].split(",")
        assert set(metrics) == {"likes", "comments", "shares", "saved", "views", "reach"}
        values = {"likes": 12, "comments": 3, "shares": 1, "saved": 4, "views": 900, "reach": 610}
        data = [{"name": m, "values": [{"value": values[m]}]} for m in metrics]
        return _json({"data": data})

    httpserver.expect_request("/v24.0/1800/insights").respond_with_handler(insights)
    httpserver.expect_request("/v24.0/55").respond_with_json({"followers_count": 1234, "id": "55"})
    result = collect(root, *AT, env={"IG": TOKEN})
    assert result.exit_code == 0, result.output
    a = by_post(root)["a"]
    assert [a[m] for m in ("likes", "replies", "reposts", "saves", "views", "reach")] == [
        "12", "3", "1", "4", "900", "610",
    ]  # fmt: skip
    denied["now"] = True
    result = collect(root, "--at", "2026-12-02 12:00", env={"IG": TOKEN})
    assert result.exit_code == 0, result.output
    assert "skipped: account 'ig' (instagram)" in result.output and "(#10)" in result.output
    assert TOKEN not in result.output


def test_facebook_reactions_summed_comments_shares_and_a_small_page(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    url = httpserver.url_for("").rstrip("/")
    root = repo_with(
        tmp_path,
        "  fb:\n    network: facebook\n    page_id: '42'\n    token_env: FB\n"
        f"    api_base: {url}\n",
    )
    ledger(root, [("a", "fb", "42_1"), ("b", "fb", "42_2")])
    small = {"page": False}

    def post(request: Request) -> Response:
        _auth(request)
        pid = request.path.rsplit("/", 1)[1]
        assert request.args["fields"] == "comments.summary(true).limit(0),shares"
        body: dict[str, Any] = {"id": pid, "comments": {"data": [], "summary": {"total_count": 5}}}
        if pid == "42_1":
            body["shares"] = {"count": 2}
        return _json(body)

    def insights(request: Request) -> Response:
        _auth(request)
        if small["page"]:
            return _json({"error": {"message": "(#200) Insights unavailable", "code": 200}}, 400)
        return _json({"data": [
            {"name": "post_reactions_by_type_total", "period": "lifetime",
             "values": [{"value": {"like": 3, "love": 2, "wow": "1"}}]},
            {"name": "post_clicks", "period": "lifetime", "values": [{"value": 8}]},
            {"name": "post_media_view", "period": "lifetime", "values": [{"value": 300}]},
        ]})  # fmt: skip

    httpserver.expect_request(re.compile(r"^/v24\.0/42_\d/insights$")).respond_with_handler(
        insights
    )
    httpserver.expect_request(re.compile(r"^/v24\.0/42_\d$")).respond_with_handler(post)
    httpserver.expect_request("/v24.0/42").respond_with_json({"followers_count": 99})
    result = collect(root, *AT, env={"FB": TOKEN})
    assert result.exit_code == 0, result.output
    got = by_post(root)
    a, b = got["a"], got["b"]
    assert [a[m] for m in ("likes", "replies", "reposts", "clicks", "views", "reach")] == [
        "6", "5", "2", "8", "300", "",
    ]  # fmt: skip
    assert b["reposts"] == "0"  # nobody shared: Facebook leaves 'shares' out
    small["page"] = True
    result = collect(root, "--at", "2026-12-02 12:00", env={"FB": TOKEN})
    assert result.exit_code == 0, result.output
    assert "at least 100 likes" in result.output


def test_linkedin_share_statistics_in_one_call(tmp_path: Path, httpserver: HTTPServer) -> None:
    url = httpserver.url_for("").rstrip("/")
    org = "urn:li:organization:123"
    root = repo_with(
        tmp_path,
        f"  li:\n    network: linkedin\n    author_urn: {org}\n    token_env: LI\n"
        f"    api_base: {url}\n",
    )
    ledger(root, [("a", "li", "urn:li:share:1"), ("b", "li", "urn:li:ugcPost:2"),
                  ("gone", "li", "urn:li:share:3")])  # fmt: skip
    seen: list[str] = []

    def statistics(request: Request) -> Response:
        _auth(request)
        assert request.headers["X-Restli-Protocol-Version"] == "2.0.0"
        assert request.headers["LinkedIn-Version"]
        query = request.query_string.decode()
        seen.append(query)
        stats = {
            "likeCount": 4,
            "commentCount": 1,
            "shareCount": 0,
            "clickCount": 9,
            "impressionCount": 700,
            "uniqueImpressionsCount": 500,
            "engagement": 0.02,
        }
        return _json({"elements": [
            {"share": "urn:li:share:1", "organizationalEntity": org, "totalShareStatistics": stats},
            {"ugcPost": "urn:li:ugcPost:2", "organizationalEntity": org,
             "totalShareStatistics": {**stats, "likeCount": 10}},
        ]})  # fmt: skip

    httpserver.expect_request("/rest/organizationalEntityShareStatistics").respond_with_handler(
        statistics
    )
    # (werkzeug matches the decoded path; we send the URN percent-encoded)
    httpserver.expect_request("/rest/posts/urn:li:share:3").respond_with_json(
        {"status": 404, "message": "Not found"}, status=404
    )
    httpserver.expect_request("/rest/networkSizes/urn:li:organization:123").respond_with_json(
        {"firstDegreeSize": 2500}
    )
    result = collect(root, *AT, env={"LI": TOKEN})
    assert result.exit_code == 0, result.output
    assert seen == [
        "q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A123"
        "&shares=List(urn%3Ali%3Ashare%3A1,urn%3Ali%3Ashare%3A3)"
        "&ugcPosts=List(urn%3Ali%3AugcPost%3A2)"
    ]
    got = by_post(root)
    assert got["gone"]["status"] == "deleted"
    assert [got["a"][m] for m in ("likes", "replies", "reposts", "clicks", "views", "reach")] == [
        "4", "1", "0", "9", "700", "500",
    ]  # fmt: skip
    assert got["b"]["likes"] == "10"
    assert [r["followers"] for r in rows(root) if not r["post"]] == ["2500"]


def test_linkedin_without_community_management_is_skipped_once(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    url = httpserver.url_for("").rstrip("/")
    root = repo_with(
        tmp_path,
        f"  li:\n    network: linkedin\n    author_urn: urn:li:organization:1\n"
        f"    token_env: LI\n    api_base: {url}\n",
    )
    ledger(root, [("a", "li", "urn:li:share:1"), ("b", "li", "urn:li:share:2")])
    httpserver.expect_request(re.compile("/rest/.*")).respond_with_json(
        {"status": 403, "serviceErrorCode": 100, "code": "ACCESS_DENIED",
         "message": "Not enough permissions to access: networkSizes.GET.20251001"},
        status=403,
    )  # fmt: skip
    result = collect(root, *AT, env={"LI": TOKEN})
    assert result.exit_code == 0
    [line] = [x for x in result.output.splitlines() if x.startswith("skipped:")]
    assert "Community Management API" in line and "$LI" in line
    assert rows(root) == []


def test_discord_reactions_summed_and_a_deleted_message(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = repo_with(
        tmp_path, "  chat:\n    network: discord\n    webhook_env: HOOK\n    invite: berge\n"
    )
    hook = httpserver.url_for("/api/webhooks/1234/secret-webhook-token-xyz")
    ledger(root, [("a", "chat", "900"), ("b", "chat", "901"), ("gone", "chat", "902")])
    message = {"id": "900", "content": "x", "reactions": [
        {"count": 3, "count_details": {"burst": 0, "normal": 3}, "me": False,
         "emoji": {"id": None, "name": "👍"}},
        {"count": 2, "count_details": {"burst": 0, "normal": 2}, "me": False,
         "emoji": {"id": None, "name": "🎉"}},
    ]}  # fmt: skip
    base = "/api/webhooks/1234/secret-webhook-token-xyz/messages/"
    httpserver.expect_request(base + "900").respond_with_json(message)
    httpserver.expect_request(base + "901").respond_with_json({"id": "901", "content": "y"})
    httpserver.expect_request(base + "902").respond_with_json(
        {"message": "Unknown Message", "code": 10008}, status=404
    )
    httpserver.expect_request(
        "/api/v10/invites/berge", query_string="with_counts=true"
    ).respond_with_json(
        {"code": "berge", "approximate_member_count": 88, "approximate_presence_count": 9}
    )
    result = collect(root, *AT, env={"HOOK": hook})
    assert result.exit_code == 0, result.output
    got = by_post(root)
    assert (got["a"]["likes"], got["b"]["likes"], got["gone"]["status"]) == ("5", "0", "deleted")
    assert got["a"]["views"] == "" and got["a"]["replies"] == ""
    assert [r["followers"] for r in rows(root) if not r["post"]] == ["88"]
    assert "secret-webhook-token-xyz" not in result.output


def test_telegram_keeps_the_member_count_and_says_posts_are_not_measured(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    url = httpserver.url_for("").rstrip("/")
    root = repo_with(
        tmp_path,
        f"  tg:\n    network: telegram\n    chat_id: '@berge'\n    token_env: TG\n"
        f"    api_base: {url}\n",
    )
    ledger(root, [("a", "tg", "55")])
    httpserver.expect_request(
        "/bot123:secret/getChatMemberCount", query_string="chat_id=%40berge"
    ).respond_with_json({"ok": True, "result": 4100})
    result = collect(root, *AT, env={"TG": "123:secret"})
    assert result.exit_code == 0, result.output
    assert "skipped: tg: telegram gives no numbers for single posts" in result.output
    assert [(r["post"], r["followers"]) for r in rows(root)] == [("", "4100")]
    assert "123:secret" not in result.output


def test_instagram_statistics_use_the_host_publishing_uses() -> None:
    """An Instagram-login token works only on graph.instagram.com, for reading too."""
    from smmgen.adapters.instagram import InstagramAdapter
    from smmgen.stats.readers.instagram import InstagramReader
    from tests.helpers.adapter_calls import account

    for login, host in (("facebook", "graph.facebook.com"), ("instagram", "graph.instagram.com")):
        acct = account("instagram", "insta", user_id="17", token_env="T", login=login)
        reader = InstagramReader(acct, {"token_env": TOKEN})
        published = InstagramAdapter(acct, {"token_env": TOKEN}).http()
        assert str(reader.http.client.base_url) == f"https://{host}/v24.0/"
        assert reader.http.client.base_url == published.client.base_url
        reader.close()
        published.close()


def test_rate_limits_of_linkedin_threads_and_x_are_waited_out_within_bounds(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """LinkedIn sends 429 + Retry-After, Meta a code 17 error over HTTP 400 (no header:
    the publisher's back-off), X 429 + x-rate-limit-reset (epoch seconds); each is
    waited out and the numbers kept."""
    import datetime as dt
    import time

    from smmgen.stats.collect import Options
    from smmgen.stats.collect import collect as run_collect
    from smmgen.stats.sources import load

    x_env = {"XK": "xkey-abcdefghijkl", "XS": "xsecret-abcdefghijkl",
             "XT": "xtoken-abcdefghijkl", "XTS": "xtokensecret-abcdefghijkl"}  # fmt: skip
    url = httpserver.url_for("").rstrip("/")
    root = repo_with(
        tmp_path,
        f"  li:\n    network: linkedin\n    author_urn: urn:li:organization:1\n"
        f"    token_env: LI\n    api_base: {url}\n"
        f"  th:\n    network: threads\n    user_id: '77'\n    token_env: TH\n    api_base: {url}\n"
        + "  xacct:\n    network: x\n    api_key_env: XK\n    api_secret_env: XS\n"
        f"    access_token_env: XT\n    access_token_secret_env: XTS\n    api_base: {url}\n",
    )
    ledger(root, [("l", "li", "urn:li:share:1"), ("t", "th", "111"), ("x", "xacct", "5")])
    limited = {"li": 1, "th": 1, "x": 1}

    def statistics(request: Request) -> Response:
        if limited["li"]:
            limited["li"] -= 1
            body = '{"status": 429, "message": "Too many requests"}'
            return Response(body, 429, {"Retry-After": "3"}, content_type="application/json")
        stats = {"likeCount": 4, "commentCount": 1, "shareCount": 0, "clickCount": 2}
        return _json({"elements": [{"share": "urn:li:share:1", "totalShareStatistics": stats}]})

    def insights(request: Request) -> Response:
        if limited["th"]:
            limited["th"] -= 1
            error = {"message": "(#17) User request limit reached", "code": 17}
            return _json({"error": {**error, "type": "OAuthException"}}, 400)
        return _json({"data": [{"name": "likes", "values": [{"value": 6}]}]})

    def x_lookup(request: Request) -> Response:
        assert request.headers["Authorization"].startswith("OAuth ")
        if limited["x"]:
            limited["x"] -= 1
            reset = str(int(time.time()) + 9)
            return Response('{"title": "Too Many Requests"}', 429, {"x-rate-limit-reset": reset})
        assert request.args["ids"] == "5" and request.args["tweet.fields"] == "public_metrics"
        metrics = {"like_count": 8, "retweet_count": 0, "reply_count": 0, "quote_count": 0}
        return _json({"data": [{"id": "5", "text": "x", "public_metrics": metrics}]})

    httpserver.expect_request("/2/tweets").respond_with_handler(x_lookup)
    httpserver.expect_request("/2/users/me").respond_with_json(
        {"data": {"id": "7", "username": "ours", "public_metrics": {"followers_count": 3}}}
    )
    httpserver.expect_request("/rest/organizationalEntityShareStatistics").respond_with_handler(
        statistics
    )
    httpserver.expect_request("/rest/networkSizes/urn:li:organization:1").respond_with_json(
        {"firstDegreeSize": 10}
    )
    httpserver.expect_request("/v1.0/111/insights").respond_with_handler(insights)
    httpserver.expect_request("/v1.0/77/threads_insights").respond_with_json({"data": []})
    waits: list[float] = []
    at = dt.datetime(2026, 12, 1, 11, tzinfo=dt.UTC)
    env = {"LI": TOKEN, "TH": TOKEN, **x_env}
    report = run_collect(load(root), Options(at=at, environ=env, sleep=waits.append))
    assert report.ok, report.errors
    assert waits[0] == 3.0 and waits[1] > 0 and 0 < waits[2] <= 9, waits
    assert limited == {"li": 0, "th": 0, "x": 0}
    got = by_post(root)
    assert (got["l"]["likes"], got["t"]["likes"], got["x"]["likes"]) == ("4", "6", "8")

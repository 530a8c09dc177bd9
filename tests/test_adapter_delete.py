"""`Adapter.delete` (smmgen retract) against local servers speaking each network's documented API.

Every part of a post goes, the last part first; a part that is gone already
(404 and each network's own word for it) counts as deleted, so a retraction cut
short can be repeated; a 429 is retryable with the server's wait.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters.base import Adapter, DeleteRequest, SendError
from smmgen.adapters.discord import DiscordAdapter
from smmgen.adapters.facebook import FacebookAdapter
from smmgen.adapters.instagram import InstagramAdapter
from smmgen.adapters.linkedin import LinkedInAdapter
from smmgen.adapters.mastodon import MastodonAdapter
from smmgen.adapters.telegram import TelegramAdapter
from smmgen.adapters.threads import ThreadsAdapter
from smmgen.adapters.x import XAdapter
from smmgen.model import Account
from tests.helpers.adapter_calls import account

TOKEN = "tok-abcdefghijklmnopqrstuvwxyz0123456789"


def delete_request(acct: Account, *ids: str) -> DeleteRequest:
    return DeleteRequest(key="k-1", post_id="2026-12/a", account=acct, remote_ids=ids)


class Items:
    """Items on the fake server; records each delete as (id, outcome)."""

    def __init__(self, *ids: str) -> None:
        self.live = set(ids)
        self.calls: list[tuple[str, str]] = []

    def delete(self, item: str) -> bool:
        if item in self.live:
            self.live.remove(item)
            self.calls.append((item, "deleted"))
            return True
        self.calls.append((item, "gone"))
        return False


def test_mastodon_deletes_every_status_last_first(httpserver: HTTPServer) -> None:
    items = Items("101", "102", "103")

    def handle(req: Request) -> Response:
        status = req.path.rsplit("/", 1)[1]
        assert req.headers["Authorization"] == f"Bearer {TOKEN}"
        if items.delete(status):
            return Response(
                json.dumps({"id": status, "text": "x"}), content_type="application/json"
            )
        return Response(
            json.dumps({"error": "Record not found"}), 404, content_type="application/json"
        )

    httpserver.expect_request(
        re.compile(r"/api/v1/statuses/\d+"), method="DELETE"
    ).respond_with_handler(handle)
    acct = account("mastodon", "masto", instance=httpserver.url_for("/").rstrip("/"), token_env="T")
    adapter = MastodonAdapter(acct, {"token_env": TOKEN})
    items.live.discard("103")  # part 3 was deleted by an earlier, interrupted retraction
    adapter.delete(delete_request(acct, "101", "102", "103"))
    assert items.calls == [("103", "gone"), ("102", "deleted"), ("101", "deleted")]
    assert items.live == set()


def test_mastodon_rate_limit_is_retryable_with_the_servers_wait(httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        re.compile(r"/api/v1/statuses/\d+"), method="DELETE"
    ).respond_with_response(
        Response(json.dumps({"error": "Too many requests"}), 429, {"Retry-After": "30"})
    )
    acct = account("mastodon", "masto", instance=httpserver.url_for("/").rstrip("/"), token_env="T")
    with pytest.raises(SendError) as caught:
        MastodonAdapter(acct, {"token_env": TOKEN}).delete(delete_request(acct, "101"))
    assert caught.value.retryable and caught.value.retry_after == 30
    assert TOKEN not in str(caught.value)


X_KEYS = {
    "api_key_env": "ck-abcdefghijklmnop",
    "api_secret_env": "cs-abcdefghijklmnopqrstuvwxyz",
    "access_token_env": "at-abcdefghijklmnop",
    "access_token_secret_env": "as-abcdefghijklmnopqrstuvwxyz",
}


def test_x_deletes_every_post_of_a_thread(httpserver: HTTPServer) -> None:
    items = Items("1861000000000000001", "1861000000000000002")

    def handle(req: Request) -> Response:
        assert req.headers["Authorization"].startswith("OAuth ")  # user context
        tweet = req.path.rsplit("/", 1)[1]
        if items.delete(tweet):
            return Response(
                json.dumps({"data": {"deleted": True}}), content_type="application/json"
            )
        body = {"title": "Not Found Error", "detail": "Could not find tweet", "status": 404}
        return Response(json.dumps(body), 404, content_type="application/json")

    httpserver.expect_request(re.compile(r"/2/tweets/\d+"), method="DELETE").respond_with_handler(
        handle
    )
    settings = {k: f"X_{k.upper()}" for k in X_KEYS}
    acct = account("x", "xacct", api_base=httpserver.url_for("/").rstrip("/"), **settings)
    adapter = XAdapter(acct, X_KEYS)
    adapter.delete(delete_request(acct, "1861000000000000001", "1861000000000000002"))
    adapter.delete(delete_request(acct, "1861000000000000001", "1861000000000000002"))  # again
    assert items.calls == [
        ("1861000000000000002", "deleted"),
        ("1861000000000000001", "deleted"),
        ("1861000000000000002", "gone"),
        ("1861000000000000001", "gone"),
    ]


def test_telegram_deletes_each_message_of_an_album(httpserver: HTTPServer) -> None:
    items = Items("41", "42", "43")

    def handle(req: Request) -> Response:
        body = req.get_json()
        assert body["chat_id"] == "@bergwerk"
        if items.delete(str(body["message_id"])):
            return Response(
                json.dumps({"ok": True, "result": True}), content_type="application/json"
            )
        said = {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: message to delete not found",
        }
        return Response(json.dumps(said), 400, content_type="application/json")

    httpserver.expect_request(f"/bot{TOKEN}/deleteMessage", method="POST").respond_with_handler(
        handle
    )
    acct = account(
        "telegram", "tg", chat_id="@bergwerk", token_env="TG", api_base=httpserver.url_for("/")
    )
    adapter = TelegramAdapter(acct, {"token_env": TOKEN})
    items.live.discard("43")
    adapter.delete(delete_request(acct, "41", "42", "43"))
    assert items.calls == [("43", "gone"), ("42", "deleted"), ("41", "deleted")]


def test_telegram_too_old_to_delete_is_an_error_naming_what_telegram_said(
    httpserver: HTTPServer,
) -> None:
    said = {"ok": False, "error_code": 400, "description": "Bad Request: message can't be deleted"}
    httpserver.expect_request(f"/bot{TOKEN}/deleteMessage", method="POST").respond_with_json(
        said, 400
    )
    acct = account(
        "telegram", "tg", chat_id="@bergwerk", token_env="TG", api_base=httpserver.url_for("/")
    )
    with pytest.raises(SendError) as caught:
        TelegramAdapter(acct, {"token_env": TOKEN}).delete(delete_request(acct, "41"))
    assert "can't be deleted" in str(caught.value) and not caught.value.retryable
    assert TOKEN not in str(caught.value)


def test_discord_deletes_webhook_messages(httpserver: HTTPServer) -> None:
    items = Items("1000", "1001")
    path = f"/api/webhooks/1/{TOKEN}"

    def handle(req: Request) -> Response:
        if items.delete(req.path.rsplit("/", 1)[1]):
            return Response(status=204)
        body = {"message": "Unknown Message", "code": 10008}
        return Response(json.dumps(body), 404, content_type="application/json")

    httpserver.expect_request(
        re.compile(rf"{path}/messages/\d+"), method="DELETE"
    ).respond_with_handler(handle)
    acct = account("discord", "chat", webhook_env="HOOK")
    adapter = DiscordAdapter(acct, {"webhook_env": httpserver.url_for(path)})
    items.live.discard("1001")
    adapter.delete(delete_request(acct, "1000", "1001"))
    assert items.calls == [("1001", "gone"), ("1000", "deleted")]


def test_discord_rate_limit_is_retryable(httpserver: HTTPServer) -> None:
    path = f"/api/webhooks/1/{TOKEN}"
    httpserver.expect_request(
        re.compile(rf"{path}/messages/\d+"), method="DELETE"
    ).respond_with_response(
        Response(
            json.dumps({"message": "You are being rate limited.", "retry_after": 2}),
            429,
            {"Retry-After": "2"},
        )
    )
    acct = account("discord", "chat", webhook_env="HOOK")
    with pytest.raises(SendError) as caught:
        DiscordAdapter(acct, {"webhook_env": httpserver.url_for(path)}).delete(
            delete_request(acct, "1000")
        )
    assert caught.value.retryable and caught.value.retry_after == 2
    assert TOKEN not in str(caught.value)


def graph_handler(items: Items) -> Any:
    def handle(req: Request) -> Response:
        assert req.headers["Authorization"] == f"Bearer {TOKEN}"
        if items.delete(req.path.rsplit("/", 1)[1]):
            return Response(json.dumps({"success": True}), content_type="application/json")
        error = {
            "message": "Unsupported delete request. Object with ID 'x' does not exist",
            "type": "GraphMethodException",
            "code": 100,
            "error_subcode": 33,
        }
        return Response(json.dumps({"error": error}), 400, content_type="application/json")

    return handle


@pytest.mark.parametrize("network", ["threads", "facebook"])
def test_meta_deletes_by_id_and_takes_unknown_ids_for_gone(
    httpserver: HTTPServer, network: str
) -> None:
    items = Items("1780001", "1780002")
    httpserver.expect_request(re.compile(r"/v[\d.]+/\d+"), method="DELETE").respond_with_handler(
        graph_handler(items)
    )
    base = httpserver.url_for("/")
    adapter: Adapter
    if network == "threads":
        acct = account("threads", "th", user_id="2513", token_env="T", api_base=base)
        adapter = ThreadsAdapter(acct, {"token_env": TOKEN})
    else:
        acct = account("facebook", "fb", page_id="1048", token_env="T", api_base=base)
        adapter = FacebookAdapter(acct, {"token_env": TOKEN})
    items.live.discard("1780002")
    adapter.delete(delete_request(acct, "1780001", "1780002"))
    assert items.calls == [("1780002", "gone"), ("1780001", "deleted")]


def test_linkedin_deletes_the_post_by_its_encoded_urn(httpserver: HTTPServer) -> None:
    urn = "urn:li:share:7390123456789012480"
    seen: list[str] = []

    def handle(req: Request) -> Response:
        seen.append(req.environ.get("RAW_URI", req.full_path))
        assert req.headers["X-RestLi-Method"] == "DELETE"
        assert req.headers["LinkedIn-Version"]
        return Response(status=204 if len(seen) == 1 else 404)

    httpserver.expect_request(re.compile(r"/rest/posts/.+"), method="DELETE").respond_with_handler(
        handle
    )
    acct = account(
        "linkedin",
        "li",
        author_urn="urn:li:organization:1",
        token_env="T",
        api_base=httpserver.url_for("/"),
    )
    adapter = LinkedInAdapter(acct, {"token_env": TOKEN})
    adapter.delete(delete_request(acct, urn))
    adapter.delete(delete_request(acct, urn))  # gone now: 404 is fine
    assert len(seen) == 2 and "urn%3Ali%3Ashare%3A7390123456789012480" in seen[0]


def test_instagram_cannot_delete() -> None:
    assert not InstagramAdapter.deletes
    acct = account("instagram", "insta", user_id="1784", token_env="T")
    with pytest.raises(SendError, match="cannot be deleted"):
        InstagramAdapter(acct, {"token_env": TOKEN}).delete(delete_request(acct, "1"))

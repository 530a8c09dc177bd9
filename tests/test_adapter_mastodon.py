"""Mastodon adapter (Mastodon.py) against a local server speaking the Mastodon API."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters.base import SendError
from smmgen.adapters.http import retry_after
from smmgen.adapters.mastodon import MastodonAdapter
from tests.fake_apis import account, hang_up, image, is_image, jpeg, multipart, request

TOKEN = "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0"
ACCOUNT = {
    "id": "109302436954721982",
    "username": "example",
    "acct": "example",
    "display_name": "Example",
    "locked": False,
    "bot": False,
    "created_at": "2022-11-08T00:00:00.000Z",
    "note": "",
    "url": "https://social.example/@example",
    "avatar": "https://social.example/avatars/original/missing.png",
    "header": "https://social.example/headers/original/missing.png",
    "followers_count": 10,
    "following_count": 5,
    "statuses_count": 2,
    "last_status_at": "2026-11-25",
    "emojis": [],
    "fields": [],
}


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data), status, headers, content_type="application/json")


class FakeMastodon:
    """Statuses, media and the Idempotency-Key cache of a Mastodon server.

    Media is processed asynchronously, as ``POST /api/v2/media`` documents:
    "202: Accepted — MediaAttachment was created successfully, but the full-size
    file is still processing. Note that the MediaAttachment's url will still be
    null, as the media is still being processed in the background";
    ``GET /api/v1/media/:id`` answers "206: Partial content — media is still
    being processed" and then 200 with the url
    (https://docs.joinmastodon.org/methods/media/#v2). A status naming media
    still processing is refused with 422 (Mastodon's PostStatusService:
    "Cannot attach files that have not finished processing. Try again in a
    moment!"). ``after_store`` lists faults for the next status creations,
    applied after the status is stored: "hang-up" or an HTTP status.
    """

    def __init__(self) -> None:
        self.statuses: list[dict[str, Any]] = []
        self.media: list[dict[str, Any]] = []
        self.keys: dict[str, dict[str, Any]] = {}
        self.posted: list[tuple[dict[str, Any], str | None]] = []  # (params, Idempotency-Key)
        self.processing: dict[str, int] = {}  # media id -> polls until it is processed
        self.after_store: list[str | int] = []
        self.lookup_fault: int | str | None = None  # an HTTP status or "hang-up" for the lookup
        # For the next creations in turn: None lets one through, a status refuses it.
        self.refuse: list[int | None] = []

    def media_status(self, req: Request) -> Response:
        mid = req.path.rsplit("/", 1)[1]
        item = next(m for m in self.media if m["id"] == mid)
        if self.processing.get(mid, 0) > 0:
            self.processing[mid] -= 1
            return _json(self._public(item) | {"url": None}, status=206)
        return _json(self._public(item))

    @staticmethod
    def _public(item: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in item.items() if k != "_bytes"}

    def recent(self, req: Request) -> Response:
        if self.lookup_fault == "hang-up":
            return hang_up(req)
        if self.lookup_fault is not None:
            return _json({"error": "This action is not allowed"}, status=int(self.lookup_fault))
        return _json(self.statuses[: int(req.args.get("limit", 20))])

    def instance(self, req: Request) -> Response:
        return _json({"uri": "social.example", "title": "Example", "version": "4.3.2",
                      "domain": "social.example", "api_versions": {"mastodon": 2}})  # fmt: skip

    def upload(self, req: Request) -> Response:
        parts = multipart(req)
        mid = str(113500000000000000 + len(self.media))
        item = {
            "id": mid,
            "type": "image",
            "url": f"https://files.social.example/media_attachments/{mid}.jpg",
            "preview_url": f"https://files.social.example/media_attachments/{mid}_small.jpg",
            "remote_url": None,
            "description": parts.get("description", (None, b""))[1].decode() or None,
            "blurhash": "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}",
            "meta": {"original": {"width": 640, "height": 480}},
            "_bytes": parts["file"][1],
        }
        self.media.append(item)
        self.processing[mid] = 1
        return _json(self._public(item) | {"url": None}, status=202)

    def post(self, req: Request) -> Response:
        assert req.headers.get("Authorization") == f"Bearer {TOKEN}"
        params = req.get_json(silent=True) or req.form.to_dict(flat=False)
        key = req.headers.get("Idempotency-Key")
        self.posted.append((params, key))
        if key in self.keys:
            return _json(self.keys[key])
        refusal = self.refuse.pop(0) if self.refuse else None
        if refusal is not None:
            return _json({"error": "Validation failed: Text can't be blank"}, refusal)
        one = {k: v[0] if isinstance(v, list) and not k.endswith("[]") else v
               for k, v in params.items()}  # fmt: skip
        wanted = one.get("media_ids[]") or one.get("media_ids") or []
        if any(self.processing.get(str(m), 0) > 0 for m in wanted):
            return _json(
                {"error": "Cannot attach files that have not finished processing. "
                 "Try again in a moment!"},
                status=422,
            )  # fmt: skip
        sid = str(113500000000001000 + len(self.statuses))
        status = {
            "id": sid,
            "created_at": "2026-11-25T09:30:00.000Z",
            "in_reply_to_id": one.get("in_reply_to_id"),
            "in_reply_to_account_id": ACCOUNT["id"] if one.get("in_reply_to_id") else None,
            "sensitive": bool(one.get("spoiler_text")),
            "spoiler_text": one.get("spoiler_text", ""),
            "visibility": one.get("visibility", "public"),
            "language": one.get("language", "en"),
            "uri": f"https://social.example/users/example/statuses/{sid}",
            "url": f"https://social.example/@example/{sid}",
            "replies_count": 0,
            "reblogs_count": 0,
            "favourites_count": 0,
            "content": "<p>" + html.escape(one["status"]).replace("\n", "<br />") + "</p>",
            "reblog": None,
            "account": ACCOUNT,
            "media_attachments": [
                {k: v for k, v in m.items() if k != "_bytes"}
                for m in self.media
                if m["id"] in (one.get("media_ids[]") or one.get("media_ids") or [])
            ],
            "mentions": [],
            "tags": [],
            "emojis": [],
            "card": None,
            "poll": None,
        }
        self.statuses.insert(0, status)
        if key:
            self.keys[key] = status
        if self.after_store:
            fault = self.after_store.pop(0)
            return hang_up(req) if fault == "hang-up" else _json({}, status=int(fault))
        return _json(status)


def serve_mastodon(httpserver: HTTPServer, fake: FakeMastodon | None = None) -> FakeMastodon:
    """A :class:`FakeMastodon` (or ``fake``) on ``httpserver``: instance, media, statuses."""
    fake = fake or FakeMastodon()
    # Mastodon.py asks for the version (with a trailing slash) before its first upload.
    httpserver.expect_request(re.compile(r"/api/v[12]/instance/?")).respond_with_handler(
        fake.instance
    )
    httpserver.expect_request("/api/v2/media", method="POST").respond_with_handler(fake.upload)
    httpserver.expect_request("/api/v1/statuses", method="POST").respond_with_handler(fake.post)
    httpserver.expect_request("/api/v1/accounts/verify_credentials").respond_with_json(ACCOUNT)
    httpserver.expect_request(f"/api/v1/accounts/{ACCOUNT['id']}/statuses").respond_with_handler(
        fake.recent
    )
    httpserver.expect_request(re.compile(r"/api/v1/media/\d+")).respond_with_handler(
        fake.media_status
    )
    return fake


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeMastodon:
    return serve_mastodon(httpserver)


@pytest.fixture
def adapter(httpserver: HTTPServer) -> MastodonAdapter:
    acct = account(
        "mastodon",
        "masto",
        instance=httpserver.url_for("/").rstrip("/"),
        token_env="MASTODON_TOKEN",
        visibility="unlisted",
        language="de",
    )
    return MastodonAdapter(acct, {"token_env": TOKEN})


def test_post_with_idempotency_key(fake: FakeMastodon, adapter: MastodonAdapter) -> None:
    req = request(adapter.account, "Hallo & willkommen", content_warning="Spoiler")
    result = adapter.send(req)
    assert result.remote_id == "113500000000001000"
    assert result.url == "https://social.example/@example/113500000000001000"
    params, key = fake.posted[0]
    assert key == req.key
    flat = {k: v[0] if isinstance(v, list) else v for k, v in params.items()}
    assert flat["status"] == "Hallo & willkommen"
    assert flat["spoiler_text"] == "Spoiler"
    assert flat["visibility"] == "unlisted"
    assert flat["language"] == "de"
    # A retry with the same key returns the same status: no double post.
    assert adapter.send(req) == result
    assert len(fake.statuses) == 1


def test_the_post_language_wins_over_the_account_default(
    fake: FakeMastodon, adapter: MastodonAdapter
) -> None:
    adapter.send(request(adapter.account, "Hello from the mountains", language="en-GB"))
    params, _ = fake.posted[0]
    # Mastodon takes an ISO 639 code, so the region of a BCP 47 tag is left off.
    assert params["language"] in ("en", ["en"])


def test_image_with_description(
    fake: FakeMastodon, adapter: MastodonAdapter, tmp_path: Path
) -> None:
    pic = image(tmp_path, "cat.png")
    adapter.send(request(adapter.account, "Cat", media=(jpeg(pic, "A grey cat asleep"),)))
    assert fake.media[0]["description"] == "A grey cat asleep"
    assert is_image(fake.media[0]["_bytes"]) == ("PNG", (640, 480))
    attached = fake.statuses[0]["media_attachments"]
    assert [m["id"] for m in attached] == [fake.media[0]["id"]]


def test_thread_is_a_reply_chain(fake: FakeMastodon, adapter: MastodonAdapter) -> None:
    req = request(adapter.account, "1/3", "2/3", "3/3")
    first = adapter.send(req)
    chain = list(reversed(fake.statuses))
    assert [s["in_reply_to_id"] for s in chain] == [None, chain[0]["id"], chain[1]["id"]]
    assert first.remote_id == chain[0]["id"]
    assert [k for _, k in fake.posted] == [req.key, f"{req.key}-2", f"{req.key}-3"]


def test_rate_limit(httpserver: HTTPServer, adapter: MastodonAdapter) -> None:
    httpserver.expect_request("/api/v1/statuses").respond_with_json(
        {"error": "Too many requests"},
        status=429,
        headers={"Retry-After": "300", "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0"},
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert err.value.retryable and err.value.retry_after == 300


def test_bad_token(httpserver: HTTPServer, adapter: MastodonAdapter) -> None:
    httpserver.expect_request("/api/v1/statuses").respond_with_json(
        {"error": "The access token is invalid"}, status=401
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert not err.value.retryable
    assert TOKEN not in str(err.value)
    assert "$MASTODON_TOKEN" in str(err.value) and "'masto'" in str(err.value)


def test_server_error_is_retryable(httpserver: HTTPServer, adapter: MastodonAdapter) -> None:
    httpserver.expect_request("/api/v1/statuses").respond_with_data("Bad gateway", status=502)
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert err.value.retryable and err.value.retry_after is None


def test_find_existing(fake: FakeMastodon, adapter: MastodonAdapter) -> None:
    text = "Launch day!\nRead more: https://example.com/a-very-long-path-that-gets-shortened"
    sent = adapter.send(request(adapter.account, text, "part two", key="first-run"))
    found = adapter.find_existing(request(adapter.account, text, "part two", key="second-run"))
    assert found == sent
    assert adapter.find_existing(request(adapter.account, "never posted")) is None
    # Same text under a different content warning is a different post.
    assert adapter.find_existing(request(adapter.account, text, content_warning="cw")) is None


def test_retry_after_forms() -> None:
    now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    assert retry_after({"Retry-After": "7"}, now) == 7
    assert retry_after({"Retry-After": "Wed, 25 Nov 2026 12:02:00 GMT"}, now) == 120
    # Mastodon's own header: an ISO 8601 time (https://docs.joinmastodon.org/api/rate-limits/)
    assert retry_after({"X-RateLimit-Reset": "2026-11-25T12:05:00.000Z"}, now) == 300
    # X's: the epoch second the window resets
    assert retry_after({"x-rate-limit-reset": str(int(now.timestamp()) + 60)}, now) == 60
    assert retry_after({}, now) is None

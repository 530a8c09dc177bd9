"""X adapter (tweepy) against a local server speaking the X API v2."""

from __future__ import annotations

import html
import io
import json
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters.base import MediaFile, SendError, SendResult
from smmgen.adapters.x import XAdapter
from tests.fake_apis import account, hang_up, image, is_image, jpeg, multipart, request

KEYS = {
    "api_key_env": "xvz1evFS4wEEPTGEFPHBog",
    "api_secret_env": "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
    "access_token_env": "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
    "access_token_secret_env": "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
}
ME = {"id": "2244994945", "name": "Example", "username": "example"}


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data), status, content_type="application/json")


class FakeX:
    """Posts and media of one user, as the v2 endpoints return them.

    A text the account already posted is refused as X refuses it: HTTP 403
    {"detail": "You are not allowed to create a Tweet with duplicate content.",
    "title": "Forbidden", "status": 403} (a real answer, akrherz/iembot#163).
    The one-shot upload takes no GIF (``MediaUploadRequestOneShot.media_type``
    has no image/gif in the X API v2 OpenAPI, xdevplatform/xdk
    ``latest-openapi.json``); GIFs go through initialize/append/finalize
    (``MediaUploadConfigRequest``, ``media_category`` tweet_gif) and are
    processed asynchronously (``processing_info.state``).
    ``after_store``: faults for the next creations, applied after the post is
    stored ("hang-up" or an HTTP status).
    """

    def __init__(self) -> None:
        self.tweets: list[dict[str, Any]] = []
        self.bodies: list[dict[str, Any]] = []
        self.media: dict[str, bytes] = {}
        self.alt: dict[str, str] = {}
        self.calls = 0
        self.unavailable: set[int] = set()  # numbers of the create calls to answer 503
        self.after_store: list[str | int] = []
        self.lookup_fault: int | str | None = None  # 403 or "hang-up" for the timeline
        self.chunked: dict[str, dict[str, Any]] = {}  # media id -> upload session

    def create(self, req: Request) -> Response:
        self.calls += 1
        if self.calls in self.unavailable:
            return _json({"title": "Service Unavailable", "status": 503, "type": "about:blank",
                          "detail": "Service Unavailable"}, 503)  # fmt: skip
        body = req.get_json()
        if any(t["text"] == html.escape(body["text"], quote=False) for t in self.tweets):
            return _json({"detail": "You are not allowed to create a Tweet with duplicate "
                          "content.", "type": "about:blank", "title": "Forbidden",
                          "status": 403}, 403)  # fmt: skip
        self.bodies.append(body)
        tid = str(1861000000000000000 + len(self.tweets))
        # X escapes & < > and wraps links (and attached media) as t.co URLs.
        text = html.escape(body["text"], quote=False)
        if body.get("media"):
            text += " https://t.co/AbCdEf1234"
        tweet = {"id": tid, "text": text, "edit_history_tweet_ids": [tid]}
        self.tweets.insert(0, tweet | self._reply(body))
        if self.after_store:
            fault = self.after_store.pop(0)
            return hang_up(req) if fault == "hang-up" else _json({"title": "Error"}, int(fault))
        return _json({"data": tweet}, 201)

    def initialize(self, req: Request) -> Response:
        body = req.get_json()
        assert body["media_category"] == "tweet_gif" and body["media_type"] == "image/gif"
        mid = str(1880028106020515840 + len(self.media) + len(self.chunked))
        self.chunked[mid] = {"total": body["total_bytes"], "segments": {}, "polls": 1}
        return _json({"data": {"id": mid, "media_key": f"16_{mid}", "expires_after_secs": 86400}})

    def append(self, req: Request) -> Response:
        mid = req.path.split("/")[-2]
        parts = multipart(req)
        self.chunked[mid]["segments"][int(parts["segment_index"][1])] = parts["media"][1]
        return _json({"data": {"expires_at": 1795686400}})

    def finalize(self, req: Request) -> Response:
        mid = req.path.split("/")[-2]
        session = self.chunked[mid]
        data = b"".join(session["segments"][i] for i in sorted(session["segments"]))
        assert len(data) == session["total"]
        self.media[mid] = data
        info = {"state": "pending", "check_after_secs": 1}
        return _json({"data": {"id": mid, "media_key": f"16_{mid}", "processing_info": info}})

    def status(self, req: Request) -> Response:
        assert req.args["command"] == "STATUS"
        mid = req.args["media_id"]
        session = self.chunked[mid]
        session["polls"] -= 1
        state = "succeeded" if session["polls"] <= 0 else "in_progress"
        info = {"state": state} | ({} if state == "succeeded" else {"check_after_secs": 1})
        return _json({"data": {"id": mid, "processing_info": info}})

    def _reply(self, body: dict[str, Any]) -> dict[str, Any]:
        """The fields X keeps on a reply (returned only when tweet.fields asks)."""
        parent = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        if parent is None:
            return {}
        return {"referenced_tweets": [{"type": "replied_to", "id": parent}],
                "in_reply_to_user_id": ME["id"]}  # fmt: skip

    def upload(self, req: Request) -> Response:
        parts = multipart(req)
        if Image.open(io.BytesIO(parts["media"][1])).format == "GIF":
            return _json({"title": "Invalid Request", "status": 400,
                          "detail": "media_type image/gif is not allowed"}, 400)  # fmt: skip
        mid = str(1880028106020515840 + len(self.media))
        self.media[mid] = parts["media"][1]
        assert parts["media_category"][1] == b"tweet_image"
        image = {"image_type": "image/jpeg", "w": 640, "h": 480}
        size = len(parts["media"][1])
        return _json(
            {"data": {"id": mid, "media_key": f"3_{mid}", "size": size,
                      "expires_after_secs": 86400, "image": image}}
        )  # fmt: skip

    def metadata(self, req: Request) -> Response:
        body = req.get_json()
        self.alt[body["id"]] = body["metadata"]["alt_text"]["text"]
        return _json({"data": {"associated_metadata": True, "id": body["id"]}})

    def timeline(self, req: Request) -> Response:
        if self.lookup_fault == "hang-up":
            return hang_up(req)
        if self.lookup_fault is not None:  # e.g. a plan without read access
            detail = "You are not permitted to perform this action."
            return _json({"title": "Forbidden", "status": 403, "type": "about:blank",
                          "detail": detail}, 403)  # fmt: skip
        fields = set(req.args.get("tweet.fields", "").split(","))
        tweets = [
            {k: v for k, v in t.items() if k in {"id", "text", "edit_history_tweet_ids"} | fields}
            for t in self.tweets[: int(req.args.get("max_results", 10))]
        ]
        return _json({"data": tweets, "meta": {"result_count": len(tweets)}})


def _oauth(req: Request) -> bool:
    auth = req.headers.get("Authorization", "")
    return (
        auth.startswith("OAuth ")
        and f'oauth_consumer_key="{KEYS["api_key_env"]}"' in auth
        and 'oauth_token="370773112-' in auth
        and "oauth_signature=" in auth
    )


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeX:
    return serve_x(httpserver)


def serve_x(httpserver: HTTPServer, fake: FakeX | None = None) -> FakeX:
    """A :class:`FakeX` (or ``fake``) answering on ``httpserver``, checking the OAuth signature."""
    fake = fake or FakeX()

    def signed(handler: Any) -> Any:
        def check(req: Request) -> Response:
            assert _oauth(req), req.headers.get("Authorization")
            return handler(req)  # type: ignore[no-any-return]

        return check

    httpserver.expect_request("/2/tweets", method="POST").respond_with_handler(signed(fake.create))
    httpserver.expect_request("/2/media/upload", method="POST").respond_with_handler(
        signed(fake.upload)
    )
    httpserver.expect_request("/2/media/upload", method="GET").respond_with_handler(
        signed(fake.status)
    )
    httpserver.expect_request("/2/media/upload/initialize", method="POST").respond_with_handler(
        signed(fake.initialize)
    )
    httpserver.expect_request(
        re.compile(r"/2/media/upload/\d+/append"), method="POST"
    ).respond_with_handler(signed(fake.append))
    httpserver.expect_request(
        re.compile(r"/2/media/upload/\d+/finalize"), method="POST"
    ).respond_with_handler(signed(fake.finalize))
    httpserver.expect_request("/2/media/metadata", method="POST").respond_with_handler(
        signed(fake.metadata)
    )
    httpserver.expect_request("/2/users/me").respond_with_handler(
        signed(lambda req: _json({"data": ME}))
    )
    httpserver.expect_request(f"/2/users/{ME['id']}/tweets").respond_with_handler(
        signed(fake.timeline)
    )
    return fake


@pytest.fixture
def adapter(httpserver: HTTPServer) -> XAdapter:
    settings = {k: f"X_{k.upper()}" for k in KEYS}
    acct = account("x", "xacct", api_base=httpserver.url_for("/").rstrip("/"), **settings)
    return XAdapter(acct, KEYS)


def test_single_post(fake: FakeX, adapter: XAdapter, httpserver: HTTPServer) -> None:
    result = adapter.send(request(adapter.account, "Hello X"))
    assert result.remote_id == "1861000000000000000"
    assert result.url == "https://x.com/i/web/status/1861000000000000000"
    assert fake.bodies == [{"text": "Hello X"}]
    # The secrets sign the request; they are never sent.
    for req, _ in httpserver.log:
        raw = str(req.headers) + req.get_data(as_text=True)
        assert KEYS["api_secret_env"] not in raw and KEYS["access_token_secret_env"] not in raw


def test_image_with_alt(fake: FakeX, adapter: XAdapter, tmp_path: Path) -> None:
    pic = image(tmp_path)
    adapter.send(request(adapter.account, "Pic", media=(jpeg(pic, "Blue square"),)))
    (mid,) = fake.media
    assert is_image(fake.media[mid]) == ("JPEG", (640, 480))
    assert fake.alt == {mid: "Blue square"}
    assert fake.bodies[0]["media"] == {"media_ids": [mid]}


def test_thread_is_a_reply_chain(fake: FakeX, adapter: XAdapter) -> None:
    adapter.send(request(adapter.account, "1/3", "2/3", "3/3"))
    ids = [t["id"] for t in reversed(fake.tweets)]
    assert [b.get("reply") for b in fake.bodies] == [
        None,
        {"in_reply_to_tweet_id": ids[0]},
        {"in_reply_to_tweet_id": ids[1]},
    ]


def test_rate_limit_uses_reset_header(httpserver: HTTPServer, adapter: XAdapter) -> None:
    reset = int(time.time()) + 900
    httpserver.expect_request("/2/tweets").respond_with_json(
        {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank",
         "status": 429},
        status=429,
        headers={"x-rate-limit-limit": "100", "x-rate-limit-remaining": "0",
                 "x-rate-limit-reset": str(reset)},
    )  # fmt: skip
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert err.value.retryable
    assert err.value.retry_after is not None and 850 < err.value.retry_after <= 900


def test_unauthorized(httpserver: HTTPServer, adapter: XAdapter) -> None:
    httpserver.expect_request("/2/tweets").respond_with_json(
        {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"},
        status=401,
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert not err.value.retryable
    message = str(err.value)
    assert all(v not in message for v in KEYS.values())
    assert "$X_API_KEY_ENV" in message and "'xacct'" in message


def test_upload_forbidden(httpserver: HTTPServer, adapter: XAdapter, tmp_path: Path) -> None:
    httpserver.expect_request("/2/media/upload").respond_with_json(
        {"title": "Forbidden", "type": "about:blank", "status": 403,
         "detail": "You are not permitted to perform this action."},
        status=403,
    )  # fmt: skip
    with pytest.raises(SendError, match="not permitted") as err:
        adapter.send(request(adapter.account, "hi", media=(jpeg(image(tmp_path), None),)))
    assert not err.value.retryable


def test_find_existing(fake: FakeX, adapter: XAdapter, tmp_path: Path) -> None:
    text = "Fish & chips at https://example.com/menu"
    sent = adapter.send(
        request(adapter.account, text, "more", media=(jpeg(image(tmp_path), None),))
    )
    found = adapter.find_existing(request(adapter.account, text, "more"))
    assert found is not None and found.remote_id == sent.remote_id
    assert found.url == f"https://x.com/example/status/{sent.remote_id}"
    assert adapter.find_existing(request(adapter.account, "Fish & chips")) is None


def test_find_existing_needs_the_whole_reply_chain(fake: FakeX, adapter: XAdapter) -> None:
    sent = adapter.send(request(adapter.account, "1/3 Launch", "2/3 Details", "3/3 Thanks"))
    again = XAdapter(adapter.account, KEYS)  # the next run
    found = again.find_existing(request(adapter.account, "1/3 Launch", "2/3 Details", "3/3 Thanks"))
    assert found == SendResult(sent.remote_id, f"https://x.com/example/status/{sent.remote_id}")
    # The same texts not as replies to each other are not this thread.
    adapter.send(request(adapter.account, "A"))
    adapter.send(request(adapter.account, "B"))
    assert again.find_existing(request(adapter.account, "A", "B")) is None
    assert again.find_existing(request(adapter.account, "Never sent", "at all")) is None


def test_thread_cut_short_is_continued_after_the_parts_sent(
    fake: FakeX, adapter: XAdapter, tmp_path: Path
) -> None:
    pic = jpeg(image(tmp_path), "Blue square")
    # What the dead run got out before it died: part 1, with its image.
    root = adapter.send(request(adapter.account, "1/3 Launch", media=(pic,)))
    assert len(fake.media) == 1 and len(fake.bodies) == 1
    thread = request(adapter.account, "1/3 Launch", "2/3 Details", "3/3 Thanks", media=(pic,))

    again = XAdapter(adapter.account, KEYS)  # the next run
    assert again.find_existing(thread) is None
    result = again.send(thread)
    assert result == SendResult(root.remote_id, f"https://x.com/example/status/{root.remote_id}")
    second = fake.tweets[1]["id"]
    assert fake.bodies[1:] == [
        {"text": "2/3 Details", "reply": {"in_reply_to_tweet_id": root.remote_id}},
        {"text": "3/3 Thanks", "reply": {"in_reply_to_tweet_id": second}},
    ]
    assert len(fake.media) == 1  # the image was not uploaded again
    assert again.find_existing(thread) == result


def test_a_5xx_at_part_2_is_uncertain_and_the_next_try_resumes_at_part_2(
    fake: FakeX, adapter: XAdapter
) -> None:
    fake.unavailable = {2}  # part 2, first try: X is over capacity
    thread = request(adapter.account, "1/2 Launch", "2/2 Details")
    with pytest.raises(SendError) as err:
        adapter.send(thread)
    assert err.value.uncertain and not err.value.retryable  # may have been created
    assert [r.remote_id for r in err.value.published] == [fake.tweets[0]["id"]]
    # The next run, given the parts the ledger recorded:
    result = XAdapter(adapter.account, KEYS).send(replace(thread, published=err.value.published))
    assert [b["text"] for b in fake.bodies] == ["1/2 Launch", "2/2 Details"]
    assert fake.bodies[1]["reply"] == {"in_reply_to_tweet_id": result.remote_id}


def test_a_lost_answer_then_duplicate_content_finds_the_post(
    fake: FakeX, adapter: XAdapter
) -> None:
    fake.after_store = ["hang-up"]
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "Launch today & tomorrow"))
    assert err.value.uncertain and not err.value.retryable
    assert len(fake.tweets) == 1
    # Sent again (e.g. by --resend): X refuses the duplicate; the post is found, not failed.
    again = XAdapter(adapter.account, KEYS).send(
        request(adapter.account, "Launch today & tomorrow")
    )
    assert again.remote_id == fake.tweets[0]["id"] and len(fake.tweets) == 1
    assert again.url == f"https://x.com/example/status/{again.remote_id}"


def test_gif_goes_through_the_chunked_upload(
    fake: FakeX, adapter: XAdapter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "sleep", lambda s: None)  # check_after_secs
    gif = tmp_path / "loop.gif"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(gif, "GIF")
    result = adapter.send(
        request(adapter.account, "Animated", media=(MediaFile(gif, "A red box", "image/gif"),))
    )
    [mid] = fake.media
    assert fake.media[mid] == gif.read_bytes() and fake.alt[mid] == "A red box"
    assert fake.bodies[0]["media"] == {"media_ids": [mid]}
    assert result.remote_id == fake.tweets[0]["id"]

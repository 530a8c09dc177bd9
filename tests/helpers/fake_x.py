"""A local server speaking the X API v2 as documented."""

from __future__ import annotations

import html
import io
import json
import re
from typing import Any

from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.helpers.adapter_calls import hang_up, multipart

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

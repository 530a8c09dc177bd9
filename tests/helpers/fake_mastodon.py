"""A local server speaking the Mastodon API as documented."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.helpers.adapter_calls import hang_up, multipart

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

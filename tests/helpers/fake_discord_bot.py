"""A local Discord API for a bot reading a channel, and the webhook it posts through.

https://discord.com/developers/docs/resources/webhook#get-webhook-with-token and
https://discord.com/developers/docs/resources/message#get-channel-messages:

- ``GET /api/webhooks/{id}/{token}``: the webhook with ``channel_id`` and ``guild_id``;
- ``GET /api/channels/{id}/messages?after&limit``: up to ``limit`` messages after
  the id, newest first; replies carry ``message_reference`` and
  ``referenced_message`` (with ``webhook_id`` when a webhook sent it);
- ``GET /api/channels/{id}/messages/{id}``: 404 ``{"code": 10008, "message":
  "Unknown Message"}`` when deleted;
- without access: 403 ``{"code": 50001, "message": "Missing Access"}``;
  ``throttle``: 429 with ``Retry-After`` and ``retry_after``
  (https://discord.com/developers/docs/topics/rate-limits).
"""

from __future__ import annotations

import itertools
import json
import re
import time
from typing import Any

from werkzeug import Request, Response

HOOK_ID, HOOK_TOKEN = "1300000000000000001", "hook-token-abcdefghijklmnopqrstuvwxyz"
CHANNEL, GUILD = "1200000000000000002", "1100000000000000003"


def answer(status: int, body: Any, **headers: str) -> Response:
    return Response(json.dumps(body), status, headers=headers, content_type="application/json")


class FakeDiscord:
    def __init__(self, server: Any, bot_token: str) -> None:
        self.bot_token = bot_token
        self.messages: dict[int, dict[str, Any]] = {}
        self.calls: list[str] = []
        self.throttle = 0
        self.access = True
        # Snowflakes of the last hour (ms since 2015 << 22): the first read looks 7 days back.
        start = (int(time.time() * 1000) - 3_600_000 - 1420070400000) << 22
        self._ids = itertools.count(start, 1 << 22)
        server.expect_request(f"/api/webhooks/{HOOK_ID}/{HOOK_TOKEN}").respond_with_json(
            {"id": HOOK_ID, "type": 1, "channel_id": CHANNEL, "guild_id": GUILD, "name": "News"}
        )
        server.expect_request(
            re.compile(rf"^/api/channels/{CHANNEL}/messages")
        ).respond_with_handler(self.handle)
        self.webhook_url = server.url_for(f"/api/webhooks/{HOOK_ID}/{HOOK_TOKEN}")

    def post(
        self, text: str, *, webhook: bool = True, reply_to: int | None = None, author: str = "anna"
    ) -> int:
        mid = next(self._ids)
        msg: dict[str, Any] = {
            "id": str(mid),
            "channel_id": CHANNEL,
            "content": text,
            "timestamp": "2026-12-02T10:00:00.000000+00:00",
            "author": {"id": "9", "username": "News" if webhook else author},
        }
        if webhook:
            msg["webhook_id"] = HOOK_ID
        if reply_to is not None:
            msg["type"] = 19
            msg["message_reference"] = {"message_id": str(reply_to), "channel_id": CHANNEL}
            msg["referenced_message"] = self.messages.get(reply_to)
        self.messages[mid] = msg
        return mid

    def handle(self, req: Request) -> Response:
        self.calls.append(req.full_path)
        if req.headers.get("Authorization") != f"Bot {self.bot_token}":
            return answer(401, {"message": "401: Unauthorized", "code": 0})
        if not self.access:
            return answer(403, {"message": "Missing Access", "code": 50001})
        if self.throttle:
            self.throttle -= 1
            return answer(
                429,
                {"message": "You are being rate limited.", "retry_after": 1.0, "global": False},
                **{"Retry-After": "1"},
            )
        one = req.path.rstrip("/").rsplit("/", 1)[1]
        if one.isdigit():
            msg = self.messages.get(int(one))
            return (
                answer(200, msg)
                if msg
                else answer(404, {"message": "Unknown Message", "code": 10008})
            )
        after, limit = int(req.args.get("after", 0)), int(req.args.get("limit", 50))
        newer = sorted(m for m in self.messages if m > after)[:limit]
        return answer(200, [self.messages[m] for m in reversed(newer)])

"""A Bot API server for a channel with a discussion group, as documented.

https://core.telegram.org/bots/api — every answer is ``{"ok", "result"}`` or
``{"ok": false, "error_code", "description"}``.

- ``getChat``: the channel (``@examplenews``) with ``linked_chat_id``, or the group.
- ``sendMessage`` with ``reply_parameters``: 400 "Bad Request: message to be
  replied not found" when that message is not in the chat.
- ``getUpdates`` (offset, limit, allowed_updates): updates from ``offset`` on,
  ``limit`` at a time; an offset confirms (drops) the updates before it.
  Comments arrive as ``message`` updates in the group replying to the channel
  post's automatic forward (``is_automatic_forward``, ``forward_origin`` of type
  channel); edits as ``edited_message``.
- ``getMe`` (``can_read_all_group_messages``) and ``getChatMember``.
- ``deleteMessage`` (chat_id, message_id): 400 "message to delete not found".
- ``throttle``: the next N calls answer 429 with ``parameters.retry_after`` 1;
  ``kill_on_send``: SIGKILL this pid once a message is stored.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
from typing import Any

from werkzeug import Request, Response


def ok(result: Any) -> Response:
    return Response(json.dumps({"ok": True, "result": result}), content_type="application/json")


def fail(status: int, description: str, **params: Any) -> Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if params:
        body["parameters"] = params
    return Response(json.dumps(body), status, content_type="application/json")


class FakeGroup:
    def __init__(self, server: Any, token: str) -> None:
        self.internal = 1987654321
        self.channel = {
            "id": -1001234567890,
            "username": "examplenews",
            "type": "channel",
            "title": "Example News",
            "linked_chat_id": -100 * 10**10 - self.internal,
        }
        self.group = {
            "id": self.channel["linked_chat_id"],
            "type": "supergroup",
            "title": "Example News Chat",
        }
        self.messages: dict[int, dict[str, Any]] = {}
        self.forwards: dict[int, int] = {}  # channel post -> its copy in the group
        self.updates: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.log: list[str] = []
        self.throttle = 0
        self.can_read_all = True
        self.status = "administrator"
        self.kill_on_send: int | None = None
        self._ids = itertools.count(500)
        self._update_ids = itertools.count(800000)
        server.expect_request(f"/bot{token}/getChat").respond_with_handler(self.get_chat)
        server.expect_request(f"/bot{token}/sendMessage").respond_with_handler(self.send)
        server.expect_request(f"/bot{token}/getUpdates").respond_with_handler(self.get_updates)
        server.expect_request(f"/bot{token}/getMe").respond_with_handler(self.get_me)
        server.expect_request(f"/bot{token}/getChatMember").respond_with_handler(self.member)
        server.expect_request(f"/bot{token}/deleteMessage").respond_with_handler(self.delete)
        self.deleted: list[tuple[str, int]] = []

    def _fields(self, req: Request) -> dict[str, Any]:
        self.log.append(req.path.rsplit("/", 1)[1])
        if req.mimetype == "application/json":
            data: dict[str, Any] = req.get_json()
            return data
        return dict(req.values.items())

    def _message(self, **fields: Any) -> dict[str, Any]:
        mid = next(self._ids)
        msg = {"message_id": mid, "chat": self.group, "date": 1795600000 + mid, **fields}
        self.messages[mid] = msg
        return msg

    def comment(self, post: int, author: str, text: str, reply_to: int | None = None) -> int:
        """A comment under channel post ``post`` (or under comment ``reply_to``); its id."""
        if post not in self.forwards:
            forward = self._message(
                sender_chat=self.channel,
                is_automatic_forward=True,
                text="(the post)",
                forward_origin={
                    "type": "channel",
                    "chat": self.channel,
                    "message_id": post,
                    "date": 1795600000,
                },
            )
            self.forwards[post] = forward["message_id"]
            self.updates.append({"update_id": next(self._update_ids), "message": forward})
        thread = self.forwards[post]
        parent = self.messages[reply_to if reply_to is not None else thread]
        msg = self._message(
            **{
                "from": {
                    "id": 4000 + len(self.messages),
                    "is_bot": False,
                    "first_name": author,
                    "username": author,
                }
            },
            text=text,
            message_thread_id=thread,
            reply_to_message=parent,
        )
        self.updates.append({"update_id": next(self._update_ids), "message": msg})
        return int(msg["message_id"])

    def edit(self, mid: int, text: str) -> None:
        msg = dict(self.messages[mid], text=text, edit_date=1795700000)
        self.updates.append({"update_id": next(self._update_ids), "edited_message": msg})

    def _gate(self) -> Response | None:
        if self.throttle:
            self.throttle -= 1
            return fail(429, "Too Many Requests: retry after 1", retry_after=1)
        return None

    def get_chat(self, req: Request) -> Response:
        chat = str(self._fields(req)["chat_id"])
        if chat in ("@examplenews", str(self.channel["id"])):
            return self._gate() or ok(self.channel)
        if chat == str(self.group["id"]):
            return self._gate() or ok(self.group)
        return fail(400, "Bad Request: chat not found")

    def send(self, req: Request) -> Response:
        fields = self._fields(req)
        target = (fields.get("reply_parameters") or {}).get("message_id")
        if str(fields["chat_id"]) != str(self.group["id"]):
            return fail(403, "Forbidden: bot is not a member of the channel chat")
        if target not in self.messages:
            return fail(400, "Bad Request: message to be replied not found")
        msg = self._message(
            **{
                "from": {
                    "id": 7123456789,
                    "is_bot": True,
                    "first_name": "Bot",
                    "username": "example_bot",
                }
            },
            text=fields["text"],
        )
        self.sent.append(fields)
        if self.kill_on_send is not None:
            os.kill(self.kill_on_send, signal.SIGKILL)
        return ok(msg)

    def get_updates(self, req: Request) -> Response:
        fields = self._fields(req)
        stop = self._gate()
        if stop:
            return stop
        offset = int(fields.get("offset") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        limit = int(fields.get("limit") or 100)
        return ok(self.updates[:limit])

    def get_me(self, req: Request) -> Response:
        self._fields(req)
        return self._gate() or ok(
            {
                "id": 7123456789,
                "is_bot": True,
                "first_name": "Bot",
                "username": "example_bot",
                "can_read_all_group_messages": self.can_read_all,
            }
        )

    def member(self, req: Request) -> Response:
        self._fields(req)
        return self._gate() or ok({"status": self.status, "user": {"id": 7123456789}})

    def delete(self, req: Request) -> Response:
        fields = self._fields(req)
        chat, mid = str(fields["chat_id"]), int(fields["message_id"])
        self.deleted.append((chat, mid))
        if chat != str(self.group["id"]) or mid not in self.messages:
            return fail(400, "Bad Request: message to delete not found")
        del self.messages[mid]
        return ok(True)

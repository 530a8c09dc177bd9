"""The fakes of ``fake_meta`` with other people's messages: replies, mentions and comments.

Modelled on the documented Graph API reads and writes:

- Threads ``GET /{media-id}/conversation`` (every reply, newest first by
  default: ``reverse`` true) and ``GET /{user-id}/mentions``
  (https://developers.facebook.com/docs/threads/retrieve-and-manage-replies/replies-and-conversations,
  https://developers.facebook.com/docs/threads/threads-mentions).
- Instagram ``GET /{ig-media-id}/comments`` (top-level, with ``replies{…}``),
  ``GET|POST /{ig-comment-id}/replies``, ``GET /{ig-comment-id}``
  (``parent_id``); https://developers.facebook.com/docs/instagram-platform/comment-moderation
- Facebook ``GET|POST /{object-id}/comments`` (``filter=stream``, ``order``)
  and ``GET /{comment-id}`` (``parent``);
  https://developers.facebook.com/docs/graph-api/reference/object/comments
- Paging: ``paging.cursors.after`` and ``paging.next`` while more follow
  (https://developers.facebook.com/docs/graph-api/results).
- A deleted object: 400, code 100, subcode 33 ("Object with ID … does not
  exist, cannot be loaded due to missing permissions, or does not support
  this operation").
- A rate limit: 429 with ``Retry-After`` and code 4 when ``faults["inbox"]``
  holds "429".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.helpers.fake_meta import FakeFacebook, FakeInstagram, FakeThreads, graph_error, ok

_ids = itertools.count(1)


@dataclass
class Message:
    """Someone's reply, mention or comment (or ours, ``mine``)."""

    id: str
    text: str
    author: str
    at: str  # as the Graph API writes it: 2026-11-30T10:00:00+0000
    on: str  # the post (media) it is under
    parent: str | None = None  # the message it answers; None: the post itself
    deleted: bool = False
    mention: bool = False  # Threads: a mention of us, under no post of ours
    mine: bool = False
    code: str = ""  # Threads shortcode


def at(minute: int) -> str:
    """A time on 30 Nov 2026, ``minute`` minutes after 08:00 (later = newer)."""
    return f"2026-11-30T{8 + minute // 60:02d}:{minute % 60:02d}:00+0000"


def gone(oid: str) -> Response:
    return graph_error(
        400, 100, f"Unsupported get request. Object with ID '{oid}' does not exist, cannot be "
        "loaded due to missing permissions, or does not support this operation",
        error_subcode=33,
    )  # fmt: skip


def paged(req: Request, items: list[dict[str, Any]]) -> Response:
    """One page of ``items`` by ``limit`` and ``after`` (the cursor is the offset)."""
    limit = int(req.args.get("limit", 25))
    start = int(req.args.get("after", "0"))
    body: dict[str, Any] = {"data": items[start : start + limit]}
    if start + limit < len(items):
        after = str(start + limit)
        body["paging"] = {
            "cursors": {"before": str(start), "after": after},
            "next": f"{req.base_url}?after={after}&limit={limit}",
        }
    return ok(body)


class Inbox:
    """The messages, the faults and the calls, shared by the three fakes."""

    def setup_inbox(self) -> None:
        self.messages: dict[str, Message] = {}
        self.calls: list[str] = []

    def add(
        self, on: str, n: int = 1, *, start: int = 0, author: str = "anna",
        text: str | None = None, **extra: Any,
    ) -> list[Message]:  # fmt: skip
        """``n`` messages under ``on``, one minute apart from minute ``start`` on."""
        out = []
        for i in range(n):
            mid = self.message_id(on)
            words = text or f"Frage {len(self.messages) + 1}"
            m = Message(mid, words, author, at(start + i), on, **extra)
            self.messages[mid] = m
            out.append(m)
        return out

    def message_id(self, on: str) -> str:
        return str(178 * 10**14 + 5 * 10**10 + next(_ids))

    def live(self, pred: Any) -> list[Message]:
        found = [m for m in self.messages.values() if not m.deleted and pred(m)]
        return sorted(found, key=lambda m: m.at, reverse=True)

    def limited(self, req: Request) -> Response | None:
        self.calls.append(req.path)
        if self.fault("inbox") == "429":  # type: ignore[attr-defined]
            said = graph_error(429, 4, "(#4) Application request limit reached")
            said.headers["Retry-After"] = "3"
            return said
        return None


class ThreadsInbox(Inbox, FakeThreads):
    """FakeThreads with replies under our posts and mentions."""

    def install(self, server: HTTPServer, user: str, version: str = "/v1.0") -> ThreadsInbox:
        self.setup_inbox()
        self.user = user
        server.expect_request(f"{version}/{user}/mentions").respond_with_handler(self.mentions)
        server.expect_request(re.compile(rf"{version}/\d+/conversation$")).respond_with_handler(
            self.conversation
        )
        super().install(server, user, version)
        return self

    def item(self, m: Message) -> dict[str, Any]:
        return {
            "id": m.id, "text": m.text, "username": m.author, "timestamp": m.at,
            "shortcode": m.code or f"DR{m.id[-6:]}",
            "permalink": f"https://www.threads.com/@{m.author}/post/{m.code or 'DR' + m.id[-6:]}",
            "replied_to": {"id": m.parent or m.on}, "root_post": {"id": m.on},
            "is_reply_owned_by_me": m.mine,
        }  # fmt: skip

    def conversation(self, req: Request) -> Response:
        denied = self.auth(req, "threads_basic", "threads_read_replies") or self.limited(req)
        if denied:
            return denied
        on = req.path.split("/")[-2]
        found = self.live(lambda m: m.on == on and not m.mention)
        if req.args.get("reverse") == "false":
            found.reverse()
        return paged(req, [self.item(m) for m in found])

    def mentions(self, req: Request) -> Response:
        denied = self.auth(req, "threads_basic", "threads_manage_mentions") or self.limited(req)
        if denied:
            return denied
        items = [self.item(m) for m in self.live(lambda m: m.mention)]
        for i in items:
            del i["replied_to"], i["root_post"]
        return paged(req, items)

    def our_post(self, text: str) -> str:
        mid = self.new_id(179)
        self.posts[mid] = {"text": text, "media_type": "TEXT"}
        return mid

    def our_replies(self) -> list[dict[str, str]]:
        return [f for f in self.posts.values() if "reply_to_id" in f]


class InstagramInbox(Inbox, FakeInstagram):
    """FakeInstagram with comments under our media, and replies to them."""

    def install(self, server: HTTPServer, user: str, version: str = "/v24.0") -> InstagramInbox:
        self.setup_inbox()
        self.user = user
        server.expect_request(
            re.compile(rf"{version}/\d+/comments$"), method="GET"
        ).respond_with_handler(self.comments)
        server.expect_request(re.compile(rf"{version}/\d+/replies$")).respond_with_handler(
            self.replies
        )
        server.expect_request(re.compile(rf"{version}/\d+$"), method="GET").respond_with_handler(
            self.comment_node
        )
        super().install(server, user, version)
        return self

    def item(self, m: Message, fields: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": m.id, "text": m.text, "username": m.author, "timestamp": m.at}
        if "replies{" in fields:
            found = self.live(lambda r: r.parent == m.id)
            out["replies"] = {"data": [self.item(r, "") for r in found]}
        return out

    def comments(self, req: Request) -> Response:
        denied = self.auth(req, "instagram_basic", "instagram_manage_comments")
        denied = denied or self.limited(req)
        if denied:
            return denied
        on = req.path.split("/")[-2]
        found = self.live(lambda m: m.on == on and m.parent is None)
        return paged(req, [self.item(m, req.args.get("fields", "")) for m in found])

    def replies(self, req: Request) -> Response:
        denied = self.auth(req, "instagram_basic", "instagram_manage_comments")
        if denied:
            return denied
        cid = req.path.split("/")[-2]
        top = self.messages.get(cid)
        if top is None or top.deleted:
            return gone(cid)
        if req.method == "GET":
            return paged(req, [self.item(m, "") for m in self.live(lambda m: m.parent == cid)])
        fault = self.fault("reply")
        rid = self.message_id(top.on)
        self.messages[rid] = Message(rid, req.form["message"], "brand", at(600), top.on, cid,
                                     mine=True)  # fmt: skip
        if fault == "500-after":
            from tests.helpers.fake_meta import transient

            return transient()
        return ok({"id": rid})

    def comment_node(self, req: Request) -> Response:
        oid = req.path.rsplit("/", 1)[1]
        m = self.messages.get(oid)
        if oid == self.user:
            return self.auth(req, "instagram_basic") or ok({"id": oid, "username": "brand"})
        if m is None:
            return self.node(req)
        denied = self.auth(req, "instagram_basic")
        if denied:
            return denied
        if m.deleted:
            return gone(oid)
        return ok({"id": m.id} | ({"parent_id": m.parent} if m.parent else {}))

    def our_media(self) -> str:
        mid = self.new_id(179)
        self.posts[mid] = {"caption": "Unser Bild", "image_url": "https://example.org/a.jpg"}
        return mid

    def ours(self) -> list[Message]:
        return [m for m in self.messages.values() if m.mine]


class FacebookInbox(Inbox, FakeFacebook):
    """FakeFacebook with comments under the Page's posts, and replies in their threads."""

    def install(self, server: HTTPServer, page: str, version: str = "/v24.0") -> FacebookInbox:
        self.setup_inbox()
        server.expect_request(re.compile(rf"{version}/\d+_\d+/comments$")).respond_with_handler(
            self.comments
        )
        server.expect_request(
            re.compile(rf"{version}/\d+_\d+$"), method="GET"
        ).respond_with_handler(self.node)
        super().install(server, page, version)
        return self

    def message_id(self, on: str) -> str:
        return f"{on.partition('_')[2] or on}_{5 * 10**10 + next(_ids)}"

    def item(self, m: Message) -> dict[str, Any]:
        author = {"id": self.page, "name": "Brand"} if m.mine else {"id": "77", "name": m.author}
        out: dict[str, Any] = {"id": m.id, "message": m.text, "created_time": m.at, "from": author}
        if m.parent:
            out["parent"] = {"id": m.parent}
        return out

    def comments(self, req: Request) -> Response:
        oid = req.path.split("/")[-2]
        if req.method == "POST":
            return self.comment(req, oid)
        denied = self.auth(req, "pages_read_engagement", "pages_read_user_content")
        denied = denied or self.limited(req)
        if denied:
            return denied
        if oid in self.posts:
            stream = req.args.get("filter") == "stream"
            found = self.live(lambda m: m.on == oid and (stream or m.parent is None))
        else:
            found = self.live(lambda m: m.parent == oid)
        if req.args.get("order") != "reverse_chronological":
            found.reverse()
        return paged(req, [self.item(m) for m in found])

    def comment(self, req: Request, oid: str) -> Response:
        denied = self.auth(req, "pages_manage_engagement")
        if denied:
            return denied
        target = self.messages.get(oid)
        if oid not in self.posts and (target is None or target.deleted):
            return gone(oid)
        on = target.on if target else oid
        cid = self.message_id(on)
        self.messages[cid] = Message(cid, req.form["message"], "Brand", at(600), on,
                                     oid if target else None, mine=True)  # fmt: skip
        return ok({"id": cid})

    def node(self, req: Request) -> Response:
        oid = req.path.rsplit("/", 1)[1]
        denied = self.auth(req, "pages_read_engagement")
        if denied:
            return denied
        if oid in self.posts:
            return ok({"id": oid})
        m = self.messages.get(oid)
        if m is None or m.deleted:
            return gone(oid)
        return ok({"id": m.id} | ({"parent": {"id": m.parent}} if m.parent else {}))

    def our_post(self, text: str) -> str:
        pid = f"{self.page}_{self.new_id(1221)}"
        self.posts[pid] = {"message": text}
        return pid

    def ours(self) -> list[Message]:
        return [m for m in self.messages.values() if m.mine]

"""Local servers speaking the inbox APIs: Bluesky's listNotifications lexicon, Mastodon's
notifications, X's mentions. Shared by tests/test_inbox.py and benchmarks/inbox.py."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from werkzeug import Request, Response

DID = "did:plc:brand0000000000000000000"
HANDLE = "brand.test"
T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data), status, headers=headers, content_type="application/json")


def _jwt(sub: str) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    now = int(dt.datetime.now(dt.UTC).timestamp())
    body = {"scope": "com.atproto.access", "sub": sub, "iat": now, "exp": now + 7200}
    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(body)}.c2ln"


class FakeBluesky:
    """createSession, listNotifications (cursor, reasons, limit ≤ 100) and getPosts.

    https://docs.bsky.app/docs/api/app-bsky-notification-list-notifications:
    newest first; ``cursor`` continues after the last item of the page.
    """

    def __init__(self, server: Any) -> None:
        self.notifications: list[dict[str, Any]] = []  # newest first
        self.deleted: set[str] = set()
        self.calls: list[str] = []
        self.throttle = 0  # answer this many next calls with 429
        server.expect_request(
            "/xrpc/com.atproto.server.createSession", method="POST"
        ).respond_with_handler(self.session)
        server.expect_request("/xrpc/app.bsky.notification.listNotifications").respond_with_handler(
            self.list
        )
        server.expect_request("/xrpc/app.bsky.feed.getPosts").respond_with_handler(self.posts)

    def session(self, req: Request) -> Response:
        self.calls.append("createSession")
        jwt = _jwt(DID)
        return _json(
            {"accessJwt": jwt, "refreshJwt": jwt, "handle": HANDLE, "did": DID, "active": True}
        )

    def add(
        self,
        n: int,
        *,
        reason: str = "reply",
        author: str = "anna.test",
        labels: list[Any] | None = None,
        text: str | None = None,
        at: dt.datetime | None = None,
    ) -> list[str]:
        """``n`` new notifications (newer than all before); their URIs."""
        uris = []
        for _ in range(n):
            k = len(self.notifications)
            when = (at or T0) + dt.timedelta(minutes=k)
            uri = f"at://did:plc:{author.split('.')[0]}/app.bsky.feed.post/3l{k:011d}"
            record: dict[str, Any] = {
                "$type": "app.bsky.feed.post",
                "text": text or f"Nachricht {k} von {author}",
                "createdAt": when.isoformat().replace("+00:00", "Z"),
            }
            ours = f"at://{DID}/app.bsky.feed.post/3lours0000000"
            if reason == "reply":
                ref = {"uri": ours, "cid": "bafyreiours"}
                record["reply"] = {"root": ref, "parent": ref}
            self.notifications.insert(
                0,
                {
                    "uri": uri,
                    "cid": f"bafyrei{k:010d}",
                    "author": {
                        "did": f"did:plc:{author.split('.')[0]}",
                        "handle": author,
                        "labels": labels or [],
                    },
                    "reason": reason,
                    "reasonSubject": ours if reason in ("reply", "quote") else None,
                    "record": record,
                    "isRead": False,
                    "indexedAt": when.isoformat().replace("+00:00", "Z"),
                },
            )
            uris.append(uri)
        return uris

    def list(self, req: Request) -> Response:
        self.calls.append("listNotifications")
        assert req.headers["Authorization"].startswith("Bearer ")
        if self.throttle:
            self.throttle -= 1
            return _json({"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, 429,
                         {"Retry-After": "7", "ratelimit-reset": "0"})  # fmt: skip
        limit = int(req.args.get("limit", 50))
        assert 1 <= limit <= 100
        reasons = req.args.getlist("reasons")
        live = [
            n for n in self.notifications
            if n["uri"] not in self.deleted and (not reasons or n["reason"] in reasons)
        ]  # fmt: skip
        start = int(req.args.get("cursor", "0"))
        page = live[start : start + limit]
        body: dict[str, Any] = {"notifications": page}
        if start + limit < len(live):
            body["cursor"] = str(start + limit)
        return _json(body)

    def posts(self, req: Request) -> Response:
        self.calls.append("getPosts")
        uris = req.args.getlist("uris")
        assert len(uris) <= 25
        found = [n for n in self.notifications if n["uri"] in uris and n["uri"] not in self.deleted]
        views = [
            {"uri": n["uri"], "cid": n["cid"], "author": n["author"], "record": n["record"],
             "indexedAt": n["indexedAt"]}
            for n in found
        ]  # fmt: skip
        return _json({"posts": views})


class FakeMastodon:
    """GET /api/v1/notifications: newest first, ``since_id``, ``max_id``, ``limit`` ≤ 80."""

    def __init__(self, server: Any) -> None:
        self.notifications: list[dict[str, Any]] = []
        self.calls = 0
        self.deleted: set[str] = set()  # status ids
        self.lookups: list[list[str]] = []
        server.expect_request("/api/v1/notifications").respond_with_handler(self.list)
        server.expect_request("/api/v1/statuses", method="GET").respond_with_handler(self.statuses)

    def statuses(self, req: Request) -> Response:
        """View multiple statuses (4.3): those that exist and can be seen, up to 20."""
        ids = req.args.getlist("id[]")
        assert len(ids) <= 20, ids
        self.lookups.append(ids)
        found = [
            n["status"] for n in self.notifications
            if n["status"]["id"] in ids and n["status"]["id"] not in self.deleted
        ]  # fmt: skip
        return _json(found)

    def edit(self, index: int, html: str) -> str:
        """Edit the status of notification ``index`` (0: newest); its id."""
        status = self.notifications[index]["status"]
        status["content"] = html
        status["edited_at"] = "2026-12-01T12:00:00.000Z"
        return str(status["id"])

    def add(self, n: int, *, note: str = "", noindex: bool = False, acct: str = "bob@other.example",
            kind: str = "mention") -> None:  # fmt: skip
        for _ in range(n):
            k = len(self.notifications) + 1
            nid = str(100000 + k)
            sid = str(113600000000000000 + k)
            self.notifications.insert(
                0,
                {
                    "id": nid,
                    "type": kind,
                    "created_at": (T0 + dt.timedelta(minutes=k))
                    .isoformat()
                    .replace("+00:00", ".000Z"),
                    "account": {"id": "9", "acct": acct, "note": note, "noindex": noindex},
                    "status": {
                        "id": sid,
                        "url": f"https://other.example/@bob/{sid}",
                        "uri": f"https://other.example/users/bob/statuses/{sid}",
                        "content": f"<p>@brand Frage {k}<br>zweite Zeile &amp; mehr</p>",
                        "created_at": (T0 + dt.timedelta(minutes=k))
                        .isoformat()
                        .replace("+00:00", ".000Z"),
                        "in_reply_to_id": "113500000000000001",
                        "account": {"id": "9", "acct": acct, "note": note, "noindex": noindex},
                    },
                },
            )

    def list(self, req: Request) -> Response:
        self.calls += 1
        types = req.args.getlist("types[]")
        assert set(types) == {"mention", "quote"}, types
        limit = min(int(req.args.get("limit", 40)), 80)
        since = int(req.args.get("since_id") or 0)
        top = int(req.args.get("max_id") or 10**18)
        live = [n for n in self.notifications if since < int(n["id"]) < top and n["type"] in types]
        return _json(live[:limit])


class FakeX:
    """GET /2/users/me and /2/users/:id/mentions (``since_id``, ``pagination_token``, ≤ 100)."""

    def __init__(self, server: Any) -> None:
        self.tweets: list[dict[str, Any]] = []  # newest first
        self.calls = 0
        server.expect_request("/2/users/me").respond_with_json(
            {"data": {"id": "42", "username": "brand"}}
        )
        server.expect_request("/2/users/42/mentions").respond_with_handler(self.list)

    def add(self, n: int) -> None:
        for _ in range(n):
            k = len(self.tweets) + 1
            tid = str(1862000000000000000 + k)
            self.tweets.insert(0, {
                "id": tid, "text": f"@brand Hallo {k}", "author_id": "7",
                "created_at": (T0 + dt.timedelta(minutes=k)).isoformat().replace("+00:00", ".000Z"),
                "conversation_id": "1861000000000000001",
                "referenced_tweets": [{"type": "replied_to", "id": "1861000000000000001"}],
            })  # fmt: skip

    def list(self, req: Request) -> Response:
        self.calls += 1
        since = int(req.args.get("since_id") or 0)
        limit = int(req.args.get("max_results", 10))
        start = int(req.args.get("pagination_token") or 0)
        live = [t for t in self.tweets if int(t["id"]) > since]
        page = live[start : start + limit]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta["newest_id"], meta["oldest_id"] = page[0]["id"], page[-1]["id"]
        if start + limit < len(live):
            meta["next_token"] = str(start + limit)
        body: dict[str, Any] = {"meta": meta}
        if page:
            body["data"] = page
            body["includes"] = {"users": [{"id": "7", "username": "carla", "name": "Carla"}]}
        return _json(body)

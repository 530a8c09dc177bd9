"""A local server speaking LinkedIn's Comments API (and the posts finder) as documented.

https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api

- ``GET /rest/socialActions/{post or comment URN}/comments?start&count``: the
  comments under it, ``paging {start, count, total}``; 403 without
  ``r_organization_social``.
- ``GET /rest/socialActions/{post URN}/comments/{id}``: one comment; 404 when deleted.
- ``POST /rest/socialActions/{URN}/comments`` (actor, object, parentComment,
  message.text): 201, the new comment's URN in ``x-restli-id``; 404 when the
  parent is gone.
- ``DELETE /rest/socialActions/{post URN}/comments/{id}?actor=``: 204; 403 for
  another actor's comment.
- ``GET /rest/posts?q=author``: the page's posts (FINDER).
- ``throttle``: the next N calls answer 429 with ``Retry-After: 1``;
  ``kill_on_create``: SIGKILL this pid once the comment is stored (the client
  dies before it hears the answer).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


def answer(status: int, body: Any, **headers: str) -> Response:
    return Response(json.dumps(body), status, headers=headers, content_type="application/json")


@dataclass
class FakeComments:
    token: str
    posts: list[str] = field(default_factory=list)
    comments: dict[str, dict[str, Any]] = field(default_factory=dict)
    scopes: frozenset[str] = frozenset({"r_organization_social", "w_organization_social"})
    throttle: int = 0
    kill_on_create: int | None = None
    log: list[str] = field(default_factory=list)
    ids: Any = field(default_factory=lambda: itertools.count(7400000000000000001))

    def install(self, server: HTTPServer) -> FakeComments:
        server.expect_request(re.compile(r"^/rest/socialActions/")).respond_with_handler(
            self.handle
        )
        server.expect_request("/rest/posts", method="GET").respond_with_handler(self.finder)
        return self

    def add(self, post: str, actor: str, text: str, at_ms: int, parent: str | None = None) -> str:
        urn = f"urn:li:comment:({post},{next(self.ids)})"
        self.comments[urn] = {
            "$URN": urn,
            "actor": actor,
            "object": post,
            "message": {"text": text},
            "created": {"time": at_ms},
            **({"parentComment": parent} if parent else {}),
        }
        return urn

    def _gate(self, req: Request) -> Response | None:
        self.log.append(f"{req.method} {req.full_path}")
        if req.headers.get("Authorization") != f"Bearer {self.token}":
            return answer(401, {"status": 401, "message": "Invalid access token"})
        if self.throttle:
            self.throttle -= 1
            return answer(
                429, {"status": 429, "message": "Too Many Requests"}, **{"Retry-After": "1"}
            )
        if req.method == "GET" and "r_organization_social" not in self.scopes:
            return answer(
                403,
                {
                    "status": 403,
                    "code": "ACCESS_DENIED",
                    "message": "Not enough permissions to access: socialActions",
                },
            )
        return None

    def finder(self, req: Request) -> Response:
        return self._gate(req) or answer(
            200, {"elements": [{"id": p} for p in self.posts], "paging": {"start": 0}}
        )

    def handle(self, req: Request) -> Response:
        stop = self._gate(req)
        if stop:
            return stop
        rest = req.path.removeprefix("/rest/socialActions/")
        urn, _, one = rest.partition("/comments")
        one = one.strip("/")
        if req.method == "POST":
            return self._create(urn, req.get_json())
        if req.method == "DELETE":
            gone = f"urn:li:comment:({urn},{one})"
            if self.comments.get(gone, {}).get("actor", req.args.get("actor")) != req.args.get(
                "actor"
            ):
                return answer(403, {"status": 403, "message": "not the comment's actor"})
            self.comments.pop(gone, None)
            return Response(status=204)
        if one:
            found = [c for u, c in self.comments.items() if u == f"urn:li:comment:({urn},{one})"]
            return answer(200, found[0]) if found else answer(404, {"status": 404})
        under = [
            c
            for c in self.comments.values()
            if (c.get("parentComment") == urn) or (c["object"] == urn and "parentComment" not in c)
        ]
        start, count = int(req.args.get("start", 0)), int(req.args.get("count", 10))
        page = under[start : start + count]
        return answer(
            200, {"elements": page, "paging": {"start": start, "count": count, "total": len(under)}}
        )

    def _create(self, urn: str, body: dict[str, Any]) -> Response:
        parent = body.get("parentComment")
        if parent is not None and (parent != urn or parent not in self.comments):
            return answer(404, {"status": 404, "message": "parent comment not found"})
        new = self.add(body["object"], body["actor"], body["message"]["text"], 0, parent)
        if self.kill_on_create is not None:
            os.kill(self.kill_on_create, signal.SIGKILL)
        return Response(status=201, headers={"x-restli-id": new})

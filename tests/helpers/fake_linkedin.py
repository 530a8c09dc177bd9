"""A local server speaking LinkedIn's Posts API and token introspection as documented.

Documented behaviour modelled here, with sources:

- ``POST /rest/posts`` answers 201 with the new post's URN in ``x-restli-id``
  (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api);
  a post repeating a recent post's commentary is refused with 422
  ``DUPLICATE_POST`` naming the existing post (real body in Arisamiga/Linkedin-RSS#5).
- ``GET /rest/posts?q=author`` (``X-RestLi-Method: FINDER``) needs
  ``r_organization_social`` for organizations and ``r_member_social`` for
  members; without it: 403 ``ACCESS_DENIED`` "Not enough permissions to
  access: partnerApiPosts" (same page, permissions table).
- ``POST /oauth/v2/introspectToken`` with client_id, client_secret and token
  answers ``active``, ``status`` (active/expired/revoked), ``expires_at`` and
  ``scope`` (https://learn.microsoft.com/en-us/linkedin/shared/authentication/token-introspection).
- Faults: ``faults["publish"] = ["drop-after"]`` creates the post, then drops the
  connection without an answer; ``"500-after"`` creates it, then answers 500;
  ``"slow-after"`` creates it, then answers after a second.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.helpers.fake_meta import drop


def answer(status: int, body: Any, **headers: str) -> Response:
    return Response(json.dumps(body), status, headers=headers, content_type="application/json")


@dataclass
class FakeLinkedIn:
    """Posts by URN, the token's scopes, and faults to inject."""

    token: str
    scopes: frozenset[str]
    status: str = "active"  # introspection: active | expired | revoked
    expires_at: int = 4102444800  # 2100-01-01
    client: tuple[str, str] = ("client-id", "client-secret")
    faults: dict[str, list[str | None]] = field(default_factory=dict)
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)
    ids: Any = field(default_factory=lambda: itertools.count(7390123456789012480))

    def install(self, server: HTTPServer) -> FakeLinkedIn:
        server.expect_request("/rest/posts", method="POST").respond_with_handler(self.create)
        server.expect_request("/rest/posts", method="GET").respond_with_handler(self.finder)
        server.expect_request("/oauth/v2/introspectToken", method="POST").respond_with_handler(
            self.introspect
        )
        return self

    def _fault(self, name: str) -> str | None:
        queue = self.faults.get(name)
        return queue.pop(0) if queue else None

    def _auth(self, req: Request) -> Response | None:
        if req.headers.get("Authorization") != f"Bearer {self.token}" or self.status != "active":
            return answer(
                401,
                {"status": 401, "serviceErrorCode": 65601, "code": "REVOKED_ACCESS_TOKEN",
                 "message": "The token used in the request has been revoked by the user"},
            )  # fmt: skip
        return None

    def create(self, req: Request) -> Response:
        denied = self._auth(req)
        if denied:
            return denied
        body = req.get_json()
        for urn, post in self.posts.items():
            if post["commentary"] == body["commentary"]:
                return answer(
                    422,
                    {"message": f"Unprocessable Entity: Content is a duplicate of {urn}",
                     "errorDetails": {"inputErrors": [{
                         "description": "Duplicate post is detected",
                         "input": {"inputPath": {"fieldPath": "/commentary"}},
                         "code": "DUPLICATE_POST"}]},
                     "status": 422},
                )  # fmt: skip
        urn = f"urn:li:share:{next(self.ids)}"
        self.posts[urn] = body
        fault = self._fault("publish")
        if fault == "drop-after":
            return drop(req)
        if fault == "500-after":
            return answer(500, {"status": 500, "message": "Internal Server Error"})
        if fault == "slow-after":
            time.sleep(1.0)
        return Response(status=201, headers={"x-restli-id": urn})

    def finder(self, req: Request) -> Response:
        denied = self._auth(req)
        if denied:
            return denied
        author = req.args["author"]
        needs = (
            "r_organization_social"
            if author.startswith("urn:li:organization:")
            else "r_member_social"
        )
        if needs not in self.scopes:
            return answer(
                403,
                {"status": 403, "serviceErrorCode": 100, "code": "ACCESS_DENIED",
                 "message": "Not enough permissions to access: partnerApiPosts.FINDER-author"},
            )  # fmt: skip
        elements = [
            {"id": urn, "author": p["author"], "commentary": p["commentary"]}
            for urn, p in reversed(self.posts.items())
            if p["author"] == author
        ]
        return answer(200, {"paging": {"start": 0, "count": 20}, "elements": elements[:20]})

    def introspect(self, req: Request) -> Response:
        if (req.form.get("client_id"), req.form.get("client_secret")) != self.client:
            return answer(
                401,
                {"error": "invalid_client", "error_description": "Client authentication failed"},
            )
        if req.form.get("token") != self.token:
            return answer(200, {"active": False})
        body: dict[str, Any] = {
            "active": self.status == "active",
            "client_id": self.client[0],
            "authorized_at": 1764000000,
            "created_at": 1764000000,
            "status": self.status,
            "expires_at": self.expires_at,
            "scope": ",".join(sorted(self.scopes)),
            "auth_type": "3L",
        }
        return answer(200, body)

    def commentaries(self) -> list[str]:
        return [p["commentary"] for p in self.posts.values()]

"""Local servers speaking Meta's Graph APIs (Threads, Instagram, Facebook Pages) as documented.

Each fake keeps what was really created, so a test can count posts after any
number of runs, and can be told to fail the way the real APIs fail:

- ``faults["publish"] = ["drop-after"]``: the next publishing call creates the
  post, then the connection drops without an answer (what a client sees when
  its read timeout strikes after the server has applied the request);
- ``"500-after"``: creates the post, then answers 500 with a transient Graph
  error (``code 2``, ``is_transient``), as Meta does when a backend times out;
- ``"slow-after"``: creates the post, then answers only after ``slow`` seconds
  (longer than the client waits: a real read timeout after the server applied it);
- ``"drop"`` / ``"slow"`` / ``"403"`` on a read (``faults["lookup"]``): the read
  gets no answer, times out, or is refused.

Documented behaviour modelled here, with sources:

- Containers are processed asynchronously: "Wait about 30 seconds before
  publishing to allow the Threads media pipeline to finish processing"
  (https://developers.facebook.com/docs/threads/retrieve-and-manage-replies/create-replies);
  a container is ``IN_PROGRESS`` until processed, then ``FINISHED``, and
  ``PUBLISHED`` once published (IG Container ``status_code``:
  https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container).
  Publishing an unfinished one is refused with code 9007 "Media ID is not
  available" (real answer quoted in exileum/meta-mcp#138); publishing one twice
  is refused too (a container publishes once).
- Replies (every part of a thread after the first) need
  ``threads_manage_replies``; reading replies needs ``threads_read_replies``
  (https://developers.facebook.com/docs/threads/get-started). Missing
  permissions answer code 10 (Graph API error handling:
  https://developers.facebook.com/docs/graph-api/guides/error-handling).
- ``GET /debug_token`` describes a token: ``is_valid``, ``expires_at`` (0 =
  never), ``scopes`` (https://developers.facebook.com/docs/graph-api/reference/debug_token,
  https://developers.facebook.com/docs/threads/troubleshooting/debug-access-token).
"""

from __future__ import annotations

import itertools
import json
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

THREADS_SCOPES = frozenset(
    {"threads_basic", "threads_content_publish", "threads_manage_replies", "threads_read_replies"}
)
IG_SCOPES = frozenset({"instagram_basic", "instagram_content_publish", "pages_read_engagement"})
FB_SCOPES = frozenset({"pages_manage_posts", "pages_read_engagement", "pages_show_list"})


def graph_error(status: int, code: int, message: str, **extra: Any) -> Response:
    """A Graph API error body: {"error": {"message", "type", "code", ...}}."""
    error = {"message": message, "type": "OAuthException", "code": code, **extra}
    return Response(json.dumps({"error": error}), status, content_type="application/json")


def ok(body: Any) -> Response:
    """A 200 JSON answer."""
    return Response(json.dumps(body), content_type="application/json")


def drop(req: Request) -> Response:
    """Close the connection without an answer (the client sees no response at all)."""
    sock = req.environ["werkzeug.socket"]
    sock.shutdown(socket.SHUT_RDWR)
    return Response("", 500)


def transient() -> Response:
    """Meta's answer when a backend gave up: 500, code 2, is_transient."""
    return graph_error(
        500, 2, "An unexpected error has occurred. Please retry your request later.",
        is_transient=True,
    )  # fmt: skip


@dataclass
class Token:
    """What ``debug_token`` says about the token the fake accepts."""

    value: str
    scopes: frozenset[str]
    expires_at: int = 0  # Unix time; 0 = never
    valid: bool = True  # False: expired or revoked (code 190 on every call)
    type: str = "USER"


@dataclass
class Container:
    form: dict[str, str]
    ready_at: float
    published: str | None = None  # the media id once published


@dataclass
class FakeGraph:
    """What Threads, Instagram and Facebook have in common: token, faults, containers."""

    token: Token
    ready_after: float = 0.0  # seconds a container takes to process
    slow: float = 1.0  # seconds a "slow" answer takes
    faults: dict[str, list[str | None]] = field(default_factory=dict)
    containers: dict[str, Container] = field(default_factory=dict)
    posts: dict[str, dict[str, str]] = field(default_factory=dict)  # media id -> form
    ids: Any = field(default_factory=lambda: itertools.count(1))

    def fault(self, name: str) -> str | None:
        queue = self.faults.get(name)
        return queue.pop(0) if queue else None

    def auth(self, req: Request, *scopes: str) -> Response | None:
        """None when the bearer token is the valid one and has ``scopes``; else Meta's error."""
        if req.headers.get("Authorization") != f"Bearer {self.token.value}":
            return graph_error(400, 190, "Invalid OAuth access token - Cannot parse access token")
        if not self.token.valid:
            return graph_error(
                401, 190, "Error validating access token: The session has been invalidated.",
                error_subcode=460,
            )  # fmt: skip
        missing = [s for s in scopes if s not in self.token.scopes]
        if missing:
            return graph_error(
                403, 10, f"(#10) Application does not have permission for this action: {missing[0]}"
            )
        return None

    def new_id(self, prefix: int) -> str:
        return str(prefix * 10**14 + next(self.ids))

    def create_container(self, req: Request, *scopes: str) -> Response:
        denied = self.auth(req, *scopes)
        if denied:
            return denied
        cid = self.new_id(180)
        self.containers[cid] = Container(req.form.to_dict(), time.monotonic() + self.ready_after)
        return ok({"id": cid})

    def status(self, cid: str) -> str:
        c = self.containers[cid]
        if c.published:
            return "PUBLISHED"
        return "FINISHED" if time.monotonic() >= c.ready_at else "IN_PROGRESS"

    def publish(self, req: Request, *scopes: str, extra: Callable[[Container], Response | None]
                = lambda c: None) -> Response:  # fmt: skip
        denied = self.auth(req, *scopes)
        if denied:
            return denied
        cid = req.form.get("creation_id", "")
        if cid not in self.containers:
            return graph_error(400, 100, "Invalid parameter", error_subcode=2207001)
        container = self.containers[cid]
        if container.published:
            # A container publishes once.
            return graph_error(400, 100, "The media has already been published")
        if self.status(cid) != "FINISHED":
            return graph_error(400, 9007, "Media ID is not available", error_subcode=2207027)
        refused = extra(container)
        if refused is not None:
            return refused
        fault = self.fault("publish")
        if fault == "refuse":
            return transient()
        mid = self.new_id(179)
        container.published = mid
        self.posts[mid] = container.form
        if fault == "drop-after":
            return drop(req)
        if fault == "500-after":
            return transient()
        if fault == "slow-after":
            time.sleep(self.slow)
        return ok({"id": mid})

    def read_fault(self, req: Request, name: str) -> Response | None:
        fault = self.fault(name)
        if fault == "drop":
            return drop(req)
        if fault == "slow":
            time.sleep(self.slow)
            return None
        if fault == "403":
            return graph_error(403, 10, "(#10) Application does not have permission")
        if fault == "500":
            return transient()
        return None

    def debug_token(self, req: Request) -> Response:
        """GET /debug_token?input_token=…: the token's metadata (or its error)."""
        if req.args.get("input_token") != self.token.value:
            return graph_error(400, 190, "Invalid OAuth access token - Cannot parse access token")
        data: dict[str, Any] = {
            "type": self.token.type,
            "application": "smmgen test app",
            "expires_at": self.token.expires_at,
            "is_valid": self.token.valid,
            "scopes": sorted(self.token.scopes),
            "user_id": "1",
        }
        if not self.token.valid:
            data["error"] = {
                "code": 190,
                "message": "Error validating access token: The session has been invalidated "
                "because the user changed their password or Facebook has changed the session "
                "for security reasons.",
                "subcode": 460,
            }
        return ok({"data": data})


def permalink(host: str, mid: str) -> str:
    return f"https://www.{host}/@example/post/DCx{mid[-4:]}"


class FakeThreads(FakeGraph):
    """POST /{user}/threads, /threads_publish; GET containers, posts, replies, permalinks."""

    def install(self, server: HTTPServer, user: str, version: str = "/v1.0") -> FakeThreads:
        server.expect_request(f"{version}/{user}/threads", method="POST").respond_with_handler(
            self.create
        )
        server.expect_request(
            f"{version}/{user}/threads_publish", method="POST"
        ).respond_with_handler(
            lambda req: self.publish(req, "threads_basic", "threads_content_publish")
        )
        server.expect_request(f"{version}/{user}/threads", method="GET").respond_with_handler(
            self.listing(replies=False)
        )
        server.expect_request(f"{version}/{user}/replies", method="GET").respond_with_handler(
            self.listing(replies=True)
        )
        server.expect_request(f"{version}/debug_token").respond_with_handler(self.debug_token)
        server.expect_request(
            re.compile(rf"{version}/1[78]\d+"), method="GET"
        ).respond_with_handler(self.node)
        return self

    def create(self, req: Request) -> Response:
        needs = ["threads_basic", "threads_content_publish"]
        if "reply_to_id" in req.form:
            needs.append("threads_manage_replies")  # replies need it (get-started page)
        fault = self.fault("create")
        if fault == "500":
            return transient()
        return self.create_container(req, *needs)

    def node(self, req: Request) -> Response:
        """GET /{container}?fields=status,error_message or /{media}?fields=permalink."""
        denied = self.auth(req, "threads_basic")
        if denied:
            return denied
        nid = req.path.rsplit("/", 1)[1]
        if nid in self.containers:
            return ok({"id": nid, "status": self.status(nid)})
        if nid in self.posts:
            failed = self.read_fault(req, "permalink")
            if failed:
                return failed
            return ok({"id": nid, "permalink": permalink("threads.com", nid)})
        return graph_error(400, 100, "Unsupported get request.")

    def listing(self, replies: bool) -> Callable[[Request], Response]:
        """GET /{user}/threads (top-level posts) or /{user}/replies, newest first."""

        def handler(req: Request) -> Response:
            scopes = ("threads_basic", "threads_read_replies") if replies else ("threads_basic",)
            denied = self.auth(req, *scopes) or self.read_fault(req, "lookup")
            if denied:
                return denied
            fields = set(req.args["fields"].split(","))
            data = []
            for mid, form in reversed(self.posts.items()):
                if ("reply_to_id" in form) != replies:
                    continue
                post = {
                    "id": mid,
                    "text": form["text"],
                    "permalink": permalink("threads.com", mid),
                    "timestamp": "2026-11-25T09:30:00+0000",
                }
                if replies:
                    post["replied_to"] = {"id": form["reply_to_id"]}
                data.append({k: v for k, v in post.items() if k in fields | {"id"}})
            return ok({"data": data[: int(req.args.get("limit", 25))]})

        return handler

    def thread_roots(self) -> list[str]:
        """The texts of the top-level posts, oldest first."""
        return [f["text"] for f in self.posts.values() if "reply_to_id" not in f]


class FakeInstagram(FakeGraph):
    """POST /{ig-user}/media, /media_publish; GET containers, media list, permalinks."""

    def install(self, server: HTTPServer, user: str, version: str = "/v24.0") -> FakeInstagram:
        basic = "instagram_basic"
        server.expect_request(f"{version}/{user}/media", method="POST").respond_with_handler(
            lambda req: self.create_container(req, basic, "instagram_content_publish")
        )
        server.expect_request(
            f"{version}/{user}/media_publish", method="POST"
        ).respond_with_handler(lambda req: self.publish(req, basic, "instagram_content_publish"))
        server.expect_request(f"{version}/{user}/media", method="GET").respond_with_handler(
            self.listing
        )
        server.expect_request(f"{version}/debug_token").respond_with_handler(self.debug_token)
        server.expect_request(
            re.compile(rf"{version}/1[78]\d+"), method="GET"
        ).respond_with_handler(self.node)
        return self

    def node(self, req: Request) -> Response:
        """GET /{container}?fields=status_code,status or /{media}?fields=permalink."""
        denied = self.auth(req, "instagram_basic")
        if denied:
            return denied
        nid = req.path.rsplit("/", 1)[1]
        if nid in self.containers:
            failed = self.read_fault(req, "status")
            if failed:
                return failed
            return ok({"id": nid, "status_code": self.status(nid)})
        if nid in self.posts:
            failed = self.read_fault(req, "permalink")
            if failed:
                return failed
            return ok({"id": nid, "permalink": f"https://www.instagram.com/p/DCx{nid[-4:]}/"})
        return graph_error(400, 100, "Unsupported get request.")

    def listing(self, req: Request) -> Response:
        denied = self.auth(req, "instagram_basic") or self.read_fault(req, "lookup")
        if denied:
            return denied
        data = [
            {
                "id": mid,
                "caption": form.get("caption", ""),
                "permalink": f"https://www.instagram.com/p/DCx{mid[-4:]}/",
                "timestamp": "2026-11-25T09:30:00+0000",
            }
            for mid, form in reversed(self.posts.items())
        ]
        return ok({"data": data[: int(req.args.get("limit", 25))]})

    def captions(self) -> list[str]:
        return [f.get("caption", "") for f in self.posts.values()]


class FakeFacebook(FakeGraph):
    """POST /{page}/photos, /{page}/feed; GET /{page}/posts."""

    def install(self, server: HTTPServer, page: str, version: str = "/v24.0") -> FakeFacebook:
        self.page = page
        self.photos: dict[str, dict[str, str]] = {}
        server.expect_request(f"{version}/{page}/photos", method="POST").respond_with_handler(
            self.photo
        )
        server.expect_request(f"{version}/{page}/feed", method="POST").respond_with_handler(
            self.feed
        )
        server.expect_request(f"{version}/{page}/posts", method="GET").respond_with_handler(
            self.listing
        )
        server.expect_request(f"{version}/debug_token").respond_with_handler(self.debug_token)
        return self

    def photo(self, req: Request) -> Response:
        denied = self.auth(req, "pages_manage_posts")
        if denied:
            return denied
        pid = self.new_id(9)
        self.photos[pid] = req.form.to_dict()
        return ok({"id": pid})

    def feed(self, req: Request) -> Response:
        denied = self.auth(req, "pages_manage_posts", "pages_read_engagement")
        if denied:
            return denied
        fault = self.fault("publish")
        if fault == "refuse":
            return transient()
        pid = f"{self.page}_{self.new_id(1221)}"
        self.posts[pid] = req.form.to_dict()
        if fault == "drop-after":
            return drop(req)
        if fault == "500-after":
            return transient()
        if fault == "slow-after":
            time.sleep(self.slow)
        return ok({"id": pid})

    def listing(self, req: Request) -> Response:
        # GET /{page-id}/posts needs pages_read_engagement (Pages API, posts).
        denied = self.auth(req, "pages_read_engagement") or self.read_fault(req, "lookup")
        if denied:
            return denied
        data = [
            {
                "id": pid,
                "message": form.get("message", ""),
                "permalink_url": f"https://www.facebook.com/{pid.replace('_', '/posts/')}",
                "created_time": "2026-11-25T09:30:00+0000",
            }
            for pid, form in reversed(self.posts.items())
        ]
        return ok({"data": data[: int(req.args.get("limit", 25))]})

    def messages(self) -> list[str]:
        return [f.get("message", "") for f in self.posts.values()]


IG_TOKEN = "EAAGm0PX4ZCpsBAInstagramViaFacebookLoginToken0123456789"


IG_USER = "17841400000000000"


BASE = "https://example.github.io/social/media"


# What Instagram reports for a video it cannot use (IG Container `status`).
IG_ERROR = "Error: Media upload has failed with error code 2207026"


@dataclass
class Outcome:
    """How processing a video container ends: "ok", "error" or "never"."""

    value: str = "ok"


class VideoInstagram(FakeInstagram):
    outcome: Outcome

    def node(self, req: Request) -> Response:
        nid = req.path.rsplit("/", 1)[1]
        form = self.containers[nid].form if nid in self.containers else {}
        if form.get("media_type") == "REELS" and self.outcome.value != "ok":
            if self.outcome.value == "error":
                return ok({"id": nid, "status_code": "ERROR", "status": IG_ERROR})
            return ok({"id": nid, "status_code": "IN_PROGRESS", "status": "In Progress"})
        return super().node(req)

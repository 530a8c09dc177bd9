"""Threads adapter against a local server speaking the Threads API."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters.base import SendError, SendResult
from smmgen.adapters.threads import ThreadsAdapter
from tests.fake_apis import account, image, jpeg, request

TOKEN = "THAAExampleThreadsUserAccessToken9876543210"
USER = "25134529492829847"
V = "/v1.0"
RAW = "https://raw.githubusercontent.com/example/social/abc123"


class FakeThreads:
    """Containers become posts when published; replies remember their parent."""

    def __init__(self) -> None:
        self.containers: dict[str, dict[str, str]] = {}
        self.posts: dict[str, dict[str, str]] = {}
        self.calls = 0
        self.unavailable: set[int] = set()  # numbers of the create calls to answer 503

    def create(self, req: Request) -> Response:
        self.calls += 1
        if self.calls in self.unavailable:
            error = {"message": "An unexpected error has occurred. Please retry later.",
                     "type": "OAuthException", "code": 2, "is_transient": True}  # fmt: skip
            return Response(json.dumps({"error": error}), 503, content_type="application/json")
        cid = str(18000000000000000 + len(self.containers))
        self.containers[cid] = req.form.to_dict()
        return Response(f'{{"id": "{cid}"}}', content_type="application/json")

    def publish(self, req: Request) -> Response:
        container = self.containers[req.form["creation_id"]]
        pid = str(17900000000000000 + len(self.posts))
        self.posts[pid] = container
        return Response(f'{{"id": "{pid}"}}', content_type="application/json")

    def media(self, req: Request) -> Response:
        """GET /{media-id}?fields=permalink of a published post."""
        pid = req.path.rsplit("/", 1)[1]
        assert pid in self.posts and req.args["fields"] == "permalink"
        body = {"permalink": _permalink(pid), "id": pid}
        return Response(json.dumps(body), content_type="application/json")

    def listing(self, replies: bool) -> Any:
        """GET /{user}/threads (top-level posts) or /{user}/replies, newest first."""

        def handler(req: Request) -> Response:
            fields = set(req.args["fields"].split(","))
            data = []
            for pid, form in reversed(self.posts.items()):
                if ("reply_to_id" in form) != replies:
                    continue
                post = {
                    "id": pid,
                    "text": form["text"],
                    "permalink": _permalink(pid),
                    "timestamp": "2026-11-25T09:30:00+0000",
                }
                if replies:
                    post["replied_to"] = {"id": form["reply_to_id"]}
                data.append({k: v for k, v in post.items() if k in fields | {"id"}})
            body = {"data": data[: int(req.args.get("limit", 25))]}
            return Response(json.dumps(body), content_type="application/json")

        return handler


def _permalink(pid: str) -> str:
    return f"https://www.threads.net/@example/post/DCx{pid[-4:]}"


@pytest.fixture
def adapter(httpserver: HTTPServer) -> ThreadsAdapter:
    acct = account(
        "threads", "th", user_id=USER, token_env="THREADS_TOKEN", api_base=httpserver.url_for("/")
    )
    return ThreadsAdapter(acct, {"token_env": TOKEN})


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeThreads:
    fake = FakeThreads()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    httpserver.expect_request(
        f"{V}/{USER}/threads", method="POST", headers=auth
    ).respond_with_handler(fake.create)
    httpserver.expect_request(
        f"{V}/{USER}/threads_publish", method="POST", headers=auth
    ).respond_with_handler(fake.publish)
    httpserver.expect_request(
        f"{V}/{USER}/threads", method="GET", headers=auth
    ).respond_with_handler(fake.listing(replies=False))
    httpserver.expect_request(
        f"{V}/{USER}/replies", method="GET", headers=auth
    ).respond_with_handler(fake.listing(replies=True))
    httpserver.expect_request(
        re.compile(rf"{V}/179\d+"), method="GET", headers=auth
    ).respond_with_handler(fake.media)
    return fake


def test_thread_is_a_reply_chain(fake: FakeThreads, adapter: ThreadsAdapter) -> None:
    result = adapter.send(
        request(adapter.account, "1/3 Launch", "2/3 Details", "3/3 Thanks", link="https://ex.com")
    )
    assert result.remote_id == "17900000000000000"
    assert result.url == "https://www.threads.net/@example/post/DCx0000"
    assert list(fake.posts.values()) == [
        {"text": "1/3 Launch", "media_type": "TEXT", "link_attachment": "https://ex.com"},
        {"text": "2/3 Details", "reply_to_id": "17900000000000000", "media_type": "TEXT"},
        {"text": "3/3 Thanks", "reply_to_id": "17900000000000001", "media_type": "TEXT"},
    ]


def test_image_with_alt(
    httpserver: HTTPServer, fake: FakeThreads, adapter: ThreadsAdapter, tmp_path: Path
) -> None:
    httpserver.expect_request(f"{V}/18000000000000000", method="GET").respond_with_json(
        {"status": "FINISHED", "id": "18000000000000000"}
    )
    pic = image(tmp_path)
    adapter.send(
        request(
            adapter.account,
            "Look",
            media=(jpeg(pic, "A cat on a keyboard"),),
            media_base_url=RAW,
            media_paths=("media/cat.jpg",),
        )
    )
    assert fake.posts["17900000000000000"] == {
        "text": "Look",
        "media_type": "IMAGE",
        "image_url": f"{RAW}/media/cat.jpg",
        "alt_text": "A cat on a keyboard",
    }


def test_rate_limit(httpserver: HTTPServer, adapter: ThreadsAdapter) -> None:
    httpserver.expect_request(f"{V}/{USER}/threads").respond_with_json(
        {"error": {"message": "Application request limit reached", "type": "OAuthException",
                   "code": 4, "is_transient": True}},
        status=429,
        headers={"Retry-After": "30"},
    )  # fmt: skip
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "x"))
    assert err.value.retryable and err.value.retry_after == 30


def test_bad_token(httpserver: HTTPServer, adapter: ThreadsAdapter) -> None:
    httpserver.expect_request(f"{V}/{USER}/threads").respond_with_json(
        {"error": {"message": "Error validating access token", "type": "OAuthException",
                   "code": 190}},
        status=401,
    )  # fmt: skip
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "x"))
    assert not err.value.retryable
    assert TOKEN not in str(err.value) and "$THREADS_TOKEN" in str(err.value)


def test_find_existing(fake: FakeThreads, adapter: ThreadsAdapter) -> None:
    sent = adapter.send(request(adapter.account, "Fish & chips at https://ex.com/menu"))
    found = ThreadsAdapter(adapter.account, {"token_env": TOKEN}).find_existing(
        request(adapter.account, "Fish & chips at https://ex.com/menu")
    )
    assert found == SendResult(sent.remote_id, "https://www.threads.net/@example/post/DCx0000")
    assert adapter.find_existing(request(adapter.account, "Fish & chips")) is None


def test_find_existing_needs_the_whole_reply_chain(
    fake: FakeThreads, adapter: ThreadsAdapter
) -> None:
    parts = ("1/3 Launch", "2/3 Details", "3/3 Thanks")
    sent = adapter.send(request(adapter.account, *parts))
    again = ThreadsAdapter(adapter.account, {"token_env": TOKEN})  # the next run
    found = again.find_existing(request(adapter.account, *parts))
    assert found == SendResult(sent.remote_id, "https://www.threads.net/@example/post/DCx0000")
    # Parts 2 and 3 there, but not as a reply to this part 1: not this thread.
    adapter.send(request(adapter.account, "1/3 Launch again"))
    assert again.find_existing(request(adapter.account, "1/3 Launch again", *parts[1:])) is None
    assert again.find_existing(request(adapter.account, "Never sent", "at all")) is None


def test_thread_cut_short_is_continued_after_the_parts_sent(
    httpserver: HTTPServer, fake: FakeThreads, adapter: ThreadsAdapter, tmp_path: Path
) -> None:
    httpserver.expect_request(f"{V}/18000000000000000", method="GET").respond_with_json(
        {"status": "FINISHED", "id": "18000000000000000"}
    )
    media = {
        "media": (jpeg(image(tmp_path), "A cat on a keyboard"),),
        "media_base_url": RAW,
        "media_paths": ("media/cat.jpg",),
    }
    # What the dead run got out before it died: part 1, with its image.
    root = adapter.send(request(adapter.account, "1/3 Launch", **media))
    assert fake.posts[root.remote_id]["media_type"] == "IMAGE"
    thread = request(adapter.account, "1/3 Launch", "2/3 Details", "3/3 Thanks", **media)

    again = ThreadsAdapter(adapter.account, {"token_env": TOKEN})  # the next run
    assert again.find_existing(thread) is None
    result = again.send(thread)
    assert result == SendResult(root.remote_id, "https://www.threads.net/@example/post/DCx0000")
    # Only parts 2 and 3 were created, as text replies: no image container again.
    assert list(fake.containers.values())[1:] == [
        {"text": "2/3 Details", "reply_to_id": root.remote_id, "media_type": "TEXT"},
        {"text": "3/3 Thanks", "reply_to_id": "17900000000000001", "media_type": "TEXT"},
    ]
    assert len(fake.posts) == 3
    assert again.find_existing(thread) == result


def test_retry_after_a_failed_part_does_not_repeat_the_parts_sent(
    fake: FakeThreads, adapter: ThreadsAdapter
) -> None:
    fake.unavailable = {2}  # part 2, first try: a transient Meta error
    thread = request(adapter.account, "1/2 Launch", "2/2 Details")
    with pytest.raises(SendError) as err:
        adapter.send(thread)
    assert err.value.retryable
    result = adapter.send(thread)  # what the engine does on a retryable error
    assert list(fake.posts.values()) == [
        {"text": "1/2 Launch", "media_type": "TEXT"},
        {"text": "2/2 Details", "reply_to_id": result.remote_id, "media_type": "TEXT"},
    ]

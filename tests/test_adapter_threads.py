"""Threads adapter against a local server speaking the Threads API."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters.base import SendError
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

    def create(self, req: Request) -> Response:
        cid = str(18000000000000000 + len(self.containers))
        self.containers[cid] = req.form.to_dict()
        return Response(f'{{"id": "{cid}"}}', content_type="application/json")

    def publish(self, req: Request) -> Response:
        container = self.containers[req.form["creation_id"]]
        pid = str(17900000000000000 + len(self.posts))
        self.posts[pid] = container
        return Response(f'{{"id": "{pid}"}}', content_type="application/json")


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
    httpserver.expect_request(f"{V}/17900000000000000", method="GET").respond_with_json(
        {"permalink": "https://www.threads.net/@example/post/DCxAbC", "id": "17900000000000000"}
    )
    return fake


def test_thread_is_a_reply_chain(fake: FakeThreads, adapter: ThreadsAdapter) -> None:
    result = adapter.send(
        request(adapter.account, "1/3 Launch", "2/3 Details", "3/3 Thanks", link="https://ex.com")
    )
    assert result.remote_id == "17900000000000000"
    assert result.url == "https://www.threads.net/@example/post/DCxAbC"
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


def test_find_existing(httpserver: HTTPServer, adapter: ThreadsAdapter) -> None:
    httpserver.expect_request(f"{V}/{USER}/threads", method="GET").respond_with_json(
        {
            "data": [
                {"id": "17900000000000005", "text": "1/3 Launch",
                 "permalink": "https://www.threads.net/@example/post/DCxAbC",
                 "timestamp": "2026-11-25T09:30:00+0000"},
            ],
            "paging": {"cursors": {"before": "QVFI", "after": "QVFJ"}},
        }
    )  # fmt: skip
    found = adapter.find_existing(request(adapter.account, "1/3 Launch", "2/3 Details"))
    assert found is not None and found.remote_id == "17900000000000005"
    assert adapter.find_existing(request(adapter.account, "2/3 Details")) is None

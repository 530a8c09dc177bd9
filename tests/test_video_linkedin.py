"""LinkedIn video: the Videos API multi-part upload against a local server."""

from __future__ import annotations

import json
import time
from urllib.parse import unquote

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters.base import MediaFile, SendError
from smmgen.adapters.linkedin import LinkedInAdapter
from tests.helpers.adapter_calls import account, hang_up, request
from tests.helpers.video_files import make_video

TOKEN = "AQXdSP_W41_UPs5ioT_t8HESyODB4FqbkJ8LrV_5mff4gPODzOYR"
AUTHOR = "urn:li:organization:2414183"
VIDEO = "urn:li:video:C5F10AQGKQg_6y2a4sQ"
SHARE = "urn:li:share:7390123456789012480"
PART = 100_000  # bytes per part in this fake (LinkedIn uses 4 MB)


class FakeVideos:
    """initializeUpload → PUT parts (ETags) → finalizeUpload → GET status → POST /rest/posts."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.size = 0
        self.parts: dict[int, bytes] = {}
        self.puts: list[int] = []
        self.drop: set[int] = set()  # parts whose first PUT loses its connection
        self.final: dict[str, object] = {}
        self.status = ["PROCESSING", "AVAILABLE"]
        self.posts: list[dict[str, object]] = []

    def install(self) -> FakeVideos:
        s = self.server
        s.expect_request("/rest/videos", method="POST").respond_with_handler(self.action)
        s.expect_request(f"/rest/videos/{VIDEO}", method="GET").respond_with_handler(self.get)
        s.expect_request("/upload", method="PUT").respond_with_handler(self.put)
        s.expect_request("/rest/posts", method="POST").respond_with_handler(self.post)
        return self

    def action(self, req: Request) -> Response:
        assert req.headers["Authorization"] == f"Bearer {TOKEN}"
        body = req.get_json()
        if req.args["action"] == "initializeUpload":
            init = body["initializeUploadRequest"]
            assert init["owner"] == AUTHOR
            self.size = init["fileSizeBytes"]
            parts = [
                {"uploadUrl": self.server.url_for(f"/upload?part={i}"), "firstByte": first,
                 "lastByte": min(first + PART, self.size) - 1}
                for i, first in enumerate(range(0, self.size, PART))
            ]  # fmt: skip
            value = {"uploadInstructions": parts, "video": VIDEO, "uploadToken": ""}
            return Response(json.dumps({"value": value}), content_type="application/json")
        self.final = body["finalizeUploadRequest"]
        return Response("", 200)

    def put(self, req: Request) -> Response:
        index = int(req.args["part"])
        self.puts.append(index)
        if index in self.drop:
            self.drop.discard(index)
            return hang_up(req)
        self.parts[index] = req.get_data()
        return Response("", 200, headers={"ETag": f"/part/{index}"})

    def get(self, req: Request) -> Response:
        status = self.status.pop(0) if len(self.status) > 1 else self.status[0]
        body = {"id": VIDEO, "status": status}
        if status == "PROCESSING_FAILED":
            body["processingFailureReason"] = "Video has an unsupported codec"
        return Response(json.dumps(body), content_type="application/json")

    def post(self, req: Request) -> Response:
        self.posts.append(req.get_json())
        return Response("", 201, headers={"x-restli-id": SHARE})


@pytest.fixture
def fake(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeVideos:
    monkeypatch.setattr(time, "sleep", lambda s: None)
    return FakeVideos(httpserver).install()


@pytest.fixture
def adapter(httpserver: HTTPServer) -> LinkedInAdapter:
    acct = account(
        "linkedin", "li", author_urn=AUTHOR, token_env="T", api_base=httpserver.url_for("/")
    )
    return LinkedInAdapter(acct, {"token_env": TOKEN})


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> MediaFile:
    path = make_video(
        tmp_path_factory.mktemp("li") / "talk.mp4", size=(160, 120), seconds=1, noise=True
    )
    assert path.stat().st_size > 3 * PART
    return MediaFile(path, None, "video/mp4")


def test_video_is_uploaded_in_parts_and_posted_once_available(
    fake: FakeVideos, adapter: LinkedInAdapter, clip: MediaFile
) -> None:
    fake.drop = {1}
    result = adapter.send(request(adapter.account, "Our talk", media=(clip,)))
    data = clip.path.read_bytes()
    assert b"".join(fake.parts[i] for i in sorted(fake.parts)) == data
    assert fake.puts.count(1) == 2 and fake.puts.count(0) == 1  # only the lost part again
    assert fake.final["video"] == VIDEO
    assert fake.final["uploadedPartIds"] == [f"/part/{i}" for i in sorted(fake.parts)]
    [post] = fake.posts
    assert post["content"] == {"media": {"id": VIDEO}}
    assert unquote(result.remote_id) == SHARE


def test_processing_failed_posts_nothing(
    fake: FakeVideos, adapter: LinkedInAdapter, clip: MediaFile
) -> None:
    fake.status = ["PROCESSING", "PROCESSING_FAILED"]
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "Our talk", media=(clip,)))
    assert "processing talk.mp4 on LinkedIn failed: Video has an unsupported codec" in str(
        err.value
    )
    assert fake.posts == []


def test_processing_that_never_ends_posts_nothing(
    fake: FakeVideos, adapter: LinkedInAdapter, clip: MediaFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.status = ["PROCESSING"]
    monkeypatch.setattr(LinkedInAdapter, "video_wait", 20.0)
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "Our talk", media=(clip,)))
    assert "was not finished after 20 s (state: PROCESSING)" in str(err.value)
    assert fake.posts == []

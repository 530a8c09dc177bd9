"""X video: chunked upload (initialize/append/finalize/STATUS) against a local X API v2."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters import x as x_adapter
from smmgen.adapters.base import MediaFile, SendError
from smmgen.adapters.x import XAdapter
from tests.helpers.adapter_calls import hang_up, request
from tests.helpers.fake_x import FakeX, _json, serve_x
from tests.helpers.video_files import make_video


class FakeXVideo(FakeX):
    """FakeX that takes videos (media_category tweet_video) and can fail as X does.

    ``drop_append``: segment indexes whose first APPEND loses its connection;
    ``outcome``: what processing ends in ("succeeded", "failed", or "never").
    """

    def __init__(self) -> None:
        super().__init__()
        self.categories: list[str] = []
        self.drop_append: set[int] = set()
        self.appends: list[int] = []
        self.outcome = "succeeded"

    def initialize(self, req: Request) -> Response:
        body = req.get_json()
        self.categories.append(body["media_category"])
        mid = str(1880028106020515840 + len(self.media) + len(self.chunked))
        self.chunked[mid] = {"total": body["total_bytes"], "segments": {}, "polls": 2}
        return _json({"data": {"id": mid, "media_key": f"7_{mid}", "expires_after_secs": 86400}})

    def append(self, req: Request) -> Response:
        index = int(req.form["segment_index"])
        self.appends.append(index)
        if index in self.drop_append:
            self.drop_append.discard(index)
            return hang_up(req)
        return super().append(req)

    def status(self, req: Request) -> Response:
        mid = req.args["media_id"]
        session = self.chunked[mid]
        session["polls"] -= 1
        if self.outcome == "failed" and session["polls"] <= 0:
            info: dict[str, Any] = {
                "state": "failed",
                "error": {"code": 1, "name": "InvalidMedia", "message": "Unsupported video codec"},
            }
        elif self.outcome == "never" or session["polls"] > 0:
            info = {"state": "in_progress", "check_after_secs": 5, "progress_percent": 40}
        else:
            info = {"state": "succeeded", "progress_percent": 100}
        return _json({"data": {"id": mid, "processing_info": info}})


@pytest.fixture
def fake(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeXVideo:
    monkeypatch.setattr(x_adapter, "CHUNK", 64 * 1024)  # several segments from a small file
    monkeypatch.setattr(time, "sleep", lambda s: None)
    made = FakeXVideo()
    serve_x(httpserver, made)
    return made


@pytest.fixture
def adapter(httpserver: HTTPServer) -> XAdapter:
    from tests.helpers.adapter_calls import account
    from tests.helpers.fake_x import KEYS

    settings = {k: f"X_{k.upper()}" for k in KEYS}
    acct = account("x", "xacct", api_base=httpserver.url_for("/").rstrip("/"), **settings)
    return XAdapter(acct, KEYS)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> MediaFile:
    path = make_video(
        tmp_path_factory.mktemp("x") / "clip.mp4", size=(160, 120), seconds=1, noise=True
    )
    assert path.stat().st_size > 3 * 64 * 1024  # the test needs several segments
    return MediaFile(path, "A clip", "video/mp4")


def test_a_video_is_uploaded_in_segments_and_posted(
    fake: FakeXVideo, adapter: XAdapter, clip: MediaFile
) -> None:
    result = adapter.send(request(adapter.account, "Watch", media=(clip,)))
    [mid] = fake.media
    assert fake.media[mid] == clip.path.read_bytes()
    assert fake.categories == ["tweet_video"]
    assert fake.appends == list(range(len(fake.appends))) and len(fake.appends) > 3
    assert fake.bodies[0]["media"] == {"media_ids": [mid]}
    assert fake.alt == {}  # X takes no alt text for videos
    assert result.remote_id == fake.tweets[0]["id"]


def test_an_append_that_loses_its_connection_resumes_with_that_segment(
    fake: FakeXVideo, adapter: XAdapter, clip: MediaFile
) -> None:
    fake.drop_append = {2}
    adapter.send(request(adapter.account, "Watch", media=(clip,)))
    [mid] = fake.media
    assert fake.media[mid] == clip.path.read_bytes()
    # Segment 2 is sent again; 0 and 1 are not.
    assert fake.appends.count(2) == 2 and fake.appends.count(0) == fake.appends.count(1) == 1
    assert len(fake.tweets) == 1


def test_processing_that_fails_says_why_and_posts_nothing(
    fake: FakeXVideo, adapter: XAdapter, clip: MediaFile
) -> None:
    fake.outcome = "failed"
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "Watch", media=(clip,)))
    assert "processing clip.mp4 on X failed: Unsupported video codec" in str(err.value)
    assert "nothing was published" in str(err.value)
    assert not err.value.uncertain and not err.value.published
    assert fake.tweets == []


def test_processing_that_never_finishes_is_given_up_within_the_bound(
    fake: FakeXVideo, adapter: XAdapter, clip: MediaFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.outcome = "never"
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    monkeypatch.setattr(XAdapter, "poll_limit", 30.0)
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "Watch", media=(clip,)))
    assert "was not finished after 30 s (state: in_progress)" in str(err.value)
    assert sum(slept) == 30.0
    assert fake.tweets == []

"""Pinterest: check rules, and Pins with an image or a video against a local API v5 server."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters.base import MediaFile, SendError
from smmgen.adapters.pinterest import PinterestAdapter
from smmgen.model import Account
from tests.helpers.adapter_calls import hang_up, image, jpeg, request
from tests.helpers.content_repo import SCHEDULE, Repo, one
from tests.helpers.video_files import make_video

TOKEN = "pina_AMA0000000000000000000000000000000000000000000000000000000000"
BOARD = "549755885175"


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data), status, content_type="application/json")


class FakePinterest:
    """``/v5/pins``, ``/v5/media`` (+ the upload URL), ``/v5/boards/{id}/pins``.

    ``media_states``: what GET /v5/media/{id} says in turn (the last repeats);
    ``upload_fault``: "hang-up" drops the upload; ``rate_limited``: 429 once.
    """

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.pins: list[dict[str, Any]] = []
        self.uploaded: dict[str, bytes] = {}
        self.upload_fields: dict[str, str] = {}
        self.media_states = ["registered", "processing", "succeeded"]
        self.upload_fault: str | None = None
        self.rate_limited = False

    def install(self) -> FakePinterest:
        s = self.server
        s.expect_request("/v5/pins", method="POST").respond_with_handler(self.create)
        s.expect_request("/v5/media", method="POST").respond_with_handler(self.register)
        s.expect_request("/v5/media/12345", method="GET").respond_with_handler(self.status)
        s.expect_request("/s3-upload", method="POST").respond_with_handler(self.upload)
        s.expect_request(f"/v5/boards/{BOARD}/pins").respond_with_handler(
            lambda req: _json({"items": self.pins, "bookmark": None})
        )
        return self

    def create(self, req: Request) -> Response:
        assert req.headers["Authorization"] == f"Bearer {TOKEN}"
        if self.rate_limited:
            self.rate_limited = False
            return _json({"code": 29, "message": "You have exceeded your rate limit."}, 429)
        pin = req.get_json() | {"id": str(813744732518 + len(self.pins))}
        self.pins.append(pin)
        return _json(pin, 201)

    def register(self, req: Request) -> Response:
        assert req.get_json() == {"media_type": "video"}
        params = {"key": "uploads/12345", "policy": "p0l1cy"}
        return _json({"media_id": "12345", "media_type": "video",
                      "upload_url": self.server.url_for("/s3-upload"),
                      "upload_parameters": params})  # fmt: skip

    def upload(self, req: Request) -> Response:
        if self.upload_fault == "hang-up":
            return hang_up(req)
        self.upload_fields = req.form.to_dict()
        self.uploaded["12345"] = req.files["file"].read()
        return Response("", 204)

    def status(self, req: Request) -> Response:
        state = self.media_states.pop(0) if len(self.media_states) > 1 else self.media_states[0]
        return _json({"media_id": "12345", "media_type": "video", "status": state})


@pytest.fixture
def fake(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakePinterest:
    monkeypatch.setattr(time, "sleep", lambda s: None)
    return FakePinterest(httpserver).install()


@pytest.fixture
def adapter(httpserver: HTTPServer) -> PinterestAdapter:
    settings = {"board_id": BOARD, "token_env": "T", "api_base": httpserver.url_for("/")}
    return PinterestAdapter(Account("pins", "pinterest", settings, 1), {"token_env": TOKEN})


TEXT = "Autumn trail guide\nEverything for a day in the hills."


def test_an_image_pin_with_title_description_link_and_alt(
    fake: FakePinterest, adapter: PinterestAdapter, tmp_path: Any
) -> None:
    pic = image(tmp_path)
    req = request(adapter.account, TEXT, media=(jpeg(pic, "A trail in fog"),),
                  link="https://example.com/trail")  # fmt: skip
    result = adapter.send(req)
    [pin] = fake.pins
    assert pin["board_id"] == BOARD and pin["title"] == "Autumn trail guide"
    assert pin["description"] == TEXT and pin["link"] == "https://example.com/trail"
    assert pin["alt_text"] == "A trail in fog"
    assert pin["media_source"]["source_type"] == "image_base64"
    assert base64.b64decode(pin["media_source"]["data"]) == pic.read_bytes()
    assert result.url == f"https://www.pinterest.com/pin/{pin['id']}/"
    assert adapter.find_existing(req) == result


def test_a_video_pin_is_uploaded_processed_then_pinned(
    fake: FakePinterest, adapter: PinterestAdapter, tmp_path: Any
) -> None:
    clip = make_video(tmp_path / "trail.mp4", size=(240, 320), seconds=1)
    adapter.send(request(adapter.account, TEXT, media=(MediaFile(clip, None, "video/mp4"),)))
    assert fake.uploaded["12345"] == clip.read_bytes()
    assert fake.upload_fields == {"key": "uploads/12345", "policy": "p0l1cy"}
    [pin] = fake.pins
    assert pin["media_source"] == {"source_type": "video_id", "media_id": "12345",
                                   "cover_image_key_frame_time": 0}  # fmt: skip


def test_processing_failed_pins_nothing(
    fake: FakePinterest, adapter: PinterestAdapter, tmp_path: Any
) -> None:
    fake.media_states = ["processing", "failed"]
    clip = make_video(tmp_path / "trail.mp4", size=(240, 320), seconds=1)
    with pytest.raises(SendError, match=r"processing trail\.mp4 on Pinterest failed"):
        adapter.send(request(adapter.account, TEXT, media=(MediaFile(clip, None, "video/mp4"),)))
    assert fake.pins == []


def test_an_interrupted_upload_is_retryable_and_pins_nothing(
    fake: FakePinterest, adapter: PinterestAdapter, tmp_path: Any
) -> None:
    fake.upload_fault = "hang-up"
    clip = make_video(tmp_path / "trail.mp4", size=(240, 320), seconds=1)
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, TEXT, media=(MediaFile(clip, None, "video/mp4"),)))
    assert err.value.retryable and not err.value.uncertain
    assert fake.pins == []


def test_rate_limit_is_retryable(
    fake: FakePinterest, adapter: PinterestAdapter, tmp_path: Any
) -> None:
    fake.rate_limited = True
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, TEXT, media=(jpeg(image(tmp_path), "x"),)))
    assert err.value.retryable and TOKEN not in str(err.value)


def test_check_rules(repo: Repo) -> None:
    account = "  pins:\n    network: pinterest\n    board_id: '1'\n    token_env: PIN_TOKEN\n"
    repo.write("schedule.yaml", SCHEDULE.replace("slots:", account + "slots:"))
    repo.image("content/a.jpg", (1000, 1500), "JPEG")
    repo.post("p", "---\npublish_at: 2026-12-01 09:30\nnetworks: [pins]\nmedia:\n"
              f"  - path: a.jpg\n    alt: A\n---\n\n{'t' * 101}\n{'d' * 800}\n")  # fmt: skip
    problems = repo.check()
    assert "101/100 characters" in one(problems, "pinterest/title-length")["message"]
    assert one(problems, "pinterest/length")["message"].startswith("pins: 902/800 characters")

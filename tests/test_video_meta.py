"""Instagram reels and Threads videos: containers polled until FINISHED, ERROR reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters.base import MediaFile, SendError, SendRequest
from smmgen.adapters.instagram import InstagramAdapter
from smmgen.adapters.threads import ThreadsAdapter
from tests.helpers.adapter_calls import account, request
from tests.helpers.fake_meta import (
    BASE,
    IG_ERROR,
    IG_SCOPES,
    IG_TOKEN,
    IG_USER,
    THREADS_SCOPES,
    FakeThreads,
    Outcome,
    Token,
    VideoInstagram,
    ok,
)
from tests.helpers.video_files import make_video

TH_TOKEN = "THAAExampleThreadsUserAccessToken9876543210"
TH_USER = "25134529492829847"
TH_ERROR = "FAILED_PROCESSING_VIDEO"


class VideoThreads(FakeThreads):
    outcome: Outcome

    def node(self, req: Request) -> Response:
        nid = req.path.rsplit("/", 1)[1]
        form = self.containers[nid].form if nid in self.containers else {}
        if form.get("media_type") == "VIDEO" and self.outcome.value != "ok":
            if self.outcome.value == "error":
                return ok({"id": nid, "status": "ERROR", "error_message": TH_ERROR})
            return ok({"id": nid, "status": "IN_PROGRESS"})
        return super().node(req)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> MediaFile:
    path = make_video(tmp_path_factory.mktemp("v") / "reel.mp4", size=(180, 320), seconds=3)
    return MediaFile(path, "A dog runs on a beach", "video/mp4")


def video_request(acct: object, clip: MediaFile) -> SendRequest:
    return request(
        acct,  # type: ignore[arg-type]
        "Beach day",
        media=(clip,),
        media_base_url=BASE,
        media_paths=("content/reel.mp4",),
    )


@pytest.fixture
def instagram(httpserver: HTTPServer) -> tuple[VideoInstagram, InstagramAdapter]:
    fake = VideoInstagram(Token(IG_TOKEN, IG_SCOPES), ready_after=0.02)
    fake.outcome = Outcome()
    fake.install(httpserver, IG_USER)
    acct = account(
        "instagram", "insta", user_id=IG_USER, token_env="T", api_base=httpserver.url_for("/")
    )
    adapter = InstagramAdapter(acct, {"token_env": IG_TOKEN})
    adapter.poll_interval = 0.01
    adapter.video_wait = 0.5
    return fake, adapter


@pytest.fixture
def threads(httpserver: HTTPServer) -> tuple[VideoThreads, ThreadsAdapter]:
    fake = VideoThreads(Token(TH_TOKEN, THREADS_SCOPES), ready_after=0.02)
    fake.outcome = Outcome()
    fake.install(httpserver, TH_USER)
    acct = account(
        "threads", "th", user_id=TH_USER, token_env="T", api_base=httpserver.url_for("/")
    )
    adapter = ThreadsAdapter(acct, {"token_env": TH_TOKEN})
    adapter.poll_interval = 0.01
    adapter.video_wait = 0.5
    return fake, adapter


def test_instagram_video_is_a_reel_shared_to_the_feed(
    instagram: tuple[VideoInstagram, InstagramAdapter], clip: MediaFile
) -> None:
    fake, adapter = instagram
    result = adapter.send(video_request(adapter.account, clip))
    [form] = fake.posts.values()
    assert form == {
        "media_type": "REELS",
        "video_url": f"{BASE}/content/reel.mp4",
        "caption": "Beach day",
        "share_to_feed": "true",
    }  # no alt_text: reels take none
    assert result.url is not None and result.url.startswith("https://www.instagram.com/p/")


def test_instagram_reel_error_is_reported_and_nothing_published(
    instagram: tuple[VideoInstagram, InstagramAdapter], clip: MediaFile
) -> None:
    fake, adapter = instagram
    fake.outcome.value = "error"
    with pytest.raises(SendError) as err:
        adapter.send(video_request(adapter.account, clip))
    assert f"Instagram could not process the media (ERROR: {IG_ERROR})" in str(err.value)
    assert "nothing was published" in str(err.value)
    assert fake.posts == {} and not err.value.retryable and not err.value.uncertain


def test_instagram_reel_that_never_finishes_is_given_up(
    instagram: tuple[VideoInstagram, InstagramAdapter], clip: MediaFile
) -> None:
    fake, adapter = instagram
    fake.outcome.value = "never"
    with pytest.raises(SendError) as err:
        adapter.send(video_request(adapter.account, clip))
    assert "still IN_PROGRESS after 0 s; nothing was published" in str(err.value)
    assert fake.posts == {} and not err.value.retryable


def test_threads_video_with_alt_text(
    threads: tuple[VideoThreads, ThreadsAdapter], clip: MediaFile
) -> None:
    fake, adapter = threads
    adapter.send(video_request(adapter.account, clip))
    [form] = fake.posts.values()
    assert form == {
        "text": "Beach day",
        "media_type": "VIDEO",
        "video_url": f"{BASE}/content/reel.mp4",
        "alt_text": "A dog runs on a beach",
    }


def test_threads_video_error_is_reported(
    threads: tuple[VideoThreads, ThreadsAdapter], clip: MediaFile
) -> None:
    fake, adapter = threads
    fake.outcome.value = "error"
    with pytest.raises(SendError) as err:
        adapter.send(video_request(adapter.account, clip))
    assert f"Threads could not process the media (ERROR: {TH_ERROR})" in str(err.value)
    assert fake.posts == {}


def test_threads_video_that_never_finishes_is_given_up(
    threads: tuple[VideoThreads, ThreadsAdapter], clip: MediaFile, tmp_path: Path
) -> None:
    fake, adapter = threads
    fake.outcome.value = "never"
    with pytest.raises(SendError) as err:
        adapter.send(video_request(adapter.account, clip))
    assert "nothing was published" in str(err.value)
    assert fake.posts == {}


# --- Facebook Page video: resumable upload (start / transfer / finish) -------------------------

FB_TOKEN = "EAAGm0PX4ZCpsBAKZBZCfZBwZA3wZDZD9hPageTokenExample"
FB_PAGE = "104817238712345"


class FakePageVideos:
    """``/{page}/videos`` with upload_phase start, transfer and finish, in 64 KiB ranges.

    ``drop``: start offsets whose first transfer loses its connection.
    """

    CHUNK = 64 * 1024

    def __init__(self) -> None:
        self.size = 0
        self.data = bytearray()
        self.transfers: list[int] = []
        self.drop: set[int] = set()
        self.published: list[dict[str, str]] = []

    def handle(self, req: Request) -> Response:
        from tests.helpers.adapter_calls import hang_up

        assert req.headers.get("Authorization") == f"Bearer {FB_TOKEN}"
        phase = req.form["upload_phase"]
        if phase == "start":
            self.size = int(req.form["file_size"])
            end = str(min(self.CHUNK, self.size))
            return ok({"video_id": "2150000000000001", "upload_session_id": "9001",
                       "start_offset": "0", "end_offset": end})  # fmt: skip
        if phase == "transfer":
            begin = int(req.form["start_offset"])
            self.transfers.append(begin)
            if begin in self.drop:
                self.drop.discard(begin)
                return hang_up(req)
            chunk = req.files["video_file_chunk"].read()
            assert begin == len(self.data)
            self.data += chunk
            end = len(self.data)
            return ok(
                {"start_offset": str(end), "end_offset": str(min(end + self.CHUNK, self.size))}
            )
        self.published.append(req.form.to_dict())
        return ok({"success": True})


def test_facebook_page_video_is_uploaded_in_ranges_and_resumes_a_lost_one(
    httpserver: HTTPServer, clip: MediaFile
) -> None:
    from smmgen.adapters.facebook import FacebookAdapter

    fake = FakePageVideos()
    fake.drop = {FakePageVideos.CHUNK}  # the second range loses its answer once
    httpserver.expect_request(f"/v24.0/{FB_PAGE}/videos", method="POST").respond_with_handler(
        fake.handle
    )
    httpserver.expect_request("/v24.0/2150000000000001").respond_with_json(
        {"id": "2150000000000001", "status": {"video_status": "ready"}}
    )
    acct = account(
        "facebook", "fb", page_id=FB_PAGE, token_env="T", api_base=httpserver.url_for("/")
    )
    big = clip.path.with_name("big.mp4")
    big.write_bytes(clip.path.read_bytes() * 20)  # several ranges
    media = MediaFile(big, None, "video/mp4")
    result = FacebookAdapter(acct, {"token_env": FB_TOKEN}).send(
        request(acct, "Beach day", media=(media,))
    )
    assert bytes(fake.data) == big.read_bytes()
    assert fake.transfers.count(FakePageVideos.CHUNK) == 2 and fake.transfers.count(0) == 1
    assert fake.published == [
        {"upload_phase": "finish", "upload_session_id": "9001", "description": "Beach day"}
    ]
    assert result.remote_id == "2150000000000001"
    assert result.url == f"https://www.facebook.com/{FB_PAGE}/videos/2150000000000001"


class ProcessedPageVideos(FakePageVideos):
    """Also ``GET /{video-id}?fields=status``: the states it reports in turn (the last repeats)."""

    def __init__(self, states: list[dict[str, object]]) -> None:
        super().__init__()
        self.states = states
        self.asked = 0

    def status(self, req: Request) -> Response:
        assert req.args["fields"] == "status"
        self.asked += 1
        state = self.states.pop(0) if len(self.states) > 1 else self.states[0]
        return ok({"id": "2150000000000001", "status": state})


def _fb_video(httpserver: HTTPServer, fake: ProcessedPageVideos, clip: MediaFile) -> SendRequest:
    httpserver.expect_request(f"/v24.0/{FB_PAGE}/videos", method="POST").respond_with_handler(
        fake.handle
    )
    httpserver.expect_request("/v24.0/2150000000000001", method="GET").respond_with_handler(
        fake.status
    )
    acct = account(
        "facebook", "fb", page_id=FB_PAGE, token_env="T", api_base=httpserver.url_for("/")
    )
    return request(acct, "Beach day", media=(MediaFile(clip.path, None, "video/mp4"),))


def test_facebook_video_is_polled_until_ready(
    httpserver: HTTPServer, clip: MediaFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smmgen.adapters.facebook import FacebookAdapter

    monkeypatch.setattr("time.sleep", lambda s: None)
    states = ["upload_complete", "processing", "ready"]
    fake = ProcessedPageVideos([{"video_status": s} for s in states])
    req = _fb_video(httpserver, fake, clip)
    result = FacebookAdapter(req.account, {"token_env": FB_TOKEN}).send(req)
    assert result.remote_id == "2150000000000001" and fake.asked == 3


def test_facebook_video_processing_error_is_reported(
    httpserver: HTTPServer, clip: MediaFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smmgen.adapters.facebook import FacebookAdapter

    monkeypatch.setattr("time.sleep", lambda s: None)
    why = "The video file you selected is in a format that we don't support."
    errors = [{"code": 1363022, "message": why}]
    phase = {"status": "error", "errors": errors}
    fake = ProcessedPageVideos([{"video_status": "error", "processing_phase": phase}])
    req = _fb_video(httpserver, fake, clip)
    with pytest.raises(SendError) as err:
        FacebookAdapter(req.account, {"token_env": FB_TOKEN}).send(req)
    assert why in str(err.value) and not err.value.uncertain and not err.value.published


def test_facebook_video_that_never_finishes_is_uncertain_not_uploaded_again(
    httpserver: HTTPServer, clip: MediaFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smmgen.adapters.facebook import FacebookAdapter

    monkeypatch.setattr("time.sleep", lambda s: None)
    monkeypatch.setattr(FacebookAdapter, "video_wait", 20.0)
    fake = ProcessedPageVideos([{"video_status": "processing"}])
    req = _fb_video(httpserver, fake, clip)
    with pytest.raises(SendError) as err:
        FacebookAdapter(req.account, {"token_env": FB_TOKEN}).send(req)
    assert err.value.uncertain
    assert [p.remote_id for p in err.value.published] == ["2150000000000001"]
    assert "the video is posted" in str(err.value) and len(fake.published) == 1

"""YouTube: check rules, and the resumable upload against a local server speaking the Data API."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters import youtube as yt
from smmgen.adapters.base import MediaFile, SendError
from smmgen.adapters.youtube import YouTubeAdapter
from smmgen.model import Account
from smmgen.video import VideoInfo, probe
from tests.helpers.adapter_calls import hang_up, request
from tests.helpers.content_repo import SCHEDULE, Repo, one
from tests.helpers.video_files import make_video

SECRETS = {
    "client_id_env": "123-abc.apps.googleusercontent.com",
    "client_secret_env": "GOCSPX-client-secret-0123",
    "refresh_token_env": "1//0refresh-token-0123456789",
}
ACCESS = "ya29.access-token-0123456789"
PIECE = 64 * 1024


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data), status, headers=headers, content_type="application/json")


class FakeYouTube:
    """Token, resumable sessions, videos.list, channels/playlistItems, as documented.

    ``drop``: byte offsets whose PUT loses its connection once; ``processing``:
    the states videos.list reports in turn (the last repeats); ``quota``: the
    next start is refused with quotaExceeded.
    """

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.received = bytearray()
        self.total = 0
        self.metadata: dict[str, Any] = {}
        self.videos: dict[str, dict[str, Any]] = {}
        self.puts: list[str] = []
        self.drop: set[int] = set()
        self.processing = ["processing", "succeeded"]
        self.quota = False
        self.tracks: list[tuple[dict[str, Any], bytes]] = []  # (snippet, file) per track
        self.refuse_captions = False  # the token lacks the youtube.force-ssl scope
        self.starts = 0

    def install(self) -> FakeYouTube:
        s = self.server
        s.expect_request("/token", method="POST").respond_with_handler(self.token)
        s.expect_request("/upload/youtube/v3/videos", method="POST").respond_with_handler(
            self.start
        )
        s.expect_request("/upload/session/1", method="PUT").respond_with_handler(self.put)
        s.expect_request("/youtube/v3/videos", method="GET").respond_with_handler(self.status)
        s.expect_request("/youtube/v3/channels").respond_with_json(
            {"items": [{"contentDetails": {"relatedPlaylists": {"uploads": "UUchannel"}}}]}
        )
        s.expect_request("/youtube/v3/playlistItems").respond_with_handler(self.uploads)
        s.expect_request("/upload/youtube/v3/captions", method="POST").respond_with_handler(
            self.insert_captions
        )
        s.expect_request("/youtube/v3/captions", method="GET").respond_with_handler(
            self.list_captions
        )
        return self

    def insert_captions(self, req: Request) -> Response:
        assert req.args["uploadType"] == "multipart" and req.args["part"] == "snippet"
        if self.refuse_captions:
            return _json({"error": {"code": 403, "message": "Request had insufficient "
                          "authentication scopes.", "errors": [{"reason":
                          "insufficientPermissions"}]}}, 403)  # fmt: skip
        # multipart/related: the JSON metadata, then the caption file.
        boundary = req.mimetype_params["boundary"]
        parts = req.get_data().split(f"--{boundary}".encode())
        meta = json.loads(parts[1].split(b"\r\n\r\n", 1)[1])
        head, data = parts[2].split(b"\r\n\r\n", 1)
        assert b"Content-Type: text/vtt" in head
        self.tracks.append((meta["snippet"], data.removesuffix(b"\r\n")))
        return _json({"id": f"track-{len(self.tracks)}", "snippet": meta["snippet"]})

    def list_captions(self, req: Request) -> Response:
        items = [{"id": f"track-{i}", "snippet": s} for i, (s, _) in enumerate(self.tracks)
                 if s["videoId"] == req.args["videoId"]]  # fmt: skip
        return _json({"items": items})

    def token(self, req: Request) -> Response:
        assert req.form["grant_type"] == "refresh_token"
        assert req.form["refresh_token"] == SECRETS["refresh_token_env"]
        return _json({"access_token": ACCESS, "expires_in": 3599, "token_type": "Bearer"})

    def start(self, req: Request) -> Response:
        assert req.headers["Authorization"] == f"Bearer {ACCESS}"
        if self.quota:
            return _json({"error": {"code": 403, "message": "The request cannot be completed "
                          "because you have exceeded your quota.",
                          "errors": [{"reason": "quotaExceeded", "domain": "youtube.quota"}]}},
                         403)  # fmt: skip
        assert req.args["uploadType"] == "resumable"
        self.starts += 1
        self.metadata = json.loads(req.get_data())
        self.total = int(req.headers["X-Upload-Content-Length"])
        return Response("", 200, headers={"Location": self.server.url_for("/upload/session/1")})

    def put(self, req: Request) -> Response:
        spec = req.headers["Content-Range"]
        self.puts.append(spec)
        if spec.startswith("bytes */"):
            return self._progress()
        first = int(spec.split(" ")[1].split("-")[0])
        if first in self.drop:
            self.drop.discard(first)
            self.received[first:] = req.get_data()  # it arrived; the answer is lost
            return hang_up(req)
        assert first == len(self.received)
        self.received += req.get_data()
        return self._progress()

    def _progress(self) -> Response:
        if len(self.received) < self.total:
            return Response("", 308, headers={"Range": f"bytes=0-{len(self.received) - 1}"})
        video = {"id": "dQw4w9WgXcQ", "snippet": self.metadata["snippet"]}
        self.videos["dQw4w9WgXcQ"] = video
        return _json(video)

    def status(self, req: Request) -> Response:
        state = self.processing.pop(0) if len(self.processing) > 1 else self.processing[0]
        details: dict[str, Any] = {"processingStatus": state}
        if state == "failed":
            details["processingFailureReason"] = "transcodeFailed"
        return _json({"items": [{"id": req.args["id"], "processingDetails": details,
                                 "status": {"uploadStatus": "uploaded"}}]})  # fmt: skip

    def uploads(self, req: Request) -> Response:
        items = [{"snippet": {"title": v["snippet"]["title"], "description":
                              v["snippet"]["description"], "resourceId": {"videoId": vid}}}
                 for vid, v in self.videos.items()]  # fmt: skip
        return _json({"items": items})


@pytest.fixture
def fake(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeYouTube:
    monkeypatch.setattr(yt, "PIECE", PIECE)
    monkeypatch.setattr(time, "sleep", lambda s: None)
    return FakeYouTube(httpserver).install()


@pytest.fixture
def adapter(httpserver: HTTPServer) -> YouTubeAdapter:
    base = httpserver.url_for("/").rstrip("/")
    settings = {k: k.upper() for k in SECRETS} | {
        "made_for_kids": False, "privacy": "unlisted", "api_base": base, "oauth_base": base,
    }  # fmt: skip
    return YouTubeAdapter(Account("yt", "youtube", settings, 1), SECRETS)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> MediaFile:
    path = make_video(
        tmp_path_factory.mktemp("yt") / "short.mp4", size=(120, 160), seconds=1, noise=True
    )
    assert path.stat().st_size > 3 * PIECE
    info = probe(path)
    assert isinstance(info, VideoInfo)
    return MediaFile(path, None, info.mime, video=info)


def yt_request(adapter: YouTubeAdapter, clip: MediaFile) -> Any:
    return request(
        adapter.account, "Our trail in 60 seconds\nFrom the hut to the summit.", media=(clip,),
        tags=("hiking", "alps trail"), language="de",
    )  # fmt: skip


def test_resumable_upload_with_metadata_then_processing(
    fake: FakeYouTube, adapter: YouTubeAdapter, clip: MediaFile
) -> None:
    result = adapter.send(yt_request(adapter, clip))
    assert bytes(fake.received) == clip.path.read_bytes()
    assert fake.metadata == {
        "snippet": {
            "title": "Our trail in 60 seconds",
            "description": "Our trail in 60 seconds\nFrom the hut to the summit.",
            "tags": ["hiking", "alps trail"],
            "categoryId": "22",
            "defaultLanguage": "de",
        },
        "status": {"privacyStatus": "unlisted", "selfDeclaredMadeForKids": False},
    }
    # Vertical and short: a Short.
    assert (result.remote_id, result.url) == (
        "dQw4w9WgXcQ", "https://www.youtube.com/shorts/dQw4w9WgXcQ"
    )  # fmt: skip


def test_an_interrupted_upload_resumes_where_youtube_says(
    fake: FakeYouTube, adapter: YouTubeAdapter, clip: MediaFile
) -> None:
    fake.drop = {PIECE}
    adapter.send(yt_request(adapter, clip))
    assert bytes(fake.received) == clip.path.read_bytes()
    assert f"bytes */{clip.path.stat().st_size}" in fake.puts
    assert sum(p.startswith("bytes 0-") for p in fake.puts) == 1  # piece 1 is never resent


def test_quota_exhausted_says_so_and_uploads_nothing(
    fake: FakeYouTube, adapter: YouTubeAdapter, clip: MediaFile
) -> None:
    fake.quota = True
    with pytest.raises(SendError) as err:
        adapter.send(yt_request(adapter, clip))
    assert "daily YouTube quota is used up" in str(err.value)
    assert not err.value.retryable and not err.value.uncertain and fake.received == b""
    assert SECRETS["client_secret_env"] not in str(err.value) and ACCESS not in str(err.value)


def test_processing_failed_is_reported(
    fake: FakeYouTube, adapter: YouTubeAdapter, clip: MediaFile
) -> None:
    fake.processing = ["processing", "failed"]
    with pytest.raises(SendError) as err:
        adapter.send(yt_request(adapter, clip))
    assert "failed: transcodeFailed" in str(err.value)


def test_processing_that_never_ends_is_looked_up_not_uploaded_again(
    fake: FakeYouTube, adapter: YouTubeAdapter, clip: MediaFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.processing = ["processing"]
    monkeypatch.setattr(YouTubeAdapter, "video_wait", 30.0)
    req = yt_request(adapter, clip)
    with pytest.raises(SendError) as err:
        adapter.send(req)
    assert err.value.uncertain and [p.remote_id for p in err.value.published] == ["dQw4w9WgXcQ"]
    found = adapter.find_existing(req)
    assert found is not None and found.remote_id == "dQw4w9WgXcQ"


def test_check_rules(repo: Repo) -> None:
    account = (
        "  tube:\n    network: youtube\n    client_id_env: YT_ID\n"
        "    client_secret_env: YT_SECRET\n    refresh_token_env: YT_REFRESH\n"
        "    made_for_kids: false\n"
    )
    repo.write("schedule.yaml", SCHEDULE.replace("slots:", account + "slots:"))
    repo.post("none", "---\npublish_at: 2026-12-01 09:30\nnetworks: [tube]\n---\n\nNo video\n")
    make_video(repo.root / "content/a.mp4")
    title = "x" * 120
    repo.post(
        "long",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [tube]\nmedia:\n  - path: a.mp4\n"
        f"    alt: A clip\n---\n\n{title}\n",
    )
    problems = repo.check()
    assert one(problems, "youtube/video-required")["message"] == (
        "tube: YouTube needs a video; add one to media"
    )
    assert "120/100 characters" in one(problems, "youtube/title-length")["message"]


@pytest.mark.parametrize(
    ("tags", "problem"),
    [
        # 49 tags of 9 characters, one of 10, 49 commas: exactly 500.
        (["x" * 9] * 49 + ["y" * 10], None),
        # A tag with a space counts with the quotes YouTube puts around it: 501.
        (["x" * 9] * 49 + ["xxxx xxxx"], "501/500"),
    ],
)
def test_tags_count_as_youtube_counts_them(
    repo: Repo, tags: list[str], problem: str | None
) -> None:
    account = (
        "  tube:\n    network: youtube\n    client_id_env: YT_ID\n"
        "    client_secret_env: YT_SECRET\n    refresh_token_env: YT_REFRESH\n"
        "    made_for_kids: false\n"
    )
    repo.write("schedule.yaml", SCHEDULE.replace("slots:", account + "slots:"))
    make_video(repo.root / "content/a.mp4")
    repo.post(
        "tagged",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [tube]\n"
        f"tags: [{', '.join(tags)}]\nmedia:\n  - path: a.mp4\n    alt: A clip\n---\n\nTitle\n",
    )
    found = [p for p in repo.check() if p["rule"] == "youtube/tags-length"]
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0]["line"] == 4
        assert found[0]["message"].startswith(f"tube: the tags are {problem} characters")
        assert "shorten tags by 1" in found[0]["message"]


def test_captions_become_the_videos_caption_track_in_the_posts_language(
    fake: FakeYouTube, adapter: YouTubeAdapter, clip: MediaFile, tmp_path: Path
) -> None:
    vtt = b"WEBVTT\n\n00:00.000 --> 00:01.000\nVon der H\xc3\xbctte zum Gipfel.\n"
    (tmp_path / "trail.vtt").write_bytes(vtt)
    captioned = replace(clip, captions=tmp_path / "trail.vtt")
    adapter.send(yt_request(adapter, captioned))
    assert fake.tracks == [({"videoId": "dQw4w9WgXcQ", "language": "de", "name": ""}, vtt)]


def test_captions_that_fail_leave_the_video_out_and_the_next_run_adds_only_them(
    fake: FakeYouTube, adapter: YouTubeAdapter, clip: MediaFile, tmp_path: Path
) -> None:
    (tmp_path / "trail.vtt").write_text("WEBVTT\n", "utf-8")
    captioned = replace(clip, captions=tmp_path / "trail.vtt", captions_language="en-GB")
    req = yt_request(adapter, captioned)
    fake.refuse_captions = True
    with pytest.raises(SendError) as err:
        adapter.send(req)
    # The video is out: never uploaded again, whatever happens to its captions.
    assert err.value.uncertain and [p.remote_id for p in err.value.published] == ["dQw4w9WgXcQ"]
    assert "the video is out (https://www.youtube.com/shorts/dQw4w9WgXcQ)" in str(err.value)
    assert "insufficient authentication scopes" in str(err.value)
    fake.refuse_captions = False
    assert adapter.find_existing(req) is None  # found, but without its captions
    result = adapter.send(req)
    assert result.remote_id == "dQw4w9WgXcQ" and fake.starts == 1
    assert [s["language"] for s, _ in fake.tracks] == ["en-GB"]
    found = adapter.find_existing(req)  # now complete: nothing left to do
    assert found is not None and found.remote_id == "dQw4w9WgXcQ" and len(fake.tracks) == 1

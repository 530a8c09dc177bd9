"""Video uploads on Mastodon, Telegram and Discord, each against a local server."""

from __future__ import annotations

import json
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters.base import MediaFile, SendError, SendRequest
from smmgen.adapters.discord import DiscordAdapter
from smmgen.adapters.mastodon import MastodonAdapter
from smmgen.adapters.telegram import TelegramAdapter
from smmgen.model import Account
from smmgen.video import VideoInfo, probe
from tests.helpers.adapter_calls import account, multipart, request
from tests.helpers.fake_mastodon import TOKEN as MASTODON_TOKEN
from tests.helpers.fake_mastodon import FakeMastodon, serve_mastodon
from tests.helpers.video_files import make_video


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> MediaFile:
    path = make_video(tmp_path_factory.mktemp("v") / "clip.mp4", size=(640, 360), seconds=2)
    info = probe(path)
    assert isinstance(info, VideoInfo)
    return MediaFile(path, "Waves on a beach", info.mime, video=info)


# --- Mastodon: async processing ----------------------------------------------------------------


class FakeMastodonVideo(FakeMastodon):
    """Processing of a video ends as ``outcome`` says: "ok", "failed" (422) or "never"."""

    outcome = "ok"

    def media_status(self, req: Request) -> Response:
        if self.outcome == "failed":
            return Response(
                json.dumps({"error": "Error processing thumbnail for uploaded media"}),
                422,
                content_type="application/json",
            )
        if self.outcome == "never":
            mid = req.path.rsplit("/", 1)[1]
            self.processing[mid] = 10**6
        return super().media_status(req)


@pytest.fixture
def masto(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeMastodonVideo:
    monkeypatch.setattr(time, "sleep", lambda s: None)
    fake = FakeMastodonVideo()
    serve_mastodon(httpserver, fake)
    return fake


def masto_adapter(httpserver: HTTPServer) -> MastodonAdapter:
    acct = account("mastodon", "masto", instance=httpserver.url_for("/").rstrip("/"), token_env="T")
    return MastodonAdapter(acct, {"token_env": MASTODON_TOKEN})


def test_mastodon_video_is_streamed_processed_then_posted(
    masto: FakeMastodonVideo, httpserver: HTTPServer, clip: MediaFile
) -> None:
    masto_adapter(httpserver).send(
        request(Account("masto", "mastodon", {}, 1), "Sea", media=(clip,))
    )
    [item] = masto.media
    assert item["_bytes"] == clip.path.read_bytes()
    assert item["description"] == "Waves on a beach"
    assert [m["id"] for m in masto.statuses[0]["media_attachments"]] == [item["id"]]
    polls = [r for r, _ in httpserver.log if r.path.startswith("/api/v1/media/")]
    assert polls, "the status waited for processing"


def test_mastodon_video_processing_that_fails_posts_nothing(
    masto: FakeMastodonVideo, httpserver: HTTPServer, clip: MediaFile
) -> None:
    masto.outcome = "failed"
    with pytest.raises(SendError) as err:
        masto_adapter(httpserver).send(
            request(Account("m", "mastodon", {}, 1), "Sea", media=(clip,))
        )
    assert "failed: Error processing thumbnail for uploaded media" in str(err.value)
    assert masto.statuses == [] and not err.value.uncertain


def test_mastodon_video_processing_that_never_ends_is_bounded(
    masto: FakeMastodonVideo,
    httpserver: HTTPServer,
    clip: MediaFile,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    masto.outcome = "never"
    monkeypatch.setattr(MastodonAdapter, "video_wait", 5.0)
    with pytest.raises(SendError) as err:
        masto_adapter(httpserver).send(
            request(Account("m", "mastodon", {}, 1), "Sea", media=(clip,))
        )
    assert "was not finished after 5 s" in str(err.value)
    assert masto.statuses == []


class SmallServer(FakeMastodonVideo):
    """A server whose own video limit (/api/v2/instance) is 10 KB."""

    def instance(self, req: Request) -> Response:
        limits = {"video_size_limit": 10_000, "video_frame_rate_limit": 120}
        return Response(
            json.dumps({"domain": "social.example", "version": "4.3.2",
                        "configuration": {"media_attachments": limits}}),
            content_type="application/json",
        )  # fmt: skip


def test_mastodon_video_over_the_servers_own_limit_is_not_uploaded(
    httpserver: HTTPServer, clip: MediaFile
) -> None:
    fake = SmallServer()
    serve_mastodon(httpserver, fake)
    with pytest.raises(SendError) as err:
        masto_adapter(httpserver).send(
            request(Account("m", "mastodon", {}, 1), "Sea", media=(clip,))
        )
    assert "takes videos of at most 10 KB (/api/v2/instance)" in str(err.value)
    assert fake.media == [] and fake.statuses == []


# --- Telegram: sendVideo -----------------------------------------------------------------------

TG_TOKEN = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_telegram_send_video_with_caption_size_and_length(
    httpserver: HTTPServer, clip: MediaFile
) -> None:
    chat = {"id": -1001234567890, "username": "examplenews", "type": "channel"}
    httpserver.expect_oneshot_request(
        f"/bot{TG_TOKEN}/sendVideo", method="POST"
    ).respond_with_json(
        {"ok": True, "result": {"message_id": 44, "chat": chat, "date": 1795600000,
                                "video": {"file_id": "BAAC", "duration": 2}}}
    )  # fmt: skip
    acct = account(
        "telegram", "tg", chat_id="@examplenews", token_env="T", api_base=httpserver.url_for("/")
    )
    result = TelegramAdapter(acct, {"token_env": TG_TOKEN}).send(
        request(acct, "The sea", media=(clip,))
    )
    assert (result.remote_id, result.url) == ("44", "https://t.me/examplenews/44")
    parts = multipart(httpserver.log[0][0])
    assert parts["video"][1] == clip.path.read_bytes()
    assert parts["caption"][1] == b"The sea"
    assert (parts["width"][1], parts["height"][1], parts["duration"][1]) == (b"640", b"360", b"2")
    assert parts["supports_streaming"][1] == b"true"


# --- Discord: an attachment --------------------------------------------------------------------


def test_discord_video_is_an_attachment_with_its_description(
    httpserver: HTTPServer, clip: MediaFile
) -> None:
    hook = "/api/webhooks/42/token-0123456789"
    httpserver.expect_request(hook, method="POST").respond_with_json(
        {"id": "100", "channel_id": "7", "webhook_id": "42"}
    )
    acct = Account("chat", "discord", {"webhook_env": "HOOK", "guild_id": "5"}, 1)
    req = SendRequest("k", "p", acct, ("The sea",), (clip,), None, None)
    DiscordAdapter(acct, {"webhook_env": httpserver.url_for(hook)}).send(req)
    parts = multipart(httpserver.log[0][0])
    assert parts["files[0]"] == ("clip.mp4", clip.path.read_bytes())
    payload = json.loads(parts["payload_json"][1])
    assert payload["attachments"] == [
        {"id": 0, "filename": "clip.mp4", "description": "Waves on a beach"}
    ]

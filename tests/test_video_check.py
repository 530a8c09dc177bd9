"""Videos as media: facts read from real files, each network's video rules in `smmgen check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from smmgen.video import VideoInfo, probe
from tests.helpers.content_repo import SCHEDULE, Repo, one
from tests.helpers.imported import modules_after
from tests.helpers.video_files import make_video

X_ACCOUNT = (
    "  xacct:\n    network: x\n    api_key_env: SMMGEN_T_XK\n    api_secret_env: SMMGEN_T_XS\n"
    "    access_token_env: SMMGEN_T_XT\n    access_token_secret_env: SMMGEN_T_XTS\n"
)


def post(networks: str, media: str, body: str = "A video.") -> str:
    head = f"---\npublish_at: 2026-12-01 09:30\nnetworks: [{networks}]\n"
    return f"{head}media:\n{media}---\n\n{body}\n"


def entry(path: str, alt: str = "A clip", extra: str = "") -> str:
    return f"  - path: {path}\n    alt: {alt}\n{extra}"


@pytest.fixture
def vrepo(repo: Repo) -> Repo:
    repo.write("schedule.yaml", SCHEDULE.replace("slots:", X_ACCOUNT + "slots:"))
    return repo


# --- Facts read from the file ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "codec", "audio", "container", "vcodec", "acodec"),
    [
        ("a.mp4", "libx264", "aac", "MP4", "h264", "aac"),
        ("b.mov", "libx265", None, "MOV", "hevc", None),
        ("c.webm", "libvpx-vp9", "libopus", "WebM", "vp9", "opus"),
    ],
)
def test_facts_come_from_the_file(
    tmp_path: Path,
    name: str,
    codec: str,
    audio: str | None,
    container: str,
    vcodec: str,
    acodec: str | None,
) -> None:
    path = make_video(tmp_path / name, size=(320, 180), seconds=2, fps=25, codec=codec, audio=audio)
    info = probe(path)
    assert isinstance(info, VideoInfo), info
    assert (info.container, info.video_codec, info.audio_codec) == (container, vcodec, acodec)
    assert (info.width, info.height, info.fps) == (320, 180, 25.0)
    assert 1.9 < info.duration < 2.2
    assert info.size == path.stat().st_size
    assert info.bitrate > 0


def test_a_phone_video_is_as_tall_as_it_is_shown(tmp_path: Path) -> None:
    # Stored 320×180 with "turn by 90°", as phones write portrait video.
    info = probe(make_video(tmp_path / "p.mp4", size=(320, 180), rotation=90))
    assert isinstance(info, VideoInfo)
    assert (info.width, info.height) == (180, 320)


# --- Rules per network -------------------------------------------------------------------------


def test_a_good_video_passes_everywhere_it_is_taken(vrepo: Repo) -> None:
    make_video(vrepo.root / "content/clip.mp4", size=(720, 1280), seconds=3.5, fps=30)
    vrepo.post("v", post("bsky, masto, insta, xacct", entry("clip.mp4")))
    assert vrepo.check() == []


def test_too_long_says_by_how_much_and_where_else(vrepo: Repo) -> None:
    # 150 s at 2 frames a second: tiny, but as long as X refuses.
    make_video(vrepo.root / "content/long.mp4", size=(64, 64), seconds=150, fps=2, audio=None)
    vrepo.post("v", post("xacct", entry("long.mp4")))
    p = one(vrepo.check(), "x/video-duration")
    assert (p["path"], p["line"]) == ("content/v.md", 5)
    assert p["message"] == (
        "xacct: X: 150 s is over 140 s; trim 'content/long.mp4' or post it on YouTube"
    )


def test_instagram_reels_rules(vrepo: Repo) -> None:
    make_video(
        vrepo.root / "content/c.webm", size=(320, 240), seconds=1, codec="libvpx-vp9",
        audio="libopus", fps=15,
    )  # fmt: skip
    vrepo.post("v", post("insta", entry("c.webm")))
    problems = {p["rule"]: p["message"] for p in vrepo.check()}
    assert problems["instagram/video-format"] == (
        "insta: 'content/c.webm' is WebM; Instagram Reels takes MOV or MP4 — export it as MP4"
    )
    assert "VP9 video; Instagram Reels takes H.264 or HEVC" in problems["instagram/video-codec"]
    assert "Opus sound" in problems["instagram/video-audio"]
    assert problems["instagram/video-duration"] == (
        "insta: Instagram Reels: 1 s is under the 3 s minimum; use a longer clip than "
        "'content/c.webm'"
    )
    assert "15 frames per second" in problems["instagram/video-frame-rate"]


def test_aspect_and_mixing(vrepo: Repo) -> None:
    make_video(vrepo.root / "content/wide.mp4", size=(512, 128), seconds=1)
    vrepo.image("content/pic.png")
    vrepo.post("v", post("xacct, bsky", entry("wide.mp4") + entry("pic.png")))
    problems = vrepo.check()
    assert "ratio 4.00" in one(problems, "x/video-aspect")["message"]
    assert "crop it narrower" in one(problems, "bluesky/video-aspect")["message"]
    assert one(problems, "bluesky/video-mixed")["message"] == (
        "bsky: Bluesky takes a video or images, not both; remove the images or put the video "
        "in a post of its own"
    )
    assert one(problems, "x/video-mixed")["line"] == 4


def test_too_many_videos(vrepo: Repo) -> None:
    make_video(vrepo.root / "content/a.mp4")
    make_video(vrepo.root / "content/b.mp4")
    vrepo.post("v", post("masto", entry("a.mp4") + entry("b.mp4")))
    assert (
        "2 videos, Mastodon takes at most 1"
        in one(vrepo.check(), "mastodon/video-count")["message"]
    )


def test_a_file_named_like_a_video_that_is_none(vrepo: Repo) -> None:
    vrepo.write("content/fake.mp4", b"not a video at all")
    vrepo.post("v", post("bsky", entry("fake.mp4")))
    p = one(vrepo.check(), "media/not-video")
    assert p["line"] == 5
    assert "export it as MP4" in p["message"]


def test_a_missing_video_names_it(vrepo: Repo) -> None:
    vrepo.post("v", post("bsky", entry("gone.mp4")))
    assert one(vrepo.check(), "media/missing")["message"].startswith("video 'content/gone.mp4'")


def test_captions(vrepo: Repo) -> None:
    make_video(vrepo.root / "content/a.mp4")
    vrepo.write("content/a.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n")
    vrepo.write("content/bad.vtt", "1\n00:00:00,000 --> 00:00:01,000\nHello\n")
    vrepo.post("ok", post("bsky", entry("a.mp4", extra="    captions: a.vtt\n")))
    vrepo.post("bad", post("bsky", entry("a.mp4", extra="    captions: bad.vtt\n")))
    vrepo.post("gone", post("bsky", entry("a.mp4", extra="    captions: none.vtt\n")))
    vrepo.post("masto", post("masto", entry("a.mp4", extra="    captions: a.vtt\n")))
    problems = vrepo.check()
    by_file = {(p["path"], p["rule"]): p["message"] for p in problems}
    assert ("content/ok.md", "media/captions") not in by_file
    assert "is not a WebVTT file" in by_file[("content/bad.md", "media/captions")]
    assert "does not exist" in by_file[("content/gone.md", "media/captions")]
    warn = by_file[("content/masto.md", "mastodon/captions-unsupported")]
    assert warn.startswith("masto: Mastodon takes no captions file")


def test_captions_are_a_webvtt_file_in_the_repository_beside_a_video(vrepo: Repo) -> None:
    make_video(vrepo.root / "content/a.mp4")
    vrepo.image("content/pic.png", (40, 30))
    vrepo.write("content/bom.vtt", "\ufeffWEBVTT\n\n00:00.000 --> 00:01.000\nHello\n")
    vrepo.post("bom", post("bsky", entry("a.mp4", extra="    captions: bom.vtt\n")))
    vrepo.post("up", post("bsky", entry("a.mp4", extra="    captions: ../../up.vtt\n")))
    vrepo.post("srt", post("bsky", entry("a.mp4", extra="    captions: a.srt\n")))
    vrepo.post("pic", post("bsky", entry("pic.png", extra="    captions: bom.vtt\n")))
    problems = vrepo.check()
    # Bluesky takes captions files: not even a warning for the one with a BOM.
    assert [p for p in problems if p["path"] == "content/bom.md"] == []
    by_file = {p["path"]: p["message"] for p in problems if p["rule"] == "media/captions"}
    assert by_file == {
        "content/up.md": "captions '../up.vtt' must be a .vtt file inside the repository",
        "content/srt.md": "captions 'content/a.srt' must be a .vtt file inside the repository",
        "content/pic.md": "'captions' belongs to a video; remove it from this image",
    }


def test_editing_a_captions_file_is_seen_by_the_next_check(vrepo: Repo) -> None:
    make_video(vrepo.root / "content/a.mp4")
    vrepo.write("content/a.vtt", "WEBVTT\n")
    vrepo.post("ok", post("bsky", entry("a.mp4", extra="    captions: a.vtt\n")))
    assert vrepo.check() == []
    vrepo.write("content/a.vtt", "not vtt, and longer now\n")
    assert one(vrepo.check(), "media/captions")


def test_a_check_without_videos_does_not_load_pyav(vrepo: Repo) -> None:
    vrepo.image("content/pic.png")
    vrepo.post("v", post("bsky", entry("pic.png")))
    assert "av" not in modules_after(vrepo.root, "check")

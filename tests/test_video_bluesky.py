"""Bluesky video end to end on a real local PDS: blob upload, video embed, captions, once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from smmgen.adapters.base import MediaFile
from smmgen.video import VideoInfo, probe
from tests.helpers.bluesky_pds import adapter, blob, make_request, records
from tests.helpers.video_files import make_video

if TYPE_CHECKING:
    from tests.helpers.pds import LocalPds, PdsAccount

pytest_plugins = ["tests.helpers.pds", "tests.helpers.bluesky_pds"]  # `pds`, `user`


def video_file(path: Path, **kw: object) -> MediaFile:
    info = probe(path)
    assert isinstance(info, VideoInfo)
    return MediaFile(path, "A red door opening", info.mime, video=info, **kw)  # type: ignore[arg-type]


def test_a_video_is_one_blob_in_a_video_embed_with_alt_aspect_and_captions(
    pds: LocalPds, user: PdsAccount, tmp_path: Path
) -> None:
    path = make_video(tmp_path / "door.mp4", size=(360, 640), seconds=2)
    captions = tmp_path / "door.vtt"
    captions.write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nThe door opens.\n", "utf-8")
    media = (video_file(path, captions=captions, captions_language="de"),)

    result = adapter(pds.url, user).send(make_request("k-video", "Look at this", media=media))

    [rec] = records(pds, user)
    assert rec["uri"] == result.remote_id
    embed = rec["value"]["embed"]
    assert embed["$type"] == "app.bsky.embed.video"
    assert embed["alt"] == "A red door opening"
    assert (embed["aspectRatio"]["width"], embed["aspectRatio"]["height"]) == (360, 640)
    assert embed["video"]["mimeType"] == "video/mp4"
    assert embed["video"]["size"] == path.stat().st_size
    assert blob(pds, user, embed["video"]["ref"]["$link"]) == path.read_bytes()
    [caption] = embed["captions"]
    assert caption["lang"] == "de"
    assert caption["file"]["mimeType"] == "text/vtt"
    assert blob(pds, user, caption["file"]["ref"]["$link"]) == captions.read_bytes()


def test_a_video_sent_twice_is_one_post(pds: LocalPds, user: PdsAccount, tmp_path: Path) -> None:
    media = (video_file(make_video(tmp_path / "a.mp4")),)
    request = make_request("k-video-twice", "Once", media=media)
    first = adapter(pds.url, user).send(request)
    again = adapter(pds.url, user)
    assert again.find_existing(request) == first
    assert again.send(request) == first
    assert len(records(pds, user)) == 1

"""The preview site plays a post's video: copied file, poster frame, facts, no outside requests."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.helpers.content_repo import Repo
from tests.helpers.site_html import refs_of
from tests.helpers.video_files import make_video

POST = """---
publish_at: 2026-12-01 09:30
networks: [bsky, insta]
media:
  - path: clips/door.mp4
    alt: A red door opens onto a garden
---

Our new door.
"""


def test_the_post_page_plays_the_video_with_a_poster_and_its_facts(
    repo: Repo, tmp_path: Path
) -> None:
    make_video(repo.root / "content/clips/door.mp4", size=(360, 640), seconds=3.5, fps=30)
    repo.post("door", POST)
    out = tmp_path / "site"
    result = repo.run("build", "--out", str(out), "--at", "2026-11-30 12:00")
    assert result.exit_code == 0, result.output

    page = (out / "posts/door.html").read_text("utf-8")
    video = [r for r in refs_of(page) if r[0] == "video"]
    assert video == [("video", "src", "../media/content/clips/door.mp4")] * 2  # one per account
    assert 'poster="../media/content/clips/door.mp4.poster.jpg"' in page
    assert "3.5 s, 360×640, 30 fps" in page
    assert 'aria-label="A red door opens onto a garden"' in page
    # Every reference stays inside the site: no external requests.
    assert all(not v.startswith(("http:", "https:", "//")) for _, _, v in refs_of(page))
    assert "media-src 'self'" in page

    copied = out / "media/content/clips/door.mp4"
    assert copied.read_bytes() == (repo.root / "content/clips/door.mp4").read_bytes()
    with Image.open(out / "media/content/clips/door.mp4.poster.jpg") as poster:
        assert poster.format == "JPEG" and poster.size == (360, 640)


def test_the_media_only_site_has_the_video_for_instagram(repo: Repo, tmp_path: Path) -> None:
    make_video(repo.root / "content/clips/door.mp4", size=(360, 640), seconds=3.5, fps=30)
    repo.post("door", POST)
    out = tmp_path / "media-site"
    result = repo.run("build", "--media-only", "--out", str(out), "--at", "2026-11-30 12:00")
    assert result.exit_code == 0, result.output
    assert (out / "media/content/clips/door.mp4").is_file()
    assert not (out / "media/content/clips/door.mp4.poster.jpg").exists()


def test_the_pr_comment_shows_duration_size_and_dimensions_per_account(repo: Repo) -> None:
    from tests.helpers.git_repo import preview

    make_video(repo.root / "content/clips/door.mp4", size=(360, 640), seconds=3.5, fps=30)
    repo.post("door", POST)
    out = preview(repo, "content/door.md")
    facts = "3.5 s, 360×640, 30 fps"
    # One line per account (bsky, insta), each with the video's facts and alt text.
    lines = [line for line in out.splitlines() if line.startswith("- 🎬")]
    assert len(lines) == 2
    assert all(facts in line and "A red door opens onto a garden" in line for line in lines)
    assert "MB)" in lines[0]


CAPTIONED = """---
publish_at: 2026-12-01 09:30
networks: [bsky]
language: de
media:
  - path: clips/door.mp4
    alt: Eine rote Tür öffnet sich
    captions: clips/door.vtt
  - path: clips/gate.mp4
    alt: Ein Tor
    captions: clips/gate.vtt
---

Unsere neue Tür.
"""


def test_the_preview_plays_a_videos_captions_and_copies_no_other_file_as_captions(
    repo: Repo, tmp_path: Path
) -> None:
    clips = repo.root / "content/clips"
    make_video(clips / "door.mp4", size=(360, 640), seconds=2, fps=30)
    make_video(clips / "gate.mp4", size=(360, 640), seconds=2, fps=30)
    vtt = "WEBVTT\n\n00:00.000 --> 00:01.500\nDie Tür geht auf.\n"
    (clips / "door.vtt").write_text(vtt, "utf-8")
    # Named .vtt, but not captions: it must not reach the public site.
    (clips / "gate.vtt").write_text("API_TOKEN=do-not-publish\n", "utf-8")
    repo.post("door", CAPTIONED)
    out = tmp_path / "site"
    repo.run("build", "--out", str(out), "--at", "2026-11-30 12:00")

    page = (out / "posts/door.html").read_text("utf-8")
    tracks = [r for r in refs_of(page) if r[0] == "track"]
    assert tracks == [("track", "src", "../media/content/clips/door.vtt")]
    assert 'kind="captions" default' in page and 'srclang="de"' in page
    assert (out / "media/content/clips/door.vtt").read_text("utf-8") == vtt
    assert not (out / "media/content/clips/gate.vtt").exists()
    assert "do-not-publish" not in "".join(
        p.read_text("utf-8", "replace") for p in out.rglob("*") if p.is_file()
    )

"""The preview site plays a post's video: copied file, poster frame, facts, no outside requests."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.conftest import Repo
from tests.test_site import refs_of
from tests.video_files import make_video

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
    from tests.test_preview import preview

    make_video(repo.root / "content/clips/door.mp4", size=(360, 640), seconds=3.5, fps=30)
    repo.post("door", POST)
    out = preview(repo, "content/door.md")
    facts = "3.5 s, 360×640, 30 fps"
    # One line per account (bsky, insta), each with the video's facts and alt text.
    lines = [line for line in out.splitlines() if line.startswith("- 🎬")]
    assert len(lines) == 2
    assert all(facts in line and "A red door opens onto a garden" in line for line in lines)
    assert "MB)" in lines[0]

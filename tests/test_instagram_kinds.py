"""Instagram done right: reels and stories with their own rules, links that cannot be tapped."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from smmgen.adapters.base import MediaFile, SendError
from smmgen.adapters.instagram import InstagramAdapter
from tests.helpers.adapter_calls import account, image, jpeg, request
from tests.helpers.content_repo import Repo, one
from tests.helpers.fake_meta import BASE, IG_TOKEN, IG_USER, VideoInstagram
from tests.helpers.video_files import make_video


def post(media: str, *, kind: str = "", variant: str = "", body: str = "Hello.") -> str:
    head = "---\npublish_at: 2026-12-01 09:30\nnetworks: [insta, bsky]\n"
    return f"{head}{kind}media:\n{media}{variant}---\n\n{body}\n"


def entry(path: str) -> str:
    return f"  - path: {path}\n    alt: Something to see\n"


def test_a_link_in_an_instagram_caption_is_a_warning(repo: Repo) -> None:
    repo.image("content/pic.jpg", (1080, 1080), "JPEG")
    repo.post("p", post(entry("pic.jpg"), body="New shop: https://example.com/shop"))
    p = one(repo.check(), "instagram/link-not-clickable")
    assert p["severity"] == "warning" and p["line"] == 9
    assert "'https://example.com/shop' cannot be tapped" in p["message"]
    assert "links.html" in p["message"]


def test_a_reel_is_one_vertical_video(repo: Repo) -> None:
    make_video(repo.root / "content/wide.mp4", size=(640, 360), seconds=4, fps=30)
    repo.post("r", post(entry("wide.mp4"), kind="kind: reel\n"))
    problems = repo.check()
    p = one(problems, "instagram/video-aspect")
    assert (
        "insta: 'content/wide.mp4' is 640×360 (ratio 1.78 (16:9)); Instagram Reels" in p["message"]
    )
    assert not [x for x in problems if x["network"] == "bluesky"]  # Bluesky has no reels


def test_a_reel_takes_no_image(repo: Repo) -> None:
    repo.image("content/pic.jpg", (1080, 1920), "JPEG")
    repo.post("r", post(entry("pic.jpg"), kind="kind: reel\n"))
    p = one(repo.check(), "instagram/media-count")
    assert p["message"] == "insta: this network takes no images here; remove them"


def test_a_story_is_short_vertical_and_shows_no_text(repo: Repo) -> None:
    make_video(repo.root / "content/s.mp4", size=(360, 640), seconds=65, fps=24, audio=None)
    repo.post("s", post(entry("s.mp4"), variant="variants:\n  insta:\n    kind: story\n"))
    problems = repo.check()
    assert one(problems, "instagram/video-duration")["message"] == (
        "insta: Instagram Stories: 65 s is over 60 s; trim 'content/s.mp4' or post it as a reel"
    )
    assert one(problems, "instagram/caption-not-shown")["severity"] == "warning"


def test_a_kind_the_network_does_not_have_is_an_error(repo: Repo) -> None:
    repo.image("content/pic.jpg", (1080, 1080), "JPEG")
    repo.post("k", post(entry("pic.jpg"), variant="variants:\n  bsky:\n    kind: story\n"))
    p = one(repo.check(), "bluesky/kind")
    assert p["line"] == 8
    assert "Bluesky posts have no kind 'story'; use feed" in p["message"]


def test_an_unknown_kind_is_an_error(repo: Repo) -> None:
    repo.image("content/pic.jpg", (1080, 1080), "JPEG")
    repo.post("k", post(entry("pic.jpg"), kind="kind: carousel\n"))
    assert "must be one of feed, reel, story" in one(repo.check(), "front-matter/type")["message"]


@pytest.fixture
def fake(httpserver: HTTPServer) -> VideoInstagram:
    from tests.helpers.fake_meta import IG_SCOPES, Outcome, Token

    made = VideoInstagram(Token(IG_TOKEN, IG_SCOPES), ready_after=0.01)
    made.outcome = Outcome()
    return made.install(httpserver, IG_USER)


def test_a_story_is_a_stories_container_without_caption(
    fake: VideoInstagram, httpserver: HTTPServer, tmp_path: object
) -> None:
    from pathlib import Path

    acct = account(
        "instagram", "insta", user_id=IG_USER, token_env="T", api_base=httpserver.url_for("/")
    )
    adapter = InstagramAdapter(acct, {"token_env": IG_TOKEN})
    adapter.poll_interval = 0.01
    pic = image(Path(str(tmp_path)), size=(1080, 1920))
    req = request(
        acct, "Not shown", media=(jpeg(pic, "A poster"),), media_base_url=BASE,
        media_paths=("content/story.jpg",), kind="story",
    )  # fmt: skip
    adapter.send(req)
    [form] = fake.posts.values()
    assert form == {"media_type": "STORIES", "image_url": f"{BASE}/content/story.jpg"}
    with pytest.raises(SendError, match="a story cannot be looked up"):
        adapter.find_existing(req)


def test_a_reel_video_is_shared_to_the_feed(
    fake: VideoInstagram, httpserver: HTTPServer, tmp_path: object
) -> None:
    from pathlib import Path

    acct = account(
        "instagram", "insta", user_id=IG_USER, token_env="T", api_base=httpserver.url_for("/")
    )
    adapter = InstagramAdapter(acct, {"token_env": IG_TOKEN})
    adapter.poll_interval = 0.01
    clip = make_video(Path(str(tmp_path)) / "r.mp4", size=(180, 320))
    req = request(
        acct, "Reel", media=(MediaFile(clip, None, "video/mp4"),), media_base_url=BASE,
        media_paths=("content/r.mp4",), kind="reel",
    )  # fmt: skip
    adapter.send(req)
    [form] = fake.posts.values()
    assert form["media_type"] == "REELS" and form["share_to_feed"] == "true"


def test_instagram_kind_applies_to_every_instagram_account_and_a_variant_wins(
    repo: Repo,
) -> None:
    repo.image("content/pic.jpg", (1080, 1920), "JPEG")
    repo.post("s", post(entry("pic.jpg"), kind="instagram:\n  kind: story\n"))
    shown = [p for p in repo.check() if p["rule"] == "instagram/caption-not-shown"]
    # A warning about the whole text points at its first column.
    assert [(p["account"], p["severity"], p["column"]) for p in shown] == [("insta", "warning", 1)]

    variant = "variants:\n  insta:\n    kind: feed\n"
    repo.post("s", post(entry("pic.jpg"), kind="instagram:\n  kind: story\n", variant=variant))
    assert not [p for p in repo.check() if p["rule"] == "instagram/caption-not-shown"]


def test_instagram_settings_are_checked_where_they_are_written(repo: Repo) -> None:
    repo.image("content/pic.jpg", (1080, 1080), "JPEG")
    repo.post("k", post(entry("pic.jpg"), kind="instagram:\n  kind: carousel\n"))
    p = one(repo.check(), "front-matter/type")
    assert p["line"] == 5 and "must be one of feed, reel, story" in p["message"]
    repo.post("k", post(entry("pic.jpg"), kind="instagram: reel\n"))
    p = one(repo.check(), "front-matter/type")
    assert p["line"] == 4 and "'instagram' must be" in p["message"]


def test_a_first_comment_on_a_story_is_not_sent(repo: Repo) -> None:
    # Instagram posts first comments, but a story shows no text and takes no comment;
    # the warning points at the variant that makes it a story.
    repo.image("content/pic.jpg", (1080, 1920), "JPEG")
    variant = "variants:\n  insta:\n    kind: story\n    first_comment: Link in bio\n"
    repo.post("s", post(entry("pic.jpg"), variant=variant))
    problems = repo.check()
    p = one(problems, "instagram/first-comment-unsupported")
    assert (p["line"], p["severity"]) == (8, "warning")
    assert p["message"] == (
        "insta: smmgen posts no first comment on Instagram stories; it is not sent"
    )
    assert "bluesky/first-comment-unsupported" not in {p["rule"] for p in problems}

"""Mastodon's limits at the boundary and one over: links, mentions, the post length, video."""

from __future__ import annotations

import os

import pytest

from smmgen.model import Account
from smmgen.networks.mastodon import Mastodon, countable_text
from tests.helpers.content_repo import Repo
from tests.helpers.video_files import make_video

MASTO = Account("m", "mastodon", {"instance": "https://mastodon.social", "token_env": "T"}, 1)


def test_a_mention_after_a_mention_inside_a_link_still_counts_short() -> None:
    # "@alice" is part of the link; "@bob@example.social" after it is a mention.
    text = "https://example.com/x-@alice @bob@example.social"
    assert countable_text(text) == "x" * 23 + " @bob"


def test_a_second_link_in_one_word_counts_after_one_that_is_none() -> None:
    # A label over 63 characters is no domain; the link after it still is one.
    bad = "https://" + "a" * 64 + ".com"
    assert countable_text(f"({bad})(https://example.com/kaffee)") == f"({bad})(" + "x" * 23 + ")"
    # Likewise after a t.co link whose slug is too long (over 40 characters).
    tco = "https://t.co/" + "a" * 41
    assert countable_text(f"({tco})(https://example.com/kaffee)") == f"({tco})(" + "x" * 23 + ")"


def test_the_smallest_post_length_is_one(repo: Repo) -> None:
    schedule = (repo.root / "schedule.yaml").read_text("utf-8")
    repo.write(
        "schedule.yaml",
        schedule.replace("    token_env: MASTODON_TOKEN\n", "    token_env: MASTODON_TOKEN\n"
                         "    max_characters: 1\n", 1),
    )  # fmt: skip
    problems = repo.check()
    assert not [p for p in problems if p["path"] == "schedule.yaml"], problems
    assert Mastodon().limits(Account("m", "mastodon", {"max_characters": 1}, 1)).text.max == 1


def _video_post(repo: Repo, name: str) -> None:
    repo.post(
        "v",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [masto]\nmedia:\n"
        f"  - path: {name}\n    alt: Ein Clip\n---\n\nEin Video.\n",
    )


def _rules(repo: Repo) -> set[str]:
    return {p["rule"] for p in repo.check() if p["rule"].startswith("mastodon/video")}


@pytest.mark.parametrize(("fps", "over"), [(120, False), (121, True)])
def test_frame_rate_up_to_120(repo: Repo, fps: int, over: bool) -> None:
    make_video(repo.root / "content/v.mp4", size=(64, 64), fps=fps, audio=None, seconds=0.2)
    _video_post(repo, "v.mp4")
    assert ("mastodon/video-frame-rate" in _rules(repo)) is over


@pytest.mark.parametrize(("width", "over"), [(4096, False), (4097, True)])
def test_longest_side_up_to_4096(repo: Repo, width: int, over: bool) -> None:
    make_video(repo.root / "content/v.webm", size=(width, 16), codec="libvpx-vp9", audio=None,
               seconds=0.2)  # fmt: skip
    _video_post(repo, "v.webm")
    assert ("mastodon/video-dimensions" in _rules(repo)) is over


@pytest.mark.parametrize(("extra", "over"), [(0, False), (1, True)])
def test_size_up_to_99_mib(repo: Repo, extra: int, over: bool) -> None:
    path = make_video(repo.root / "content/v.webm", size=(64, 64), codec="libvpx-vp9",
                      audio=None, seconds=0.2)  # fmt: skip
    os.truncate(path, 99 * 1024 * 1024 + extra)  # sparse: no 99 MiB written to disk
    _video_post(repo, "v.webm")
    assert ("mastodon/video-size" in _rules(repo)) is over


@pytest.mark.parametrize(("count", "over"), [(1, False), (2, True)])
def test_one_video_per_post(repo: Repo, count: int, over: bool) -> None:
    media = ""
    for n in range(count):
        make_video(repo.root / f"content/v{n}.mp4", size=(64, 64), audio=None, seconds=0.2)
        media += f"  - path: v{n}.mp4\n    alt: Clip {n}\n"
    repo.post(
        "v",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [masto]\nmedia:\n"
        + media
        + "---\n\nVideos.\n",
    )
    assert ("mastodon/video-count" in _rules(repo)) is over

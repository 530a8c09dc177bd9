"""Bluesky's video rules at the boundary and one over (MP4, H.264/HEVC, ≤ 3 minutes,
≤ 100,000,000 bytes, aspect 1:3 to 3:1, alt text ≤ 1000 graphemes, one video per post)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.helpers.content_repo import Repo
from tests.helpers.video_files import make_video


def problems(repo: Repo, *names: str, alt: str = "Clip") -> list[dict[str, Any]]:
    media = "".join(f"  - path: {n}\n    alt: {alt}\n" for n in names)
    repo.post(
        "v",
        f"---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\nmedia:\n{media}---\n\nClip.\n",
    )
    return [p for p in repo.check() if p["rule"].startswith("bluesky/")]


def rules(repo: Repo, *names: str, alt: str = "Clip") -> set[str]:
    return {p["rule"] for p in problems(repo, *names, alt=alt)}


def video(repo: Repo, name: str = "v.mp4", **kwargs: Any) -> str:
    options: dict[str, Any] = {"size": (64, 64), "seconds": 0.5, "fps": 24, "audio": None}
    make_video(repo.root / "content" / name, **(options | kwargs))
    return name


@pytest.mark.parametrize(("seconds", "over"), [(180.0, False), (180.5, True)])
def test_longest_three_minutes(repo: Repo, seconds: float, over: bool) -> None:
    name = video(repo, size=(32, 32), seconds=seconds, fps=2)
    assert ("bluesky/video-duration" in rules(repo, name)) is over


@pytest.mark.parametrize(
    ("size", "over"),
    [((96, 32), False), ((98, 32), True), ((32, 96), False), ((32, 100), True)],
)
def test_aspect_from_1_3_to_3_1(repo: Repo, size: tuple[int, int], over: bool) -> None:
    assert ("bluesky/video-aspect" in rules(repo, video(repo, size=size))) is over


@pytest.mark.parametrize(("extra", "over"), [(0, False), (1, True)])
def test_at_most_100_000_000_bytes(repo: Repo, extra: int, over: bool) -> None:
    name = video(repo)
    os.truncate(repo.root / "content" / name, 100_000_000 + extra)  # sparse
    assert ("bluesky/video-size" in rules(repo, name)) is over


@pytest.mark.parametrize(("count", "over"), [(1, False), (2, True)])
def test_one_video_per_post(repo: Repo, count: int, over: bool) -> None:
    names = [video(repo, f"v{n}.mp4") for n in range(count)]
    assert ("bluesky/video-count" in rules(repo, *names)) is over


def test_video_alt_text_of_1000_graphemes_passes_1001_fails(repo: Repo) -> None:
    name = video(repo)
    assert "bluesky/alt-length" not in rules(repo, name, alt="a" * 1000)
    (p,) = [p for p in problems(repo, name, alt="a" * 1001) if p["rule"] == "bluesky/alt-length"]
    assert p["message"] == (
        "bsky: alt text of 'content/v.mp4' is 1001/1000 characters; shorten by 1"
    )

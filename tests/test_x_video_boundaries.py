"""X's video rules at the boundary and one over (MP4/MOV, H.264 + AAC, ≤ 60 fps,
0.5–140 s, ≤ 512 MB, shorter side ≥ 32, aspect 1:3 to 3:1, one video per post)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.helpers.content_repo import SCHEDULE, Repo
from tests.helpers.video_files import make_video

X_ACCOUNT = (
    "  xacct:\n    network: x\n    api_key_env: SMMGEN_T_XK\n    api_secret_env: SMMGEN_T_XS\n"
    "    access_token_env: SMMGEN_T_XT\n    access_token_secret_env: SMMGEN_T_XTS\n"
)


@pytest.fixture
def xrepo(repo: Repo) -> Repo:
    repo.write("schedule.yaml", SCHEDULE.replace("slots:", X_ACCOUNT + "slots:"))
    return repo


def rules(repo: Repo, *names: str) -> set[str]:
    media = "".join(f"  - path: {n}\n    alt: Clip\n" for n in names)
    repo.post(
        "v",
        f"---\npublish_at: 2026-12-01 09:30\nnetworks: [xacct]\nmedia:\n{media}---\n\nClip.\n",
    )
    return {p["rule"] for p in repo.check() if p["rule"].startswith("x/video")}


def video(repo: Repo, name: str = "v.mp4", **kwargs: Any) -> str:
    options: dict[str, Any] = {"size": (64, 64), "seconds": 1.0, "fps": 24} | kwargs
    make_video(repo.root / "content" / name, **options)
    return name


@pytest.mark.parametrize(("fps", "over"), [(60, False), (61, True)])
def test_frame_rate(xrepo: Repo, fps: int, over: bool) -> None:
    assert ("x/video-frame-rate" in rules(xrepo, video(xrepo, fps=fps))) is over


@pytest.mark.parametrize(("seconds", "over"), [(140.0, False), (140.5, True)])
def test_longest(xrepo: Repo, seconds: float, over: bool) -> None:
    name = video(xrepo, size=(32, 32), seconds=seconds, fps=2, audio=None)
    assert ("x/video-duration" in rules(xrepo, name)) is over


@pytest.mark.parametrize(
    ("size", "over"),
    [((96, 32), False), ((98, 32), True), ((32, 96), False), ((32, 100), True)],
)
def test_aspect_from_1_3_to_3_1(xrepo: Repo, size: tuple[int, int], over: bool) -> None:
    assert ("x/video-aspect" in rules(xrepo, video(xrepo, size=size, seconds=0.5))) is over


@pytest.mark.parametrize(("side", "over"), [(32, False), (30, True)])
def test_shorter_side_at_least_32(xrepo: Repo, side: int, over: bool) -> None:
    name = video(xrepo, size=(side, side), seconds=0.5)
    assert ("x/video-dimensions" in rules(xrepo, name)) is over


@pytest.mark.parametrize(("extra", "over"), [(0, False), (1, True)])
def test_at_most_512_mb(xrepo: Repo, extra: int, over: bool) -> None:
    name = video(xrepo, seconds=0.5)
    os.truncate(xrepo.root / "content" / name, 512 * 1024 * 1024 + extra)  # sparse
    assert ("x/video-size" in rules(xrepo, name)) is over


@pytest.mark.parametrize(("count", "over"), [(1, False), (2, True)])
def test_one_video_per_post(xrepo: Repo, count: int, over: bool) -> None:
    names = [video(xrepo, f"v{n}.mp4", seconds=0.5) for n in range(count)]
    assert ("x/video-count" in rules(xrepo, *names)) is over

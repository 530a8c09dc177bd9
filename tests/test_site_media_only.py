"""`smmgen build --media-only`: public image URLs for Instagram and Threads, not the plan."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml
from pytest_httpserver import HTTPServer

from tests.helpers.content_repo import Repo

ROOT = Path(__file__).resolve().parent.parent


def post(repo: Repo, name: str, when: str, networks: str, image: str, extra: str = "") -> None:
    repo.image(f"content/img/{image}", fmt="JPEG")  # Instagram takes JPEG only
    repo.post(
        name,
        f"---\npublish_at: {when}\nnetworks: [{networks}]\n{extra}"
        f"media:\n  - path: img/{image}\n    alt: Ein Bild\n---\n\nText {name}\n",
    )


def test_only_images_of_instagram_posts_due_soon_are_published(repo: Repo, tmp_path: Path) -> None:
    post(repo, "soon", "2026-12-02 10:00", "insta, bsky", "soon.jpg")
    post(repo, "late", "2026-12-01 09:00", "insta", "late.jpg")  # within max_delay (6h)
    post(repo, "other", "2026-12-02 10:00", "bsky", "other.jpg")
    post(repo, "later", "2026-12-05 10:00", "insta", "later.jpg")
    post(repo, "draft", "2026-12-02 10:00", "insta", "draft.jpg", "status: draft\n")
    out = tmp_path / "site"
    result = repo.run("build", "--media-only", "--out", str(out), "--at", "2026-12-01 12:00")
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == [
        ".smmgen-site",
        "media/content/img/late.jpg",
        "media/content/img/soon.jpg",
        "robots.txt",
    ]
    assert (out / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert "Wrote 2 images" in result.output

    # Further ahead, the later post's image is there too; the plan never is.
    wide = tmp_path / "wide"
    repo.run(
        "build", "--media-only", "--within", "5d", "--out", str(wide), "--at", "2026-12-01 12:00"
    )
    assert (wide / "media/content/img/later.jpg").is_file()
    assert not list(wide.rglob("*.html")) and not (wide / "calendar.ics").exists()


def test_a_bad_duration_is_a_usage_error(repo: Repo, tmp_path: Path) -> None:
    result = repo.run("build", "--media-only", "--within", "soon", "--out", str(tmp_path / "s"))
    assert result.exit_code == 2 and "--within" in result.output


def test_the_site_workflow_builds_media_only_when_the_variable_says_so(tmp_path: Path) -> None:
    for base in (ROOT / ".github/workflows", ROOT / "smmgen/scaffold/dot-github/workflows"):
        wf = yaml.safe_load((base / "site.yml").read_text("utf-8"))
        step = next(s for s in wf["jobs"]["build"]["steps"] if s.get("name") == "Build the site")
        assert step["env"] == {"SITE_KIND": "${{ vars.SMMGEN_SITE }}"}
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir(exist_ok=True)
        (bin_dir / "smmgen").write_text('#!/bin/sh\necho "$*"\n', "utf-8")
        (bin_dir / "smmgen").chmod(0o755)
        for kind, args in (("media-only", "build --media-only --within 48h --out _site"),
                           ("", "build --out _site")):  # fmt: skip
            env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "SITE_KIND": kind}
            done = subprocess.run(
                ["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True
            )
            assert done.stdout.strip() == args, (base, kind)


def test_publishing_waits_a_bounded_time_for_an_image_to_appear(httpserver: HTTPServer) -> None:
    from werkzeug import Request, Response

    from smmgen.media_public import wait_until_public

    state = {"deployed": False, "looks": 0}

    def answer(request: Request) -> Response:
        state["looks"] += 1
        if not state["deployed"]:
            return Response("Not Found", status=404)
        return Response(b"\xff\xd8\xff", content_type="image/jpeg")

    httpserver.expect_request("/media/a.jpg").respond_with_handler(answer)
    httpserver.expect_request("/media/page.html").respond_with_data("<p>", content_type="text/html")
    url = httpserver.url_for("/media/a.jpg")
    now = [0.0]

    def sleep(seconds: float) -> None:  # the deploy finishes while we wait
        now[0] += seconds
        state["deployed"] = now[0] >= 20

    assert wait_until_public([url], 60, sleep=sleep, clock=lambda: now[0]) is None
    assert state["looks"] == 3 and now[0] == 20
    # Not there within the bound: why, after the last look.
    state["deployed"], now[0] = False, 0.0
    missing = wait_until_public([url], 25, sleep=lambda s: now.__setitem__(0, now[0] + s),
                                clock=lambda: now[0])  # fmt: skip
    assert missing == f"{url} answers HTTP 404" and now[0] == 20
    page = httpserver.url_for("/media/page.html")
    assert wait_until_public([page], 0) == f"{page} is not an image (text/html)"

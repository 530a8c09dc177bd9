"""Replies on Threads, Instagram and Facebook: the links `check` accepts, and `smmgen publish`
sending each reply exactly once (real processes, SIGKILL after the send) against local servers
speaking the Graph API (``tests/fake_meta_inbox.py``); a target deleted meanwhile is held."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
from pytest_httpserver import HTTPServer

from tests.helpers.content_repo import Repo, one
from tests.helpers.fake_meta import FB_SCOPES, IG_SCOPES, THREADS_SCOPES, Token
from tests.helpers.fake_meta_inbox import FacebookInbox, InstagramInbox, ThreadsInbox
from tests.helpers.meta_publishing import PAGE, TOKEN, USER, Project
from tests.helpers.video_files import make_video

IG_COMMENTS = IG_SCOPES | {"instagram_manage_comments"}
FB_COMMENTS = FB_SCOPES | {"pages_manage_engagement", "pages_read_user_content"}
THREADS_LINK = "https://www.threads.com/@anna/post/DRq1Xy2AbC"
IG_LINK = "https://www.instagram.com/p/DCx0001/c/17870913679156914/"
FB_LINK = f"https://www.facebook.com/{PAGE}/posts/1221000000000001?comment_id=50000000001"

SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  th:
    network: threads
    user_id: "1"
    token_env: T
  ig:
    network: instagram
    user_id: "2"
    token_env: I
  fb:
    network: facebook
    page_id: "3"
    token_env: F
"""


def reply_file(url: str, account: str, body: str = "Danke für die Frage!") -> str:
    return f"---\nin_reply_to: {url}\naccount: {account}\n---\n\n{body}\n"


# ── check ────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("account", "url"),
    [
        ("th", THREADS_LINK),
        ("th", "https://www.threads.net/@anna.b/post/C8abcDEF12/"),
        ("ig", IG_LINK),
        ("ig", "https://www.instagram.com/reel/DCx0001/c/17870913679156914/r/17870913679156999/"),
        ("fb", FB_LINK),
        ("fb", "https://www.facebook.com/acme.example/posts/1221000000000001"),
        ("fb", "https://www.facebook.com/permalink.php?story_fbid=12&id=3&comment_id=7"),
    ],
)
def test_the_link_forms_people_copy_and_the_inbox_shows_are_accepted(
    repo: Repo, account: str, url: str
) -> None:
    repo.write("schedule.yaml", SCHEDULE)
    repo.write("replies/2026-12-03-a.md", reply_file(url, account))
    assert repo.check() == []


@pytest.mark.parametrize(
    ("account", "url", "rule", "says"),
    [
        ("th", "https://bsky.app/profile/anna.example/post/3lbq", "reply/wrong-network",
         "a bluesky link, but account th is on threads"),
        ("ig", THREADS_LINK, "reply/wrong-network", "a threads link"),
        ("ig", "https://www.instagram.com/p/DCx0001/", "reply/not-a-post",
         "instagram.com/p/CODE/c/COMMENT-ID/"),
        ("fb", "https://www.facebook.com/acme/posts/pfbid02Kx7?comment_id=7", "reply/not-a-post",
         "comment_id=COMMENT-NUMBER"),
        ("th", "https://www.threads.com/@anna", "reply/not-a-post", "@USER/post/CODE"),
    ],
)  # fmt: skip
def test_links_of_another_network_or_of_no_message_are_errors_on_their_line(
    repo: Repo, account: str, url: str, rule: str, says: str
) -> None:
    repo.write("schedule.yaml", SCHEDULE)
    repo.write("replies/2026-12-03-a.md", reply_file(url, account))
    problem = one(repo.check(), rule)
    assert (problem["path"], problem["line"]) == ("replies/2026-12-03-a.md", 2)
    assert says in problem["message"]


def test_empty_and_too_long_replies_are_errors(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE)
    repo.write("replies/2026-12-03-a.md", reply_file(IG_LINK, "ig", body=""))
    assert one(repo.check(), "post/empty")["path"] == "replies/2026-12-03-a.md"
    repo.write("replies/2026-12-03-a.md", reply_file(THREADS_LINK, "th", body="x" * 501))
    problem = one(repo.check(), "threads/length")
    assert problem["line"] == 6 and "501/500" in problem["message"]


def test_an_instagram_reply_with_a_video_and_a_png_reports_each_of_them(repo: Repo) -> None:
    # An Instagram reply is a comment: text only. Every attachment is reported, and
    # an image after the video is still checked (Instagram takes JPEG only).
    repo.write("schedule.yaml", SCHEDULE)
    make_video(repo.root / "replies/clip.mp4")
    repo.image("replies/photo.png", (800, 600), "PNG")
    repo.write(
        "replies/2026-12-03-a.md",
        f"---\nin_reply_to: {IG_LINK}\naccount: ig\nmedia:\n  - path: clip.mp4\n"
        "    alt: Ein Film\n  - path: photo.png\n    alt: Ein Foto\n---\n\nHi\n",
    )
    problems = repo.check()
    assert {(p["line"], p["rule"], p["message"]) for p in problems} == {
        (4, "instagram/media-count", "ig: this network takes no images here; remove them"),
        (4, "instagram/video-unsupported", "ig: Instagram takes no video here; remove it"),
        (7, "instagram/media-format", "ig: 'replies/photo.png' is PNG; use JPEG"),
    }


def test_reply_command_takes_an_inbox_items_link(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE)
    for url, account in ((THREADS_LINK, "th"), (IG_LINK, "ig"), (FB_LINK, "fb")):
        done = repo.run("reply", url)
        assert done.exit_code == 0, done.output
        [path] = [p for p in (repo.root / "replies").glob("*.md") if account in p.read_text()]
        assert f'in_reply_to: "{url}"' in path.read_text()
        path.unlink()


# ── publish ──────────────────────────────────────────────────────────────────


def publish_killed(project: Project) -> subprocess.CompletedProcess[str]:
    """``smmgen publish`` killed right after the send, before the ledger records it."""
    return subprocess.run(
        [sys.executable, "-m", "smmgen", "publish", "--at", "2026-12-02 12:00"],
        cwd=project.repo.root,
        env=project.env | {"SMMGEN_FAULT": "after-send"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def threads_project(repo: Repo, server: HTTPServer) -> tuple[Project, ThreadsInbox]:
    fake = ThreadsInbox(Token(TOKEN, THREADS_SCOPES)).install(server, USER)
    settings = {"network": "threads", "user_id": USER, "token_env": "SMMGEN_TEST_THREADS_TOKEN",
                "api_base": server.url_for("/").rstrip("/")}  # fmt: skip
    return Project(repo, "th", settings, TOKEN), fake


def instagram_project(repo: Repo, server: HTTPServer) -> tuple[Project, InstagramInbox]:
    fake = InstagramInbox(Token(TOKEN, IG_COMMENTS)).install(server, USER)
    settings = {"network": "instagram", "user_id": USER, "token_env": "SMMGEN_TEST_IG_TOKEN",
                "api_base": server.url_for("/").rstrip("/")}  # fmt: skip
    return Project(repo, "ig", settings, TOKEN), fake


def facebook_project(repo: Repo, server: HTTPServer) -> tuple[Project, FacebookInbox]:
    fake = FacebookInbox(Token(TOKEN, FB_COMMENTS)).install(server, PAGE)
    settings = {"network": "facebook", "page_id": PAGE, "token_env": "SMMGEN_TEST_FB_TOKEN",
                "api_base": server.url_for("/").rstrip("/")}  # fmt: skip
    return Project(repo, "fb", settings, TOKEN), fake


def test_threads_reply_finds_the_targets_id_and_is_sent_once_after_a_kill(
    repo: Repo, httpserver: HTTPServer
) -> None:
    project, fake = threads_project(repo, httpserver)
    ours = fake.our_post("Neue Tour am Samstag!")
    fake.add(ours, 130, author="bob")  # the target is on the second page of the conversation
    [question] = fake.add(ours, author="anna", code="DRq1Xy2AbC", start=-5)
    repo.write("replies/2026-12-02-a.md", reply_file(THREADS_LINK, "th", "Um 9 Uhr!"))
    died = publish_killed(project)
    assert died.returncode == -signal.SIGKILL, died.stdout + died.stderr
    assert fake.our_replies() == [
        {"text": "Um 9 Uhr!", "reply_to_id": question.id, "media_type": "TEXT"}
    ]
    again = project.publish()
    assert again.returncode == 0 and "already published" in again.stdout, again.stdout
    assert len(fake.our_replies()) == 1
    [sent] = project.records("sent")
    assert sent.post == "replies/2026-12-02-a"


def test_instagram_reply_goes_to_the_comment_once_after_a_kill(
    repo: Repo, httpserver: HTTPServer
) -> None:
    project, fake = instagram_project(repo, httpserver)
    media = fake.our_media()
    [comment] = fake.add(media)
    [answer] = fake.add(media, parent=comment.id, author="carl")
    # A link to a reply answers in its top-level comment's thread ("replies to a reply
    # will be added to the top-level comment").
    url = f"https://www.instagram.com/p/DCx0001/c/{comment.id}/r/{answer.id}/"
    repo.write("replies/2026-12-02-a.md", reply_file(url, "ig", "@anna Gern geschehen!"))
    died = publish_killed(project)
    assert died.returncode == -signal.SIGKILL, died.stdout + died.stderr
    project.publish()
    project.publish()
    [ours] = fake.ours()
    assert (ours.parent, ours.text) == (comment.id, "@anna Gern geschehen!")
    [sent] = project.records("sent")
    assert sent.remote_id == ours.id
    assert sent.url == f"https://www.instagram.com/p/DCx0001/c/{comment.id}/r/{ours.id}/"


def test_facebook_reply_to_a_comment_and_a_comment_on_a_post_each_once_after_a_kill(
    repo: Repo, httpserver: HTTPServer
) -> None:
    project, fake = facebook_project(repo, httpserver)
    post_id = fake.our_post("Sommerfest!")
    [comment] = fake.add(post_id)
    number, c = post_id.split("_")[1], comment.id.split("_")[1]
    repo.write(
        "replies/2026-12-02-a.md",
        reply_file(f"https://www.facebook.com/{PAGE}/posts/{number}?comment_id={c}", "fb", "Ja!"),
    )
    repo.write(
        "replies/2026-12-02-b.md",
        reply_file(f"https://www.facebook.com/brand.example/posts/{number}", "fb", "Danke!"),
    )
    died = publish_killed(project)
    assert died.returncode == -signal.SIGKILL, died.stdout + died.stderr
    project.publish()
    project.publish()
    assert sorted((m.text, m.parent) for m in fake.ours()) == [
        ("Danke!", None), ("Ja!", comment.id)
    ]  # fmt: skip
    assert len(project.records("sent")) == 2


@pytest.mark.parametrize("network", ["threads", "instagram", "facebook"])
def test_a_target_deleted_meanwhile_is_held_and_nothing_is_sent(
    repo: Repo, httpserver: HTTPServer, network: str
) -> None:
    if network == "threads":
        project, fake = threads_project(repo, httpserver)
        [target] = fake.add(fake.our_post("Hallo"), code="DRq1Xy2AbC")
        url, account = THREADS_LINK, "th"
        sent = fake.our_replies
    elif network == "instagram":
        project, fake = instagram_project(repo, httpserver)  # type: ignore[assignment]
        [target] = fake.add(fake.our_media())  # type: ignore[attr-defined]
        url, account = f"https://www.instagram.com/p/DCx0001/c/{target.id}/", "ig"
        sent = fake.ours  # type: ignore[attr-defined]
    else:
        project, fake = facebook_project(repo, httpserver)  # type: ignore[assignment]
        post_id = fake.our_post("Hallo")
        [target] = fake.add(post_id)
        c = target.id.split("_")[1]
        number = post_id.split("_")[1]
        url, account = f"https://www.facebook.com/{PAGE}/posts/{number}?comment_id={c}", "fb"
        sent = fake.ours  # type: ignore[attr-defined]
    target.deleted = True
    repo.write("replies/2026-12-02-a.md", reply_file(url, account, "Zu spät."))
    held = project.publish()
    assert held.returncode == 1 and "target-gone" in held.stdout, held.stdout
    assert "nothing was sent" in held.stdout and url in held.stdout
    assert sent() == []


def test_a_threads_target_deleted_after_a_killed_send_does_not_make_a_second_reply(
    repo: Repo, httpserver: HTTPServer
) -> None:
    project, fake = threads_project(repo, httpserver)
    [question] = fake.add(fake.our_post("Neue Tour!"), code="DRq1Xy2AbC")
    repo.write("replies/2026-12-02-a.md", reply_file(THREADS_LINK, "th", "Um 9 Uhr!"))
    died = publish_killed(project)
    assert died.returncode == -signal.SIGKILL, died.stdout + died.stderr
    question.deleted = True
    again = project.publish()
    assert again.returncode == 0 and "already published" in again.stdout, again.stdout
    assert len(fake.our_replies()) == 1


def test_an_instagram_comment_deleted_after_a_killed_send_holds_the_reply(
    repo: Repo, httpserver: HTTPServer
) -> None:
    project, fake = instagram_project(repo, httpserver)
    [comment] = fake.add(fake.our_media())
    url = f"https://www.instagram.com/p/DCx0001/c/{comment.id}/"
    repo.write("replies/2026-12-02-a.md", reply_file(url, "ig", "Danke!"))
    died = publish_killed(project)
    assert died.returncode == -signal.SIGKILL, died.stdout + died.stderr
    comment.deleted = True  # and its replies with it, ours among them
    held = project.publish()
    assert held.returncode == 1 and "target-gone" in held.stdout, held.stdout
    assert len(fake.ours()) == 1  # the one sent before the kill, nothing more

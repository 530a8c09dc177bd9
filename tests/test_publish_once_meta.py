"""Exactly once on Threads, Instagram, Facebook and LinkedIn, through the real ``smmgen publish``.

Each test runs ``smmgen publish`` as a real process, several times, against
local servers that behave as the networks document (``tests/helpers/fake_meta.py``,
``tests/helpers/fake_linkedin.py``): a publishing call that creates the post and then
gives no answer (or a 5xx), a lookup that fails (403, no answer), part 2 of a
thread refused. After any number of runs every post exists exactly once, and
the ledger says where.
"""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from tests.helpers.content_repo import Repo
from tests.helpers.fake_linkedin import FakeLinkedIn
from tests.helpers.fake_meta import (
    FB_SCOPES,
    IG_SCOPES,
    THREADS_SCOPES,
    FakeFacebook,
    FakeInstagram,
    FakeThreads,
    Token,
)
from tests.helpers.meta_publishing import PAGE, TOKEN, USER, Project, post, serve_image

LI_TOKEN = "AQXdSP_W41_UPs5ioT_t8HESyODB4FqbkJ8LrV_5mff4gPODzOYR"
ORG, PERSON = "urn:li:organization:2414183", "urn:li:person:8675309"
# Long enough for two Threads parts of at most 500 characters each.
LONG = " ".join(
    f"Satz {n}: Der Weg zur Hütte führt über den Grat und dann hinab ins Tal." for n in range(1, 12)
)


def threads(repo: Repo, server: HTTPServer) -> tuple[Project, FakeThreads]:
    fake = FakeThreads(Token(TOKEN, THREADS_SCOPES)).install(server, USER)
    settings = {"network": "threads", "user_id": USER, "token_env": "SMMGEN_TEST_THREADS_TOKEN",
                "api_base": server.url_for("/").rstrip("/")}  # fmt: skip
    return Project(repo, "th", settings, TOKEN), fake


# ── Threads ──────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("fault", ["drop-after", "500-after"])
def test_threads_publish_answered_by_nothing_or_5xx_goes_out_once(
    repo: Repo, httpserver: HTTPServer, fault: str
) -> None:
    project, fake = threads(repo, httpserver)
    repo.post("a", post("th", "Neue Tour heute!"))
    fake.faults["publish"] = [fault]
    first = project.publish()
    assert first.returncode != 0 and "uncertain" in first.stdout
    assert project.records("sent") == []
    project.runs(3)
    assert fake.thread_roots() == ["Neue Tour heute!"]
    [rec] = project.records("sent")
    assert rec.remote_id == next(iter(fake.posts))


def test_threads_thread_refused_at_part_2_resumes_there(repo: Repo, httpserver: HTTPServer) -> None:
    project, fake = threads(repo, httpserver)
    repo.post("t", post("th", LONG, thread="true"))
    fake.token.scopes = THREADS_SCOPES - {"threads_manage_replies"}
    first, _ = project.runs(2)
    assert first.returncode != 0 and "uncertain" in first.stdout
    assert len(fake.posts) == 1  # part 1, once, however often it runs
    fake.token.scopes = THREADS_SCOPES  # the permission granted
    project.runs(3)
    (root, reply) = fake.posts
    assert fake.posts[reply]["reply_to_id"] == root
    assert len(fake.posts) == 2
    [rec] = project.records("sent")
    assert rec.remote_id == root


def test_threads_part_2_created_then_5xx_is_not_sent_again(
    repo: Repo, httpserver: HTTPServer
) -> None:
    project, fake = threads(repo, httpserver)
    repo.post("t", post("th", LONG, thread="true"))
    fake.faults["publish"] = [None, "500-after"]
    project.runs(4)
    assert len(fake.posts) == 2 and len(fake.thread_roots()) == 1
    assert len(project.records("sent")) == 1


@pytest.mark.parametrize("fault", ["403", "drop"])
def test_threads_failing_lookup_never_sends_blindly(
    repo: Repo, httpserver: HTTPServer, fault: str
) -> None:
    project, fake = threads(repo, httpserver)
    repo.post("a", post("th", "Neue Tour heute!"))
    fake.faults["publish"] = ["drop-after"]
    fake.faults["lookup"] = [fault, fault]
    runs = project.runs(3)  # 1: uncertain; 2, 3: the lookup fails, nothing is sent
    assert "uncertain" in runs[1].stdout
    assert len(fake.posts) == 1 and project.records("sent") == []
    project.runs(2)  # the lookup works again: found, recorded
    assert len(fake.posts) == 1 and len(project.records("sent")) == 1


# ── Instagram ────────────────────────────────────────────────────────────────


def test_instagram_waits_for_the_image_to_be_public(repo: Repo, httpserver: HTTPServer) -> None:
    """Nothing is sent while Instagram could not fetch the image; the next run sends it."""
    fake = FakeInstagram(Token(TOKEN, IG_SCOPES)).install(httpserver, USER)
    settings = {"network": "instagram", "user_id": USER, "token_env": "SMMGEN_TEST_IG_TOKEN",
                "api_base": httpserver.url_for("/").rstrip("/"),
                "media_base_url": httpserver.url_for("/site"), "media_wait": 0}  # fmt: skip
    project = Project(repo, "insta", settings, TOKEN)
    site = serve_image(httpserver, "/site/content/herbst.jpg")
    site["deployed"] = False
    repo.image("content/herbst.jpg", (1080, 1080), "JPEG")
    repo.post("a", post("insta", "Herbst im Büro", media="[{path: herbst.jpg, alt: Laub}]"))
    first = project.publish()  # the Pages deploy has not happened: 404
    assert first.returncode == 1
    assert "the image is not public yet" in first.stderr + first.stdout
    assert "/site/content/herbst.jpg answers HTTP 404" in first.stderr + first.stdout
    # The run claimed the post but never started sending it (no attempt claim).
    assert fake.captions() == [] and [r.attempt for r in project.records("claimed")] == [None]

    site["deployed"] = True
    assert project.publish().returncode == 0
    assert fake.captions() == ["Herbst im Büro"]


@pytest.mark.parametrize("fault", ["drop-after", "500-after"])
def test_instagram_publish_without_answer_goes_out_once(
    repo: Repo, httpserver: HTTPServer, fault: str
) -> None:
    fake = FakeInstagram(Token(TOKEN, IG_SCOPES)).install(httpserver, USER)
    settings = {"network": "instagram", "user_id": USER, "token_env": "SMMGEN_TEST_IG_TOKEN",
                "api_base": httpserver.url_for("/").rstrip("/"),
                "media_base_url": httpserver.url_for("/site")}  # fmt: skip
    serve_image(httpserver, "/site/content/herbst.jpg")
    project = Project(repo, "insta", settings, TOKEN)
    repo.image("content/herbst.jpg", (1080, 1080), "JPEG")
    repo.post("a", post("insta", "Herbst im Büro", media="[{path: herbst.jpg, alt: Laub}]"))
    fake.faults["publish"] = [fault]
    # The container check after the lost answer fails too: the run cannot tell.
    fake.faults["status"] = [None, "500", "500"]
    project.runs(3)
    assert fake.captions() == ["Herbst im Büro"]
    [rec] = project.records("sent")
    assert rec.remote_id == next(iter(fake.posts))


# ── Facebook ─────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("fault", ["drop-after", "500-after"])
def test_facebook_feed_without_answer_goes_out_once(
    repo: Repo, httpserver: HTTPServer, fault: str
) -> None:
    fake = FakeFacebook(Token(TOKEN, FB_SCOPES, type="PAGE")).install(httpserver, PAGE)
    settings = {"network": "facebook", "page_id": PAGE, "token_env": "SMMGEN_TEST_FB_TOKEN",
                "api_base": httpserver.url_for("/").rstrip("/")}  # fmt: skip
    project = Project(repo, "fb", settings, TOKEN)
    repo.post("a", post("fb", "Neue Tour heute!"))
    fake.faults["publish"] = [fault]
    fake.faults["lookup"] = ["403"]  # and the first lookup is refused
    project.runs(4)
    assert fake.messages() == ["Neue Tour heute!"]
    assert len(project.records("sent")) == 1


# ── LinkedIn ─────────────────────────────────────────────────────────────────


def linkedin(repo: Repo, server: HTTPServer, author: str, scopes: set[str]) -> Project:
    settings = {"network": "linkedin", "author_urn": author, "token_env": "SMMGEN_TEST_LI_TOKEN",
                "api_base": server.url_for("/").rstrip("/")}  # fmt: skip
    return Project(repo, "li", settings, LI_TOKEN)


def test_linkedin_organization_post_created_then_5xx_goes_out_once(
    repo: Repo, httpserver: HTTPServer
) -> None:
    scopes = {"w_organization_social", "r_organization_social"}
    fake = FakeLinkedIn(LI_TOKEN, frozenset(scopes)).install(httpserver)
    project = linkedin(repo, httpserver, ORG, scopes)
    repo.post("a", post("li", "Wir stellen ein (Berlin): https://ex.com/jobs?utm_source=li"))
    fake.faults["publish"] = ["500-after"]
    project.runs(3)
    assert len(fake.posts) == 1
    [rec] = project.records("sent")
    assert rec.remote_id == next(iter(fake.posts))
    # The link went out as written, without escapes.
    assert "https://ex.com/jobs?utm_source=li" in fake.commentaries()[0]


def test_linkedin_member_post_without_answer_waits_for_a_person(
    repo: Repo, httpserver: HTTPServer
) -> None:
    # A member's posts cannot be looked up (r_member_social is for partners).
    fake = FakeLinkedIn(LI_TOKEN, frozenset({"w_member_social"})).install(httpserver)
    project = linkedin(repo, httpserver, PERSON, {"w_member_social"})
    repo.post("a", post("li", "Neue Stelle!"))
    fake.faults["publish"] = ["drop-after"]
    runs = project.runs(3)
    assert len(fake.posts) == 1 and project.records("sent") == []
    assert "mark-published" in runs[0].stdout + runs[0].stderr
    # A person says "send it": LinkedIn answers that it is there, which is recorded.
    resend = project.publish("--resend", "a")
    assert resend.returncode == 0, resend.stdout + resend.stderr
    [urn] = fake.posts
    [rec] = project.records("sent")
    assert rec.remote_id == urn and len(fake.posts) == 1


@pytest.mark.parametrize("kind", [{"instagram": "{kind: story}"}, {"kind": "story"}])
def test_instagram_kind_in_the_front_matter_publishes_a_story(
    repo: Repo, httpserver: HTTPServer, kind: dict[str, str]
) -> None:
    # The network's kind (instagram: {kind: story}) and the post's own kind, which
    # counts where the network has that kind.
    fake = FakeInstagram(Token(TOKEN, IG_SCOPES)).install(httpserver, USER)
    settings = {"network": "instagram", "user_id": USER, "token_env": "SMMGEN_TEST_IG_TOKEN",
                "api_base": httpserver.url_for("/").rstrip("/"),
                "media_base_url": httpserver.url_for("/site"), "media_wait": 0}  # fmt: skip
    project = Project(repo, "insta", settings, TOKEN)
    serve_image(httpserver, "/site/content/tor.jpg")
    repo.image("content/tor.jpg", (1080, 1920), "JPEG")
    front = {"media": "[{path: tor.jpg, alt: Das Tor}]"} | kind
    repo.post("s", post("insta", "Not shown in a story", **front))
    done = project.publish()
    assert done.returncode == 0, done.stdout + done.stderr
    assert [c.form.get("media_type") for c in fake.containers.values()] == ["STORIES"]

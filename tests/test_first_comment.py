"""first_comment: posted right after the post, recorded in the ledger, exactly once."""

from __future__ import annotations

import itertools
import json

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.helpers.content_repo import Repo, one
from tests.helpers.fake_meta import IG_SCOPES, FakeInstagram, Token, ok, transient
from tests.helpers.meta_publishing import TOKEN, USER, Project, post, serve_image


class Comments:
    """``POST``/``GET /{ig-media-id}/comments``; ``faults``: "500-after" stores, then fails;
    "refuse" fails without storing."""

    def __init__(self, fake: FakeInstagram) -> None:
        self.fake = fake
        self.by_media: dict[str, list[dict[str, str]]] = {}
        self.faults: list[str] = []
        self.ids = itertools.count(1)

    def install(self, server: HTTPServer) -> None:
        import re

        path = re.compile(r"/v24\.0/(17\d+)/comments")
        server.expect_request(path, method="POST").respond_with_handler(self.create)
        server.expect_request(path, method="GET").respond_with_handler(self.listing)

    def create(self, req: Request) -> Response:
        media = req.path.split("/")[2]
        assert media in self.fake.posts, "a comment only under a published post"
        fault = self.faults.pop(0) if self.faults else None
        if fault == "refuse":
            return transient()
        cid = str(18000000000000000 + next(self.ids))
        self.by_media.setdefault(media, []).append({"id": cid, "text": req.form["message"]})
        return transient() if fault == "500-after" else ok({"id": cid})

    def listing(self, req: Request) -> Response:
        media = req.path.split("/")[2]
        return ok({"data": self.by_media.get(media, [])})


def project(repo: Repo, server: HTTPServer) -> tuple[Project, FakeInstagram, Comments]:
    fake = FakeInstagram(Token(TOKEN, IG_SCOPES))
    comments = Comments(fake)
    comments.install(server)  # before the fake's own routes, which match any /17… path
    fake.install(server, USER)
    settings = {"network": "instagram", "user_id": USER, "token_env": "SMMGEN_TEST_IG_TOKEN",
                "api_base": server.url_for("/").rstrip("/"),
                "media_base_url": server.url_for("/site")}  # fmt: skip
    serve_image(server, "/site/content/herbst.jpg")
    repo.image("content/herbst.jpg", (1080, 1080), "JPEG")
    repo.post(
        "a",
        post("insta", "Herbst im Büro", media="[{path: herbst.jpg, alt: Laub}]",
             first_comment='"Mehr unter example.com/herbst #herbst #büro"'),
    )  # fmt: skip
    return Project(repo, "insta", settings, TOKEN), fake, comments


def test_the_first_comment_follows_the_post_and_is_in_the_ledger(
    repo: Repo, httpserver: HTTPServer
) -> None:
    proj, fake, comments = project(repo, httpserver)
    assert proj.publish().returncode == 0
    [media] = fake.posts
    assert comments.by_media == {
        media: [{"id": "18000000000000001", "text": "Mehr unter example.com/herbst #herbst #büro"}]
    }
    [rec] = proj.records("sent")
    assert (rec.remote_id, rec.comment) == (media, "18000000000000001")
    assert proj.publish().returncode == 0  # nothing more on a second run
    assert len(fake.posts) == 1 and len(comments.by_media[media]) == 1


def test_a_comment_that_got_no_answer_is_found_not_repeated(
    repo: Repo, httpserver: HTTPServer
) -> None:
    proj, fake, comments = project(repo, httpserver)
    comments.faults = ["500-after"]
    first = proj.publish()
    assert first.returncode == 1
    assert "the post is out" in first.stdout + first.stderr
    proj.runs(2)
    [media] = fake.posts
    assert len(comments.by_media[media]) == 1
    [rec] = proj.records("sent")
    assert rec.comment == comments.by_media[media][0]["id"]


def test_a_comment_that_failed_is_added_later_without_a_second_post(
    repo: Repo, httpserver: HTTPServer
) -> None:
    proj, fake, comments = project(repo, httpserver)
    comments.faults = ["refuse"]
    proj.publish()
    [media] = fake.posts
    assert comments.by_media == {}
    proj.runs(2)
    assert list(fake.posts) == [media]
    assert len(comments.by_media[media]) == 1
    assert len(proj.records("sent")) == 1


def test_check_warns_where_no_first_comment_is_posted(repo: Repo) -> None:
    repo.post(
        "c",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\nfirst_comment: Hi\n---\n\nText\n",
    )
    p = one(repo.check(), "bluesky/first-comment-unsupported")
    assert (p["severity"], p["line"]) == ("warning", 4)
    assert json.dumps(p["message"]).startswith('"bsky: smmgen posts no first comment on Bluesky')


def test_threads_first_comment_is_a_reply_to_the_post(httpserver: HTTPServer) -> None:
    from smmgen.adapters.threads import ThreadsAdapter
    from tests.helpers.adapter_calls import account, request
    from tests.helpers.fake_meta import THREADS_SCOPES, FakeThreads

    token, user = "THAAExampleThreadsUserAccessToken9876543210", "25134529492829847"
    fake = FakeThreads(Token(token, THREADS_SCOPES)).install(httpserver, user)
    acct = account("threads", "th", user_id=user, token_env="T", api_base=httpserver.url_for("/"))
    adapter = ThreadsAdapter(acct, {"token_env": token})
    adapter.poll_interval = 0.01
    req = request(acct, "Neue Tour", first_comment="Anmeldung: example.com/tour")
    result = adapter.send(req)
    (first, one_form), (second, two_form) = fake.posts.items()
    assert one_form["text"] == "Neue Tour" and "reply_to_id" not in one_form
    assert two_form == {"text": "Anmeldung: example.com/tour", "media_type": "TEXT",
                        "reply_to_id": first}  # fmt: skip
    assert (result.remote_id, result.comment_id) == (first, second)
    found = ThreadsAdapter(acct, {"token_env": token}).find_existing(req)
    assert found is not None and found.comment_id == second


def test_facebook_first_comment_under_the_page_post(httpserver: HTTPServer) -> None:
    from smmgen.adapters.facebook import FacebookAdapter
    from tests.helpers.adapter_calls import account, request

    page, token = "104817238712345", "EAAGm0PX4ZCpsBAKZBZCfZBwZA3wZDZD9hPageTokenExample"
    post_id = f"{page}_122140000000000001"
    httpserver.expect_request(f"/v24.0/{page}/feed", method="POST").respond_with_json(
        {"id": post_id}
    )
    httpserver.expect_request(f"/v24.0/{post_id}/comments", method="POST").respond_with_json(
        {"id": "122140000000000001_9"}
    )
    acct = account("facebook", "fb", page_id=page, token_env="T", api_base=httpserver.url_for("/"))
    result = FacebookAdapter(acct, {"token_env": token}).send(
        request(acct, "Neue Tour", first_comment="Anmeldung: example.com/tour")
    )
    assert result.comment_id == "122140000000000001_9"
    [comment] = [r for r, _ in httpserver.log if r.path.endswith("/comments")]
    assert comment.form["message"] == "Anmeldung: example.com/tour"


def test_linkedin_first_comment_through_the_comments_api(httpserver: HTTPServer) -> None:
    from smmgen.adapters.linkedin import LinkedInAdapter
    from tests.helpers.adapter_calls import account, request

    token, author = (
        "AQXdSP_W41_UPs5ioT_t8HESyODB4FqbkJ8LrV_5mff4gPODzOYR",
        "urn:li:organization:2414183",
    )
    share = "urn:li:share:7390123456789012480"
    httpserver.expect_request("/rest/posts", method="POST").respond_with_response(
        Response(status=201, headers={"x-restli-id": share})
    )
    comments: list[dict[str, object]] = []

    def comment(req: Request) -> Response:
        comments.append(req.get_json())
        return Response(status=201, headers={"x-restli-id": "urn:li:comment:(urn:li:activity:1,9)"})

    path = f"/rest/socialActions/{share}/comments"  # sent percent-encoded, seen decoded
    httpserver.expect_request(path, method="POST").respond_with_handler(comment)
    acct = account("linkedin", "li", author_urn=author, token_env="T",
                   api_base=httpserver.url_for("/"))  # fmt: skip
    result = LinkedInAdapter(acct, {"token_env": token}).send(
        request(acct, "New tour", first_comment="Sign up: example.com/tour")
    )
    assert comments == [
        {"actor": author, "object": share, "message": {"text": "Sign up: example.com/tour"}}
    ]
    assert result.comment_id == "urn:li:comment:(urn:li:activity:1,9)"


def test_a_linkedin_first_comment_is_held_to_the_comment_limit(repo: Repo) -> None:
    """Sent after the post is out: a comment over 1,250 characters must fail in check."""
    repo.write(
        "schedule.yaml",
        "timezone: Europe/Berlin\naccounts:\n  li:\n    network: linkedin\n"
        "    author_urn: urn:li:organization:1\n    token_env: LI\n",
    )
    for comment, errors in (("x" * 1250, []), ("x" * 1249 + "🙂", ["linkedin/length"])):
        repo.post(
            "c",
            f"---\npublish_at: 2026-12-01 09:30\nnetworks: [li]\nfirst_comment: {comment}\n"
            "---\n\nText\n",
        )
        found = [p for p in repo.check() if p["severity"] == "error"]
        assert [p["rule"] for p in found] == errors
    assert found[0]["line"] == 4
    assert found[0]["message"] == (
        "li: 1251/1250 characters (emoji count as 2) (first_comment) — shorten by 1"
    )

"""LinkedIn adapter against a local server speaking the Posts and Images APIs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters.base import SendError
from smmgen.adapters.linkedin import LinkedInAdapter, little_text, plain_text
from smmgen.networks.linkedin import API_VERSION
from tests.helpers.adapter_calls import account, image, is_image, jpeg, request
from tests.helpers.content_repo import Repo
from tests.helpers.fake_linkedin import FakeLinkedIn

TOKEN = "AQXdSP_W41_UPs5ioT_t8HESyODB4FqbkJ8LrV_5mff4gPODzOYR"
AUTHOR = "urn:li:organization:2414183"
SHARE = "urn:li:share:7390123456789012480"


@pytest.fixture
def adapter(httpserver: HTTPServer) -> LinkedInAdapter:
    acct = account(
        "linkedin",
        "li",
        author_urn=AUTHOR,
        token_env="LINKEDIN_TOKEN",
        api_base=httpserver.url_for("/"),
    )
    return LinkedInAdapter(acct, {"token_env": TOKEN})


def created(request: Request) -> Response:
    # The Posts API answers 201 with an empty body and the URN in x-restli-id.
    return Response(status=201, headers={"x-restli-id": SHARE})


def test_text_post(httpserver: HTTPServer, adapter: LinkedInAdapter) -> None:
    httpserver.expect_oneshot_request(
        "/rest/posts",
        method="POST",
        headers={
            "Authorization": f"Bearer {TOKEN}",
            "LinkedIn-Version": API_VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
        },
    ).respond_with_handler(created)
    result = adapter.send(request(adapter.account, "We are hiring (Berlin) #jobs"))
    assert result.remote_id == SHARE
    assert result.url == f"https://www.linkedin.com/feed/update/{SHARE}/"
    body = httpserver.log[0][0].get_json()
    assert body["author"] == AUTHOR
    assert body["commentary"] == r"We are hiring \(Berlin\) {hashtag|\#|jobs}"
    assert body["lifecycleState"] == "PUBLISHED"
    assert body["distribution"]["feedDistribution"] == "MAIN_FEED"
    assert "content" not in body
    httpserver.check_assertions()


def test_image_with_alt(httpserver: HTTPServer, adapter: LinkedInAdapter, tmp_path: Path) -> None:
    upload_path = "/dms-uploads/sp/D4E10AQ/uploaded-image/0"
    httpserver.expect_oneshot_request(
        "/rest/images", method="POST", query_string="action=initializeUpload"
    ).respond_with_json(
        {
            "value": {
                "uploadUrlExpiresAt": 1795700000000,
                "uploadUrl": httpserver.url_for(upload_path),
                "image": "urn:li:image:D4E10AQH3cmQ5pFe0Mg",
            }
        }
    )
    httpserver.expect_oneshot_request(
        upload_path, method="PUT", headers={"Authorization": f"Bearer {TOKEN}"}
    ).respond_with_data("", status=201)
    httpserver.expect_oneshot_request("/rest/posts", method="POST").respond_with_handler(created)
    pic = image(tmp_path)
    adapter.send(request(adapter.account, "New office", media=(jpeg(pic, "Desks by a window"),)))
    init, upload, post = (entry[0] for entry in httpserver.log)
    assert init.get_json() == {"initializeUploadRequest": {"owner": AUTHOR}}
    assert is_image(upload.get_data()) == ("JPEG", (640, 480))
    assert post.get_json()["content"] == {
        "media": {"id": "urn:li:image:D4E10AQH3cmQ5pFe0Mg", "altText": "Desks by a window"}
    }
    httpserver.check_assertions()


def test_thread_becomes_one_post(httpserver: HTTPServer, adapter: LinkedInAdapter) -> None:
    httpserver.expect_oneshot_request("/rest/posts", method="POST").respond_with_handler(created)
    adapter.send(request(adapter.account, "One", "Two"))
    assert httpserver.log[0][0].get_json()["commentary"] == "One\n\nTwo"


def test_rate_limit(httpserver: HTTPServer, adapter: LinkedInAdapter) -> None:
    httpserver.expect_request("/rest/posts").respond_with_json(
        {"status": 429, "message": "Resource level throttle APPLICATION DAY limit reached"},
        status=429,
        headers={"Retry-After": "3600"},
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert err.value.retryable and err.value.retry_after == 3600


def test_unauthorized(httpserver: HTTPServer, adapter: LinkedInAdapter) -> None:
    httpserver.expect_request("/rest/posts").respond_with_json(
        {
            "status": 401,
            "serviceErrorCode": 65600,
            "code": "INVALID_ACCESS_TOKEN",
            "message": f"Invalid access token {TOKEN}",
        },
        status=401,
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert not err.value.retryable
    assert TOKEN not in str(err.value)
    assert "$LINKEDIN_TOKEN" in str(err.value)


def test_find_existing(httpserver: HTTPServer, adapter: LinkedInAdapter) -> None:
    httpserver.expect_request(
        "/rest/posts",
        method="GET",
        query_string=f"author={AUTHOR.replace(':', '%3A')}&q=author&count=20",
        headers={"X-RestLi-Method": "FINDER"},
    ).respond_with_json(
        {
            "paging": {"start": 0, "count": 20, "links": [], "total": 2},
            "elements": [
                {
                    "id": "urn:li:share:1",
                    "author": AUTHOR,
                    "commentary": "Something else",
                    "lifecycleState": "PUBLISHED",
                },
                {
                    "id": SHARE,
                    "author": AUTHOR,
                    "commentary": little_text("We are hiring (Berlin) #jobs https://ex.com/j"),
                    "lifecycleState": "PUBLISHED",
                },
            ],
        }
    )
    found = adapter.find_existing(
        request(adapter.account, "We are hiring (Berlin) #jobs https://ex.com/j")
    )
    assert found is not None and found.remote_id == SHARE
    assert adapter.find_existing(request(adapter.account, "Never sent")) is None


def test_little_text_round_trip() -> None:
    text = r"a_b *c* [d] @e <f> ~g \h #tag | {i}"
    assert plain_text(little_text(text)) == text


def test_links_keep_their_underscores_and_fragments() -> None:
    # A backslash inside a link becomes part of the address LinkedIn links to.
    link = "https://example.com/a_b?utm_source=news&utm_medium=social#team"
    text = f"Read (this) {link}. #launch and https://ex.com/#top"
    assert little_text(text) == (
        rf"Read \(this\) {link}. {{hashtag|\#|launch}} and https://ex.com/#top"
    )
    assert plain_text(little_text(text)) == text
    # A link in parentheses keeps its closing parenthesis outside the link.
    assert little_text("(https://ex.com/x_y)") == r"\(https://ex.com/x_y\)"


def test_api_version_is_a_setting(httpserver: HTTPServer) -> None:
    acct = account(
        "linkedin", "li", author_urn=AUTHOR, token_env="LINKEDIN_TOKEN",
        api_base=httpserver.url_for("/"), api_version="202608",
    )  # fmt: skip
    httpserver.expect_oneshot_request(
        "/rest/posts", method="POST", headers={"LinkedIn-Version": "202608"}
    ).respond_with_handler(created)
    LinkedInAdapter(acct, {"token_env": TOKEN}).send(request(acct, "hi"))
    httpserver.check_assertions()


def test_an_old_or_malformed_api_version_is_reported_by_check(repo: Repo) -> None:
    """LinkedIn retires a version about a year after its release (HTTP 426
    NONEXISTENT_VERSION): check warns months before, without a clock in the test."""

    from smmgen.networks.linkedin import version_problem

    released = dt.date(int(API_VERSION[:4]), int(API_VERSION[4:]), 1)
    assert version_problem(API_VERSION, released + dt.timedelta(days=300)) is None
    late = version_problem(API_VERSION, released + dt.timedelta(days=301))
    assert late is not None and "301 days old" in late and "HTTP 426" in late
    assert "not a LinkedIn version" in str(version_problem("2026-10", released))

    schedule = (repo.root / "schedule.yaml").read_text("utf-8")
    repo.write("schedule.yaml", schedule.replace(
        "    author_urn: urn:li:organization:123\n",
        "    author_urn: urn:li:organization:123\n    api_version: \"202001\"\n",
    ))  # fmt: skip
    (p,) = [p for p in repo.check() if p["rule"] == "linkedin/api-version"]
    assert p["severity"] == "warning" and p["path"] == "schedule.yaml"
    assert "LinkedIn-Version 202001" in p["message"]


def duplicate(urn: str) -> Response:
    """LinkedIn's answer to a post whose text repeats a recent one (Arisamiga/Linkedin-RSS#5)."""
    body = {
        "message": f"Unprocessable Entity: Content is a duplicate of {urn}",
        "errorDetails": {
            "inputErrors": [
                {
                    "description": "Duplicate post is detected",
                    "input": {"inputPath": {"fieldPath": "/commentary"}},
                    "code": "DUPLICATE_POST",
                }
            ]
        },
        "status": 422,
    }
    return Response(json.dumps(body), 422, content_type="application/json")


def test_duplicate_post_answer_is_the_post(
    httpserver: HTTPServer, adapter: LinkedInAdapter
) -> None:
    httpserver.expect_oneshot_request("/rest/posts", method="POST").respond_with_handler(
        lambda req: duplicate(SHARE)
    )
    result = adapter.send(request(adapter.account, "We are hiring"))
    assert result.remote_id == SHARE
    assert result.url == f"https://www.linkedin.com/feed/update/{SHARE}/"


def test_other_422_is_a_failure(httpserver: HTTPServer, adapter: LinkedInAdapter) -> None:
    httpserver.expect_request("/rest/posts", method="POST").respond_with_json(
        {"message": "ERROR :: /commentary :: is too long", "status": 422}, status=422
    )
    with pytest.raises(SendError, match=r"HTTP 422.*too long") as err:
        adapter.send(request(adapter.account, "x"))
    assert not err.value.retryable


def test_lookup_without_read_scope_names_it(httpserver: HTTPServer) -> None:
    # A token with only w_member_social: "ACCESS_DENIED ... Not enough permissions
    # to access: partnerApiPosts" (r_member_social is for approved partners).
    httpserver.expect_request("/rest/posts", method="GET").respond_with_json(
        {"status": 403, "serviceErrorCode": 100, "code": "ACCESS_DENIED",
         "message": "Not enough permissions to access: partnerApiPosts.FINDER-author.20240601"},
        status=403,
    )  # fmt: skip
    acct = account(
        "linkedin", "li", author_urn="urn:li:person:8675309", token_env="LINKEDIN_TOKEN",
        api_base=httpserver.url_for("/"),
    )  # fmt: skip
    with pytest.raises(SendError, match=r"\$LINKEDIN_TOKEN lacks r_member_social") as err:
        LinkedInAdapter(acct, {"token_env": TOKEN}).find_existing(request(acct, "x"))
    assert not err.value.retryable and "mark-published" in str(err.value)


def test_only_organizations_can_be_looked_up() -> None:
    org = account("linkedin", "li", author_urn=AUTHOR, token_env="T")
    person = account("linkedin", "me", author_urn="urn:li:person:8675309", token_env="T")
    assert LinkedInAdapter.reconciles_for(org)
    assert not LinkedInAdapter.reconciles_for(person)


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeLinkedIn:
    return FakeLinkedIn(
        TOKEN, frozenset({"w_organization_social", "r_organization_social"})
    ).install(httpserver)


@pytest.mark.parametrize("fault", ["drop-after", "500-after", "slow-after"])
def test_create_without_an_answer_is_uncertain_and_found_next_run(
    slow_server: HTTPServer, fault: str
) -> None:
    scopes = frozenset({"w_organization_social", "r_organization_social"})
    fake = FakeLinkedIn(TOKEN, scopes).install(slow_server)
    acct = account(
        "linkedin", "li", author_urn=AUTHOR, token_env="LINKEDIN_TOKEN",
        api_base=slow_server.url_for("/"),
    )  # fmt: skip
    adapter = LinkedInAdapter(acct, {"token_env": TOKEN})
    adapter.timeout = 0.3  # "slow-after" answers after 1 s
    fake.faults["publish"] = [fault]
    post = request(adapter.account, "We are hiring (Berlin)")
    with pytest.raises(SendError) as err:
        adapter.send(post)
    assert err.value.uncertain and not err.value.retryable
    (urn,) = fake.posts
    found = LinkedInAdapter(adapter.account, {"token_env": TOKEN}).find_existing(post)
    assert found is not None and found.remote_id == urn
    # Sent again after all (a person said --resend): LinkedIn names the post that is there.
    assert adapter.send(post).remote_id == urn
    assert len(fake.posts) == 1

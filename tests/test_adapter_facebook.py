"""Facebook Page adapter against a local server speaking the Graph API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from smmgen.adapters.base import SendError
from smmgen.adapters.facebook import FacebookAdapter
from tests.helpers.adapter_calls import account, image, is_image, jpeg, multipart, request
from tests.helpers.fake_meta import FB_SCOPES, FakeFacebook, Token

TOKEN = "EAAGm0PX4ZCpsBAKZBZCfZBwZA3wZDZD9hPageTokenExample"
PAGE = "104817238712345"
V = "/v24.0"


@pytest.fixture
def adapter(httpserver: HTTPServer) -> FacebookAdapter:
    acct = account(
        "facebook", "fb", page_id=PAGE, token_env="FB_PAGE_TOKEN", api_base=httpserver.url_for("/")
    )
    return FacebookAdapter(acct, {"token_env": TOKEN})


def test_text_post_with_link(httpserver: HTTPServer, adapter: FacebookAdapter) -> None:
    httpserver.expect_oneshot_request(
        f"{V}/{PAGE}/feed", method="POST", headers={"Authorization": f"Bearer {TOKEN}"}
    ).respond_with_json({"id": f"{PAGE}_122140000000000001"})
    result = adapter.send(
        request(adapter.account, "Read the launch notes", link="https://example.com/launch")
    )
    assert result.remote_id == f"{PAGE}_122140000000000001"
    assert result.url == f"https://www.facebook.com/{PAGE}/posts/122140000000000001"
    form = httpserver.log[0][0].form
    assert form["message"] == "Read the launch notes"
    assert form["link"] == "https://example.com/launch"
    # The token travels in the header only, never in the URL.
    assert TOKEN not in httpserver.log[0][0].url
    httpserver.check_assertions()


def test_photos_are_attached(
    httpserver: HTTPServer, adapter: FacebookAdapter, tmp_path: Path
) -> None:
    for photo_id in ("900000000000001", "900000000000002"):
        httpserver.expect_ordered_request(f"{V}/{PAGE}/photos", method="POST").respond_with_json(
            {"id": photo_id}
        )
    httpserver.expect_ordered_request(f"{V}/{PAGE}/feed", method="POST").respond_with_json(
        {"id": f"{PAGE}_122140000000000002"}
    )
    media = (jpeg(image(tmp_path, "a.jpg"), "alt a"), jpeg(image(tmp_path, "b.png"), None))
    adapter.send(request(adapter.account, "Two photos", media=media))
    first, second, feed = (entry[0] for entry in httpserver.log)
    upload, upload2 = multipart(first), multipart(second)
    assert upload["published"][1] == b"false"
    # Alt text goes with each photo as alt_text_custom; none where there is none.
    assert upload["alt_text_custom"][1] == b"alt a"
    assert "alt_text_custom" not in upload2
    assert is_image(upload["source"][1])[0] == "JPEG"
    assert is_image(upload2["source"][1])[0] == "PNG"
    assert feed.form["message"] == "Two photos"
    assert json.loads(feed.form["attached_media[0]"]) == {"media_fbid": "900000000000001"}
    assert json.loads(feed.form["attached_media[1]"]) == {"media_fbid": "900000000000002"}
    httpserver.check_assertions()


def test_rate_limit_code_is_retryable(httpserver: HTTPServer, adapter: FacebookAdapter) -> None:
    # Graph API rate limits come as HTTP 400 with code 32 (page request limit).
    httpserver.expect_request(f"{V}/{PAGE}/feed").respond_with_json(
        {
            "error": {
                "message": "(#32) Page request limit reached",
                "type": "OAuthException",
                "code": 32,
                "fbtrace_id": "A1b2C3d4",
            }
        },
        status=400,
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert err.value.retryable


def test_429_with_retry_after(httpserver: HTTPServer, adapter: FacebookAdapter) -> None:
    httpserver.expect_request(f"{V}/{PAGE}/feed").respond_with_json(
        {"error": {"message": "Too many calls", "type": "OAuthException", "code": 4}},
        status=429,
        headers={"Retry-After": "120"},
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert err.value.retryable and err.value.retry_after == 120


def test_expired_token(httpserver: HTTPServer, adapter: FacebookAdapter) -> None:
    httpserver.expect_request(f"{V}/{PAGE}/feed").respond_with_json(
        {
            "error": {
                "message": f"Error validating access token: {TOKEN} has expired",
                "type": "OAuthException",
                "code": 190,
                "error_subcode": 463,
                "fbtrace_id": "A1b2C3d4",
            }
        },
        status=401,
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert not err.value.retryable
    assert TOKEN not in str(err.value)
    assert "$FB_PAGE_TOKEN" in str(err.value) and "'fb'" in str(err.value)


def test_find_existing(httpserver: HTTPServer, adapter: FacebookAdapter) -> None:
    httpserver.expect_request(f"{V}/{PAGE}/posts", method="GET").respond_with_json(
        {
            "data": [
                {
                    "id": f"{PAGE}_122140000000000009",
                    "message": "Older post",
                    "created_time": "2026-11-24T09:30:00+0000",
                    "permalink_url": "https://www.facebook.com/122140000000000009",
                },
                {
                    "id": f"{PAGE}_122140000000000001",
                    "message": "Read the launch notes  https://example.com/launch",
                    "created_time": "2026-11-25T09:30:00+0000",
                    "permalink_url": "https://www.facebook.com/122140000000000001",
                },
            ],
            "paging": {"cursors": {"before": "QVFI", "after": "QVFJ"}},
        }
    )
    found = adapter.find_existing(
        request(adapter.account, "Read the launch notes https://example.com/launch")
    )
    assert found is not None
    assert found.remote_id == f"{PAGE}_122140000000000001"
    assert found.url == "https://www.facebook.com/122140000000000001"
    assert adapter.find_existing(request(adapter.account, "Not there")) is None


def test_policy_block_is_not_retried(httpserver: HTTPServer, adapter: FacebookAdapter) -> None:
    # Code 368, "temporarily blocked for policy violations": no rate limit to wait out.
    httpserver.expect_request(f"{V}/{PAGE}/feed").respond_with_json(
        {"error": {"message": "It looks like you were misusing this feature by going too fast.",
                   "type": "OAuthException", "code": 368, "error_subcode": 1390008}},
        status=400,
    )  # fmt: skip
    with pytest.raises(SendError, match="code 368") as err:
        adapter.send(request(adapter.account, "hi"))
    assert not err.value.retryable


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeFacebook:
    return FakeFacebook(Token(TOKEN, FB_SCOPES, type="PAGE")).install(httpserver, PAGE)


@pytest.mark.parametrize("fault", ["drop-after", "500-after"])
def test_feed_call_without_an_answer_is_uncertain_and_found_next_run(
    fake: FakeFacebook, adapter: FacebookAdapter, fault: str
) -> None:
    fake.faults["publish"] = [fault]
    post = request(adapter.account, "Read the launch notes")
    with pytest.raises(SendError) as err:
        adapter.send(post)
    assert err.value.uncertain and not err.value.retryable
    (post_id,) = fake.posts
    found = FacebookAdapter(adapter.account, {"token_env": TOKEN}).find_existing(post)
    assert found is not None and found.remote_id == post_id
    assert fake.messages() == ["Read the launch notes"]


def test_lookup_needs_pages_read_engagement(fake: FakeFacebook, adapter: FacebookAdapter) -> None:
    fake.token.scopes = frozenset({"pages_manage_posts"})
    with pytest.raises(SendError, match="code 10"):
        adapter.find_existing(request(adapter.account, "x"))


@pytest.mark.parametrize("fault", ["403", "drop"])
def test_failing_lookup_raises(fake: FakeFacebook, adapter: FacebookAdapter, fault: str) -> None:
    fake.faults["lookup"] = [fault]
    with pytest.raises(SendError):
        adapter.find_existing(request(adapter.account, "x"))


def slow(server: HTTPServer) -> tuple[FakeFacebook, FacebookAdapter]:
    """A Page on a server that answers in parallel, and an adapter that waits 0.3 s."""
    fake = FakeFacebook(Token(TOKEN, FB_SCOPES, type="PAGE")).install(server, PAGE)
    acct = account(
        "facebook", "fb", page_id=PAGE, token_env="FB_PAGE_TOKEN", api_base=server.url_for("/")
    )
    adapter = FacebookAdapter(acct, {"token_env": TOKEN})
    adapter.timeout = 0.3  # the fake's slow answers take 1 s
    return fake, adapter


def test_feed_call_timing_out_after_the_post_was_made_is_uncertain(
    slow_server: HTTPServer,
) -> None:
    fake, adapter = slow(slow_server)
    fake.faults["publish"] = ["slow-after"]
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "Read the launch notes"))
    assert err.value.uncertain and not err.value.retryable
    assert fake.messages() == ["Read the launch notes"]


def test_lookup_timing_out_raises(slow_server: HTTPServer) -> None:
    fake, adapter = slow(slow_server)
    fake.faults["lookup"] = ["slow"]
    with pytest.raises(SendError, match="ReadTimeout"):
        adapter.find_existing(request(adapter.account, "x"))

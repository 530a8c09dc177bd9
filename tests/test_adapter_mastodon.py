"""Mastodon adapter (Mastodon.py) against a local server speaking the Mastodon API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from smmgen.adapters.base import SendError
from smmgen.adapters.http import retry_after
from smmgen.adapters.mastodon import MastodonAdapter
from tests.helpers.adapter_calls import account, image, is_image, jpeg, request
from tests.helpers.fake_mastodon import TOKEN, FakeMastodon, serve_mastodon


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeMastodon:
    return serve_mastodon(httpserver)


@pytest.fixture
def adapter(httpserver: HTTPServer) -> MastodonAdapter:
    acct = account(
        "mastodon",
        "masto",
        instance=httpserver.url_for("/").rstrip("/"),
        token_env="MASTODON_TOKEN",
        visibility="unlisted",
        language="de",
    )
    return MastodonAdapter(acct, {"token_env": TOKEN})


def test_post_with_idempotency_key(fake: FakeMastodon, adapter: MastodonAdapter) -> None:
    req = request(adapter.account, "Hallo & willkommen", content_warning="Spoiler")
    result = adapter.send(req)
    assert result.remote_id == "113500000000001000"
    assert result.url == "https://social.example/@example/113500000000001000"
    params, key = fake.posted[0]
    assert key == req.key
    flat = {k: v[0] if isinstance(v, list) else v for k, v in params.items()}
    assert flat["status"] == "Hallo & willkommen"
    assert flat["spoiler_text"] == "Spoiler"
    assert flat["visibility"] == "unlisted"
    assert flat["language"] == "de"
    # A retry with the same key returns the same status: no double post.
    assert adapter.send(req) == result
    assert len(fake.statuses) == 1


def test_the_post_language_wins_over_the_account_default(
    fake: FakeMastodon, adapter: MastodonAdapter
) -> None:
    adapter.send(request(adapter.account, "Hello from the mountains", language="en-GB"))
    params, _ = fake.posted[0]
    # Mastodon takes an ISO 639 code, so the region of a BCP 47 tag is left off.
    assert params["language"] in ("en", ["en"])


def test_image_with_description(
    fake: FakeMastodon, adapter: MastodonAdapter, tmp_path: Path
) -> None:
    pic = image(tmp_path, "cat.png")
    adapter.send(request(adapter.account, "Cat", media=(jpeg(pic, "A grey cat asleep"),)))
    assert fake.media[0]["description"] == "A grey cat asleep"
    assert is_image(fake.media[0]["_bytes"]) == ("PNG", (640, 480))
    attached = fake.statuses[0]["media_attachments"]
    assert [m["id"] for m in attached] == [fake.media[0]["id"]]


def test_thread_is_a_reply_chain(fake: FakeMastodon, adapter: MastodonAdapter) -> None:
    req = request(adapter.account, "1/3", "2/3", "3/3")
    first = adapter.send(req)
    chain = list(reversed(fake.statuses))
    assert [s["in_reply_to_id"] for s in chain] == [None, chain[0]["id"], chain[1]["id"]]
    assert first.remote_id == chain[0]["id"]
    assert [k for _, k in fake.posted] == [req.key, f"{req.key}-2", f"{req.key}-3"]


def test_rate_limit(httpserver: HTTPServer, adapter: MastodonAdapter) -> None:
    httpserver.expect_request("/api/v1/statuses").respond_with_json(
        {"error": "Too many requests"},
        status=429,
        headers={"Retry-After": "300", "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0"},
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert err.value.retryable and err.value.retry_after == 300


def test_bad_token(httpserver: HTTPServer, adapter: MastodonAdapter) -> None:
    httpserver.expect_request("/api/v1/statuses").respond_with_json(
        {"error": "The access token is invalid"}, status=401
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert not err.value.retryable
    assert TOKEN not in str(err.value)
    assert "$MASTODON_TOKEN" in str(err.value) and "'masto'" in str(err.value)


def test_server_error_is_retryable(httpserver: HTTPServer, adapter: MastodonAdapter) -> None:
    httpserver.expect_request("/api/v1/statuses").respond_with_data("Bad gateway", status=502)
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert err.value.retryable and err.value.retry_after is None


def test_find_existing(fake: FakeMastodon, adapter: MastodonAdapter) -> None:
    text = "Launch day!\nRead more: https://example.com/a-very-long-path-that-gets-shortened"
    sent = adapter.send(request(adapter.account, text, "part two", key="first-run"))
    found = adapter.find_existing(request(adapter.account, text, "part two", key="second-run"))
    assert found == sent
    assert adapter.find_existing(request(adapter.account, "never posted")) is None
    # Same text under a different content warning is a different post.
    assert adapter.find_existing(request(adapter.account, text, content_warning="cw")) is None


def test_retry_after_forms() -> None:
    now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    assert retry_after({"Retry-After": "7"}, now) == 7
    assert retry_after({"Retry-After": "Wed, 25 Nov 2026 12:02:00 GMT"}, now) == 120
    # Mastodon's own header: an ISO 8601 time (https://docs.joinmastodon.org/api/rate-limits/)
    assert retry_after({"X-RateLimit-Reset": "2026-11-25T12:05:00.000Z"}, now) == 300
    # X's: the epoch second the window resets
    assert retry_after({"x-rate-limit-reset": str(int(now.timestamp()) + 60)}, now) == 60
    assert retry_after({}, now) is None

"""X adapter (tweepy) against a local server speaking the X API v2."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from pytest_httpserver import HTTPServer

from smmgen.adapters.base import MediaFile, SendError, SendResult
from smmgen.adapters.x import XAdapter
from tests.helpers.adapter_calls import account, image, is_image, jpeg, request
from tests.helpers.fake_x import KEYS, FakeX, serve_x


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeX:
    return serve_x(httpserver)


@pytest.fixture
def adapter(httpserver: HTTPServer) -> XAdapter:
    settings = {k: f"X_{k.upper()}" for k in KEYS}
    acct = account("x", "xacct", api_base=httpserver.url_for("/").rstrip("/"), **settings)
    return XAdapter(acct, KEYS)


def test_single_post(fake: FakeX, adapter: XAdapter, httpserver: HTTPServer) -> None:
    result = adapter.send(request(adapter.account, "Hello X"))
    assert result.remote_id == "1861000000000000000"
    assert result.url == "https://x.com/i/web/status/1861000000000000000"
    assert fake.bodies == [{"text": "Hello X"}]
    # The secrets sign the request; they are never sent.
    for req, _ in httpserver.log:
        raw = str(req.headers) + req.get_data(as_text=True)
        assert KEYS["api_secret_env"] not in raw and KEYS["access_token_secret_env"] not in raw


def test_image_with_alt(fake: FakeX, adapter: XAdapter, tmp_path: Path) -> None:
    pic = image(tmp_path)
    adapter.send(request(adapter.account, "Pic", media=(jpeg(pic, "Blue square"),)))
    (mid,) = fake.media
    assert is_image(fake.media[mid]) == ("JPEG", (640, 480))
    assert fake.alt == {mid: "Blue square"}
    assert fake.bodies[0]["media"] == {"media_ids": [mid]}


def test_thread_is_a_reply_chain(fake: FakeX, adapter: XAdapter) -> None:
    adapter.send(request(adapter.account, "1/3", "2/3", "3/3"))
    ids = [t["id"] for t in reversed(fake.tweets)]
    assert [b.get("reply") for b in fake.bodies] == [
        None,
        {"in_reply_to_tweet_id": ids[0]},
        {"in_reply_to_tweet_id": ids[1]},
    ]


def test_rate_limit_uses_reset_header(httpserver: HTTPServer, adapter: XAdapter) -> None:
    reset = int(time.time()) + 900
    httpserver.expect_request("/2/tweets").respond_with_json(
        {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank",
         "status": 429},
        status=429,
        headers={"x-rate-limit-limit": "100", "x-rate-limit-remaining": "0",
                 "x-rate-limit-reset": str(reset)},
    )  # fmt: skip
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert err.value.retryable
    assert err.value.retry_after is not None and 850 < err.value.retry_after <= 900


def test_unauthorized(httpserver: HTTPServer, adapter: XAdapter) -> None:
    httpserver.expect_request("/2/tweets").respond_with_json(
        {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"},
        status=401,
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert not err.value.retryable
    message = str(err.value)
    assert all(v not in message for v in KEYS.values())
    assert "$X_API_KEY_ENV" in message and "'xacct'" in message


def test_upload_forbidden(httpserver: HTTPServer, adapter: XAdapter, tmp_path: Path) -> None:
    httpserver.expect_request("/2/media/upload").respond_with_json(
        {"title": "Forbidden", "type": "about:blank", "status": 403,
         "detail": "You are not permitted to perform this action."},
        status=403,
    )  # fmt: skip
    with pytest.raises(SendError, match="not permitted") as err:
        adapter.send(request(adapter.account, "hi", media=(jpeg(image(tmp_path), None),)))
    assert not err.value.retryable


def test_find_existing(fake: FakeX, adapter: XAdapter, tmp_path: Path) -> None:
    text = "Fish & chips at https://example.com/menu"
    sent = adapter.send(
        request(adapter.account, text, "more", media=(jpeg(image(tmp_path), None),))
    )
    found = adapter.find_existing(request(adapter.account, text, "more"))
    assert found is not None and found.remote_id == sent.remote_id
    assert found.url == f"https://x.com/example/status/{sent.remote_id}"
    assert adapter.find_existing(request(adapter.account, "Fish & chips")) is None


def test_find_existing_needs_the_whole_reply_chain(fake: FakeX, adapter: XAdapter) -> None:
    sent = adapter.send(request(adapter.account, "1/3 Launch", "2/3 Details", "3/3 Thanks"))
    again = XAdapter(adapter.account, KEYS)  # the next run
    found = again.find_existing(request(adapter.account, "1/3 Launch", "2/3 Details", "3/3 Thanks"))
    assert found == SendResult(sent.remote_id, f"https://x.com/example/status/{sent.remote_id}")
    # The same texts not as replies to each other are not this thread.
    adapter.send(request(adapter.account, "A"))
    adapter.send(request(adapter.account, "B"))
    assert again.find_existing(request(adapter.account, "A", "B")) is None
    assert again.find_existing(request(adapter.account, "Never sent", "at all")) is None


def test_thread_cut_short_is_continued_after_the_parts_sent(
    fake: FakeX, adapter: XAdapter, tmp_path: Path
) -> None:
    pic = jpeg(image(tmp_path), "Blue square")
    # What the dead run got out before it died: part 1, with its image.
    root = adapter.send(request(adapter.account, "1/3 Launch", media=(pic,)))
    assert len(fake.media) == 1 and len(fake.bodies) == 1
    thread = request(adapter.account, "1/3 Launch", "2/3 Details", "3/3 Thanks", media=(pic,))

    again = XAdapter(adapter.account, KEYS)  # the next run
    assert again.find_existing(thread) is None
    result = again.send(thread)
    assert result == SendResult(root.remote_id, f"https://x.com/example/status/{root.remote_id}")
    second = fake.tweets[1]["id"]
    assert fake.bodies[1:] == [
        {"text": "2/3 Details", "reply": {"in_reply_to_tweet_id": root.remote_id}},
        {"text": "3/3 Thanks", "reply": {"in_reply_to_tweet_id": second}},
    ]
    assert len(fake.media) == 1  # the image was not uploaded again
    assert again.find_existing(thread) == result


def test_a_5xx_at_part_2_is_uncertain_and_the_next_try_resumes_at_part_2(
    fake: FakeX, adapter: XAdapter
) -> None:
    fake.unavailable = {2}  # part 2, first try: X is over capacity
    thread = request(adapter.account, "1/2 Launch", "2/2 Details")
    with pytest.raises(SendError) as err:
        adapter.send(thread)
    assert err.value.uncertain and not err.value.retryable  # may have been created
    assert [r.remote_id for r in err.value.published] == [fake.tweets[0]["id"]]
    # The next run, given the parts the ledger recorded:
    result = XAdapter(adapter.account, KEYS).send(replace(thread, published=err.value.published))
    assert [b["text"] for b in fake.bodies] == ["1/2 Launch", "2/2 Details"]
    assert fake.bodies[1]["reply"] == {"in_reply_to_tweet_id": result.remote_id}


def test_a_lost_answer_then_duplicate_content_finds_the_post(
    fake: FakeX, adapter: XAdapter
) -> None:
    fake.after_store = ["hang-up"]
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "Launch today & tomorrow"))
    assert err.value.uncertain and not err.value.retryable
    assert len(fake.tweets) == 1
    # Sent again (e.g. by --resend): X refuses the duplicate; the post is found, not failed.
    again = XAdapter(adapter.account, KEYS).send(
        request(adapter.account, "Launch today & tomorrow")
    )
    assert again.remote_id == fake.tweets[0]["id"] and len(fake.tweets) == 1
    assert again.url == f"https://x.com/example/status/{again.remote_id}"


def test_gif_goes_through_the_chunked_upload(
    fake: FakeX, adapter: XAdapter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "sleep", lambda s: None)  # check_after_secs
    gif = tmp_path / "loop.gif"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(gif, "GIF")
    result = adapter.send(
        request(adapter.account, "Animated", media=(MediaFile(gif, "A red box", "image/gif"),))
    )
    [mid] = fake.media
    assert fake.media[mid] == gif.read_bytes() and fake.alt[mid] == "A red box"
    assert fake.bodies[0]["media"] == {"media_ids": [mid]}
    assert result.remote_id == fake.tweets[0]["id"]

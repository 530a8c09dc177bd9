"""Threads adapter against a local server speaking the Threads API."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from smmgen.adapters.base import SendError, SendResult
from smmgen.adapters.threads import ThreadsAdapter
from tests.helpers.adapter_calls import account, image, jpeg, request
from tests.helpers.fake_meta import THREADS_SCOPES, FakeThreads, Token

TOKEN = "THAAExampleThreadsUserAccessToken9876543210"
USER = "25134529492829847"
V = "/v1.0"
RAW = "https://raw.githubusercontent.com/example/social/abc123"


@pytest.fixture
def adapter(httpserver: HTTPServer) -> ThreadsAdapter:
    acct = account(
        "threads", "th", user_id=USER, token_env="THREADS_TOKEN", api_base=httpserver.url_for("/")
    )
    adapter = ThreadsAdapter(acct, {"token_env": TOKEN})
    adapter.poll_interval = 0.01
    return adapter


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeThreads:
    return FakeThreads(Token(TOKEN, THREADS_SCOPES), ready_after=0.02).install(httpserver, USER)


def forms(fake: FakeThreads) -> list[dict[str, str]]:
    return list(fake.posts.values())


def test_thread_is_a_reply_chain(fake: FakeThreads, adapter: ThreadsAdapter) -> None:
    result = adapter.send(
        request(adapter.account, "1/3 Launch", "2/3 Details", "3/3 Thanks", link="https://ex.com")
    )
    first, second, _ = fake.posts
    assert result == SendResult(first, f"https://www.threads.com/@example/post/DCx{first[-4:]}")
    assert forms(fake) == [
        {"text": "1/3 Launch", "media_type": "TEXT", "link_attachment": "https://ex.com"},
        {"text": "2/3 Details", "reply_to_id": first, "media_type": "TEXT"},
        {"text": "3/3 Thanks", "reply_to_id": second, "media_type": "TEXT"},
    ]


def test_text_containers_are_waited_for(
    httpserver: HTTPServer, fake: FakeThreads, adapter: ThreadsAdapter
) -> None:
    # The fake refuses to publish a container still IN_PROGRESS (code 9007), as
    # Meta does; each TEXT container is checked until FINISHED first.
    fake.ready_after = 0.05
    adapter.send(request(adapter.account, "1/2 Launch", "2/2 Details"))
    assert len(fake.posts) == 2
    checks = [e[0] for e in httpserver.log if e[0].path.startswith(f"{V}/180")]
    assert checks and all(r.args["fields"] == "status,error_message" for r in checks)


def test_image_with_alt(fake: FakeThreads, adapter: ThreadsAdapter, tmp_path: Path) -> None:
    pic = image(tmp_path)
    adapter.send(
        request(
            adapter.account,
            "Look",
            media=(jpeg(pic, "A cat on a keyboard"),),
            media_base_url=RAW,
            media_paths=("media/cat.jpg",),
        )
    )
    assert forms(fake) == [
        {
            "text": "Look",
            "media_type": "IMAGE",
            "image_url": f"{RAW}/media/cat.jpg",
            "alt_text": "A cat on a keyboard",
        }
    ]


def test_rate_limit(httpserver: HTTPServer, adapter: ThreadsAdapter) -> None:
    httpserver.expect_request(f"{V}/{USER}/threads").respond_with_json(
        {"error": {"message": "Application request limit reached", "type": "OAuthException",
                   "code": 4, "is_transient": True}},
        status=429,
        headers={"Retry-After": "30"},
    )  # fmt: skip
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "x"))
    assert err.value.retryable and err.value.retry_after == 30


def test_bad_token(httpserver: HTTPServer, adapter: ThreadsAdapter) -> None:
    httpserver.expect_request(f"{V}/{USER}/threads").respond_with_json(
        {"error": {"message": "Error validating access token", "type": "OAuthException",
                   "code": 190}},
        status=401,
    )  # fmt: skip
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "x"))
    assert not err.value.retryable
    assert TOKEN not in str(err.value) and "$THREADS_TOKEN" in str(err.value)


def test_find_existing(fake: FakeThreads, adapter: ThreadsAdapter) -> None:
    sent = adapter.send(request(adapter.account, "Fish & chips at https://ex.com/menu"))
    found = ThreadsAdapter(adapter.account, {"token_env": TOKEN}).find_existing(
        request(adapter.account, "Fish & chips at https://ex.com/menu")
    )
    assert found == sent
    assert adapter.find_existing(request(adapter.account, "Fish & chips")) is None


def test_find_existing_needs_the_whole_reply_chain(
    fake: FakeThreads, adapter: ThreadsAdapter
) -> None:
    parts = ("1/3 Launch", "2/3 Details", "3/3 Thanks")
    sent = adapter.send(request(adapter.account, *parts))
    again = ThreadsAdapter(adapter.account, {"token_env": TOKEN})  # the next run
    assert again.find_existing(request(adapter.account, *parts)) == sent
    # Parts 2 and 3 there, but not as a reply to this part 1: not this thread.
    adapter.send(request(adapter.account, "1/3 Launch again"))
    assert again.find_existing(request(adapter.account, "1/3 Launch again", *parts[1:])) is None
    assert again.find_existing(request(adapter.account, "Never sent", "at all")) is None


def test_thread_cut_short_is_continued_after_the_parts_sent(
    fake: FakeThreads, adapter: ThreadsAdapter, tmp_path: Path
) -> None:
    media = {
        "media": (jpeg(image(tmp_path), "A cat on a keyboard"),),
        "media_base_url": RAW,
        "media_paths": ("media/cat.jpg",),
    }
    # What the dead run got out before it died: part 1, with its image.
    root = adapter.send(request(adapter.account, "1/3 Launch", **media))
    thread = request(adapter.account, "1/3 Launch", "2/3 Details", "3/3 Thanks", **media)

    again = ThreadsAdapter(adapter.account, {"token_env": TOKEN})  # the next run
    again.poll_interval = 0.01
    assert again.find_existing(thread) is None
    assert again.send(thread) == root
    # Only parts 2 and 3 were created, as text replies: no image container again.
    first, second, _ = fake.posts
    assert forms(fake)[1:] == [
        {"text": "2/3 Details", "reply_to_id": first, "media_type": "TEXT"},
        {"text": "3/3 Thanks", "reply_to_id": second, "media_type": "TEXT"},
    ]
    assert again.find_existing(thread) == root


def test_reply_refused_without_threads_manage_replies_resumes_at_part_2(
    fake: FakeThreads, adapter: ThreadsAdapter
) -> None:
    fake.token.scopes = THREADS_SCOPES - {"threads_manage_replies"}
    thread = request(adapter.account, "1/2 Launch", "2/2 Details")
    with pytest.raises(SendError, match="code 10") as err:
        adapter.send(thread)
    assert not err.value.retryable and not err.value.uncertain
    (first,) = fake.posts
    assert err.value.published == (SendResult(first),)
    # The permission granted; the next attempt gets the parts the ledger recorded.
    fake.token.scopes = THREADS_SCOPES
    result = adapter.send(replace(thread, published=err.value.published))
    assert result.remote_id == first
    assert fake.thread_roots() == ["1/2 Launch"] and len(fake.posts) == 2


def test_publish_without_an_answer_is_uncertain_and_found_next_run(
    fake: FakeThreads, adapter: ThreadsAdapter
) -> None:
    fake.faults["publish"] = ["drop-after"]  # created, then no answer
    post = request(adapter.account, "Launch day")
    with pytest.raises(SendError) as err:
        adapter.send(post)
    assert err.value.uncertain and not err.value.retryable
    found = ThreadsAdapter(adapter.account, {"token_env": TOKEN}).find_existing(post)
    assert found is not None and fake.thread_roots() == ["Launch day"]


def test_5xx_after_part_2_was_created_is_uncertain_with_part_1_out(
    fake: FakeThreads, adapter: ThreadsAdapter
) -> None:
    fake.faults["publish"] = [None, "500-after"]
    thread = request(adapter.account, "1/2 Launch", "2/2 Details")
    with pytest.raises(SendError) as err:
        adapter.send(thread)
    assert err.value.uncertain and not err.value.retryable
    assert [p.remote_id for p in err.value.published] == [next(iter(fake.posts))]
    # Part 2 did go out: the next run's lookup finds the whole thread.
    again = ThreadsAdapter(adapter.account, {"token_env": TOKEN})
    assert again.find_existing(replace(thread, published=err.value.published)) is not None
    assert len(fake.posts) == 2


def test_failed_permalink_read_is_no_failure(fake: FakeThreads, adapter: ThreadsAdapter) -> None:
    fake.faults["permalink"] = ["500"]
    result = adapter.send(request(adapter.account, "Launch day"))
    assert result == SendResult(next(iter(fake.posts)), None)


@pytest.mark.parametrize("fault", ["403", "drop"])
def test_failing_lookup_raises(fake: FakeThreads, adapter: ThreadsAdapter, fault: str) -> None:
    fake.faults["lookup"] = [fault]
    with pytest.raises(SendError):
        adapter.find_existing(request(adapter.account, "Launch day"))


def test_retry_after_a_failed_container_does_not_repeat_the_parts_sent(
    fake: FakeThreads, adapter: ThreadsAdapter
) -> None:
    fake.faults["create"] = [None, "500"]  # part 2's container
    thread = request(adapter.account, "1/2 Launch", "2/2 Details")
    with pytest.raises(SendError) as err:
        adapter.send(thread)
    # A container is invisible until published: safe to retry at once.
    assert err.value.retryable and not err.value.uncertain
    # What the engine does on a retryable error: send again with the parts out.
    result = adapter.send(replace(thread, published=err.value.published))
    assert forms(fake) == [
        {"text": "1/2 Launch", "media_type": "TEXT"},
        {"text": "2/2 Details", "reply_to_id": result.remote_id, "media_type": "TEXT"},
    ]


def slow(server: HTTPServer) -> tuple[FakeThreads, ThreadsAdapter]:
    """Threads on a server that answers in parallel, and an adapter that waits 0.3 s."""
    fake = FakeThreads(Token(TOKEN, THREADS_SCOPES)).install(server, USER)
    acct = account(
        "threads", "th", user_id=USER, token_env="THREADS_TOKEN", api_base=server.url_for("/")
    )
    adapter = ThreadsAdapter(acct, {"token_env": TOKEN})
    adapter.timeout = 0.3  # the fake's slow answers take 1 s
    return fake, adapter


def test_publish_timing_out_after_the_post_was_made_is_uncertain(
    slow_server: HTTPServer,
) -> None:
    fake, adapter = slow(slow_server)
    fake.faults["publish"] = ["slow-after"]
    with pytest.raises(SendError, match="may have been published") as err:
        adapter.send(request(adapter.account, "Launch day"))
    assert err.value.uncertain and not err.value.retryable
    assert fake.thread_roots() == ["Launch day"]


def test_lookup_timing_out_raises(slow_server: HTTPServer) -> None:
    fake, adapter = slow(slow_server)
    fake.faults["lookup"] = ["slow"]
    with pytest.raises(SendError, match="ReadTimeout"):
        adapter.find_existing(request(adapter.account, "Launch day"))

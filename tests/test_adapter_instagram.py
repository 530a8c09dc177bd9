"""Instagram adapter against a local server speaking the Graph API content publishing flow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from smmgen.adapters.base import SendError, SendRequest, SendResult
from smmgen.adapters.instagram import InstagramAdapter
from tests.helpers.adapter_calls import account, image, jpeg, request
from tests.helpers.fake_meta import IG_SCOPES, FakeInstagram, Token

# A Facebook-login token (the default `login: facebook`, host graph.facebook.com);
# Instagram-login tokens (IGAA…) belong to graph.instagram.com.

TOKEN = "EAAGm0PX4ZCpsBAInstagramViaFacebookLoginToken0123456789"
USER = "17841400000000000"
V = "/v24.0"
RAW = "https://raw.githubusercontent.com/example/social/abc123"


@pytest.fixture
def adapter(httpserver: HTTPServer) -> InstagramAdapter:
    acct = account(
        "instagram", "insta", user_id=USER, token_env="INSTAGRAM_TOKEN",
        api_base=httpserver.url_for("/"),
    )  # fmt: skip
    return InstagramAdapter(acct, {"token_env": TOKEN})


def publish_flow(httpserver: HTTPServer, containers: list[str], media_id: str) -> None:
    ids = iter(containers)
    httpserver.expect_request(f"{V}/{USER}/media", method="POST").respond_with_handler(
        lambda req: Response(json.dumps({"id": next(ids)}), content_type="application/json")
    )
    for c in containers:
        httpserver.expect_request(f"{V}/{c}", method="GET").respond_with_json(
            {"status_code": "FINISHED", "id": c}
        )
    httpserver.expect_request(f"{V}/{USER}/media_publish", method="POST").respond_with_json(
        {"id": media_id}
    )
    httpserver.expect_request(f"{V}/{media_id}", method="GET").respond_with_json(
        {"permalink": "https://www.instagram.com/p/DCx1aBcOq2Z/", "id": media_id}
    )


def test_single_image_with_alt(
    httpserver: HTTPServer, adapter: InstagramAdapter, tmp_path: Path
) -> None:
    publish_flow(httpserver, ["17889455560051444"], "17920238422030506")
    pic = image(tmp_path)
    result = adapter.send(
        request(
            adapter.account,
            "Autumn in the office #team",
            media=(jpeg(pic, "Red leaves on a window sill"),),
            media_base_url=RAW,
            media_paths=("content/media/office photo.jpg",),
        )
    )
    assert result == type(result)("17920238422030506", "https://www.instagram.com/p/DCx1aBcOq2Z/")
    container = httpserver.log[0][0]
    assert container.headers["Authorization"] == f"Bearer {TOKEN}"
    assert container.form.to_dict() == {
        "image_url": f"{RAW}/content/media/office%20photo.jpg",
        "caption": "Autumn in the office #team",
        "alt_text": "Red leaves on a window sill",
    }
    publish = next(e[0] for e in httpserver.log if e[0].path.endswith("media_publish"))
    assert publish.form["creation_id"] == "17889455560051444"


def test_carousel(httpserver: HTTPServer, adapter: InstagramAdapter, tmp_path: Path) -> None:
    publish_flow(httpserver, ["1001", "1002", "1003"], "17920238422030507")
    media = (jpeg(image(tmp_path, "a.jpg"), "first"), jpeg(image(tmp_path, "b.jpg"), None))
    adapter.send(
        request(
            adapter.account, "Two", media=media, media_base_url=RAW + "/",
            media_paths=("m/a.jpg", "m/b.jpg"),
        )
    )  # fmt: skip
    posts = [e[0].form.to_dict() for e in httpserver.log if e[0].path == f"{V}/{USER}/media"]
    assert posts == [
        {"image_url": f"{RAW}/m/a.jpg", "is_carousel_item": "true", "alt_text": "first"},
        {"image_url": f"{RAW}/m/b.jpg", "is_carousel_item": "true"},
        {"media_type": "CAROUSEL", "children": "1001,1002", "caption": "Two"},
    ]


def test_needs_a_public_url(adapter: InstagramAdapter, tmp_path: Path) -> None:
    pic = image(tmp_path)
    with pytest.raises(SendError, match="media_base_url"):
        adapter.send(request(adapter.account, "x", media=(jpeg(pic, None),), media_paths=("a",)))


def test_container_error_is_reported(
    httpserver: HTTPServer, adapter: InstagramAdapter, tmp_path: Path
) -> None:
    httpserver.expect_request(f"{V}/{USER}/media").respond_with_json({"id": "55"})
    httpserver.expect_request(f"{V}/55").respond_with_json(
        {"status_code": "ERROR", "status": "Error: Media download has failed.", "id": "55"}
    )
    pic = image(tmp_path)
    req = request(
        adapter.account, "x", media=(jpeg(pic, None),), media_base_url=RAW, media_paths=("a",)
    )
    with pytest.raises(SendError, match="download has failed") as err:
        adapter.send(req)
    assert not err.value.retryable


def test_rate_limit(httpserver: HTTPServer, adapter: InstagramAdapter, tmp_path: Path) -> None:
    httpserver.expect_request(f"{V}/{USER}/media").respond_with_json(
        {"error": {"message": "Application request limit reached", "code": 4}},
        status=429,
        headers={"Retry-After": "60"},
    )
    pic = image(tmp_path)
    req = request(
        adapter.account, "x", media=(jpeg(pic, None),), media_base_url=RAW, media_paths=("a",)
    )
    with pytest.raises(SendError) as err:
        adapter.send(req)
    assert err.value.retryable and err.value.retry_after == 60


def test_bad_token(httpserver: HTTPServer, adapter: InstagramAdapter) -> None:
    httpserver.expect_request(f"{V}/{USER}/media").respond_with_json(
        {"error": {"message": "Invalid OAuth access token - Cannot parse access token",
                   "type": "OAuthException", "code": 190}},
        status=400,
    )  # fmt: skip
    with pytest.raises(SendError) as err:
        adapter.find_existing(request(adapter.account, "x"))
    assert not err.value.retryable
    assert TOKEN not in str(err.value) and "$INSTAGRAM_TOKEN" in str(err.value)


def test_find_existing(httpserver: HTTPServer, adapter: InstagramAdapter) -> None:
    httpserver.expect_request(f"{V}/{USER}/media", method="GET").respond_with_json(
        {
            "data": [
                {"id": "1", "caption": "Autumn in the office #team",
                 "permalink": "https://www.instagram.com/p/DCx1aBcOq2Z/",
                 "timestamp": "2026-11-25T09:30:00+0000"},
                {"id": "2", "permalink": "https://www.instagram.com/p/DCx0/",
                 "timestamp": "2026-11-24T09:30:00+0000"},
            ],
            "paging": {"cursors": {"before": "QVFI", "after": "QVFJ"}},
        }
    )  # fmt: skip
    found = adapter.find_existing(request(adapter.account, "Autumn in the office\n#team"))
    assert found is not None and found.remote_id == "1"
    assert adapter.find_existing(request(adapter.account, "Other")) is None


def test_the_login_kind_picks_the_host() -> None:
    for login, host in (("facebook", "graph.facebook.com"), ("instagram", "graph.instagram.com")):
        acct = account("instagram", "insta", user_id=USER, token_env="T", login=login)
        http = InstagramAdapter(acct, {"token_env": "t"}).http()
        assert str(http.client.base_url) == f"https://{host}/v24.0/"
        http.close()


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeInstagram:
    return FakeInstagram(Token(TOKEN, IG_SCOPES), ready_after=0.02).install(httpserver, USER)


@pytest.fixture
def post(adapter: InstagramAdapter, tmp_path: Path) -> SendRequest:
    adapter.poll_interval = 0.01
    pic = image(tmp_path)
    return request(
        adapter.account, "Autumn in the office", media=(jpeg(pic, "Leaves"),),
        media_base_url=RAW, media_paths=("media/a.jpg",),
    )  # fmt: skip


def media_url(media_id: str) -> str:
    return f"https://www.instagram.com/p/DCx{media_id[-4:]}/"


@pytest.mark.parametrize("fault", ["drop-after", "500-after"])
def test_published_without_an_answer_is_found_through_the_container(
    fake: FakeInstagram, adapter: InstagramAdapter, post: SendRequest, fault: str
) -> None:
    fake.faults["publish"] = [fault]  # created, then no answer / a 5xx
    result = adapter.send(post)
    (media_id,) = fake.posts
    assert result == SendResult(media_id, media_url(media_id))
    assert len(fake.containers) == 1


def test_unanswered_publish_that_did_not_happen_publishes_the_same_container(
    fake: FakeInstagram, adapter: InstagramAdapter, post: SendRequest
) -> None:
    fake.faults["publish"] = ["refuse"]  # a 5xx, nothing published
    result = adapter.send(post)
    assert fake.captions() == ["Autumn in the office"] and len(fake.containers) == 1
    assert result.remote_id == next(iter(fake.posts))


def test_uncertain_when_the_container_cannot_be_read_and_found_next_run(
    fake: FakeInstagram, adapter: InstagramAdapter, post: SendRequest
) -> None:
    fake.ready_after = 0  # one check while waiting, which works; then none does
    fake.faults["publish"] = ["drop-after"]
    fake.faults["status"] = [None, "500", "500"]
    with pytest.raises(SendError) as err:
        adapter.send(post)
    assert err.value.uncertain and not err.value.retryable
    again = InstagramAdapter(adapter.account, {"token_env": TOKEN})  # the next run
    (media_id,) = fake.posts
    assert again.find_existing(post) == SendResult(media_id, media_url(media_id))


def test_failed_permalink_read_is_no_failure(
    fake: FakeInstagram, adapter: InstagramAdapter, post: SendRequest
) -> None:
    fake.faults["permalink"] = ["500"]
    result = adapter.send(post)
    assert result == SendResult(next(iter(fake.posts)), None)
    assert len(fake.posts) == 1


@pytest.mark.parametrize("fault", ["403", "drop"])
def test_failing_lookup_raises(
    fake: FakeInstagram, adapter: InstagramAdapter, post: SendRequest, fault: str
) -> None:
    fake.faults["lookup"] = [fault]
    with pytest.raises(SendError):
        adapter.find_existing(post)


def test_lookup_needs_instagram_basic(
    fake: FakeInstagram, adapter: InstagramAdapter, post: SendRequest
) -> None:
    fake.token.scopes = frozenset({"instagram_content_publish"})
    with pytest.raises(SendError, match="code 10") as err:
        adapter.find_existing(post)
    assert not err.value.retryable


def slow(server: HTTPServer) -> tuple[FakeInstagram, InstagramAdapter]:
    """Instagram on a server that answers in parallel, and an adapter that waits 0.3 s."""
    fake = FakeInstagram(Token(TOKEN, IG_SCOPES)).install(server, USER)
    acct = account(
        "instagram", "insta", user_id=USER, token_env="INSTAGRAM_TOKEN",
        api_base=server.url_for("/"),
    )  # fmt: skip
    adapter = InstagramAdapter(acct, {"token_env": TOKEN})
    adapter.timeout, adapter.poll_interval = 0.3, 0.01  # the fake's slow answers take 1 s
    return fake, adapter


def test_publish_timing_out_after_the_post_was_made_is_found_through_the_container(
    slow_server: HTTPServer, post: SendRequest
) -> None:
    fake, adapter = slow(slow_server)
    fake.faults["publish"] = ["slow-after"]
    result = adapter.send(post)
    assert result.remote_id == next(iter(fake.posts)) and len(fake.posts) == 1
    assert len(fake.containers) == 1


def test_lookup_timing_out_raises(slow_server: HTTPServer, post: SendRequest) -> None:
    fake, adapter = slow(slow_server)
    fake.faults["lookup"] = ["slow"]
    with pytest.raises(SendError, match="ReadTimeout"):
        adapter.find_existing(post)

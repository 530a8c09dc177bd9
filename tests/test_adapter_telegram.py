"""Telegram adapter against a local server speaking the Bot API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from smmgen.adapters.base import SendError
from smmgen.adapters.telegram import TelegramAdapter
from tests.helpers.adapter_calls import account, image, is_image, jpeg, multipart, request
from tests.helpers.fake_telegram import FakeTelegram

TOKEN = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
BOT = f"/bot{TOKEN}"
CHAT = {"id": -1001234567890, "title": "Example News", "username": "examplenews", "type": "channel"}


def message(message_id: int, **extra: object) -> dict[str, object]:
    return {
        "message_id": message_id,
        "sender_chat": CHAT,
        "chat": CHAT,
        "date": 1795600000,
        **extra,
    }


@pytest.fixture
def adapter(httpserver: HTTPServer) -> TelegramAdapter:
    acct = account(
        "telegram",
        "tg",
        chat_id="@examplenews",
        token_env="TELEGRAM_BOT_TOKEN",
        parse_mode="HTML",
        api_base=httpserver.url_for("/"),
    )
    return TelegramAdapter(acct, {"token_env": TOKEN})


def test_text_message(httpserver: HTTPServer, adapter: TelegramAdapter) -> None:
    httpserver.expect_oneshot_request(f"{BOT}/sendMessage", method="POST").respond_with_json(
        {"ok": True, "result": message(42, text="Hello <b>world</b> & co")}
    )
    result = adapter.send(request(adapter.account, "Hello <b>world</b> & co"))
    assert result.remote_id == "42"
    assert result.url == "https://t.me/examplenews/42"
    sent = httpserver.log[0][0].get_json()
    assert sent == {
        "chat_id": "@examplenews",
        "text": "Hello &lt;b&gt;world&lt;/b&gt; &amp; co",  # shown as written, not bold
        "parse_mode": "HTML",
    }
    httpserver.check_assertions()


NASTY = (
    "Q&A <3 > 1.5 - (x) [y] {z} #tag +1 = 2 | a~b `c` *d* _e_ 100% fertig!\n"
    "Tickets: Shop (https://example.com/a_b/shop?utm_source=telegram&utm_medium=social#top_1) \\o/"
)


@pytest.mark.parametrize("mode", [None, "HTML", "MarkdownV2", "Markdown"])
def test_any_text_arrives_as_written_in_every_parse_mode(
    httpserver: HTTPServer, tmp_path: Path, mode: str | None
) -> None:
    fake = FakeTelegram(httpserver, TOKEN)
    settings = {"parse_mode": mode} if mode else {}
    acct = account(
        "telegram", "tg", chat_id="@examplenews", token_env="T", api_base=httpserver.url_for("/"),
        **settings,
    )  # fmt: skip
    tg = TelegramAdapter(acct, {"token_env": TOKEN})
    tg.send(request(acct, NASTY))
    tg.send(request(acct, NASTY, media=(jpeg(image(tmp_path), None),)))
    tg.send(
        request(acct, NASTY, media=tuple(jpeg(image(tmp_path, f"{i}.jpg"), None) for i in "ab"))
    )
    assert [m["text"] for m in fake.messages] == [NASTY] * 3


@pytest.mark.parametrize("fault", ["hang-up", 502])
def test_a_lost_answer_after_the_message_was_stored_is_uncertain(
    httpserver: HTTPServer, adapter: TelegramAdapter, fault: str | int
) -> None:
    fake = FakeTelegram(httpserver, TOKEN)
    fake.after_store = [fault]
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert err.value.uncertain and not err.value.retryable
    assert len(fake.messages) == 1 and TOKEN not in str(err.value)


def test_photo_with_caption(
    httpserver: HTTPServer, adapter: TelegramAdapter, tmp_path: Path
) -> None:
    httpserver.expect_oneshot_request(f"{BOT}/sendPhoto", method="POST").respond_with_json(
        {
            "ok": True,
            "result": message(
                43,
                photo=[{"file_id": "AgAC", "file_unique_id": "AQAD", "width": 90, "height": 67}],
                caption="Our new office",
            ),
        }
    )
    pic = image(tmp_path)
    result = adapter.send(
        request(adapter.account, "Our new office", media=(jpeg(pic, "A desk by a window"),))
    )
    assert result.remote_id == "43"
    parts = multipart(httpserver.log[0][0])
    assert parts["caption"][1] == b"Our new office"
    assert parts["chat_id"][1] == b"@examplenews"
    assert is_image(parts["photo"][1]) == ("JPEG", (640, 480))


def test_album(httpserver: HTTPServer, adapter: TelegramAdapter, tmp_path: Path) -> None:
    httpserver.expect_oneshot_request(f"{BOT}/sendMediaGroup", method="POST").respond_with_json(
        {"ok": True, "result": [message(50, media_group_id="1"), message(51, media_group_id="1")]}
    )
    media = (jpeg(image(tmp_path, "a.jpg"), None), jpeg(image(tmp_path, "b.png"), None))
    result = adapter.send(request(adapter.account, "Two views", media=media))
    assert result.url == "https://t.me/examplenews/50"
    parts = multipart(httpserver.log[0][0])
    items = json.loads(parts["media"][1])
    assert items == [
        {"type": "photo", "media": "attach://photo0", "caption": "Two views", "parse_mode": "HTML"},
        {"type": "photo", "media": "attach://photo1"},
    ]
    assert is_image(parts["photo1"][1])[0] == "PNG"


def test_rate_limit_is_retryable(httpserver: HTTPServer, adapter: TelegramAdapter) -> None:
    httpserver.expect_request(f"{BOT}/sendMessage").respond_with_json(
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 17",
            "parameters": {"retry_after": 17},
        },
        status=429,
        headers={"Retry-After": "17"},
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert err.value.retryable and err.value.retry_after == 17
    assert TOKEN not in str(err.value)


def test_unauthorized_hides_the_token(httpserver: HTTPServer, adapter: TelegramAdapter) -> None:
    httpserver.expect_request(f"{BOT}/sendMessage").respond_with_json(
        {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
    )
    with pytest.raises(SendError) as err:
        adapter.send(request(adapter.account, "hi"))
    assert not err.value.retryable
    assert TOKEN not in str(err.value)
    assert "$TELEGRAM_BOT_TOKEN" in str(err.value) and "'tg'" in str(err.value)


def test_connection_error_hides_the_token(tmp_path: Path) -> None:
    # Nothing listens on port 9; the URL with the token must not leak.
    acct = account("telegram", "tg", chat_id="1", token_env="T", api_base="http://127.0.0.1:9")
    with pytest.raises(SendError) as err:
        TelegramAdapter(acct, {"token_env": TOKEN}).send(request(acct, "hi"))
    assert err.value.retryable
    assert TOKEN not in str(err.value)


def test_find_existing_cannot_look_back(adapter: TelegramAdapter) -> None:
    # The Bot API has no way to read a channel's history.
    assert adapter.find_existing(request(adapter.account, "hi")) is None

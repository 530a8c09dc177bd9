"""The Discord adapter against a local server speaking Execute Webhook."""

from __future__ import annotations

import socket

import pytest
from pytest_httpserver import HTTPServer

from smmgen.adapters import load
from smmgen.adapters.base import SendError, SendRequest
from smmgen.model import Account

TOKEN = "webhook-token-0123456789abcdefghij"
PATH = f"/api/webhooks/42/{TOKEN}"
ACCOUNT = Account("chat", "discord", {"webhook_env": "HOOK", "username": "Bergwerk"}, 1)


def adapter(url: str):  # type: ignore[no-untyped-def]
    cls = load("discord")
    assert cls is not None and not cls.reconciles
    return cls(ACCOUNT, {"webhook_env": url})


def request(*parts: str) -> SendRequest:
    return SendRequest("key1", "p", ACCOUNT, parts, (), None, None)


def test_each_part_is_a_message_with_wait_true(httpserver: HTTPServer) -> None:
    for i, text in enumerate(["Teil 1", "Teil 2"]):
        httpserver.expect_ordered_request(
            PATH,
            method="POST",
            query_string="wait=true",
            json={"content": text, "allowed_mentions": {"parse": []}, "username": "Bergwerk"},
        ).respond_with_json({"id": str(100 + i), "channel_id": "7", "guild_id": "5"})
    result = adapter(httpserver.url_for(PATH)).send(request("Teil 1", "Teil 2"))
    assert (result.remote_id, result.url) == ("100", "https://discord.com/channels/5/7/100")
    httpserver.check_assertions()
    assert adapter(httpserver.url_for(PATH)).find_existing(request("x")) is None


@pytest.mark.parametrize(
    ("status", "body", "headers", "retryable", "after"),
    [
        (429, {"message": "rate limited", "retry_after": 0.75, "global": False}, {}, True, 0.75),
        (503, "busy", {"Retry-After": "3"}, True, 3.0),
        (400, {"message": "Cannot send an empty message", "code": 50006}, {}, False, None),
        (200, "not json", {}, False, None),
    ],
)
def test_errors_say_whether_to_retry(
    httpserver: HTTPServer,
    status: int,
    body: object,
    headers: dict[str, str],
    retryable: bool,
    after: float | None,
) -> None:
    if isinstance(body, dict):
        httpserver.expect_request(PATH).respond_with_json(body, status=status, headers=headers)
    else:
        httpserver.expect_request(PATH).respond_with_data(str(body), status=status, headers=headers)
    with pytest.raises(SendError) as caught:
        adapter(httpserver.url_for(PATH)).send(request("Hallo"))
    assert caught.value.retryable is retryable
    assert caught.value.retry_after == after
    assert TOKEN not in str(caught.value)


def test_unreachable_webhook_is_retryable_and_names_no_secret() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(SendError) as caught:
        adapter(f"http://127.0.0.1:{port}{PATH}").send(request("Hallo"))
    assert caught.value.retryable
    assert TOKEN not in str(caught.value) and "42" not in str(caught.value)

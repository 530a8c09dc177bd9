"""The Discord adapter against a local server speaking Execute Webhook."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest
from pytest_httpserver import HTTPServer

from smmgen.adapters import load
from smmgen.adapters.base import SendError, SendRequest, SendResult
from smmgen.model import Account
from tests.helpers.adapter_calls import hang_up
from tests.helpers.content_repo import Repo, one

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
        ).respond_with_json({"id": str(100 + i), "channel_id": "7", "webhook_id": "42"})
        if i == 0:
            # The message object has no guild_id; Get Webhook with Token has it (asked once):
            # https://discord.com/developers/docs/resources/webhook#get-webhook-with-token
            httpserver.expect_ordered_request(PATH, method="GET").respond_with_json(
                {"id": "42", "type": 1, "guild_id": "5", "channel_id": "7"}
            )
    result = adapter(httpserver.url_for(PATH)).send(request("Teil 1", "Teil 2"))
    assert (result.remote_id, result.url) == ("100", "https://discord.com/channels/5/7/100")
    httpserver.check_assertions()
    assert adapter(httpserver.url_for(PATH)).find_existing(request("x")) is None


def test_guild_setting_saves_the_lookup_and_a_failed_lookup_only_loses_the_link(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_json(
        {"id": "100", "channel_id": "7"}
    )
    httpserver.expect_request(PATH, method="GET").respond_with_json({"message": "no"}, status=500)
    cls = load("discord")
    assert cls is not None
    with_guild = Account("chat", "discord", {"webhook_env": "HOOK", "guild_id": "9"}, 1)
    url = httpserver.url_for(PATH)
    result = cls(with_guild, {"webhook_env": url}).send(request("Hallo"))
    assert result.url == "https://discord.com/channels/9/7/100"
    result = adapter(url).send(request("Hallo"))
    assert (result.remote_id, result.url) == ("100", None)  # out, just without a link


def test_a_resumed_post_skips_the_parts_already_out(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_json(
        {"id": "101", "channel_id": "7"}
    )
    out = SendResult("100", "https://discord.com/channels/5/7/100")
    result = adapter(httpserver.url_for(PATH)).send(
        replace(request("Teil 1", "Teil 2"), published=(out,))
    )
    assert result == out
    posted = [r.get_json()["content"] for r, _ in httpserver.log if r.method == "POST"]
    assert posted == ["Teil 2"]


@pytest.mark.parametrize(
    ("status", "body", "headers", "retryable", "after", "uncertain"),
    [
        (
            429,
            {"message": "rate limited", "retry_after": 0.75, "global": False},
            {},
            True,
            0.75,
            False,
        ),
        # A 5xx can come after Discord stored the message: not retried, uncertain.
        (503, "busy", {"Retry-After": "3"}, False, None, True),
        (400, {"message": "Cannot send an empty message", "code": 50006}, {}, False, None, False),
        (200, "not json", {}, False, None, False),
    ],
)
def test_errors_say_whether_to_retry(
    httpserver: HTTPServer,
    status: int,
    body: object,
    headers: dict[str, str],
    retryable: bool,
    after: float | None,
    uncertain: bool,
) -> None:
    if isinstance(body, dict):
        httpserver.expect_request(PATH).respond_with_json(body, status=status, headers=headers)
    else:
        httpserver.expect_request(PATH).respond_with_data(str(body), status=status, headers=headers)
    with pytest.raises(SendError) as caught:
        adapter(httpserver.url_for(PATH)).send(request("Hallo"))
    assert caught.value.retryable is retryable
    assert caught.value.retry_after == after
    assert caught.value.uncertain is uncertain
    assert TOKEN not in str(caught.value)


def test_a_lost_answer_is_uncertain_not_retryable(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_handler(hang_up)
    with pytest.raises(SendError) as caught:
        adapter(httpserver.url_for(PATH)).send(request("Hallo"))
    assert caught.value.uncertain and not caught.value.retryable
    assert TOKEN not in str(caught.value)


def test_unreachable_webhook_is_retryable_and_names_no_secret() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(SendError) as caught:
        adapter(f"http://127.0.0.1:{port}{PATH}").send(request("Hallo"))
    assert caught.value.retryable
    assert TOKEN not in str(caught.value) and "42" not in str(caught.value)


@pytest.mark.parametrize("name", ["Clyde Bot", "Bergwerk on DISCORD", "x" * 81])
def test_check_refuses_a_username_discord_refuses(repo: Repo, name: str) -> None:
    # https://discord.com/developers/docs/resources/webhook#create-webhook: "It does
    # not contain the substrings clyde or discord (case-insensitive)"; up to 80 characters.
    repo.write(
        "schedule.yaml",
        "timezone: Europe/Berlin\naccounts:\n  chat:\n    network: discord\n"
        f"    webhook_env: HOOK\n    username: '{name}'\n",
    )
    problem = one(repo.check(), "discord/username")
    assert (problem["path"], problem["line"]) == ("schedule.yaml", 6)
    assert name in problem["message"]


def test_check_accepts_a_plain_username(repo: Repo) -> None:
    repo.write(
        "schedule.yaml",
        "timezone: Europe/Berlin\naccounts:\n  chat:\n    network: discord\n"
        "    webhook_env: HOOK\n    username: Bergwerk\n",
    )
    assert not [p for p in repo.check() if p["rule"].startswith("discord/")]

"""How a run fails: exact retries, a capped Retry-After, one adapter's crash on one account.

Real adapters against local servers speaking the documented APIs; the run's
sleep is recorded, not slept.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from smmgen.ledger import LEDGER_FILE, Ledger
from smmgen.plan import parse_time
from smmgen.publish import Options, Publisher, Report, load
from tests.helpers.content_repo import Repo
from tests.helpers.publishing import NOON, SCHEDULE, TOKEN, Webhook, events, post_text, publishing

HOOK_PATH = f"/api/webhooks/1/{TOKEN}"


@pytest.fixture
def pub(repo: Repo) -> Repo:
    return publishing(repo)


def _run(pub: Repo, environ: dict[str, str]) -> tuple[Report, list[float], list[str]]:
    """One publish run at noon on chat, recording its sleeps and progress lines."""
    at = parse_time(NOON, "Europe/Berlin")
    assert at is not None
    waits: list[float] = []
    lines: list[str] = []
    options = Options(
        at, only=("chat",), environ=environ, sleep=waits.append, progress=lines.append
    )
    return Publisher(load(pub.root), options).execute(), waits, lines


def test_a_server_that_keeps_refusing_gets_exactly_four_attempts(
    pub: Repo, httpserver: HTTPServer
) -> None:
    # 429 without retry_after: refused, not stored, so safe to repeat (with backoff).
    limited = {"message": "You are being rate limited.", "global": False}
    httpserver.expect_request(HOOK_PATH, method="POST").respond_with_json(limited, status=429)
    pub.post("a", post_text())
    report, waits, lines = _run(pub, {"SMMGEN_TEST_DISCORD": httpserver.url_for(HOOK_PATH)})
    assert len(httpserver.log) == 4
    assert waits == [2.0, 4.0, 8.0]  # backoff between the four attempts, none after the last
    error = "account 'chat' (discord): HTTP 429 (rate limited)"
    assert [o.result for o in report.outcomes] == ["failed"] and not report.ok
    assert report.outcomes[0].detail == error
    assert [line for line in lines if "retrying" in line] == [
        f"  chat: a: {error}; retrying in {w:g}s ({i}/4)" for i, w in enumerate(waits, start=1)
    ]
    assert lines[-1] == f"✗ chat: a: {error}"
    failed = Ledger(pub.root / LEDGER_FILE).records()[-1]
    assert (failed.post, failed.event, failed.error) == ("a", "failed", error)


def test_a_retry_after_longer_than_two_minutes_is_left_to_the_next_run(
    pub: Repo, httpserver: HTTPServer
) -> None:
    limited = {"message": "You are being rate limited.", "retry_after": 3600, "global": True}
    httpserver.expect_request(HOOK_PATH, method="POST").respond_with_json(limited, status=429)
    pub.post("a", post_text())
    report, waits, _ = _run(pub, {"SMMGEN_TEST_DISCORD": httpserver.url_for(HOOK_PATH)})
    assert waits == []  # no hour-long sleep in a job
    assert len(httpserver.log) == 1
    assert [o.result for o in report.outcomes] == ["failed"]
    assert events(pub.root)[-1] == ("a", "chat", "failed")


def test_a_retry_after_of_exactly_two_minutes_is_waited_for(
    pub: Repo, httpserver: HTTPServer
) -> None:
    limited = {"message": "You are being rate limited.", "retry_after": 120, "global": True}
    httpserver.expect_ordered_request(HOOK_PATH, method="POST").respond_with_json(
        limited, status=429
    )
    httpserver.expect_ordered_request(HOOK_PATH, method="POST").respond_with_json(
        {"id": "9", "channel_id": "77", "guild_id": "55"}
    )
    # The webhook itself (Get Webhook with Token) names the server for the message link.
    httpserver.expect_request(HOOK_PATH, method="GET").respond_with_json(
        {"id": "1", "guild_id": "55", "channel_id": "77"}
    )
    pub.post("b", post_text())
    report, waits, lines = _run(pub, {"SMMGEN_TEST_DISCORD": httpserver.url_for(HOOK_PATH)})
    assert waits == [120.0]
    assert [(o.entry.post, o.result) for o in report.outcomes] == [("b", "sent")]
    assert report.outcomes[0].detail == "https://discord.com/channels/55/77/9"
    assert lines[-3:] == [
        "… chat: b: sending",
        "  chat: b: account 'chat' (discord): HTTP 429 (rate limited); retrying in 120s (1/4)",
        "✓ chat: b: https://discord.com/channels/55/77/9",
    ]


TELEGRAM = """\
  tg:
    network: telegram
    chat_id: "@bergwerk"
    token_env: SMMGEN_TEST_TELEGRAM
    api_base: {api_base}
"""
BOT_TOKEN = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_an_adapter_that_crashes_on_one_account_does_not_stop_the_others(
    pub: Repo, httpserver: HTTPServer, tmp_path: Path
) -> None:
    # Telegram answers "ok" without the message: the adapter trips over it.
    httpserver.expect_request(f"/bot{BOT_TOKEN}/sendMessage", method="POST").respond_with_json(
        {"ok": True}
    )
    hook = Webhook(httpserver)
    accounts = TELEGRAM.format(api_base=httpserver.url_for("/"))
    pub.write("schedule.yaml", SCHEDULE.replace("slots:", accounts + "slots:"))
    pub.post("a", post_text(networks="tg, chat"))
    env = {"SMMGEN_TEST_TELEGRAM": BOT_TOKEN, "SMMGEN_TEST_DISCORD": hook.url}
    result = pub.run("publish", "--at", NOON, "--only", "tg", "--only", "chat", env=env)
    assert result.exit_code == 1, result.output
    assert [m["content"] for m in hook.messages] == ["Hallo Berge."]
    outcome = {(r.account, r.event): r for r in Ledger(pub.root / LEDGER_FILE).records()}
    assert ("chat", "sent") in outcome
    assert outcome[("tg", "failed")].error is not None
    assert outcome[("tg", "failed")].error.startswith("internal error in the telegram adapter: ")
    assert BOT_TOKEN not in result.output
    assert BOT_TOKEN not in (pub.root / LEDGER_FILE).read_text()

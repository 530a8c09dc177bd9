"""A send the network may have applied is never repeated blindly (issue 12 §1).

Real ``smmgen publish`` processes against a local Discord webhook that
stores the message and then loses the answer (the connection drops, or a
gateway answers 502). A webhook cannot list messages, so the attempt stays
uncertain until a person decides; the message exists exactly once however
many runs follow. And an account whose network does not answer costs one
failure per run, not four tries with backoff for each of its posts.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from pytest_httpserver import HTTPServer

from smmgen.ledger import LEDGER_FILE
from tests.helpers.content_repo import Repo
from tests.helpers.fake_telegram import FakeTelegram
from tests.helpers.publishing import NOON, TOKEN, Webhook, events, post_text, publish, publishing


@pytest.fixture
def pub(repo: Repo) -> Repo:
    return publishing(repo)


@pytest.mark.parametrize("fault", ["hang-up", 502])
def test_answer_lost_after_the_message_was_stored_is_never_sent_again(
    pub: Repo, httpserver: HTTPServer, fault: str | int
) -> None:
    hook = Webhook(httpserver)
    hook.after_store = [fault]
    pub.post("a", post_text(body="Post a."))

    first = publish(pub, hook)
    assert first.returncode == 1, first.stdout + first.stderr
    assert [m["content"] for m in hook.messages] == ["Post a."]  # stored once, not retried
    assert ("a", "chat", "uncertain") in events(pub.root)
    assert "uncertain" in first.stdout and "mark-published a" in first.stdout
    # Said as it happens, with '?' (not only in the summary at the end).
    assert any(line.startswith("? chat: a: ") for line in first.stdout.splitlines())
    # A webhook cannot be searched: no lookup will settle it, a person decides.
    assert (
        "; it is not sent again on its own; or decide by hand: smmgen mark-published a "
        "--account chat --url URL if it is there, smmgen publish --resend a if not"
    ) in first.stdout, first.stdout
    assert TOKEN not in first.stdout + first.stderr + (pub.root / LEDGER_FILE).read_text()

    for _ in range(2):
        again = publish(pub, hook)
        assert again.returncode == 1 and "uncertain" in again.stdout
    assert len(hook.messages) == 1

    url = "https://discord.com/channels/55/77/1000"
    assert pub.run("mark-published", "a", "--account", "chat", "--url", url).exit_code == 0
    done = publish(pub, hook)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(hook.messages) == 1


def test_resend_after_a_person_checked_sends_once(pub: Repo, httpserver: HTTPServer) -> None:
    hook = Webhook(httpserver)
    hook.after_store = [502]
    pub.post("a", post_text(body="Post a."))
    assert publish(pub, hook).returncode == 1
    hook.messages.clear()  # a person looked: it is not in the channel
    resent = publish(pub, hook, "--resend", "a")
    assert resent.returncode == 0, resent.stdout + resent.stderr
    assert [m["content"] for m in hook.messages] == ["Post a."]
    assert publish(pub, hook).returncode == 0 and len(hook.messages) == 1


def test_an_unreachable_network_costs_one_failure_and_the_rest_wait(
    pub: Repo, httpserver: HTTPServer
) -> None:
    from smmgen.plan import parse_time
    from smmgen.publish import Options, Publisher, load

    for name in ("a", "b", "c"):
        pub.post(name, post_text(body=f"Post {name}."))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    at = parse_time(NOON, "Europe/Berlin")
    assert at is not None
    waits: list[float] = []
    lines: list[str] = []
    dead = {"SMMGEN_TEST_DISCORD": f"http://127.0.0.1:{port}/api/webhooks/1/{TOKEN}"}
    options = Options(at, only=("chat",), environ=dead, sleep=waits.append, progress=lines.append)
    report = Publisher(load(pub.root), options).execute()
    assert waits == [2.0, 4.0, 8.0]  # one post's retries, not three
    results = [(o.entry.post, o.result, o.entry.reason) for o in report.outcomes]
    assert results == [
        ("a", "failed", None),
        ("b", "held", "unreachable"),
        ("c", "held", "unreachable"),
    ]
    said = [line for line in lines if "wait for the next run" in line]
    assert len(said) == 1 and "did not answer" in said[0]
    assert not any(TOKEN in line for line in lines)

    hook = Webhook(httpserver)
    later = publish(pub, hook)
    assert later.returncode == 0, later.stdout + later.stderr
    assert sorted(m["content"] for m in hook.messages) == ["Post a.", "Post b.", "Post c."]


TELEGRAM = """\
timezone: Europe/Berlin
accounts:
  tg:
    network: telegram
    chat_id: "@examplenews"
    token_env: SMMGEN_TEST_TELEGRAM
    parse_mode: MarkdownV2
    api_base: {api}
"""
BOT_TOKEN = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def publish_tg(repo: Repo, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    env["SMMGEN_TEST_TELEGRAM"] = BOT_TOKEN
    return subprocess.run(
        [sys.executable, "-m", "smmgen", "publish", "--at", NOON, *args],
        cwd=repo.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_telegram_post_arrives_as_written_and_a_lost_answer_never_doubles(
    repo: Repo, httpserver: HTTPServer
) -> None:
    fake = FakeTelegram(httpserver, BOT_TOKEN)
    repo.write("schedule.yaml", TELEGRAM.format(api=httpserver.url_for("/")))
    body = "Q&A am 2.12. - (endlich)! Tickets: https://example.com/a_b?utm_source=x#top_1"
    repo.post("a", post_text(networks="tg", body=body))
    repo.post("b", post_text(networks="tg", body="Zweiter Post."))
    fake.after_store = ["hang-up"]  # a's answer is lost after Telegram stored it

    first = publish_tg(repo)
    assert first.returncode == 1, first.stdout + first.stderr
    assert [m["text"] for m in fake.messages] == [body]  # b waits: Telegram did not answer
    for _ in range(2):
        again = publish_tg(repo)
        assert "uncertain" in again.stdout
    assert [m["text"] for m in fake.messages] == [body, "Zweiter Post."]
    assert BOT_TOKEN not in first.stdout + first.stderr + (repo.root / LEDGER_FILE).read_text()

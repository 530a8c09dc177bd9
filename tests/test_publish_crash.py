"""Crash test: the publisher is killed (SIGKILL) at the worst moments, then run again.

Real processes, a real ledger file, the real Discord adapter against a local
webhook. A Discord webhook cannot list messages, so a send that may have
happened is never repeated on its own: it is reported for a person, and
everything that was not yet tried goes out on the next run.
"""

from __future__ import annotations

import signal

import pytest
from pytest_httpserver import HTTPServer

from smmgen.ledger import LEDGER_FILE
from tests.helpers.content_repo import Repo
from tests.helpers.publishing import TOKEN, Webhook, events, post_text, publish, publishing


@pytest.fixture
def pub(repo: Repo) -> Repo:
    return publishing(repo)


def test_killed_after_a_send_no_duplicate_and_nothing_lost(
    pub: Repo, httpserver: HTTPServer
) -> None:
    hook = Webhook(httpserver)
    for name in ("a", "b", "c"):
        pub.post(name, post_text(body=f"Post {name}."))

    died = publish(pub, hook, fault="after-send")
    assert died.returncode == -signal.SIGKILL, died.stderr
    assert [m["content"] for m in hook.messages] == ["Post a."]
    assert ("a", "chat", "sent") not in events(pub.root)  # killed before recording
    text = (pub.root / LEDGER_FILE).read_text()
    assert text.count('"attempt": true') == 1  # a was tried; b and c only claimed

    again = publish(pub, hook)
    assert again.returncode == 1, again.stdout + again.stderr  # a needs a person
    assert sorted(m["content"] for m in hook.messages) == ["Post a.", "Post b.", "Post c."]
    assert "uncertain" in again.stdout and "a" in again.stdout
    assert TOKEN not in again.stdout + again.stderr + died.stderr

    # A third run neither repeats a nor loses it: still waiting for a person.
    third = publish(pub, hook)
    assert third.returncode == 1 and len(hook.messages) == 3

    url = "https://discord.com/channels/55/77/1000"
    marked = pub.run("mark-published", "a", "--account", "chat", "--url", url)
    assert marked.exit_code == 0, marked.output
    done = publish(pub, hook)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(hook.messages) == 3
    sent = {(p, e) for p, _, e in events(pub.root) if e in ("sent", "manual")}
    assert sent == {("a", "manual"), ("b", "sent"), ("c", "sent")}


def test_killed_as_the_send_starts_then_resent_by_a_person(
    pub: Repo, httpserver: HTTPServer
) -> None:
    hook = Webhook(httpserver)
    pub.post("a", post_text(body="Post a."))
    died = publish(pub, hook, fault="before-send")
    assert died.returncode == -signal.SIGKILL
    assert hook.messages == []

    held = publish(pub, hook)
    assert held.returncode == 1 and hook.messages == []
    assert "--resend" in held.stdout  # tells the person how to send it after checking

    resent = publish(pub, hook, "--resend", "a")
    assert resent.returncode == 0, resent.stdout + resent.stderr
    assert [m["content"] for m in hook.messages] == ["Post a."]
    assert publish(pub, hook).returncode == 0 and len(hook.messages) == 1

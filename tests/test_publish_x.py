"""``smmgen publish`` on X, run as real processes against the fake X API v2.

X has no idempotency key: an answer lost after the post was created, a 5xx
at part 2 of a thread or a lookup without read access must never lead to a
second copy. The fake (``tests/test_adapter_x.py``) refuses a repeated text
with X's duplicate-content 403, as X does.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pytest_httpserver import HTTPServer

from smmgen.ledger import LEDGER_FILE, Ledger
from tests.helpers.content_repo import Repo
from tests.helpers.fake_x import KEYS, FakeX, serve_x
from tests.helpers.publishing import NOON, post_text

SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  xa:
    network: x
    api_base: {api}
    api_key_env: SMMGEN_TEST_X_KEY
    api_secret_env: SMMGEN_TEST_X_SECRET
    access_token_env: SMMGEN_TEST_X_TOKEN
    access_token_secret_env: SMMGEN_TEST_X_TOKEN_SECRET
"""
ENV = {
    "SMMGEN_TEST_X_KEY": KEYS["api_key_env"],
    "SMMGEN_TEST_X_SECRET": KEYS["api_secret_env"],
    "SMMGEN_TEST_X_TOKEN": KEYS["access_token_env"],
    "SMMGEN_TEST_X_TOKEN_SECRET": KEYS["access_token_secret_env"],
}


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeX:
    return serve_x(httpserver)


@pytest.fixture
def xrepo(repo: Repo, httpserver: HTTPServer, fake: FakeX) -> Repo:
    repo.write("schedule.yaml", SCHEDULE.format(api=httpserver.url_for("/").rstrip("/")))
    return repo


def publish(repo: Repo) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    done = subprocess.run(
        [sys.executable, "-m", "smmgen", "publish", "--at", NOON],
        cwd=repo.root,
        env=env | ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = done.stdout + done.stderr
    assert "Traceback" not in out and not any(k in out for k in KEYS.values()), out
    return done


def events(repo: Repo) -> list[str]:
    return [r.event for r in Ledger(repo.root / LEDGER_FILE).records()]


@pytest.mark.parametrize("lookup_fault", [403, "hang-up"])
def test_a_lost_answer_is_looked_up_not_posted_again(
    xrepo: Repo, fake: FakeX, lookup_fault: int | str
) -> None:
    xrepo.post("a", post_text(networks="xa", body="Neue Tour heute & morgen!"))
    fake.after_store = ["hang-up"]
    first = publish(xrepo)
    assert first.returncode == 1 and "uncertain" in first.stdout, first.stdout + first.stderr
    assert len(fake.tweets) == 1

    fake.lookup_fault = lookup_fault  # no read access, or no answer: it stays uncertain
    for _ in range(2):
        blocked = publish(xrepo)
        assert blocked.returncode == 1 and "could not look it up" in blocked.stdout
    assert len(fake.tweets) == 1 and events(xrepo)[-1] == "uncertain"

    fake.lookup_fault = None
    found = publish(xrepo)
    assert found.returncode == 0, found.stdout + found.stderr
    assert "found" in found.stdout and len(fake.tweets) == 1
    assert publish(xrepo).returncode == 0 and len(fake.tweets) == 1


def test_a_thread_failing_at_part_2_resumes_at_part_2(xrepo: Repo, fake: FakeX) -> None:
    body = "Erster Teil des Threads.\n\n<!-- split -->\n\nZweiter Teil des Threads."
    xrepo.post("t", post_text(networks="xa", body=body, thread="true"))
    fake.unavailable = {2}  # part 2: 503 (which may follow a created post)
    first = publish(xrepo)
    assert first.returncode == 1, first.stdout + first.stderr
    assert len(fake.tweets) == 1
    for _ in range(2):
        assert publish(xrepo).returncode == 0
    root, reply = reversed(fake.tweets)
    texts = [b["text"] for b in fake.bodies]
    assert texts == ["Erster Teil des Threads. 1/2", "Zweiter Teil des Threads. 2/2"], texts
    assert reply["referenced_tweets"] == [{"type": "replied_to", "id": root["id"]}]

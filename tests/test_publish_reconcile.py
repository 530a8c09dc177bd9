"""Crash tests for networks that can look a post up: a real PDS and a Mastodon API.

``smmgen publish`` runs as a real process and is killed with SIGKILL at the
fault points ``SMMGEN_FAULT=before-send|after-send`` (tests/faults wraps the adapter). The next run
finds the unfinished attempt in the ledger and asks the adapter's
``find_existing`` before sending again, so every part ends up on the network
exactly once and the ledger records where it lives.

Bluesky runs against the real local PDS (``tests/helpers/pds.py``) and is read
back with ``com.atproto.repo.listRecords``; Mastodon against pytest-httpserver
speaking the documented API (the fake of ``tests/test_adapter_mastodon.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pytest_httpserver import HTTPServer

from smmgen.ledger import LEDGER_FILE, Ledger, Record
from smmgen.machine import machine_id
from tests.helpers.content_repo import Repo
from tests.helpers.fake_mastodon import TOKEN, FakeMastodon, serve_mastodon

if TYPE_CHECKING:
    from tests.helpers.pds import LocalPds, PdsAccount

pytest_plugins = ["tests.helpers.pds"]  # the session-scoped `pds` fixture

JSON = {"Content-Type": "application/json"}
NOON = "2026-12-02 12:00"  # three hours after the posts' publish_at
PW_ENV, TOKEN_ENV = "SMMGEN_TEST_BSKY_PASSWORD", "SMMGEN_TEST_MASTODON_TOKEN"
BSKY = """\
  bsky:
    network: bluesky
    handle: {handle}
    service: {pds}
    password_env: SMMGEN_TEST_BSKY_PASSWORD
"""
MASTO = """\
  masto:
    network: mastodon
    instance: {instance}
    token_env: SMMGEN_TEST_MASTODON_TOKEN
"""
# Long enough for three Bluesky parts of at most 300 graphemes each.
LONG = " ".join(
    f"Satz {n}: Der Weg zur Hütte führt über den Grat und dann hinab ins Tal." for n in range(1, 12)
)


def post(networks: str, body: str, **front: str) -> str:
    lines = ["publish_at: 2026-12-02 09:00", f"networks: [{networks}]"]
    lines += [f"{k}: {v}" for k, v in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


class Setup:
    """The content repo, its accounts on the PDS and the fake Mastodon, and the env."""

    def __init__(self, repo: Repo, instance: str, pds: LocalPds | None = None,
                 user: PdsAccount | None = None) -> None:  # fmt: skip
        self.repo, self._pds, self._user = repo, pds, user
        accounts = MASTO.format(instance=instance)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("SMMGEN_")}
        self.env |= {TOKEN_ENV: TOKEN, "GITHUB_ACTIONS": ""}
        self.secrets = [TOKEN]
        if pds is not None and user is not None:
            accounts = BSKY.format(handle=user.handle, pds=pds.url) + accounts
            self.env[PW_ENV] = user.password
            self.secrets.append(user.password)
        repo.write("schedule.yaml", "timezone: Europe/Berlin\naccounts:\n" + accounts)

    @property
    def pds(self) -> LocalPds:
        assert self._pds is not None
        return self._pds

    @property
    def user(self) -> PdsAccount:
        assert self._user is not None
        return self._user

    def publish(self, *args: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
        """``smmgen publish`` as a real process (so SIGKILL really kills it)."""
        env = self.env | ({"SMMGEN_FAULT": fault} if fault else {})
        done = subprocess.run(
            [sys.executable, "-m", "smmgen", "publish", *args],
            cwd=self.repo.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        out = done.stdout + done.stderr
        assert "Traceback" not in out, out
        assert not any(secret in out for secret in self.secrets)
        return done

    def records(self) -> list[Record]:
        return Ledger(self.repo.root / LEDGER_FILE).records()

    def ledger_text(self) -> str:
        text = (self.repo.root / LEDGER_FILE).read_text("utf-8")
        assert not any(secret in text for secret in self.secrets)
        return text

    def on_pds(self) -> list[dict[str, Any]]:
        """Every post in the account's repo, oldest key first (read without our code)."""
        query = urllib.parse.urlencode(
            {"repo": self.user.did, "collection": "app.bsky.feed.post", "limit": 100}
        )
        listed: list[dict[str, Any]] = self.pds.xrpc(
            "GET", f"com.atproto.repo.listRecords?{query}"
        )["records"]
        return listed


def sent(records: list[Record], post_id: str, account: str) -> list[Record]:
    return [r for r in records if (r.post, r.account, r.event) == (post_id, account, "sent")]


def summary(out: str, account: str) -> list[list[str]]:
    """The summary table's rows for ``account``, split into columns."""
    return [line.split() for line in out.splitlines() if line.startswith(account + " ")]


@pytest.fixture
def user(pds: LocalPds, request: pytest.FixtureRequest) -> PdsAccount:
    """A fresh PDS account per test, so every repo starts empty."""
    name = re.sub(r"[^a-z0-9]", "", request.node.name.lower())[-14:]
    return pds.create_account(f"r{name}")


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeMastodon:
    """A Mastodon instance: statuses with Idempotency-Key, the account's recent statuses."""
    return serve_mastodon(httpserver)


@pytest.fixture
def setup(
    repo: Repo, pds: LocalPds, user: PdsAccount, httpserver: HTTPServer, fake: FakeMastodon
) -> Setup:
    """Both accounts: Bluesky on the local PDS and Mastodon on the fake."""
    return Setup(repo, httpserver.url_for("/").rstrip("/"), pds, user)


@pytest.fixture
def masto(repo: Repo, httpserver: HTTPServer, fake: FakeMastodon) -> Setup:
    """Only the Mastodon account (no PDS needed)."""
    return Setup(repo, httpserver.url_for("/").rstrip("/"))


# ── Bluesky on the real PDS ──────────────────────────────────────────────────


def test_bluesky_killed_after_send_is_found_not_resent(setup: Setup) -> None:
    # Sent in path order: the thread goes out, the kill comes before it is recorded.
    setup.repo.post("a-thread", post("bsky", LONG, thread="true"))
    setup.repo.post("b-single", post("bsky", "Ein einzelner Beitrag für den Gipfel."))

    died = setup.publish("--at", NOON, "--only", "bsky", fault="after-send")
    assert died.returncode == -signal.SIGKILL, died.stdout + died.stderr
    assert len(setup.on_pds()) == 3  # the whole thread, nothing else
    assert setup.records() and all(r.event == "claimed" for r in setup.records())
    assert setup.ledger_text().count('"attempt": true') == 1  # only the thread was tried

    again = setup.publish("--at", NOON, "--only", "bsky")
    assert again.returncode == 0, again.stdout + again.stderr
    # Progress, not a problem: on stdout.
    assert "a-thread: an earlier run did not finish; looking it up" in again.stdout
    rows = {row[4]: row[1] for row in summary(again.stdout, "bsky")}
    assert rows == {"a-thread": "found", "b-single": "sent"}, again.stdout

    posts = setup.on_pds()
    texts = [p["value"]["text"] for p in posts]
    assert len(posts) == 4 and len(set(texts)) == 4, texts  # three parts + one single
    records = setup.records()
    single = next(p for p in posts if p["value"]["text"].startswith("Ein einzelner"))
    [rec] = sent(records, "b-single", "bsky")
    rkey = single["uri"].rsplit("/", 1)[1]
    assert rec.remote_id == single["uri"]
    assert rec.url == f"https://bsky.app/profile/{setup.user.handle}/post/{rkey}"

    # The thread: one root and a chain of replies, each to the part before.
    parts = [p for p in posts if p is not single]
    [root] = [p for p in parts if "reply" not in p["value"]]
    by_parent = {p["value"]["reply"]["parent"]["uri"]: p for p in parts if p is not root}
    chain = [root]
    while chain[-1]["uri"] in by_parent:
        chain.append(by_parent[chain[-1]["uri"]])
    assert [p["value"]["text"].split()[-1] for p in chain] == ["1/3", "2/3", "3/3"], texts
    assert all(p["value"]["reply"]["root"]["uri"] == root["uri"] for p in chain[1:])
    [thread] = sent(records, "a-thread", "bsky")
    assert thread.remote_id == root["uri"]
    assert thread.url is not None and thread.url in again.stdout

    # A third run has nothing left to do and sends nothing.
    third = setup.publish("--at", NOON, "--only", "bsky")
    assert third.returncode == 0 and "nothing due" in third.stdout, third.stdout
    assert len(setup.on_pds()) == 4


def test_bluesky_killed_before_send_sends_once(setup: Setup) -> None:
    setup.repo.post("single", post("bsky", "Vor dem Senden gestorben."))
    died = setup.publish("--at", NOON, "--only", "bsky", fault="before-send")
    assert died.returncode == -signal.SIGKILL
    assert setup.on_pds() == []

    again = setup.publish("--at", NOON, "--only", "bsky")
    assert again.returncode == 0, again.stdout + again.stderr
    [row] = summary(again.stdout, "bsky")
    assert row[1] == "sent", again.stdout
    [on_pds] = setup.on_pds()
    assert on_pds["value"]["text"] == "Vor dem Senden gestorben."
    [rec] = sent(setup.records(), "single", "bsky")
    assert rec.remote_id == on_pds["uri"]


# ── Mastodon against a local server speaking its API ────────────────────────


def test_the_post_language_reaches_both_networks(setup: Setup, fake: FakeMastodon) -> None:
    setup.repo.post("a", post("bsky, masto", "Fresh snow on the ridge.", language="en-GB"))
    done = setup.publish("--at", NOON)
    assert done.returncode == 0, done.stdout + done.stderr
    [record] = setup.on_pds()
    assert record["value"]["langs"] == ["en-GB"]  # Bluesky takes the BCP 47 tag
    [(params, _)] = fake.posted
    assert params["language"] in ("en", ["en"])  # Mastodon an ISO 639 code


def test_mastodon_killed_after_send_is_found_in_recent_statuses(
    masto: Setup, fake: FakeMastodon
) -> None:
    masto.repo.post("a", post("masto", "Neue Tour **heute** & morgen!"))
    died = masto.publish("--at", NOON, "--only", "masto", fault="after-send")
    assert died.returncode == -signal.SIGKILL, died.stdout + died.stderr
    assert len(fake.posted) == 1 and len(fake.statuses) == 1
    status = fake.statuses[0]
    assert sent(masto.records(), "a", "masto") == []

    again = masto.publish("--at", NOON, "--only", "masto")
    assert again.returncode == 0, again.stdout + again.stderr
    [row] = summary(again.stdout, "masto")
    assert row[1] == "found" and row[-1] == status["url"], again.stdout
    assert "… masto: a: an earlier run did not finish; looking it up\n" in again.stdout
    assert f"✓ masto: a: already published {status['url']}\n" in again.stdout
    assert len(fake.posted) == 1  # no second POST /api/v1/statuses
    [rec] = sent(masto.records(), "a", "masto")
    assert (rec.remote_id, rec.url) == (status["id"], status["url"])

    third = masto.publish("--at", NOON, "--only", "masto")
    assert third.returncode == 0 and "nothing due" in third.stdout
    assert len(fake.posted) == 1


def test_mastodon_killed_before_send_sends_once_with_the_key(
    masto: Setup, fake: FakeMastodon
) -> None:
    masto.repo.post("a", post("masto", "Vor dem Senden gestorben."))
    died = masto.publish("--at", NOON, "--only", "masto", fault="before-send")
    assert died.returncode == -signal.SIGKILL
    assert fake.posted == []

    again = masto.publish("--at", NOON, "--only", "masto")
    assert again.returncode == 0, again.stdout + again.stderr
    [(_, key)] = fake.posted
    [claim, *_] = masto.records()
    assert key == claim.key  # the Idempotency-Key is the ledger's content key
    [rec] = sent(masto.records(), "a", "masto")
    assert rec.remote_id == fake.statuses[0]["id"]


def foreign(records: list[Record], age: dt.timedelta) -> str:
    """The ledger as if a run on another machine (a CI runner) had written it ``age`` ago."""
    at = (dt.datetime.now(dt.UTC) - age).isoformat(timespec="seconds")
    assert all(r.host == machine_id() for r in records)
    lines = []
    for r in records:
        data = json.loads(r.line())
        lines.append(json.dumps(data | {"host": "runner-7", "pid": 4242, "at": at}) + "\n")
    return "".join(lines)


def test_a_young_claim_from_another_machine_is_left_alone_an_old_one_is_reconciled(
    masto: Setup, fake: FakeMastodon
) -> None:
    """Another machine's claim is "in progress" for 15 minutes of wall-clock time.

    The lease is measured on the wall clock the claims are stamped with, not on
    ``--at``: a run planning for another time must not take over a live run's
    post. So the test stamps the claims, instead of moving ``--at``.
    """
    masto.repo.post("a", post("masto", "Vom CI-Runner gesendet."))
    died = masto.publish("--at", NOON, "--only", "masto", fault="after-send")
    assert died.returncode == -signal.SIGKILL and len(fake.posted) == 1
    ledger = masto.repo.root / LEDGER_FILE
    claims = masto.records()

    ledger.write_text(foreign(claims, dt.timedelta(minutes=2)), "utf-8")
    for at in (NOON, "2026-12-02 14:30"):  # a later --at does not end the lease
        held = masto.publish("--at", at, "--only", "masto")
        assert held.returncode == 0, held.stdout + held.stderr
        [row] = summary(held.stdout, "masto")
        assert row[1] == "in-progress" and "is publishing it" in held.stdout, held.stdout
    assert len(fake.posted) == 1
    assert sent(masto.records(), "a", "masto") == []

    ledger.write_text(foreign(claims, dt.timedelta(minutes=20)), "utf-8")
    again = masto.publish("--at", NOON, "--only", "masto")
    assert again.returncode == 0, again.stdout + again.stderr
    [row] = summary(again.stdout, "masto")
    assert row[1] == "found", again.stdout
    assert len(fake.posted) == 1
    [rec] = sent(masto.records(), "a", "masto")
    assert rec.remote_id == fake.statuses[0]["id"]


def test_mastodon_thread_cut_short_by_a_crash_is_completed(
    masto: Setup, fake: FakeMastodon, httpserver: HTTPServer
) -> None:
    """The run died after the first part went out: the rest follows, nothing twice."""
    from smmgen.publish import load

    masto.repo.post("t", post("masto", LONG, thread="true"))
    died = masto.publish("--at", NOON, "--only", "masto", fault="before-send")
    assert died.returncode == -signal.SIGKILL and fake.posted == []
    # What the dead run got out before it died: part 1, sent as the adapter sends it.
    ctx = load(masto.repo.root)
    parts = ctx.rendered(ctx.posts[0], "masto").parts
    assert len(parts) == 2
    first = httpserver.url_for("/api/v1/statuses")
    headers = {"Authorization": f"Bearer {TOKEN}", "Idempotency-Key": masto.records()[0].key}
    with urllib.request.urlopen(
        urllib.request.Request(
            first, json.dumps({"status": parts[0]}).encode(), headers | JSON, method="POST"
        )
    ) as answer:
        root = json.load(answer)

    again = masto.publish("--at", NOON, "--only", "masto")
    assert again.returncode == 0, again.stdout + again.stderr
    texts = [s["content"] for s in reversed(fake.statuses)]
    assert len(texts) == 2, texts  # part 1 once, part 2 added
    reply = fake.statuses[0]
    assert reply["in_reply_to_id"] == root["id"]
    key = headers["Idempotency-Key"]
    assert [k for _, k in fake.posted] == [key, f"{key}-2"]  # only part 2 was sent
    [row] = summary(again.stdout, "masto")
    assert row[1] == "sent", again.stdout
    [rec] = sent(masto.records(), "t", "masto")
    assert rec.remote_id == root["id"]
    # Both parts' ids, so that `smmgen retract t` can take the whole thread down.
    assert rec.parts == (root["id"], reply["id"])


def test_uncertain_attempt_not_found_and_too_late_is_missed_not_sent(
    masto: Setup, fake: FakeMastodon
) -> None:
    """Looked up a day later and not there: max_delay applies as to any late post."""
    masto.repo.post("a", post("masto", "Gestern fällig."))
    died = masto.publish("--at", NOON, "--only", "masto", fault="before-send")
    assert died.returncode == -signal.SIGKILL and fake.posted == []

    late = "2026-12-03 12:00"  # 27 h after publish_at; max_delay is 6 h
    held = masto.publish("--at", late, "--only", "masto")
    assert held.returncode == 0 and fake.posted == [], held.stdout + held.stderr
    [row] = summary(held.stdout, "masto")
    assert row[1] == "missed" and "--include-missed a" in held.stdout, held.stdout
    # Said as it happens, on stderr like every '✗' line.
    assert "✗ masto: a: an earlier run did not finish and it is not on mastodon; " in held.stderr

    [failed] = [r for r in masto.records() if r.event == "failed"]
    assert failed.error is not None and "not on mastodon; 27h late" in failed.error
    again = masto.publish("--at", late, "--only", "masto")  # the plan now says missed
    assert again.returncode == 0 and fake.posted == [], again.stdout + again.stderr
    assert summary(again.stdout, "masto")[0][1] == "missed"

    resent = masto.publish("--at", late, "--only", "masto", "--include-missed", "a")
    assert resent.returncode == 0, resent.stdout + resent.stderr
    assert len(fake.posted) == 1
    assert len(sent(masto.records(), "a", "masto")) == 1


def test_an_unfinished_attempt_too_late_but_included_is_looked_up_and_sent(
    masto: Setup, fake: FakeMastodon
) -> None:
    """--include-missed: a person said to publish it anyway, after the lookup found nothing."""
    masto.repo.post("a", post("masto", "Gestern fällig."))
    died = masto.publish("--at", NOON, "--only", "masto", fault="before-send")
    assert died.returncode == -signal.SIGKILL and fake.posted == []

    late = "2026-12-03 12:00"  # 27 h after publish_at; max_delay is 6 h
    done = masto.publish("--at", late, "--only", "masto", "--include-missed", "a")
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(fake.posted) == 1
    assert summary(done.stdout, "masto")[0][1] == "sent", done.stdout
    assert len(sent(masto.records(), "a", "masto")) == 1


# ── uncertain outcomes (issue 12 §1): never sent again without a lookup that worked ──


@pytest.mark.parametrize("fault", [403, "hang-up"])
def test_a_failing_lookup_keeps_the_attempt_uncertain_until_one_works(
    masto: Setup, fake: FakeMastodon, fault: int | str
) -> None:
    masto.repo.post("a", post("masto", "Gesendet, dann gestorben."))
    died = masto.publish("--at", NOON, "--only", "masto", fault="after-send")
    assert died.returncode == -signal.SIGKILL and len(fake.posted) == 1

    fake.lookup_fault = fault  # a missing read scope, or no answer
    for _ in range(2):
        blocked = masto.publish("--at", NOON, "--only", "masto")
        assert blocked.returncode == 1, blocked.stdout + blocked.stderr
        [row] = summary(blocked.stdout, "masto")
        assert row[1] == "uncertain" and "could not look it up" in blocked.stdout, blocked.stdout
    assert len(fake.posted) == 1  # never sent blindly
    assert [r.event for r in masto.records()][-1] == "uncertain"

    fake.lookup_fault = None
    again = masto.publish("--at", NOON, "--only", "masto")
    assert again.returncode == 0, again.stdout + again.stderr
    assert summary(again.stdout, "masto")[0][1] == "found"
    assert len(fake.posted) == 1 and len(fake.statuses) == 1


@pytest.mark.parametrize("fault", ["hang-up", 502])
def test_a_lost_answer_after_the_status_was_created_exists_once(
    masto: Setup, fake: FakeMastodon, fault: str | int
) -> None:
    """The retry carries the same Idempotency-Key, so the server answers with the stored status."""
    masto.repo.post("a", post("masto", "Antwort verloren."))
    fake.after_store = [fault]
    done = masto.publish("--at", NOON, "--only", "masto")
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(fake.statuses) == 1
    [rec] = sent(masto.records(), "a", "masto")
    assert rec.remote_id == fake.statuses[0]["id"]
    assert masto.publish("--at", NOON, "--only", "masto").returncode == 0
    assert len(fake.statuses) == 1


def test_a_thread_refused_at_part_2_resumes_at_part_2(masto: Setup, fake: FakeMastodon) -> None:
    masto.repo.post("t", post("masto", LONG, thread="true"))
    fake.refuse = [None, 422]  # part 1 goes out, part 2 is refused

    first = masto.publish("--at", NOON, "--only", "masto")
    assert first.returncode == 1, first.stdout + first.stderr
    [root] = fake.statuses
    [rec] = [r for r in masto.records() if r.event == "uncertain"]
    assert rec.parts == (root["id"],) and rec.url == root["url"]  # part 1 is recorded
    said = "(1 of its parts are out; the rest follow after them); the next run looks it up"
    assert said in first.stdout, first.stdout

    for _ in range(2):  # the next runs continue after part 1, never repeat it
        again = masto.publish("--at", NOON, "--only", "masto")
        assert again.returncode == 0, again.stdout + again.stderr
    texts = [s["in_reply_to_id"] for s in reversed(fake.statuses)]
    assert texts == [None, root["id"]]  # part 1 once, part 2 as its reply
    [done] = sent(masto.records(), "t", "masto")
    assert (done.remote_id, done.url) == (root["id"], root["url"])


def test_a_run_killed_in_one_checkout_is_reconciled_from_another_on_the_same_host(
    repo: Repo, httpserver: HTTPServer, fake: FakeMastodon, tmp_path: Path
) -> None:
    """Issue 11 §9: the dead run's attempt records never left its working tree.

    The second checkout sees only the pushed claims of a dead process on this
    machine. They may have been tried, so it looks every one of them up
    instead of sending blindly: each post exists exactly once.
    """
    from tests.helpers.publishing import commit_all, git

    Setup(repo, httpserver.url_for("/").rstrip("/"))
    for name in ("a", "b", "c"):
        repo.post(name, post("masto", f"Beitrag {name} aus zwei Checkouts."))
    git(repo.root, "init", "-q", "-b", "main")
    commit_all(repo.root, "content", "2026-11-30T10:00:00+01:00")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(repo.root, "push", "-q", str(origin), "main")
    for n in "12":
        git(tmp_path, "clone", "-q", str(origin), str(tmp_path / n))
    # (Setup rewrites the committed schedule.yaml unchanged.)
    one, two = (Setup(Repo(tmp_path / n), httpserver.url_for("/").rstrip("/")) for n in "12")

    died = one.publish("--commit", "--at", NOON, fault="after-send")
    assert died.returncode == -signal.SIGKILL, died.stdout + died.stderr
    assert len(fake.statuses) == 1  # a went out; the run died before recording it

    again = two.publish("--commit", "--at", NOON)
    assert again.returncode == 0, again.stdout + again.stderr
    results = sorted(row[1] for row in summary(again.stdout, "masto"))
    assert results == ["found", "sent", "sent"], again.stdout  # a looked up, b and c sent
    assert sorted(s["content"] for s in fake.statuses) == [
        f"<p>Beitrag {n} aus zwei Checkouts.</p>" for n in "abc"
    ]
    for clone in (one, two):
        done = clone.publish("--commit", "--at", NOON)
        assert done.returncode == 0 and "nothing due" in done.stdout, done.stdout + done.stderr
    assert len(fake.statuses) == 3


def test_a_reconciling_run_killed_before_its_lookup_leaves_the_attempt_uncertain(
    masto: Setup, fake: FakeMastodon
) -> None:
    """Its own claim replaces the dead run's attempt claim; it must stay an attempt."""
    masto.repo.post("a", post("masto", "Zweimal gestorben."))
    first = masto.publish("--at", NOON, "--only", "masto", fault="after-send")
    assert first.returncode == -signal.SIGKILL and len(fake.posted) == 1
    second = masto.publish("--at", NOON, "--only", "masto", fault="before-lookup")
    assert second.returncode == -signal.SIGKILL and len(fake.posted) == 1

    third = masto.publish("--at", NOON, "--only", "masto")
    assert third.returncode == 0, third.stdout + third.stderr
    assert summary(third.stdout, "masto")[0][1] == "found", third.stdout


def test_resend_sends_again_without_looking_it_up(masto: Setup, fake: FakeMastodon) -> None:
    """--resend: a person checked the account and says it is not there; no lookup decides."""
    masto.repo.post("a", post("masto", "Nochmal senden."))
    died = masto.publish("--at", NOON, "--only", "masto", fault="after-send")
    assert died.returncode == -signal.SIGKILL and len(fake.posted) == 1

    again = masto.publish("--at", NOON, "--only", "masto", "--resend", "a")
    assert again.returncode == 0, again.stdout + again.stderr
    assert summary(again.stdout, "masto")[0][1] == "sent", again.stdout
    assert len(fake.posted) == 2  # sent again, as the person asked
    assert len(sent(masto.records(), "a", "masto")) == 1


def test_an_unfinished_attempt_exactly_max_delay_late_is_still_sent(
    masto: Setup, fake: FakeMastodon
) -> None:
    masto.repo.post("a", post("masto", "Genau sechs Stunden."))
    died = masto.publish("--at", NOON, "--only", "masto", fault="before-send")
    assert died.returncode == -signal.SIGKILL and fake.posted == []

    again = masto.publish("--at", "2026-12-02 15:00", "--only", "masto")  # 09:00 + 6 h
    assert again.returncode == 0, again.stdout + again.stderr
    assert summary(again.stdout, "masto")[0][1] == "sent", again.stdout
    assert len(fake.posted) == 1


def test_the_lease_of_another_machines_claim_is_fifteen_minutes(
    masto: Setup, fake: FakeMastodon
) -> None:
    # 30 s either side of the lease: the run's own start-up time stays well inside that.
    masto.repo.post("a", post("masto", "Fünfzehn Minuten."))
    died = masto.publish("--at", NOON, "--only", "masto", fault="after-send")
    assert died.returncode == -signal.SIGKILL and len(fake.posted) == 1
    ledger = masto.repo.root / LEDGER_FILE
    claims = masto.records()
    ledger.write_text(foreign(claims, dt.timedelta(minutes=14, seconds=30)), "utf-8")
    held = masto.publish("--at", NOON, "--only", "masto")
    assert summary(held.stdout, "masto")[0][1] == "in-progress", held.stdout
    ledger.write_text(foreign(claims, dt.timedelta(minutes=15, seconds=30)), "utf-8")
    found = masto.publish("--at", NOON, "--only", "masto")
    assert summary(found.stdout, "masto")[0][1] == "found", found.stdout
    assert len(fake.posted) == 1

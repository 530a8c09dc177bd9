"""`smmgen retract`: claim, delete every part, record `retracted` — exactly once per account.

Real git, real processes (SIGKILL, two runs at once), the real Discord adapter
against a local webhook that also deletes messages, as Delete Webhook Message
does (https://discord.com/developers/docs/resources/webhook#delete-webhook-message).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen import gitstate
from smmgen.ledger import LEDGER_FILE, Ledger, Record, parse
from tests.helpers.content_repo import Repo
from tests.helpers.publishing import (
    NOON,
    TOKEN,
    Webhook,
    commit_all,
    events,
    git,
    post_text,
    publish_run,
    publishing,
)


class DeletingWebhook(Webhook):
    """The webhook, plus Delete Webhook Message: 204, or 404 Unknown Message when gone."""

    def __init__(self, server: HTTPServer) -> None:
        super().__init__(server)
        self.deletes: list[tuple[str, int]] = []  # (message id, status answered)
        server.expect_request(
            re.compile(rf"{self.path}/messages/\d+"), method="DELETE"
        ).respond_with_handler(self.delete)

    def delete(self, request: Request) -> Response:
        message = request.path.rsplit("/", 1)[1]
        live = [m for m in self.messages if m["id"] == message and not m.get("deleted")]
        if live:
            live[0]["deleted"] = True
            self.deletes.append((message, 204))
            return Response(status=204)
        self.deletes.append((message, 404))
        body = {"message": "Unknown Message", "code": 10008}
        return Response(json.dumps(body), 404, content_type="application/json")

    def deleted(self) -> list[str]:
        """Messages really deleted (204), in order."""
        return [m for m, status in self.deletes if status == 204]


@pytest.fixture
def pub(repo: Repo) -> Repo:
    return publishing(repo)


def run(
    root: Path, *args: str, hook: Webhook, fault: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``smmgen ARGS`` as a real process (so SIGKILL really kills it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    env |= {"SMMGEN_TEST_DISCORD": hook.url}
    if fault is not None:
        env["SMMGEN_FAULT"] = fault
    return subprocess.run(
        [sys.executable, "-m", "smmgen", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def retract_run(root: Path, hook: Webhook, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    env |= {"SMMGEN_TEST_DISCORD": hook.url}
    return subprocess.Popen(
        [sys.executable, "-m", "smmgen", "retract", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def held(repo: Repo, account: str, env: dict[str, str]) -> list[tuple[str, str, str]]:
    plan = json.loads(repo.run("plan", "--at", NOON, "--format", "json", env=env).stdout)
    block = next(a for a in plan["accounts"] if a["account"] == account)
    return [(h["post"], h["reason"], h["detail"]) for h in block["held"]]


def test_retract_deletes_records_and_is_never_sent_again_unless_changed(
    pub: Repo, httpserver: HTTPServer
) -> None:
    hook = DeletingWebhook(httpserver)
    pub.post("a", post_text(body="Falscher Preis: 5 Euro."))
    pub.post("b", post_text(body="Post b."))
    env = {"SMMGEN_TEST_DISCORD": hook.url}
    assert pub.run("publish", "--at", NOON, "--only", "chat", env=env).exit_code == 0
    ids = {m["content"]: m["id"] for m in hook.messages}

    done = pub.run("retract", "a", "--reason", "wrong price", env=env)
    assert done.exit_code == 0, done.output
    assert "retracted" in done.output and TOKEN not in done.output
    assert hook.deleted() == [ids["Falscher Preis: 5 Euro."]]
    assert [e for p, _, e in events(pub.root) if p == "a"][-2:] == ["retracting", "retracted"]
    [(_, reason, detail)] = [h for h in held(pub, "chat", env) if h[0] == "a"]
    assert reason == "retracted" and "wrong price" in detail
    text = pub.run("plan", "--at", NOON, env=env).stdout
    assert "retracted" in text and "wrong price" in text

    # Not sent again by later runs, and a second retract does nothing.
    again = pub.run("publish", "--at", "2026-12-02 12:20", "--only", "chat", env=env)
    assert again.exit_code == 0 and len(hook.messages) == 2, again.output
    twice = pub.run("retract", "content/a.md", env=env)  # the file names the post too
    assert twice.exit_code == 0 and "already" in twice.output
    assert len(hook.deletes) == 1

    # Changed (and so reviewed again): it may go out again.
    pub.post("a", post_text(body="Richtiger Preis: 7 Euro."))
    fixed = pub.run("publish", "--at", "2026-12-02 12:40", "--only", "chat", env=env)
    assert fixed.exit_code == 0, fixed.output
    assert hook.messages[-1]["content"] == "Richtiger Preis: 7 Euro."
    assert [h[1] for h in held(pub, "chat", env) if h[0] == "a"] == ["published"]


def test_retract_unknown_post_is_a_usage_error(pub: Repo, httpserver: HTTPServer) -> None:
    hook = DeletingWebhook(httpserver)
    result = pub.run("retract", "nothing", env={"SMMGEN_TEST_DISCORD": hook.url})
    assert result.exit_code == 2 and "no publication of 'nothing'" in result.output


def test_killed_after_the_delete_the_next_run_finishes_without_deleting_twice(
    pub: Repo, httpserver: HTTPServer
) -> None:
    hook = DeletingWebhook(httpserver)
    pub.post("a", post_text(body="Post a."))
    assert run(pub.root, "publish", "--at", NOON, "--only", "chat", hook=hook).returncode == 0

    died = run(pub.root, "retract", "a", hook=hook, fault="after-delete")
    assert died.returncode == -signal.SIGKILL, died.stderr
    assert hook.deleted() == ["1000"]
    assert ("a", "chat", "retracted") not in events(pub.root)

    again = run(pub.root, "retract", "a", hook=hook)
    assert again.returncode == 0, again.stdout + again.stderr
    assert hook.deleted() == ["1000"]  # the message went once; the repeat found it gone
    assert events(pub.root).count(("a", "chat", "retracted")) == 1
    third = run(pub.root, "retract", "a", hook=hook)
    assert third.returncode == 0 and "already" in third.stdout
    assert len(hook.deletes) == 2


def test_two_retractions_at_once_delete_each_post_once(
    pub: Repo, httpserver: HTTPServer, tmp_path: Path
) -> None:
    hook = DeletingWebhook(httpserver)
    pub.post("a", post_text(body="Post a."))
    git(pub.root, "init", "-q", "-b", "main")
    commit_all(pub.root, "content", "2026-11-30T10:00:00+01:00")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(pub.root, "push", "-q", str(origin), "main")
    clones = [tmp_path / "one", tmp_path / "two"]
    for clone in clones:
        git(tmp_path, "clone", "-q", str(origin), str(clone))
    out, err = publish_run(clones[0], hook).communicate(timeout=120)
    assert len(hook.messages) == 1, out + err

    runs = [retract_run(clone, hook, "a", "--commit", "--reason", "x") for clone in clones]
    results = [(r.wait(timeout=120), *r.communicate()) for r in runs]
    assert hook.deletes == [("1000", 204)], results  # one delete, by one run
    for code, out, err in results:
        assert code in (0, 1), out + err
        assert "retracted" in out or "already" in out or "in-progress" in out, out + err

    head = gitstate.fetch(clones[0])
    records = parse(gitstate.read(clones[0], head, LEDGER_FILE))
    assert [r.event for r in records if r.event.startswith("retract")] == [
        "retracting",
        "retracted",
    ]
    # A later publish run from either clone sends nothing.
    for clone in clones:
        out, err = publish_run(clone, hook).communicate(timeout=120)
        assert "nothing due" in out or "retracted" not in err, out + err
    assert len(hook.messages) == 1


def test_accounts_without_delete_go_on_the_checklist_and_by_hand_records_them(
    repo: Repo,
) -> None:
    record = Record(
        post="2026-12/a",
        account="insta",
        key="k1",
        event="sent",
        at="2026-12-02T09:00:00+00:00",
        run="r1",
        remote_id="17900000000000001",
        url="https://www.instagram.com/p/Cabc/",
    )
    Ledger(repo.root / LEDGER_FILE).append([record])
    listed = repo.run("retract", "2026-12/a", "--reason", "legal")
    assert listed.exit_code == 1, listed.output
    assert (
        "Delete by hand:" in listed.output and "https://www.instagram.com/p/Cabc/" in listed.output
    )
    assert "smmgen retract 2026-12/a --account insta --by-hand" in listed.output
    assert not any(r.event.startswith("retract") for r in Ledger(repo.root / LEDGER_FILE).records())

    done = repo.run("retract", "2026-12/a", "--account", "insta", "--by-hand")
    assert done.exit_code == 0, done.output
    assert [r.event for r in Ledger(repo.root / LEDGER_FILE).records()][-1] == "retracted"


MASTODON_SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  masto:
    network: mastodon
    instance: {instance}
    token_env: MASTODON_TOKEN
"""


def test_a_thread_published_on_mastodon_is_deleted_part_by_part(
    repo: Repo, httpserver: HTTPServer
) -> None:
    """publish records every part's id in `sent`; retract deletes them all, the last first."""
    from tests.helpers.fake_mastodon import TOKEN as MASTO_TOKEN
    from tests.helpers.fake_mastodon import serve_mastodon

    fake = serve_mastodon(httpserver)
    deleted: list[str] = []

    def delete(req: Request) -> Response:
        status = req.path.rsplit("/", 1)[1]
        found = [s for s in fake.statuses if s["id"] == status]
        if not found:
            return Response(json.dumps({"error": "Record not found"}), 404)
        fake.statuses.remove(found[0])
        deleted.append(status)
        return Response(json.dumps(found[0]), content_type="application/json")

    httpserver.expect_request(
        re.compile(r"/api/v1/statuses/\d+"), method="DELETE"
    ).respond_with_handler(delete)
    instance = httpserver.url_for("/").rstrip("/")
    repo.write("schedule.yaml", MASTODON_SCHEDULE.format(instance=instance))
    body = "Teil eins.\n\n<!-- split -->\n\nTeil zwei.\n\n<!-- split -->\n\nTeil drei."
    repo.post("a", post_text(networks="masto", thread="true", body=body))
    env = {"MASTODON_TOKEN": MASTO_TOKEN}
    published = repo.run("publish", "--at", NOON, env=env)
    assert published.exit_code == 0, published.output
    ids = [s["id"] for s in reversed(fake.statuses)]
    assert len(ids) == 3
    sent = [r for r in Ledger(repo.root / LEDGER_FILE).records() if r.event == "sent"]
    assert sent[0].parts == tuple(ids)

    done = repo.run("retract", "a", "--account", "masto", env=env)
    assert done.exit_code == 0, done.output
    assert deleted == list(reversed(ids)) and fake.statuses == []
    assert MASTO_TOKEN not in done.output

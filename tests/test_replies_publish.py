"""Replies go out exactly once: Bluesky on the real local PDS (root and parent refs checked
on the PDS), Mastodon and X against local servers speaking their documented APIs."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters.base import DeleteRequest, TargetGone
from smmgen.adapters.x import XAdapter
from smmgen.ledger import LEDGER_FILE, Ledger
from tests.helpers.adapter_calls import account, request
from tests.helpers.bluesky_pds import adapter, make_request, records, ref
from tests.helpers.content_repo import Repo

pytest_plugins = ["tests.helpers.pds"]
NOW = "2026-12-02 12:00"

SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  bsky:
    network: bluesky
    handle: {handle}
    service: {service}
    password_env: BSKY_REPLY_PASSWORD
"""


def reply_file(url: str, account: str, body: str) -> str:
    return f"---\nin_reply_to: {url}\naccount: {account}\n---\n\n{body}\n"


def link(handle: str, uri: str) -> str:
    return f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[1]}"


def events(repo: Repo) -> list[tuple[str, str]]:
    return [(r.post, r.event) for r in Ledger(repo.root / LEDGER_FILE).records()]


def test_bluesky_reply_answers_in_the_targets_conversation_once(repo: Repo, pds: Any) -> None:
    me, other = pds.create_account("ureplyme"), pds.create_account("ureplyother")
    theirs = adapter(pds.url, other)
    root = theirs.send(make_request("root-key", "Wer kommt mit auf die Tour?"))
    question = theirs.send(
        replace(
            make_request("q-key", "Wann geht es los?"),
            in_reply_to=link(other.handle, root.remote_id),
        )
    )
    repo.write("schedule.yaml", SCHEDULE.format(handle=me.handle, service=pds.url))
    repo.write(
        "replies/2026-12-02-antwort.md",
        reply_file(link(other.handle, question.remote_id), "bsky", "Um 9 Uhr am Bahnhof!"),
    )
    env = {"BSKY_REPLY_PASSWORD": me.password}
    assert [p["rule"] for p in repo.check()] == ["schedule/custom-endpoint"]  # the local PDS
    done = repo.run("publish", "--at", NOW, env=env)
    assert done.exit_code == 0, done.output

    [ours] = records(pds, me)
    assert ours["value"]["text"] == "Um 9 Uhr am Bahnhof!"
    reply = ours["value"]["reply"]
    their = {r["uri"]: r for r in records(pds, other)}
    assert ref(reply["root"]) == ref(their[root.remote_id])  # the conversation's first post
    assert ref(reply["parent"]) == ref(their[question.remote_id])  # the message we answer

    again = repo.run("publish", "--at", "2026-12-02 12:20", env=env)
    assert again.exit_code == 0 and len(records(pds, me)) == 1, again.output
    sent = [e for e in events(repo) if e[1] == "sent"]
    assert sent == [("replies/2026-12-02-antwort", "sent")]


def test_a_reply_to_a_deleted_post_is_held_and_nothing_is_sent(repo: Repo, pds: Any) -> None:
    me, other = pds.create_account("ugoneme"), pds.create_account("ugoneother")
    theirs = adapter(pds.url, other)
    target = theirs.send(make_request("gone-key", "Bald gelöscht."))
    url = link(other.handle, target.remote_id)
    theirs.delete(
        DeleteRequest(
            key="gone-key", post_id="x", account=theirs.account, remote_ids=(target.remote_id,)
        )
    )
    repo.write("schedule.yaml", SCHEDULE.format(handle=me.handle, service=pds.url))
    repo.write("replies/2026-12-02-zu-spaet.md", reply_file(url, "bsky", "Danke!"))
    env = {"BSKY_REPLY_PASSWORD": me.password}

    held = repo.run("publish", "--at", NOW, env=env)
    assert held.exit_code == 1, held.output
    assert "target-gone" in held.output and "the post was deleted" in held.output
    assert records(pds, me) == []
    plan = json.loads(repo.run("plan", "--at", NOW, "--format", "json", env=env).stdout)
    [entry] = plan["accounts"][0]["held"]
    assert entry["reason"] == "target-gone" and "in_reply_to" in entry["detail"]

    # Not tried again while the reply is unchanged: no new call, no new record.
    before = events(repo)
    again = repo.run("publish", "--at", "2026-12-02 12:20", env=env)
    assert again.exit_code == 1 and events(repo) == before and records(pds, me) == []


MASTODON = """\
timezone: Europe/Berlin
accounts:
  masto:
    network: mastodon
    instance: {instance}
    token_env: MASTODON_TOKEN
"""


def test_mastodon_reply_resolves_the_target_and_sends_in_reply_to_id(
    repo: Repo, httpserver: HTTPServer
) -> None:
    from tests.helpers.fake_mastodon import TOKEN as MASTO_TOKEN
    from tests.helpers.fake_mastodon import serve_mastodon

    fake = serve_mastodon(httpserver)
    remote = "https://other.example/@anna/99887766"
    searched: list[dict[str, str]] = []

    def search(req: Request) -> Response:
        searched.append(dict(req.args))
        hits = [{"id": "113500000000000777", "url": remote}] if req.args["q"] == remote else []
        body = {"accounts": [], "statuses": hits, "hashtags": []}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/api/v2/search").respond_with_handler(search)
    instance = httpserver.url_for("/").rstrip("/")
    repo.write("schedule.yaml", MASTODON.format(instance=instance))
    repo.write("replies/2026-12-02-a.md", reply_file(remote, "masto", "@anna@other.example Ja!"))
    env = {"MASTODON_TOKEN": MASTO_TOKEN}
    done = repo.run("publish", "--at", NOW, env=env)
    assert done.exit_code == 0, done.output
    [(params, key)] = fake.posted
    assert params["in_reply_to_id"] in ("113500000000000777", ["113500000000000777"])
    assert key is not None  # the Idempotency-Key, as for every status
    assert searched[0]["resolve"] in ("true", "True", "1")

    repo.write(
        "replies/2026-12-02-b.md",
        reply_file("https://other.example/@anna/1", "masto", "Zu spät."),
    )
    gone = repo.run("publish", "--at", "2026-12-02 12:20", env=env)
    assert gone.exit_code == 1 and "target-gone" in gone.output, gone.output
    assert len(fake.posted) == 1
    why = "https://other.example/@anna/1: the status was deleted or cannot be seen from this "
    why += "account"
    assert f": held, nothing sent: {why}\n" in gone.output
    [failed] = [r for r in Ledger(repo.root / LEDGER_FILE).records() if r.event == "failed"]
    assert failed.error == f"target gone: {why}"  # held while the reply is unchanged


X_KEYS = {
    "api_key_env": "ck-abcdefghijklmnop",
    "api_secret_env": "cs-abcdefghijklmnopqrstuvwxyz",
    "access_token_env": "at-abcdefghijklmnop",
    "access_token_secret_env": "as-abcdefghijklmnopqrstuvwxyz",
}


def test_x_reply_sends_in_reply_to_tweet_id_and_a_deleted_target_is_target_gone(
    httpserver: HTTPServer,
) -> None:
    bodies: list[dict[str, Any]] = []

    def create(req: Request) -> Response:
        body = req.get_json()
        bodies.append(body)
        if body["reply"]["in_reply_to_tweet_id"] == "1861000000000000999":
            said = {
                "detail": "You attempted to reply to a Tweet that is deleted or not visible "
                "to you.",
                "status": 403,
                "title": "Forbidden",
                "type": "about:blank",
            }
            return Response(json.dumps(said), 403, content_type="application/json")
        return Response(
            json.dumps({"data": {"id": "1861000000000000500", "text": body["text"]}}),
            201,
            content_type="application/json",
        )

    httpserver.expect_request("/2/tweets", method="POST").respond_with_handler(create)
    httpserver.expect_request(re.compile(r"/2/users/me")).respond_with_json(
        {"data": {"id": "1", "username": "example"}}
    )
    settings = {k: f"X_{k.upper()}" for k in X_KEYS}
    acct = account("x", "xacct", api_base=httpserver.url_for("/").rstrip("/"), **settings)
    x = XAdapter(acct, X_KEYS)
    sent = x.send(
        replace(request(acct, "Gern!"), in_reply_to="https://x.com/anna/status/1861000000000000042")
    )
    assert sent.remote_id == "1861000000000000500"
    assert bodies[0]["reply"] == {"in_reply_to_tweet_id": "1861000000000000042"}
    with pytest.raises(TargetGone):
        x.send(
            replace(
                request(acct, "Zu spät", key="k2"),
                in_reply_to="https://x.com/anna/status/1861000000000000999",
            )
        )


def smmgen(root: Any, *args: str, env: dict[str, str]) -> Any:
    import os
    import subprocess
    import sys

    base = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    return subprocess.Popen(
        [sys.executable, "-m", "smmgen", *args],
        cwd=root,
        env=base | env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_killed_after_sending_a_reply_the_next_run_finds_it(repo: Repo, pds: Any) -> None:
    import signal

    me, other = pds.create_account("ukillme"), pds.create_account("ukillother")
    target = adapter(pds.url, other).send(make_request("kill-key", "Frage?"))
    repo.write("schedule.yaml", SCHEDULE.format(handle=me.handle, service=pds.url))
    repo.write(
        "replies/2026-12-02-a.md", reply_file(link(other.handle, target.remote_id), "bsky", "Ja!")
    )
    env = {"BSKY_REPLY_PASSWORD": me.password}
    died = smmgen(repo.root, "publish", "--at", NOW, env=env | {"SMMGEN_FAULT": "after-send"})
    died.communicate(timeout=120)
    assert died.returncode == -signal.SIGKILL
    assert len(records(pds, me)) == 1
    again = smmgen(repo.root, "publish", "--at", NOW, env=env)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, out + err
    assert "already published" in out
    assert len(records(pds, me)) == 1
    assert [e for e in events(repo) if e[1] == "sent"] == [("replies/2026-12-02-a", "sent")]


def test_two_runs_at_once_send_a_reply_once(repo: Repo, pds: Any, tmp_path: Any) -> None:
    from tests.helpers.publishing import commit_all, git

    me, other = pds.create_account("uraceme"), pds.create_account("uraceother")
    target = adapter(pds.url, other).send(make_request("race-key", "Frage?"))
    repo.write("schedule.yaml", SCHEDULE.format(handle=me.handle, service=pds.url))
    repo.write(
        "replies/2026-12-02-a.md", reply_file(link(other.handle, target.remote_id), "bsky", "Ja!")
    )
    git(repo.root, "init", "-q", "-b", "main")
    commit_all(repo.root, "reply", "2026-12-02T11:50:00+01:00")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(repo.root, "push", "-q", str(origin), "main")
    clones = [tmp_path / "one", tmp_path / "two"]
    for clone in clones:
        git(tmp_path, "clone", "-q", str(origin), str(clone))
    env = {"BSKY_REPLY_PASSWORD": me.password}
    runs = [smmgen(c, "publish", "--commit", "--at", NOW, env=env) for c in clones]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, out + err
    assert len(records(pds, me)) == 1

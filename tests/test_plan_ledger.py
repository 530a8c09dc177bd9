"""`smmgen plan` after the ledger has something to say about a post: published (under
this or an old id), retracted, a reply whose target is gone, an unfinished claim —
what the plan shows for it, and when it goes out again.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import replace
from typing import Any

import pytest

from smmgen.ledger import LEDGER_FILE, Ledger, Record, parse
from smmgen.machine import private_hash
from smmgen.shared_ledger import checkout_id, this_host
from tests.helpers.content_repo import Repo
from tests.helpers.planning import ENV, plan
from tests.helpers.publishing import NOON, SCHEDULE, commit_all, git, post_text

AT = "2026-12-02T08:00:05+00:00"
NINE = "2026-12-02T09:00:00+01:00"
RESOLVE = (
    "it is looked up where the network allows, else check the account and run "
    "smmgen mark-published hello --account chat --url URL if it is there, "
    "or smmgen publish --resend hello if not"
)


@pytest.fixture
def key(repo: Repo) -> str:
    """The content key of ``hello`` on chat (as ``mark-published`` records it); empty ledger."""
    repo.write("schedule.yaml", SCHEDULE)
    repo.post("hello", post_text("2026-12-02 09:00"))
    marked = repo.run("mark-published", "hello", "--account", "chat", "--url", URL)
    assert marked.exit_code == 0, marked.output
    [record] = parse((repo.root / LEDGER_FILE).read_text("utf-8"))
    (repo.root / LEDGER_FILE).write_text("", "utf-8")
    return record.key


URL = "https://discord.com/channels/1/2/3"


def hello(repo: Repo, at: str = NOON) -> dict[str, Any]:
    """The plan entry of ``hello`` (or of the one post on chat), with its state."""
    [block] = [a for a in plan(repo, at)["accounts"] if a["account"] == "chat"]
    [found] = [e | {"state": s} for s in ("due", "upcoming", "held") for e in block[s]]
    return found


def write(repo: Repo, *records: Record) -> None:
    (repo.root / LEDGER_FILE).unlink(missing_ok=True)
    Ledger(repo.root / LEDGER_FILE).append(records)


def rec(event: str, key: str, run: str = "r1", **extra: Any) -> Record:
    return Record("hello", "chat", key, event, AT, run, **extra)


def test_a_published_post_shows_where_it_went_and_the_time_it_went_out_for(
    repo: Repo, key: str
) -> None:
    repo.run("mark-published", "hello", "--account", "chat", "--url", URL)
    shown = hello(repo)
    assert (shown["state"], shown["reason"], shown["when"]) == ("held", "published", NINE)
    assert shown["detail"].startswith(f"{URL} (manual 20")

    sent = rec("sent", key, remote_id="55", scheduled=NINE)
    write(repo, rec("claimed", key, scheduled=NINE), sent)
    repo.post("hello", post_text("2026-12-02 10:00"))  # moved after it went out
    shown = hello(repo)
    assert (shown["state"], shown["reason"], shown["when"]) == ("held", "published", NINE)
    assert shown["detail"] == f"55 (sent {AT})"

    (repo.root / "content" / "hello.md").rename(repo.root / "content" / "hello-new.md")
    shown = hello(repo)
    assert (shown["post"], shown["reason"], shown["when"]) == ("hello-new", "renamed", NINE)
    assert shown["detail"] == f"published as hello (renamed): 55 (sent {AT})"

    write(repo, rec("sent", key, remote_id="55"))  # no planned time recorded
    shown = hello(repo)
    assert (shown["reason"], shown["when"]) == ("renamed", "2026-12-02T10:00:00+01:00")


def test_a_retracted_post_is_held_until_its_content_changes(repo: Repo, key: str) -> None:
    retracted = rec("retracted", key, run="r2", remote_id="55", scheduled=NINE, reason="Tippfehler")
    write(repo, rec("sent", key, remote_id="55", scheduled=NINE), retracted)
    repo.post("hello", post_text("2026-12-02 10:00"))
    shown = hello(repo)
    assert (shown["state"], shown["reason"], shown["when"]) == ("held", "retracted", NINE)
    assert shown["detail"] == (
        f"retracted {AT}: Tippfehler; not published again unless the post is changed"
    )
    repo.post("hello", post_text("2026-12-02 10:00", body="Hallo Berge, korrigiert."))
    shown = hello(repo)
    assert (shown["state"], shown["when"]) == ("due", "2026-12-02T10:00:00+01:00")


def test_a_post_whose_target_is_gone_is_held_until_it_changes(repo: Repo, key: str) -> None:
    gone = rec("failed", key, error="target gone: the message was deleted")
    write(repo, gone)
    shown = hello(repo)
    assert (shown["state"], shown["reason"]) == ("held", "target-gone")
    assert shown["detail"] == (
        f"the message was deleted (found {AT}); nothing was sent — point in_reply_to at "
        "another message or delete the reply file"
    )
    # A claim after it (a run trying again, --resend) is what the plan reports instead.
    write(repo, gone, rec("claimed", key, run="r2", host="ci-runner"))
    assert hello(repo)["reason"] == "uncertain"
    # Other failures are tried again, and so is a changed post.
    write(repo, rec("failed", key, error="HTTP 503"))
    assert hello(repo)["state"] == "due"
    write(repo, rec("failed", key))
    assert hello(repo)["state"] == "due"
    write(repo, gone)
    repo.post("hello", post_text(body="Antwort, neu."))
    assert hello(repo)["state"] == "due"


def dead_pid() -> int:
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def test_an_unfinished_claim_is_in_progress_uncertain_or_abandoned(repo: Repo, key: str) -> None:
    just_now = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).isoformat(timespec="seconds")
    write(repo, Record("hello", "chat", key, "claimed", just_now, "r9", host="ci-runner"))
    shown = hello(repo)
    assert (shown["state"], shown["reason"]) == ("held", "in-progress")
    assert shown["detail"] == "run r9 is publishing it"

    write(repo, rec("claimed", key, run="r9", host="ci-runner"))  # hours old: its run died
    shown = hello(repo)
    assert (shown["state"], shown["reason"]) == ("held", "uncertain")
    assert shown["detail"] == f"run r9 started sending it at {AT} and did not finish; {RESOLVE}"

    write(repo, rec("uncertain", key, run="r9", error="timed out"))
    assert hello(repo)["detail"] == f"run r9 may have published it at {AT} (timed out); {RESOLVE}"
    write(repo, rec("uncertain", key, run="r9"))
    assert hello(repo)["detail"] == (
        f"run r9 started sending it at {AT} and did not finish; {RESOLVE}"
    )


def ago(minutes: float) -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes)).isoformat()


def test_a_claim_from_another_machine_is_in_progress_for_15_minutes(repo: Repo, key: str) -> None:
    write(repo, replace(rec("claimed", key, run="r9", host="ci-runner"), at=ago(14)))
    assert hello(repo)["reason"] == "in-progress"
    write(repo, replace(rec("claimed", key, run="r9", host="ci-runner"), at=ago(15.5)))
    assert hello(repo)["reason"] == "uncertain"
    # Its pid means nothing here: pid 1 is alive on this machine, the claim is still old.
    write(repo, rec("claimed", key, run="r9", host="ci-runner", pid=1))
    assert hello(repo)["reason"] == "uncertain"
    # A run that said the network may have applied it stays uncertain from the start.
    write(repo, replace(rec("uncertain", key, run="r9", host="ci-runner"), at=ago(1)))
    assert hello(repo)["reason"] == "uncertain"


def test_a_claim_of_this_machine_is_judged_by_its_process(repo: Repo, key: str) -> None:
    here = {"host": this_host(), "checkout": checkout_id(repo.root)}
    # Checkout ids in existing ledgers are 12 characters of a salted hash of the path.
    assert here["checkout"] == private_hash(str(repo.root.resolve()), 12)
    # A run of this checkout died before it tried: planned as if unclaimed.
    write(repo, rec("claimed", key, run="r9", pid=dead_pid(), **here))
    assert hello(repo)["state"] == "due"
    # It died after saying it was about to send: it may have sent.
    claim = rec("claimed", key, run="r9", pid=dead_pid(), **here)
    write(repo, claim, replace(claim, attempt=True))
    assert hello(repo)["reason"] == "uncertain"
    # Died in another checkout of this machine: its attempt records may never have reached
    # this file.
    write(repo, rec("claimed", key, run="r9", pid=dead_pid(), **here | {"checkout": "elsewhere"}))
    assert hello(repo)["reason"] == "uncertain"
    # A claim with this very process's pid is an earlier run in it that finished.
    write(repo, rec("claimed", key, run="r9", pid=os.getpid(), **here))
    assert hello(repo)["state"] == "due"
    # Still running: in progress, and asking about it does not signal it.
    with subprocess.Popen(["sleep", "60"]) as running:
        try:
            write(repo, rec("claimed", key, run="r9", pid=running.pid, **here))
            shown = hello(repo)
            assert (shown["reason"], shown["detail"]) == ("in-progress", "run r9 is publishing it")
            with pytest.raises(subprocess.TimeoutExpired):
                running.wait(timeout=0.5)  # not signalled: still running
        finally:
            running.kill()


def test_a_plan_without_a_time_or_at_now_is_for_the_current_time(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE)
    for args in ((), ("--at", "now"), ("--at", " Now ")):
        result = repo.run("plan", *args, "--format", "json", env=ENV)
        assert result.exit_code == 0, result.output
        at = dt.datetime.fromisoformat(plan_at(result.stdout))
        assert abs(at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=2)
        assert at.utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))  # Berlin


def plan_at(stdout: str) -> str:
    import json

    value: str = json.loads(stdout)["at"]
    return value


def test_a_slot_post_keeps_the_occurrence_its_claim_was_for(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE)
    git(repo.root, "init", "-q", "-b", "main")
    repo.post("s", post_text(None, slot="morning"))
    commit_all(repo.root, "s", "2026-11-29T08:00:00+01:00")
    monday = "2026-11-30T09:30:00+01:00"
    claim = Record("s", "chat", "k", "claimed", AT, "r9", host="ci-runner", scheduled=monday)
    write(repo, claim)
    shown = hello(repo)  # on Wednesday
    assert (shown["reason"], shown["when"]) == ("uncertain", monday)
    # A failure ends the attempt: the post takes the next free occurrence.
    write(repo, claim, replace(claim, event="failed", error="HTTP 503"))
    shown = hello(repo)
    assert (shown["state"], shown["when"]) == ("due", "2026-12-02T09:30:00+01:00")

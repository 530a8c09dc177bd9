"""Fast replies: `/reply TEXT` by a code owner on an inbox issue, sent at once where
schedule.yaml allows it — the command path end to end against the fake GitHub REST API
(tests/test_github.py) and a local Telegram Bot API with a discussion group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from smmgen.inbox.issues import issue_body
from smmgen.ledger import LEDGER_FILE, Ledger
from tests.helpers.content_repo import Repo
from tests.helpers.fake_github import FakeGitHub, private_github, run
from tests.helpers.fake_telegram_group import FakeGroup


@pytest.fixture
def gh_private(httpserver: HTTPServer) -> FakeGitHub:
    return private_github(httpserver)


BOT = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  tg:
    network: telegram
    chat_id: "@examplenews"
    token_env: TELEGRAM_BOT_TOKEN
    api_base: {base}
inbox:
  fast_replies: {fast}
"""


def setup(repo: Repo, gh: FakeGitHub, server: HTTPServer, *, fast: bool) -> tuple[FakeGroup, int]:
    """A Telegram comment waiting in an inbox issue; CODEOWNERS names @social-bot."""
    tg = FakeGroup(server, BOT)
    comment = tg.comment(post=12, author="anna", text="Gibt es noch Tickets?")
    base = server.url_for("/").rstrip("/")
    repo.write("schedule.yaml", SCHEDULE.format(base=base, fast="true" if fast else "false"))
    repo.write(".github/CODEOWNERS", "/replies/  @social-bot\n")
    item = {
        "network": "telegram",
        "account": "tg",
        "id": str(comment),
        "url": f"https://t.me/examplenews/12?comment={comment}",
        "author": "anna",
        "text": "Gibt es noch Tickets?",
        "at": "2026-12-01T08:00:00+00:00",
        "kind": "reply",
        "answers": "12",
        "root": "thread-500",
        "opted_out": False,
    }
    conv = {
        "account": "tg",
        "network": "telegram",
        "root": "thread-500",
        "ours": None,
        "items": [item],
        "answers": [],
    }
    number = gh.issue(gh.me_user(), "Inbox: tg", issue_body(conv, [item], []), ["smmgen-inbox"])
    return tg, number


def slash_reply(
    gh: FakeGitHub, tmp_path: Path, number: int, author: str, text: str
) -> dict[str, str]:
    comment = tmp_path / "comment.txt"
    comment.write_text(f"/reply {text}", "utf-8")
    out = tmp_path / "github-output"
    out.write_text("", "utf-8")
    done = run(
        gh,
        "reply",
        "--issue",
        str(number),
        "--author",
        author,
        "--comment-file",
        str(comment),
        "--comment-id",
        "4242",
        env={"GITHUB_OUTPUT": str(out)},
    )
    assert done.exit_code == 0, done.output
    return dict(line.split("=", 1) for line in out.read_text("utf-8").splitlines())


def test_a_code_owners_fast_reply_is_checked_sent_once_recorded_and_answered(
    repo: Repo,
    gh_private: FakeGitHub,
    httpserver: HTTPServer,
    tmp_path: Path,
) -> None:
    gh = gh_private
    tg, number = setup(repo, gh, httpserver, fast=True)
    # Job 1 (reads the comment, no network secret): a checked reply file, marked fast.
    outputs = slash_reply(gh, tmp_path, number, "social-bot", "Ja, ab Montag an der Kasse!")
    assert outputs["fast"] == "true"
    rel = outputs["reply-file"]
    assert rel == "replies/inbox-40-c4242.md"  # the same for a rerun on any day
    # Job 2 (network secrets, no issue rights): sent exactly once, recorded in the ledger.
    result = tmp_path / "fast-reply.json"
    env = {"TELEGRAM_BOT_TOKEN": BOT}
    sent = repo.run("github", "fast-reply", "--file", rel, "--result", str(result), env=env)
    assert sent.exit_code == 0, sent.output
    [message] = tg.sent
    assert message["reply_parameters"] == {"message_id": tg.messages[501]["message_id"]}
    assert message["text"] == "Ja, ab Montag an der Kasse!"
    records = Ledger(repo.root / LEDGER_FILE).records()
    assert [(r.post, r.event) for r in records if r.event == "sent"] == [(rel[:-3], "sent")]
    # Job 3 (issues only): the comment is answered with the result.
    answered = run(gh, "fast-reply-answer", "--issue", str(number), "--from", str(result))
    assert answered.exit_code == 0, answered.output
    [note] = [c["body"] for c in gh.comments.values()]
    assert note.startswith("`/reply` sent as `tg`: https://t.me/")

    # The workflow run again for the same comment: the same file, the ledger says it is out.
    slash_reply(gh, tmp_path, number, "social-bot", "Ja, ab Montag an der Kasse!")
    again = repo.run("github", "fast-reply", "--file", rel, "--result", str(result), env=env)
    assert again.exit_code == 1 and len(tg.sent) == 1
    assert json.loads(result.read_text())["status"] == "nothing"


def test_a_fast_reply_whose_comment_was_deleted_is_held_and_said_so(
    repo: Repo,
    gh_private: FakeGitHub,
    httpserver: HTTPServer,
    tmp_path: Path,
) -> None:
    gh = gh_private
    tg, number = setup(repo, gh, httpserver, fast=True)
    tg.messages.clear()  # deleted in Telegram meanwhile
    rel = slash_reply(gh, tmp_path, number, "social-bot", "Danke!")["reply-file"]
    result = tmp_path / "fast-reply.json"
    held = repo.run(
        "github",
        "fast-reply",
        "--file",
        rel,
        "--result",
        str(result),
        env={"TELEGRAM_BOT_TOKEN": BOT},
    )
    assert held.exit_code == 1 and tg.sent == []
    run(gh, "fast-reply-answer", "--issue", str(number), "--from", str(result))
    [note] = [c["body"] for c in gh.comments.values()]
    assert note.startswith("`/reply` held, nothing was sent:") and "deleted" in note


def test_without_the_switch_or_from_anyone_else_nothing_is_sent(
    repo: Repo,
    gh_private: FakeGitHub,
    httpserver: HTTPServer,
    tmp_path: Path,
) -> None:
    gh = gh_private
    tg, number = setup(repo, gh, httpserver, fast=False)
    outputs = slash_reply(gh, tmp_path, number, "social-bot", "Ja!")
    assert "fast" not in outputs  # a pull request, as before
    result = tmp_path / "fast-reply.json"
    refused = repo.run(
        "github",
        "fast-reply",
        "--file",
        outputs["reply-file"],
        "--result",
        str(result),
        env={"TELEGRAM_BOT_TOKEN": BOT},
    )
    assert refused.exit_code == 1 and tg.sent == []
    assert json.loads(result.read_text())["status"] == "off"

    (repo.root / outputs["reply-file"]).unlink()
    setup_fast = (repo.root / "schedule.yaml").read_text().replace("false", "true")
    repo.write("schedule.yaml", setup_fast)
    ignored = slash_reply(gh, tmp_path, number, "mallory", "Gratis Tickets für alle!")
    assert ignored == {} and not list((repo.root / "replies").glob("*.md"))
    [note] = [c["body"] for c in gh.comments.values()]
    assert "`mallory`" in note and "ignored" in note and tg.sent == []

"""Replies on LinkedIn (a comment under a comment) and Telegram (a message in the channel's
discussion group), sent by `smmgen publish` exactly once, against local servers speaking
the documented APIs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from pytest_httpserver import HTTPServer

from smmgen.ledger import LEDGER_FILE, Ledger
from smmgen.networks.linkedin_links import link_of
from tests.helpers.content_repo import Repo, one
from tests.helpers.fake_linkedin_comments import FakeComments
from tests.helpers.fake_telegram_group import FakeGroup

NOW = "2026-12-02 12:00"
TOKEN = "li-token-abcdefghijklmnop"
PAGE = "urn:li:organization:123"
POST = "urn:li:ugcPost:7001"
BOT = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

LINKEDIN = """\
timezone: Europe/Berlin
accounts:
  li:
    network: linkedin
    author_urn: {page}
    token_env: LINKEDIN_TOKEN
    api_base: {base}
"""
TELEGRAM = """\
timezone: Europe/Berlin
accounts:
  tg:
    network: telegram
    chat_id: "@examplenews"
    token_env: TELEGRAM_BOT_TOKEN
    api_base: {base}
"""


def reply_file(url: str, account: str, body: str) -> str:
    return f"---\nin_reply_to: {json.dumps(url)}\naccount: {account}\n---\n\n{body}\n"


def events(repo: Repo) -> list[tuple[str, str]]:
    return [(r.post, r.event) for r in Ledger(repo.root / LEDGER_FILE).records()]


def process(root: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    return subprocess.Popen(
        [sys.executable, "-m", "smmgen", *args],
        cwd=root,
        env=base | env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def linkedin(repo: Repo, httpserver: HTTPServer) -> tuple[FakeComments, str]:
    fake = FakeComments(TOKEN, posts=[POST]).install(httpserver)
    question = fake.add(POST, "urn:li:person:anna", "Wann kommt das Update?", 1795600000000)
    base = httpserver.url_for("/").rstrip("/")
    repo.write("schedule.yaml", LINKEDIN.format(page=PAGE, base=base))
    return fake, question


def test_linkedin_reply_is_a_comment_under_the_comment_sent_once(
    repo: Repo, httpserver: HTTPServer
) -> None:
    fake, question = linkedin(repo, httpserver)
    repo.write(
        "replies/2026-12-02-a.md", reply_file(link_of(POST, question), "li", "Morgen (ca.)!")
    )
    env = {"LINKEDIN_TOKEN": TOKEN}
    assert [p["rule"] for p in repo.check()] == ["schedule/custom-endpoint"]
    done = repo.run("publish", "--at", NOW, env=env)
    assert done.exit_code == 0, done.output
    [ours] = [c for c in fake.comments.values() if c["actor"] == PAGE]
    assert ours["parentComment"] == question and ours["object"] == POST
    assert ours["message"]["text"] == "Morgen \\(ca.\\)!"  # little text: escaped
    again = repo.run("publish", "--at", "2026-12-02 12:20", env=env)
    assert again.exit_code == 0, again.output
    assert len([c for c in fake.comments.values() if c["actor"] == PAGE]) == 1
    assert [e for e in events(repo) if e[1] == "sent"] == [("replies/2026-12-02-a", "sent")]
    # Retracted, the reply (a comment, not a post) is deleted as a comment.
    gone = repo.run("retract", "replies/2026-12-02-a", env=env)
    assert gone.exit_code == 0, gone.output
    assert [c for c in fake.comments.values() if c["actor"] == PAGE] == []
    assert question in fake.comments


def test_linkedin_reply_to_a_deleted_comment_is_held_nothing_sent(
    repo: Repo, httpserver: HTTPServer
) -> None:
    fake, question = linkedin(repo, httpserver)
    del fake.comments[question]
    repo.write("replies/2026-12-02-a.md", reply_file(link_of(POST, question), "li", "Danke!"))
    held = repo.run("publish", "--at", NOW, env={"LINKEDIN_TOKEN": TOKEN})
    assert held.exit_code == 1 and "target-gone" in held.output, held.output
    assert "the comment was deleted" in held.output
    assert not any(line.startswith("POST") for line in fake.log)


def test_linkedin_reply_killed_after_sending_is_found_by_the_next_run(
    repo: Repo, httpserver: HTTPServer
) -> None:
    fake, question = linkedin(repo, httpserver)
    # Enough other replies under the comment that ours is on the second page.
    for i in range(120):
        fake.add(POST, f"urn:li:person:p{i}", f"+{i}", 1795600000000 + i, parent=question)
    repo.write("replies/2026-12-02-a.md", reply_file(link_of(POST, question), "li", "Morgen!"))
    env = {"LINKEDIN_TOKEN": TOKEN}
    died = process(repo.root, "publish", "--at", NOW, env=env)
    fake.kill_on_create = died.pid
    died.communicate(timeout=120)
    assert died.returncode == -signal.SIGKILL
    fake.kill_on_create = None
    again = process(repo.root, "publish", "--at", NOW, env=env)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, out + err
    assert "already published" in out
    assert len([c for c in fake.comments.values() if c["actor"] == PAGE]) == 1


def test_bad_reply_links_are_errors_with_file_and_line(repo: Repo, httpserver: HTTPServer) -> None:
    linkedin(repo, httpserver)
    repo.write(
        "replies/2026-12-02-a.md",
        reply_file("https://www.linkedin.com/feed/update/urn:li:activity:1/", "li", "Hi"),
    )
    problem = one(repo.check(), "reply/not-a-post")
    assert (problem["path"], problem["line"]) == ("replies/2026-12-02-a.md", 2)
    assert "Copy link to comment" in problem["message"]
    repo.write("replies/2026-12-02-a.md", reply_file("https://t.me/examplenews/5", "li", "Hi"))
    assert one(repo.check(), "reply/wrong-network")["line"] == 2
    # LinkedIn replies are text only: an image would silently be left out.
    repo.image("replies/photo.png")
    url = json.dumps(link_of(POST, "urn:li:comment:(urn:li:ugcPost:7001,1)"))
    repo.write(
        "replies/2026-12-02-a.md",
        f"---\nin_reply_to: {url}\naccount: li\nmedia:\n  - path: photo.png\n"
        "    alt: Ein Foto\n---\n\nHi\n",
    )
    assert one(repo.check(), "linkedin/media-count")["line"] == 4


def test_bad_telegram_links_are_errors_with_file_and_line(
    repo: Repo, httpserver: HTTPServer
) -> None:
    telegram(repo, httpserver)
    for bad in ("https://t.me/examplenews", "https://t.me/examplenews/12?comment=x"):
        repo.write("replies/2026-12-02-a.md", reply_file(bad, "tg", "Hi"))
        problem = one(repo.check(), "reply/not-a-post")
        assert (problem["path"], problem["line"]) == ("replies/2026-12-02-a.md", 2)
        assert "?comment=ID" in problem["message"]
    repo.write(
        "replies/2026-12-02-a.md", reply_file("https://t.me/examplenews/12?comment=7", "tg", "")
    )
    assert one(repo.check(), "post/empty")["path"] == "replies/2026-12-02-a.md"
    repo.write(
        "replies/2026-12-02-a.md",
        reply_file("https://t.me/examplenews/12?comment=7", "tg", "x" * 4097),
    )
    assert "4097/4096" in one(repo.check(), "telegram/length")["message"]


def telegram(repo: Repo, httpserver: HTTPServer) -> FakeGroup:
    fake = FakeGroup(httpserver, BOT)
    repo.write("schedule.yaml", TELEGRAM.format(base=httpserver.url_for("/").rstrip("/")))
    return fake


def test_telegram_reply_goes_to_the_discussion_group_once(
    repo: Repo, httpserver: HTTPServer
) -> None:
    fake = telegram(repo, httpserver)
    comment = fake.comment(post=12, author="anna", text="Gibt es Tickets?")
    repo.write(
        "replies/2026-12-02-a.md",
        reply_file(f"https://t.me/examplenews/12?comment={comment}", "tg", "Ja, ab Montag!"),
    )
    env = {"TELEGRAM_BOT_TOKEN": BOT}
    assert [p["rule"] for p in repo.check()] == ["schedule/custom-endpoint"]
    done = repo.run("publish", "--at", NOW, env=env)
    assert done.exit_code == 0, done.output
    [sent] = fake.sent
    assert sent["chat_id"] == str(fake.group["id"])
    assert sent["reply_parameters"] == {"message_id": comment}
    assert sent["text"] == "Ja, ab Montag!"
    again = repo.run("publish", "--at", "2026-12-02 12:20", env=env)
    assert again.exit_code == 0 and len(fake.sent) == 1, again.output
    # A link to a message in the group itself names the same kind of target.
    second = fake.comment(post=12, author="ben", text="Und Ermäßigung?")
    repo.write(
        "replies/2026-12-02-b.md",
        reply_file(f"https://t.me/c/{fake.internal}/{second}", "tg", "Ja."),
    )
    assert repo.run("publish", "--at", "2026-12-02 12:40", env=env).exit_code == 0
    assert fake.sent[-1]["reply_parameters"] == {"message_id": second}
    # Retracted, the reply is deleted in the group, never the channel's message of its number.
    gone = repo.run("retract", "replies/2026-12-02-a", env=env)
    assert gone.exit_code == 0, gone.output
    [(chat, mid)] = fake.deleted
    assert chat == str(fake.group["id"]) and mid not in fake.messages


def test_telegram_reply_to_a_deleted_comment_is_held(repo: Repo, httpserver: HTTPServer) -> None:
    fake = telegram(repo, httpserver)
    repo.write(
        "replies/2026-12-02-a.md",
        reply_file("https://t.me/examplenews/12?comment=999", "tg", "Danke!"),
    )
    held = repo.run("publish", "--at", NOW, env={"TELEGRAM_BOT_TOKEN": BOT})
    assert held.exit_code == 1 and "target-gone" in held.output, held.output
    assert fake.sent == []


def test_telegram_reply_to_a_channel_post_or_another_chat_is_refused(
    repo: Repo, httpserver: HTTPServer
) -> None:
    fake = telegram(repo, httpserver)
    repo.write("replies/2026-12-02-a.md", reply_file("https://t.me/examplenews/12", "tg", "Hi"))
    repo.write("replies/2026-12-02-b.md", reply_file("https://t.me/otherchat/5", "tg", "Hi"))
    failed = repo.run("publish", "--at", NOW, env={"TELEGRAM_BOT_TOKEN": BOT})
    assert failed.exit_code == 1
    assert "is a channel post, not a comment" in failed.output
    assert "not in this channel's discussion group" in failed.output
    assert fake.sent == []


def test_telegram_reply_killed_after_sending_is_left_to_a_person(
    repo: Repo, httpserver: HTTPServer
) -> None:
    fake = telegram(repo, httpserver)
    comment = fake.comment(post=12, author="anna", text="Frage?")
    repo.write(
        "replies/2026-12-02-a.md",
        reply_file(f"https://t.me/examplenews/12?comment={comment}", "tg", "Antwort."),
    )
    env = {"TELEGRAM_BOT_TOKEN": BOT}
    died = process(repo.root, "publish", "--at", NOW, env=env)
    fake.kill_on_send = died.pid
    died.communicate(timeout=120)
    assert died.returncode == -signal.SIGKILL and len(fake.sent) == 1
    fake.kill_on_send = None
    again = process(repo.root, "publish", "--at", NOW, env=env)
    out, err = again.communicate(timeout=120)
    # The Bot API cannot look the message up: never sent blindly again, a person decides.
    assert again.returncode == 1, out + err
    assert len(fake.sent) == 1
    assert "mark-published" in out + err and "--resend" in out + err


def test_a_linkedin_reply_is_held_to_the_comment_limit(repo: Repo, httpserver: HTTPServer) -> None:
    """A comment takes 1,250 characters (a post 3,000), emoji counting 2 as for posts."""
    linkedin(repo, httpserver)
    url = link_of(POST, "urn:li:comment:(urn:li:ugcPost:7001,1)")
    repo.write("replies/2026-12-02-a.md", reply_file(url, "li", "x" * 1250))
    assert [p for p in repo.check() if p["severity"] == "error"] == []
    repo.write("replies/2026-12-02-a.md", reply_file(url, "li", "x" * 1249 + "🙂"))
    problem = one(repo.check(), "linkedin/length")
    assert problem["line"] == 6 and "1251/1250" in problem["message"]

"""`smmgen inbox fetch|purge` and `smmgen inbox` against local servers speaking the documented
APIs (Bluesky's listNotifications lexicon — a bare PDS has no AppView —, Mastodon's
notifications, X's mentions), and the privacy rule: no inbox text enters git."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from smmgen.inbox.fetch import fetch
from smmgen.inbox.store import Store
from smmgen.schedule import read_schedule
from tests.helpers.content_repo import Repo
from tests.helpers.fake_inbox import FakeBluesky, FakeMastodon, FakeX

SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  bsky:
    network: bluesky
    handle: brand.test
    service: {base}
    password_env: INBOX_BSKY
  masto:
    network: mastodon
    instance: {base}
    token_env: INBOX_MASTO
  xacct:
    network: x
    api_base: {base}
    api_key_env: INBOX_X1
    api_secret_env: INBOX_X2
    access_token_env: INBOX_X3
    access_token_secret_env: INBOX_X4
  chat:
    network: discord
    webhook_env: INBOX_DISCORD
"""
ENV = {
    "INBOX_BSKY": "app-pass-abcdefghijkl",
    "INBOX_MASTO": "masto-token-abcdefghijklmnop",
    "INBOX_X1": "ck-abcdefghijklmnop",
    "INBOX_X2": "cs-abcdefghijklmnopqrstuvwxyz",
    "INBOX_X3": "at-abcdefghijklmnop",
    "INBOX_X4": "as-abcdefghijklmnopqrstuvwxyz",
}


@pytest.fixture
def inbox_repo(repo: Repo, httpserver: HTTPServer) -> Repo:
    repo.write("schedule.yaml", SCHEDULE.format(base=httpserver.url_for("/").rstrip("/")))
    return repo


def listed(repo: Repo, *args: str) -> list[dict[str, object]]:
    result = repo.run("inbox", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: list[dict[str, object]] = json.loads(result.stdout)
    return data


def items(convs: list[dict[str, object]]) -> list[dict[str, object]]:
    return [i for c in convs for i in c["items"]]  # type: ignore[attr-defined]


def test_bluesky_pages_through_notifications_and_keeps_only_what_triage_needs(
    inbox_repo: Repo, httpserver: HTTPServer
) -> None:
    fake = FakeBluesky(httpserver)
    fake.add(230)
    fake.add(1, reason="like")  # not asked for
    [quiet] = fake.add(1, author="nobot.test", labels=[
        {"src": "did:plc:nobot", "uri": "did:plc:nobot", "val": "!no-unauthenticated",
         "cts": "2026-01-01T00:00:00Z"}
    ])  # fmt: skip
    done = inbox_repo.run("inbox", "fetch", "--only", "bsky", env=ENV)
    assert done.exit_code == 0, done.output
    assert "bsky: 231 new" in done.output
    assert fake.calls.count("listNotifications") == 3  # 100 + 100 + 31
    convs = listed(inbox_repo)
    found = items(convs)
    assert len(found) == 231
    assert set(found[0]) == {
        "network", "account", "id", "url", "author", "text", "at", "kind", "answers", "root",
        "opted_out",
    }  # fmt: skip
    opted = next(i for i in found if i["id"] == quiet)
    assert opted["text"] is None and opted["opted_out"] is True
    assert str(opted["url"]).startswith("https://bsky.app/profile/nobot.test/post/")
    assert "opted out of bots" in inbox_repo.run("inbox").stdout
    stored = (inbox_repo.root / ".smmgen-inbox" / "items.json").read_text()
    assert "Nachricht" in stored and "nobot" in stored and '"labels"' not in stored

    # The next fetch stops at the cursor and drops what was deleted upstream.
    calls = len(fake.calls)
    fake.add(2)
    gone = found[-1]["id"]
    fake.deleted.add(str(gone))
    again = inbox_repo.run("inbox", "fetch", "--only", "bsky", env=ENV)
    assert "bsky: 2 new, 1 gone upstream" in again.output, again.output
    assert fake.calls[calls:].count("listNotifications") == 1
    assert len(items(listed(inbox_repo))) == 232


def test_rate_limit_waits_for_retry_after(inbox_repo: Repo, httpserver: HTTPServer) -> None:
    fake = FakeBluesky(httpserver)
    fake.add(3)
    fake.throttle = 1
    schedule, _ = read_schedule(inbox_repo.root, inbox_repo.root / "schedule.yaml")
    assert schedule is not None
    waits: list[float] = []
    [result] = fetch(inbox_repo.root, schedule, ENV, only=["bsky"], sleep=waits.append)
    assert result.skipped is None and result.new == 3
    assert waits == [7.0]


def test_mastodon_pages_with_max_id_and_shows_nobot_authors_as_a_link(
    inbox_repo: Repo, httpserver: HTTPServer
) -> None:
    fake = FakeMastodon(httpserver)
    fake.add(170)
    fake.add(1, note="<p>Bitte keine Bots #NoBot</p>", acct="quiet@other.example")
    done = inbox_repo.run("inbox", "fetch", "--only", "masto", env=ENV)
    assert done.exit_code == 0 and "masto: 171 new" in done.output, done.output
    assert fake.calls == 3  # 80 + 80 + 11
    found = items(listed(inbox_repo, "--network", "mastodon"))
    assert len(found) == 171
    first = next(i for i in found if i["author"] == "bob@other.example")
    assert str(first["text"]).startswith("@brand Frage") and "\n" in str(first["text"])
    assert "&amp;" not in str(first["text"])
    quiet = next(i for i in found if i["author"] == "quiet@other.example")
    assert quiet["text"] is None
    fake.add(1)
    fake.deleted.add(str(first["id"]))
    fake.edit(5, "<p>@brand Frage, <b>geändert</b></p>")
    again = inbox_repo.run("inbox", "fetch", "--only", "masto", env=ENV)
    assert "masto: 1 new, 1 gone upstream, 1 edited" in again.output, again.output
    assert fake.calls == 4 and len(fake.lookups) == 9  # 171 stored, 20 per lookup
    now = items(listed(inbox_repo, "--network", "mastodon"))
    assert first["id"] not in {i["id"] for i in now} and len(now) == 171
    assert "@brand Frage, geändert" in {i["text"] for i in now}


def test_x_mentions_page_with_tokens(inbox_repo: Repo, httpserver: HTTPServer) -> None:
    fake = FakeX(httpserver)
    fake.add(150)
    done = inbox_repo.run("inbox", "fetch", "--only", "xacct", env=ENV)
    assert done.exit_code == 0 and "xacct: 150 new" in done.output, done.output
    assert fake.calls == 2
    found = items(listed(inbox_repo, "--network", "x"))
    assert found[0]["author"] == "carla" and found[0]["kind"] == "reply"
    assert str(found[0]["url"]).startswith("https://x.com/carla/status/")
    fake.add(1)
    again = inbox_repo.run("inbox", "fetch", "--only", "xacct", env=ENV)
    assert "xacct: 1 new" in again.output


def test_accounts_without_reader_or_credentials_are_reported_and_skipped(
    inbox_repo: Repo, httpserver: HTTPServer
) -> None:
    FakeBluesky(httpserver).add(1)
    done = inbox_repo.run("inbox", "fetch", env={"INBOX_BSKY": ENV["INBOX_BSKY"]})
    assert done.exit_code == 0, done.output
    assert "chat: skipped:" in done.output and "INBOX_DISCORD" in done.output
    assert "masto: skipped:" in done.output and "INBOX_MASTO" in done.output
    assert "bsky: 1 new" in done.output


def test_conversations_newest_first_with_our_answers_and_filters(
    inbox_repo: Repo, httpserver: HTTPServer
) -> None:
    fake = FakeBluesky(httpserver)
    fake.add(2, at=dt.datetime.now(dt.UTC) - dt.timedelta(days=5))
    inbox_repo.run("inbox", "fetch", "--only", "bsky", env=ENV)
    newest = items(listed(inbox_repo))[0]
    inbox_repo.write(
        "replies/2026-12-01-a.md",
        f"---\nin_reply_to: {newest['url']}\naccount: bsky\n---\n\nDanke!\n",
    )
    [conv] = listed(inbox_repo)
    assert conv["answers"] == [
        {"reply": "replies/2026-12-01-a", "item": newest["id"], "state": "waiting"}
    ]
    assert listed(inbox_repo, "--unanswered") == []
    assert "answered: replies/2026-12-01-a (waiting)" in inbox_repo.run("inbox").stdout
    assert listed(inbox_repo, "--since", "2d") == []  # the items are five days old
    assert len(listed(inbox_repo, "--since", "6d")) == 1
    markdown = inbox_repo.run("inbox", "--format", "markdown").stdout
    assert "### bsky (bluesky)" in markdown and "> Nachricht" in markdown
    assert inbox_repo.run("inbox", "--since", "yesterday").exit_code == 2


def test_no_inbox_text_enters_git_and_purge_keeps_the_retention(
    inbox_repo: Repo, httpserver: HTTPServer
) -> None:
    fake = FakeBluesky(httpserver)
    recent = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    fake.add(3, text="Geheime Kundenfrage", at=dt.datetime.now(dt.UTC) - dt.timedelta(days=200))
    fake.add(2, text="Neue Kundenfrage", at=recent)
    root = inbox_repo.root
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    done = inbox_repo.run("inbox", "fetch", env={"INBOX_BSKY": ENV["INBOX_BSKY"]})
    assert done.exit_code == 0, done.output
    # Older than the default retention (90 days): not even stored.
    assert [i["text"] for i in items(listed(inbox_repo))] == ["Neue Kundenfrage"] * 2
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin"}  # fmt: skip
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "all"], cwd=root, check=True, env=env)
    history = subprocess.run(
        ["git", "log", "--all", "-p", "--format=%H"], cwd=root, capture_output=True, text=True
    ).stdout
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True).stdout
    assert "Kundenfrage" not in history and ".smmgen-inbox" not in tracked
    assert "schedule.yaml" in tracked

    purged = inbox_repo.run("inbox", "purge", "--days", "1")
    assert purged.exit_code == 0 and "2 item(s) removed" in purged.output
    assert items(listed(inbox_repo)) == []
    Store(root).save([], {})
    assert inbox_repo.run("inbox", "purge").output.startswith("0 item(s)")


def test_retention_days_from_schedule(
    inbox_repo: Repo, httpserver: HTTPServer, tmp_path: Path
) -> None:
    fake = FakeBluesky(httpserver)
    fake.add(1, at=dt.datetime.now(dt.UTC) - dt.timedelta(days=10))
    text = (inbox_repo.root / "schedule.yaml").read_text()
    inbox_repo.write("schedule.yaml", text + "inbox:\n  retention_days: 7\n")
    assert inbox_repo.check() == [] or all(p["severity"] == "warning" for p in inbox_repo.check())
    inbox_repo.run("inbox", "fetch", "--only", "bsky", env=ENV)
    assert items(listed(inbox_repo)) == []

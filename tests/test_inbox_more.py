"""`smmgen inbox fetch` on LinkedIn (comments on the page's posts), Telegram (the channel's
discussion group through getUpdates) and Discord (replies to our webhook, read by a bot),
against local servers speaking the documented APIs."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer

from smmgen.inbox.fetch import fetch
from smmgen.schedule import read_schedule
from tests.helpers.content_repo import Repo
from tests.helpers.fake_discord_bot import FakeDiscord
from tests.helpers.fake_linkedin_comments import FakeComments
from tests.helpers.fake_telegram_group import FakeGroup

LI_TOKEN = "li-token-abcdefghijklmnop"
BOT = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
DISCORD_BOT = "discord-bot-token-abcdefghijklmnop"
PAGE = "urn:li:organization:123"
POSTS = ["urn:li:ugcPost:7001", "urn:li:ugcPost:7002"]

SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  li:
    network: linkedin
    author_urn: {page}
    token_env: INBOX_LI
    api_base: {base}
  tg:
    network: telegram
    chat_id: "@examplenews"
    token_env: INBOX_TG
    api_base: {base}
  chat:
    network: discord
    webhook_env: INBOX_DISCORD
    bot_token_env: INBOX_DISCORD_BOT
"""


@pytest.fixture
def inbox_repo(repo: Repo, httpserver: HTTPServer) -> Repo:
    base = httpserver.url_for("/").rstrip("/")
    repo.write("schedule.yaml", SCHEDULE.format(page=PAGE, base=base))
    return repo


def env(discord: FakeDiscord | None = None) -> dict[str, str]:
    out = {"INBOX_LI": LI_TOKEN, "INBOX_TG": BOT, "INBOX_DISCORD_BOT": DISCORD_BOT}
    if discord is not None:
        out["INBOX_DISCORD"] = discord.webhook_url
    return out


def found(repo: Repo, network: str) -> list[dict[str, object]]:
    result = repo.run("inbox", "--format", "json", "--network", network)
    assert result.exit_code == 0, result.output
    return [i for c in json.loads(result.stdout) for i in c["items"]]


def test_linkedin_comments_page_by_page_deleted_and_edited(
    inbox_repo: Repo, httpserver: HTTPServer
) -> None:
    fake = FakeComments(LI_TOKEN, posts=POSTS).install(httpserver)
    first = [
        fake.add(POSTS[0], f"urn:li:person:p{i}", f"Frage {i}", 1795600000000 + i)
        for i in range(130)
    ]
    fake.add(
        POSTS[0], PAGE, "Unsere eigene Antwort", 1795600001000, parent=first[0]
    )  # ours: not inbox
    reply = fake.add(POSTS[0], "urn:li:person:q", "Und noch was", 1795600002000, parent=first[0])
    fake.add(POSTS[1], "urn:li:person:r", "Toll!", 1795600003000)
    done = inbox_repo.run("inbox", "fetch", "--only", "li", env=env())
    assert done.exit_code == 0, done.output
    assert "li: 132 new" in done.output
    items = {i["id"]: i for i in found(inbox_repo, "linkedin")}
    assert len(items) == 132
    nested = items[reply]
    assert nested["answers"] == first[0] and nested["root"] == POSTS[0]
    assert nested["author"] == "urn:li:person:q"
    # The item's link is one `smmgen reply` takes, naming the comment it answers.
    made = inbox_repo.run("reply", str(nested["url"]), "--account", "li", "--name", "antwort")
    assert made.exit_code == 0, made.output

    del fake.comments[first[5]]
    fake.comments[first[6]]["message"]["text"] = "Frage 6, geändert"
    fake.add(POSTS[1], "urn:li:person:s", "Neu", 1795600009000)
    again = inbox_repo.run("inbox", "fetch", "--only", "li", env=env())
    assert "li: 1 new, 1 gone upstream, 1 edited" in again.output, again.output


def test_linkedin_without_permission_is_reported_and_skipped(
    inbox_repo: Repo, httpserver: HTTPServer
) -> None:
    FakeComments(LI_TOKEN, posts=POSTS, scopes=frozenset()).install(httpserver)
    done = inbox_repo.run("inbox", "fetch", "--only", "li", env=env())
    assert "li: skipped:" in done.output, done.output
    assert "lacks r_organization_social (Community Management API); skipped" in done.output
    assert LI_TOKEN not in done.output


def test_rate_limits_wait_for_retry_after(inbox_repo: Repo, httpserver: HTTPServer) -> None:
    li = FakeComments(LI_TOKEN, posts=POSTS, throttle=1).install(httpserver)
    li.add(POSTS[0], "urn:li:person:p", "Hallo", 1795600000000)
    tg = FakeGroup(httpserver, BOT)
    tg.comment(post=12, author="anna", text="Hallo")
    tg.throttle = 1
    dc = FakeDiscord(httpserver, DISCORD_BOT)
    dc.post("Hallo", reply_to=dc.post("Unser Post"), webhook=False)
    dc.throttle = 1
    schedule, _ = read_schedule(inbox_repo.root, inbox_repo.root / "schedule.yaml")
    assert schedule is not None
    waits: list[float] = []
    results = fetch(inbox_repo.root, schedule, env(dc), sleep=waits.append)
    assert [(r.account, r.skipped, r.new) for r in results] == [
        ("li", None, 1),
        ("tg", None, 1),
        ("chat", None, 1),
    ]
    assert waits == [1.0, 1.0, 1.0]


def test_telegram_comments_from_the_discussion_group(
    inbox_repo: Repo, httpserver: HTTPServer
) -> None:
    fake = FakeGroup(httpserver, BOT)
    ids = [fake.comment(post=12, author=f"u{i}", text=f"Kommentar {i}") for i in range(150)]
    answer = fake.comment(post=12, author="ben", text="Antwort auf 0", reply_to=ids[0])
    done = inbox_repo.run("inbox", "fetch", "--only", "tg", env=env())
    assert done.exit_code == 0 and "tg: 151 new" in done.output, done.output
    assert fake.log.count("getUpdates") == 2  # 100 + 52 updates (the post's forward too)
    items = {i["id"]: i for i in found(inbox_repo, "telegram")}
    first = items[str(ids[0])]
    assert first["url"] == f"https://t.me/examplenews/12?comment={ids[0]}"
    assert first["answers"] == "12" and first["author"] == "u0"
    assert items[str(answer)]["answers"] == str(ids[0])
    made = inbox_repo.run("reply", str(first["url"]), "--account", "tg", "--name", "a")
    assert made.exit_code == 0, made.output
    [written] = (inbox_repo.root / "replies").glob("*-a.md")
    written.write_text(written.read_text("utf-8") + "Danke!\n", "utf-8")
    [conv] = json.loads(inbox_repo.run("inbox", "--format", "json").stdout)
    assert [a["item"] for a in conv["answers"]] == [str(ids[0])]  # the reply file answers it

    fake.edit(ids[1], "Kommentar 1, geändert")
    fake.comment(post=12, author="carla", text="Neu")
    again = inbox_repo.run("inbox", "fetch", "--only", "tg", env=env())
    assert "tg: 1 new, 0 gone upstream, 1 edited" in again.output, again.output


def test_telegram_bot_that_cannot_see_the_group_is_skipped(
    inbox_repo: Repo, httpserver: HTTPServer
) -> None:
    fake = FakeGroup(httpserver, BOT)
    fake.can_read_all, fake.status = False, "member"
    done = inbox_repo.run("inbox", "fetch", "--only", "tg", env=env())
    assert "tg: skipped:" in done.output and "/setprivacy" in done.output
    assert "getUpdates" not in fake.log and BOT not in done.output


def test_discord_replies_to_our_webhook_read_by_the_bot(
    inbox_repo: Repo, httpserver: HTTPServer
) -> None:
    fake = FakeDiscord(httpserver, DISCORD_BOT)
    ours = fake.post("Unser Post")
    fake.post("Nur Gerede", webhook=False)  # answers nothing: not inbox
    replies = [fake.post(f"Antwort {i}", reply_to=ours, webhook=False) for i in range(120)]
    done = inbox_repo.run("inbox", "fetch", "--only", "chat", env=env(fake))
    assert done.exit_code == 0 and "chat: 120 new" in done.output, done.output
    items = {i["id"]: i for i in found(inbox_repo, "discord")}
    first = items[str(replies[0])]
    assert first["answers"] == str(ours) and first["author"] == "anna"
    assert (
        first["url"]
        == f"https://discord.com/channels/1100000000000000003/1200000000000000002/{replies[0]}"
    )

    del fake.messages[replies[3]]
    fake.messages[replies[4]]["content"] = "geändert"
    fake.post("Neu", reply_to=ours, webhook=False)
    again = inbox_repo.run("inbox", "fetch", "--only", "chat", env=env(fake))
    assert "chat: 1 new, 1 gone upstream, 1 edited" in again.output, again.output


def test_discord_without_a_bot_or_access_is_skipped(
    inbox_repo: Repo, httpserver: HTTPServer
) -> None:
    fake = FakeDiscord(httpserver, DISCORD_BOT)
    no_bot = {"INBOX_DISCORD": fake.webhook_url}
    done = inbox_repo.run("inbox", "fetch", "--only", "chat", env=no_bot)
    assert "chat: skipped:" in done.output and "bot_token_env" in done.output
    fake.access = False
    denied = inbox_repo.run("inbox", "fetch", "--only", "chat", env=env(fake))
    assert "chat: skipped:" in denied.output and "HTTP 403" in denied.output
    assert DISCORD_BOT not in denied.output and "hook-token" not in denied.output
    plain = env(fake) | {"INBOX_DISCORD": "http://discord.example/api/webhooks/1/t"}
    refused = inbox_repo.run("inbox", "fetch", "--only", "chat", env=plain)
    assert "chat: skipped:" in refused.output and "https://" in refused.output

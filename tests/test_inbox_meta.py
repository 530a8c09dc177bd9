"""`smmgen inbox fetch` for Threads (replies and mentions), Instagram and Facebook (comments)
against local servers speaking the Graph API (``tests/fake_meta_inbox.py``): paging with
cursors, deleted and edited items, a 429 with Retry-After, a missing permission; and the
link an item shows is one `smmgen reply` and `smmgen check` take."""

from __future__ import annotations

import json

from pytest_httpserver import HTTPServer

from smmgen.inbox.fetch import fetch
from smmgen.schedule import read_schedule
from tests.helpers.content_repo import Repo
from tests.helpers.fake_meta import FB_SCOPES, IG_SCOPES, THREADS_SCOPES, Token
from tests.helpers.fake_meta_inbox import FacebookInbox, InstagramInbox, ThreadsInbox

TOKEN = "EAAGm0PX4ZCpsBAMetaInboxToken0123456789abcdef"
USER, PAGE = "25134529492829847", "104817238712345"
ENV = {"INBOX_META": TOKEN}


def setup(repo: Repo, server: HTTPServer, name: str, network: str, key: str, value: str) -> None:
    repo.write(
        "schedule.yaml",
        f"timezone: Europe/Berlin\naccounts:\n  {name}:\n    network: {network}\n"
        f'    {key}: "{value}"\n    token_env: INBOX_META\n'
        f"    api_base: {server.url_for('/').rstrip('/')}\n",
    )


def fetched(repo: Repo) -> str:
    done = repo.run("inbox", "fetch", env=ENV)
    assert done.exit_code == 0, done.output
    assert TOKEN not in done.output
    return done.output


def stored(repo: Repo) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(
        (repo.root / ".smmgen-inbox" / "items.json").read_text("utf-8")
    )
    return data


def test_threads_replies_over_pages_and_mentions_then_deleted_and_edited(
    repo: Repo, httpserver: HTTPServer
) -> None:
    fake = ThreadsInbox(Token(TOKEN, THREADS_SCOPES | {"threads_manage_mentions"}))
    fake.install(httpserver, USER)
    setup(repo, httpserver, "th", "threads", "user_id", USER)
    ours = fake.our_post("Neue Tour!")
    replies = fake.add(ours, 230, author="bob")
    fake.add(ours, author="brand", mine=True, start=300)  # our own answer: not inbox
    [mention] = fake.add("0", author="carl", mention=True, text="@brand hallo?", start=10)
    assert "th: 231 new, 0 gone upstream" in fetched(repo)
    conversation = f"/v1.0/{ours}/conversation"
    assert fake.calls.count(conversation) == 3  # 100 + 100 + 30
    items = {i["id"]: i for i in stored(repo)}
    first = items[replies[0].id]
    assert set(first) == {
        "network", "account", "id", "url", "author", "text", "at", "kind", "answers", "root",
    }  # fmt: skip
    assert (first["author"], first["kind"], first["root"]) == ("bob", "reply", ours)
    assert items[mention.id]["kind"] == "mention"

    # Deleted and edited upstream; one new. Every fetch reads back to the oldest item
    # stored in the last week (to see what was deleted or edited), no further.
    replies[-1].deleted = True
    replies[-2].text = "Frage, bearbeitet"
    fake.add(ours, author="dora", start=400)
    calls = len(fake.calls)
    assert "th: 1 new, 1 gone upstream, 1 edited" in fetched(repo)
    assert fake.calls[calls:].count(conversation) == 3
    items = {i["id"]: i for i in stored(repo)}
    assert replies[-1].id not in items and items[replies[-2].id]["text"] == "Frage, bearbeitet"

    # The item's link is what `smmgen reply` takes, and `check` accepts.
    link = str(items[replies[0].id]["url"])
    assert link.startswith("https://www.threads.com/@bob/post/")
    made = repo.run("reply", link)
    assert made.exit_code == 0, made.output


def test_instagram_comments_and_their_replies_with_links_reply_takes(
    repo: Repo, httpserver: HTTPServer
) -> None:
    fake = InstagramInbox(Token(TOKEN, IG_SCOPES | {"instagram_manage_comments"}))
    fake.install(httpserver, USER)
    setup(repo, httpserver, "ig", "instagram", "user_id", USER)
    media = fake.our_media()
    comments = fake.add(media, 120)
    [answer] = fake.add(media, parent=comments[0].id, author="carl", start=200)
    fake.add(media, parent=comments[0].id, author="brand", start=210)  # ours: not inbox
    assert "ig: 121 new" in fetched(repo)
    assert fake.calls.count(f"/v24.0/{media}/comments") == 2
    items = {i["id"]: i for i in stored(repo)}
    permalink = f"https://www.instagram.com/p/DCx{media[-4:]}"
    assert items[comments[0].id]["url"] == f"{permalink}/c/{comments[0].id}/"
    assert items[answer.id]["url"] == f"{permalink}/c/{comments[0].id}/r/{answer.id}/"
    assert items[answer.id]["answers"] == comments[0].id

    comments[5].deleted = True
    assert "ig: 0 new, 1 gone upstream" in fetched(repo)
    repo.run("reply", str(items[answer.id]["url"]))
    [path] = (repo.root / "replies").glob("*.md")
    path.write_text(path.read_text("utf-8") + "Danke!\n", "utf-8")
    assert [p for p in repo.check() if p["severity"] == "error"] == []


def test_facebook_comments_in_threads_without_the_pages_own(
    repo: Repo, httpserver: HTTPServer
) -> None:
    scopes = FB_SCOPES | {"pages_read_user_content"}
    fake = FacebookInbox(Token(TOKEN, scopes, type="PAGE")).install(httpserver, PAGE)
    setup(repo, httpserver, "fb", "facebook", "page_id", PAGE)
    post = fake.our_post("Sommerfest!")
    comments = fake.add(post, 3)
    [thread_reply] = fake.add(post, parent=comments[0].id, author="bob", start=50)
    fake.add(post, parent=comments[0].id, mine=True, start=60)  # the Page's answer
    assert "fb: 4 new" in fetched(repo)
    items = {i["id"]: i for i in stored(repo)}
    number, c = post.split("_")[1], comments[0].id.split("_")[1]
    assert items[comments[0].id]["url"] == (
        f"https://www.facebook.com/{PAGE}/posts/{number}?comment_id={c}"
    )
    assert items[thread_reply.id]["url"] == (
        f"https://www.facebook.com/{PAGE}/posts/{number}?comment_id={c}"
        f"&reply_comment_id={thread_reply.id.split('_')[1]}"
    )
    assert items[thread_reply.id]["author"] == "bob"
    assert items[thread_reply.id]["root"] == post
    repo.run("reply", str(items[thread_reply.id]["url"]))
    [path] = (repo.root / "replies").glob("*.md")
    path.write_text(path.read_text("utf-8") + "Danke!\n", "utf-8")
    assert [p for p in repo.check() if p["severity"] == "error"] == []


def test_a_429_waits_for_retry_after(repo: Repo, httpserver: HTTPServer) -> None:
    scopes = FB_SCOPES | {"pages_read_user_content"}
    fake = FacebookInbox(Token(TOKEN, scopes, type="PAGE")).install(httpserver, PAGE)
    setup(repo, httpserver, "fb", "facebook", "page_id", PAGE)
    fake.add(fake.our_post("Hallo"), 2)
    fake.faults["inbox"] = ["429"]
    schedule, _ = read_schedule(repo.root, repo.root / "schedule.yaml")
    assert schedule is not None
    waits: list[float] = []
    [result] = fetch(repo.root, schedule, ENV, sleep=waits.append)
    assert (result.skipped, result.new, waits) == (None, 2, [3.0])


def test_an_account_without_the_permission_is_reported_and_skipped(
    repo: Repo, httpserver: HTTPServer
) -> None:
    fake = InstagramInbox(Token(TOKEN, IG_SCOPES)).install(httpserver, USER)
    setup(repo, httpserver, "ig", "instagram", "user_id", USER)
    fake.add(fake.our_media())
    done = repo.run("inbox", "fetch", env=ENV)
    out = done.output
    assert done.exit_code == 1 and TOKEN not in out
    assert "ig: skipped:" in out and "instagram_manage_comments" in out, out
    assert "code 10" in out and stored(repo) == []
    assert out.count("instagram_manage_comments") == 1  # reported once


def test_threads_without_the_mentions_permission_still_reads_replies(
    repo: Repo, httpserver: HTTPServer
) -> None:
    fake = ThreadsInbox(Token(TOKEN, THREADS_SCOPES)).install(httpserver, USER)
    setup(repo, httpserver, "th", "threads", "user_id", USER)
    fake.add(fake.our_post("Neue Tour!"), 2)
    fake.add("0", author="carl", mention=True)
    assert "th: 2 new" in fetched(repo)
    assert {i["kind"] for i in stored(repo)} == {"reply"}

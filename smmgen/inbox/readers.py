"""Reading the inbox from the networks, through each account's adapter.

One reader per network that has one: it logs in with the adapter (same
secrets, same timeouts, same error mapping to :class:`SendError`), pages
through the newest items until it reaches the account's cursor, and returns
the new items, the new cursor and the ids of stored items that are gone
upstream. Calls:

- Bluesky: ``app.bsky.notification.listNotifications`` (``reasons`` reply,
  mention, quote; ``limit`` 100, ``cursor``), and ``app.bsky.feed.getPosts``
  (25 at a time) for the stored items, to drop deleted ones.
  https://docs.bsky.app/docs/api/app-bsky-notification-list-notifications
- Mastodon: ``GET /api/v1/notifications`` (``types[]`` mention and quote,
  ``limit`` 80, ``since_id``, ``max_id`` to page back).
  https://docs.joinmastodon.org/methods/notifications/#get
- X: ``GET /2/users/:id/mentions`` (``since_id``, ``max_results`` 100,
  ``pagination_token``). Paid access (pay-per-use credits).
  https://docs.x.com/x-api/users/get-mentions
- Threads, Instagram, Facebook: replies, mentions and comments under the
  account's newest posts, see :mod:`.meta`.
- LinkedIn, Telegram, Discord: their own modules (:mod:`.read_linkedin`,
  :mod:`.read_telegram`, :mod:`.read_discord`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..i18n import _
from . import Item
from .reading import Caller as Caller  # re-exported: readers take them
from .reading import Read as Read
from .reading import iso as _iso

if TYPE_CHECKING:
    from ..adapters.base import Adapter

BSKY_PAGE = 100
MASTODON_PAGE = 80
MASTODON_STATUSES = 20  # statuses per GET /api/v1/statuses (DEFAULT_STATUSES_LIMIT)
X_PAGE = 100
NOBOT = re.compile(r"#nobot\b", re.IGNORECASE)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    """A field of an SDK model or a dict."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)


def plain(text: str) -> str:
    """Mastodon's HTML content as text (line breaks kept, tags dropped)."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", text))).strip()


# ── Bluesky ─────────────────────────────────────────────────────────────────
def bluesky(adapter: Adapter, cursor: str | None, stored: list[Item], call: Caller) -> Read:
    """New notifications (reply, mention, quote) newer than ``cursor`` (an indexedAt)."""
    from ..adapters.bluesky import Bluesky

    assert isinstance(adapter, Bluesky)
    read = call.read
    client = call(adapter.client)
    page_cursor: str | None = None
    cursor = cursor or read.floor
    newest = cursor
    while True:
        params: dict[str, Any] = {"limit": BSKY_PAGE, "reasons": ["reply", "mention", "quote"]}
        if page_cursor:
            params["cursor"] = page_cursor

        def page(params: dict[str, Any] = params) -> Any:
            with adapter.errors(_("reading notifications")):
                return client.app.bsky.notification.list_notifications(params)

        got = call(page)
        done = False
        for n in got.notifications:
            indexed = _iso(_get(n, "indexed_at"))
            if cursor is not None and indexed <= cursor:
                done = True
                break
            if _get(n, "reason") not in ("reply", "mention", "quote"):
                continue
            read.items.append(_bsky_item(adapter, n))
            newest = max(newest or indexed, indexed)
        page_cursor = _get(got, "cursor")
        if done or not page_cursor or not got.notifications:
            break
    read.cursor = newest
    uris = [i.id for i in stored]
    for start in range(0, len(uris), 25):
        chunk = uris[start : start + 25]

        def posts(chunk: list[str] = chunk) -> Any:
            with adapter.errors(_("looking up stored items")):
                return client.app.bsky.feed.get_posts({"uris": chunk})

        there = {_get(p, "uri") for p in call(posts).posts}
        read.gone.update(u for u in chunk if u not in there)
    return read


def _bsky_item(adapter: Adapter, n: Any) -> Item:
    from ..adapters.bluesky import post_url

    author = _get(n, "author")
    handle = str(_get(author, "handle", ""))
    labels = _get(author, "labels") or []
    opted_out = any(_get(label, "val") == "!no-unauthenticated" for label in labels)
    record = _get(n, "record")
    reply = _get(record, "reply")
    uri = str(_get(n, "uri"))
    root = _get(_get(reply, "root"), "uri") if reply is not None else None
    parent = _get(_get(reply, "parent"), "uri") if reply is not None else None
    return Item(
        network="bluesky",
        account=adapter.account.name,
        id=uri,
        url=post_url(handle, uri.rsplit("/", 1)[-1]),
        author=handle,
        text=None if opted_out else str(_get(record, "text", "")),
        at=_iso(_get(record, "created_at") or _get(n, "indexed_at")),
        kind=str(_get(n, "reason")),
        answers=str(parent or _get(n, "reason_subject") or "") or None,
        root=str(root) if root else uri,
    )


# ── Mastodon ────────────────────────────────────────────────────────────────
def mastodon(adapter: Adapter, cursor: str | None, stored: list[Item], call: Caller) -> Read:
    """New mention and quote notifications after ``cursor`` (a notification id)."""
    from ..adapters.mastodon import MastodonAdapter

    assert isinstance(adapter, MastodonAdapter)
    read = call.read
    api, responses = adapter.api()
    max_id: str | None = None
    newest = cursor
    while True:

        def page(max_id: str | None = max_id) -> Any:
            with adapter.errors(responses, _("reading notifications")):
                return api.notifications(
                    types=["mention", "quote"], limit=MASTODON_PAGE, since_id=cursor, max_id=max_id
                )

        got = list(call(page))
        above = read.keep(
            [_mastodon_item(adapter, n, _get(n, "status")) for n in got if _get(n, "status")]
        )
        if got:
            ids = [str(_get(n, "id")) for n in got]
            top = max(ids, key=lambda i: (len(i), i))
            newest = max(newest or top, top, key=lambda i: (len(i), i))
            max_id = min(ids, key=lambda i: (len(i), i))
        if len(got) < MASTODON_PAGE or not above:
            break
    read.cursor = newest
    # Deleted or edited upstream since: GET /api/v1/statuses?id[]= (Mastodon 4.3+, 20 at
    # a time; https://docs.joinmastodon.org/methods/statuses/#index). Statuses that are
    # gone or cannot be seen any more are left out of the answer.
    known = {i.id: i for i in stored}
    ids = list(known)
    for start in range(0, len(ids), MASTODON_STATUSES):
        chunk = ids[start : start + MASTODON_STATUSES]

        def statuses(chunk: list[str] = chunk) -> Any:
            with adapter.errors(responses, _("looking up stored items")):
                return api.statuses(chunk)

        there = {str(_get(s, "id")): s for s in call(statuses) or []}
        read.gone.update(i for i in chunk if i not in there)
        for sid, status in there.items():
            old = known[sid]
            if old.text is None:
                continue  # opted out: nothing of theirs is kept
            text = plain(str(_get(status, "content", "")))
            if text != old.text:
                read.edited.append(replace(old, text=text))
    return read


def _mastodon_item(adapter: Adapter, n: Any, status: Any) -> Item:
    author = _get(status, "account") or {}
    opted_out = bool(_get(author, "noindex")) or bool(NOBOT.search(str(_get(author, "note", ""))))
    sid = str(_get(status, "id"))
    parent = _get(status, "in_reply_to_id")
    quote = _get(_get(status, "quote") or {}, "quoted_status")
    answers = str(parent) if parent else (str(_get(quote, "id")) if quote else None)
    return Item(
        network="mastodon",
        account=adapter.account.name,
        id=sid,
        url=_get(status, "url") or _get(status, "uri"),
        author=str(_get(author, "acct", "")),
        text=None if opted_out else plain(str(_get(status, "content", ""))),
        at=_iso(_get(status, "created_at")),
        kind="quote" if _get(n, "type") == "quote" else "mention",
        answers=answers,
        root=answers or sid,
    )


# ── X ───────────────────────────────────────────────────────────────────────
def x(adapter: Adapter, cursor: str | None, stored: list[Item], call: Caller) -> Read:
    """Mentions newer than ``cursor`` (a post id). Paid access."""
    from ..adapters.x import XAdapter

    assert isinstance(adapter, XAdapter)
    read = call.read
    client, _auth = adapter.client()

    def me() -> Any:
        with adapter.errors(_("reading the account")):
            return client.get_me(user_auth=True)["data"]

    user = call(me)
    token: str | None = None
    newest = cursor
    while True:

        def page(token: str | None = token) -> Any:
            with adapter.errors(_("reading mentions")):
                return client.get_users_mentions(
                    user["id"],
                    since_id=cursor,
                    max_results=X_PAGE,
                    pagination_token=token,
                    expansions=["author_id"],
                    tweet_fields=["created_at", "conversation_id", "referenced_tweets"],
                    user_fields=["username"],
                    user_auth=True,
                )

        got = call(page)
        users = {u["id"]: u["username"] for u in (got.get("includes") or {}).get("users", [])}
        above = read.keep([_x_item(adapter, tweet, users) for tweet in got.get("data") or []])
        meta = got.get("meta") or {}
        if meta.get("newest_id") and (newest is None or int(meta["newest_id"]) > int(newest)):
            newest = str(meta["newest_id"])
        token = meta.get("next_token")
        if not token or not above:
            break
    read.cursor = newest
    return read


def _x_item(adapter: Adapter, tweet: dict[str, Any], users: dict[str, str]) -> Item:
    username = users.get(tweet.get("author_id", ""), "")
    refs = {r["type"]: str(r["id"]) for r in tweet.get("referenced_tweets") or []}
    kind = "reply" if "replied_to" in refs else "quote" if "quoted" in refs else "mention"
    tid = str(tweet["id"])
    return Item(
        network="x",
        account=adapter.account.name,
        id=tid,
        url=f"https://x.com/{username or 'i/web'}/status/{tid}",
        author=username,
        text=str(tweet.get("text", "")),
        at=_iso(tweet.get("created_at")),
        kind=kind,
        answers=refs.get("replied_to") or refs.get("quoted"),
        root=str(tweet.get("conversation_id") or tid),
    )


# Readers beside their networks' shared Graph code; they build on Read and Caller above.
from . import meta, read_discord, read_linkedin, read_telegram  # noqa: E402

READERS: dict[str, Callable[[Adapter, str | None, list[Item], Caller], Read]] = {
    "bluesky": bluesky,
    "mastodon": mastodon,
    "x": x,
    "threads": meta.threads,
    "instagram": meta.instagram,
    "facebook": meta.facebook,
    "linkedin": read_linkedin.linkedin,  # comments on the page's posts
    "telegram": read_telegram.telegram,  # the channel's discussion group
    "discord": read_discord.discord,  # replies to our webhook, by a bot
}


def networks() -> Iterator[str]:
    """The networks smmgen can read an inbox from."""
    yield from READERS

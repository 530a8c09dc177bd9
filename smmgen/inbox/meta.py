"""Inbox readers for Meta's networks: Threads replies and mentions, Instagram and Facebook comments.

Meta has no notification feed an app may read, so the readers go where the
messages are: under the account's newest posts (:data:`RECENT_POSTS`), and
for Threads the account's mentions too. Calls (Graph API paging:
``paging.cursors.after`` and ``paging.next``,
https://developers.facebook.com/docs/graph-api/results):

- Threads: ``GET /{user-id}/threads`` (the newest posts), per post
  ``GET /{media-id}/conversation`` (every reply, any depth, newest first with
  ``reverse=true``; ``threads_read_replies``), and ``GET /{user-id}/mentions``
  (``threads_manage_mentions``; without advanced access only mentions by the
  app's testers are returned; where it is not granted, mentions are not read
  and the replies are).
  https://developers.facebook.com/docs/threads/retrieve-and-manage-replies/replies-and-conversations
  https://developers.facebook.com/docs/threads/threads-mentions
- Instagram: ``GET /{ig-user-id}/media``, per media ``GET /{ig-media-id}/comments``
  with each comment's first page of ``replies`` (``instagram_manage_comments``
  or ``instagram_business_manage_comments``).
  https://developers.facebook.com/docs/instagram-platform/comment-moderation
- Facebook: ``GET /{page-id}/posts``, per post ``GET /{post-id}/comments`` with
  ``filter=stream`` (replies to comments too) and
  ``order=reverse_chronological`` (``pages_read_user_content``).
  https://developers.facebook.com/docs/graph-api/reference/object/comments

The cursor is the time of the newest item read. Every listing is read back to
the older of the cursor and the oldest stored item of the last days, so a
stored item missing from a listing that was read that far is gone upstream,
and one whose text changed was edited. A missing permission is a refused call
(:func:`smmgen.adapters.meta.token_refused`): the account is reported and
skipped, with the permission named by Meta's message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..adapters.base import SendError
from ..i18n import _
from . import Item
from .reading import Caller, Read
from .reading import iso as _iso

if TYPE_CHECKING:
    from ..adapters.base import Adapter
    from ..adapters.http import Http

RECENT_POSTS = 25  # the account's newest posts whose replies and comments are read
PAGE = 100
MAX_PAGES = 10  # pages read per listing, so one busy post cannot use up the rate limit


@dataclass
class Listing:
    """What one read listing covered: its items, and back to when (all of it: "")."""

    items: list[dict[str, Any]]
    reached: str = ""


def _pages(
    http: Http, call: Caller, path: str, params: dict[str, str], back_to: str | None, key: str
) -> Listing:
    """Read a newest-first listing back to ``back_to`` (``key`` holds each item's time)."""
    out: list[dict[str, Any]] = []
    after: str | None = None
    for _page in range(MAX_PAGES):
        query = params | {"limit": str(PAGE)} | ({"after": after} if after else {})

        def page(query: dict[str, str] = query) -> Any:
            return http.json("GET", path, what=_("reading the inbox"), params=query)

        body = call(page)
        data = [d for d in body.get("data", []) if isinstance(d, dict)]
        out += data
        if back_to is not None and data and _iso(data[-1].get(key)) < back_to:
            return Listing(out)  # read back far enough: everything newer is here
        paging = body.get("paging") or {}
        after = (paging.get("cursors") or {}).get("after")
        if not after or not paging.get("next"):
            return Listing(out)
    return Listing(out, _iso(out[-1].get(key)) if out else "")


def _back_to(cursor: str | None, stored: list[Item], read: Read) -> str | None:
    """How far back to read: the cursor, or the oldest stored item if older; None = all."""
    marks = [cursor] if cursor else ([read.floor] if read.floor else [])
    marks += [i.at for i in stored]
    return min(marks) if marks and (cursor or read.floor) else None


def _settle(
    read: Read,
    cursor: str | None,
    stored: list[Item],
    found: list[Item],
    covered: Callable[[Item], bool],
) -> None:
    """Keep what is new; mark stored items that a covering listing lacks or changed."""
    seen = {i.id: i for i in found}
    known = {i.id for i in stored}
    # Same-second items: ">=" plus the stored ids (fetch merges by id as well).
    read.keep([i for i in found if i.id not in known and (cursor is None or i.at >= cursor)])
    for old in stored:
        if not covered(old):
            continue
        now = seen.get(old.id)
        if now is None:
            read.gone.add(old.id)
        elif old.text is not None and now.text != old.text:
            read.edited.append(replace(old, text=now.text))
    newest = max([i.at for i in found] + ([cursor] if cursor else []), default=None)
    read.cursor = newest


def _recent(http: Http, call: Caller, path: str, fields: str) -> list[dict[str, Any]]:
    """The account's newest posts (one page)."""

    def page() -> Any:
        return http.json(
            "GET", path, what=_("reading the newest posts"),
            params={"fields": fields, "limit": str(RECENT_POSTS)},
        )  # fmt: skip

    return [p for p in call(page).get("data", []) if isinstance(p, dict)]


@contextmanager
def _client(adapter: Adapter) -> Iterator[Http]:
    """The adapter's Graph client (Threads, Instagram and Facebook adapters have ``http()``)."""
    http: Http = getattr(adapter, "http")()  # noqa: B009 (not on the Adapter base class)
    try:
        yield http
    finally:
        http.close()


# ── Threads ─────────────────────────────────────────────────────────────────
THREADS_FIELDS = "id,text,username,permalink,timestamp,replied_to,root_post,is_reply_owned_by_me"


def threads(adapter: Adapter, cursor: str | None, stored: list[Item], call: Caller) -> Read:
    """Replies to the newest posts and mentions, newer than ``cursor`` (a time)."""
    read = call.read
    user = str(adapter.account.settings["user_id"])
    back_to = _back_to(cursor, stored, read)
    found: list[Item] = []
    reached: dict[str, str] = {}
    with _client(adapter) as http:
        for post in _recent(http, call, f"/{user}/threads", "id,timestamp"):
            pid = str(post["id"])
            listing = _pages(
                http, call, f"/{pid}/conversation",
                {"fields": THREADS_FIELDS, "reverse": "true"}, back_to, "timestamp",
            )  # fmt: skip
            reached[pid] = listing.reached
            found += [
                _threads_item(adapter, r, "reply", pid)
                for r in listing.items
                if not r.get("is_reply_owned_by_me")
            ]
        try:
            mentions = _pages(
                http, call, f"/{user}/mentions", {"fields": THREADS_FIELDS}, back_to, "timestamp"
            )
        except SendError as exc:
            if exc.retryable or exc.uncertain:
                raise
            # Refused: threads_manage_mentions is not granted. The replies are read all
            # the same (the inbox needs threads_read_replies); mentions stay as stored.
        else:
            reached["mentions"] = mentions.reached
            found += [_threads_item(adapter, m, "mention", None) for m in mentions.items]

    def covered(item: Item) -> bool:
        key = "mentions" if item.kind == "mention" else item.root or ""
        return key in reached and item.at >= reached[key]

    _settle(read, cursor, stored, found, covered)
    return read


def _threads_item(adapter: Adapter, r: dict[str, Any], kind: str, root: str | None) -> Item:
    mid = str(r["id"])
    parent = (r.get("replied_to") or {}).get("id")
    top = root or (r.get("root_post") or {}).get("id")
    return Item(
        network="threads",
        account=adapter.account.name,
        id=mid,
        url=r.get("permalink"),
        author=str(r.get("username") or ""),
        text=str(r.get("text") or ""),
        at=_iso(r.get("timestamp")),
        kind=kind,
        answers=str(parent) if parent else None,
        root=str(top) if top else mid,
    )


# ── Instagram ───────────────────────────────────────────────────────────────
IG_FIELDS = "id,text,username,timestamp"


def instagram(adapter: Adapter, cursor: str | None, stored: list[Item], call: Caller) -> Read:
    """Comments (and their replies, but ours) on the newest media, newer than ``cursor``.

    Instagram documents no order for comments, so every page is read (up to
    :data:`MAX_PAGES`) instead of stopping at the cursor.
    """
    read = call.read
    user = str(adapter.account.settings["user_id"])
    found: list[Item] = []
    reached: dict[str, str] = {}
    with _client(adapter) as http:

        def me() -> Any:
            return http.json("GET", f"/{user}", what=_("reading the account"),
                             params={"fields": "username"})  # fmt: skip

        ours = str(call(me).get("username") or "")
        for media in _recent(http, call, f"/{user}/media", "id,permalink,timestamp"):
            mid = str(media["id"])
            post = str(media.get("permalink") or "").rstrip("/")
            fields = f"{IG_FIELDS},replies{{{IG_FIELDS}}}"
            listing = _pages(http, call, f"/{mid}/comments", {"fields": fields}, None, "timestamp")
            reached[mid] = listing.reached
            for c in listing.items:
                cid = str(c["id"])
                found.append(_ig_item(adapter, c, mid, mid, f"{post}/c/{cid}/" if post else None))
                for r in (c.get("replies") or {}).get("data", []):
                    link = f"{post}/c/{cid}/r/{r['id']}/" if post else None
                    found.append(_ig_item(adapter, r, cid, mid, link))

    def covered(item: Item) -> bool:
        return (item.root or "") in reached and item.at >= reached[item.root or ""]

    # Our own answers (sent by smmgen reply or in the app) are no inbox items.
    _settle(read, cursor, stored, [i for i in found if i.author != ours], covered)
    return read


def _ig_item(adapter: Adapter, c: dict[str, Any], answers: str, root: str, url: str | None) -> Item:
    return Item(
        network="instagram",
        account=adapter.account.name,
        id=str(c["id"]),
        url=url,
        author=str(c.get("username") or ""),
        text=str(c.get("text") or ""),
        at=_iso(c.get("timestamp")),
        kind="reply",
        answers=answers,
        root=root,
    )


# ── Facebook ────────────────────────────────────────────────────────────────
FB_FIELDS = "id,message,created_time,from{id,name},parent{id}"


def facebook(adapter: Adapter, cursor: str | None, stored: list[Item], call: Caller) -> Read:
    """Comments (replies in their threads too) on the Page's newest posts, newer than ``cursor``.

    The Page's own comments are left out: they are our answers.
    """
    read = call.read
    page = str(adapter.account.settings["page_id"])
    back_to = _back_to(cursor, stored, read)
    found: list[Item] = []
    reached: dict[str, str] = {}
    with _client(adapter) as http:
        for post in _recent(http, call, f"/{page}/posts", "id,created_time"):
            pid = str(post["id"])
            params = {"fields": FB_FIELDS, "filter": "stream", "order": "reverse_chronological"}
            listing = _pages(http, call, f"/{pid}/comments", params, back_to, "created_time")
            reached[pid] = listing.reached
            found += [
                _fb_item(adapter, page, pid, c)
                for c in listing.items
                if str((c.get("from") or {}).get("id")) != page
            ]

    def covered(item: Item) -> bool:
        return (item.root or "") in reached and item.at >= reached[item.root or ""]

    _settle(read, cursor, stored, found, covered)
    return read


def _fb_item(adapter: Adapter, page: str, pid: str, c: dict[str, Any]) -> Item:
    cid = str(c["id"])
    parent = (c.get("parent") or {}).get("id")
    number = pid.partition("_")[2] or pid
    url = f"https://www.facebook.com/{page}/posts/{number}?comment_id="
    url += f"{str(parent).rsplit('_', 1)[-1]}&reply_comment_id={cid.rsplit('_', 1)[-1]}" if (
        parent
    ) else cid.rsplit("_", 1)[-1]  # fmt: skip
    return Item(
        network="facebook",
        account=adapter.account.name,
        id=cid,
        url=url,
        author=str((c.get("from") or {}).get("name") or ""),
        text=str(c.get("message") or ""),
        at=_iso(c.get("created_time")),
        kind="reply",
        answers=str(parent) if parent else pid,
        root=pid,
    )

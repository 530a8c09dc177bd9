"""The LinkedIn inbox: comments (and replies to comments) on the page's recent posts.

Calls (Community Management API, ``r_organization_social``):

- ``GET /rest/posts?author={page}&q=author&count=20`` — the page's newest posts
  (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api#find-posts-by-authors);
- ``GET /rest/socialActions/{post}/comments?start&count=100`` — the comments on
  each, page by page; and the same on a comment's URN for the replies under it
  (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api).

Every comment of those posts is read each time, so stored comments that are
missing are gone (deleted) and changed texts are edits. Mentions of the page
elsewhere need the Organization Social Action Notifications, which smmgen
does not read. Member profiles: LinkedIn lets apps read their comments only
with ``r_member_social`` (approved partners), so they are skipped with a note.
The cursor is the newest comment's ``created.time`` (ms).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..adapters.base import SendError
from ..adapters.http import Http, json_or_none, who
from ..adapters.linkedin_replies import refused
from ..i18n import _
from ..networks.linkedin_links import link_of
from . import Item
from .reading import Caller, Read
from .reading import iso as _iso

if TYPE_CHECKING:
    from ..adapters.base import Adapter
    from ..adapters.linkedin import LinkedInAdapter

POSTS = 20  # the page's newest posts whose comments are read
PAGE = 100


def linkedin(adapter: Adapter, cursor: str | None, stored: list[Item], call: Caller) -> Read:
    """New comments on the page's recent posts after ``cursor`` (a created.time in ms)."""
    from ..adapters.linkedin import LinkedInAdapter

    assert isinstance(adapter, LinkedInAdapter)
    read = call.read
    author = str(adapter.account.settings["author_urn"])
    if not author.startswith("urn:li:organization:"):
        raise SendError(
            _(
                "{who}: LinkedIn lets apps read comments of organization pages only (a member "
                "profile's need r_member_social, for approved partners); skipped"
            ).format(who=who(adapter.account))
        )
    newest = int(cursor) if cursor and cursor.isdigit() else 0
    known = {i.id: i for i in stored}
    http = adapter.http()
    try:
        posts = _page(
            http,
            adapter,
            call,
            f"/rest/posts?author={quote(author, safe='')}&q=author&count={POSTS}",
            _("listing the page's posts"),
        )
        seen: dict[str, Item] = {}
        for post in posts:
            post_urn = str(post.get("id"))
            for top in _comments(http, adapter, call, post_urn):
                _add(seen, adapter, top, post_urn, None, author)
                for sub in _comments(http, adapter, call, str(top.get("$URN", ""))):
                    _add(seen, adapter, sub, post_urn, str(top.get("$URN")), author)
    finally:
        http.close()
    fresh = [i for i in seen.values() if i.id not in known and (not cursor or _ms(i) > newest)]
    read.keep(sorted(fresh, key=lambda i: i.at, reverse=True))
    read_posts = {str(p.get("id")) for p in posts}
    for old in stored:
        now = seen.get(old.id)
        if now is None and old.root in read_posts:
            read.gone.add(old.id)
        elif now is not None and old.text is not None and now.text != old.text:
            read.edited.append(replace(old, text=now.text))
    times = [_ms(i) for i in seen.values()]
    if times or cursor:
        read.cursor = str(max([newest, *times]))
    return read


def _ms(item: Item) -> int:
    import datetime as dt

    return int(dt.datetime.fromisoformat(item.at).timestamp() * 1000)


def _add(
    seen: dict[str, Item], adapter: Adapter, c: dict[str, Any], post: str, top: str | None, me: str
) -> None:
    from ..adapters.linkedin_text import plain_text

    urn = str(c.get("$URN") or c.get("commentUrn") or "")
    if not urn or c.get("actor") == me:  # our own comments are not inbox
        return
    created = (c.get("created") or {}).get("time")
    seen[urn] = Item(
        network="linkedin",
        account=adapter.account.name,
        id=urn,
        url=link_of(post, top or urn, urn if top else None),
        author=str(c.get("actor", "")),
        text=plain_text(str((c.get("message") or {}).get("text", ""))),
        at=_iso(_from_ms(created)),
        kind="reply",
        answers=top or post,
        root=post,
    )


def _from_ms(value: Any) -> str:
    import datetime as dt

    ms = value if isinstance(value, int | float) else 0
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat(timespec="seconds")


def _comments(http: Http, adapter: LinkedInAdapter, call: Caller, urn: str) -> list[dict[str, Any]]:
    if not urn:
        return []
    return _page(
        http,
        adapter,
        call,
        f"/rest/socialActions/{quote(urn, safe='')}/comments",
        "reading comments",
    )


def _page(
    http: Http, adapter: LinkedInAdapter, call: Caller, path: str, what: str
) -> list[dict[str, Any]]:
    """Every element of a paged collection (start, count), one call a page."""
    out: list[dict[str, Any]] = []
    start = 0
    sep = "&" if "?" in path else "?"
    finder = {"X-RestLi-Method": "FINDER"} if "q=author" in path else {}
    while True:

        def one(start: int = start) -> Any:
            response = http.call(
                "GET",
                f"{path}{sep}start={start}&count={PAGE}" if not finder else path,
                what=what,
                accept=(403,),
                headers=finder,
            )
            if response.status_code == 403:
                raise SendError(_("{refused}; skipped").format(refused=refused(adapter, what)))
            return json_or_none(response) or {}

        body = call(one)
        page = [e for e in body.get("elements", []) if isinstance(e, dict)]
        out += page
        total = (body.get("paging") or {}).get("total")
        start += len(page)
        if finder or not page or len(page) < PAGE or (isinstance(total, int) and start >= total):
            return out

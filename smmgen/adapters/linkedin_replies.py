"""LinkedIn replies: a comment under the comment ``in_reply_to`` links to (Comments API).

- Still there? ``GET /rest/socialActions/{post}/comments/{id}`` (retrieve a
  comment); 404 or 410: the comment was deleted → :class:`TargetGone`, nothing sent.
- Send: ``POST /rest/socialActions/{comment URN}/comments`` with ``actor`` (the
  page), ``object`` (the post), ``parentComment`` (the top-level comment) and
  ``message.text`` in the "little text" format; the new comment's URN comes in
  ``x-restli-id`` (or the body's ``$URN``).
- After a crash: ``GET /rest/socialActions/{comment URN}/comments`` lists the
  replies under the comment; ours is the one by ``actor`` with the same text.
- Retract: ``DELETE /rest/socialActions/{post}/comments/{id}?actor=…`` (a
  reply is a comment, not a post).

https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api
(reading needs ``r_organization_social``, writing ``w_organization_social``; for
member profiles the lookup needs ``r_member_social``, which only partners get,
so there an unfinished attempt goes to a person, as for posts).
"""

from __future__ import annotations

from typing import Any, Protocol
from urllib.parse import quote

from ..i18n import _
from ..model import Account
from ..networks.linkedin_links import CommentLink, comment_link, link_of
from .base import SendError, SendRequest, SendResult, TargetGone
from .http import Http, comparable, env_names, json_or_none, who
from .linkedin_text import little_text, plain_text


class LinkedInAdapter(Protocol):
    """What the replies need of :class:`smmgen.adapters.linkedin.LinkedInAdapter`."""

    account: Account

    @property
    def secret_settings(self) -> tuple[str, ...]:
        """The settings naming secrets (for error messages)."""
        ...

    def http(self) -> Http:
        """A client for the account's API."""
        ...


PAGE = 100  # comments per page (start/count paging)


def _link(adapter: LinkedInAdapter, request: SendRequest) -> CommentLink:
    assert request.in_reply_to is not None
    found = comment_link(request.in_reply_to)
    if found is None:
        raise SendError(
            _("{who}: {url} names no LinkedIn comment").format(
                who=who(adapter.account), url=request.in_reply_to
            )
        )
    return found


def _enc(urn: str) -> str:
    return quote(urn, safe="")


def send(adapter: LinkedInAdapter, request: SendRequest) -> SendResult:
    """Post the reply under the target's top-level comment; TargetGone when it is deleted."""
    target = _link(adapter, request)
    if request.media:  # check refuses them too (text_only): never send a reply without them
        raise SendError(
            _("{who}: replies on LinkedIn are text only; nothing sent").format(
                who=who(adapter.account)
            )
        )
    author = str(adapter.account.settings["author_urn"])
    http = adapter.http()
    try:
        there = http.call(
            "GET",
            f"/rest/socialActions/{_enc(target.post)}/comments/{target.target_id}",
            what=_("looking up the comment to answer"),
            accept=(404, 410),
        )
        if there.status_code in (404, 410):
            raise TargetGone(_("{url}: the comment was deleted").format(url=request.in_reply_to))
        response = http.call(
            "POST",
            f"/rest/socialActions/{_enc(target.comment)}/comments",
            what=_("posting the reply"),
            accept=(404, 410),
            json={
                "actor": author,
                "object": target.post,
                "parentComment": target.comment,
                "message": {"text": little_text("\n\n".join(request.parts), request.mentions)},
            },
        )
        if response.status_code in (404, 410):  # deleted between the two calls
            raise TargetGone(_("{url}: the comment was deleted").format(url=request.in_reply_to))
    finally:
        http.close()
    body = json_or_none(response) or {}
    urn = response.headers.get("x-restli-id") or body.get("$URN") or body.get("commentUrn")
    if not urn:
        raise SendError(
            _("{who}: LinkedIn returned no comment id; the reply may be out").format(
                who=who(adapter.account)
            ),
            uncertain=True,
        )
    return SendResult(str(urn), link_of(target.post, target.comment, str(urn)))


def find(adapter: LinkedInAdapter, request: SendRequest) -> SendResult | None:
    """Our reply under the target's comment, matched by author and text; None if not there."""
    target = _link(adapter, request)
    author = str(adapter.account.settings["author_urn"])
    wanted = comparable(plain_text(little_text("\n\n".join(request.parts), request.mentions)))
    http = adapter.http()
    try:
        for comment in replies(http, adapter, target.comment, _("looking up our reply")):
            text = plain_text(str((comment.get("message") or {}).get("text", "")))
            if comment.get("actor") == author and comparable(text) == wanted:
                urn = str(comment.get("$URN") or comment.get("commentUrn"))
                return SendResult(urn, link_of(target.post, target.comment, urn))
    finally:
        http.close()
    return None


def refused(adapter: LinkedInAdapter, what: str) -> str:
    """Why LinkedIn answered 403 to reading comments: the Community Management API is missing."""
    return _(
        "{who}: {what} was refused (HTTP 403): the token in {names} lacks "
        "r_organization_social (Community Management API)"
    ).format(
        who=who(adapter.account),
        what=what,
        names=env_names(adapter.account, adapter.secret_settings),
    )


def replies(http: Http, adapter: LinkedInAdapter, urn: str, what: str) -> list[dict[str, Any]]:
    """Every comment under ``urn`` (a post or a comment), page by page (start, count)."""
    out: list[dict[str, Any]] = []
    start = 0
    while True:
        response = http.call(
            "GET",
            f"/rest/socialActions/{_enc(urn)}/comments?start={start}&count={PAGE}",
            what=what,
            accept=(403,),
        )
        if response.status_code == 403:
            raise SendError(refused(adapter, what))
        body = json_or_none(response) or {}
        page = [c for c in body.get("elements", []) if isinstance(c, dict)]
        out += page
        total = (body.get("paging") or {}).get("total")
        start += len(page)
        if not page or len(page) < PAGE or (isinstance(total, int) and start >= total):
            return out


def delete(adapter: LinkedInAdapter, http: Http, urn: str) -> None:
    """Delete our reply ``urn`` (a comment URN); 404 and 410 are gone.

    ``DELETE /rest/socialActions/{post}/comments/{id}?actor={page}`` (Comments API).
    """
    post, _comma, rest = urn.removeprefix("urn:li:comment:(").rpartition(",")
    actor = quote(str(adapter.account.settings["author_urn"]), safe="")
    http.delete(
        f"/rest/socialActions/{_enc(post)}/comments/{rest.rstrip(')')}?actor={actor}",
        what=_("deleting {id}").format(id=urn),
    )

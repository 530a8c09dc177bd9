"""Threads (Meta): the Threads API, a container and then threads_publish, per part.

A thread is a chain of replies (``reply_to_id`` = the previous part's media
id). Images are fetched by Threads itself, so they need public URLs, built
like Instagram's from ``media_base_url`` and the images' repo paths.

Threads has no idempotency key, so ``find_existing`` reads the profile's
recent posts and replies: a thread counts as there only with every part a
reply to the one before. A thread cut short (by a crash, or an error after
part 1) is continued by ``send`` after the parts already published — those
the lookup found or the ledger recorded (``request.published``) — and an
error after part 1 carries the parts that are out, so they are never sent
twice.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from ..i18n import _
from ..networks.threads import API_BASE, API_VERSION
from .base import Adapter, DeleteRequest, SendError, SendRequest, SendResult, TargetGone
from .http import Http, comparable, who
from .meta import MediaContainers, graph_gone, graph_http, public_urls

# POST /{threads-user-id}/threads (media_type TEXT, IMAGE or CAROUSEL; text,
# image_url, alt_text, reply_to_id, is_carousel_item, children), then
# POST /{threads-user-id}/threads_publish with creation_id:
# https://developers.facebook.com/docs/threads/posts
# Replies: https://developers.facebook.com/docs/threads/retrieve-and-manage-replies/create-replies
# Container status (status: IN_PROGRESS, FINISHED, ERROR, EXPIRED, PUBLISHED):
# https://developers.facebook.com/docs/threads/troubleshooting#publishing-does-not-return-a-media-id
# GET /{threads-user-id}/threads lists the user's posts (text, permalink):
# https://developers.facebook.com/docs/threads/threads-media#retrieve-a-list-of-all-a-user-s-threads
# GET /{threads-user-id}/replies lists the user's replies (text, permalink, and
# replied_to = {"id": the parent's media id}); needs threads_read_replies:
# https://developers.facebook.com/docs/threads/retrieve-and-manage-replies/retrieve-replies
# Alt text: https://developers.facebook.com/docs/threads/posts/accessibility
# Every container, TEXT ones too, is checked before publishing: "Wait about 30
# seconds before publishing to allow the Threads media pipeline to finish
# processing the upload. See the media container status endpoint"
# (https://developers.facebook.com/docs/threads/retrieve-and-manage-replies/create-replies).
RECENT = "25"
MAX_PAGES = 10  # pages of 100 read per listing when looking a reply's target up


class ThreadsAdapter(MediaContainers, Adapter):
    """Publishes to a Threads profile."""

    status_fields = ("status", "error_message")
    network_title = "Threads"

    secret_settings: ClassVar[tuple[str, ...]] = ("token_env",)
    poll_interval: float = 3.0
    poll_attempts: int = 10
    video_wait: float = 600.0  # seconds a video container may take to be processed
    sends_video = True

    def http(self) -> Http:
        """A client for the account's API (token and headers set); the caller closes it.

        Public for the readers of the same account (statistics, account checks).
        """
        return graph_http(self, API_BASE, API_VERSION)

    def find_existing(self, request: SendRequest) -> SendResult | None:
        """The post if all its parts are among the profile's recent posts, else None.

        A thread cut short by a crash counts as not sent: :meth:`send` then
        publishes the missing parts as replies to those already there. The
        first comment is the last reply of that chain.
        """
        request = _with_comment(request)
        user = str(self.account.settings["user_id"])
        fields = "id,text,permalink,timestamp"
        if request.in_reply_to is not None:
            return self._find_reply(request, user, fields)
        http = self.http()
        try:
            body = http.json(
                "GET",
                f"/{user}/threads",
                what=_("listing recent posts"),
                params={"fields": fields, "limit": RECENT},
            )
            chain = _chain(body.get("data", []), request.parts[:1])
            replies: list[Any] = []
            if chain and len(request.parts) > 1:
                # The later parts are replies, which the posts list leaves out.
                replies = http.json(
                    "GET",
                    f"/{user}/replies",
                    what=_("listing recent replies"),
                    params={"fields": f"{fields},replied_to", "limit": RECENT},
                ).get("data", [])
        finally:
            http.close()
        chain = _chain(replies, request.parts, chain)
        if chain and len(chain) == len(request.parts):
            comment = str(chain[-1]["id"]) if request.first_comment else None
            return SendResult(str(chain[0]["id"]), chain[0].get("permalink"), comment)
        # A thread cut short: send() continues after the parts that are there.
        self.remember(request, [SendResult(str(p["id"]), p.get("permalink")) for p in chain])
        return None

    def send(self, request: SendRequest) -> SendResult:
        request = _with_comment(request)
        user = str(self.account.settings["user_id"])
        posted = self.resume(request)
        # Images and the link went with part 1; a resumed thread needs neither.
        urls = (
            public_urls(request, self.account.settings.get("media_base_url"), "Threads")
            if not posted
            else []
        )
        http = self.http()
        try:
            target = None
            if request.in_reply_to is not None and not posted:
                target = self._target(http, user, request.in_reply_to)
            for i, text in enumerate(request.parts):
                if i < len(posted):
                    continue
                try:
                    posted.append(self._part(http, user, request, i, text, posted, urls, target))
                except SendError as exc:
                    raise exc.with_published(tuple(posted)) from None
            if not posted:
                raise SendError(_("{who}: nothing to post (no text)").format(who=who(self.account)))
            first = posted[0]
            if first.url is None:
                first = SendResult(first.remote_id, self._permalink(http, first.remote_id))
            if request.first_comment:
                first = replace(first, comment_id=posted[-1].remote_id)
        finally:
            http.close()
        return first

    def _part(
        self,
        http: Http,
        user: str,
        request: SendRequest,
        i: int,
        text: str,
        posted: list[SendResult],
        urls: list[str],
        target: str | None = None,
    ) -> SendResult:
        """Publish part ``i`` (a reply to the last part ``posted``, or to ``target``); its id."""
        alts = [m.alt for m in request.media]
        form: dict[str, Any] = {"text": text}
        if posted or target:
            form["reply_to_id"] = posted[-1].remote_id if posted else target
        video = i == 0 and bool(urls) and request.media[0].is_video
        if video:
            form |= {"media_type": "VIDEO", "video_url": urls[0]}
            form |= {"alt_text": alts[0]} if alts[0] else {}
        elif i == 0 and len(urls) == 1:
            form |= {"media_type": "IMAGE", "image_url": urls[0]}
            form |= {"alt_text": alts[0]} if alts[0] else {}
        elif i == 0 and urls:
            children = [
                self._container(
                    http,
                    user,
                    {"media_type": "IMAGE", "image_url": u, "is_carousel_item": "true"}
                    | ({"alt_text": a} if a else {}),
                )
                for u, a in zip(urls, alts, strict=True)
            ]
            for child in children:
                self._wait(http, child)
            form |= {"media_type": "CAROUSEL", "children": ",".join(children)}
        else:
            form["media_type"] = "TEXT"
            if i == 0 and request.link:
                form["link_attachment"] = request.link
        container = self._container(http, user, form)
        self._wait(http, container, video=video)
        body = http.json(
            "POST",
            f"/{user}/threads_publish",
            what=_("publishing part {n}").format(n=i + 1),
            data={"creation_id": container},
        )
        return SendResult(str(body["id"]))

    def _container(self, http: Http, user: str, form: dict[str, Any]) -> str:
        # A container is invisible until published: creating one creates no post.
        body = http.json(
            "POST", f"/{user}/threads", what=_("creating a container"), data=form, creates=False
        )
        return str(body["id"])

    # -- replies ------------------------------------------------------------------

    def _find_reply(self, request: SendRequest, user: str, fields: str) -> SendResult | None:
        """Our reply among the profile's recent replies: part 1 answering the target's id.

        A target gone meanwhile: our reply is looked for by its text alone; not
        found, ``send`` holds the reply (TargetGone).
        """
        assert request.in_reply_to is not None
        http = self.http()
        try:
            try:
                target: str | None = self._target(http, user, request.in_reply_to)
            except TargetGone:
                # Gone since: our reply may still be out, found by its text alone;
                # if not, send() holds the reply (target-gone).
                target = None
            replies = http.json(
                "GET",
                f"/{user}/replies",
                what=_("listing recent replies"),
                params={"fields": f"{fields},replied_to", "limit": RECENT},
            ).get("data", [])
        finally:
            http.close()
        chain = _chain(replies, request.parts, parent=target)
        if target is None and len(chain) < len(request.parts):
            return None
        if chain and len(chain) == len(request.parts):
            comment = str(chain[-1]["id"]) if request.first_comment else None
            return SendResult(str(chain[0]["id"]), chain[0].get("permalink"), comment)
        self.remember(request, [SendResult(str(p["id"]), p.get("permalink")) for p in chain])
        return None

    def _target(self, http: Http, user: str, url: str) -> str:
        """The media id of the post ``url`` links to; TargetGone when it is not there.

        The Threads API reads no post by its shortcode, and only some posts at
        all: the account's own, the replies to them
        (``GET /{media-id}/conversation``, every depth) and the posts that
        mention it (``GET /{user-id}/mentions``, needs threads_manage_mentions).
        https://developers.facebook.com/docs/threads/retrieve-and-manage-replies/replies-and-conversations
        https://developers.facebook.com/docs/threads/threads-mentions
        So the target is looked for there, in the account's RECENT newest posts.
        """
        from ..replies import target_id

        named = target_id(url, "threads")
        if named is None:
            raise SendError(
                _("{who}: {url} does not link to a Threads post").format(
                    who=who(self.account), url=url
                )
            )
        code = named[1]
        look = "id,shortcode,permalink"
        own = http.json(
            "GET", f"/{user}/threads", what=_("looking up the post to answer"),
            params={"fields": look, "limit": RECENT},
        ).get("data", [])  # fmt: skip
        found = _by_code(own, code)
        try:
            found = found or _by_code(self._pages(http, f"/{user}/mentions", look), code)
        except SendError as exc:
            if exc.retryable or exc.uncertain:
                raise  # only a refused permission lets the search go on
        for post in own:
            if found:
                break
            found = _by_code(self._pages(http, f"/{post['id']}/conversation", look), code)
        if found is None:
            raise TargetGone(
                _(
                    "{url}: not found among the replies to this account's {count} newest posts "
                    "and its mentions (deleted, or not addressed to this account)"
                ).format(url=url, count=RECENT)
            )
        return found

    def _pages(self, http: Http, path: str, fields: str) -> list[Any]:
        """Every item of a paged Graph listing (``paging.cursors.after``), up to MAX_PAGES."""
        items: list[Any] = []
        after: str | None = None
        for _page in range(MAX_PAGES):
            params = {"fields": fields, "limit": "100"} | ({"after": after} if after else {})
            body = http.json("GET", path, what=_("looking up the post to answer"), params=params)
            items += body.get("data", [])
            after = ((body.get("paging") or {}).get("cursors") or {}).get("after")
            if not after or not (body.get("paging") or {}).get("next"):
                break
        return items

    # -- retract ------------------------------------------------------------------

    deletes: ClassVar[bool] = True

    def delete(self, request: DeleteRequest) -> None:
        """``DELETE /{threads-media-id}`` for every part, the last first.

        https://developers.facebook.com/docs/threads/posts/delete-posts — an id
        the Graph API no longer knows (404, or error code 100 subcode 33) is gone.
        """
        http = self.http()
        try:
            for remote_id in reversed(request.remote_ids):
                http.delete(
                    f"/{remote_id}", what=_("deleting {id}").format(id=remote_id), gone=graph_gone
                )
        finally:
            http.close()


def _chain(
    posts: list[Any],
    parts: tuple[str, ...],
    found: list[Any] | None = None,
    *,
    parent: str | None = None,
) -> list[Any]:
    """The posts of ``parts`` in order, after those ``found`` already: each a reply to the last.

    ``parent``: the id part 1 answers (a reply); None: part 1 may answer anything.
    """
    chain = list(found or [])
    first = parent
    for text in parts[len(chain) :]:
        wanted = comparable(text)
        parent = str(chain[-1]["id"]) if chain else first
        match = next(
            (
                p
                for p in posts
                if comparable(str(p.get("text", ""))) == wanted
                and (parent is None or _parent(p) == parent)
            ),
            None,
        )
        if match is None:
            break
        chain.append(match)
    return chain


def _by_code(posts: list[Any], code: str) -> str | None:
    """The id of the post whose shortcode (or permalink) is ``code``."""
    for post in posts:
        link = str(post.get("permalink") or "").rstrip("/")
        if post.get("shortcode") == code or link.endswith(f"/post/{code}"):
            return str(post["id"])
    return None


def _parent(post: Any) -> str | None:
    """The media id ``post`` replies to (``replied_to`` is an object with the id)."""
    replied_to = post.get("replied_to")
    if isinstance(replied_to, dict):
        return str(replied_to.get("id"))
    return str(replied_to) if replied_to else None


def _with_comment(request: SendRequest) -> SendRequest:
    """``request`` with its first comment as one more reply at the end of the chain."""
    if not request.first_comment:
        return request
    return replace(request, parts=(*request.parts, request.first_comment))


ADAPTER = ThreadsAdapter

"""What Meta's Graph APIs (Facebook, Instagram, Threads) share: client, errors, containers.

All three take the token as a bearer header, report failures as
``{"error": {"message", "code"}}`` bodies (rate limits too, often as HTTP
400), and Instagram and Threads publish through media containers that Meta
processes asynchronously and fetch their images by public URL.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from ..i18n import _
from .base import SendError, SendResult, TargetGone
from .http import (
    Classifier,
    Http,
    comparable,
    env_names,
    json_or_none,
    retry_after,
    secret,
    server_text,
    who,
)

if TYPE_CHECKING:
    from ..model import Account
    from .base import Adapter, SendRequest

# Facebook and Instagram; Threads has its own host and versions.
GRAPH_BASE = "https://graph.facebook.com"
# Graph API versions live two years: https://developers.facebook.com/docs/graph-api/changelog
GRAPH_VERSION = "v24.0"

# Graph API error codes (https://developers.facebook.com/docs/graph-api/guides/error-handling):
# 190 = access token invalid or expired; 10 and 200–299 = permission missing;
# 4, 17, 32, 613 and 80001–80014 = rate limits ("application/user/page request
# limit reached"); 1, 2 = temporary errors; is_transient marks retryable ones.
# 368 ("temporarily blocked for policy violations") is no rate limit: retrying
# within seconds cannot help and may extend the block.
GRAPH_AUTH = {102, 190, 10}
# 9007 (subcode 2207027) "Media ID is not available": publishing a container
# that is not FINISHED yet is refused, nothing published (exileum/meta-mcp#138).
_NOT_READY = 9007
GRAPH_RATE = {4, 17, 32, 341, 613}


def token_refused(code: object) -> bool:
    """Whether a Graph error code says the token, or a permission of it, is refused."""
    return code in GRAPH_AUTH or (isinstance(code, int) and 200 <= code <= 299)


def rate_limited(code: object) -> bool:
    """Whether a Graph error code is a rate limit (nothing was done; try later)."""
    return code in GRAPH_RATE or (isinstance(code, int) and 80001 <= code <= 80014)


def graph_classifier(account: Account, secret_settings: Iterable[str]) -> Classifier:
    """Classify Meta Graph API (Facebook, Instagram, Threads) error bodies."""
    settings = tuple(secret_settings)

    def classify(
        status: int, body: Any, headers: Mapping[str, str], message: str
    ) -> SendError | None:
        err = body.get("error") if isinstance(body, dict) else None
        if not isinstance(err, dict):
            return None
        code = err.get("code")
        if token_refused(code):
            return SendError(
                _(
                    "refused (code {code}): {message} — check the token in {names} and its "
                    "permissions"
                ).format(code=code, message=message, names=env_names(account, settings))
            )
        if rate_limited(code) or status == 429 or code == _NOT_READY:
            # A rate limit refuses the call: nothing was created, safe to retry.
            return SendError(
                _("temporary failure (HTTP {status}, code {code}): {message}").format(
                    status=status, code=code, message=message
                ),
                retryable=True,
                retry_after=retry_after(headers),
            )
        if err.get("is_transient") or code in (1, 2) or status >= 500:
            # "An unknown error occurred" / "Service temporarily unavailable": a
            # read may be retried, but a publishing call may have gone through
            # (uncertain: Http turns that into "not retried" for creating calls).
            return SendError(
                _("temporary failure (HTTP {status}, code {code}): {message}").format(
                    status=status, code=code, message=message
                ),
                retryable=True,
                retry_after=retry_after(headers),
                uncertain=True,
            )
        return SendError(
            _("failed (HTTP {status}, code {code}): {message}").format(
                status=status, code=code, message=message
            )
        )

    return classify


def graph_http(adapter: Adapter, api_base: str, version: str) -> Http:
    """A client for ``adapter``'s account: ``api_base`` (or its setting) + ``version``."""
    token = secret(adapter.account, adapter.secrets, "token_env")
    base = str(adapter.account.settings.get("api_base") or api_base).rstrip("/")
    return Http(
        adapter.account,
        f"{base}/{version}",
        secret_settings=adapter.secret_settings,
        secrets=[token],
        timeout=adapter.timeout,
        # The Graph APIs take the token as a bearer header too; that keeps it
        # out of URLs (and so out of any log of them).
        headers={"Authorization": f"Bearer {token}"},
        classify=graph_classifier(adapter.account, adapter.secret_settings),
    )


def graph_comments(http: Http, post_id: str, field: str) -> list[tuple[str, str]]:
    """(id, text) of the comments under a Facebook or Instagram post; closes ``http``.

    ``field`` is where the network keeps a comment's text (Facebook
    ``message``, Instagram ``text``).
    """
    try:
        body = http.json(
            "GET",
            f"/{post_id}/comments",
            what=_("looking up the first comment"),
            params={"fields": f"id,{field}", "limit": "50"},
        )
    finally:
        http.close()
    return [(str(c["id"]), str(c.get(field, ""))) for c in body.get("data", [])]


def graph_comment(http: Http, post_id: str, text: str) -> str:
    """Comment ``text`` under a Facebook or Instagram post: the comment's id; closes ``http``."""
    try:
        body = http.json(
            "POST",
            f"/{post_id}/comments",
            what=_("posting the first comment"),
            data={"message": text},
        )
    finally:
        http.close()
    return str(body["id"])


def public_urls(request: SendRequest, fallback_base: str | None, network: str) -> list[str]:
    """The public URL of each image, from the media base URL and repo paths.

    ``network`` (e.g. "Instagram") names the fetching network in the error.
    """
    base = request.media_base_url or fallback_base
    if not request.media:
        return []
    if not base or len(request.media_paths) != len(request.media):
        raise SendError(
            _(
                "{who}: {network} fetches images by URL; set media_base_url (e.g. the raw URL "
                "of the repository) so the images have public addresses"
            ).format(who=who(request.account), network=network)
        )
    return [f"{base.rstrip('/')}/{quote(p.lstrip('/'))}" for p in request.media_paths]


class MediaContainers:
    """What Instagram and Threads adapters share: media containers to wait for, permalinks.

    ``status_fields`` names the container's status field and its detail field.
    """

    status_fields: ClassVar[tuple[str, str]]
    network_title: ClassVar[str]  # names the network in errors
    poll_interval: float
    poll_attempts: int
    video_wait: float  # seconds a video container may take to be processed

    def _wait(self, http: Http, container: str, *, video: bool = False) -> None:
        """Wait until the container is ready (a video: up to ``video_wait`` seconds)."""
        wait_for_container(
            http,
            container,
            fields=self.status_fields,
            network=self.network_title,
            attempts=max(1, round(self.video_wait / self.poll_interval))
            if video
            else self.poll_attempts,
            interval=self.poll_interval,
            video=video,
        )

    def _permalink(self, http: Http, media_id: str) -> str | None:
        """The post's permalink; None when it cannot be read (the post is out all the same)."""
        try:
            body = http.json(
                "GET",
                f"/{media_id}",
                what=_("reading the permalink"),
                params={"fields": "permalink"},
            )
        except SendError:
            return None
        link = body.get("permalink")
        return str(link) if link else None


def wait_for_container(
    http: Http,
    container: str,
    *,
    fields: tuple[str, str],
    network: str,
    attempts: int,
    interval: float,
    video: bool = False,
) -> None:
    """Wait (bounded) until Meta has fetched and processed a media container.

    ``fields`` names the container's status field and its detail field (they
    differ between Instagram and Threads); ``network`` (e.g. "Threads") names
    it in the error when processing failed. Still unfinished after ``attempts``
    checks ``interval`` seconds apart: a retryable error. ``video``: the
    container holds a video (the error then asks about the video, not the URL).
    """
    status_field, detail_field = fields
    for attempt in range(attempts):
        body = http.json(
            "GET",
            f"/{container}",
            what=_("checking the media container"),
            params={"fields": f"{status_field},{detail_field}"},
        )
        status = body.get(status_field)
        if status in ("FINISHED", "PUBLISHED"):
            return
        if status in ("ERROR", "EXPIRED"):
            detail = body.get(detail_field, _("no details"))
            raise SendError(
                _("{who}: {network} could not process the media ({status}: {detail}) — ").format(
                    who=who(http.account),
                    network=network,
                    status=status,
                    detail=server_text(str(detail), http.secrets),
                )
                + (
                    _(
                        "nothing was published; check the video against `smmgen check` and "
                        "that its URL is public"
                    )
                    if video
                    else _("is the image URL public?")
                )
            )
        if attempt + 1 < attempts:
            time.sleep(interval)
    raise SendError(
        _(
            "{who}: the media container was still IN_PROGRESS after {seconds} s; "
            "nothing was published"
        ).format(who=who(http.account), seconds=f"{attempts * interval:.0f}"),
        retryable=not video,  # a video that slow is left to the next run, not re-uploaded now
    )


def graph_gone(status: int, body: Any) -> bool:
    """Whether a Graph API answer says the object is not there (for deletes).

    404, or error code 100 with subcode 33 ("Object with ID ... does not exist,
    cannot be loaded due to missing permissions, or does not support this
    operation"). The same answer covers a missing permission: a retraction is
    only asked for posts this account published, so it is taken for "gone".
    """
    if status in (404, 410):
        return True
    error = body.get("error") if isinstance(body, dict) else None
    return isinstance(error, dict) and error.get("code") == 100 and error.get("error_subcode") == 33


# -- replies (Facebook and Instagram comments) ---------------------------------------
REPLY_PAGES = 5  # pages of 100 comments read when looking our reply up


@dataclass(frozen=True)
class CommentThread:
    """Where a reply goes: ``POST /{object_id}/{edge}`` with ``message``.

    Facebook: ``comments`` under a comment or a Page post (text in ``message``);
    Instagram: ``replies`` under a top-level comment (text in ``text``).
    """

    object_id: str
    edge: str
    text_field: str
    link: str  # the reply's link, with ``{id}`` for its id


def graph_target(http: Http, object_id: str, fields: str, url: str) -> dict[str, Any]:
    """The object a reply answers, read with ``fields``; TargetGone when it is not there.

    Not there: 404, or code 100 subcode 33 — which is also the answer for an
    object this token may not see, so the message says both.
    """
    response = http.call(
        "GET",
        f"/{object_id}",
        what=_("looking up the message to answer"),
        params={"fields": fields},
        accept=(400, 404, 410),
    )
    body = json_or_none(response)
    if response.is_success and isinstance(body, dict):
        return body
    if graph_gone(response.status_code, body):
        raise TargetGone(
            _("{url}: not there (deleted, or not visible to this account)").format(url=url)
        )
    raise http.error(response, what=_("looking up the message to answer"), creates=False)


def graph_find_reply(
    http: Http, thread: CommentThread, text: str, me: str | None
) -> SendResult | None:
    """Our reply in ``thread``: a comment with ``text`` (by ``me``, where given and answered)."""
    wanted = comparable(text)
    after: str | None = None
    for _page in range(REPLY_PAGES):
        fields = f"id,{thread.text_field}" + (",from" if me else "")
        params = {"fields": fields, "limit": "100"}
        body = http.json(
            "GET",
            f"/{thread.object_id}/{thread.edge}",
            what=_("looking up the reply"),
            params=params | ({"after": after} if after else {}),
        )
        for c in body.get("data", []):
            author = (c.get("from") or {}).get("id")
            if (me is None or author is None or str(author) == me) and comparable(
                str(c.get(thread.text_field, ""))
            ) == wanted:
                return SendResult(str(c["id"]), thread.link.format(id=_last(str(c["id"]))))
        paging = body.get("paging") or {}
        after = (paging.get("cursors") or {}).get("after")
        if not after or not paging.get("next"):
            return None
    return None


def graph_send_reply(http: Http, thread: CommentThread, text: str) -> SendResult:
    """Post ``text`` in ``thread``: our reply's id and link."""
    body = http.json(
        "POST",
        f"/{thread.object_id}/{thread.edge}",
        what=_("sending the reply"),
        data={"message": text},
    )
    return SendResult(str(body["id"]), thread.link.format(id=_last(str(body["id"]))))


# (http, the link, what the link names, the reply's text, send?) -> our reply or None
ReplyIn = Callable[[Http, str, tuple[str, str], str, bool], SendResult | None]


def graph_reply(
    open_http: Callable[[], Http],
    request: SendRequest,
    target: Callable[[str], tuple[str, str] | None],
    what: str,
    reply_in: ReplyIn,
    *,
    send: bool,
) -> SendResult | None:
    """Send a reply as a comment (``send``) or look ours up, on a Graph API network.

    ``target`` reads the link (None: not ``what``); ``reply_in`` does the
    network's part with one open client. A target deleted before a lookup
    takes its replies with it: the lookup finds nothing and send() holds the
    reply as target-gone.
    """
    url = request.in_reply_to
    assert url is not None
    named = target(url)
    if named is None:
        raise SendError(
            _("{who}: {url} does not link to {what}").format(
                who=who(request.account), url=url, what=what
            )
        )
    text = reply_text(request)
    http = open_http()
    try:
        return reply_in(http, url, named, text, send)
    except TargetGone:
        if send:
            raise
        return None
    finally:
        http.close()


def reply_text(request: SendRequest) -> str:
    """The reply's text: one comment (a comment takes no thread, and here no images)."""
    if request.media:
        raise SendError(
            _(
                "{who}: smmgen sends {network} replies as text only; nothing was sent "
                "(remove the images from the reply)"
            ).format(who=who(request.account), network=request.account.network)
        )
    return "\n\n".join(request.parts)


def _last(graph_id: str) -> str:
    """A comment's own number: Facebook's ids are ``POST_COMMENT``."""
    return graph_id.rsplit("_", 1)[-1]

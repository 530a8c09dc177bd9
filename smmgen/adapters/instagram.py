"""Instagram: Graph API content publishing, a media container and then media_publish.

Instagram fetches images itself, so they need public URLs: ``media_base_url``
(of the request, else the account's setting) joined with each image's
repo-relative path. Tokens from "Instagram API with Facebook Login" work on
graph.facebook.com, those from "Instagram API with Instagram Login" on
graph.instagram.com: the account's ``login`` setting picks the host.

Instagram has no idempotency key, but a container publishes only once. When
``media_publish`` gets no answer (or a 5xx), the container's ``status_code``
says what happened: ``FINISHED`` — not published, so the *same* container is
published again (if the first call is still being applied, one of the two is
refused); ``PUBLISHED`` — the post is out, found by its caption. Anything
else leaves the attempt uncertain, and the next run looks it up by caption
before it builds a new container.

A video is published as a reel (``media_type=REELS``, ``video_url`` at
``media_base_url``, shared to the feed): Instagram downloads and processes it,
so the container is polled until ``FINISHED`` for up to ``video_wait``
seconds; ``ERROR`` is reported with Instagram's reason, and nothing is
published either way. A post of ``kind: story`` is a ``STORIES`` container
(image or video, no caption).
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..i18n import _
from ..networks.instagram import HOSTS, comment_target
from .base import CommentingAdapter, SendError, SendRequest, SendResult
from .http import Http, comparable, who
from .meta import (
    GRAPH_VERSION,
    CommentThread,
    MediaContainers,
    graph_comment,
    graph_comments,
    graph_find_reply,
    graph_http,
    graph_reply,
    graph_send_reply,
    graph_target,
    public_urls,
)

# Containers: POST /{ig-user-id}/media with image_url, caption, alt_text; carousel
# items with is_carousel_item=true, then a CAROUSEL container with children;
# GET /{container-id}?fields=status_code until FINISHED; then
# POST /{ig-user-id}/media_publish with creation_id:
# https://developers.facebook.com/docs/instagram-platform/content-publishing
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
# GET /{ig-user-id}/media lists the account's media (caption, permalink):
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#reading


class InstagramAdapter(MediaContainers, CommentingAdapter):
    """Publishes to an Instagram professional account."""

    status_fields = ("status_code", "status")
    network_title = "Instagram"

    secret_settings: ClassVar[tuple[str, ...]] = ("token_env",)
    # Bounded: about two minutes, then a retryable error (nothing is published
    # yet). Meta asks to check a container about once a minute for up to five.
    poll_interval: float = 5.0  # seconds between container status checks
    poll_attempts: int = 24
    video_wait: float = 600.0  # seconds a reel may take to be processed
    sends_video = True

    def http(self) -> Http:
        """A client for the account's API (token and headers set); the caller closes it.

        Public for the readers of the same account (statistics, account checks).
        """
        login = str(self.account.settings.get("login") or "facebook")
        return graph_http(self, HOSTS.get(login, HOSTS["facebook"]), GRAPH_VERSION)

    def find_existing(self, request: SendRequest) -> SendResult | None:
        if request.in_reply_to is not None:
            return self._reply(request, send=False)
        if request.kind == "story":
            # A story has no caption to find it by: a person decides (mark-published,
            # or publish --resend), never a blind second story.
            raise SendError(
                _(
                    "{who}: a story cannot be looked up; check the account's stories, then run "
                    "`smmgen mark-published` or `smmgen publish --resend`"
                ).format(who=who(self.account))
            )
        return super().find_existing(request)

    def send(self, request: SendRequest) -> SendResult:
        if request.in_reply_to is not None:
            sent = self._reply(request, send=True)
            assert sent is not None
            return sent
        return super().send(request)

    def _reply(self, request: SendRequest, *, send: bool) -> SendResult | None:
        """Send the reply to a comment (``send``), or look it up among the comment's replies.

        "You can only reply to top-level comments; replies to a reply will be
        added to the top-level comment": the thread is the comment's
        ``parent_id``, or the comment itself. Our own replies are matched by
        text (the IG Comment ``from`` id is scoped, not our user id).
        https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment/replies
        """
        return graph_reply(
            self.http, request, comment_target, _("an Instagram comment"), self._reply_in, send=send
        )

    def _reply_in(
        self, http: Http, url: str, named: tuple[str, str], text: str, send: bool
    ) -> SendResult | None:
        found = graph_target(http, named[1], "id,parent_id", url)
        top = str(found.get("parent_id") or named[1])
        post = url.strip().split("/c/")[0]
        thread = CommentThread(top, "replies", "text", f"{post}/c/{top}/r/{{id}}/")
        if send:
            return graph_send_reply(http, thread, text)
        return graph_find_reply(http, thread, text, None)

    def _comment_of(self, request: SendRequest) -> str | None:
        return None if request.kind == "story" else super()._comment_of(request)  # none on stories

    def _comments(self, post: SendResult) -> list[tuple[str, str]]:
        return graph_comments(self.http(), post.remote_id, "text")

    def _post_comment(self, post: SendResult, text: str) -> str:
        return graph_comment(self.http(), post.remote_id, text)

    def _find_post(self, request: SendRequest) -> SendResult | None:
        http = self.http()
        try:
            return self._find(http, request)
        finally:
            http.close()

    def _find(self, http: Http, request: SendRequest) -> SendResult | None:
        user = str(self.account.settings["user_id"])
        wanted = comparable("\n\n".join(request.parts))
        body = http.json(
            "GET",
            f"/{user}/media",
            what=_("listing recent media"),
            params={"fields": "id,caption,permalink,timestamp", "limit": "25"},
        )
        for media in body.get("data", []):
            if comparable(str(media.get("caption", ""))) == wanted:
                return SendResult(str(media["id"]), media.get("permalink"))
        return None

    def _send_post(self, request: SendRequest) -> SendResult:
        user = str(self.account.settings["user_id"])
        urls = public_urls(request, self.account.settings.get("media_base_url"), "Instagram")
        if not urls:
            raise SendError(
                _("{who}: an Instagram post needs at least one image").format(who=who(self.account))
            )
        caption = "\n\n".join(request.parts)
        alts = [m.alt for m in request.media]
        http = self.http()
        try:
            video = request.media[0].is_video
            if request.kind == "story":
                # A story takes no caption; it is looked up among the account's stories.
                field = "video_url" if video else "image_url"
                container = self._container(
                    http, user, {"media_type": "STORIES", field: urls[0]}, None
                )
            elif video:
                form = {"media_type": "REELS", "video_url": urls[0], "caption": caption}
                container = self._container(http, user, form | {"share_to_feed": "true"}, None)
            elif len(urls) == 1:
                container = self._container(
                    http, user, {"image_url": urls[0], "caption": caption}, alts[0]
                )
            else:
                children = [
                    self._container(http, user, {"image_url": u, "is_carousel_item": "true"}, a)
                    for u, a in zip(urls, alts, strict=True)
                ]
                for child in children:
                    self._wait(http, child)
                container = self._container(
                    http,
                    user,
                    {"media_type": "CAROUSEL", "children": ",".join(children), "caption": caption},
                    None,
                )
            self._wait(http, container, video=video)
            media_id = self._publish(http, user, container, request)
            if isinstance(media_id, SendResult):
                return media_id
            return SendResult(media_id, self._permalink(http, media_id))
        finally:
            http.close()

    def _publish(
        self, http: Http, user: str, container: str, request: SendRequest
    ) -> str | SendResult:
        """Publish ``container`` once: the media id, or the post as found by its caption."""
        try:
            return self._publish_call(http, user, container)
        except SendError as exc:
            if not exc.uncertain:
                raise
            first = exc
        # No answer: the container knows whether it was published.
        for _try in range(2):
            try:
                status = self._status(http, container)
                if status == "FINISHED":
                    return self._publish_call(http, user, container)
                if status == "PUBLISHED":
                    found = self._find(http, request)
                    if found is not None:
                        return found
            except SendError:
                pass  # the second publish was refused or went unanswered: check again
        raise first

    def _publish_call(self, http: Http, user: str, container: str) -> str:
        body = http.json(
            "POST", f"/{user}/media_publish", what=_("publishing"), data={"creation_id": container}
        )
        return str(body["id"])

    def _status(self, http: Http, container: str) -> str:
        body = http.json(
            "GET",
            f"/{container}",
            what=_("checking the media container"),
            params={"fields": "status_code"},
        )
        return str(body.get("status_code", ""))

    def _container(self, http: Http, user: str, form: dict[str, Any], alt: str | None) -> str:
        if alt:
            form = {**form, "alt_text": alt}
        # A container is invisible until published: creating one creates no post.
        body = http.json(
            "POST", f"/{user}/media", what=_("creating a media container"), data=form, creates=False
        )
        return str(body["id"])


ADAPTER = InstagramAdapter

"""Facebook Pages: Graph API page feed and photos (over httpx, Page access token).

No idempotency key: a ``/feed`` call that gets no answer (or a 5xx) may have
created the post, so it is uncertain and never retried blindly; the next run
looks the Page's recent posts up by text (needs ``pages_read_engagement``).

A video goes through the resumable upload of ``/{page-id}/videos`` on
graph-video.facebook.com: ``start`` (the file size) → ``transfer`` of the
byte ranges Facebook asks for, read from disk one at a time (a range whose
answer is lost is sent again) → ``finish`` with the text as the description,
which publishes the video post (no answer there is uncertain, like ``/feed``).
Facebook then processes the video: ``GET /{video-id}?fields=status`` is asked
until ``video_status`` is ``ready``; an ``error`` is reported with Facebook's
words, and processing that outlasts ``video_wait`` is uncertain (the video is
there and may still finish, so it is looked up, never uploaded again).
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..i18n import _
from ..networks.facebook import post_or_comment
from .base import (
    CommentingAdapter,
    DeleteRequest,
    MediaFile,
    SendError,
    SendRequest,
    SendResult,
)
from .http import Http, comparable, who
from .meta import (
    GRAPH_BASE,
    GRAPH_VERSION,
    CommentThread,
    graph_comment,
    graph_comments,
    graph_find_reply,
    graph_gone,
    graph_http,
    graph_reply,
    graph_send_reply,
    graph_target,
)

# POST /{page-id}/feed with message, link and attached_media[i]={"media_fbid": …}:
# https://developers.facebook.com/docs/graph-api/reference/page/feed#publish
# POST /{page-id}/photos with source (multipart) and published=false gives an
# unpublished photo to attach, alt_text_custom its alt text:
# https://developers.facebook.com/docs/graph-api/reference/page/photos
# GET /{page-id}/posts lists the Page's own posts:
# https://developers.facebook.com/docs/graph-api/reference/page/posts
# POST /{page-id}/videos with upload_phase=start|transfer|finish (file_size;
# upload_session_id, start_offset, video_file_chunk; description, title):
# https://developers.facebook.com/docs/video-api/guides/publishing
# GET /{video-id}?fields=status: video_status (upload_complete, processing,
# ready, error) and processing_phase.errors:
# https://developers.facebook.com/docs/graph-api/reference/video (status)
GRAPH_VIDEO_BASE = "https://graph-video.facebook.com"
TRANSFER_TRIES = 3  # sends of one range whose answer was lost


def post_url(remote_id: str) -> str:
    """The permalink of a Page post id ``{page-id}_{post-id}``."""
    page, _, post = remote_id.partition("_")
    return f"https://www.facebook.com/{page}/posts/{post}" if post else ""


class FacebookAdapter(CommentingAdapter):
    """Publishes to one Facebook Page."""

    secret_settings: ClassVar[tuple[str, ...]] = ("token_env",)
    sends_video = True
    video_wait: ClassVar[float] = 600.0  # seconds a video may take to be processed
    poll_interval: ClassVar[float] = 5.0

    def http(self, base: str = GRAPH_BASE) -> Http:
        """A client for the account's API (token and headers set); the caller closes it.

        Public for the readers of the same account (statistics, account checks).
        """
        return graph_http(self, base, GRAPH_VERSION)

    def find_existing(self, request: SendRequest) -> SendResult | None:
        if request.in_reply_to is not None:
            return self._reply(request, send=False)
        return super().find_existing(request)

    def send(self, request: SendRequest) -> SendResult:
        if request.in_reply_to is not None:
            sent = self._reply(request, send=True)
            assert sent is not None
            return sent
        return super().send(request)

    def _reply(self, request: SendRequest, *, send: bool) -> SendResult | None:
        """Send the reply (``send``) or look it up: a comment under a comment or a Page post.

        A reply in a comment's thread joins that thread (the comment's
        ``parent``), as on the web. Our reply is found by its text among the
        thread's comments written by the Page (``from``).
        https://developers.facebook.com/docs/graph-api/reference/object/comments
        """
        return graph_reply(
            self.http, request, post_or_comment, _("a Facebook post"), self._reply_in, send=send
        )

    def _reply_in(
        self, http: Http, url: str, named: tuple[str, str], text: str, send: bool
    ) -> SendResult | None:
        page = str(self.account.settings["page_id"])
        where, graph_id = named
        post = graph_id.split("_")[0]
        owner = where if where.isdigit() else page
        if "_" in graph_id:  # a comment (POST_COMMENT)
            found = graph_target(http, graph_id, "id,parent{id}", url)
            top = str((found.get("parent") or {}).get("id") or graph_id)
            link = f"https://www.facebook.com/{owner}/posts/{post}?comment_id="
            link += f"{top.rsplit('_', 1)[-1]}&reply_comment_id={{id}}"
        else:  # a Page post: our reply is a comment on it
            top = str(graph_target(http, f"{owner}_{post}", "id", url)["id"])
            link = f"https://www.facebook.com/{owner}/posts/{post}?comment_id={{id}}"
        thread = CommentThread(top, "comments", "message", link)
        if send:
            return graph_send_reply(http, thread, text)
        return graph_find_reply(http, thread, text, page)

    def _comments(self, post: SendResult) -> list[tuple[str, str]]:
        return graph_comments(self.http(), post.remote_id, "message")

    def _post_comment(self, post: SendResult, text: str) -> str:
        return graph_comment(self.http(), post.remote_id, text)

    def _find_post(self, request: SendRequest) -> SendResult | None:
        page = str(self.account.settings["page_id"])
        wanted = comparable("\n\n".join(request.parts))
        http = self.http()
        try:
            body = http.json(
                "GET",
                f"/{page}/posts",
                what=_("listing recent posts"),
                params={"fields": "id,message,permalink_url,created_time", "limit": "25"},
            )
        finally:
            http.close()
        for post in body.get("data", []):
            if comparable(str(post.get("message", ""))) == wanted:
                return SendResult(
                    str(post["id"]), post.get("permalink_url") or post_url(post["id"])
                )
        return None

    def _send_post(self, request: SendRequest) -> SendResult:
        page = str(self.account.settings["page_id"])
        if request.media and request.media[0].is_video:
            return self._video(page, request.media[0], "\n\n".join(request.parts))
        http = self.http()
        try:
            photos = []
            for media in request.media:
                with media.path.open("rb") as fh:
                    body = http.json(
                        "POST",
                        f"/{page}/photos",
                        what=_("uploading a photo"),
                        creates=False,  # an unpublished photo shows nowhere
                        # alt_text_custom: the photo's alt text (Page.create_photo in
                        # facebook-python-business-sdk, adobjects/page.py).
                        data={"published": "false"}
                        | ({"alt_text_custom": media.alt} if media.alt else {}),
                        files={"source": (media.path.name, fh, media.mime)},
                    )
                photos.append(str(body["id"]))
            # Facebook has no threads: the parts of a thread form one post.
            form: dict[str, Any] = {"message": "\n\n".join(request.parts)}
            if request.link and not photos:
                form["link"] = request.link  # a link preview; not combinable with photos
            for i, photo in enumerate(photos):
                form[f"attached_media[{i}]"] = f'{{"media_fbid":"{photo}"}}'
            body = http.json("POST", f"/{page}/feed", what=_("creating the post"), data=form)
        finally:
            http.close()
        remote_id = str(body["id"])
        return SendResult(remote_id, post_url(remote_id))

    def _video(self, page: str, media: MediaFile, text: str) -> SendResult:
        """Upload ``media`` in the ranges Facebook asks for, then publish it with ``text``."""
        from .upload import Segment

        http = self.http(GRAPH_VIDEO_BASE)
        what = f"uploading {media.path.name}"
        url = f"/{page}/videos"
        try:
            size = media.path.stat().st_size
            start = http.json(
                "POST", url, what=what, creates=False,
                data={"upload_phase": "start", "file_size": str(size)},
            )  # fmt: skip
            session = str(start["upload_session_id"])
            video_id = str(start["video_id"])
            begin, end = int(start["start_offset"]), int(start["end_offset"])
            while begin < end:
                piece = Segment(0, begin, end - begin).read(media.path)
                for attempt in range(TRANSFER_TRIES):
                    try:
                        answer = http.json(
                            "POST", url, what=what, creates=False,
                            data={"upload_phase": "transfer", "upload_session_id": session,
                                  "start_offset": str(begin)},
                            files={"video_file_chunk": (media.path.name, piece,
                                                        "application/octet-stream")},
                        )  # fmt: skip
                        break
                    except SendError as exc:
                        if not exc.retryable or attempt == TRANSFER_TRIES - 1:
                            raise
                begin, end = int(answer["start_offset"]), int(answer["end_offset"])
            done = http.json(
                "POST", url, what=_("publishing the video"),
                data={"upload_phase": "finish", "upload_session_id": session,
                      "description": text},
            )  # fmt: skip
            if not done.get("success"):
                raise SendError(
                    _("{who}: Facebook did not accept the video").format(who=who(self.account))
                )
        finally:
            http.close()
        result = SendResult(video_id, f"https://www.facebook.com/{page}/videos/{video_id}")
        http = self.http()
        try:
            self._wait_for_processing(http, result, media.path.name)
        finally:
            http.close()
        return result

    def _wait_for_processing(self, http: Http, result: SendResult, name: str) -> None:
        """Until Facebook says the video is ready; its error, or a time-out (uncertain)."""
        from .upload import ProcessingTimeout, State, wait_until

        def state() -> State:
            body = http.json(
                "GET", f"/{result.remote_id}", what=_("checking the processing"),
                params={"fields": "status"},
            )  # fmt: skip
            status = body.get("status") or {}
            current = str(status.get("video_status") or "processing")
            errors = (status.get("processing_phase") or {}).get("errors") or []
            reason = "; ".join(str(e.get("message", e)) for e in errors if e) or current
            return State(done=current == "ready", failed=current == "error", reason=reason)

        try:
            wait_until(self.account,
                       _("processing {name} on Facebook (video {id})").format(
                           name=name, id=result.remote_id),
                       state, limit=self.video_wait, pause=self.poll_interval)  # fmt: skip
        except ProcessingTimeout as exc:
            raise SendError(
                exc.args[0].split(";")[0]
                + _("; the video is posted ({url}) and is looked up by the next run").format(
                    url=result.url
                ),
                uncertain=True,
                published=(result,),
            ) from None

    # -- retract ------------------------------------------------------------------

    deletes: ClassVar[bool] = True

    def delete(self, request: DeleteRequest) -> None:
        """``DELETE /{page-post-id}``; an id the Graph API no longer knows is gone.

        https://developers.facebook.com/docs/graph-api/reference/post#deleting
        """
        http = self.http()
        try:
            for remote_id in reversed(request.remote_ids):
                http.delete(
                    f"/{remote_id}", what=_("deleting {id}").format(id=remote_id), gone=graph_gone
                )
        finally:
            http.close()


ADAPTER = FacebookAdapter

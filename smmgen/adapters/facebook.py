"""Facebook Pages: Graph API page feed and photos (over httpx, Page access token).

No idempotency key: a ``/feed`` call that gets no answer (or a 5xx) may have
created the post, so it is uncertain and never retried blindly; the next run
looks the Page's recent posts up by text (needs ``pages_read_engagement``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from .base import Adapter, DeleteRequest, SendRequest, SendResult
from .http import Http, comparable
from .meta import GRAPH_BASE, GRAPH_VERSION, graph_gone, graph_http

# POST /{page-id}/feed with message, link and attached_media[i]={"media_fbid": …}:
# https://developers.facebook.com/docs/graph-api/reference/page/feed#publish
# POST /{page-id}/photos with source (multipart) and published=false gives an
# unpublished photo to attach, alt_text_custom its alt text:
# https://developers.facebook.com/docs/graph-api/reference/page/photos
# GET /{page-id}/posts lists the Page's own posts:
# https://developers.facebook.com/docs/graph-api/reference/page/posts


def post_url(remote_id: str) -> str:
    """The permalink of a Page post id ``{page-id}_{post-id}``."""
    page, _, post = remote_id.partition("_")
    return f"https://www.facebook.com/{page}/posts/{post}" if post else ""


class FacebookAdapter(Adapter):
    """Publishes to one Facebook Page."""

    secret_settings: ClassVar[tuple[str, ...]] = ("token_env",)

    def _http(self) -> Http:
        return graph_http(self, GRAPH_BASE, GRAPH_VERSION)

    def find_existing(self, request: SendRequest) -> SendResult | None:
        page = str(self.account.settings["page_id"])
        wanted = comparable("\n\n".join(request.parts))
        http = self._http()
        try:
            body = http.json(
                "GET",
                f"/{page}/posts",
                what="listing recent posts",
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

    def send(self, request: SendRequest) -> SendResult:
        page = str(self.account.settings["page_id"])
        http = self._http()
        try:
            photos = []
            for media in request.media:
                with media.path.open("rb") as fh:
                    body = http.json(
                        "POST",
                        f"/{page}/photos",
                        what="uploading a photo",
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
            body = http.json("POST", f"/{page}/feed", what="creating the post", data=form)
        finally:
            http.close()
        remote_id = str(body["id"])
        return SendResult(remote_id, post_url(remote_id))

    # -- retract ------------------------------------------------------------------

    deletes: ClassVar[bool] = True

    def delete(self, request: DeleteRequest) -> None:
        """``DELETE /{page-post-id}``; an id the Graph API no longer knows is gone.

        https://developers.facebook.com/docs/graph-api/reference/post#deleting
        """
        http = self._http()
        try:
            for remote_id in reversed(request.remote_ids):
                http.delete(f"/{remote_id}", what=f"deleting {remote_id}", gone=graph_gone)
        finally:
            http.close()


ADAPTER = FacebookAdapter

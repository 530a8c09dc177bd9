"""Instagram: Graph API content publishing, a media container and then media_publish.

Instagram fetches images itself, so they need public URLs: ``media_base_url``
(of the request, else the account's setting) joined with each image's
repo-relative path.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .base import Adapter, SendError, SendRequest, SendResult
from .http import Http, comparable, who
from .meta import GRAPH_BASE, GRAPH_VERSION, graph_http, public_urls, wait_for_container

# Containers: POST /{ig-user-id}/media with image_url, caption, alt_text; carousel
# items with is_carousel_item=true, then a CAROUSEL container with children;
# GET /{container-id}?fields=status_code until FINISHED; then
# POST /{ig-user-id}/media_publish with creation_id:
# https://developers.facebook.com/docs/instagram-platform/content-publishing
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
# GET /{ig-user-id}/media lists the account's media (caption, permalink):
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#reading


class InstagramAdapter(Adapter):
    """Publishes to an Instagram professional account."""

    secret_settings: ClassVar[tuple[str, ...]] = ("token_env",)
    poll_interval: float = 3.0  # seconds between container status checks
    poll_attempts: int = 10  # bounded: about 30 s, then a retryable error

    def _http(self) -> Http:
        return graph_http(self, GRAPH_BASE, GRAPH_VERSION)

    def find_existing(self, request: SendRequest) -> SendResult | None:
        user = str(self.account.settings["user_id"])
        wanted = comparable("\n\n".join(request.parts))
        http = self._http()
        try:
            body = http.json(
                "GET",
                f"/{user}/media",
                what="listing recent media",
                params={"fields": "id,caption,permalink,timestamp", "limit": "25"},
            )
        finally:
            http.close()
        for media in body.get("data", []):
            if comparable(str(media.get("caption", ""))) == wanted:
                return SendResult(str(media["id"]), media.get("permalink"))
        return None

    def send(self, request: SendRequest) -> SendResult:
        user = str(self.account.settings["user_id"])
        urls = public_urls(request, self.account.settings.get("media_base_url"), "Instagram")
        if not urls:
            raise SendError(f"{who(self.account)}: an Instagram post needs at least one image")
        caption = "\n\n".join(request.parts)
        alts = [m.alt for m in request.media]
        http = self._http()
        try:
            if len(urls) == 1:
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
            self._wait(http, container)
            body = http.json(
                "POST", f"/{user}/media_publish", what="publishing", data={"creation_id": container}
            )
            media_id = str(body["id"])
            link = http.json(
                "GET", f"/{media_id}", what="reading the permalink", params={"fields": "permalink"}
            )
        finally:
            http.close()
        return SendResult(media_id, link.get("permalink"))

    def _container(self, http: Http, user: str, form: dict[str, Any], alt: str | None) -> str:
        if alt:
            form = {**form, "alt_text": alt}
        body = http.json("POST", f"/{user}/media", what="creating a media container", data=form)
        return str(body["id"])

    def _wait(self, http: Http, container: str) -> None:
        wait_for_container(
            http,
            container,
            fields=("status_code", "status"),
            network="Instagram",
            attempts=self.poll_attempts,
            interval=self.poll_interval,
        )


ADAPTER = InstagramAdapter

"""Threads (Meta): the Threads API, a container and then threads_publish, per part.

A thread is a chain of replies (``reply_to_id`` = the previous part's media
id). Images are fetched by Threads itself, so they need public URLs, built
like Instagram's from ``media_base_url`` and the images' repo paths.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

from .base import Adapter, SendError, SendRequest, SendResult
from .http import Http, comparable, graph_classifier, secret, who
from .instagram import public_urls

API_BASE = "https://graph.threads.net"
THREADS_VERSION = "v1.0"
# POST /{threads-user-id}/threads (media_type TEXT, IMAGE or CAROUSEL; text,
# image_url, alt_text, reply_to_id, is_carousel_item, children), then
# POST /{threads-user-id}/threads_publish with creation_id:
# https://developers.facebook.com/docs/threads/posts
# Replies: https://developers.facebook.com/docs/threads/retrieve-and-manage-replies/create-replies
# Container status (status: IN_PROGRESS, FINISHED, ERROR, EXPIRED, PUBLISHED):
# https://developers.facebook.com/docs/threads/troubleshooting#publishing-does-not-return-a-media-id
# GET /{threads-user-id}/threads lists the user's posts (text, permalink):
# https://developers.facebook.com/docs/threads/threads-media#retrieve-a-list-of-all-a-user-s-threads
# Alt text: https://developers.facebook.com/docs/threads/posts/accessibility


class ThreadsAdapter(Adapter):
    """Publishes to a Threads profile."""

    secret_settings: ClassVar[tuple[str, ...]] = ("token_env",)
    poll_interval: float = 3.0
    poll_attempts: int = 10

    def _http(self) -> Http:
        token = secret(self.account, self.secrets, "token_env")
        base = str(self.account.settings.get("api_base") or API_BASE).rstrip("/")
        return Http(
            self.account,
            f"{base}/{THREADS_VERSION}",
            secret_settings=self.secret_settings,
            secrets=[token],
            timeout=self.timeout,
            headers={"Authorization": f"Bearer {token}"},
            classify=graph_classifier(self.account, self.secret_settings),
        )

    def find_existing(self, request: SendRequest) -> SendResult | None:
        user = str(self.account.settings["user_id"])
        wanted = comparable(request.parts[0])
        http = self._http()
        try:
            body = http.json(
                "GET",
                f"/{user}/threads",
                what="listing recent posts",
                params={"fields": "id,text,permalink,timestamp", "limit": "25"},
            )
        finally:
            http.close()
        for post in body.get("data", []):
            if comparable(str(post.get("text", ""))) == wanted:
                return SendResult(str(post["id"]), post.get("permalink"))
        return None

    def send(self, request: SendRequest) -> SendResult:
        user = str(self.account.settings["user_id"])
        urls = public_urls(request, self.account.settings.get("media_base_url"))
        alts = [m.alt for m in request.media]
        http = self._http()
        try:
            first: str | None = None
            previous: str | None = None
            for i, text in enumerate(request.parts):
                form: dict[str, Any] = {"text": text}
                if previous is not None:
                    form["reply_to_id"] = previous
                if i == 0 and len(urls) == 1:
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
                if form["media_type"] != "TEXT":
                    self._wait(http, container)
                body = http.json(
                    "POST",
                    f"/{user}/threads_publish",
                    what=f"publishing part {i + 1}",
                    data={"creation_id": container},
                )
                previous = str(body["id"])
                first = first or previous
            assert first is not None
            link = http.json(
                "GET", f"/{first}", what="reading the permalink", params={"fields": "permalink"}
            )
        finally:
            http.close()
        return SendResult(first, link.get("permalink"))

    def _container(self, http: Http, user: str, form: dict[str, Any]) -> str:
        body = http.json("POST", f"/{user}/threads", what="creating a container", data=form)
        return str(body["id"])

    def _wait(self, http: Http, container: str) -> None:
        """Wait (bounded) until Threads has fetched and processed the media."""
        for attempt in range(self.poll_attempts):
            body = http.json(
                "GET",
                f"/{container}",
                what="checking the container",
                params={"fields": "status,error_message"},
            )
            status = body.get("status")
            if status in ("FINISHED", "PUBLISHED"):
                return
            if status in ("ERROR", "EXPIRED"):
                raise SendError(
                    f"{who(self.account)}: Threads could not process the media "
                    f"({status}: {body.get('error_message', 'no details')})"
                )
            if attempt + 1 < self.poll_attempts:
                time.sleep(self.poll_interval)
        raise SendError(f"{who(self.account)}: the container was still IN_PROGRESS", retryable=True)


ADAPTER = ThreadsAdapter

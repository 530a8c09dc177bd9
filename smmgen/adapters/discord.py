"""Discord: a channel webhook (Execute Webhook with ``wait=true``), over httpx.

https://discord.com/developers/docs/resources/webhook#execute-webhook

The webhook URL is the secret (``webhook_env``). ``wait=true`` makes Discord
answer with the created message, so we learn its id. Images go as
``files[n]`` in a multipart body with ``payload_json`` naming each
attachment's ``description`` (alt text). Mentions are disabled
(``allowed_mentions.parse = []``) so a post never pings @everyone.

Reconciliation: a webhook can fetch a message only by its id, and cannot list
a channel's messages. After a run died between sending and recording, the id
is unknown, so we cannot tell whether the message went out: ``reconciles`` is
False and the engine hands such an attempt to a person rather than risk a
duplicate.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from .base import Adapter, SendError, SendRequest, SendResult

API_DOCS = "https://discord.com/developers/docs/resources/webhook#execute-webhook"


class DiscordAdapter(Adapter):
    """Posts through one channel webhook."""

    secret_settings: ClassVar[tuple[str, ...]] = ("webhook_env",)
    reconciles: ClassVar[bool] = False

    def find_existing(self, request: SendRequest) -> SendResult | None:
        """Always None: a webhook cannot search the channel (see the module docstring)."""
        return None

    def send(self, request: SendRequest) -> SendResult:
        """Post every part as a message; images go with the first. Returns the first message."""
        import httpx

        first: SendResult | None = None
        with httpx.Client(timeout=self.timeout) as client:
            for i, part in enumerate(request.parts):
                result = self._execute(client, request, part, with_media=i == 0)
                first = first or result
        assert first is not None
        return first

    def _execute(
        self, client: Any, request: SendRequest, text: str, *, with_media: bool
    ) -> SendResult:
        import httpx

        url = self.secrets["webhook_env"]
        payload: dict[str, Any] = {"content": text, "allowed_mentions": {"parse": []}}
        username = self.account.settings.get("username")
        if isinstance(username, str):
            payload["username"] = username
        media = request.media if with_media else ()
        try:
            if media:
                payload["attachments"] = [
                    {"id": i, "filename": m.path.name, **({"description": m.alt} if m.alt else {})}
                    for i, m in enumerate(media)
                ]
                handles = [m.path.open("rb") for m in media]
                try:
                    files = [
                        (f"files[{i}]", (m.path.name, fh, m.mime))
                        for i, (m, fh) in enumerate(zip(media, handles, strict=True))
                    ]
                    response = client.post(
                        url,
                        params={"wait": "true"},
                        data={"payload_json": json.dumps(payload)},
                        files=files,
                    )
                finally:
                    for fh in handles:
                        fh.close()
            else:
                response = client.post(url, params={"wait": "true"}, json=payload)
        except httpx.TimeoutException:
            raise SendError("discord: the webhook did not answer in time", retryable=True) from None
        except httpx.HTTPError as exc:
            # The exception text contains the URL, i.e. the secret: say only what kind it was.
            raise SendError(
                f"discord: cannot reach the webhook ({type(exc).__name__})", retryable=True
            ) from None
        return self._result(response)

    def _result(self, response: Any) -> SendResult:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code == 429 or response.status_code >= 500:
            after = body.get("retry_after") if isinstance(body, dict) else None
            header = response.headers.get("retry-after")
            wait = float(after) if isinstance(after, int | float) else None
            if wait is None and header:
                try:
                    wait = float(header)
                except ValueError:
                    wait = None
            raise SendError(
                f"discord: HTTP {response.status_code}", retryable=True, retry_after=wait
            )
        if response.status_code >= 400 or not isinstance(body, dict) or "id" not in body:
            detail = body.get("message") if isinstance(body, dict) else None
            raise SendError(
                f"discord: HTTP {response.status_code}"
                + (f": {str(detail)[:300]}" if detail else "")
                + f" (see {API_DOCS})"
            )
        message_id = str(body["id"])
        guild, channel = body.get("guild_id"), body.get("channel_id")
        url = f"https://discord.com/channels/{guild}/{channel}/{message_id}" if guild else None
        return SendResult(message_id, url)


ADAPTER = DiscordAdapter

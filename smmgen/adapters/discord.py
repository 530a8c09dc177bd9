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
duplicate. For the same reason a timeout or a 5xx after the request was
written is *uncertain* (Discord may have stored the message) and never
retried; only a refused connection and a 429 are.

The created message has ``channel_id`` but no ``guild_id`` (message object:
https://discord.com/developers/docs/resources/message#message-object), so the
link to it needs the server's id: the ``guild_id`` setting, or else one
``GET`` of the webhook itself (Get Webhook with Token returns ``guild_id``).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, ClassVar

from ..endpoints import plain_http_elsewhere
from ..i18n import _
from .base import Adapter, DeleteRequest, SendError, SendRequest, SendResult
from .http import server_text, transport_error, who

API_DOCS = "https://discord.com/developers/docs/resources/webhook#execute-webhook"


class DiscordAdapter(Adapter):
    """Posts through one channel webhook."""

    secret_settings: ClassVar[tuple[str, ...]] = ("webhook_env",)
    reconciles: ClassVar[bool] = False
    sends_video = True  # an attachment like an image, streamed from its file by httpx

    _guild_id: str | None = None  # "" once the lookup found none

    def find_existing(self, request: SendRequest) -> SendResult | None:
        """Always None: a webhook cannot search the channel (see the module docstring)."""
        return None

    def send(self, request: SendRequest) -> SendResult:
        """Post every part as a message; images go with the first. Returns the first message.

        Parts in ``request.published`` are out already and skipped.
        """
        import httpx

        posted = list(request.published)
        with httpx.Client(timeout=self.timeout) as client:
            for i, part in enumerate(request.parts):
                if i < len(posted):
                    continue
                try:
                    message = self._execute(client, request, part, with_media=i == 0)
                except SendError as exc:
                    raise exc.with_published(tuple(posted)) from None
                posted.append(self._result(client, message))
        assert posted
        return replace(posted[0], parts=tuple(p.remote_id for p in posted))

    def _execute(
        self, client: Any, request: SendRequest, text: str, *, with_media: bool
    ) -> dict[str, Any]:
        import httpx

        url = self.secrets["webhook_env"]
        if plain_http_elsewhere(url):
            # The URL is the secret: over plain http anyone on the way could post.
            raise SendError(
                _(
                    "{who}: the webhook URL in ${variable} must start with https:// "
                    "(http:// only for localhost); nothing was sent"
                ).format(who=who(self.account), variable=self.account.settings["webhook_env"])
            )
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
        except httpx.TransportError as exc:
            # The exception text contains the URL, i.e. the secret: transport_error
            # names only the kind of failure.
            raise transport_error(self.account, exc, "the webhook", creates=True) from None
        return self._message(response)

    def _message(self, response: Any) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code == 429:
            after = body.get("retry_after") if isinstance(body, dict) else None
            header = response.headers.get("retry-after")
            wait = float(after) if isinstance(after, int | float) else None
            if wait is None and header:
                try:
                    wait = float(header)
                except ValueError:
                    wait = None
            # A rate-limited request is refused, not stored:
            # https://discord.com/developers/docs/topics/rate-limits
            raise SendError(
                _("{who}: HTTP 429 (rate limited)").format(who=who(self.account)),
                retryable=True,
                retry_after=wait,
            )
        if response.status_code >= 500:
            raise SendError(
                _(
                    "{who}: HTTP {status} from the webhook; Discord may have stored the message"
                ).format(who=who(self.account), status=response.status_code),
                uncertain=True,
            )
        if response.status_code >= 400 or not isinstance(body, dict) or "id" not in body:
            detail = body.get("message") if isinstance(body, dict) else None
            raise SendError(
                f"{who(self.account)}: HTTP {response.status_code}"
                + (f": {server_text(str(detail), [self.secrets['webhook_env']])}" if detail else "")
                + _(" (see {url})").format(url=API_DOCS)
            )
        return body

    def _result(self, client: Any, message: dict[str, Any]) -> SendResult:
        """The message's id and link (https://discord.com/channels/<guild>/<channel>/<id>)."""
        message_id, channel = str(message["id"]), message.get("channel_id")
        guild = self._guild(client)
        url = (
            f"https://discord.com/channels/{guild}/{channel}/{message_id}"
            if guild and channel
            else None
        )
        return SendResult(message_id, url)

    def _guild(self, client: Any) -> str | None:
        """The server id: the ``guild_id`` setting, else read once from the webhook."""
        import httpx

        setting = self.account.settings.get("guild_id")
        if setting:
            return str(setting)
        if self._guild_id is None:
            self._guild_id = ""
            try:
                # Get Webhook with Token: the webhook object, with guild_id.
                response = client.get(self.secrets["webhook_env"])
                body = response.json() if response.is_success else {}
            except (httpx.HTTPError, ValueError):
                body = {}
            if isinstance(body, dict) and body.get("guild_id"):
                self._guild_id = str(body["guild_id"])
        return self._guild_id or None

    # -- retract ------------------------------------------------------------------

    deletes: ClassVar[bool] = True

    def delete(self, request: DeleteRequest) -> None:
        """Delete Webhook Message for every part, the last first; 404 (Unknown Message) is gone.

        https://discord.com/developers/docs/resources/webhook#delete-webhook-message
        """
        import httpx

        url = self.secrets["webhook_env"]
        if plain_http_elsewhere(url):
            raise SendError(
                _(
                    "{who}: the webhook URL in ${variable} must start with https:// "
                    "(http:// only for localhost)"
                ).format(who=who(self.account), variable=self.account.settings["webhook_env"])
            )
        with httpx.Client(timeout=self.timeout) as client:
            for remote_id in reversed(request.remote_ids):
                try:
                    response = client.delete(f"{url.split('?')[0]}/messages/{remote_id}")
                except httpx.TransportError as exc:
                    raise transport_error(self.account, exc, "the webhook", creates=False) from None
                if response.status_code == 404 or response.is_success:
                    continue
                if response.status_code == 429 or response.status_code >= 500:
                    raise SendError(
                        _("{who}: HTTP {status} deleting message {id}").format(
                            who=who(self.account), status=response.status_code, id=remote_id
                        ),
                        retryable=True,
                        retry_after=_seconds(response.headers.get("retry-after")),
                    )
                self._message(response)  # raises with Discord's message


ADAPTER = DiscordAdapter


def _seconds(header: str | None) -> float | None:
    """A Retry-After header in seconds, when it is a number."""
    try:
        return float(header) if header else None
    except ValueError:
        return None

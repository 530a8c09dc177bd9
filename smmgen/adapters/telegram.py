"""Telegram: a bot posts to a channel or group through the Bot API (over httpx).

The bot token is part of every URL (``/bot<token>/method``), so every error
message goes through redaction. The Bot API cannot read a chat's history, so
``find_existing`` cannot reconcile: the engine's claim-before-send is what
prevents doubles here, and a send whose answer is lost (a timeout, a dropped
connection, a 5xx) is uncertain — never retried, a person decides. Only a
refused connection and a 429 are retried.

smmgen renders plain text. With a ``parse_mode`` set, Telegram would read
``_``, ``*``, ``&``, ``<``, ``.`` … in it as markup and refuse or mangle the
post, so the text is escaped exactly as the Bot API documents for that mode
(:func:`escape`) and arrives as written, links included.
"""

from __future__ import annotations

import html
import json
from dataclasses import replace
from typing import Any, ClassVar

from ..i18n import _
from .base import (
    Adapter,
    DeleteRequest,
    MediaFile,
    SendError,
    SendRequest,
    SendResult,
    TargetGone,
)
from .http import Http, secret

API_BASE = "https://api.telegram.org"
# https://core.telegram.org/bots/api#making-requests — "https://api.telegram.org/bot<token>/METHOD_NAME";
# every answer is {"ok": true, "result": ...} or {"ok": false, "error_code", "description"}.


def _telegram_errors(status: int, body: Any, headers: Any, description: str) -> SendError | None:
    # 429 answers carry parameters.retry_after (seconds) in the body:
    # https://core.telegram.org/bots/api#responseparameters
    if not isinstance(body, dict) or status != 429:
        return None
    params = body.get("parameters") or {}
    wait = params.get("retry_after") if isinstance(params, dict) else None
    return SendError(
        _("rate limited (HTTP 429): {message}").format(message=description),
        retryable=True,
        retry_after=float(wait) if isinstance(wait, int | float) else None,
    )


# https://core.telegram.org/bots/api#formatting-options —
# MarkdownV2: "In all other places characters '_', '*', '[', ']', '(', ')', '~',
# '`', '>', '#', '+', '-', '=', '|', '{', '}', '.', '!' must be escaped with the
# preceding character '\'"; "Any character with code between 1 and 126
# inclusively can be escaped anywhere with a preceding '\' character", so '\'
# itself is escaped too (python-telegram-bot's helpers.escape_markdown, version=2,
# escapes the same set). Markdown (legacy): "To escape characters '_', '*', '`',
# '[' outside of an entity, prepend the characters '\' before them."
# HTML: "All <, > and & symbols that are not a part of a tag or an HTML entity
# must be replaced with the corresponding HTML entities".
_MARKDOWN_V2 = set("\\_*[]()~`>#+-=|{}.!")
_MARKDOWN = set("_*`[")


def escape(text: str, parse_mode: str | None) -> str:
    """``text`` escaped for ``parse_mode`` so Telegram shows it exactly as written."""
    if parse_mode == "HTML":
        return html.escape(text, quote=False)
    if parse_mode in ("MarkdownV2", "Markdown"):
        special = _MARKDOWN_V2 if parse_mode == "MarkdownV2" else _MARKDOWN
        return "".join("\\" + c if c in special else c for c in text)
    return text


def message_url(chat: dict[str, Any], message_id: int) -> str | None:
    """The t.me link of a message: public by username, private channels via /c/."""
    if chat.get("username"):
        return f"https://t.me/{chat['username']}/{message_id}"
    chat_id = str(chat.get("id", ""))
    if chat_id.startswith("-100"):
        return f"https://t.me/c/{chat_id[4:]}/{message_id}"
    return None


class TelegramAdapter(Adapter):
    """Posts one message (text, photo with caption, or an album) per post."""

    secret_settings: ClassVar[tuple[str, ...]] = ("token_env",)
    reconciles: ClassVar[bool] = False
    sends_video = True
    _reply_chat: str | None = None  # the discussion group, while a reply is sent

    def find_existing(self, request: SendRequest) -> SendResult | None:
        # Bots cannot list a chat's messages (there is no getHistory in the Bot
        # API), so an uncertain earlier attempt cannot be looked up.
        return None

    def http(self) -> Http:
        """A client for the account's bot (the token in the URL, as the Bot API wants it).

        Public for the readers of the same account (statistics); the caller closes it.
        """
        token = secret(self.account, self.secrets, "token_env")
        base = str(self.account.settings.get("api_base") or API_BASE)
        return Http(
            self.account,
            f"{base.rstrip('/')}/bot{token}",
            secret_settings=self.secret_settings,
            secrets=[token],
            timeout=self.timeout,
            classify=_telegram_errors,
        )

    def send(self, request: SendRequest) -> SendResult:
        http = self.http()
        try:
            return self._send(http, request)
        except SendError as exc:
            from .telegram_replies import GONE

            if request.in_reply_to is not None and GONE in str(exc).lower():
                raise TargetGone(
                    _("{url}: the message was deleted").format(url=request.in_reply_to)
                ) from None
            raise
        finally:
            http.close()

    def _where(self, http: Http, request: SendRequest) -> tuple[dict[str, Any], dict[str, Any]]:
        """The chat fields (chat_id, parse_mode) and, for a reply, its reply_parameters."""
        mode = self.account.settings.get("parse_mode") or None
        common = {"chat_id": str(self.account.settings["chat_id"])}
        common |= {"parse_mode": str(mode)} if mode else {}
        self._reply_chat = None
        if request.in_reply_to is None:
            return common, {}
        from .telegram_replies import reply_to  # a reply goes into the discussion group

        group, message = reply_to(http, self.account, request.in_reply_to)
        self._reply_chat = str(group)
        return common | {"chat_id": str(group)}, {"reply_parameters": {"message_id": message}}

    def _send(self, http: Http, request: SendRequest) -> SendResult:
        settings = self.account.settings
        # Telegram has no threads: the parts of a thread form one message.
        mode = settings.get("parse_mode") or None
        text = escape("\n\n".join(request.parts), mode if isinstance(mode, str) else None)
        common, answer = self._where(http, request)
        # multipart forms take JSON-serialized objects, as the Bot API says
        form = {k: json.dumps(v) for k, v in answer.items()}
        files = [(f"photo{i}", m) for i, m in enumerate(request.media)]
        if not files:
            # https://core.telegram.org/bots/api#sendmessage
            reply = {**common, **answer, "text": text}
            body = http.json("POST", "/sendMessage", what="sendMessage", json=reply)
            return self._result(body["result"])
        if len(files) == 1 and files[0][1].is_video:
            # https://core.telegram.org/bots/api#sendvideo — multipart, the video as a file
            return self._result(self._video(http, common | form, text, files[0][1]))
        if len(files) == 1:
            # https://core.telegram.org/bots/api#sendphoto — multipart, the photo as a file
            media = files[0][1]
            with media.path.open("rb") as fh:
                body = http.json(
                    "POST",
                    "/sendPhoto",
                    what="sendPhoto",
                    data={**common, **form, "caption": text},
                    files={"photo": (media.path.name, fh, media.mime)},
                )
            return self._result(body["result"])
        # https://core.telegram.org/bots/api#sendmediagroup — "attach://<name>" refers to
        # a multipart file; the first item's caption is the album's caption.
        items = [
            {"type": "photo", "media": f"attach://{name}"}
            | ({"caption": text, **_parse_mode(common)} if i == 0 else {})
            for i, (name, _) in enumerate(files)
        ]
        handles = [m.path.open("rb") for _, m in files]
        try:
            body = http.json(
                "POST",
                "/sendMediaGroup",
                what="sendMediaGroup",
                data={"chat_id": common["chat_id"], "media": json.dumps(items), **form},
                files=[
                    (name, (m.path.name, fh, m.mime))
                    for (name, m), fh in zip(files, handles, strict=True)
                ],
            )
        finally:
            for fh in handles:
                fh.close()
        album = tuple(str(m["message_id"]) for m in body["result"])
        return replace(self._result(body["result"][0]), parts=album)

    def _video(
        self, http: Http, common: dict[str, Any], text: str, media: MediaFile
    ) -> dict[str, Any]:
        """sendVideo: the file streamed from disk, with its size and length for the player."""
        facts: dict[str, Any] = {"supports_streaming": "true"}
        if media.video is not None:
            facts |= {
                "width": str(media.video.width),
                "height": str(media.video.height),
                "duration": str(round(media.video.duration)),
            }
        with media.path.open("rb") as fh:  # httpx sends it block by block
            body = http.json(
                "POST",
                "/sendVideo",
                what="sendVideo",
                data={**common, "caption": text, **facts},
                files={"video": (media.path.name, fh, media.mime)},
            )
        result: dict[str, Any] = body["result"]
        return result

    def _result(self, message: dict[str, Any]) -> SendResult:
        chat = message.get("chat") or {}
        mid = str(message["message_id"])
        # A reply lives in the discussion group: its id names the chat too
        # ("CHAT:ID"), so that retract deletes it there and never the channel's
        # message of the same number.
        remote = f"{self._reply_chat}:{mid}" if self._reply_chat else mid
        return SendResult(remote, message_url(chat, message["message_id"]))

    # -- retract ------------------------------------------------------------------

    deletes: ClassVar[bool] = True

    def delete(self, request: DeleteRequest) -> None:
        """``deleteMessage`` for every message of the post (an album has several).

        https://core.telegram.org/bots/api#deletemessage — "message to delete not
        found" is gone. A bot can delete channel messages only within 48 hours;
        after that Telegram refuses and a person deletes it in the app.
        """
        http = self.http()
        chat = str(self.account.settings["chat_id"])
        try:
            for remote_id in reversed(request.remote_ids):
                where, _, mid = remote_id.rpartition(":")  # "CHAT:ID": a reply in the group
                http.delete(
                    "/deleteMessage",
                    method="POST",
                    what="deleteMessage",
                    json={"chat_id": where or chat, "message_id": int(mid)},
                    gone=_not_found,
                )
        finally:
            http.close()


def _parse_mode(common: dict[str, Any]) -> dict[str, Any]:
    return {"parse_mode": common["parse_mode"]} if "parse_mode" in common else {}


ADAPTER = TelegramAdapter


def _not_found(status: int, body: Any) -> bool:
    """Telegram's answer for a message that is gone: 400 "message to delete not found"."""
    said = str(body.get("description", "")) if isinstance(body, dict) else ""
    return status == 400 and "message to delete not found" in said.lower()

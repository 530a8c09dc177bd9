"""A local server speaking the Telegram Bot API as documented, and its parse_mode rules."""

from __future__ import annotations

from typing import Any

from werkzeug import Request, Response

from tests.helpers.adapter_calls import hang_up


class TelegramParseError(ValueError):
    """What the Bot API answers with 400 "Bad Request: can't parse entities: …"."""


def telegram_text(text: str, parse_mode: str | None) -> str:
    """The text Telegram shows for ``text`` sent with ``parse_mode``, or TelegramParseError.

    Strict on purpose: smmgen never sends markup, so any character that
    Telegram would read as markup is a failure here.
    https://core.telegram.org/bots/api#formatting-options —
    MarkdownV2: "characters '_', '*', '[', ']', '(', ')', '~', '`', '>', '#', '+',
    '-', '=', '|', '{', '}', '.', '!' must be escaped with the preceding
    character '\\'"; "Any character with code between 1 and 126 inclusively can
    be escaped anywhere with a preceding '\\' character, in which case it is
    treated as an ordinary character". Markdown (legacy): "To escape characters
    '_', '*', '`', '[' outside of an entity, prepend the characters '\\' before
    them." HTML: "All <, > and & symbols that are not a part of a tag or an HTML
    entity must be replaced with the corresponding HTML entities"; named
    entities: only &lt; &gt; &amp; &quot;, and numerical ones.
    """
    import re

    if parse_mode is None:
        return text
    if parse_mode == "HTML":
        out, i = [], 0
        entity = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
        named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
        while i < len(text):
            c = text[i]
            if c == "&":
                m = entity.match(text, i)
                if m is None:
                    raise TelegramParseError(f"Unsupported start tag at byte offset {i}")
                name = m.group(1)
                if name in named:
                    out.append(named[name])
                else:
                    out.append(chr(int(name[2:], 16) if name[1] == "x" else int(name[1:])))
                i = m.end()
                continue
            if c in "<>":
                raise TelegramParseError(f"Unsupported start tag at byte offset {i}")
            out.append(c)
            i += 1
        return "".join(out)
    if parse_mode == "MarkdownV2":
        reserved, escapable = set("_*[]()~`>#+-=|{}.!"), lambda c: 1 <= ord(c) <= 126
    elif parse_mode == "Markdown":
        reserved, escapable = set("_*`["), lambda c: c in "_*`["
    else:
        raise TelegramParseError(f"Unsupported parse_mode {parse_mode}")
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and escapable(text[i + 1]):
            out.append(text[i + 1])
            i += 2
            continue
        if c in reserved or (c == "\\" and parse_mode == "MarkdownV2"):
            raise TelegramParseError(f"Character '{c}' is reserved and must be escaped")
        out.append(c)
        i += 1
    return "".join(out)


class FakeTelegram:
    """A Bot API server for one bot: sendMessage, sendPhoto, sendMediaGroup.

    Parses ``text``/``caption`` as Telegram does for the ``parse_mode`` sent
    (:func:`telegram_text`; 400 "can't parse entities" when it cannot) and
    keeps what a channel would show in ``messages``. ``after_store`` lists
    faults for the next sends, applied after the message is stored: "hang-up"
    (the answer is lost) or an HTTP status such as 502.
    https://core.telegram.org/bots/api#making-requests
    """

    def __init__(self, server: Any, token: str) -> None:
        import itertools

        self.messages: list[dict[str, Any]] = []
        self.after_store: list[str | int] = []
        self._ids = itertools.count(100)
        self.chat = {"id": -1001234567890, "username": "examplenews", "type": "channel"}
        for method in ("sendMessage", "sendPhoto", "sendMediaGroup"):
            server.expect_request(f"/bot{token}/{method}", method="POST").respond_with_handler(
                self.handle
            )

    def handle(self, req: Request) -> Response:
        import json

        method = req.path.rsplit("/", 1)[1]
        if req.mimetype == "application/json":
            fields: dict[str, Any] = req.get_json()
        else:
            fields = dict(req.form.items())
        if method == "sendMediaGroup":
            items = json.loads(fields["media"])
            first = items[0]
            raw, mode, count = first.get("caption", ""), first.get("parse_mode"), len(items)
        else:
            raw = fields.get("text" if method == "sendMessage" else "caption", "")
            mode, count = fields.get("parse_mode"), 1
        try:
            shown = telegram_text(raw, mode)
        except TelegramParseError as exc:
            body = {
                "ok": False,
                "error_code": 400,
                "description": f"Bad Request: can't parse entities: {exc}",
            }
            return Response(json.dumps(body), status=400, content_type="application/json")
        ids = [next(self._ids) for _ in range(count)]
        self.messages.append({"method": method, "text": shown, "ids": ids})
        if self.after_store:
            fault = self.after_store.pop(0)
            return (
                hang_up(req) if fault == "hang-up" else Response("Bad Gateway", status=int(fault))
            )
        result = [{"message_id": i, "chat": self.chat, "date": 1795600000} for i in ids]
        key = "text" if method == "sendMessage" else "caption"
        result[0][key] = shown
        answer = result if method == "sendMediaGroup" else result[0]
        return Response(json.dumps({"ok": True, "result": answer}), content_type="application/json")

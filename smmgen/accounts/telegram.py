"""Telegram: getMe (the bot token), getChat and getChatMember (may the bot post there?).

A channel takes posts from administrators with ``can_post_messages``; a group
from any member (https://core.telegram.org/bots/api#chatmember).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import _
from ..model import Account
from . import Access
from .net import Answer, call

API_BASE = "https://api.telegram.org"


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """Whether the token is a bot's, the chat exists and the bot may post and delete there."""
    base = (
        f"{str(account.settings.get('api_base') or API_BASE).rstrip('/')}/bot{secrets['token_env']}"
    )
    chat_id = str(account.settings["chat_id"])
    me = call("GET", f"{base}/getMe", what="getMe")
    if not me.data.get("ok"):
        return Access(False, _("the bot token is refused: {said}").format(said=_said(me)))
    chat = call("GET", f"{base}/getChat", what="getChat", params={"chat_id": chat_id})
    if not chat.data.get("ok"):
        absent = _("chat {chat_id}: {said} — add the bot to the chat")
        return Access(False, absent.format(chat_id=chat_id, said=_said(chat)))
    bot = me.data["result"]
    member = call(
        "GET", f"{base}/getChatMember", what="getChatMember",
        params={"chat_id": chat_id, "user_id": str(bot.get("id"))},
    )  # fmt: skip
    info: dict[str, Any] = member.data.get("result") or {}
    status = info.get("status")
    creator, admin = status == "creator", status == "administrator"
    if chat.data["result"].get("type") == "channel":
        post = creator or (admin and bool(info.get("can_post_messages")))
    else:
        post = creator or admin or status == "member" or bool(info.get("can_send_messages"))
    delete = creator or (admin and bool(info.get("can_delete_messages")))
    return Access(
        True,
        _("bot @{bot} in {chat_id} ({status})").format(
            bot=bot.get("username", "?"), chat_id=chat_id, status=status or _("not a member")
        ),
        probed={
            "publish": (post, _("needs can_post_messages (make the bot an administrator "
                                "who may post)")),
            "delete": (delete, _("needs {scopes}").format(scopes="can_delete_messages")),
        },
    )  # fmt: skip


def _said(answer: Answer) -> str:
    return str(answer.data.get("description") or f"HTTP {answer.status}")

"""Telegram replies: a message in the channel's discussion group answering a comment.

Where the reply goes: ``getChat`` on the account's channel gives its
``linked_chat_id``, the discussion group (a group account answers in itself);
https://core.telegram.org/bots/api#chatfullinfo. The link must name a comment
of that channel or a message of that group (:mod:`smmgen.networks.telegram_links`).
The reply is ``sendMessage`` (or sendPhoto …) into the group with
``reply_parameters: {message_id}`` (https://core.telegram.org/bots/api#replyparameters);
without ``allow_sending_without_reply`` Telegram refuses to send when the
message is gone: 400 "message to be replied not found" → :class:`TargetGone`.

The Bot API cannot read a chat's history, so a reply whose answer was lost
cannot be looked up: as for posts, it is uncertain and a person decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import _
from ..model import Account
from ..networks.telegram_links import message_link
from .base import SendError
from .http import Http, who

GONE = "message to be replied not found"


@dataclass(frozen=True)
class Discussion:
    """The account's channel and the group its comments live in."""

    channel_id: int
    channel_name: str | None
    group_id: int
    group_name: str | None


def _chat(http: Http, chat_id: str | int, what: str) -> dict[str, Any]:
    body = http.json("POST", "/getChat", what=what, creates=False, json={"chat_id": chat_id})
    result: dict[str, Any] = body["result"]
    return result


def discussion(http: Http, account: Account) -> Discussion:
    """The channel and its discussion group (``getChat``); SendError if it has none."""
    chat = _chat(http, str(account.settings["chat_id"]), _("getChat (the channel)"))
    if chat.get("type") in ("group", "supergroup"):
        name = chat.get("username")
        return Discussion(int(chat["id"]), name, int(chat["id"]), name)
    linked = chat.get("linked_chat_id")
    if not isinstance(linked, int):
        raise SendError(
            _(
                "{who}: the channel has no discussion group, so it has no comments to answer "
                "(Channel → Edit → Discussion)"
            ).format(who=who(account))
        )
    group = _chat(http, linked, _("getChat (the discussion group)"))
    return Discussion(int(chat["id"]), chat.get("username"), linked, group.get("username"))


def _same(chat: str, chat_id: int, name: str | None) -> bool:
    return chat == str(chat_id) or (name is not None and chat.lower() == name.lower())


def reply_to(http: Http, account: Account, url: str) -> tuple[int, int]:
    """(group chat id, message id) to answer for the link ``url``."""
    link = message_link(url)
    if link is None:
        raise SendError(
            _("{who}: {url} names no Telegram message").format(who=who(account), url=url)
        )
    where = discussion(http, account)
    if link.comment and _same(link.chat, where.channel_id, where.channel_name):
        return where.group_id, link.message_id
    if not link.comment and _same(link.chat, where.group_id, where.group_name):
        return where.group_id, link.message_id
    if not link.comment and _same(link.chat, where.channel_id, where.channel_name):
        raise SendError(
            _(
                "{who}: {url} is a channel post, not a comment; answer a comment (its link ends "
                "in ?comment=ID) or write a post"
            ).format(who=who(account), url=url)
        )
    raise SendError(
        _(
            "{who}: {url} is not in this channel's discussion group; a bot answers only where "
            "it posts"
        ).format(who=who(account), url=url)
    )

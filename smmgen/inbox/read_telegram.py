"""The Telegram inbox: comments in the channel's discussion group, through ``getUpdates``.

A bot sees a group's messages only as updates (the Bot API has no way to read
a chat's history), so this is what is possible and what is not:

- ``getChat`` on the channel gives its discussion group (``linked_chat_id``);
  ``getMe`` and ``getChatMember`` tell whether the bot can see the group's
  messages: as an administrator, or with privacy mode off (``/setprivacy`` at
  @BotFather, ``can_read_all_group_messages``). Otherwise the account is
  skipped with that note: https://core.telegram.org/bots/features#privacy-mode
- ``getUpdates`` (``offset`` = the cursor + 1, ``limit`` 100,
  ``allowed_updates`` message and edited_message) returns what arrived since;
  an offset confirms the updates before it, so only one reader may use the
  bot's updates, and none while a webhook is set (HTTP 409). Telegram keeps
  updates for 24 hours: fetch at least daily (inbox.yml runs hourly).
  https://core.telegram.org/bots/api#getupdates
- Comments are messages in the group that reply to the channel post's
  automatic forward (``is_automatic_forward``) or to another comment;
  ``edited_message`` updates replace a stored text.
- Not possible: deleted messages (no update tells a bot; they stay until the
  retention removes them), and comments older than 24 hours before the first
  fetch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..adapters.base import SendError
from ..adapters.http import who
from ..adapters.telegram import message_url
from ..adapters.telegram_replies import Discussion, discussion
from ..i18n import _
from . import Item
from .reading import Caller, Read

if TYPE_CHECKING:
    from ..adapters.base import Adapter

PAGE = 100


def telegram(adapter: Adapter, cursor: str | None, stored: list[Item], call: Caller) -> Read:
    """Comments that arrived in the discussion group after update ``cursor``."""
    from ..adapters.telegram import TelegramAdapter

    assert isinstance(adapter, TelegramAdapter)
    read = call.read
    known = {i.id: i for i in stored}
    http = adapter.http()
    try:
        where = call(lambda: discussion(http, adapter.account))
        me = call(lambda: http.json("POST", "/getMe", what="getMe", creates=False)["result"])
        if not me.get("can_read_all_group_messages"):
            member = call(
                lambda: http.json(
                    "POST",
                    "/getChatMember",
                    what="getChatMember",
                    creates=False,
                    json={"chat_id": where.group_id, "user_id": me["id"]},
                )["result"]
            )
            if member.get("status") not in ("administrator", "creator"):
                raise SendError(
                    _(
                        "{who}: the bot cannot see the discussion group's messages: make it an "
                        "administrator of the group, or turn its privacy mode off (@BotFather → "
                        "/setprivacy → Disable); skipped"
                    ).format(who=who(adapter.account))
                )
        offset = int(cursor) + 1 if cursor and cursor.isdigit() else None
        newest = cursor
        while True:
            fields: dict[str, Any] = {
                "limit": PAGE,
                "timeout": 0,
                "allowed_updates": ["message", "edited_message"],
            }
            if offset is not None:
                fields["offset"] = offset

            def page(fields: dict[str, Any] = fields) -> Any:
                return http.json(
                    "POST", "/getUpdates", what="getUpdates", creates=False, json=fields
                )["result"]

            updates = call(page)
            items: list[Item] = []
            for update in updates:
                newest = str(update["update_id"])
                _take(update, where, me, adapter, known, read, items)
            read.keep(items)
            if len(updates) < PAGE:
                break
            offset = int(updates[-1]["update_id"]) + 1
    finally:
        http.close()
    read.cursor = newest
    return read


def _take(
    update: dict[str, Any],
    where: Discussion,
    me: dict[str, Any],
    adapter: Adapter,
    known: dict[str, Item],
    read: Read,
    items: list[Item],
) -> None:
    """The comment in ``update``, if it is one: new into ``items``, an edit into ``read``."""
    msg = update.get("message") or update.get("edited_message")
    if not isinstance(msg, dict) or (msg.get("chat") or {}).get("id") != where.group_id:
        return
    sender = msg.get("from") or {}
    parent = msg.get("reply_to_message")
    if msg.get("is_automatic_forward") or sender.get("id") == me.get("id") or not parent:
        return  # the channel's own posts, our replies, and talk that answers nothing
    item = _item(msg, parent, where, adapter)
    if "edited_message" in update:
        old = known.get(item.id)
        if old is not None:
            if old.text is not None and old.text != item.text:
                read.edited.append(replace(old, text=item.text))
            return
    if item.id not in known:
        items.append(item)


def _item(msg: dict[str, Any], parent: dict[str, Any], where: Discussion, adapter: Adapter) -> Item:
    sender = msg.get("from") or {}
    sender_chat = msg.get("sender_chat") or {}
    origin = parent.get("forward_origin") or {}
    post = origin.get("message_id") if parent.get("is_automatic_forward") else None
    post = post or (
        parent.get("forward_from_message_id") if parent.get("is_automatic_forward") else None
    )
    mid = int(msg["message_id"])
    url: str | None
    if post and where.channel_name:
        url = f"https://t.me/{where.channel_name}/{post}?comment={mid}"
    else:
        url = message_url(msg.get("chat") or {}, mid)
    thread = msg.get("message_thread_id") or parent.get("message_id")
    when = dt.datetime.fromtimestamp(int(msg.get("date", 0)), dt.UTC)
    return Item(
        network="telegram",
        account=adapter.account.name,
        id=str(mid),
        url=url,
        author=str(sender.get("username") or sender_chat.get("username") or sender.get("id", "")),
        text=str(msg.get("text") or msg.get("caption") or ""),
        at=when.isoformat(timespec="seconds"),
        kind="reply",
        answers=str(post) if post else str(parent.get("message_id")),
        root=f"thread-{thread}",
    )

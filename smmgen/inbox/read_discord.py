"""The Discord inbox: replies to our webhook's messages, read by a bot.

A webhook can post but not read a channel, so the inbox needs a bot in the
server with View Channel and Read Message History, its token in the
account's optional ``bot_token_env``; without it the account is skipped with
that note. Calls (https://discord.com/developers/docs/resources/message):

- ``GET {webhook URL}`` — the webhook's channel and server (Get Webhook with Token);
- ``GET /channels/{channel}/messages?after={cursor}&limit=100`` — newer
  messages, page by page (the cursor is the newest message id read; the first
  fetch reads back 7 days, or ``--since``). A reply is a message whose
  ``message_reference`` points at a message our webhook sent
  (``referenced_message.webhook_id``);
- ``GET /channels/{channel}/messages/{id}`` — each stored reply of the last
  days again: 404 (Unknown Message) is deleted, another ``content`` an edit.

Without the MESSAGE_CONTENT privileged intent (Developer Portal → Bot) Discord
sends ``content`` empty: the items then show no text. 429 answers carry
Retry-After and are waited for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..adapters.base import SendError
from ..adapters.http import Http, who
from ..endpoints import plain_http_elsewhere
from ..i18n import _
from . import Item
from .reading import Caller, Read
from .reading import iso as _iso

if TYPE_CHECKING:
    from ..adapters.base import Adapter

PAGE = 100
FIRST_DAYS = 7
DISCORD_EPOCH_MS = 1420070400000  # snowflakes count ms from 2015-01-01


def snowflake(when: dt.datetime) -> int:
    """The smallest message id of ``when`` (for ``after=``)."""
    return (int(when.timestamp() * 1000) - DISCORD_EPOCH_MS) << 22


def discord(adapter: Adapter, cursor: str | None, stored: list[Item], call: Caller) -> Read:
    """Replies to our webhook's messages after message id ``cursor``."""
    read = call.read
    hook_url, token = _bot(adapter)
    base = hook_url.split("/webhooks/", 1)[0]
    http = Http(
        adapter.account,
        base,
        secret_settings=("webhook_env", "bot_token_env"),
        secrets=[token, hook_url],
        timeout=adapter.timeout,
        headers={"Authorization": f"Bot {token}"},
    )
    try:
        hook = call(lambda: http.json("GET", hook_url, what=_("reading the webhook")))
        channel, hook_id = str(hook["channel_id"]), str(hook["id"])
        guild = str(hook.get("guild_id", ""))
        newest = after = _start(cursor, read.floor)
        known = {i.id: i for i in stored}
        while True:

            def page(after: int = after) -> Any:
                return http.json(
                    "GET",
                    f"/channels/{channel}/messages",
                    what=_("reading the channel"),
                    params={"after": str(after), "limit": str(PAGE)},
                )

            got = [m for m in call(page) if isinstance(m, dict)]
            items = [
                _item(adapter, m, guild)
                for m in got
                if (m.get("referenced_message") or {}).get("webhook_id") == hook_id
                and str(m.get("id")) not in known
            ]
            read.items += items
            if got:
                newest = max(newest, *(int(m["id"]) for m in got))
                after = newest
            if len(got) < PAGE:
                break
        _recheck(http, channel, stored, call)
    finally:
        http.close()
    read.cursor = str(newest)
    return read


def _bot(adapter: Adapter) -> tuple[str, str]:
    """The webhook URL and the bot token; SendError (the account is skipped) without them."""
    hook_url = adapter.secrets.get("webhook_env", "")
    token = adapter.secrets.get("bot_token_env")
    if not token:
        raise SendError(
            _(
                "{who}: reading replies needs a bot (a webhook cannot read): set bot_token_env "
                "in schedule.yaml to a variable holding its token; skipped"
            ).format(who=who(adapter.account))
        )
    if plain_http_elsewhere(hook_url) or "/webhooks/" not in hook_url:
        raise SendError(
            _(
                "{who}: the webhook URL must start with https:// (http:// only for localhost); "
                "the bot token is not sent over it; skipped"
            ).format(who=who(adapter.account))
        )
    return hook_url, token


def _item(adapter: Adapter, m: dict[str, Any], guild: str) -> Item:
    ref = m.get("message_reference") or {}
    ours = str(ref.get("message_id") or (m.get("referenced_message") or {}).get("id"))
    channel = str(m.get("channel_id", ""))
    return Item(
        network="discord",
        account=adapter.account.name,
        id=str(m["id"]),
        url=f"https://discord.com/channels/{guild or '@me'}/{channel}/{m['id']}",
        author=str((m.get("author") or {}).get("username", "")),
        text=str(m.get("content", "")),
        at=_iso(m.get("timestamp")),
        kind="reply",
        answers=ours,
        root=ours,
    )


def _start(cursor: str | None, floor: str | None) -> int:
    """The message id to read after: the cursor, else ``floor`` or FIRST_DAYS back."""
    if cursor and cursor.isdigit():
        return int(cursor)
    since = dt.datetime.fromisoformat(floor) if floor else None
    return snowflake(since or dt.datetime.now(dt.UTC) - dt.timedelta(days=FIRST_DAYS))


def _recheck(http: Http, channel: str, stored: list[Item], call: Caller) -> None:
    """Stored replies looked up again: 404 (Unknown Message) is gone, other content an edit."""
    for old in stored:

        def lookup(old: Item = old) -> Any:
            return http.call(
                "GET",
                f"/channels/{channel}/messages/{old.id}",
                what=_("looking up a stored reply"),
                accept=(404,),
            )

        response = call(lookup)
        if response.status_code == 404:
            call.read.gone.add(old.id)
            continue
        text = str(response.json().get("content", ""))
        if old.text is not None and text != old.text:
            call.read.edited.append(replace(old, text=text))

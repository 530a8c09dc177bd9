"""Telegram: the Bot API gives the member count of a channel, nothing per message.

Views and forwards of channel posts exist only in MTProto with a user
account; reactions reach a bot only as live ``message_reaction_count``
updates (https://core.telegram.org/bots/api#messagereactioncountupdated), which
a nightly run cannot ask for afterwards. So posts are not measured (said once
per run) and ``getChatMemberCount`` is kept as followers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...adapters.telegram import TelegramAdapter
from ...i18n import _
from ...model import Account
from ..metrics import Counts, count
from .base import Reader, get_json


class TelegramReader(Reader):
    """Reads a Telegram chat's member count."""

    measures_posts = False
    secret_settings = ("token_env",)

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        self.http = TelegramAdapter(account, secrets).http()

    def close(self) -> None:
        """Release connections."""
        self.http.close()

    def read(self, ids: Sequence[str]) -> dict[str, Counts | None]:
        """Nothing: the Bot API has no numbers for sent messages."""
        return {}

    def followers(self) -> int | None:
        """``getChatMemberCount`` of the account's chat."""
        body = get_json(
            self.http,
            "/getChatMemberCount",
            what=_("reading the member count"),
            params={"chat_id": str(self.account.settings["chat_id"])},
        )
        return count(body.get("result")) if isinstance(body, dict) and body.get("ok") else None


READER = TelegramReader

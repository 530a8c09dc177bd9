"""Telegram: the Bot API gives the member count of a channel, nothing per message.

Views and forwards of channel posts exist only in MTProto with a user
account; reactions reach a bot only as live ``message_reaction_count``
updates (https://core.telegram.org/bots/api#messagereactioncountupdated), which
a nightly run cannot ask for afterwards. So posts are not measured (said once
per run) and ``getChatMemberCount`` is kept as followers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...adapters.http import Http, secret
from ...adapters.telegram import API_BASE
from ...model import Account
from ..metrics import Counts, count
from .base import Reader, get_json


class TelegramReader(Reader):
    """Reads a Telegram chat's member count."""

    measures_posts = False
    secret_settings = ("token_env",)

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        token = secret(account, secrets, "token_env")
        base = str(account.settings.get("api_base") or API_BASE).rstrip("/")
        self.http = Http(
            account, f"{base}/bot{token}", secret_settings=self.secret_settings, secrets=[token]
        )

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
            what="reading the member count",
            params={"chat_id": str(self.account.settings["chat_id"])},
        )
        return count(body.get("result")) if isinstance(body, dict) and body.get("ok") else None


READER = TelegramReader

"""Discord (webhook): the reactions on each message the webhook sent.

- ``GET {webhook}/messages/{message.id}``
  (https://discord.com/developers/docs/resources/webhook#get-webhook-message)
  returns the message; ``reactions[].count`` summed are its likes (Discord
  leaves ``reactions`` out when there are none: 0). No views, no replies.
- 404 (Unknown Message) = deleted.
- Members: only with the account's ``invite`` code, from
  ``GET /api/v10/invites/{code}?with_counts=true`` ``approximate_member_count``
  (no authentication).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar
from urllib.parse import quote, urlsplit

from ...adapters.http import Http, secret
from ...i18n import _
from ...model import Account
from ..metrics import Counts, count
from .base import NotFound, Reader, get_json


class DiscordReader(Reader):
    """Reads the reactions on one webhook's messages."""

    batch = 1
    native: ClassVar[Mapping[str, str]] = {"likes": "reactions[].count"}
    secret_settings = ("webhook_env",)

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        url = secret(account, secrets, "webhook_env")
        self.http = Http(account, url, secret_settings=self.secret_settings, secrets=[url])
        parts = urlsplit(url)
        self.api = f"{parts.scheme}://{parts.netloc}/api/v10"

    def close(self) -> None:
        """Release connections."""
        self.http.close()

    def read(self, ids: Sequence[str]) -> dict[str, Counts | None]:
        """Reactions per message id; None for deleted messages."""
        found: dict[str, Counts | None] = {}
        for message in ids:
            try:
                body = get_json(
                    self.http, f"/messages/{message}", what=_("reading {id}").format(id=message)
                )
            except NotFound:
                found[message] = None
                continue
            reactions = body.get("reactions") if isinstance(body, dict) else None
            total = 0
            valid = True
            for reaction in reactions if isinstance(reactions, list) else []:
                value = count(reaction.get("count")) if isinstance(reaction, dict) else None
                if value is None:
                    self.warn(message)(
                        _("reaction count {value} is not a count").format(value=f"{reaction!r:.40}")
                    )
                    valid = False
                    break
                total += value
            found[message] = Counts(likes=total if valid else None)
        return found

    def followers(self) -> int | None:
        """The server's approximate member count (needs the ``invite`` setting)."""
        invite = self.account.settings.get("invite")
        if not invite:
            return None
        body = get_json(
            self.http,
            f"{self.api}/invites/{quote(str(invite), safe='')}",
            what=_("reading the invite"),
            params={"with_counts": "true"},
        )
        return count(body.get("approximate_member_count")) if isinstance(body, dict) else None


READER = DiscordReader

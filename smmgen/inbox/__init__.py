"""The community inbox: replies, mentions and quotes addressed to our accounts.

``smmgen inbox fetch`` reads them from the networks (:mod:`.readers`, through
each account's adapter and its error handling) into ``.smmgen-inbox/``
(:mod:`.store`), a folder git ignores: other people's messages never enter
git by default. ``smmgen inbox`` lists what waits, grouped by conversation
(:mod:`.listing`).

Each item keeps only what triage needs (GDPR data minimisation): network,
account, the item's id and link, the author's handle, the text, the time,
which of our messages it answers and its conversation. No profile data, no
follower lists. Authors who opted out of bots (``#nobot`` in a Mastodon bio,
Mastodon's ``noindex``, Bluesky's ``!no-unauthenticated`` label) are kept as
a link only, without their text.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

INBOX_DIR = ".smmgen-inbox"
KINDS = ("reply", "mention", "quote")


@dataclass(frozen=True)
class Item:
    """One message addressed to one of our accounts."""

    network: str
    account: str
    id: str  # the network's id (Bluesky: AT-URI)
    url: str | None  # where a person opens it
    author: str  # handle only
    text: str | None  # None: the author opted out (shown as a link only)
    at: str  # ISO 8601, UTC
    kind: str  # reply | mention | quote
    answers: str | None = None  # the id of the message it replies to / quotes (often ours)
    root: str | None = None  # the conversation it belongs to (its first message's id)

    def conversation(self) -> str:
        """The key items are grouped by."""
        return f"{self.account}:{self.root or self.answers or self.id}"

    def to_json(self) -> dict[str, Any]:
        """The item as stored."""
        # Not dataclasses.asdict: it deep-copies every value, a tenth of a fetch's time.
        return {name: getattr(self, name) for name in _FIELDS}

    @staticmethod
    def from_json(data: dict[str, Any]) -> Item | None:
        """An item from its stored form; None for anything else (a hand-edited line)."""
        fields: dict[str, Any] = {k: data.get(k) for k in Item.__dataclass_fields__}
        required = ("network", "account", "id", "author", "at", "kind")
        if not all(isinstance(fields[k], str) for k in required):
            return None
        return Item(**fields)


_FIELDS = tuple(f.name for f in fields(Item))

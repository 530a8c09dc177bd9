"""Bluesky: post counts from the AppView's ``getPosts``, deletions confirmed on the PDS.

Reads need no login (the public AppView answers unauthenticated), so a
nightly run spends none of the 300 ``createSession`` calls a day an account
has (https://docs.bsky.app/docs/advanced-guides/rate-limits).

- ``GET {appview}/xrpc/app.bsky.feed.getPosts?uris=…`` (at most 25 URIs,
  lexicons/app/bsky/feed/getPosts.json) returns postViews with ``likeCount``,
  ``repostCount``, ``replyCount``, ``quoteCount`` and ``bookmarkCount``
  (lexicons/app/bsky/feed/defs.json). No views or impressions exist.
- A URI missing from the answer is deleted only if the account's PDS says so
  (``com.atproto.repo.getRecord`` → ``RecordNotFound``); otherwise the AppView
  just has not indexed it (yet), and it is tried again next run.
- Followers: ``app.bsky.actor.getProfile`` ``followersCount``.
- Threads: the parts live at record keys derived from the ledger key
  (:func:`smmgen.adapters.bluesky.record_key`), so each part is read and summed.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import ClassVar

from ...adapters.base import SendError
from ...adapters.bluesky import POST, record_key
from ...adapters.http import Http, who
from ...i18n import _
from ...model import Account
from ..metrics import Counts, count, counts_from
from .base import Reader, get_json

APPVIEW = "https://public.api.bsky.app"
BATCH = 25  # getPosts uris maxLength


class BlueskyReader(Reader):
    """Reads one Bluesky account's posts from an AppView."""

    batch = BATCH
    # Each getPosts call mostly waits on the network, so four are in flight at
    # once: the same calls in about a quarter of the time, far inside the 3,000
    # API requests per 5 minutes and IP that Bluesky's services allow
    # (https://docs.bsky.app/docs/advanced-guides/rate-limits).
    parallel = 4
    native: ClassVar[Mapping[str, str]] = {
        "likes": "likeCount",
        "reposts": "repostCount",
        "replies": "replyCount",
        "quotes": "quoteCount",
        "saves": "bookmarkCount",
    }
    needs_secrets = False
    counts_own_replies = True  # the AppView's replyCount counts every reply
    derives_parts = True  # record keys from the ledger key (part_ids)

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        self.handle = str(account.settings["handle"])
        service = str(account.settings.get("service") or "https://bsky.social")
        appview = str(account.settings.get("appview") or APPVIEW)
        self.appview = Http(account, appview, secret_settings=(), secrets=(), timeout=30.0)
        self.service = service
        self._pds: Http | None = None  # made when a post is missing (a client costs ~30 ms)
        self._lock = threading.Lock()  # read() runs in several threads

    def close(self) -> None:
        """Release connections."""
        self.appview.close()
        if self._pds is not None:
            self._pds.close()

    @property
    def pds(self) -> Http:
        """The account's PDS, for confirming deletions."""
        with self._lock:
            if self._pds is None:
                self._pds = Http(
                    self.account, self.service, secret_settings=(), secrets=(), timeout=30.0
                )
            return self._pds

    @staticmethod
    def part_ids(remote_id: str, key: str, parts: int) -> tuple[str, ...]:
        """The URIs of a thread's parts (the first is the ledger's)."""
        base = remote_id.rsplit("/", 1)[0]
        return (remote_id, *(f"{base}/{record_key(key, i)}" for i in range(1, parts)))

    def read(self, ids: Sequence[str]) -> dict[str, Counts | None]:
        """Counts per AT-URI; None for posts the PDS no longer has."""
        body = get_json(
            self.appview,
            "/xrpc/app.bsky.feed.getPosts",
            what=_("reading posts (getPosts)"),
            params=[("uris", uri) for uri in ids],
        )
        posts = body.get("posts") if isinstance(body, dict) else None
        if not isinstance(posts, list):
            raise SendError(
                _("{who}: getPosts answered without 'posts'").format(who=who(self.account))
            )
        found: dict[str, Counts | None] = {}
        for view in posts:
            if isinstance(view, dict) and view.get("uri") in ids:
                uri = str(view["uri"])
                found[uri] = counts_from(view, self.native, self.warn(uri))
        for uri in ids:
            if uri not in found and self._deleted(uri):
                found[uri] = None
        return found

    def _deleted(self, uri: str) -> bool:
        """Whether the PDS says the record at ``uri`` does not exist."""
        parts = uri.removeprefix("at://").split("/")
        if len(parts) != 3 or parts[1] != POST:
            return False
        import httpx

        try:
            response = self.pds.client.get(
                "/xrpc/com.atproto.repo.getRecord",
                params={"repo": parts[0], "collection": POST, "rkey": parts[2]},
            )
        except httpx.HTTPError:
            return False  # unknown now: asked again next run
        if response.status_code != 400:
            return False
        try:
            return bool(response.json().get("error") == "RecordNotFound")
        except ValueError:
            return False

    def followers(self) -> int | None:
        """``followersCount`` of the account's profile."""
        body = get_json(
            self.appview,
            "/xrpc/app.bsky.actor.getProfile",
            what=_("reading the profile (getProfile)"),
            params={"actor": self.handle},
        )
        value = body.get("followersCount") if isinstance(body, dict) else None
        return count(value)


READER = BlueskyReader

"""Threads: media insights one post at a time, the follower count from user insights.

- ``GET /{media-id}/insights?metric=views,likes,replies,reposts,quotes``
  (https://developers.facebook.com/docs/threads/insights): each metric as
  ``{"name", "values": [{"value"}]}``. ``shares`` (sent in messages) has no
  place in the vocabulary and is not kept.
- Followers: ``GET /{user-id}/threads_insights?metric=followers_count``
  (``total_value``).
- Permission ``threads_manage_insights``; without it: skipped, reported.
- A thread's later parts are not in the ledger: the first part is measured.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from ...adapters.meta import graph_http
from ...adapters.threads import THREADS_VERSION, ThreadsAdapter
from ...model import Account
from ...networks.threads import API_BASE
from ..metrics import Counts, count, counts_from
from .base import NotFound, Reader
from .graph import graph_get, insight_values


class ThreadsReader(Reader):
    """Reads one Threads account's post insights."""

    batch = 1
    native: ClassVar[Mapping[str, str]] = {
        "likes": "likes",
        "reposts": "reposts",
        "replies": "replies",
        "quotes": "quotes",
        "views": "views",
    }
    secret_settings = ("token_env",)

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        self.http = graph_http(ThreadsAdapter(account, secrets), API_BASE, THREADS_VERSION)
        self.user = str(account.settings["user_id"])

    def close(self) -> None:
        """Release connections."""
        self.http.close()

    def read(self, ids: Sequence[str]) -> dict[str, Counts | None]:
        """Insights per media id; None for deleted posts."""
        found: dict[str, Counts | None] = {}
        for media in ids:
            try:
                body = graph_get(
                    self.http,
                    f"/{media}/insights",
                    what=f"reading insights of {media}",
                    params={"metric": ",".join(self.native.values())},
                )
            except NotFound:
                found[media] = None
                continue
            found[media] = counts_from(insight_values(body), self.native, self.warn(media))
        return found

    def followers(self) -> int | None:
        """``followers_count`` from the user's insights."""
        body = graph_get(
            self.http,
            f"/{self.user}/threads_insights",
            what="reading the follower count",
            params={"metric": "followers_count"},
        )
        return count(insight_values(body).get("followers_count"))


READER = ThreadsReader

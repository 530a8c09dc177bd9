"""Threads: media insights one post at a time, the follower count from user insights.

- ``GET /{media-id}/insights?metric=views,likes,replies,reposts,quotes``
  (https://developers.facebook.com/docs/threads/insights): each metric as
  ``{"name", "values": [{"value"}]}``. ``shares`` (sent in messages) has no
  place in the vocabulary and is not kept.
- Followers: ``GET /{user-id}/threads_insights?metric=followers_count``
  (``total_value``).
- Permission ``threads_manage_insights``; without it: skipped, reported.
- A thread's parts are measured one by one and summed; each later part is a
  reply to the one before, so those replies are taken out of the sum.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ...adapters.http import Http
from ...adapters.threads import ThreadsAdapter
from ...i18n import _
from ...model import Account
from ..metrics import count
from .graph import MediaInsightsReader, graph_get, insight_values


class ThreadsReader(MediaInsightsReader):
    """Reads one Threads account's post insights."""

    counts_own_replies = True  # the replies metric counts every reply, our own thread parts too
    native: ClassVar[Mapping[str, str]] = {
        "likes": "likes",
        "reposts": "reposts",
        "replies": "replies",
        "quotes": "quotes",
        "views": "views",
    }

    def client(self, account: Account, secrets: Mapping[str, str]) -> Http:
        """The Graph API client of the account."""
        return ThreadsAdapter(account, secrets).http()

    def followers(self) -> int | None:
        """``followers_count`` from the user's insights."""
        body = graph_get(
            self.http,
            f"/{self.user}/threads_insights",
            what=_("reading the follower count"),
            params={"metric": "followers_count"},
        )
        return count(insight_values(body).get("followers_count"))


READER = ThreadsReader

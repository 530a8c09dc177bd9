"""Instagram (professional accounts): media insights one post at a time.

- ``GET /{media-id}/insights?metric=views,reach,likes,comments,shares,saved``
  (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights;
  ``impressions`` and ``plays`` are deprecated since April 2025).
- Followers: ``GET /{ig-user-id}?fields=followers_count``.
- The host is the one publishing uses: graph.instagram.com for
  ``login: instagram`` (Instagram Login tokens), else graph.facebook.com.
- Permissions ``instagram_business_basic`` and
  ``instagram_business_manage_insights``; standard access is enough for
  accounts you own. Without them: skipped, reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ...adapters.http import Http
from ...adapters.instagram import InstagramAdapter
from ...i18n import _
from ...model import Account
from ..metrics import count
from .graph import MediaInsightsReader, graph_get


class InstagramReader(MediaInsightsReader):
    """Reads one Instagram account's media insights."""

    native: ClassVar[Mapping[str, str]] = {
        "likes": "likes",
        "replies": "comments",
        "reposts": "shares",
        "saves": "saved",
        "views": "views",
        "reach": "reach",
    }

    def client(self, account: Account, secrets: Mapping[str, str]) -> Http:
        """The adapter's client: the host its ``login`` picks, as for publishing."""
        return InstagramAdapter(account, secrets).http()

    def followers(self) -> int | None:
        """``followers_count`` of the account."""
        body = graph_get(
            self.http,
            f"/{self.user}",
            what=_("reading the account"),
            params={"fields": "followers_count"},
        )
        return count(body.get("followers_count"))


READER = InstagramReader

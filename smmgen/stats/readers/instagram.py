"""Instagram (professional accounts): media insights one post at a time.

- ``GET /{media-id}/insights?metric=views,reach,likes,comments,shares,saved``
  (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights;
  ``impressions`` and ``plays`` are deprecated since April 2025).
- Followers: ``GET /{ig-user-id}?fields=followers_count``.
- Permissions ``instagram_business_basic`` and
  ``instagram_business_manage_insights``; standard access is enough for
  accounts you own. Without them: skipped, reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from ...adapters.instagram import InstagramAdapter
from ...adapters.meta import GRAPH_BASE, GRAPH_VERSION, graph_http
from ...model import Account
from ..metrics import Counts, count, counts_from
from .base import NotFound, Reader
from .graph import graph_get, insight_values


class InstagramReader(Reader):
    """Reads one Instagram account's media insights."""

    batch = 1
    native: ClassVar[Mapping[str, str]] = {
        "likes": "likes",
        "replies": "comments",
        "reposts": "shares",
        "saves": "saved",
        "views": "views",
        "reach": "reach",
    }
    secret_settings = ("token_env",)

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        self.http = graph_http(InstagramAdapter(account, secrets), GRAPH_BASE, GRAPH_VERSION)
        self.user = str(account.settings["user_id"])

    def close(self) -> None:
        """Release connections."""
        self.http.close()

    def read(self, ids: Sequence[str]) -> dict[str, Counts | None]:
        """Insights per media id; None for deleted media."""
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
        """``followers_count`` of the account."""
        body = graph_get(
            self.http,
            f"/{self.user}",
            what="reading the account",
            params={"fields": "followers_count"},
        )
        return count(body.get("followers_count"))


READER = InstagramReader

"""Facebook Pages: post insights plus comment and share counts from the post.

- ``GET /{post-id}/insights?metric=post_reactions_by_type_total,post_clicks,
  post_media_view,post_total_media_view_unique``
  (https://developers.facebook.com/docs/graph-api/reference/insights; the old
  ``post_impressions*`` are deprecated). Reactions by type are summed into likes.
- ``GET /{post-id}?fields=comments.summary(true).limit(0),shares``: replies
  and reposts (a post nobody shared has no ``shares`` field: 0).
- Followers: ``GET /{page-id}?fields=followers_count``.
- A Page token with ``read_insights`` and ``pages_read_engagement``; Meta
  gives insights only to Pages with at least 100 likes. A refusal skips the
  account with one message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ...adapters.facebook import FacebookAdapter
from ...i18n import _
from ...model import Account
from ..metrics import Counts, count, counts_from
from .base import AccessDenied, NotFound, Reader
from .graph import graph_get, insight_values

INSIGHTS = ("post_reactions_by_type_total", "post_clicks", "post_media_view",
            "post_total_media_view_unique")  # fmt: skip


class FacebookReader(Reader):
    """Reads one Facebook Page's post insights."""

    batch = 1
    native: ClassVar[Mapping[str, str]] = {
        "likes": "post_reactions_by_type_total",
        "replies": "comments.summary.total_count",
        "reposts": "shares.count",
        "clicks": "post_clicks",
        "views": "post_media_view",
        "reach": "post_total_media_view_unique",
    }
    secret_settings = ("token_env",)

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        self.http = FacebookAdapter(account, secrets).http()
        self.page = str(account.settings["page_id"])

    def close(self) -> None:
        """Release connections."""
        self.http.close()

    def read(self, ids: Sequence[str]) -> dict[str, Counts | None]:
        """Numbers per post id; None for deleted posts."""
        found: dict[str, Counts | None] = {}
        for post in ids:
            try:
                fields = graph_get(
                    self.http,
                    f"/{post}",
                    what=_("reading {id}").format(id=post),
                    params={"fields": "comments.summary(true).limit(0),shares"},
                )
                insights = graph_get(
                    self.http,
                    f"/{post}/insights",
                    what=_("reading insights of {id}").format(id=post),
                    params={"metric": ",".join(INSIGHTS)},
                )
            except NotFound:
                found[post] = None
                continue
            except AccessDenied as exc:
                raise AccessDenied(
                    _(
                        "{error} (Meta gives post insights only to Pages with at least 100 likes)"
                    ).format(error=exc)
                ) from None
            values = insight_values(insights)
            warn = self.warn(post)
            reactions = values.get("post_reactions_by_type_total")
            if isinstance(reactions, dict):  # {"like": 3, "love": 1}
                parts = [count(v) for v in reactions.values()]
                values["post_reactions_by_type_total"] = (
                    sum(p for p in parts if p is not None) if None not in parts else "bad"
                )
            comments = fields.get("comments")
            summary = comments.get("summary") if isinstance(comments, dict) else None
            if isinstance(summary, dict) and "total_count" in summary:
                values["comments.summary.total_count"] = summary["total_count"]
            shares: Any = fields.get("shares")
            values["shares.count"] = shares.get("count") if isinstance(shares, dict) else 0
            found[post] = counts_from(values, self.native, warn)
        return found

    def followers(self) -> int | None:
        """``followers_count`` of the Page."""
        body = graph_get(
            self.http,
            f"/{self.page}",
            what=_("reading the Page"),
            params={"fields": "followers_count"},
        )
        return count(body.get("followers_count"))


READER = FacebookReader

"""X: public metrics of up to 100 posts a call, on paid read access.

- ``GET /2/tweets?ids=…&tweet.fields=public_metrics`` (at most 100 ids;
  tweepy ``Client.get_tweets``) gives ``like_count``, ``retweet_count``,
  ``reply_count``, ``quote_count``, ``bookmark_count`` and
  ``impression_count`` (https://docs.x.com/x-api/fundamentals/metrics).
- A deleted post comes back in ``errors`` with type ``…/resource-not-found``;
  other errors there (a protected or suspended account) leave the post out.
- Followers: ``GET /2/users/me?user.fields=public_metrics``.
- Reading costs money: pay-per-use credits, $0.001 per "owned read" of your
  own posts (https://docs.x.com/x-api/getting-started/pricing). An app
  without read access gets 403 (``client-not-enrolled``): the account is
  skipped with one clear message.

The signed session (OAuth 1.0a user context, ``api_base``, timeouts) is the
X adapter's, so reading and publishing authenticate the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ...adapters.base import SendError
from ...adapters.http import error_detail, transport_error, who
from ...adapters.x import SECRET_SETTINGS, TWEEPY_HOST, XAdapter
from ...i18n import _
from ...model import Account
from ..metrics import Counts, count, counts_from
from .base import AccessDenied, Reader

BATCH = 100
NOT_FOUND = "https://api.twitter.com/2/problems/resource-not-found"


class XReader(Reader):
    """Reads one X account's posts (paid read access)."""

    batch = BATCH
    counts_own_replies = True  # reply_count counts every reply, our own thread parts too
    native: ClassVar[Mapping[str, str]] = {
        "likes": "like_count",
        "reposts": "retweet_count",
        "replies": "reply_count",
        "quotes": "quote_count",
        "saves": "bookmark_count",
        "views": "impression_count",
    }
    secret_settings = SECRET_SETTINGS

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        self.adapter = XAdapter(account, secrets)
        client, self.auth = self.adapter.client()
        self.session = client.session

    def close(self) -> None:
        """Release connections."""
        self.session.close()

    def read(self, ids: Sequence[str]) -> dict[str, Counts | None]:
        """Counts per post id; None for deleted posts."""
        body = self._get(
            "/2/tweets",
            {"ids": ",".join(ids), "tweet.fields": "public_metrics"},
            _("reading posts"),
        )
        found: dict[str, Counts | None] = {}
        for tweet in body.get("data") or []:
            if isinstance(tweet, dict) and str(tweet.get("id")) in ids:
                tid = str(tweet["id"])
                metrics = tweet.get("public_metrics")
                found[tid] = counts_from(
                    metrics if isinstance(metrics, dict) else {}, self.native, self.warn(tid)
                )
        for problem in body.get("errors") or []:
            if not isinstance(problem, dict):
                continue
            tid = str(problem.get("resource_id") or problem.get("value") or "")
            if tid in ids and problem.get("type") == NOT_FOUND:
                found[tid] = None
            elif tid in ids:
                self.warnings.append(
                    f"{who(self.account)}: post {tid}: {str(problem.get('title', ''))[:80]}"
                )
        return found

    def followers(self) -> int | None:
        """``public_metrics.followers_count`` of the account."""
        body = self._get("/2/users/me", {"user.fields": "public_metrics"}, _("reading the account"))
        data = body.get("data")
        metrics = data.get("public_metrics") if isinstance(data, dict) else None
        return count(metrics.get("followers_count")) if isinstance(metrics, dict) else None

    def _get(self, path: str, params: dict[str, str], what: str) -> Any:
        import requests

        try:
            response = self.session.get(f"{TWEEPY_HOST}{path}", params=params, auth=self.auth)
        except requests.RequestException as exc:
            raise transport_error(self.account, exc, what, creates=False) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.ok and isinstance(body, dict):
            return body
        if response.ok:
            raise SendError(
                _("{who}: {what}: the server sent no JSON object").format(
                    who=who(self.account), what=what
                )
            )
        detail = error_detail(body) if body is not None else response.text
        error = self.adapter.status_error(response, detail, what)
        if response.status_code in (401, 403):
            reason = body.get("reason") if isinstance(body, dict) else None
            if reason == "client-not-enrolled":
                raise AccessDenied(
                    _(
                        "{who}: X refuses reads for this app (client-not-enrolled): reading "
                        "posts needs paid API access (pay-per-use credits) on the app behind the "
                        "account's keys; skipped"
                    ).format(who=who(self.account))
                )
            raise AccessDenied(str(error))
        raise error


READER = XReader

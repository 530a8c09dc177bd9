"""Mastodon: status counts from the account's own server, 20 at a time on 4.3 and later.

- ``GET /api/v1/statuses?id[]=…`` ("View multiple statuses", added in 4.3.0,
  https://docs.joinmastodon.org/methods/statuses/#index; Mastodon.py
  ``statuses(ids)`` sends ``id[]`` the same way). The server caps the list at
  20 (``DEFAULT_STATUSES_LIMIT``). Older servers: ``GET /api/v1/statuses/:id``
  one by one; the version comes from ``GET /api/v1/instance``.
- A status missing from the list answer is looked up alone: 404 = deleted.
- Fields (https://docs.joinmastodon.org/entities/Status/): ``favourites_count``,
  ``reblogs_count``, ``replies_count``, ``quotes_count`` (4.5+; older servers
  do not send it, so quotes stay empty). Mastodon has no views.
- Followers: ``GET /api/v1/accounts/verify_credentials`` ``followers_count``.
- Scope ``read:statuses`` and ``read:accounts`` (``read`` covers both); a token
  without them gets 403 ("outside the authorized scopes"): skipped, reported.
- 300 calls per 5 minutes (https://docs.joinmastodon.org/api/rate-limits/).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import ClassVar

from ...adapters.base import SendError
from ...adapters.http import Http, secret, who
from ...i18n import _
from ...model import Account
from ..metrics import Counts, count, counts_from
from .base import AccessDenied, NotFound, Reader, get_json

BATCH = 20
BATCH_SINCE = (4, 3)
_VERSION = re.compile(r"^(\d+)\.(\d+)")


class MastodonReader(Reader):
    """Reads one Mastodon account's statuses."""

    batch = BATCH
    counts_own_replies = True  # replies_count counts every direct reply, our own thread parts too
    native: ClassVar[Mapping[str, str]] = {
        "likes": "favourites_count",
        "reposts": "reblogs_count",
        "replies": "replies_count",
        "quotes": "quotes_count",
    }
    secret_settings = ("token_env",)

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        token = secret(account, secrets, "token_env")
        self.http = Http(
            account,
            str(account.settings["instance"]),
            secret_settings=self.secret_settings,
            secrets=[token],
            headers={"Authorization": f"Bearer {token}"},
        )
        self._batched: bool | None = None

    def close(self) -> None:
        """Release connections."""
        self.http.close()

    def batch_size(self) -> int:
        """20 on servers with the multiple-statuses call (4.3+), else 1."""
        if self._batched is None:
            body = get_json(self.http, "/api/v1/instance", what=_("reading the server version"))
            found = _VERSION.match(str(body.get("version", ""))) if isinstance(body, dict) else None
            version = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
            self._batched = version >= BATCH_SINCE
        return BATCH if self._batched else 1

    def read(self, ids: Sequence[str]) -> dict[str, Counts | None]:
        """Counts per status id; None for deleted statuses."""
        found: dict[str, Counts | None] = {}
        batched = self.batch_size() > 1
        if batched:
            body = get_json(
                self.http,
                "/api/v1/statuses",
                what=_("reading statuses"),
                params=[("id[]", i) for i in ids],
            )
            if not isinstance(body, list):
                raise SendError(
                    _("{who}: reading statuses: not a list").format(who=who(self.account))
                )
            for status in body:
                if isinstance(status, dict) and str(status.get("id")) in ids:
                    sid = str(status["id"])
                    found[sid] = counts_from(status, self.native, self.warn(f"status {sid}"))
        for sid in ids:
            if sid in found:
                continue
            try:
                status = get_json(
                    self.http, f"/api/v1/statuses/{sid}", what=_("reading {id}").format(id=sid)
                )
            except NotFound:
                found[sid] = None
                continue
            except AccessDenied:
                raise
            except SendError as exc:
                if not batched:
                    raise  # retried by the collector like any single call
                # The rest of the batch is kept; this one is asked again next run.
                self.warnings.append(str(exc))
                continue
            if isinstance(status, dict):
                found[sid] = counts_from(status, self.native, self.warn(f"status {sid}"))
        return found

    def followers(self) -> int | None:
        """``followers_count`` of the token's account."""
        body = get_json(
            self.http, "/api/v1/accounts/verify_credentials", what=_("reading the account")
        )
        return count(body.get("followers_count")) if isinstance(body, dict) else None


READER = MastodonReader

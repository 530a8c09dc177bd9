"""The interface of a statistics reader, and the GET helper they share.

A reader is built for one account with its secrets (like an adapter) and does
two things: :meth:`Reader.read` a batch of the account's posts (at most
``batch`` ids) and :meth:`Reader.followers`. Errors are the adapters'
:class:`~smmgen.adapters.base.SendError` (``retryable`` for 429/5xx and
timeouts, with ``retry_after``); :class:`AccessDenied` says the account's
access does not allow reading (missing permission, X without paid reads), so
the collector reports it once and skips the account.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ...adapters.base import SendError
from ...adapters.http import Http, error_detail, error_for_status, transport_error, who
from ...i18n import _
from ...model import Account
from ..metrics import Counts

if TYPE_CHECKING:
    import httpx

DELETED = None  # in read()'s answer: the network no longer has the post


class AccessDenied(SendError):
    """The account's access does not allow this read; skip the account."""


class NotFound(SendError):
    """The network has no such post (deleted)."""


class Reader:
    """Reads one account's engagement numbers and follower count."""

    batch: ClassVar[int] = 1  # ids per read() call
    # read() calls in flight at once: >1 only where read() is thread-safe and the
    # API's rate limits leave room (the collector keeps the batches' order).
    parallel: ClassVar[int] = 1
    # Our metric → the network's own name for it (shown beside in reports).
    native: ClassVar[Mapping[str, str]] = {}
    secret_settings: ClassVar[tuple[str, ...]] = ()
    needs_secrets: ClassVar[bool] = True  # False: public reads (Bluesky)
    # True where a thread part's reply count includes the next part (our own
    # reply chain): the collector takes those out of a thread's sum.
    counts_own_replies: ClassVar[bool] = False
    # False where the network gives no numbers per post (Telegram's Bot API):
    # only followers are read, and the run says so once.
    measures_posts: ClassVar[bool] = True
    # True where :meth:`part_ids` derives a thread's later parts from the key
    # (the post file then says how many parts there are, see smmgen.stats.sources).
    derives_parts: ClassVar[bool] = False

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        self.account = account
        self.secrets = secrets
        self.warnings: list[str] = []  # implausible values seen, for the report

    def batch_size(self) -> int:
        """Ids per :meth:`read` call (may ask the server, e.g. its version)."""
        return self.batch

    @staticmethod
    def part_ids(remote_id: str, key: str, parts: int) -> tuple[str, ...]:
        """The ids of a post's parts; where the ledger knows only the first, just that."""
        return (remote_id,)

    def read(self, ids: Sequence[str]) -> dict[str, Counts | None]:
        """Numbers per id; None for a deleted post; an id left out failed this time."""
        raise NotImplementedError

    def followers(self) -> int | None:
        """The account's follower count now (None: the network does not say)."""
        return None

    def close(self) -> None:
        """Release connections."""

    def warn(self, what: str) -> Any:
        """A function that records a warning about ``what``."""

        def emit(message: str) -> None:
            self.warnings.append(f"{who(self.account)}: {what}: {message}")

        return emit


def get_json(http: Http, url: str, *, what: str, params: Any = None, headers: Any = None) -> Any:
    """GET ``url`` and return its JSON body.

    Raises :class:`NotFound` for 404/410, :class:`AccessDenied` for 401/403,
    else the :func:`~smmgen.adapters.http.error_for_status` SendError
    (retryable for 429, 5xx and timeouts).
    """
    import httpx

    try:
        response = http.client.request("GET", url, params=params, headers=headers)
    except httpx.TransportError as exc:
        # A read creates nothing: always safe to try again.
        raise transport_error(http.account, exc, what, creates=False) from None
    body = _json(response)
    if response.is_success:
        if body is None:
            raise SendError(
                _("{who}: {what}: the server sent no JSON").format(who=who(http.account), what=what)
            )
        return body
    detail = error_detail(body) if body is not None else response.text
    err = error_for_status(
        http.account,
        http.secret_settings,
        http.secrets,
        response.status_code,
        response.headers,
        detail,
        what=what,
    )
    if response.status_code in (404, 410):
        raise NotFound(str(err))
    if response.status_code in (401, 403):
        raise AccessDenied(str(err))
    raise err


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None

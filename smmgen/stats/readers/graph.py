"""What the Meta readers (Threads, Instagram, Facebook) share: GETs, error codes, insights.

Graph API errors are ``{"error": {"code", "error_subcode", "message"}}``
bodies, rate limits often as HTTP 400
(https://developers.facebook.com/docs/graph-api/guides/error-handling):
190/102 and 10, 200–299 = token or permission → :class:`AccessDenied`;
100 with subcode 33 = the object does not exist → :class:`NotFound`;
4, 17, 32, 613, 80001–80014, ``is_transient``, 5xx, 429 → retryable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ...adapters.base import SendError
from ...adapters.http import Http, env_names, retry_after, server_text, transport_error, who
from ...adapters.meta import rate_limited, token_refused
from ...i18n import _
from ...model import Account
from ..metrics import Counts, counts_from
from .base import AccessDenied, NotFound, Reader

GONE_SUBCODE = 33  # "Object with ID … does not exist, cannot be loaded due to missing permissions"


def graph_get(http: Http, path: str, *, what: str, params: Mapping[str, str] | None = None) -> Any:
    """GET a Graph API path; errors classified as the module docstring says."""
    import httpx

    try:
        response = http.client.get(path, params=dict(params or {}))
    except httpx.TransportError as exc:
        raise transport_error(http.account, exc, what, creates=False) from None
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success and isinstance(body, dict):
        return body
    err = body.get("error") if isinstance(body, dict) else None
    err = err if isinstance(err, dict) else {}
    code, sub = err.get("code"), err.get("error_subcode")
    message = server_text(" ".join(str(err.get("message", "")).split()), http.secrets)
    said = f"{who(http.account)}: {what}: HTTP {response.status_code}, code {code}: {message}"
    if (code == 100 and sub == GONE_SUBCODE) or response.status_code == 404:
        raise NotFound(said)
    if token_refused(code):
        raise AccessDenied(
            _("{error} — the token in {names} lacks the permission for insights").format(
                error=said, names=env_names(http.account, http.secret_settings)
            )
        )
    status = response.status_code
    transient = err.get("is_transient") or code in (1, 2) or status >= 500 or status == 429
    if rate_limited(code) or transient:
        wait = retry_after(response.headers)
        hint = (
            _(", retry after {seconds} s").format(seconds=f"{wait:.0f}") if wait is not None else ""
        )
        raise SendError(said + hint, retryable=True, retry_after=wait)
    if status in (401, 403):
        raise AccessDenied(said)
    raise SendError(said)


def insight_values(body: Any) -> dict[str, Any]:
    """``{"data": [{"name", "values": [{"value"}]} or {"name", "total_value": {"value"}}]}``
    as name → value (the last value of a series)."""
    out: dict[str, Any] = {}
    for item in body.get("data") or [] if isinstance(body, dict) else []:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        total = item.get("total_value")
        if isinstance(total, dict):
            out[item["name"]] = total.get("value")
            continue
        values = item.get("values")
        if isinstance(values, list) and values and isinstance(values[-1], dict):
            out[item["name"]] = values[-1].get("value")
    return out


class MediaInsightsReader(Reader):
    """A Meta account whose posts are read one by one from ``/{id}/insights``.

    Subclasses name the metrics (``native``), build the Graph client and read
    the follower count their own way.
    """

    batch = 1
    native: ClassVar[Mapping[str, str]] = {}
    secret_settings = ("token_env",)

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        self.http = self.client(account, secrets)
        self.user = str(account.settings["user_id"])

    def client(self, account: Account, secrets: Mapping[str, str]) -> Http:
        """The account's Graph API client."""
        raise NotImplementedError

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
                    what=_("reading insights of {id}").format(id=media),
                    params={"metric": ",".join(self.native.values())},
                )
            except NotFound:
                found[media] = None
                continue
            found[media] = counts_from(insight_values(body), self.native, self.warn(media))
        return found

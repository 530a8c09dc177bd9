"""One HTTP call for the account checks: status, JSON body and headers, or CheckFailed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..i18n import _
from . import CheckFailed

TIMEOUT = 20.0


@dataclass(frozen=True)
class Answer:
    """A network's answer: HTTP status, parsed JSON (None if none) and headers."""

    status: int
    body: Any
    headers: Mapping[str, str]

    @property
    def data(self) -> dict[str, Any]:
        """The body when it is a JSON object, else empty."""
        return self.body if isinstance(self.body, dict) else {}


def call(method: str, url: str, *, what: str, **kwargs: Any) -> Answer:
    """Send one request (no redirects); any answer is returned, no answer raises CheckFailed."""
    import httpx

    try:
        response = httpx.request(method, url, timeout=TIMEOUT, follow_redirects=False, **kwargs)
    except httpx.HTTPError as exc:
        # Only the host: a URL can carry a secret (a Discord webhook, a bot token).
        host = urlsplit(url).hostname or _("the server")
        none = _("{what}: no answer from {host} ({error})")
        raise CheckFailed(none.format(what=_(what), host=host, error=type(exc).__name__)) from None
    try:
        body = response.json()
    except ValueError:
        body = None
    return Answer(response.status_code, body, response.headers)


def graph_error(answer: Answer) -> tuple[int | None, str]:
    """The code and message of a Meta Graph API error body."""
    err = answer.data.get("error")
    if not isinstance(err, dict):
        return None, f"HTTP {answer.status}"
    code = err.get("code")
    return (code if isinstance(code, int) else None), str(err.get("message", ""))[:300]

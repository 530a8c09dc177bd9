"""Shared plumbing for the adapters: HTTP errors → SendError, Retry-After, redaction.

Adapters that speak plain HTTP (LinkedIn, Meta, Telegram) use :class:`Http`, a
thin httpx wrapper with a timeout on every call that turns every failure into
a :class:`SendError` whose message names the account and the environment
variable holding its secret, never the secret itself. The SDK-based adapters
(Mastodon.py, tweepy) reuse :func:`error_for_status` and :func:`retry_after`.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import os
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..secrets import Redactor
from .base import SendError
from .text_match import comparable as comparable  # where the adapters import it from

if TYPE_CHECKING:
    import ssl

    import httpx

    from ..model import Account

MAX_DETAIL = 300  # characters of the server's error text kept in messages


def server_text(text: str, secrets: Iterable[str]) -> str:
    """What a server or network library said, fit for a message: masked, then cut."""
    return Redactor(secrets).clip(text, MAX_DETAIL)


def retry_after(headers: Mapping[str, str], now: dt.datetime | None = None) -> float | None:
    """Seconds to wait, from ``Retry-After`` (seconds or HTTP date) or ``x-rate-limit-reset``.

    RFC 9110 §10.2.3 allows both forms of Retry-After; X sends the epoch second
    the window resets in ``x-rate-limit-reset``, Mastodon an ISO 8601 time in
    ``X-RateLimit-Reset`` (https://docs.joinmastodon.org/api/rate-limits/).
    """
    lower = {k.lower(): v for k, v in headers.items()}
    now = now or dt.datetime.now(dt.UTC)
    value = lower.get("retry-after", "").strip()
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            return max(0.0, (when - now).total_seconds())
    reset = lower.get("x-rate-limit-reset") or lower.get("x-ratelimit-reset")
    if reset:
        try:
            return max(0.0, float(reset) - now.timestamp())
        except ValueError:
            pass
        try:
            when = dt.datetime.fromisoformat(reset.replace("Z", "+00:00"))
        except ValueError:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return max(0.0, (when - now).total_seconds())
    return None


def env_names(account: Account, settings: Iterable[str]) -> str:
    """The environment variables behind ``settings``, e.g. ``$MASTODON_TOKEN``."""
    names = [f"${account.settings[s]}" for s in settings if account.settings.get(s)]
    return ", ".join(names) or _("its credentials")


def who(account: Account) -> str:
    """How messages name the account."""
    return _("account '{name}' ({network})").format(name=account.name, network=account.network)


def error_for_status(
    account: Account,
    secret_settings: Iterable[str],
    secrets: Iterable[str],
    status: int,
    headers: Mapping[str, str],
    detail: str,
    *,
    what: str,
    creates: bool = False,
) -> SendError:
    """The SendError for an HTTP error ``status`` while doing ``what``.

    429 and 408 (the server gave up waiting for the request) applied nothing:
    retryable. A 5xx is retryable for a call that creates nothing visible
    (``creates=False``: a read, an upload); after a call that ``creates`` the
    post it may have been applied: uncertain, not retried.
    """
    detail = server_text(detail, secrets)
    said = f": {detail}" if detail else ""
    if status in (401, 403):
        return SendError(
            _(
                "{who}: {what} was refused (HTTP {status}){said} — check the credentials "
                "in {names} and their permissions"
            ).format(
                who=who(account),
                what=what,
                status=status,
                said=said,
                names=env_names(account, secret_settings),
            )
        )
    if status == 429 or status >= 500 or status == 408:
        wait = retry_after(headers)
        hint = (
            _(", retry after {seconds} s").format(seconds=f"{wait:.0f}") if wait is not None else ""
        )
        maybe = creates and status >= 500
        return SendError(
            _("{who}: {what} failed with HTTP {status}{said}{hint}").format(
                who=who(account), what=what, status=status, said=said, hint=hint
            )
            + (_("; it may have been published") if maybe else ""),
            retryable=not maybe,
            retry_after=wait,
            uncertain=maybe,
        )
    return SendError(
        _("{who}: {what} failed with HTTP {status}{said}").format(
            who=who(account), what=what, status=status, said=said
        )
    )


def transport_error(account: Account, exc: Exception, what: str, *, creates: bool) -> SendError:
    """The SendError for a request that got no answer (``exc``: an httpx or requests error).

    Retryable when the request never reached the server (no connection, a
    connect timeout, no free connection); otherwise, for a call that
    ``creates`` the post, uncertain: the server may have applied it. The
    message names only the kind of failure (an exception's text can hold a
    URL with a secret in it).
    """
    sent = creates and not never_sent(exc)
    if sent:
        return SendError(
            _("{who}: {what} got no answer ({error}); it may have been published").format(
                who=who(account), what=what, error=type(exc).__name__
            ),
            uncertain=True,
        )
    return SendError(
        _("{who}: {what} failed ({error})").format(
            who=who(account), what=what, error=type(exc).__name__
        ),
        retryable=True,
    )


def never_sent(exc: Exception) -> bool:
    """Whether ``exc`` says the request never left (httpx or requests)."""
    if type(exc).__module__.startswith("httpx"):
        import httpx

        return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    import requests  # tweepy's and Mastodon.py's transport

    # requests: a connect timeout is its own class; a refused connection is a
    # ConnectionError wrapping urllib3's NewConnectionError, whereas a
    # connection dropped after sending wraps a ProtocolError instead.
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if isinstance(exc, requests.ConnectionError):
        return "NewConnectionError" in repr(exc.args)
    return False


def error_detail(body: Any) -> str:
    """The human part of an error body in the shapes the networks use."""
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):  # Meta Graph API: {"error": {"message", "code"}}
            return str(err.get("message", ""))
        for key in ("error_description", "error", "description", "message", "detail", "title"):
            if isinstance(body.get(key), str):
                return str(body[key])
    return ""


# Decides about a response the status alone does not settle (Meta reports rate
# limits as HTTP 400 with an error code): returns a SendError or None. It gets
# the status, the JSON body (or None), the headers and the server's error text
# (error_detail, already masked and cut, for the message).
Classifier = Callable[[int, Any, Mapping[str, str], str], SendError | None]


_TLS_VARS = ("SSL_CERT_FILE", "SSL_CERT_DIR")
_TLS: dict[tuple[str | None, ...], ssl.SSLContext] = {}
_TLS_LOCK = threading.Lock()


def tls_context() -> ssl.SSLContext:
    """The TLS settings of every client in this process: httpx's own (certifi's roots, or
    ``$SSL_CERT_FILE`` / ``$SSL_CERT_DIR``), made once for each value of those variables.

    Loading the roots takes about 20 ms (each httpx client would do it again);
    it runs without the interpreter lock, so a caller can make it in a thread
    while it reads files (see smmgen.stats.collect).
    """
    import httpx

    where = tuple(os.environ.get(name) for name in _TLS_VARS)
    with _TLS_LOCK:
        if where not in _TLS:
            try:
                _TLS[where] = httpx.create_ssl_context()
            except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
                named = [f"{k}={v}" for k, v in zip(_TLS_VARS, where, strict=True) if v]
                raise SendError(
                    _("the TLS certificates could not be loaded ({names}): {error}").format(
                        names=", ".join(named) or _("the system's"),
                        error=getattr(exc, "strerror", None) or exc,
                    )
                ) from None
        return _TLS[where]


class Http:
    """An httpx client for one account: base URL, auth headers, timeouts, errors."""

    def __init__(
        self,
        account: Account,
        base_url: str,
        *,
        secret_settings: Iterable[str],
        secrets: Iterable[str],
        headers: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        classify: Classifier | None = None,
    ) -> None:
        import httpx

        self.account = account
        self.secret_settings = tuple(secret_settings)
        self.secrets = tuple(s for s in secrets if s)
        self.redact = Redactor(self.secrets)
        self.classify = classify
        self.client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=dict(headers or {}),
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            verify=tls_context(),
        )

    def close(self) -> None:
        """Release the connections."""
        self.client.close()

    def call(
        self,
        method: str,
        url: str,
        *,
        what: str,
        creates: bool | None = None,
        accept: Collection[int] = (),
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one request; return the 2xx response or raise :class:`SendError`.

        ``creates``: whether the call can publish something (default: every
        method but GET and HEAD). Such a call that gets no answer, or a 5xx,
        is uncertain; any other is retryable (see :func:`transport_error`).
        Statuses in ``accept`` are returned too, for answers the caller reads
        itself (LinkedIn's 422 naming the post that already exists).
        """
        import httpx

        creates = method.upper() not in ("GET", "HEAD") if creates is None else creates
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise transport_error(self.account, exc, what, creates=creates) from None
        if response.is_success or response.status_code in accept:
            return response
        raise self.error(response, what=what, creates=creates)

    def error(self, response: httpx.Response, *, what: str, creates: bool) -> SendError:
        """The SendError for a failed ``response`` to the request doing ``what``."""
        body = json_or_none(response)
        detail = error_detail(body) if body is not None else response.text
        if self.classify is not None:
            said = server_text(detail, self.secrets)
            decided = self.classify(response.status_code, body, response.headers, said)
            if decided is not None:
                # A classifier's ``uncertain`` means "applied, if the call creates";
                # so does any 5xx to a creating call, whatever the error code says.
                maybe = creates and (decided.uncertain or response.status_code >= 500)
                return SendError(
                    f"{who(self.account)}: {what}: {self.redact(str(decided))}",
                    retryable=decided.retryable and not maybe,
                    retry_after=decided.retry_after,
                    uncertain=maybe,
                )
        return error_for_status(
            self.account,
            self.secret_settings,
            self.secrets,
            response.status_code,
            response.headers,
            detail,
            what=what,
            creates=creates,
        )

    def json(
        self, method: str, url: str, *, what: str, creates: bool | None = None, **kwargs: Any
    ) -> Any:
        """Like :meth:`call`, returning the parsed JSON body."""
        response = self.call(method, url, what=what, creates=creates, **kwargs)
        body = json_or_none(response)
        if body is None:
            raise SendError(
                _("{who}: {what}: the server sent no JSON").format(who=who(self.account), what=what)
            )
        return body

    def delete(
        self,
        url: str,
        *,
        what: str,
        gone: Callable[[int, Any], bool] = lambda status, body: status in (404, 410),
        **kwargs: Any,
    ) -> None:
        """``DELETE url`` (or another call that deletes, by ``method=``); done when it is gone.

        ``gone(status, body)``: the answer says the item is not there (any more):
        success, so a retraction cut short can be repeated.
        """
        import httpx

        method = kwargs.pop("method", "DELETE")
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise transport_error(self.account, exc, what, creates=False) from None
        if response.is_success or gone(response.status_code, json_or_none(response)):
            return
        raise self.error(response, what=what, creates=False)


def json_or_none(response: httpx.Response) -> Any:
    """The response's JSON body, or None when it has none."""
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def secret(account: Account, secrets: Mapping[str, str], setting: str) -> str:
    """The secret behind ``setting``; a clear error naming the variable when it is unset."""
    value = secrets.get(setting, "")
    if not value:
        raise SendError(
            _("{who}: the environment variable {names} is not set or empty").format(
                who=who(account), names=env_names(account, [setting])
            )
        )
    return value

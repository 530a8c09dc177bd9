"""What the Meta checks share: ``debug_token`` and reads that tell whether a feature works.

``GET /debug_token?input_token=…`` describes a token: ``is_valid``,
``expires_at`` (0 = never), ``scopes``
(https://developers.facebook.com/docs/graph-api/reference/debug_token; Threads:
https://developers.facebook.com/docs/threads/troubleshooting/debug-access-token).
Meta answers it only for tokens of the app's own developers or testers; when
it refuses, a "who am I" call and a harmless read per feature decide instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..i18n import _
from . import Access
from .net import Answer, call, graph_error

# Graph error codes: 190 = token invalid, expired or revoked; 10 and 200–299 =
# a permission missing (https://developers.facebook.com/docs/graph-api/guides/error-handling).
INVALID = 190


def missing_permission(code: int | None) -> bool:
    return code == 10 or (code is not None and 200 <= code <= 299)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def debug_token(base: str, token: str) -> Access | None:
    """The token as ``debug_token`` describes it; None when Meta will not say."""
    answer = call(
        "GET", f"{base}/debug_token", what="debug_token", params={"input_token": token},
        headers=bearer(token),
    )  # fmt: skip
    code, message = graph_error(answer)
    if answer.status != 200:
        refusal = _("the token is refused: {said}").format(said=message)
        return Access(False, refusal) if code == INVALID else None
    data: dict[str, Any] = answer.data.get("data") or {}
    if not data.get("is_valid"):
        why = (data.get("error") or {}).get("message") or _("Meta says it is not valid")
        return Access(False, _("the token is not valid: {why}").format(why=why))
    expires = int(data.get("expires_at") or 0)
    when = dt.datetime.fromtimestamp(expires, dt.UTC) if expires else None
    kind = str(data.get("type", "")).lower()
    valid = _("{kind} token valid").format(kind=kind) if kind else _("a token valid")
    return Access(
        True,
        valid + ("" if when else _(", does not expire")),
        frozenset(str(s) for s in data.get("scopes", [])),
        when,
    )


def probe(base: str, token: str, path: str, params: dict[str, str], what: str) -> Answer:
    """A harmless read as the account."""
    return call("GET", f"{base}{path}", what=what, params=params, headers=bearer(token))


def verdict(answer: Answer, needs: str) -> tuple[bool, str]:
    """(works, why not) of a probe."""
    code, message = graph_error(answer)
    if answer.status == 200:
        return True, ""
    if missing_permission(code):
        return False, _("needs {scopes}").format(scopes=needs)
    return False, _("failed: {said}").format(said=message)


def refused(answer: Answer) -> Access | None:
    """An invalid-token Access when ``answer`` says the token is invalid, else None."""
    code, message = graph_error(answer)
    if code == INVALID or answer.status == 401:
        return Access(False, _("the token is refused: {said}").format(said=message))
    return None


@dataclass(frozen=True)
class Read:
    """A harmless GET as the account: path, query and what it does (named in errors)."""

    path: str
    params: dict[str, str]
    what: str


def by_reads(
    base: str, token: str, lookup: Read, needs: str, *, me: Read | None = None, note: str = ""
) -> Access:
    """The account checked by reading as it, where Meta did not describe the token.

    ``me`` (a "who am I" read) must work first where given; then the crash
    lookup's read (``lookup``, which needs the permission ``needs``) says
    whether lookups work. Scopes and expiry stay unknown; ``note`` goes first
    in the message (e.g. "instagram login; ").
    """
    if me is not None:
        answer = probe(base, token, me.path, me.params, me.what)
        bad = refused(answer)
        if bad is not None:
            return bad
        if answer.status != 200:
            failed = _("{what} failed: {said}")
            return Access(False, failed.format(what=_(me.what), said=graph_error(answer)[1]))
    answer = probe(base, token, lookup.path, lookup.params, lookup.what)
    return refused(answer) or Access(
        True,
        _("token accepted ({note}Meta did not describe it: scopes and expiry unknown)").format(
            note=note
        ),
        probed={"lookup": verdict(answer, needs)},
    )

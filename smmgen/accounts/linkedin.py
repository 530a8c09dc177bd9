"""LinkedIn: the author finder (validity, API version, crash lookup) and token introspection.

``POST /oauth/v2/introspectToken`` (with the app's client ID and secret)
tells ``active``, ``status`` (active/expired/revoked), ``expires_at`` and the
granted ``scope`` list:
https://learn.microsoft.com/en-us/linkedin/shared/authentication/token-introspection.
Without client credentials only the finder says something: whether the token
is accepted, whether the API version is still served (426 once retired) and
whether the crash lookup is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import quote

from ..i18n import N_, _
from ..model import Account
from ..networks.linkedin import API_VERSION, LinkedIn
from . import Access
from .net import call

API_BASE = "https://api.linkedin.com"
OAUTH_BASE = "https://www.linkedin.com"


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """The token's validity, and its scopes and expiry when the app's credentials are set."""
    token = secrets["token_env"]
    settings = account.settings
    author = str(settings["author_urn"])
    version = str(settings.get("api_version") or API_VERSION)
    base = str(settings.get("api_base") or API_BASE).rstrip("/")
    finder = call(
        "GET",
        f"{base}/rest/posts?author={quote(author, safe='')}&q=author&count=1",
        what=N_("finding the author's posts"),
        headers={
            "Authorization": f"Bearer {token}",
            "LinkedIn-Version": version,
            "X-Restli-Protocol-Version": "2.0.0",
            "X-RestLi-Method": "FINDER",
        },
    )
    said = str(finder.data.get("message", ""))[:300]
    if finder.status == 401:
        return Access(
            False, _("the token is refused (expired or revoked): {said}").format(said=said)
        )
    if finder.status == 426:
        return Access(
            False, _("LinkedIn no longer serves version {version}: set api_version to a current "
                     "YYYYMM (https://learn.microsoft.com/en-us/linkedin/marketing/versioning)")
            .format(version=version),
        )  # fmt: skip
    lookup = next(p for p in LinkedIn().permissions_for(account) if p.feature == "lookup")
    if finder.status == 200:
        probed = (True, "")
    elif finder.status == 403:
        note = f" ({lookup.note})" if lookup.note else ""
        needs = _("needs {scopes}").format(scopes=", ".join(lookup.scopes))
        probed = (False, needs + note)
    else:
        failed = _("failed with HTTP {status}: {said}").format(status=finder.status, said=said)
        probed = (False, failed)
    client_id, client_secret = secrets.get("client_id_env"), secrets.get("client_secret_env")
    if not (client_id and client_secret):
        return Access(
            True,
            _(
                "token accepted (set client_id_env and client_secret_env to read its scopes "
                "and expiry)"
            ),
            probed={"lookup": probed},
        )
    return _introspect(account, token, (client_id, client_secret), probed)


def _introspect(
    account: Account, token: str, app: tuple[str, str], probed: tuple[bool, str]
) -> Access:
    """The token's scopes and expiry from LinkedIn's introspection (the app's id and secret)."""
    client_id, client_secret = app
    oauth = str(account.settings.get("oauth_base") or OAUTH_BASE).rstrip("/")
    intro = call(
        "POST",
        f"{oauth}/oauth/v2/introspectToken",
        what=N_("token introspection"),
        data={"client_id": client_id, "client_secret": client_secret, "token": token},
    )
    if intro.status != 200:
        why = intro.data.get("error_description") or f"HTTP {intro.status}"
        return Access(
            True,
            _(
                "token accepted; introspection refused ({why}): check client_id_env and "
                "client_secret_env"
            ).format(why=why),
            probed={"lookup": probed},
        )
    if not intro.data.get("active"):
        state = intro.data.get("status") or _("not active")
        return Access(False, _("the token is {state}").format(state=state))
    expires = intro.data.get("expires_at")
    when = dt.datetime.fromtimestamp(int(expires), dt.UTC) if expires else None
    scopes = frozenset(s.strip() for s in str(intro.data.get("scope", "")).split(",") if s)
    return Access(True, _("token active"), scopes, when, probed={"lookup": probed})

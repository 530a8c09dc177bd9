"""Mastodon: the app's and the account's verify_credentials.

``GET /api/v1/apps/verify_credentials`` lists the token's ``scopes`` (Mastodon
4.3 and later); ``GET /api/v1/accounts/verify_credentials`` proves the token
belongs to a user (https://docs.joinmastodon.org/methods/apps/#verify_credentials,
https://docs.joinmastodon.org/methods/accounts/#verify_credentials). A scope
``read`` or ``write`` includes all ``read:…`` / ``write:…`` scopes
(https://docs.joinmastodon.org/api/oauth-scopes/).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Account
from ..networks import NETWORKS
from . import Access
from .net import call


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """The token's validity and (where the server lists them) its scopes."""
    base = str(account.settings["instance"]).rstrip("/")
    auth = {"Authorization": f"Bearer {secrets['token_env']}"}
    app = call(
        "GET", f"{base}/api/v1/apps/verify_credentials", what="checking the app", headers=auth
    )
    if app.status == 401:
        return Access(False, f"the token is refused: {app.data.get('error', 'HTTP 401')}")
    me = call(
        "GET", f"{base}/api/v1/accounts/verify_credentials", what="reading the account",
        headers=auth,
    )  # fmt: skip
    if me.status == 401:
        return Access(False, f"the token is refused: {me.data.get('error', 'HTTP 401')}")
    listed = app.data.get("scopes")
    if not isinstance(listed, list):
        return Access(True, f"token valid (@{me.data.get('acct', '?')}; scopes not listed by "
                      "this server version)")  # fmt: skip
    granted = {str(s) for s in listed}
    declared = {s for p in NETWORKS["mastodon"].permissions for s in p.scopes}
    granted |= {s for s in declared if s.split(":")[0] in granted}
    return Access(True, f"token valid (@{me.data.get('acct', '?')})", frozenset(granted))

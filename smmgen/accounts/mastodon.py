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

from ..i18n import N_, _
from ..model import Account
from ..networks import NETWORKS
from . import Access
from .net import call


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """The token's validity and (where the server lists them) its scopes."""
    base = str(account.settings["instance"]).rstrip("/")
    auth = {"Authorization": f"Bearer {secrets['token_env']}"}
    app = call(
        "GET", f"{base}/api/v1/apps/verify_credentials", what=N_("checking the app"), headers=auth
    )
    if app.status == 401:
        return Access(
            False, _("the token is refused: {said}").format(said=app.data.get("error", "HTTP 401"))
        )
    me = call(
        "GET", f"{base}/api/v1/accounts/verify_credentials", what=N_("reading the account"),
        headers=auth,
    )  # fmt: skip
    if me.status == 401:
        return Access(
            False, _("the token is refused: {said}").format(said=me.data.get("error", "HTTP 401"))
        )
    listed = app.data.get("scopes")
    if not isinstance(listed, list):
        unlisted = _("token valid (@{acct}; scopes not listed by this server version)")
        return Access(True, unlisted.format(acct=me.data.get("acct", "?")))
    granted = {str(s) for s in listed}
    declared = {s for p in NETWORKS["mastodon"].permissions for s in p.scopes}
    granted |= {s for s in declared if s.split(":")[0] in granted}
    valid = _("token valid (@{acct})").format(acct=me.data.get("acct", "?"))
    return Access(True, valid, frozenset(granted))

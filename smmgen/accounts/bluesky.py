"""Bluesky: log in with the app password (createSession) and read the session (getSession).

https://docs.bsky.app/docs/api/com-atproto-server-create-session and
…/com-atproto-server-get-session: ``active`` is false (with ``status``
takendown, suspended or deactivated) for an account that cannot post.
App passwords carry no scopes.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..i18n import N_, _
from ..model import Account
from . import Access
from .net import call

SERVICE = "https://bsky.social"


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """Whether the handle and app password log in, and the account is active."""
    service = str(account.settings.get("service") or SERVICE).rstrip("/")
    login = call(
        "POST",
        f"{service}/xrpc/com.atproto.server.createSession",
        what=N_("logging in"),
        json={"identifier": account.settings["handle"], "password": secrets["password_env"]},
    )
    if login.status != 200:
        said = login.data.get("message") or login.data.get("error") or f"HTTP {login.status}"
        return Access(False, _("login refused: {said}").format(said=said))
    session = call(
        "GET",
        f"{service}/xrpc/com.atproto.server.getSession",
        what=N_("reading the session"),
        headers={"Authorization": f"Bearer {login.data.get('accessJwt', '')}"},
    )
    if session.status == 200 and session.data.get("active") is False:
        state = session.data.get("status") or _("not active")
        return Access(False, _("the account is {state}").format(state=state))
    handle = login.data.get("handle", "")
    return Access(True, _("app password accepted (@{handle})").format(handle=handle))

"""Instagram: debug_token for Facebook-login tokens; /me and a media read for Instagram-login ones.

graph.instagram.com has no token debugger, so an Instagram-login token is
checked by reading the account (``GET /me``) and its media (the crash lookup).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..adapters.meta import GRAPH_VERSION
from ..model import Account
from ..networks.instagram import HOSTS
from . import Access
from .meta import debug_token, probe, refused, verdict
from .net import graph_error


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """The token's validity, and its scopes and expiry where Meta tells them."""
    token = secrets["token_env"]
    login = str(account.settings.get("login") or "facebook")
    host = str(account.settings.get("api_base") or HOSTS.get(login, HOSTS["facebook"]))
    base = f"{host.rstrip('/')}/{GRAPH_VERSION}"
    user = str(account.settings["user_id"])
    if login == "facebook":
        described = debug_token(base, token)
        if described is not None:
            return described
    me = probe(base, token, "/me", {"fields": "user_id,username"}, "reading the account")
    bad = refused(me)
    if bad is not None:
        return bad
    if me.status != 200:
        return Access(False, f"reading the account failed: {graph_error(me)[1]}")
    basic = "instagram_business_basic" if login == "instagram" else "instagram_basic"
    media = probe(base, token, f"/{user}/media", {"limit": "1"}, "reading recent media")
    return Access(
        True,
        f"token accepted ({login} login; Meta did not describe it: scopes and expiry unknown)",
        probed={"lookup": verdict(media, basic)},
    )

"""Instagram: debug_token for Facebook-login tokens; /me and a media read for Instagram-login ones.

graph.instagram.com has no token debugger, so an Instagram-login token is
checked by reading the account (``GET /me``) and its media (the crash lookup).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..adapters.meta import GRAPH_VERSION
from ..i18n import N_, _
from ..model import Account
from ..networks.instagram import HOSTS
from . import Access
from .meta import Read, by_reads, debug_token


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """The token's validity, and its scopes and expiry where Meta tells them."""
    token = secrets["token_env"]
    login = str(account.settings.get("login") or "facebook")
    host = str(account.settings.get("api_base") or HOSTS.get(login, HOSTS["facebook"]))
    base = f"{host.rstrip('/')}/{GRAPH_VERSION}"
    user = str(account.settings["user_id"])
    described = debug_token(base, token) if login == "facebook" else None
    if described is not None:
        return described
    me = Read("/me", {"fields": "user_id,username"}, N_("reading the account"))
    media = Read(f"/{user}/media", {"limit": "1"}, N_("reading recent media"))
    basic = "instagram_business_basic" if login == "instagram" else "instagram_basic"
    return by_reads(base, token, media, basic, me=me, note=_("{login} login; ").format(login=login))

"""Threads: debug_token, else /me and the reads the crash lookup makes."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Account
from ..networks.threads import API_BASE, API_VERSION
from . import Access
from .meta import debug_token, probe, refused, verdict
from .net import graph_error


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """The token's validity, scopes and expiry."""
    token = secrets["token_env"]
    base = f"{str(account.settings.get('api_base') or API_BASE).rstrip('/')}/{API_VERSION}"
    described = debug_token(base, token)
    if described is not None:
        return described
    me = probe(base, token, "/me", {"fields": "id,username"}, "reading the profile")
    bad = refused(me)
    if bad is not None:
        return bad
    if me.status != 200:
        return Access(False, f"reading the profile failed: {graph_error(me)[1]}")
    user = str(account.settings["user_id"])
    replies = probe(
        base, token, f"/{user}/replies", {"fields": "id", "limit": "1"}, "reading replies"
    )
    return Access(
        True,
        "token accepted (Meta did not describe it: scopes and expiry unknown)",
        probed={"lookup": verdict(replies, "threads_read_replies")},
    )

"""Threads: debug_token, else /me and the reads the crash lookup makes."""

from __future__ import annotations

from collections.abc import Mapping

from ..i18n import N_
from ..model import Account
from ..networks.threads import API_BASE, API_VERSION
from . import Access
from .meta import Read, by_reads, debug_token


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """The token's validity, scopes and expiry."""
    token = secrets["token_env"]
    base = f"{str(account.settings.get('api_base') or API_BASE).rstrip('/')}/{API_VERSION}"
    user = str(account.settings["user_id"])
    me = Read("/me", {"fields": "id,username"}, N_("reading the profile"))
    replies = Read(f"/{user}/replies", {"fields": "id", "limit": "1"}, N_("reading replies"))
    described = debug_token(base, token)
    return described or by_reads(base, token, replies, "threads_read_replies", me=me)

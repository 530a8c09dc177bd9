"""Facebook Page: debug_token, else the Page's posts as the lookup would read them."""

from __future__ import annotations

from collections.abc import Mapping

from ..adapters.meta import GRAPH_BASE, GRAPH_VERSION
from ..i18n import N_
from ..model import Account
from . import Access
from .meta import Read, by_reads, debug_token


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """The Page token's validity, scopes and expiry."""
    token = secrets["token_env"]
    base = f"{str(account.settings.get('api_base') or GRAPH_BASE).rstrip('/')}/{GRAPH_VERSION}"
    page = str(account.settings["page_id"])
    posts = Read(f"/{page}/posts", {"limit": "1"}, N_("reading the Page's posts"))
    return debug_token(base, token) or by_reads(base, token, posts, "pages_read_engagement")

"""Facebook Page: debug_token, else the Page's posts as the lookup would read them."""

from __future__ import annotations

from collections.abc import Mapping

from ..adapters.meta import GRAPH_BASE, GRAPH_VERSION
from ..model import Account
from . import Access
from .meta import debug_token, probe, refused, verdict


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """The Page token's validity, scopes and expiry."""
    token = secrets["token_env"]
    base = f"{str(account.settings.get('api_base') or GRAPH_BASE).rstrip('/')}/{GRAPH_VERSION}"
    described = debug_token(base, token)
    if described is not None:
        return described
    page = str(account.settings["page_id"])
    answer = probe(base, token, f"/{page}/posts", {"limit": "1"}, "reading the Page's posts")
    return refused(answer) or Access(
        True,
        "token accepted (Meta did not describe it: scopes and expiry unknown)",
        probed={"lookup": verdict(answer, "pages_read_engagement")},
    )

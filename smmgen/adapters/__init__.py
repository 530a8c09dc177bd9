"""Publishing adapters: one module per network, imported only when publishing.

``load(network_name)`` returns the adapter class for a network. Adapter
modules import their SDKs (atproto, Mastodon.py, tweepy) or httpx inside, so
nothing of that is loaded by ``smmgen check``.
"""

from __future__ import annotations

import importlib

from .base import Adapter

# network name -> module in smmgen.adapters (class name: ADAPTER in that module)
MODULES = {
    "bluesky": "bluesky",
    "mastodon": "mastodon",
    "x": "x",
    "linkedin": "linkedin",
    "threads": "threads",
    "facebook": "facebook",
    "instagram": "instagram",
    "telegram": "telegram",
    "discord": "discord",
    "youtube": "youtube",
    "pinterest": "pinterest",
}


def load(network: str) -> type[Adapter] | None:
    """The adapter class for ``network``; None for manual accounts."""
    module = MODULES.get(network)
    if module is None:
        return None
    cls = importlib.import_module(f"smmgen.adapters.{module}").ADAPTER
    assert isinstance(cls, type) and issubclass(cls, Adapter)
    return cls

"""Publishing adapters: one module per network, imported only when publishing.

``load(network_name)`` returns the adapter class for a network, found through
its registry line (``smmgen.networks.HOMES``). Adapter modules import their
SDKs (atproto, Mastodon.py, tweepy) or httpx inside, so nothing of that is
loaded by ``smmgen check``; :func:`missing_sdk` says which package to install
when a network's SDK is not there.
"""

from __future__ import annotations

import importlib

from ..i18n import N_, _
from ..networks import home
from .base import Adapter


def load(network: str) -> type[Adapter] | None:
    """The adapter class for ``network``; None for manual accounts and unknown networks."""
    entry = home(network)
    if entry is None or not entry.adapter:
        return None
    cls = importlib.import_module(f"smmgen.adapters.{entry.adapter}").ADAPTER
    assert isinstance(cls, type) and issubclass(cls, Adapter)
    return cls


def missing_sdk(
    network: str, *, to: str = N_("install {package} to publish to {network}")
) -> str | None:
    """Which package to install when ``network``'s SDK cannot be imported, else None.

    E.g. "install atproto to publish to Bluesky" (``to``, marked with N_, says what for).
    """
    entry = home(network)
    if entry is None or entry.sdk is None:
        return None
    try:
        importlib.import_module(entry.sdk.module)
    except ImportError:
        return _(to).format(package=entry.sdk.package, network=_(entry.network.title))
    return None

"""Statistics readers: one module per network, loaded only when collecting.

``load(network)`` returns the reader class (``READER`` in the module), or None
for networks without one (manual accounts).
"""

from __future__ import annotations

import importlib

from .base import Reader

MODULES = {
    "bluesky": "bluesky",
    "mastodon": "mastodon",
    "x": "x",
    "linkedin": "linkedin",
    "threads": "threads",
    "instagram": "instagram",
    "facebook": "facebook",
    "discord": "discord",
    "telegram": "telegram",
}


def load(network: str) -> type[Reader] | None:
    """The reader class for ``network``; None where there is none."""
    module = MODULES.get(network)
    if module is None:
        return None
    cls = importlib.import_module(f"smmgen.stats.readers.{module}").READER
    assert isinstance(cls, type) and issubclass(cls, Reader)
    return cls

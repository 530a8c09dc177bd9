"""Statistics readers: one module per network, loaded only when collecting.

``load(network)`` returns the reader class (``READER`` in the module named as
the network's adapter, see ``smmgen.networks.HOMES``), or None for networks
without one (manual accounts).
"""

from __future__ import annotations

import importlib

from ...networks import home
from .base import Reader


def has_reader(network: str) -> bool:
    """Whether ``network`` has a reader (without importing it)."""
    entry = home(network)
    return entry is not None and bool(entry.stats)


def load(network: str) -> type[Reader] | None:
    """The reader class for ``network``; None where there is none."""
    entry = home(network)
    if entry is None or not has_reader(network):
        return None
    cls = importlib.import_module(f"smmgen.stats.readers.{entry.adapter}").READER
    assert isinstance(cls, type) and issubclass(cls, Reader)
    return cls

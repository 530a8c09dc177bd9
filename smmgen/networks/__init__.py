"""The networks smmgen knows: one registry line each, naming both halves of a network.

A network lives in two modules: ``smmgen/networks/<name>.py`` (limits,
counting, capabilities as data) and ``smmgen/adapters/<module>.py`` (its API
client). The statistics reader (``smmgen/stats/readers/<module>.py``) and the
account check (``smmgen/accounts/<module>.py``), where there are ones, carry the adapter's module
name, so :data:`HOMES` is the only list of them: adding a network means its two
modules, their tests and one line here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Network
from .bluesky import Bluesky
from .discord import Discord
from .facebook import Facebook
from .instagram import Instagram
from .linkedin import LinkedIn
from .manual import Manual
from .mastodon import Mastodon
from .pinterest import Pinterest
from .telegram import Telegram
from .threads import Threads
from .x import X
from .youtube import YouTube


@dataclass(frozen=True)
class SDK:
    """A package an adapter imports beyond smmgen's own (httpx is always there)."""

    package: str  # what to install (the name on PyPI)
    module: str  # what the adapter imports


@dataclass(frozen=True)
class Home:
    """One network: its limits and capabilities, and where its adapter lives.

    ``adapter`` is the module name under ``smmgen.adapters`` (and, for the
    account check, ``smmgen.accounts``); empty where a person posts by hand.
    ``stats``: whether ``smmgen.stats.readers`` has a reader of that name;
    ``checks``: whether ``smmgen.accounts`` has an account check of that name.
    """

    network: Network
    adapter: str = ""
    sdk: SDK | None = None
    stats: bool = False
    checks: bool = False


HOMES: tuple[Home, ...] = (
    Home(Bluesky(), "bluesky", SDK("atproto", "atproto"), stats=True, checks=True),
    Home(Mastodon(), "mastodon", SDK("Mastodon.py", "mastodon"), stats=True, checks=True),
    Home(X(), "x", SDK("tweepy", "tweepy"), stats=True, checks=True),
    Home(Threads(), "threads", stats=True, checks=True),
    Home(LinkedIn(), "linkedin", stats=True, checks=True),
    Home(Facebook(), "facebook", stats=True, checks=True),
    Home(Instagram(), "instagram", stats=True, checks=True),
    Home(Telegram(), "telegram", stats=True, checks=True),
    Home(Discord(), "discord", stats=True, checks=True),
    Home(YouTube(), "youtube", checks=True),
    Home(Pinterest(), "pinterest", checks=True),
    Home(Manual()),
)

HOME: dict[str, Home] = {h.network.name: h for h in HOMES}
NETWORKS: dict[str, Network] = {name: h.network for name, h in HOME.items()}


def get(name: str) -> Network | None:
    """The network called ``name``, or None."""
    return NETWORKS.get(name)


def home(name: str) -> Home | None:
    """The registry entry of the network called ``name``, or None."""
    return HOME.get(name)


def by_hand(name: str) -> bool:
    """Whether posts to the network called ``name`` are published by a person."""
    network = NETWORKS.get(name)
    return network is not None and network.publishes_by_hand

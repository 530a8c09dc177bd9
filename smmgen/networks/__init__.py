"""The networks smmgen knows: one registry line each, naming both halves of a network.

A network lives in two modules: ``smmgen/networks/<name>.py`` (limits,
counting, capabilities as data) and ``smmgen/adapters/<module>.py`` (its API
client). The statistics reader (``smmgen/stats/readers/<module>.py``) and the
account check (``smmgen/accounts/<module>.py``), where there are ones, carry the adapter's module
name, so :data:`HOMES` is the only list of them: adding a network means its two
modules, their tests and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Network


@dataclass(frozen=True)
class SDK:
    """A package an adapter imports beyond smmgen's own (httpx is always there)."""

    package: str  # what to install (the name on PyPI)
    module: str  # what the adapter imports


@dataclass(frozen=True)
class Home:
    """One network: its limits and capabilities, and where its adapter lives.

    ``name`` is the network's name and its module under ``smmgen.networks``,
    ``cls`` the class there; the module is imported when :attr:`network` is
    first asked for, so a check imports only the networks its schedule uses.
    ``adapter`` is the module name under ``smmgen.adapters`` (and, for the
    account check, ``smmgen.accounts``); empty where a person posts by hand.
    ``stats``: whether ``smmgen.stats.readers`` has a reader of that name;
    ``checks``: whether ``smmgen.accounts`` has an account check of that name.
    """

    name: str
    cls: str
    adapter: str = ""
    sdk: SDK | None = None
    stats: bool = False
    checks: bool = False

    @property
    def network(self) -> Network:
        """The network's limits and capabilities (one instance per process)."""
        network = _MADE.get(self.name)
        if network is None:
            module = importlib.import_module(f"{__name__}.{self.name}")
            network = _MADE[self.name] = getattr(module, self.cls)()
        return network


_MADE: dict[str, Network] = {}

HOMES: tuple[Home, ...] = (
    Home("bluesky", "Bluesky", "bluesky", SDK("atproto", "atproto"), stats=True, checks=True),
    Home(
        "mastodon", "Mastodon", "mastodon", SDK("Mastodon.py", "mastodon"), stats=True, checks=True
    ),
    Home("x", "X", "x", SDK("tweepy", "tweepy"), stats=True, checks=True),
    Home("threads", "Threads", "threads", stats=True, checks=True),
    Home("linkedin", "LinkedIn", "linkedin", stats=True, checks=True),
    Home("facebook", "Facebook", "facebook", stats=True, checks=True),
    Home("instagram", "Instagram", "instagram", stats=True, checks=True),
    Home("telegram", "Telegram", "telegram", stats=True, checks=True),
    Home("discord", "Discord", "discord", stats=True, checks=True),
    Home("youtube", "YouTube", "youtube", checks=True),
    Home("pinterest", "Pinterest", "pinterest", checks=True),
    Home("manual", "Manual"),
)

HOME: dict[str, Home] = {h.name: h for h in HOMES}


class _Networks(Mapping[str, "Network"]):
    """Every network by name, its module imported on first use (:attr:`Home.network`)."""

    def __getitem__(self, name: str) -> Network:
        return HOME[name].network

    def __iter__(self) -> Iterator[str]:
        return iter(HOME)

    def __len__(self) -> int:
        return len(HOME)

    def __contains__(self, name: object) -> bool:
        return name in HOME


NETWORKS: Mapping[str, Network] = _Networks()


def get(name: str) -> Network | None:
    """The network called ``name``, or None."""
    return NETWORKS.get(name)


def home(name: str) -> Home | None:
    """The registry entry of the network called ``name``, or None."""
    return HOME.get(name)


def by_hand(name: str) -> bool:
    """Whether posts to the network called ``name`` are published by a person."""
    entry = HOME.get(name)
    return entry is not None and entry.network.publishes_by_hand

"""The networks smmgen knows: one module each, one registry line each."""

from __future__ import annotations

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

NETWORKS: dict[str, Network] = {
    n.name: n
    for n in (
        Bluesky(),
        Mastodon(),
        X(),
        Threads(),
        LinkedIn(),
        Facebook(),
        Instagram(),
        Telegram(),
        Discord(),
        YouTube(),
        Pinterest(),
        Manual(),
    )
}


def get(name: str) -> Network | None:
    """The network called ``name``, or None."""
    return NETWORKS.get(name)

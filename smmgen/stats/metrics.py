"""The normalised vocabulary of engagement, and counts checked before they are kept.

Every network names its numbers differently (Mastodon ``favourites_count``, X
``like_count``, Bluesky ``likeCount``); each reader maps them onto
:data:`METRICS` and declares the native names beside (``Reader.native``), so a
report can say what a number was called where it came from. A metric the
network does not provide stays ``None`` (an empty CSV cell), never 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from ..i18n import _

# The order is the CSV column order (see smmgen/stats/store.py).
METRICS = ("likes", "reposts", "replies", "quotes", "saves", "clicks", "views", "reach")
HELP = {
    "likes": "likes, favourites, reactions",
    "reposts": "reposts, boosts, retweets, shares",
    "replies": "replies and comments",
    "quotes": "quote posts",
    "saves": "bookmarks and saves",
    "clicks": "link clicks",
    "views": "views and impressions",
    "reach": "unique accounts reached",
}
# More than any network has accounts: a larger number is a server's mistake.
MAX_COUNT = 10**12


class Counts(NamedTuple):
    """One post's numbers at one moment; None = not provided by the network.

    A NamedTuple rather than a frozen dataclass: a site with 100,000 snapshot
    rows makes one per row, and a tuple is built several times faster.
    """

    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None
    quotes: int | None = None
    saves: int | None = None
    clicks: int | None = None
    views: int | None = None
    reach: int | None = None

    def get(self, metric: str) -> int | None:
        """The value of ``metric`` (one of :data:`METRICS`)."""
        value: int | None = getattr(self, metric)
        return value

    def plus(self, other: Counts) -> Counts:
        """Part-wise sum (threads, groups): absent in both stays absent."""
        return Counts(
            *(
                None if a is None and b is None else (a or 0) + (b or 0)
                for a, b in zip(self, other, strict=True)
            )
        )

    def interactions(self) -> int:
        """Likes + reposts + replies + quotes + saves + clicks (what people did)."""
        return sum(filter(None, self[:6]))  # None and 0 add nothing


NONE = Counts()  # nothing measured (a deleted post, an account row)


def count(value: Any) -> int | None:
    """A count as a server sent it (int or digit string) if plausible, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            return None
        value = int(text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or value < 0 or value > MAX_COUNT:
        return None
    return value


def counts_from(
    data: Mapping[str, Any], native: Mapping[str, str], warn: Callable[[str], None]
) -> Counts:
    """:class:`Counts` from a server's object, ``native`` mapping our metric → its key.

    A key that is missing gives None; a value that is present but not a
    plausible count (negative, huge, text) gives None and a warning.
    """
    values: dict[str, int | None] = {}
    for metric, key in native.items():
        if key not in data or data[key] is None:
            values[metric] = None
            continue
        values[metric] = count(data[key])
        if values[metric] is None:
            warn(
                _("{key} = {value} is not a count; left empty").format(
                    key=key, value=repr(str(data[key])[:40])
                )
            )
    return Counts(**values)

"""Platforms without a usable posting API (XING, …): limits from schedule.yaml.

smmgen checks these posts like any other, but a person publishes them by hand.
Nothing here is documented by the platform through us: the account declares its
own limits, and the limits say so in their ``source``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from ..counting import graphemes, utf16_units
from ..fields import Field, declare
from ..i18n import N_, _
from ..model import Account
from .base import MOV, MP4, WEBM, Limits, MediaLimits, Network, TextLimit, VideoLimits

SOURCE = "declared in schedule.yaml"

# unit setting → (how to count, the unit in plain words)
UNITS: dict[str, tuple[Callable[[str], int], str]] = {
    "graphemes": (graphemes, "characters"),
    "characters": (len, "characters (accented letters and emoji may count as more than 1)"),
    "utf16": (utf16_units, "characters (emoji count as 2)"),
}
DEFAULT_UNIT = "graphemes"
DEFAULT_MAX_MEDIA = 4


def _int(settings: Any, key: str, default: int, minimum: int) -> int:
    value = settings.get(key, default)
    if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
        return value
    return default


def _unit(account: Account) -> str:
    unit = account.settings.get("unit", DEFAULT_UNIT)
    return unit if unit in UNITS else DEFAULT_UNIT


class Manual(Network):
    """Any platform posted to by hand; the account declares the limits."""

    name = "manual"
    title = N_("Manual posting")  # a word, not a brand: shown translated (_(network.title))
    publishes_by_hand = True
    settings = declare(
        Field("platform", "text", N_("the platform's name, e.g. XING or Reddit"), required=True),
        Field(
            "max_length",
            "int",
            N_("the longest text the platform accepts, in `unit`"),
            required=True,
            minimum=1,
        ),
        Field(
            "unit",
            "str",
            "how the platform counts: graphemes (what people see as characters), "
            "characters (Unicode code points) or utf16 (emoji count as 2)",
            default=DEFAULT_UNIT,
            choices=tuple(UNITS),
        ),
        Field(
            "max_media",
            "int",
            "how many images one post may have",
            default=DEFAULT_MAX_MEDIA,
            minimum=0,
        ),
        Field("alt_max", "int", "the longest alt text the platform accepts", minimum=1),
        Field("threads", "bool", "whether the platform has reply chains (threads)", default=False),
        Field("url", "url", "link to the profile, for whoever posts by hand"),
        Field(
            "host",
            "str",
            "where posts appear, e.g. www.xing.com: `mark-published --url` must be on it "
            "(default: any https address)",
        ),
    )

    def hosts_for(self, account: Account) -> tuple[str, ...]:
        host = account.settings.get("host")
        return (host.lower().strip("."),) if isinstance(host, str) and host.strip(".") else ()

    def title_for(self, account: Account) -> str:
        return str(account.settings.get("platform") or _(self.title))

    def source_name(self, account: Account) -> str:
        # utm_source names the platform people came from (xing), not how we post there.
        platform = account.settings.get("platform")
        slug = re.sub(r"[^a-z0-9]+", "-", platform.lower()).strip("-") if platform else ""
        return slug or self.name

    def limits(self, account: Account) -> Limits:
        s = account.settings
        # A missing or invalid max_length is already reported by the schedule
        # check; treat it as "no limit" here rather than repeat the error on
        # every post.
        max_length = _int(s, "max_length", sys.maxsize, 1)
        threads = s.get("threads", False)
        return Limits(
            text=TextLimit(max_length, UNITS[_unit(account)][1], SOURCE),
            media=MediaLimits(
                max_count=_int(s, "max_media", DEFAULT_MAX_MEDIA, 0),
                alt_max=_int(s, "alt_max", 0, 1) or None,
                source=SOURCE,
            ),
            # A person posts the video by hand: only what smmgen can read is checked.
            video=VideoLimits(
                source=SOURCE,
                max_count=_int(s, "max_media", DEFAULT_MAX_MEDIA, 0),
                containers=frozenset({MP4, MOV, WEBM}),
                video_codecs=None,
                audio_codecs=None,
                with_images=True,
                elsewhere="",
            ),
            threads=threads is True,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        return UNITS[_unit(account)][0](text)

"""Bluesky: 300 graphemes and 3000 UTF-8 bytes per post record."""

from __future__ import annotations

import re

from ..counting import graphemes, utf8_bytes
from ..fields import Field, declare
from ..i18n import N_, _
from ..model import Account
from .base import (
    H264,
    HEVC,
    JPEG,
    MP4,
    PNG,
    WEBP,
    Finding,
    Limits,
    MediaLimits,
    Network,
    TextLimit,
    VideoLimits,
    path_links,
)

# app.bsky.feed.post lexicon: text maxGraphemes 300, maxLength 3000 (bytes).
POST_LEXICON = (
    "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json"
)
# app.bsky.embed.images lexicon: up to 4 images, image blob maxSize 1000000 bytes;
# older PDS versions enforce the same 1,000,000 bytes on upload.
IMAGES_LEXICON = (
    "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/images.json"
)
MAX_GRAPHEMES = 300
MAX_BYTES = 3000


# Video: the app.bsky.embed.video lexicon takes one video/mp4 blob of at most
# 100,000,000 bytes, alt text (at most 1000 graphemes) and up to 20 captions
# files (text/vtt, 20,000 bytes each, with a language); a post has one embed,
# so a video goes without images. Bluesky allows 3 minutes since 12 March 2025
# (https://bsky.app/profile/bsky.app/post/3lk26lxn6sk2u); its video service
# transcodes H.264 and HEVC, so those two are accepted here.
VIDEO_LEXICON = (
    "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/video.json"
)
VIDEO = VideoLimits(
    source=VIDEO_LEXICON,
    max_count=1,
    containers=frozenset({MP4}),
    video_codecs=frozenset({H264, HEVC}),
    audio_codecs=None,
    max_bytes=100_000_000,
    max_duration=180,
    min_aspect=1 / 3,
    max_aspect=3.0,
    alt_max=1000,
    captions=True,
)


# The link of a post: https://bsky.app/profile/HANDLE/post/RKEY. Record keys:
# https://atproto.com/specs/record-key (1–512 of A-Za-z0-9 . - _ : ~)
POST_LINK = re.compile(r"^/profile/(?P<actor>[^/]+)/post/(?P<id>[A-Za-z0-9._:~-]{1,512})/?$")


class Bluesky(Network):
    """Bluesky (AT Protocol)."""

    name = "bluesky"
    title = "Bluesky"
    reply_links = path_links(POST_LINK, "(https://bsky.app/profile/HANDLE/post/ID)")
    language_setting = "langs"
    web_hosts = ("bsky.app",)
    # Links are rich-text facets: the app shows a label or a shortened URL
    # (social-app toShortUrl) and links it to the full URL; smmgen/networks/bluesky_facets.py.
    link_style = "facet"
    settings = declare(
        Field("handle", "str", N_("the account handle, e.g. example.bsky.social"), required=True),
        Field(
            "password_env",
            "env",
            N_("environment variable holding an app password (Settings → App passwords)"),
            required=True,
        ),
        Field("service", "endpoint", "the PDS to log in to", default="https://bsky.social"),
        Field("langs", "str-list", "post languages (BCP-47), e.g. [de, en]"),
        Field(
            "appview",
            "url",
            "where `smmgen stats collect` reads counts (no login needed)",
            default="https://public.api.bsky.app",
        ),
    )

    def limits(self, account: Account) -> Limits:
        return Limits(
            text=TextLimit(MAX_GRAPHEMES, "graphemes", POST_LEXICON),
            media=MediaLimits(
                max_count=4,
                formats=frozenset({JPEG, PNG, WEBP}),
                max_bytes=1_000_000,
                # Alt text has no length cap in the lexicon; the app caps it at 2000.
                alt_max=2000,
                source=IMAGES_LEXICON,
            ),
            video=VIDEO,
            threads=True,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        return graphemes(text)

    def check_text(self, text: str, account: Account) -> list[Finding]:
        size = utf8_bytes(text)
        if size > MAX_BYTES:
            return [
                Finding(
                    "bytes",
                    _(
                        "{size}/{max_bytes} UTF-8 bytes — shorten by {value} bytes "
                        "(emoji and non-Latin letters take 2–4 bytes each)"
                    ).format(size=size, max_bytes=MAX_BYTES, value=size - MAX_BYTES),
                )
            ]
        return []

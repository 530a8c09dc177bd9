"""Threads (Meta): 500 characters, where an emoji counts as its UTF-8 bytes."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..counting import find_urls, split_graphemes, strip_trailing_punct, utf8_bytes
from ..fields import Field, declare
from ..i18n import N_, _
from ..model import Account
from .base import (
    AAC,
    H264,
    HEVC,
    JPEG,
    MEDIA_URL_FIELDS,
    MOV,
    MP4,
    PNG,
    Finding,
    Limits,
    MediaLimits,
    Network,
    Permission,
    TextLimit,
    VideoLimits,
    path_links,
)

# Posts → Limitations: "Text posts are limited to 500 characters. Emojis are
# counted as the number of UTF-8 bytes." The page links grapheme-splitter for
# how characters are split, so: one per grapheme cluster, except that an emoji
# cluster counts its UTF-8 bytes (👍 = 4, 🇩🇪 = 8, 👨‍👩‍👧 = 18).
POSTS_DOCS = "https://developers.facebook.com/docs/threads/posts"
# Carousel: "at least 2 and up to 20 total images or videos or a mix of the
# two". Media specifications (same page): images JPEG or PNG, 8 MB maximum,
# aspect ratio limit 10:1; widths outside 320–1440 px are scaled, not rejected.
MEDIA_DOCS = "https://developers.facebook.com/docs/threads/posts#media-specifications"
# Text attachments page: "Threads posts containing more than 5 links will fail
# to post" (THREADS_API__LINK_LIMIT_EXCEEDED), counting unique URLs.
LINKS_DOCS = "https://developers.facebook.com/docs/threads/create-posts/text-attachments"
# Accessibility: `alt_text` on image, video and carousel items. Meta documents
# no maximum length; 1000 characters is the safe value we assume.
ALT_DOCS = "https://developers.facebook.com/docs/threads/posts/accessibility"

# "threads_basic — Required for all Threads endpoints. threads_content_publish —
# Required for Threads publishing endpoints only. threads_manage_replies —
# Required for making POST calls to reply endpoints" (the parts after the first
# of a thread are replies); threads_read_replies reads replies (the crash
# lookup of a thread); threads_delete deletes; threads_manage_insights reads
# insights: https://developers.facebook.com/docs/threads/get-started
PERMISSIONS_DOCS = "https://developers.facebook.com/docs/threads/get-started"
API_BASE = "https://graph.threads.com"  # the host of Meta's current examples
API_VERSION = "v1.0"  # the Threads API version every call names

# The feed shows a whole post (at most 500 characters): we know of no "… more"
# cut, so see_more_at stays unset and a disclosure label anywhere is visible.
MAX_CHARACTERS = 500
MAX_IMAGES = 20
MAX_IMAGE_BYTES = 8_000_000  # "8 MB"; decimal megabytes is the strict reading
MAX_ASPECT = 10.0  # "Aspect ratio limit: 10:1", either way round
ALT_MAX = 1000
MAX_LINKS = 5


@cache
def _emoji_re() -> Any:
    import regex

    # A cluster is an emoji if it has a pictographic character, a flag letter,
    # the keycap mark or the emoji variation selector. © and ® count as emoji
    # (2 bytes) too: the strict reading.
    return regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3\ufe0f]")


def threads_length(text: str) -> int:
    """Length as Threads counts it: 1 per character, UTF-8 bytes per emoji."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    emoji = _emoji_re()
    return sum(utf8_bytes(g) if emoji.search(g) else 1 for g in split_graphemes(text))


# Video (Threads API overview, "Video specifications"): MOV or MP4, HEVC or
# H.264, AAC sound, 23–60 fps, at most 1920 pixels across, aspect 0.01:1 to
# 10:1, VBR at most 25 Mbps, longer than 0 s and at most 300 s, at most 1 GB.
# Carousels mix videos and images (up to 20 items); alt_text is taken for
# videos too.
VIDEO_DOCS = "https://developers.facebook.com/docs/threads/overview#video-specifications"
VIDEO = VideoLimits(
    source=VIDEO_DOCS,
    max_count=1,
    containers=frozenset({MP4, MOV}),
    video_codecs=frozenset({H264, HEVC}),
    audio_codecs=frozenset({AAC}),
    max_bytes=1_000_000_000,
    max_duration=300,
    min_aspect=0.01,
    max_aspect=10.0,
    max_width=1920,
    min_fps=23,
    max_fps=60,
    max_bitrate=25_000_000,
    alt_max=ALT_MAX,
)


# A post or reply as the app's "Copy link" and the API's permalink give it:
# https://www.threads.com/@USER/post/SHORTCODE (threads.net too). The Threads
# API addresses media by id, not shortcode: the adapter finds the id among the
# replies to the account's recent posts and its mentions (the Threads posts an
# app may read), see smmgen.adapters.threads.
POST_LINK = re.compile(r"^/@(?P<actor>[\w.]{1,30})/post/(?P<id>[A-Za-z0-9_-]{5,40})/?$")


class Threads(Network):
    """Threads by Meta (Threads API)."""

    name = "threads"
    title = "Threads"
    reply_links = path_links(POST_LINK, "(https://www.threads.com/@USER/post/CODE)")
    first_comment = True
    link_card = "first"  # Threads shows a preview of the first link
    media_by_url = True
    web_hosts = ("threads.com", "www.threads.com", "threads.net", "www.threads.net")
    settings = declare(
        Field("user_id", "str", N_("the Threads user ID (from GET /me)"), required=True),
        Field(
            "token_env",
            "env",
            N_("environment variable holding a Threads user access token (permissions: see below)"),
            required=True,
        ),
        Field(
            "api_base",
            "endpoint",
            "API server to publish through; change only for a proxy or a test server",
            default=API_BASE,
        ),
        *MEDIA_URL_FIELDS,
    )
    grant = (
        "in your Meta app with the Threads use case (https://developers.facebook.com/apps → Use "
        "cases → Access the Threads API → Permissions), then a new user token that asks for "
        "them"
    )
    permissions = (
        Permission(
            "publish",
            ("threads_basic", "threads_content_publish", "threads_manage_replies"),
            PERMISSIONS_DOCS,
            note="threads_manage_replies: every part after the first is a reply",
        ),
        Permission("lookup", ("threads_basic", "threads_read_replies"), PERMISSIONS_DOCS),
        Permission("delete", ("threads_basic", "threads_delete"), PERMISSIONS_DOCS),
        Permission("stats", ("threads_basic", "threads_manage_insights"), PERMISSIONS_DOCS),
        Permission(
            "inbox",
            ("threads_basic", "threads_read_replies"),
            PERMISSIONS_DOCS,
            note="mentions are read too where threads_manage_mentions is granted",
        ),
    )

    def limits(self, account: Account) -> Limits:
        return Limits(
            text=TextLimit(MAX_CHARACTERS, "characters (each emoji counts 4 or more)", POSTS_DOCS),
            media=MediaLimits(
                max_count=MAX_IMAGES,
                formats=frozenset({JPEG, PNG}),
                max_bytes=MAX_IMAGE_BYTES,
                min_aspect=1 / MAX_ASPECT,
                max_aspect=MAX_ASPECT,
                alt_max=ALT_MAX,
                source=MEDIA_DOCS,
            ),
            video=VIDEO,
            threads=True,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        return threads_length(text)

    def check_text(self, text: str, account: Account) -> list[Finding]:
        links = {strip_trailing_punct(m.group(0)) for m in find_urls(text)}
        if len(links) > MAX_LINKS:
            extra = len(links) - MAX_LINKS
            return [
                Finding(
                    "links",
                    _(
                        "{len}/{max_links} different links — Threads refuses posts "
                        "with more than {max_links}; remove {extra}"
                    ).format(len=len(links), max_links=MAX_LINKS, extra=extra),
                )
            ]
        return []

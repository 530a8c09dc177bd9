"""X (formerly Twitter): 280 weighted characters per post, each link counts 23."""

from __future__ import annotations

import re

from ..fields import Field, declare
from ..i18n import N_
from ..model import Account
from .base import (
    AAC,
    GIF,
    H264,
    JPEG,
    MOV,
    MP4,
    PNG,
    WEBP,
    Limits,
    MediaLimits,
    Network,
    Permission,
    TextLimit,
    VideoLimits,
    path_links,
)
from .x_weighted import V3, weighted_length

# "Counting characters": up to 280 characters, where a character's weight comes
# from twitter-text's config (CJK and emoji weigh 2), URLs count 23 after t.co
# wrapping, and text is NFC-normalized first. We count with twitter-text v3.
COUNTING_DOCS = "https://developer.x.com/en/docs/counting-characters"
# Media best practices: "You may attach up to 4 photos, 1 animated GIF or 1
# video in a Post"; the media object page: "Image: 5 MB, GIF: 15 MB". Images
# are JPG, PNG, GIF or WEBP.
MEDIA_DOCS = "https://docs.x.com/x-api/media/quickstart/best-practices"
SIZE_DOCS = "https://docs.x.com/x-api/media"
# Media metadata: alt_text.text "Max length: 1000 characters".
ALT_DOCS = "https://docs.x.com/x-api/media/create-media-metadata"

MAX_WEIGHTED = V3.max_weighted_length  # 280, from config/v3.json
MAX_IMAGES = 4
# "Image: 5 MB", as 5 × 1024 × 1024. GIFs may have 15 MB, but MediaLimits has one
# size for all images, so a GIF is held to the image limit.
MAX_IMAGE_BYTES = 5_242_880
ALT_MAX = 1000
APP_PERMISSIONS_DOCS = "https://docs.x.com/fundamentals/developer-apps#app-permissions"


# Video (MEDIA_DOCS, "Video" section): MP4 or MOV, H.264 (High Profile
# recommended) with AAC sound, at most 60 fps, 0.5–140 s, at most 512 MB,
# 32×32 to 1280×1024, aspect 1:3 to 3:1; one video per post, not with images
# (the chunked upload with media_category tweet_video).
VIDEO = VideoLimits(
    source=MEDIA_DOCS,
    max_count=1,
    containers=frozenset({MP4, MOV}),
    video_codecs=frozenset({H264}),
    audio_codecs=frozenset({AAC}),
    max_bytes=512 * 1024 * 1024,
    min_duration=0.5,
    max_duration=140,
    min_aspect=1 / 3,
    max_aspect=3.0,
    min_side=32,
    max_fps=60,
    # The metadata endpoint takes alt text for images and GIFs only (ALT_DOCS).
    alt_supported=False,
)


# The link of a post: https://x.com/USER/status/ID (also i/web/status/ID).
POST_LINK = re.compile(r"^/(?P<actor>\w{1,15}|i/web|i)/status/(?P<id>\d{1,20})/?$")


class X(Network):
    """X (Twitter), posting through the X API with OAuth 1.0a user keys."""

    name = "x"
    title = "X"
    reply_links = path_links(POST_LINK, "(https://x.com/USER/status/ID)")
    # X shows the card of the last link, from the page's twitter:card tags.
    link_card = "last"
    web_hosts = ("x.com", "twitter.com")
    settings = declare(
        Field(
            "api_key_env",
            "env",
            N_("environment variable holding the app's API key (consumer key)"),
            required=True,
        ),
        Field(
            "api_secret_env",
            "env",
            N_("environment variable holding the app's API key secret (consumer secret)"),
            required=True,
        ),
        Field(
            "access_token_env",
            "env",
            N_(
                "environment variable holding the account's access token (read and write: the "
                "crash lookup reads the account's recent posts, which needs read access on the "
                "app's X API plan)"
            ),
            required=True,
        ),
        Field(
            "access_token_secret_env",
            "env",
            N_("environment variable holding the account's access token secret"),
            required=True,
        ),
        Field(
            "api_base",
            "endpoint",
            "API server to publish through; change only for a proxy or a test server",
            default="https://api.x.com",
        ),
    )

    # An app's access tokens carry its "App permissions" (Read / Read and write):
    # https://docs.x.com/fundamentals/developer-apps#app-permissions
    grant = (
        "in the X Developer Portal (https://developer.x.com/en/portal/dashboard → your app → "
        "User authentication settings → App permissions), then regenerate the access token and "
        "secret"
    )
    permissions = (
        Permission("publish", ("Read and write",), APP_PERMISSIONS_DOCS),
        Permission("lookup", ("Read",), APP_PERMISSIONS_DOCS),
        Permission("delete", ("Read and write",), APP_PERMISSIONS_DOCS),
    )

    def limits(self, account: Account) -> Limits:
        return Limits(
            text=TextLimit(MAX_WEIGHTED, "weighted characters", COUNTING_DOCS),
            media=MediaLimits(
                max_count=MAX_IMAGES,  # MEDIA_DOCS
                formats=frozenset({JPEG, PNG, GIF, WEBP}),  # MEDIA_DOCS
                max_bytes=MAX_IMAGE_BYTES,  # SIZE_DOCS
                alt_max=ALT_MAX,  # ALT_DOCS
                source=MEDIA_DOCS,
            ),
            video=VIDEO,
            threads=True,  # a thread is a chain of replies to one's own posts
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        # X has no content warnings; only the text counts.
        return weighted_length(text, V3)

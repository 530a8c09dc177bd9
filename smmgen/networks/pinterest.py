"""Pinterest: a Pin (one image or one video) on a board, through API v5.

The first line of the text is the Pin's title (at most 100 characters), the
whole text its description (at most 800), the post's ``link`` where the Pin
leads, the media's ``alt`` its alt text (at most 500).
"""

from __future__ import annotations

from ..counting import graphemes
from ..fields import Field, declare
from ..i18n import N_, _
from ..model import Account
from .base import (
    GIF,
    H264,
    HEVC,
    JPEG,
    MOV,
    MP4,
    PNG,
    WEBP,
    Finding,
    Limits,
    MediaLimits,
    Network,
    Permission,
    TextLimit,
    VideoLimits,
)
from .youtube import title_of

# POST /v5/pins: title maxLength 100, description maxLength 800, link maxLength
# 2048, alt_text maxLength 500, board_id required, media_source image_base64 |
# image_url | video_id: https://developers.pinterest.com/docs/api/v5/pins-create
PINS_DOCS = "https://developers.pinterest.com/docs/api/v5/pins-create"
# Media: POST /v5/media registers a video upload (upload_url, upload_parameters),
# GET /v5/media/{id} says registered|processing|succeeded|failed:
# https://developers.pinterest.com/docs/api/v5/media-create
# Specs (help center "Pin specs"): images BMP, GIF, JPEG, PNG, TIFF, WEBP up to
# 20 MB; videos MP4, MOV or M4V, H.264 or H.265, 4 s to 15 min, up to 2 GB,
# aspect 1:2 to 1.91:1.
SPECS = "https://help.pinterest.com/en/business/article/pinterest-product-specs"
SCOPES_DOCS = "https://developers.pinterest.com/docs/getting-started/scopes/"

MAX_TITLE = 100
MAX_DESCRIPTION = 800
MAX_ALT = 500

VIDEO = VideoLimits(
    source=SPECS,
    max_count=1,
    containers=frozenset({MP4, MOV}),
    video_codecs=frozenset({H264, HEVC}),
    audio_codecs=None,
    max_bytes=2 * 1024**3,
    min_duration=4,
    max_duration=15 * 60,
    min_aspect=0.5,
    max_aspect=1.91,
    alt_max=MAX_ALT,
)


class Pinterest(Network):
    """A Pinterest business account posting Pins to one board."""

    name = "pinterest"
    title = "Pinterest"
    web_hosts = ("www.pinterest.com", "pinterest.com", "pin.it")
    settings = declare(
        Field("board_id", "str", N_("the board the Pins go to (its numeric id)"), required=True),
        Field(
            "token_env",
            "env",
            N_(
                "environment variable holding an access token with boards:read, pins:read and "
                "pins:write"
            ),
            required=True,
        ),
        Field(
            "api_base",
            "endpoint",
            "API server; change only for a proxy or a test server (Pinterest's sandbox: "
            "https://api-sandbox.pinterest.com)",
            default="https://api.pinterest.com",
        ),
    )
    grant = "when creating the app's access token (https://developers.pinterest.com/apps/)"
    permissions = (
        Permission("publish", ("boards:read", "pins:write"), SCOPES_DOCS),
        Permission("lookup", ("boards:read", "pins:read"), SCOPES_DOCS),
    )

    def limits(self, account: Account) -> Limits:
        return Limits(
            text=TextLimit(MAX_DESCRIPTION, "characters of description", PINS_DOCS),
            media=MediaLimits(
                min_count=1,  # an image or a video
                max_count=1,
                formats=frozenset({JPEG, PNG, GIF, WEBP}),
                max_bytes=20_000_000,
                alt_max=MAX_ALT,
                source=SPECS,
            ),
            video=VIDEO,
            threads=False,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        return graphemes(text)

    def check_text(self, text: str, account: Account) -> list[Finding]:
        n = graphemes(title_of(text))
        if n > MAX_TITLE:
            return [
                Finding(
                    "title-length",
                    _(
                        "the first line is the Pin's title: {n}/{max_title} "
                        "characters — shorten it by {value}"
                    ).format(n=n, max_title=MAX_TITLE, value=n - MAX_TITLE),
                )
            ]
        return []

"""LinkedIn: 3000 characters of commentary, up to 20 images, "…see more" after ~210."""

from __future__ import annotations

from ..counting import utf16_units
from ..fields import Field, declare
from ..model import Account
from .base import GIF, JPEG, PNG, Limits, MediaLimits, Network, TextLimit

# Posts API: the post text is `commentary`, written in LinkedIn's "little text"
# format (reserved characters are escaped by the publisher, not counted here).
# The 3000-character maximum is LinkedIn's share commentary limit. LinkedIn's
# backend is Java, so we count UTF-16 code units: emoji count as 2, which is
# the strict reading.
POSTS_API = (
    "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api"
)
# MultiImage: "a post containing multiple images (minimum of 2 images and
# maximum of 20 images)"; each image may carry `altText`.
MULTIIMAGE_API = (
    "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/"
    "multiimage-post-api"
)
# Images API: JPG, GIF (up to 250 frames) and PNG; images must have fewer than
# 36,152,320 pixels. No byte limit is documented for the Images API, so none is
# set here (third-party tools quote 5 MB or 8 MB).
IMAGES_API = (
    "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api"
)
# The feed cuts a post off with "…see more" after about 210 characters (two to
# three lines on desktop; fewer on mobile). LinkedIn does not document the exact
# number; 210 is the commonly measured desktop value.

MAX_CHARACTERS = 3000
MAX_IMAGES = 20
# LinkedIn's composer caps alt text at 1000 characters; the API documents no
# lower cap, so 1000 is the safe value.
ALT_MAX = 1000
SEE_MORE_AT = 210


class LinkedIn(Network):
    """LinkedIn (a member profile or an organization page, via the Posts API)."""

    name = "linkedin"
    title = "LinkedIn"
    web_hosts = ("linkedin.com", "www.linkedin.com")
    settings = declare(
        Field(
            "author_urn",
            "str",
            "who posts: urn:li:person:… for a profile or urn:li:organization:… for a page",
            required=True,
        ),
        Field(
            "token_env",
            "env",
            "environment variable holding an OAuth access token with w_member_social "
            "or w_organization_social",
            required=True,
        ),
        Field(
            "api_base",
            "endpoint",
            "API server to publish through; change only for a proxy or a test server",
            default="https://api.linkedin.com",
        ),
    )

    def limits(self, account: Account) -> Limits:
        return Limits(
            text=TextLimit(MAX_CHARACTERS, "characters (emoji count as 2)", POSTS_API),
            media=MediaLimits(
                max_count=MAX_IMAGES,
                formats=frozenset({JPEG, PNG, GIF}),
                alt_max=ALT_MAX,
                source=MULTIIMAGE_API,
            ),
            threads=False,
            see_more_at=SEE_MORE_AT,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        return utf16_units(text)

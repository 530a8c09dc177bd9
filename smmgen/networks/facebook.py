"""Facebook Pages: 63,206 characters, up to 10 photos, "See more" after ~477."""

from __future__ import annotations

from ..counting import utf16_units
from ..fields import Field, declare
from ..model import Account
from .base import GIF, JPEG, PNG, Limits, MediaLimits, Network, TextLimit

# Page posts go to POST /{page-id}/feed with `message`. The API reference states
# no length; 63,206 characters is the limit Facebook enforces on posts. We count
# UTF-16 code units (emoji count as 2): the strict reading.
FEED_DOCS = "https://developers.facebook.com/docs/graph-api/reference/page/feed"
# Photos: POST /{page-id}/photos (published=false for each photo, then one feed
# post with attached_media). Supported formats JPEG, BMP, PNG, GIF, TIFF; "files
# should be 4MB or smaller"; PNG above 1 MB may look pixelated (advice, not a
# rejection, so not enforced). The number of photos per post is not documented;
# 10 is a safe, commonly accepted maximum. The API takes no alt text on upload
# (Facebook generates automatic alt text), so alt_supported is False.
PHOTOS_DOCS = "https://developers.facebook.com/docs/graph-api/reference/page/photos"
# The desktop feed shows about 477 characters before "See more" (mobile fewer).
# Facebook does not document this; 477 is the commonly measured value.

MAX_CHARACTERS = 63_206
MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 4_000_000  # "4MB"; decimal megabytes is the strict reading
SEE_MORE_AT = 477


class Facebook(Network):
    """A Facebook Page (Graph API, Page access token)."""

    name = "facebook"
    title = "Facebook"
    web_hosts = ("facebook.com", "www.facebook.com")
    settings = declare(
        Field("page_id", "str", "the numeric ID of the Facebook Page", required=True),
        Field(
            "token_env",
            "env",
            "environment variable holding a Page access token with pages_manage_posts",
            required=True,
        ),
        Field(
            "api_base",
            "endpoint",
            "API server to publish through; change only for a proxy or a test server",
            default="https://graph.facebook.com",
        ),
    )

    def limits(self, account: Account) -> Limits:
        return Limits(
            text=TextLimit(MAX_CHARACTERS, "characters (emoji count as 2)", FEED_DOCS),
            media=MediaLimits(
                max_count=MAX_PHOTOS,
                formats=frozenset({JPEG, PNG, GIF}),
                max_bytes=MAX_PHOTO_BYTES,
                alt_supported=False,
                source=PHOTOS_DOCS,
            ),
            threads=False,
            see_more_at=SEE_MORE_AT,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        return utf16_units(text)

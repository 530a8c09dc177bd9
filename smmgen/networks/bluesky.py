"""Bluesky: 300 graphemes and 3000 UTF-8 bytes per post record."""

from __future__ import annotations

from ..counting import graphemes, utf8_bytes
from ..fields import Field, declare
from ..model import Account
from .base import JPEG, PNG, WEBP, Finding, Limits, MediaLimits, Network, TextLimit

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


class Bluesky(Network):
    """Bluesky (AT Protocol)."""

    name = "bluesky"
    title = "Bluesky"
    web_hosts = ("bsky.app",)
    # Links are rich-text facets: the app shows a label or a shortened URL
    # (social-app toShortUrl) and links it to the full URL; smmgen/facets.py.
    link_style = "facet"
    settings = declare(
        Field("handle", "str", "the account handle, e.g. example.bsky.social", required=True),
        Field(
            "password_env",
            "env",
            "environment variable holding an app password (Settings → App passwords)",
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
                    f"{size}/{MAX_BYTES} UTF-8 bytes — shorten by {size - MAX_BYTES} bytes "
                    "(emoji and non-Latin letters take 2–4 bytes each)",
                )
            ]
        return []

"""Mastodon: 500 characters by default (per instance), links count 23, CW included."""

from __future__ import annotations

import re

from ..counting import find_urls, graphemes, strip_trailing_punct
from ..fields import Field, declare
from ..model import Account
from .base import GIF, JPEG, PNG, WEBP, Limits, MediaLimits, Network, TextLimit

# "The default character limit is 500 characters." Links "are counted as 23
# characters regardless of length"; of a mention "only the username part will
# count against your character limit -- the domain is not counted".
POSTING_DOCS = "https://docs.joinmastodon.org/user/posting/#text"
# The rule as the server applies it (StatusLengthValidator): spoiler_text +
# text, URLs replaced by 23 characters, "@user@domain" by "@user", counted in
# grapheme clusters. Instances may raise MAX_CHARS; clients read it from
# /api/v2/instance configuration.statuses.max_characters.
VALIDATOR_SOURCE = (
    "https://github.com/mastodon/mastodon/blob/main/app/validators/status_length_validator.rb"
)
# "Images (PNG, JPG, HEIF, WEBP, AVIF) up to 16MB ... Up to 4 images can be
# attached, per post." Animated GIFs: also up to 16MB (converted to video).
MEDIA_DOCS = "https://docs.joinmastodon.org/user/posting/#media"
# Media description (alt text) limit: MediaAttachment::MAX_DESCRIPTION_LENGTH =
# 1500, reported as configuration.media_attachments.description_limit.
INSTANCE_DOCS = "https://docs.joinmastodon.org/entities/Instance/"

DEFAULT_MAX_CHARACTERS = 500
URL_CHARS = 23  # configuration.statuses.characters_reserved_per_url
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 16 * 1024 * 1024  # Rails 16.megabytes; the API reports 16777216
MAX_DESCRIPTION = 1500

# Mastodon's Account::MENTION_RE: "@user" or "@user@domain", not preceded by a
# word character, "=" or "/" (so e-mail addresses and URL paths are no mentions).
_MENTION = re.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@\w+(?:[.-]+\w+)*)?",
    re.IGNORECASE,
)


def countable_text(text: str) -> str:
    """``text`` as Mastodon measures it: each URL → 23 ``x``, ``@user@domain`` → ``@user``.

    Mentions inside a URL are part of the URL, as in Mastodon's entity
    extraction (overlapping entities are dropped).
    """
    spans: list[tuple[int, int, str]] = []
    for m in find_urls(text):
        url = strip_trailing_punct(m.group(0))
        spans.append((m.start(), m.start() + len(url), "x" * URL_CHARS))
    for m in _MENTION.finditer(text):
        if any(start < m.end() and m.start() < end for start, end, _ in spans):
            continue
        spans.append((m.start(), m.end(), "@" + m.group(1)))
    spans.sort()
    out: list[str] = []
    pos = 0
    for start, end, replacement in spans:
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _max_characters(account: Account) -> int:
    value = account.settings.get("max_characters", DEFAULT_MAX_CHARACTERS)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return DEFAULT_MAX_CHARACTERS


class Mastodon(Network):
    """Mastodon (any instance; the character limit is set per account)."""

    name = "mastodon"
    title = "Mastodon"
    settings = declare(
        Field(
            "instance",
            "url",
            "the server the account lives on, e.g. https://mastodon.social",
            required=True,
        ),
        Field(
            "token_env",
            "env",
            "environment variable holding an access token "
            "(Preferences → Development → New application, scopes write:statuses write:media)",
            required=True,
        ),
        Field(
            "max_characters",
            "int",
            "the instance's post length limit (see /api/v2/instance, "
            "configuration.statuses.max_characters)",
            default=DEFAULT_MAX_CHARACTERS,
            minimum=1,
        ),
        Field(
            "visibility",
            "str",
            "who sees the posts",
            default="public",
            choices=("public", "unlisted", "private", "direct"),
        ),
        Field("language", "str", "post language (ISO 639-1), e.g. de"),
    )

    def limits(self, account: Account) -> Limits:
        return Limits(
            text=TextLimit(
                _max_characters(account),
                f"characters (each link counts as {URL_CHARS})",
                POSTING_DOCS,
            ),
            media=MediaLimits(
                max_count=MAX_IMAGES,
                formats=frozenset({JPEG, PNG, GIF, WEBP}),
                max_bytes=MAX_IMAGE_BYTES,
                alt_max=MAX_DESCRIPTION,
                source=MEDIA_DOCS,
            ),
            threads=True,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        # The validator joins spoiler_text and the countable text, then counts
        # grapheme clusters of the whole.
        return graphemes(content_warning + countable_text(text))

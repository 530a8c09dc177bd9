"""Mastodon: 500 characters by default (per instance), links count 23, CW included."""

from __future__ import annotations

import re
from functools import cache

from ..counting import graphemes
from ..fields import Field, declare
from ..i18n import N_
from ..model import Account
from . import x_weighted as tt
from .base import (
    GIF,
    JPEG,
    MOV,
    MP4,
    PNG,
    WEBM,
    WEBP,
    Limits,
    MediaLimits,
    Network,
    Permission,
    TextLimit,
    VideoLimits,
    path_links,
)
from .x_tlds import TLDS

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


# Which links count 23: those Mastodon's own entity extraction links. It is
# twitter-text (Ruby gem 3.1, the same TLD list as our X counter) with
# Mastodon's overrides in config/initializers/twitter_regex.rb: more schemes, a
# scheme required (extract_url_without_protocol: false), path and query
# characters of its own. A link on an unknown TLD, an IP address or ftp:// is
# counted as the text it is.
URL_REGEX_SOURCE = (
    "https://github.com/mastodon/mastodon/blob/main/config/initializers/twitter_regex.rb"
)
_SCHEMES = r"(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://"
_UCHARS = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
    "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
    "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd"
    "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
)
# Unicode's White_Space property, as Ruby's \p{White_Space}.
_WHITE = r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_PATH_CHAR = rf"[^{_WHITE}<>()?]"
# The ending characters refer to twitter-text's own balanced parentheses: the
# override file uses them before it redefines them.
_TT_PATH_CHAR = (
    r"[a-z\u0400-\u04ff0-9!*';:=+,.$/%#\[\]\-\u2013_~&|@"
    r"\xc0-\xd6\xd8-\xf6\xf8-\xff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b"
    r"\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff]"
)


def _parens(char: str) -> str:
    return rf"\((?:{char}+|(?:{char}*\({char}+\){char}*))\)"


_PATH_END = rf"(?:[^{_WHITE}()?!*\"'「」<>;:=,.$%\[\]~&|@]|{_parens(_TT_PATH_CHAR)})"
_PATH = (
    rf"(?:(?:{_PATH_CHAR}*(?:{_parens(_PATH_CHAR)}{_PATH_CHAR}*)*{_PATH_END})"
    rf"|(?:{_PATH_CHAR}+/))"
)
_QUERY = rf"\?[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@^{_UCHARS}]*[a-z0-9_&=#/\-{_UCHARS}]"
_URL = (
    rf"{tt._PRECEDING}"
    rf"({_SCHEMES}({tt._DOMAIN})(?::[0-9]+)?(?:/{_PATH}*)?(?:{_QUERY})?)"
)
# The common case without compiling the TLD list into a regex: an http(s) link
# with an ASCII host, a plain path, maybe in brackets or before punctuation that
# Mastodon does not count as part of a link.
_PLAIN = re.compile(
    r"[(\[<\"'“‘]?(https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63})"
    r"(?:/[a-z0-9/_-]*)?)[)\].,;:!?'\">]*",
    re.IGNORECASE | re.ASCII,
)
_TCO = re.compile(r"https?://t\.co(?:/|$)", re.IGNORECASE)
_WORD = re.compile(rf"[^{_WHITE}]*://[^{_WHITE}]*")


@cache
def _url_regex() -> re.Pattern[str]:
    return re.compile(_URL.replace("{tlds}", tt._tld_alternation()), tt._IGNORECASE)


def url_spans(text: str, *, shortcut: bool = True) -> list[tuple[int, int]]:
    """Spans of the links Mastodon counts as 23 characters, in order."""
    spans: list[tuple[int, int]] = []
    for word in _WORD.finditer(text):
        plain = _PLAIN.fullmatch(word.group()) if shortcut else None
        if (
            plain is not None
            and plain.group(2).lower() in TLDS
            # t.co links and very long ones have rules of their own: the full path.
            and not _TCO.match(plain.group(1))
            and len(plain.group(1)) <= tt._MAX_URL_UTF16
        ):
            spans.append((word.start() + plain.start(1), word.start() + plain.end(1)))
            continue
        for m in _url_regex().finditer(text, max(word.start() - 1, 0), word.end()):
            url, domain = m.group(1, 2)
            if not tt._valid_domain(domain) or tt._utf16_len(url) > tt._MAX_URL_UTF16:
                continue
            start, end = m.span(1)
            tco = re.match(tt._TCO_URL, url, tt._IGNORECASE)
            if tco:
                if len(tco.group(1)) > tt._MAX_TCO_SLUG:
                    continue
                end = start + tco.end()
            spans.append((start, end))
    return spans


def countable_text(text: str) -> str:
    """``text`` as Mastodon measures it: each link → 23 ``x``, ``@user@domain`` → ``@user``.

    Of overlapping links and mentions the one that starts first is kept, as in
    Mastodon's ``Extractor.remove_overlapping_entities``.
    """
    spans = [(start, end, "x" * URL_CHARS) for start, end in url_spans(text)]
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


SCOPES_DOCS = "https://docs.joinmastodon.org/api/oauth-scopes/"


# Video: Mastodon's defaults (app/models/media_attachment.rb, reported per
# server in /api/v2/instance configuration.media_attachments): 99 MiB
# (video_size_limit 103809024), at most 120 fps (video_frame_rate_limit) and
# 8,294,400 pixels (video_matrix_limit, 4096×2025 or 3840×2160). A post takes
# one video and no images beside it (PostStatusService: "Cannot attach a
# video to a post that already contains images"). Mastodon transcodes MP4,
# MOV and WebM to H.264; any codec FFmpeg reads is accepted.
VIDEO_DOCS = "https://docs.joinmastodon.org/entities/Instance/#media_attachments"
VIDEO = VideoLimits(
    source=VIDEO_DOCS,
    max_count=1,
    containers=frozenset({MP4, MOV, WEBM}),
    video_codecs=None,
    audio_codecs=None,
    max_bytes=99 * 1024 * 1024,
    max_fps=120,
    max_side=4096,
    alt_max=MAX_DESCRIPTION,
)


# The link of a status on its server: https://SERVER/@USER/ID (a remote
# account: @USER@HOST), or ActivityPub's /users/USER/statuses/ID.
POST_LINK = re.compile(
    r"^/(?:@(?P<actor>[\w.-]+(?:@[\w.-]+)?)|users/(?P<user>[\w.-]+)/statuses)/(?P<id>\d+)/?$"
)


class Mastodon(Network):
    """Mastodon (any instance; the character limit is set per account)."""

    name = "mastodon"
    title = "Mastodon"
    reply_links = path_links(POST_LINK, "(https://SERVER/@USER/ID)")
    language_setting = "language"
    # Mastodon fetches a preview card for the first link (FetchLinkCardService).
    link_card = "first"
    settings = declare(
        Field(
            "instance",
            "endpoint",
            N_("the server the account lives on, e.g. https://mastodon.social"),
            required=True,
        ),
        Field(
            "token_env",
            "env",
            N_(
                "environment variable holding an access token "
                "(Preferences → Development → New application, scopes write:statuses write:media, "
                "and read:accounts for the crash lookup)"
            ),
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

    # OAuth scopes: https://docs.joinmastodon.org/api/oauth-scopes/ — statuses and
    # media need write:statuses and write:media; the crash lookup reads the
    # account (verify_credentials: read:accounts) and its statuses (read:statuses).
    grant = (
        "when creating the application (Preferences → Development → New application, or edit it "
        "and create a new token)"
    )
    permissions = (
        Permission("publish", ("write:statuses", "write:media"), SCOPES_DOCS),
        Permission("lookup", ("read:accounts", "read:statuses"), SCOPES_DOCS),
        Permission("delete", ("write:statuses",), SCOPES_DOCS),
        Permission("stats", ("read:statuses",), SCOPES_DOCS),
        Permission("inbox", ("read:notifications",), SCOPES_DOCS),
    )

    def hosts_for(self, account: Account) -> tuple[str, ...]:
        from urllib.parse import urlsplit

        host = urlsplit(str(account.settings.get("instance", ""))).hostname
        return (host,) if host else ()

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
            video=VIDEO,
            threads=True,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        # The validator joins spoiler_text and the countable text, then counts
        # grapheme clusters of the whole.
        return graphemes(content_warning + countable_text(text))

"""Telegram: 4096 characters per message, 1024 per caption, counted in UTF-16 units."""

from __future__ import annotations

from ..counting import utf16_units
from ..fields import Field, declare
from ..i18n import N_
from ..model import Account
from .base import (
    GIF,
    H264,
    HEVC,
    JPEG,
    MP4,
    PNG,
    WEBP,
    Limits,
    MediaLimits,
    Network,
    Permission,
    ReplyLinks,
    TextLimit,
    VideoLimits,
)
from .telegram_links import EXAMPLE as REPLY_EXAMPLE
from .telegram_links import target as reply_target

# sendMessage `text`: "1-4096 characters after entities parsing". Telegram
# measures text in UTF-16 code units (entity offsets are UTF-16 too), so emoji
# count as 2. "After entities parsing" means HTML/Markdown markup does not
# count; we count the text as written, markup included, which can only
# over-count: the safe side.
SEND_MESSAGE = "https://core.telegram.org/bots/api#sendmessage"
# sendPhoto `caption`: "0-1024 characters after entities parsing"; the photo
# "must be at most 10 MB in size. The photo's width and height must not exceed
# 10000 in total. Width and height ratio must be at most 20." (The 10000 sum is
# not expressible in MediaLimits; real photos never come near it.)
SEND_PHOTO = "https://core.telegram.org/bots/api#sendphoto"
# sendMediaGroup: an album of 2-10 photos; the caption of the first item is the
# album's caption. Bot API photos take no alt text.
SEND_MEDIA_GROUP = "https://core.telegram.org/bots/api#sendmediagroup"

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 10_000_000  # "10 MB"; decimal megabytes is the strict reading
MAX_RATIO = 20.0
UNIT = "characters (emoji count as 2)"
RIGHTS_DOCS = "https://core.telegram.org/bots/api#chatadministratorrights"


# Video (sendVideo): "Telegram clients support MPEG4 videos (other formats may
# be sent as Document)"; a bot uploads at most 50 MB (sending files). One
# video per message with the text as its caption; no alt text.
SEND_VIDEO = "https://core.telegram.org/bots/api#sendvideo"
VIDEO = VideoLimits(
    source=SEND_VIDEO,
    max_count=1,
    containers=frozenset({MP4}),
    video_codecs=frozenset({H264, HEVC}),
    audio_codecs=None,
    max_bytes=50_000_000,
    alt_supported=False,
)


class Telegram(Network):
    """A Telegram channel or group, posted to by a bot (Bot API)."""

    name = "telegram"
    title = "Telegram"
    link_card = "first"  # Telegram previews the first link unless link previews are off
    web_hosts = ("t.me",)
    # A reply goes into the channel's discussion group (smmgen/networks/telegram_links.py).
    reply_links = ReplyLinks(reply_target, f"(“Copy link” on a comment: {REPLY_EXAMPLE})")
    settings = declare(
        Field(
            "chat_id",
            "str",
            N_("the channel or group: @channelusername or the numeric chat ID"),
            required=True,
        ),
        Field(
            "token_env",
            "env",
            N_("environment variable holding the bot token from @BotFather"),
            required=True,
        ),
        Field(
            "parse_mode",
            "str",
            "how Telegram reads formatting; smmgen sends plain text and escapes it for "
            "this mode, so posts show exactly as written (leaving it unset is simplest)",
            choices=("HTML", "MarkdownV2", "Markdown"),
        ),
        Field(
            "api_base",
            "endpoint",
            "API server to publish through; change only for a proxy or a test server",
            default="https://api.telegram.org",
        ),
    )

    # The bot posts to a channel as an administrator with the "Post messages"
    # right (can_post_messages); in groups as a member:
    # https://core.telegram.org/bots/api#chatadministratorrights
    grant = "in the channel: Administrators → add the bot → “Post messages” (and “Delete messages”)"
    permissions = (
        Permission("publish", ("can_post_messages",), RIGHTS_DOCS, note="channels only"),
        Permission("delete", ("can_delete_messages",), RIGHTS_DOCS),
    )

    def limits(self, account: Account) -> Limits:
        return Limits(
            text=TextLimit(MAX_TEXT, UNIT, SEND_MESSAGE),
            caption=TextLimit(MAX_CAPTION, UNIT, SEND_PHOTO),
            media=MediaLimits(
                max_count=MAX_PHOTOS,
                formats=frozenset({JPEG, PNG, WEBP, GIF}),
                max_bytes=MAX_PHOTO_BYTES,
                min_aspect=1 / MAX_RATIO,
                max_aspect=MAX_RATIO,
                alt_supported=False,
                source=SEND_MEDIA_GROUP,
            ),
            video=VIDEO,
            threads=False,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        return utf16_units(text)

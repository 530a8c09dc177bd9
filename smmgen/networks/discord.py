"""Discord: 2000 characters per webhook message, 10 attachments of up to 10 MiB."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..counting import utf16_units
from ..fields import Field, declare
from ..i18n import N_, _
from ..model import Account
from .base import (
    GIF,
    JPEG,
    MOV,
    MP4,
    PNG,
    WEBM,
    WEBP,
    Finding,
    Limits,
    MediaLimits,
    Network,
    TextLimit,
    VideoLimits,
)

# Execute Webhook: `content` "the message contents (up to 2000 characters)";
# up to 10 `files[n]`. We count UTF-16 code units (emoji count as 2), the
# strict reading of "characters".
EXECUTE_WEBHOOK = "https://discord.com/developers/docs/resources/webhook#execute-webhook"
# Uploading files: the default upload limit is 10 MiB per file (raised only by
# server boosts), so 10 MiB is the safe value for any server.
UPLOADING_FILES = "https://discord.com/developers/docs/reference#uploading-files"
# Attachment object: `description` (alt text) "max 1024 characters".
ATTACHMENT_OBJECT = "https://discord.com/developers/docs/resources/message#attachment-object"

# Create Webhook: "A webhook name is valid if: It does not contain the substrings
# `clyde` or `discord` (case-insensitive); It follows the nickname guidelines
# ..., with an exception that webhook names can be up to 80 characters". The
# `username` override of Execute Webhook is refused by the same rule (HTTP 400).
WEBHOOK_NAMES = "https://discord.com/developers/docs/resources/webhook#create-webhook"
FORBIDDEN_NAME_PARTS = ("clyde", "discord")
MAX_NAME = 80

MAX_CHARACTERS = 2000
MAX_ATTACHMENTS = 10
MAX_FILE_BYTES = 10 * 1024 * 1024  # 10 MiB = 10,485,760 bytes
ALT_MAX = 1024


# Video: a webhook message takes any file as an attachment, videos included
# (MP4, MOV and WebM play inline), within the same size limit as images and
# alongside them; attachments carry a description (alt text).
VIDEO = VideoLimits(
    source=UPLOADING_FILES,
    max_count=MAX_ATTACHMENTS,
    containers=frozenset({MP4, MOV, WEBM}),
    video_codecs=None,
    audio_codecs=None,
    max_bytes=MAX_FILE_BYTES,
    with_images=True,
    alt_max=ALT_MAX,
)


class Discord(Network):
    """A Discord channel, posted to through a webhook."""

    name = "discord"
    title = "Discord"
    link_card = "first"  # Discord embeds the links of a message
    web_hosts = ("discord.com",)
    settings = declare(
        Field(
            "webhook_env",
            "env",
            N_(
                "environment variable holding the webhook URL "
                "(Channel settings → Integrations → Webhooks; the URL is a secret)"
            ),
            required=True,
        ),
        Field(
            "username",
            "str",
            "name shown as the sender, instead of the webhook's own "
            "(1-80 characters, without 'clyde' or 'discord')",
        ),
        Field(
            "guild_id",
            "str",
            "the server's id, for links to the posts; when unset it is read from the webhook",
        ),
        Field(
            "bot_token_env",
            "env",
            "environment variable holding a bot's token, for `smmgen inbox fetch` to read "
            "replies to the webhook's messages (a webhook cannot read); optional",
        ),
        Field(
            "invite",
            "str",
            "an invite code of the server, for `smmgen stats collect` to read its member count",
        ),
    )

    def check_settings(self, settings: Mapping[str, Any]) -> list[tuple[str, Finding]]:
        """A ``username`` Discord refuses would make every post fail with HTTP 400."""
        name = settings.get("username")
        if not isinstance(name, str):
            return []
        lower = name.lower()
        banned = [word for word in FORBIDDEN_NAME_PARTS if word in lower]
        if banned:
            why = _("contains '{banned}', which Discord refuses in webhook names").format(
                banned=banned[0]
            )
        elif not 1 <= len(name.strip()) <= MAX_NAME:
            why = _("must be 1 to {max_name} characters").format(max_name=MAX_NAME)
        else:
            return []
        return [
            (
                "username",
                Finding(
                    "username",
                    _("username '{name}' {why}; choose another ({webhook_names})").format(
                        name=name, why=why, webhook_names=WEBHOOK_NAMES
                    ),
                ),
            )
        ]

    def limits(self, account: Account) -> Limits:
        return Limits(
            text=TextLimit(MAX_CHARACTERS, "characters (emoji count as 2)", EXECUTE_WEBHOOK),
            media=MediaLimits(
                max_count=MAX_ATTACHMENTS,
                formats=frozenset({JPEG, PNG, GIF, WEBP}),
                max_bytes=MAX_FILE_BYTES,
                alt_max=ALT_MAX,
                source=UPLOADING_FILES,
            ),
            video=VIDEO,
            threads=False,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        return utf16_units(text)

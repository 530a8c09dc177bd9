"""YouTube: one video per post, its title from the first line, the whole text as description.

The post's first line becomes the video's title (at most 100 characters, no
``<`` or ``>``), the whole rendered text its description (at most 5000
bytes, no ``<`` or ``>``), the post's ``tags`` its tags (at most 500
characters together, each counted with the comma and quotes YouTube adds).
A vertical video of up to three minutes becomes a Short by itself; nothing
is set for that.

Quota: every project gets 10,000 units a day; an upload (``videos.insert``)
costs 1,600, reading a status or the uploads list 1 each, so one project
uploads at most six videos a day. The error when it is used up says so.
"""

from __future__ import annotations

from ..counting import graphemes
from ..fields import Field, declare
from ..i18n import N_, _
from ..model import Account
from .base import (
    AV1,
    H264,
    HEVC,
    MOV,
    MP4,
    VP9,
    WEBM,
    Finding,
    Limits,
    MediaLimits,
    Network,
    Permission,
    TextLimit,
    VideoLimits,
)

# Resource videos, snippet.title: "must not exceed 100 characters and cannot
# contain < or >"; snippet.description: "maximum length is 5000 bytes and ... may
# not contain < or >"; snippet.tags: "the maximum length is 500 characters ...
# a tag that contains a space counts with quotation marks, and the commas
# between tags count": https://developers.google.com/youtube/v3/docs/videos#resource
VIDEOS_RESOURCE = "https://developers.google.com/youtube/v3/docs/videos#resource"
# videos.insert: resumable upload (uploadType=resumable), up to 256 GB or 12
# hours; accounts that are not verified: 15 minutes. status.privacyStatus
# public|unlisted|private; status.selfDeclaredMadeForKids required by COPPA.
INSERT_DOCS = "https://developers.google.com/youtube/v3/docs/videos/insert"
UPLOAD_HELP = "https://support.google.com/youtube/answer/71673"
QUOTA_DOCS = "https://developers.google.com/youtube/v3/determine_quota_cost"
SHORTS_HELP = "https://support.google.com/youtube/answer/15424877"
CAPTIONS_DOCS = "https://developers.google.com/youtube/v3/docs/captions/insert"
SCOPES_DOCS = "https://developers.google.com/youtube/v3/guides/auth/server-side-web-apps"

MAX_TITLE = 100
MAX_DESCRIPTION_BYTES = 5000
MAX_TAGS = 500
QUOTA_PER_DAY = 10_000
UPLOAD_COST = 1_600
SHORTS_MAX_SECONDS = 180  # since 15 October 2024 (SHORTS_HELP); vertical or square

VIDEO = VideoLimits(
    source=UPLOAD_HELP,
    max_count=1,
    required=True,
    containers=frozenset({MP4, MOV, WEBM}),
    video_codecs=frozenset({H264, HEVC, VP9, AV1}),
    audio_codecs=None,
    max_bytes=256 * 1024**3,
    max_duration=15 * 60,  # until the account is verified (then 12 hours: `verified: true`)
    alt_supported=False,
    captions=True,  # captions.insert: a WebVTT file as the video's caption track
    elsewhere=N_("or verify the YouTube account (then up to 12 hours) and set verified: true"),
)


def tags_length(tags: tuple[str, ...]) -> int:
    """Characters of ``tags`` as YouTube counts them: commas between, quotes around spaces."""
    return sum(len(t) + (2 if " " in t else 0) for t in tags) + max(len(tags) - 1, 0)


def title_of(text: str) -> str:
    """The video's title: the first non-empty line of the text."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


class YouTube(Network):
    """A YouTube channel, uploaded to with the YouTube Data API v3."""

    name = "youtube"
    title = "YouTube"
    web_hosts = ("www.youtube.com", "youtube.com", "youtu.be")
    settings = declare(
        Field(
            "client_id_env",
            "env",
            N_(
                "environment variable holding the OAuth client ID (Google Cloud console → "
                "APIs & Services → Credentials)"
            ),
            required=True,
        ),
        Field(
            "client_secret_env",
            "env",
            N_("environment variable holding the OAuth client secret"),
            required=True,
        ),
        Field(
            "refresh_token_env",
            "env",
            N_(
                "environment variable holding a refresh token with the youtube.upload and "
                "youtube.readonly scopes (and youtube.force-ssl to add captions)"
            ),
            required=True,
        ),
        Field(
            "made_for_kids",
            "bool",
            N_(
                "whether the channel's videos are made for children (COPPA; YouTube requires "
                "the answer)"
            ),
            required=True,
        ),
        Field(
            "privacy",
            "str",
            "who sees the uploads",
            default="public",
            choices=("public", "unlisted", "private"),
        ),
        Field("category_id", "str", "the video category (22: People & Blogs)", default="22"),
        Field(
            "verified",
            "bool",
            "the account is verified, so videos may be longer than 15 minutes",
            default=False,
        ),
        Field(
            "api_base",
            "endpoint",
            "API server; change only for a proxy or a test server",
            default="https://www.googleapis.com",
        ),
        Field(
            "oauth_base",
            "endpoint",
            "OAuth token server; change only for a test server",
            default="https://oauth2.googleapis.com",
        ),
    )
    grant = (
        "when creating the refresh token for your OAuth client (Google Cloud console, "
        "YouTube Data API v3 enabled; e.g. with the OAuth 2.0 Playground)"
    )
    permissions = (
        Permission("publish", ("https://www.googleapis.com/auth/youtube.upload",), SCOPES_DOCS),
        Permission("lookup", ("https://www.googleapis.com/auth/youtube.readonly",), SCOPES_DOCS),
        Permission(
            "captions", ("https://www.googleapis.com/auth/youtube.force-ssl",), CAPTIONS_DOCS
        ),
    )

    def limits(self, account: Account) -> Limits:
        video = VIDEO
        if account.settings.get("verified") is True:
            from dataclasses import replace

            video = replace(VIDEO, max_duration=12 * 3600, elsewhere="")
        return Limits(
            text=TextLimit(MAX_DESCRIPTION_BYTES, "bytes (UTF-8) of description", VIDEOS_RESOURCE),
            media=MediaLimits(max_count=0, alt_supported=False, source=INSERT_DOCS),
            video=video,
            threads=False,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        return len(text.encode("utf-8"))

    def check_text(self, text: str, account: Account) -> list[Finding]:
        out: list[Finding] = []
        title = title_of(text)
        n = graphemes(title)
        if n > MAX_TITLE:
            out.append(
                Finding(
                    "title-length",
                    _(
                        "the first line is the video's title: {n}/{max_title} "
                        "characters — shorten it by {value}"
                    ).format(n=n, max_title=MAX_TITLE, value=n - MAX_TITLE),
                )
            )
        if "<" in text or ">" in text:
            out.append(
                Finding(
                    "angle-brackets",
                    _(
                        "YouTube refuses '<' and '>' in titles and descriptions; "
                        "write them differently (e.g. ‹ ›)"
                    ),
                )
            )
        return out

    def check_tags(self, tags: tuple[str, ...], account: Account) -> list[Finding]:
        n = tags_length(tags)
        if n <= MAX_TAGS:
            return []
        return [
            Finding(
                "tags-length",
                _(
                    "the tags are {n}/{max_tags} characters as YouTube counts "
                    "them (a comma between tags, quotes around a tag with a "
                    "space); remove or shorten tags by {value}"
                ).format(n=n, max_tags=MAX_TAGS, value=n - MAX_TAGS),
            )
        ]

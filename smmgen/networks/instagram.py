"""Instagram: 2200-character caption, 30 hashtags, 20 @mentions, 1–10 JPEG images."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from ..counting import find_urls, utf16_units
from ..fields import Field, declare
from ..i18n import N_, _
from ..model import Account
from .base import (
    AAC,
    H264,
    HEVC,
    JPEG,
    MEDIA_URL_FIELDS,
    MOV,
    MP4,
    Finding,
    Limits,
    MediaLimits,
    Network,
    Permission,
    ReplyLinks,
    TextLimit,
    VideoLimits,
)

# POST /{ig-user-id}/media, `caption`: "Maximum 2200 characters, 30 hashtags,
# and 20 @ tags." Meta does not say how it counts characters; we count UTF-16
# code units (emoji count as 2), the strict reading.
# Image specifications (same page): format JPEG; 8 MB maximum; aspect ratio
# within 4:5 to 1.91:1; width 320–1440 px, but narrower or wider images are
# scaled, not refused, so no pixel limits are enforced here.
MEDIA_DOCS = (
    "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/"
    "reference/ig-user/media"
)
# Content Publishing: carousels hold up to 10 images; every post needs at least
# one image (there are no text-only posts). Since 24 March 2025 image containers
# accept `alt_text` (not reels or stories); Meta documents no maximum length.
PUBLISHING_DOCS = "https://developers.facebook.com/docs/instagram-platform/content-publishing"
# The feed shows about 125 characters of a caption before "… more". Instagram
# does not document the exact number; 125 is the commonly measured value.
SEE_MORE_SOURCE = (
    "not documented by Instagram; about 125 characters is the commonly measured feed cut"
)

# Two ways to a token (IG Container reference, "Requirements"):
# - Instagram API with Facebook Login: host graph.facebook.com, a Facebook User
#   (or Page/system user) token with instagram_basic, instagram_content_publish
#   and pages_read_engagement (+ pages_show_list to find the account);
# - Instagram API with Instagram Login: host graph.instagram.com, an Instagram
#   User token with instagram_business_basic and instagram_business_content_publish.
# A token of one kind is refused by the other host ("Invalid OAuth access token
# - Cannot parse access token", code 190). Reading /{ig-user-id}/media (the crash
# lookup) needs instagram_basic / instagram_business_basic; insights
# instagram_manage_insights / instagram_business_manage_insights; comments
# instagram_manage_comments / instagram_business_manage_comments:
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
CONTAINER_DOCS = (
    "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/"
    "reference/ig-container"
)
OVERVIEW_DOCS = "https://developers.facebook.com/docs/instagram-platform/overview"
HOSTS = {"facebook": "https://graph.facebook.com", "instagram": "https://graph.instagram.com"}
FB_LOGIN, IG_LOGIN = "Facebook login", "Instagram login"

MAX_CHARACTERS = 2200
MAX_HASHTAGS = 30
MAX_MENTIONS = 20
MAX_IMAGES = 10
MAX_IMAGE_BYTES = 8_000_000  # "8 MB"; decimal megabytes is the strict reading
MIN_ASPECT = 4 / 5  # portrait 4:5
MAX_ASPECT = 1.91  # landscape 1.91:1
SEE_MORE_AT = 125

# A hashtag is "#" and letters, digits or "_", not glued to a preceding word
# (so "C#" or "x&#39;" is none). Usernames: letters, digits, "." and "_", at
# most 30; not after a word character, so e-mail addresses are no mentions.
_HASHTAG = re.compile(r"(?<![\w&#])#\w+")
_MENTION = re.compile(r"(?<![\w@.])@[A-Za-z0-9._]{1,30}")


def _outside_urls(text: str) -> str:
    """``text`` with URLs blanked out, so ``example.com/#top`` is no hashtag."""
    for m in reversed(find_urls(text)):
        text = text[: m.start()] + " " + text[m.end() :]
    return text


def hashtags(text: str) -> list[str]:
    """The hashtags in ``text``, in order, repeats included."""
    return _HASHTAG.findall(_outside_urls(text))


def mentions(text: str) -> list[str]:
    """The @mentions in ``text``, in order, repeats included."""
    return [m.rstrip(".") for m in _MENTION.findall(_outside_urls(text)) if m.rstrip(".") != "@"]


def _too_many(n: int, limit: int, what: str) -> str:
    extra = n - limit
    return _("{n}/{limit} {what} — remove {extra}").format(n=n, limit=limit, what=what, extra=extra)


# Reels (every video published through the API is a reel; IG User Media,
# "Reel specifications"): MOV or MP4, HEVC or H.264, AAC sound, 23–60 fps, at
# most 1920 pixels across, aspect 0.01:1 to 10:1 (9:16 recommended), VBR at
# most 25 Mbps, 3 s to 15 min, at most 300 MB. Alt text is not taken for reels.
VIDEO = VideoLimits(
    source=MEDIA_DOCS,
    max_count=1,
    containers=frozenset({MP4, MOV}),
    video_codecs=frozenset({H264, HEVC}),
    audio_codecs=frozenset({AAC}),
    max_bytes=300 * 1024 * 1024,
    min_duration=3,
    max_duration=15 * 60,
    min_aspect=0.01,
    max_aspect=10.0,
    max_width=1920,
    min_fps=23,
    max_fps=60,
    max_bitrate=25_000_000,
    alt_supported=False,
    title=N_("Instagram Reels"),
)


# Reels and stories fill a phone screen: 9:16 (Meta recommends it for both,
# and shows anything else cropped or with bars), so smmgen holds them to it
# within a few percent: 0.53 to 0.60 (1080×2026 … 1080×1800).
STORY_DOCS = (
    "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/"
    "reference/ig-user/media#story-specifications"
)
VERTICAL_MIN, VERTICAL_MAX = 0.53, 0.60
# Stories: one image (JPEG, 8 MB) or one video of 3–60 s and at most 100 MB;
# a story shows no caption (the `caption` field is not taken for STORIES).
STORY_VIDEO_MAX = 60
STORY_VIDEO_BYTES = 100 * 1024 * 1024


# Instagram answers comments only (POST /{ig-comment-id}/replies: "You can only
# reply to top-level comments; replies to a reply will be added to the
# top-level comment", https://developers.facebook.com/docs/instagram-platform/
# instagram-graph-api/reference/ig-comment/replies). A comment's link, as the
# web shows it when its time is clicked and as `smmgen inbox` shows it:
# https://www.instagram.com/p/CODE/c/COMMENT-ID/ (a reply to it: …/c/ID/r/REPLY-ID/;
# reels: /reel/CODE/…). The ids are the Graph API's IG Comment ids.
COMMENT_LINK = re.compile(
    r"^/(?:p|reel|reels|tv)/(?P<code>[A-Za-z0-9_-]+)/c/(?P<comment>\d{1,25})"
    r"(?:/r/(?P<reply>\d{1,25}))?/?$"
)


def comment_target(url: str) -> tuple[str, str] | None:
    """(post shortcode, comment id) an Instagram comment link names; the reply's when it has one."""
    m = COMMENT_LINK.match(urlsplit(url.strip()).path)
    return (m["code"], m["reply"] or m["comment"]) if m else None


class Instagram(Network):
    """Instagram professional accounts (Instagram Graph API content publishing)."""

    name = "instagram"
    title = "Instagram"
    reply_links = ReplyLinks(
        comment_target,
        "(a comment: https://www.instagram.com/p/CODE/c/COMMENT-ID/)",
        text_only=True,
    )
    first_comment = True
    media_by_url = True
    media_first = True  # the image is the post; the caption goes below it
    web_hosts = ("instagram.com", "www.instagram.com")
    settings = declare(
        Field(
            "user_id",
            "str",
            N_("the Instagram professional account ID (IG user ID)"),
            required=True,
        ),
        Field(
            "token_env",
            "env",
            N_(
                "environment variable holding an access token of the `login` kind (permissions: "
                "see below)"
            ),
            required=True,
        ),
        Field(
            "login",
            "str",
            "how the token was made: facebook (Instagram API with Facebook Login, host "
            "graph.facebook.com) or instagram (Instagram API with Instagram Login, host "
            "graph.instagram.com)",
            default="facebook",
            choices=tuple(HOSTS),
        ),
        *MEDIA_URL_FIELDS,
        Field(
            "api_base",
            "endpoint",
            "API server to publish through; change only for a proxy or a test server. "
            "Unset, it follows `login` (graph.instagram.com for Instagram login)",
            default="https://graph.facebook.com",
        ),
    )
    grant = (
        "in your Meta app (https://developers.facebook.com/apps → Use cases: “Manage messaging "
        "& content on Instagram”), for the `login` kind you chose; Facebook-login tokens via "
        "the Graph API Explorer (https://developers.facebook.com/tools/explorer/)"
    )
    permissions = (
        Permission(
            "publish",
            ("instagram_basic", "instagram_content_publish", "pages_read_engagement"),
            CONTAINER_DOCS,
            FB_LOGIN,
        ),
        Permission("lookup", ("instagram_basic",), CONTAINER_DOCS, FB_LOGIN),
        Permission(
            "stats", ("instagram_basic", "instagram_manage_insights"), OVERVIEW_DOCS, FB_LOGIN
        ),
        Permission(
            "inbox", ("instagram_basic", "instagram_manage_comments"), OVERVIEW_DOCS, FB_LOGIN
        ),
        Permission(
            "publish",
            ("instagram_business_basic", "instagram_business_content_publish"),
            CONTAINER_DOCS,
            IG_LOGIN,
        ),
        Permission("lookup", ("instagram_business_basic",), CONTAINER_DOCS, IG_LOGIN),
        Permission(
            "stats",
            ("instagram_business_basic", "instagram_business_manage_insights"),
            OVERVIEW_DOCS,
            IG_LOGIN,
        ),
        Permission(
            "inbox",
            ("instagram_business_basic", "instagram_business_manage_comments"),
            OVERVIEW_DOCS,
            IG_LOGIN,
        ),
    )

    kinds = ("feed", "reel", "story")
    clickable_links = False

    def limits_for(self, account: Account, kind: str) -> Limits:
        base = self.limits(account)
        if kind == "feed":
            return base
        assert base.video is not None
        lo, hi = VERTICAL_MIN, VERTICAL_MAX
        if kind == "reel":
            # A reel is one video: no images.
            return replace(
                base,
                media=replace(base.media, min_count=0, max_count=0),
                video=replace(base.video, min_aspect=lo, max_aspect=hi, required=True),
            )
        return replace(
            base,
            media=replace(
                base.media, min_count=1, max_count=1, alt_supported=False,
                min_aspect=lo, max_aspect=hi, source=STORY_DOCS,
            ),
            video=replace(
                base.video, max_duration=STORY_VIDEO_MAX, max_bytes=STORY_VIDEO_BYTES,
                source=STORY_DOCS, title=N_("Instagram Stories"),
                elsewhere=N_("or post it as a reel"),
                min_aspect=lo, max_aspect=hi,
            ),
            caption_shown=False,
        )  # fmt: skip

    def variant(self, account: Account) -> str:
        return IG_LOGIN if account.settings.get("login") == "instagram" else FB_LOGIN

    def limits(self, account: Account) -> Limits:
        return Limits(
            text=TextLimit(MAX_CHARACTERS, "characters (emoji count as 2)", MEDIA_DOCS),
            media=MediaLimits(
                min_count=1,
                max_count=MAX_IMAGES,
                formats=frozenset({JPEG}),
                max_bytes=MAX_IMAGE_BYTES,
                min_aspect=MIN_ASPECT,
                max_aspect=MAX_ASPECT,
                alt_supported=True,
                source=PUBLISHING_DOCS,
            ),
            video=VIDEO,
            threads=False,
            hashtags_max=MAX_HASHTAGS,
            mentions_max=MAX_MENTIONS,
            see_more_at=SEE_MORE_AT,
            see_more_source=SEE_MORE_SOURCE,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        return utf16_units(text)

    def check_text(self, text: str, account: Account) -> list[Finding]:
        out: list[Finding] = []
        urls = find_urls(text)
        if urls:
            # Instagram shows caption URLs as plain text: nobody can tap them.
            shown = text[urls[0].start() : urls[0].end()]
            out.append(
                Finding(
                    "link-not-clickable",
                    _(
                        "'{shown}' cannot be tapped in an Instagram caption; say "
                        '"link in bio" and put the site\'s links.html page in the '
                        "profile (smmgen build makes it), or leave the link out for "
                        "this account"
                    ).format(shown=shown),
                    severity="warning",
                )
            )
        n_tags = len(hashtags(text))
        if n_tags > MAX_HASHTAGS:
            out.append(Finding("hashtags", _too_many(n_tags, MAX_HASHTAGS, "hashtags")))
        n_mentions = len(mentions(text))
        if n_mentions > MAX_MENTIONS:
            out.append(Finding("mentions", _too_many(n_mentions, MAX_MENTIONS, "@mentions")))
        return out

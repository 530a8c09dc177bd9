"""Facebook Pages: 63,206 characters, up to 10 photos, "See more" after ~477."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from ..counting import utf16_units
from ..fields import Field, declare
from ..i18n import N_
from ..model import Account
from .base import (
    AAC,
    GIF,
    H264,
    HEVC,
    JPEG,
    MOV,
    MP4,
    PNG,
    Limits,
    MediaLimits,
    Network,
    Permission,
    ReplyLinks,
    TextLimit,
    VideoLimits,
)

# Page posts go to POST /{page-id}/feed with `message`. The API reference states
# no length; 63,206 characters is the limit Facebook enforces on posts. We count
# UTF-16 code units (emoji count as 2): the strict reading.
FEED_DOCS = "https://developers.facebook.com/docs/graph-api/reference/page/feed"
# Photos: POST /{page-id}/photos (published=false for each photo, then one feed
# post with attached_media). Supported formats JPEG, BMP, PNG, GIF, TIFF; "files
# should be 4MB or smaller"; PNG above 1 MB may look pixelated (advice, not a
# rejection, so not enforced). The number of photos per post is not documented;
# 10 is a safe, commonly accepted maximum. Each photo takes its alt text as
# `alt_text_custom` (Page.create_photo in Meta's facebook-python-business-sdk,
# facebook_business/adobjects/page.py; the Photo node has alt_text_custom too);
# without it Facebook generates automatic alt text.
PHOTOS_DOCS = "https://developers.facebook.com/docs/graph-api/reference/page/photos"
# The desktop feed shows about 477 characters before "See more" (mobile fewer).
# Facebook does not document this; 477 is the commonly measured value.
SEE_MORE_SOURCE = (
    "not documented by Facebook; about 477 characters is the commonly measured desktop cut"
)

MAX_CHARACTERS = 63_206
MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 4_000_000  # "4MB"; decimal megabytes is the strict reading
SEE_MORE_AT = 477

# Pages API permissions: publishing needs pages_manage_posts and
# pages_read_engagement ("pages_manage_engagement, pages_manage_posts,
# pages_read_engagement, pages_read_user_engagement … the CREATE_CONTENT,
# MANAGE, and MODERATE tasks"); GET /{page-id}/posts (the crash lookup) needs
# pages_read_engagement; pages_show_list lets the user's token list the Page to
# get its Page token. Insights need read_insights; reading people's comments
# pages_read_user_content (https://developers.facebook.com/docs/features-reference/
# page-public-content-access names it with pages_read_engagement for Page content).
# https://developers.facebook.com/docs/pages-api/posts
# and https://developers.facebook.com/docs/permissions
PAGES_DOCS = "https://developers.facebook.com/docs/pages-api/posts"
PERMISSIONS_DOCS = "https://developers.facebook.com/docs/permissions"


# Video (Video API, "Publishing"): a Page video is one file per post, no
# photos beside it; MP4 or MOV (H.264, AAC recommended), up to 10 GB and
# 240 minutes for resumable uploads.
VIDEO_DOCS = "https://developers.facebook.com/docs/video-api/guides/publishing"
VIDEO = VideoLimits(
    source=VIDEO_DOCS,
    max_count=1,
    containers=frozenset({MP4, MOV}),
    video_codecs=frozenset({H264, HEVC}),
    audio_codecs=frozenset({AAC}),
    max_bytes=10_000_000_000,
    max_duration=240 * 60,
    alt_supported=False,
)


# What a reply answers on a Page: a comment (POST /{comment-id}/comments) or a
# Page post (a comment on it: POST /{page-post-id}/comments);
# https://developers.facebook.com/docs/graph-api/reference/object/comments#publish
# Links with numeric ids name them for the Graph API: the Page post
# https://www.facebook.com/PAGE/posts/POST (or permalink.php?story_fbid=POST&id=PAGE),
# a comment on it ?comment_id=C (Graph id POST_C), a reply in a comment's
# thread &reply_comment_id=R (POST_R) — the form `smmgen inbox` shows and the
# web gives for posts of the Page's own page ids. Links with an obfuscated
# ``pfbid…`` post id cannot be turned into a Graph id.
_POST_PATH = re.compile(r"^/(?P<page>[\w.-]+)/posts/(?P<post>\d{1,25})/?$")
_PERMALINK = re.compile(r"^/(?:permalink|story)\.php/?$")
_NUMBER = re.compile(r"\d{1,25}")


def post_or_comment(url: str) -> tuple[str, str] | None:
    """(page, Graph id) a Facebook link names: ``POST`` for a Page post, ``POST_C`` a comment."""
    parts = urlsplit(url.strip())
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    m = _POST_PATH.match(parts.path)
    if m is not None:
        page, post = m["page"], m["post"]
    elif _PERMALINK.match(parts.path):
        page, post = query.get("id", ""), query.get("story_fbid", "")
        if not _NUMBER.fullmatch(page) or not _NUMBER.fullmatch(post):
            return None
    else:
        return None
    comment = query.get("reply_comment_id") or query.get("comment_id")
    if comment is None:
        return page, post
    return (page, f"{post}_{comment}") if _NUMBER.fullmatch(comment) else None


class Facebook(Network):
    """A Facebook Page (Graph API, Page access token)."""

    name = "facebook"
    title = "Facebook"
    reply_links = ReplyLinks(
        post_or_comment,
        "(a comment: https://www.facebook.com/PAGE/posts/POST-NUMBER?comment_id=COMMENT-NUMBER,"
        " as smmgen inbox shows it; or a Page post: https://www.facebook.com/PAGE/posts/"
        "POST-NUMBER)",
        text_only=True,
    )
    first_comment = True
    link_card = "first"  # Facebook shows a preview of the first link
    web_hosts = ("facebook.com", "www.facebook.com")
    settings = declare(
        Field("page_id", "str", N_("the numeric ID of the Facebook Page"), required=True),
        Field(
            "token_env",
            "env",
            N_("environment variable holding a Page access token (permissions: see below)"),
            required=True,
        ),
        Field(
            "api_base",
            "endpoint",
            "API server to publish through; change only for a proxy or a test server",
            default="https://graph.facebook.com",
        ),
    )

    grant = (
        "in your Meta app (https://developers.facebook.com/apps → Use cases → permissions), "
        "then a Page token from a user token that has them (Graph API Explorer: "
        "https://developers.facebook.com/tools/explorer/, or GET /me/accounts)"
    )
    permissions = (
        Permission(
            "publish",
            ("pages_manage_posts", "pages_read_engagement", "pages_show_list"),
            PAGES_DOCS,
        ),
        Permission("lookup", ("pages_read_engagement",), PAGES_DOCS),
        Permission("delete", ("pages_manage_posts",), PAGES_DOCS),
        Permission("stats", ("read_insights", "pages_read_engagement"), PERMISSIONS_DOCS),
        Permission("inbox", ("pages_read_engagement", "pages_read_user_content"), PERMISSIONS_DOCS),
    )

    def limits(self, account: Account) -> Limits:
        return Limits(
            text=TextLimit(MAX_CHARACTERS, "characters (emoji count as 2)", FEED_DOCS),
            media=MediaLimits(
                max_count=MAX_PHOTOS,
                formats=frozenset({JPEG, PNG, GIF}),
                max_bytes=MAX_PHOTO_BYTES,
                alt_supported=True,
                source=PHOTOS_DOCS,
            ),
            video=VIDEO,
            threads=False,
            see_more_at=SEE_MORE_AT,
            see_more_source=SEE_MORE_SOURCE,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        return utf16_units(text)

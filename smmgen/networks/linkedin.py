"""LinkedIn: 3000 characters of commentary, up to 20 images, "…see more" after ~210."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from typing import Any

from ..counting import utf16_units
from ..fields import Field, declare
from ..i18n import N_, _
from ..model import Account
from .base import (
    AAC,
    GIF,
    H264,
    JPEG,
    MP4,
    PNG,
    Finding,
    Limits,
    MediaLimits,
    Network,
    Permission,
    ReplyLinks,
    TextLimit,
    VideoLimits,
)
from .linkedin_links import EXAMPLE as REPLY_EXAMPLE
from .linkedin_links import target as reply_target

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
SEE_MORE_SOURCE = (
    "not documented by LinkedIn; about 210 characters is the commonly measured desktop cut"
)

MAX_CHARACTERS = 3000
MAX_IMAGES = 20
# LinkedIn's composer caps alt text at 1000 characters; the API documents no
# lower cap, so 1000 is the safe value.
ALT_MAX = 1000
SEE_MORE_AT = 210

# Versioned APIs need "LinkedIn-Version: YYYYMM"; each version is supported for
# about a year, then calls answer 426 NONEXISTENT_VERSION:
# https://learn.microsoft.com/en-us/linkedin/marketing/versioning
API_VERSION = "202610"
VERSION_DOCS = "https://learn.microsoft.com/en-us/linkedin/marketing/versioning"
# LinkedIn supports a version for at least a year; warn a few months before.
VERSION_WARN_AGE = dt.timedelta(days=300)


def version_problem(version: str, today: dt.date) -> str | None:
    """Why ``version`` (YYYYMM) will not work (much longer), or None."""
    m = re.fullmatch(r"(20\d\d)(0[1-9]|1[0-2])", version)
    if m is None:
        return _(
            "api_version '{version}' is not a LinkedIn version; write YYYYMM, e.g. {example}"
        ).format(version=version, example=API_VERSION)
    age = today - dt.date(int(m.group(1)), int(m.group(2)), 1)
    if age > VERSION_WARN_AGE:
        return _(
            "LinkedIn-Version {version} is {days} days old and LinkedIn retires versions "
            "after about a year (then every post fails with HTTP 426); set api_version to a "
            "current one ({docs})"
        ).format(version=version, days=age.days, docs=VERSION_DOCS)
    return None


# Posts API permissions table: creating, deleting and finding posts by author
# need w_member_social / r_member_social for urn:li:person authors and
# w_organization_social / r_organization_social for organizations.
# r_member_social is restricted to approved partners: a self-serve app's
# lookup of a member's posts answers 403 ("Not enough permissions to access:
# partnerApiPosts"), so smmgen cannot check a member's posts after a crash.
PERMISSIONS_DOCS = POSTS_API + "#permissions"
# Organization share statistics: rw_organization_admin (or r_organization_admin).
STATS_DOCS = (
    "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/"
    "share-statistics"
)
# Comments on posts (socialActions): r_organization_social / r_member_social.
COMMENTS_DOCS = (
    "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api"
)
# A comment (and so a reply) takes at most 1,250 characters, counted like a post.
MAX_COMMENT = 1250
ORGS, MEMBERS = "organizations", "member profiles"


def _today() -> dt.date:
    """The check's clock: the date of $SMMGEN_AT (as `check --at` reads it), else today."""
    try:
        return dt.date.fromisoformat(os.environ.get("SMMGEN_AT", "")[:10])
    except ValueError:
        return dt.date.today()


# Video (Videos API): MP4, 75 KB to 500 MB, 3 s to 30 min, one video per post
# and no images beside it; uploaded in 4 MB parts (initializeUpload →
# PUT each part → finalizeUpload). Posts carry no alt text for videos.
VIDEOS_API = (
    "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api"
)
VIDEO = VideoLimits(
    source=VIDEOS_API,
    max_count=1,
    containers=frozenset({MP4}),
    video_codecs=frozenset({H264}),
    audio_codecs=frozenset({AAC}),
    max_bytes=500 * 1024 * 1024,
    min_duration=3,
    max_duration=30 * 60,
    alt_supported=False,
)


# LinkedIn mentions a member or a page by URN; the post shows their name, linked.
MENTION_URN = re.compile(r"^urn:li:(person|organization):[A-Za-z0-9_-]+$")


class LinkedIn(Network):
    """LinkedIn (a member profile or an organization page, via the Posts API)."""

    def check_handle(self, handle: str) -> str | None:
        if MENTION_URN.match(handle):
            return None
        return _(
            "LinkedIn mentions need a URN like urn:li:organization:123 or urn:li:person:abc123, "
            "not '{handle}' (a plain @name is not linked on LinkedIn)"
        ).format(handle=handle)

    def check_settings(self, settings: Mapping[str, Any]) -> list[tuple[str, Finding]]:
        """An api_version that is malformed (error) or close to retirement (warning)."""
        version = str(settings.get("api_version", API_VERSION))
        why = version_problem(version, _today())
        if why is None:
            return []
        severity = "error" if why.startswith("api_version") else "warning"
        return [("api_version", Finding("api-version", why, severity))]

    name = "linkedin"
    title = "LinkedIn"
    first_comment = True
    web_hosts = ("linkedin.com", "www.linkedin.com")
    # A reply is a comment under the comment linked (smmgen/networks/linkedin_links.py);
    # smmgen sends it as text only.
    reply_links = ReplyLinks(
        reply_target,
        f"(“Copy link to comment”: {REPLY_EXAMPLE})",
        text_only=True,
        text=TextLimit(MAX_COMMENT, "characters (emoji count as 2)", COMMENTS_DOCS),
    )
    settings = declare(
        Field(
            "author_urn",
            "str",
            N_("who posts: urn:li:person:… for a profile or urn:li:organization:… for a page"),
            required=True,
        ),
        Field(
            "token_env",
            "env",
            N_("environment variable holding an OAuth access token (scopes: see below)"),
            required=True,
        ),
        Field(
            "api_version",
            "str",
            "the LinkedIn-Version (YYYYMM) to call; LinkedIn retires each version after "
            "about a year",
            default=API_VERSION,
        ),
        Field(
            "client_id_env",
            "env",
            "environment variable holding the app's client ID; with client_secret_env it "
            "lets `smmgen accounts check` read the token's scopes and expiry",
        ),
        Field(
            "client_secret_env",
            "env",
            "environment variable holding the app's client secret (for `accounts check`)",
        ),
        Field(
            "api_base",
            "endpoint",
            "API server to publish through; change only for a proxy or a test server",
            default="https://api.linkedin.com",
        ),
        Field(
            "oauth_base",
            "endpoint",
            "OAuth server for token introspection; change only for a proxy or a test server",
            default="https://www.linkedin.com",
        ),
    )

    grant = (
        "in the LinkedIn Developer Portal (https://www.linkedin.com/developers/apps → Products: "
        "“Share on LinkedIn” for w_member_social, “Community Management API” for the "
        "organization scopes), then a new token from the token generator "
        "(https://www.linkedin.com/developers/tools/oauth/token-generator)"
    )
    permissions = (
        Permission("publish", ("w_organization_social",), PERMISSIONS_DOCS, ORGS),
        Permission("lookup", ("r_organization_social",), PERMISSIONS_DOCS, ORGS),
        Permission("delete", ("w_organization_social",), PERMISSIONS_DOCS, ORGS),
        Permission("stats", ("rw_organization_admin",), STATS_DOCS, ORGS),
        Permission("inbox", ("r_organization_social",), COMMENTS_DOCS, ORGS),
        Permission("publish", ("w_member_social",), PERMISSIONS_DOCS, MEMBERS),
        Permission(
            "lookup",
            ("r_member_social",),
            PERMISSIONS_DOCS,
            MEMBERS,
            note="restricted to approved LinkedIn partners; without it a person decides "
            "after a crash",
        ),
        Permission("delete", ("w_member_social",), PERMISSIONS_DOCS, MEMBERS),
        Permission(
            "inbox",
            ("r_member_social",),
            COMMENTS_DOCS,
            MEMBERS,
            note="restricted to approved LinkedIn partners",
        ),
    )

    def variant(self, account: Account) -> str:
        author = str(account.settings.get("author_urn", ""))
        return ORGS if author.startswith("urn:li:organization:") else MEMBERS

    def limits(self, account: Account) -> Limits:
        return Limits(
            text=TextLimit(MAX_CHARACTERS, "characters (emoji count as 2)", POSTS_API),
            media=MediaLimits(
                max_count=MAX_IMAGES,
                formats=frozenset({JPEG, PNG, GIF}),
                alt_max=ALT_MAX,
                source=MULTIIMAGE_API,
            ),
            video=VIDEO,
            threads=False,
            see_more_at=SEE_MORE_AT,
            see_more_source=SEE_MORE_SOURCE,
        )

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        return utf16_units(text)

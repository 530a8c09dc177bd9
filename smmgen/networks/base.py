"""The one small interface every network implements, and its limits as data.

A network module declares a subclass of :class:`Network` with:

- ``name`` (the value of ``network:`` in schedule.yaml) and ``title``;
- ``settings``: the account keys it accepts in schedule.yaml (secrets only as
  names of environment variables, kind ``env``);
- ``limits(account)``: a :class:`Limits` value, each number next to the
  documentation link it comes from;
- ``count(text, account)``: the length exactly as the network counts it;
- optionally ``check_text(text, account)`` for rules beyond length, and
  ``check_tags(tags, account)`` where the post's tags are sent (YouTube);
- ``reply_links``: where smmgen sends replies, how the network's links name
  the message to answer (:class:`ReplyLinks`, read by :mod:`smmgen.replies`);
- ``permissions``: what each feature needs granted (scopes, with the page that
  documents them), read by the generated network pages (smmgen/docs.py) and
  ``smmgen accounts check``;
- capabilities as class attributes (``publishes_by_hand``, ``language_setting``,
  ``media_first``, ``link_style``, ``first_comment``, ``kinds``, …) and small
  per-account questions (``title_for``, ``account_language``, ``check_handle``).

The generic validator (``smmgen/validate.py``) and every other layer read
these; no code outside a network's module asks which network it is dealing
with. The registry line joining a network to its adapter is in
``smmgen/networks/__init__.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar
from urllib.parse import urlsplit

from ..fields import Field
from ..i18n import N_
from ..model import Account

# Pillow format names.
JPEG, PNG, GIF, WEBP = "JPEG", "PNG", "GIF", "WEBP"


@dataclass(frozen=True)
class TextLimit:
    """A maximum text length in the network's own counting unit."""

    max: int
    unit: str  # in words, e.g. "graphemes", "characters", "UTF-16 units"
    source: str  # documentation URL


@dataclass(frozen=True)
class MediaLimits:
    """What images a network accepts on one post."""

    max_count: int
    source: str
    min_count: int = 0
    formats: frozenset[str] = frozenset({JPEG, PNG, GIF, WEBP})
    max_bytes: int | None = None
    min_aspect: float | None = None  # width / height
    max_aspect: float | None = None
    min_side: int | None = None  # pixels, the shorter side
    max_side: int | None = None  # pixels, the longer side
    alt_max: int | None = None  # characters of alt text
    alt_supported: bool = True


# Container and codec names as smmgen.video reads them (FFmpeg's codec names).
MP4, MOV, WEBM = "MP4", "MOV", "WebM"
H264, HEVC, VP9, AV1 = "h264", "hevc", "vp9", "av1"
AAC = "aac"


@dataclass(frozen=True)
class VideoLimits:
    """What videos a network accepts on one post (None in a field: no rule)."""

    source: str  # documentation URL
    max_count: int = 1
    required: bool = False  # a post must carry a video (YouTube, an Instagram reel)
    containers: frozenset[str] = frozenset({MP4, MOV})
    video_codecs: frozenset[str] | None = frozenset({H264})
    audio_codecs: frozenset[str] | None = frozenset({AAC})  # a video without sound always passes
    max_bytes: int | None = None
    min_duration: float | None = None  # seconds
    max_duration: float | None = None
    min_aspect: float | None = None  # width / height, as shown
    max_aspect: float | None = None
    min_side: int | None = None  # pixels, the shorter side
    max_side: int | None = None  # pixels, the longer side
    max_width: int | None = None  # pixels across, as shown (Meta: "1920 columns")
    min_fps: float | None = None
    max_fps: float | None = None
    max_bitrate: int | None = None  # bits per second
    with_images: bool = False  # whether a post may carry a video and images together
    alt_supported: bool = True
    alt_max: int | None = None
    captions: bool = False  # whether a captions file (WebVTT) is sent with the video
    # How messages name it ("Instagram Reels", marked with N_); empty: the network's title.
    title: str = ""
    elsewhere: str = N_("or post it on YouTube")  # where a too long video can go instead (N_)


@dataclass(frozen=True)
class Limits:
    """Everything the generic validator checks for one account.

    ``video`` is None where the network takes no video (or smmgen cannot send one).
    """

    text: TextLimit
    media: MediaLimits
    caption: TextLimit | None = None  # a stricter limit when images are attached
    threads: bool = False
    hashtags_max: int | None = None
    mentions_max: int | None = None
    see_more_at: int | None = None  # graphemes the feed shows before "… more"
    see_more_source: str = ""  # where that number comes from (often measured, not documented)
    video: VideoLimits | None = None
    caption_shown: bool = True  # False: the network shows no text with this kind (a story)

    def text_for(self, media: object) -> TextLimit:
        """The text limit of a post with ``media`` (any attachments: the caption limit)."""
        return self.caption if (media and self.caption) else self.text


# Features an account's credentials may or may not allow, in report order.
FEATURES = {
    "publish": N_("publishing"),
    "lookup": N_("crash lookup"),
    "delete": N_("deleting"),
    "stats": N_("statistics"),
    "inbox": N_("inbox"),
    "captions": N_("captions"),
}


@dataclass(frozen=True)
class Permission:
    """What one feature needs granted: all of ``scopes``, documented at ``source``.

    ``applies`` names the kind of account it is for (e.g. "organizations"),
    as :meth:`Network.variant` names an account; empty: every account.
    """

    feature: str  # a key of FEATURES
    scopes: tuple[str, ...]
    source: str  # where the permission is documented and granted
    applies: str = ""
    note: str = ""  # e.g. "restricted to approved partners"


@dataclass(frozen=True)
class Finding:
    """A network-specific rule result; the validator adds file and line."""

    rule: str  # the part after "<network>/"
    message: str
    severity: str = "error"


# Settings of networks that fetch a post's images from a public URL themselves.
MEDIA_WAIT = 120  # seconds an image may take to appear there (a Pages deploy)
MEDIA_URL_FIELDS = (
    Field(
        "media_base_url",
        "url",
        "public base URL the images are served from (the network fetches them by URL), "
        "e.g. https://OWNER.github.io/REPO/media (see `smmgen build --media-only`)",
    ),
    Field(
        "media_wait",
        "int",
        "seconds publishing waits for an image to answer at media_base_url before it "
        "leaves the post for the next run",
        default=MEDIA_WAIT,
        minimum=0,
    ),
)


@dataclass(frozen=True)
class ReplyLinks:
    """How a link of the network names a message to answer (``in_reply_to`` of a reply).

    ``parse`` gets the whole link (its host already matched to the network)
    and returns (author, message id) as the adapter needs them, or None when
    the link names no single message; ``example`` shows the form(s) accepted,
    for the error that says what to copy instead. ``text_only``: a reply is a
    comment that takes no images or video (Facebook and Instagram, as smmgen
    sends them). ``text``: a comment's own, shorter text limit (LinkedIn), else
    a post's.
    """

    parse: Callable[[str], tuple[str, str] | None]
    example: str
    text_only: bool = False
    text: TextLimit | None = None

    def limits(self, limits: Limits) -> Limits:
        """A reply's limits, from those of a post of the network."""
        if self.text is not None:
            limits = replace(limits, text=self.text, caption=None)
        if not self.text_only:
            return limits
        return replace(limits, media=replace(limits.media, min_count=0, max_count=0), video=None)


def path_links(pattern: re.Pattern[str], example: str) -> ReplyLinks:
    """Links whose path alone names the message: ``pattern`` with an ``id`` and an author group.

    The author is the ``actor`` group, else ``user``, else "".
    """

    def parse(url: str) -> tuple[str, str] | None:
        m = pattern.match(urlsplit(url.strip()).path)
        if m is None:
            return None
        return m.groupdict().get("actor") or m.groupdict().get("user") or "", m["id"]

    return ReplyLinks(parse, example)


class Network:
    """Base class: override the class attributes and ``limits``/``count``."""

    name: ClassVar[str]
    title: ClassVar[str]
    settings: ClassVar[Mapping[str, Field]] = {}
    # How a Markdown link [label](url) is shown (smmgen.markdown_text.LINK_STYLES):
    # "text-url" → "label (url)"; "url" → the URL alone; "facet" → the label,
    # linked through rich text (and bare URLs shortened), as Bluesky does.
    link_style: ClassVar[str] = "text-url"
    # Where people see the posts (links to them are kept in the PR comment);
    # empty when it depends on the account (Mastodon instances).
    web_hosts: ClassVar[tuple[str, ...]] = ()
    # True where the network fetches images from a public URL itself (the
    # account's media_base_url) instead of taking an upload: Instagram, Threads.
    media_by_url: ClassVar[bool] = False
    # Which link of a post without images the network turns into a preview card
    # by itself: "first", "last", or "" when it shows none (the preview follows).
    link_card: ClassVar[str] = ""
    permissions: ClassVar[tuple[Permission, ...]] = ()
    grant: ClassVar[str] = ""  # where a person grants them (Markdown, with links)
    # False where a URL in the text cannot be tapped (Instagram captions): check
    # warns, and the site lists such posts' links on its link-in-bio page.
    clickable_links: ClassVar[bool] = True
    # True where the adapter posts ``first_comment`` under the post right after it.
    first_comment: ClassVar[bool] = False
    # How a post can appear (front matter ``kind``), the default first.
    kinds: ClassVar[tuple[str, ...]] = ("feed",)
    # True where the feed shows a post's images above its text (Instagram):
    # the preview site shows them in that order.
    media_first: ClassVar[bool] = False
    # True where a person posts by hand (no API): no adapter, the account
    # declares its own limits, and its due posts go on the manual checklist.
    publishes_by_hand: ClassVar[bool] = False
    # The account setting holding its default post language ("" for none); a
    # list setting (Bluesky's ``langs``) gives its first entry.
    language_setting: ClassVar[str] = ""
    # Where smmgen sends replies (replies/): how a link names the message to
    # answer. None: replies are answered by hand on the network.
    reply_links: ClassVar[ReplyLinks | None] = None

    def title_for(self, account: Account) -> str:
        """How ``account``'s network is named to people (a manual account: its platform)."""
        return self.title

    def account_language(self, account: Account) -> str | None:
        """The account's default post language, from :attr:`language_setting`; None if unset."""
        value = account.settings.get(self.language_setting) if self.language_setting else None
        if isinstance(value, list | tuple) and value:
            value = value[0]
        return value if isinstance(value, str) else None

    def variant(self, account: Account) -> str:
        """Which ``Permission.applies`` fits ``account`` (e.g. "organizations"); "" for all."""
        return ""

    def permissions_for(self, account: Account) -> tuple[Permission, ...]:
        """The permissions that apply to ``account``."""
        kind = self.variant(account)
        return tuple(p for p in self.permissions if not p.applies or p.applies == kind)

    def limits(self, account: Account) -> Limits:
        """The limits that apply to ``account``."""
        raise NotImplementedError

    def limits_for(self, account: Account, kind: str) -> Limits:
        """The limits of a post of ``kind`` (one of :attr:`kinds`) on ``account``."""
        return self.limits(account)

    def count(self, text: str, account: Account, *, content_warning: str = "") -> int:
        """Length of ``text`` as the network counts it, in ``limits().text.unit``."""
        raise NotImplementedError

    def hosts_for(self, account: Account) -> tuple[str, ...]:
        """The hosts a post of ``account`` is shown on (empty: any https host)."""
        return self.web_hosts

    def source_name(self, account: Account) -> str:
        """The network's name in links (UTM ``{network}``): ``bluesky``, ``xing``."""
        return self.name

    def check_text(self, text: str, account: Account) -> list[Finding]:
        """Rules beyond length (hashtag counts, byte limits). Default: none."""
        return []

    def check_handle(self, handle: str) -> str | None:
        """Why ``handle`` (a people.yaml entry) cannot be mentioned here; None: it can."""
        return None

    def check_tags(self, tags: tuple[str, ...], account: Account) -> list[Finding]:
        """Rules on the post's ``tags`` where the network receives them. Default: none."""
        return []

    def check_settings(self, settings: Mapping[str, Any]) -> list[tuple[str, Finding]]:
        """Rules on an account's settings beyond their types: (setting, finding). Default: none."""
        return []

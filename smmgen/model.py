"""The core types: plain frozen dataclasses that every stage passes along."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class MediaRef:
    """An image or video attached to a post, as written in front matter."""

    path: str  # relative to the repository root, with forward slashes
    alt: str | None
    decorative: bool
    line: int
    column: int = 1
    captions: str | None = None  # a WebVTT file for a video, relative to the repository root
    captions_language: str | None = None  # its language tag; None: the post's


@dataclass(frozen=True)
class Variant:
    """Per-account overrides: the text made for that network."""

    account: str
    body: str | None
    media: tuple[MediaRef, ...] | None
    link: str | None
    content_warning: str | None
    line: int
    body_line: int
    language: str | None = None
    kind: str | None = None  # feed, reel, story: how the post appears on this account
    first_comment: str | None = None


@dataclass(frozen=True)
class Post:
    """One post file, parsed. Lines point into the file for error reports."""

    id: str  # path below content/ without .md
    path: str  # relative to the repository root
    body: str
    body_line: int
    networks: tuple[str, ...]
    status: str = "ready"
    publish_at: dt.datetime | None = None  # naive = in the schedule's time zone
    publish_now: bool = False
    slot: str | None = None
    media: tuple[MediaRef, ...] = ()
    link: str | None = None
    campaign: str | None = None
    tags: tuple[str, ...] = ()
    thread: bool = False
    sponsored: bool = False
    content_warning: str | None = None
    language: str | None = None  # a language tag; None: the account's
    kind: str | None = None  # feed, reel or story, where the network has them; None: feed
    # The kind on one network's accounts (``instagram: {kind: reel}``): network -> kind
    network_kinds: Mapping[str, str] = field(default_factory=dict)
    first_comment: str | None = None  # posted as the first comment right after the post
    variants: Mapping[str, Variant] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)  # front-matter key -> line
    in_reply_to: str | None = None  # a reply (replies/): the link of the message it answers

    def line_of(self, key: str) -> int:
        """Line of a front-matter key, or of the front matter's start."""
        return self.lines.get(key, self.lines.get("", 1))

    def fixed_time(self, tz: ZoneInfo) -> dt.datetime | None:
        """``publish_at`` in time zone ``tz`` (a naive time is read in it); None if unset."""
        if self.publish_at is None:
            return None
        if self.publish_at.tzinfo is None:
            return self.publish_at.replace(tzinfo=tz)
        return self.publish_at.astimezone(tz)

    def media_for(self, account: str) -> tuple[MediaRef, ...]:
        """The images that go out on ``account``."""
        v = self.variants.get(account)
        return v.media if v is not None and v.media is not None else self.media

    def language_for(self, account: str) -> str | None:
        """The language tag of the text on ``account`` (None: the account's default)."""
        v = self.variants.get(account)
        return v.language if v is not None and v.language is not None else self.language

    def kind_for(self, account: str, kinds: tuple[str, ...], network: str = "") -> str:
        """How the post appears on ``account`` of ``network`` with ``kinds`` (the first: default).

        An account's variant wins, then the network's (``instagram: {kind: reel}``),
        then the post's own ``kind`` where the network has it; a variant's is
        checked against the network by the validator.
        """
        v = self.variants.get(account)
        if v is not None and v.kind is not None:
            return v.kind
        if network in self.network_kinds:
            return self.network_kinds[network]
        if self.kind is not None and self.kind in kinds:
            return self.kind
        return kinds[0] if kinds else "feed"

    def first_comment_for(self, account: str) -> str | None:
        """The first comment that goes under the post on ``account`` (None: none)."""
        v = self.variants.get(account)
        text = v.first_comment if v is not None and v.first_comment is not None else None
        text = text if text is not None else self.first_comment
        return text.strip() or None if text is not None else None

    def link_for(self, account: str) -> str | None:
        """The link that goes out on ``account``."""
        v = self.variants.get(account)
        return v.link if v is not None and v.link is not None else self.link


@dataclass(frozen=True)
class Account:
    """One account from schedule.yaml ``accounts``."""

    name: str
    network: str
    settings: Mapping[str, Any]
    line: int


@dataclass(frozen=True)
class Slot:
    """A recurring posting slot: weekdays (0 = Monday) and times of day."""

    name: str
    days: tuple[int, ...]
    times: tuple[dt.time, ...]
    accounts: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Blackout:
    """Dates (inclusive) on which nothing is published."""

    start: dt.date
    end: dt.date
    reason: str
    line: int

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside this blackout."""
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Person:
    """One entry of people.yaml: an ``@{alias}`` and the person's handle per network."""

    alias: str
    name: str  # shown where the person has no account
    handles: Mapping[str, str]  # network or account name -> handle as written
    path: str  # the file the entry comes from (people.yaml or schedule.yaml)
    line: int


@dataclass(frozen=True)
class Schedule:
    """schedule.yaml: the editorial plan."""

    path: str
    timezone: str
    paused: bool
    disclosure: str
    accounts: Mapping[str, Account]
    slots: Mapping[str, Slot]
    blackout: tuple[Blackout, ...]
    max_delay: dt.timedelta
    min_gap: dt.timedelta = dt.timedelta(minutes=30)
    settings: Mapping[str, Any] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)
    people: Mapping[str, Person] = field(default_factory=dict)  # alias -> person

    def blackout_on(self, day: dt.date) -> Blackout | None:
        """The blackout covering ``day``, if any."""
        return next((b for b in self.blackout if b.covers(day)), None)

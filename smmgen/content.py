"""Read post files (``content/**/*.md``) into :class:`~smmgen.model.Post` values.

This stage checks structure only: front matter present and well-formed, keys
known and of the right type, dates readable. Whether accounts exist, texts fit
and images are right is for :mod:`smmgen.validate`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path
from typing import Any

from .fields import Emit, Field, KeyPath, Source, check_fields, declare, describe
from .i18n import N_, _, number
from .model import MediaRef, Post, Variant
from .problems import Problem, decode_utf8, error, file_lines
from .repo import post_id, read_post_file, rel_path
from .yamlsrc import YamlDoc, YamlError, load_yaml

MAX_FILE_BYTES = 1_000_000
STATUSES = ("ready", "draft")
KINDS = ("feed", "reel", "story")  # Network.kinds says which a network has

FRONT_MATTER = declare(
    Field(
        "publish_at",
        "any",
        "when to publish: `YYYY-MM-DD HH:MM` in the schedule's time zone, ISO 8601 with an "
        "offset, or `now` (the first run after merge)",
    ),
    Field("slot", "str", "a slot name from schedule.yaml; the post joins that slot's queue"),
    Field(
        "networks",
        "str-list",
        N_("account names from schedule.yaml `accounts` to publish on"),
        required=True,
    ),
    Field(
        "status",
        "str",
        "`ready` or `draft` (drafts are never published)",
        "ready",
        choices=STATUSES,
    ),
    Field(
        "media",
        "list",
        "images or a video: a list of `{path, alt}` (path relative to this file; .mp4, .mov, "
        ".m4v and .webm are videos)",
    ),
    Field("link", "url", "the URL the post is about"),
    Field("campaign", "text", "campaign name, for filtering and UTM tags"),
    Field("tags", "str-list", "free tags for filtering"),
    Field("thread", "bool", "split a long text into a thread where the network has threads", False),
    Field("variants", "mapping", "per-account overrides: `{account: {body, media, link}}`"),
    Field(
        "instagram",
        "mapping",
        "for every Instagram account of the post: `{kind: reel}` or `{kind: story}`",
    ),
    Field(
        "sponsored",
        "bool",
        "paid or partner content: every text must carry the disclosure label",
        False,
    ),
    Field("content_warning", "text", "content warning / spoiler text (Mastodon)"),
    Field(
        "first_comment",
        "text",
        "posted as the first comment right after the post (Instagram, Facebook, LinkedIn, "
        "Threads): "
        "links, hashtags, credits that should not crowd the caption",
    ),
    Field(
        "kind",
        "str",
        "how the post appears where a network has several kinds: `feed` (default), `reel` or "
        "`story` (Instagram); networks without that kind post it as usual. Per account: "
        "`variants: {insta: {kind: story}}`",
        choices=KINDS,
    ),
    Field(
        "language",
        "language",
        "the language of the text, e.g. `en` (sent to Mastodon and Bluesky; default: the "
        "account's `language` / `langs`)",
    ),
)

VARIANT = declare(
    Field("body", "text", "the text made for this account (used as written)"),
    Field("media", "list", "images for this account instead of the post's"),
    Field("link", "url", "link for this account instead of the post's"),
    Field("content_warning", "text", "content warning for this account"),
    Field("language", "language", "the language of this account's text"),
    Field(
        "kind",
        "str",
        "how the post appears on this account: `feed`, `reel` or `story` (Instagram)",
        choices=KINDS,
    ),
    Field("first_comment", "text", "the first comment for this account instead of the post's"),
)

# Settings for every account of one network, e.g. ``instagram: {kind: reel}``.
INSTAGRAM = declare(
    Field(
        "kind",
        "str",
        "how the post appears on Instagram: `feed` (default), `reel` or `story`",
        choices=KINDS,
    ),
)

MEDIA = declare(
    Field("path", "str", N_("image or video file, relative to the post file"), required=True),
    Field("alt", "text", "alt text describing the image for people who cannot see it"),
    Field("decorative", "bool", "the image is decoration only and needs no alt text", False),
    Field(
        "captions",
        "str",
        "a video's captions as a WebVTT file (.vtt), relative to the post file; sent where "
        "the network takes captions files",
    ),
    Field(
        "captions_language",
        "language",
        "the language of the captions, e.g. `en` (default: the post's `language`)",
    ),
)


# The usual ``2026-12-01 09:30``, read without strptime (a tenth of the time per post).
_PLAIN_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2})")


def _plain_time(text: str) -> dt.datetime | None:
    """``text`` as strptime reads ``%Y-%m-%d %H:%M`` when written with all its digits."""
    m = _PLAIN_TIME.fullmatch(text)
    if m is None:
        return None
    try:
        year, month, day, hour, minute = map(int, m.groups())
        return dt.datetime(year, month, day, hour, minute)
    except ValueError:
        return None  # strptime says no to it too


def parse_publish_at(value: Any) -> tuple[dt.datetime | None, bool, str | None]:
    """``(time, now, error message)`` for a ``publish_at`` value.

    A naive time is in the schedule's time zone; one with an offset is absolute.
    """
    if not isinstance(value, str):
        return (
            None,
            False,
            _("'publish_at' must be a date and time, not {value}").format(value=describe(value)),
        )
    text = value.strip()
    if text.lower() == "now":
        return None, True, None
    parsed = _plain_time(text)
    for fmt in () if parsed is not None else ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"):
        try:
            parsed = dt.datetime.strptime(text, fmt)
            break
        except ValueError:
            pass
    if parsed is None and ("T" in text or " " in text):
        try:
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
    if parsed is not None and not 1 < parsed.year < 9999:
        # Years 1 and 9999 overflow when moved to another time zone.
        return (
            None,
            False,
            _("'publish_at' is '{text}'; use a year between 2 and 9998").format(text=text),
        )
    if parsed is not None:
        return parsed, False, None
    return (
        None,
        False,
        _(
            "'publish_at' is '{text}', which is not a date and time; write "
            "'YYYY-MM-DD HH:MM' (e.g. 2026-12-01 09:30), ISO 8601 with an offset, or 'now'"
        ).format(text=text),
    )


def read_publish_at(src: Source, value: Any) -> tuple[dt.datetime | None, bool]:
    """``(time, now)`` for the front matter's ``publish_at``, reporting a bad one."""
    publish_at, now, msg = parse_publish_at(value)
    if msg:
        src.at_value(("publish_at",), "front-matter/publish-at", msg)
    return publish_at, now


def read_post(
    root: Path, file: Path, data: bytes | None = None
) -> tuple[Post | None, list[Problem]]:
    """Parse one post file; returns the post (None if unusable) and its problems."""
    problems: list[Problem] = []
    emit = problems.append
    rel = rel_path(root, file)
    lines = _read_lines(root, file, rel, data, emit)
    if lines is None:
        return None, problems
    found = _front_matter(rel, lines, emit)
    if found is None:
        return None, problems
    doc, end = found
    body, body_line = _body(lines, end)
    if rel.startswith("replies/"):
        return _build_reply(rel, doc, body, body_line, emit), problems
    return _build_post(Source(doc, rel, "front-matter", emit), body, body_line), problems


def _read_lines(
    root: Path, file: Path, rel: str, data: bytes | None, emit: Emit
) -> list[str] | None:
    """The post file's lines (read unless ``data`` is given), or None after a problem."""
    if data is None:
        read = read_post_file(root, file, rel)
        if isinstance(read, Problem):
            emit(read)
            return None
        data = read
    if len(data) > MAX_FILE_BYTES:
        emit(
            error(
                rel,
                1,
                "file/too-large",
                _(
                    "post file is {len} bytes; the limit is {max_file_bytes} "
                    "— move long text elsewhere and keep images as separate files"
                ).format(len=number(len(data)), max_file_bytes=number(MAX_FILE_BYTES)),
            )
        )
        return None
    text = decode_utf8(rel, data)
    if isinstance(text, Problem):
        emit(text)
        return None
    return file_lines(text)


def _front_matter(rel: str, lines: list[str], emit: Emit) -> tuple[YamlDoc, int] | None:
    """The front matter as a mapping and the index of its closing line, or None."""
    if not lines or lines[0].rstrip() != "---":
        emit(
            error(
                rel,
                1,
                "front-matter/missing",
                _(
                    "the file must start with front matter: a line '---', the "
                    "settings (publish_at, networks, ...), then another '---'"
                ),
            )
        )
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        emit(
            error(
                rel,
                1,
                "front-matter/unclosed",
                _(
                    "front matter starts with '---' on line 1 but is never "
                    "closed; add a line '---' after the settings"
                ),
            )
        )
        return None
    loaded = load_yaml("\n".join(lines[1:end]), line_offset=1)
    if isinstance(loaded, YamlError):
        emit(error(rel, loaded.line, loaded.rule, loaded.message, column=loaded.column))
        return None
    if not isinstance(loaded.value, dict):
        emit(
            error(
                rel,
                2 if end > 1 else 1,
                "front-matter/not-mapping",
                _("front matter must be 'key: value' lines, not {describe}").format(
                    describe=describe(loaded.value)
                ),
            )
        )
        return None
    return loaded, end


def _body(lines: list[str], end: int) -> tuple[str, int]:
    """The text below the front matter (closed on line index ``end``) and its 1-based line."""
    body_start = end + 1
    while body_start < len(lines) and not lines[body_start].strip():
        body_start += 1
    body = "\n".join(lines[body_start:]).strip()
    if not body:
        # No text: point just below the front matter, never past the file's last line.
        real_lines = len(lines) - 1 if lines[-1] == "" else len(lines)
        body_start = min(end + 1, real_lines - 1)
    return body, body_start + 1


def _build_post(src: Source, body: str, body_line: int) -> Post:
    fm: dict[str, Any] = src.doc.value
    values = check_fields(fm, FRONT_MATTER, src, (), _("front matter"))
    line_of = {k: src.doc.mark(k).line for k in fm}
    line_of[""] = 1
    publish_at, now = None, False
    if "publish_at" in values:
        publish_at, now = read_publish_at(src, values["publish_at"])
    status = values.get("status", "ready")
    _check_when(src, fm, status)
    return Post(
        id=post_id(src.path),
        path=src.path,
        body=body,
        body_line=body_line,
        networks=_networks(src, values),
        status=status,
        publish_at=publish_at,
        publish_now=now,
        slot=values.get("slot"),
        media=_media_list(src, ("media",), values.get("media")),
        link=values.get("link"),
        campaign=values.get("campaign"),
        tags=tuple(values.get("tags", ())),
        thread=values.get("thread", False),
        sponsored=values.get("sponsored", False),
        content_warning=values.get("content_warning"),
        language=values.get("language"),
        kind=values.get("kind"),
        network_kinds=_network_kinds(src, values),
        first_comment=values.get("first_comment"),
        variants=_variants(src, values.get("variants") or {}),
        lines=line_of,
    )


def _check_when(src: Source, fm: dict[str, Any], status: Any) -> None:
    """A post has a time or a slot (exactly one), unless it is a draft."""
    if "publish_at" in fm and "slot" in fm:
        src.at_key(
            ("slot",),
            "front-matter/time-and-slot",
            _("a post has 'publish_at' or 'slot', not both; remove one"),
            column=False,
        )
    elif "publish_at" not in fm and "slot" not in fm and status != "draft":
        src.emit(
            error(
                src.path,
                1,
                "front-matter/no-time",
                _("the post has neither 'publish_at' nor 'slot'; add one, or set 'status: draft'"),
            )
        )


def _networks(src: Source, values: dict[str, Any]) -> tuple[str, ...]:
    """The checked ``networks`` list: not empty, no account twice."""
    networks = tuple(values.get("networks", ()))
    if "networks" in values and not networks:
        src.at_key(
            ("networks",),
            "front-matter/networks-empty",
            _("'networks' is empty; list at least one account from schedule.yaml"),
            column=False,
        )
    elif len(set(networks)) != len(networks):
        src.at_key(
            ("networks",),
            "front-matter/networks-duplicate",
            _("'networks' lists an account twice; remove the repeat"),
            column=False,
        )
    return networks


def _network_kinds(src: Source, values: dict[str, Any]) -> dict[str, str]:
    """``instagram: {kind: reel}``: the kind on every Instagram account of the post."""
    raw = values.get("instagram")
    if not isinstance(raw, dict):
        return {}
    checked = check_fields(raw, INSTAGRAM, src, ("instagram",), "instagram")
    return {"instagram": checked["kind"]} if "kind" in checked else {}


def _variants(src: Source, raw: dict[str, Any]) -> dict[str, Variant]:
    """Each account's variant that is a mapping; other entries are reported."""
    variants: dict[str, Variant] = {}
    for account, value in raw.items():
        if isinstance(value, dict):
            variants[account] = _variant(src, account, value)
            continue
        src.at_value(
            ("variants", account),
            "front-matter/type",
            _(
                "'variants.{account}' must be a mapping with body, media or link, not {describe}"
            ).format(account=account, describe=describe(value)),
        )
    return variants


def _variant(src: Source, account: str, raw: dict[str, Any]) -> Variant:
    prefix = ("variants", account)
    m = src.doc.mark(*prefix)
    vv = check_fields(raw, VARIANT, src, prefix, f"variants.{account}")
    vmedia = _media_list(src, (*prefix, "media"), vv["media"]) if "media" in vv else None
    body_mark = src.doc.value_mark(*prefix, "body") if "body" in vv else m
    vbody = vv.get("body")
    return Variant(
        account=account,
        body=vbody.strip() if isinstance(vbody, str) else None,
        media=vmedia,
        link=vv.get("link"),
        content_warning=vv.get("content_warning"),
        language=vv.get("language"),
        kind=vv.get("kind"),
        first_comment=vv.get("first_comment"),
        line=m.line,
        body_line=body_mark.line,
    )


def _media_list(src: Source, prefix: KeyPath, raw: Any) -> tuple[MediaRef, ...]:
    """The media entries at ``prefix`` (a bare string is a path), paths made repo-relative."""
    if raw is None:
        return ()
    out = []
    for i, item in enumerate(raw):
        if isinstance(item, str):
            item = {"path": item}
        if not isinstance(item, dict):
            src.at_key(
                (*prefix, i),
                "front-matter/type",
                _(
                    "each media entry must be a mapping with 'path' and 'alt', not {describe}"
                ).format(describe=describe(item)),
            )
            continue
        ref = _media_ref(src, (*prefix, i), item)
        if ref is not None:
            out.append(ref)
    return tuple(out)


def _media_ref(src: Source, at: KeyPath, item: dict[str, Any]) -> MediaRef | None:
    v = check_fields(item, MEDIA, src, at, _("a media entry"))
    if "path" not in v:
        return None
    m = src.doc.mark(*at)
    here = posixpath.dirname(src.path)
    captions = v.get("captions")
    alt = v.get("alt")
    return MediaRef(
        path=posixpath.normpath(posixpath.join(here, v["path"])),
        alt=alt.strip() if isinstance(alt, str) else None,
        decorative=v.get("decorative", False),
        line=m.line,
        column=m.column,
        captions=(
            posixpath.normpath(posixpath.join(here, captions))
            if isinstance(captions, str) and captions
            else None
        ),
        captions_language=v.get("captions_language"),
    )


def _build_reply(rel: str, doc: YamlDoc, body: str, body_line: int, emit: Emit) -> Post:
    """The reply file at ``rel`` as a one-account Post with ``in_reply_to``."""
    from .replies import REPLY_FRONT_MATTER

    fm: dict[str, Any] = doc.value
    src = Source(doc, rel, "front-matter", emit)
    values = check_fields(fm, REPLY_FRONT_MATTER, src, (), _("reply front matter"))
    lines = {k: doc.mark(k).line for k in fm}
    lines[""] = 1
    publish_at, now = None, True
    if "publish_at" in values:
        publish_at, now = read_publish_at(src, values["publish_at"])
    account = values.get("account")
    return Post(
        id=post_id(rel),
        path=rel,
        body=body,
        body_line=body_line,
        networks=(account,) if isinstance(account, str) else (),
        status=values.get("status", "ready"),
        publish_at=publish_at,
        publish_now=now,
        media=_media_list(src, ("media",), values.get("media")),
        content_warning=values.get("content_warning"),
        language=values.get("language"),
        lines=lines,
        in_reply_to=values.get("in_reply_to"),
    )

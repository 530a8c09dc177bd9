"""Write a new, well-formed post file (`smmgen new`, and posts from the GitHub form).

Every value is written quoted where YAML could misread it, so text from a
person (or from an issue form) arrives exactly as typed.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from .model import Post, Schedule

CONTENT_DIR = "content"
IMAGE_DIRS = ("bilder", "images")  # an existing one next to the post wins
_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)
_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Image:
    """An image to attach: a file (anywhere) and its alt text."""

    source: Path
    alt: str


@dataclass(frozen=True)
class Draft:
    """Everything a new post says; ``publish_at`` or ``slot`` sets when."""

    body: str
    accounts: tuple[str, ...]
    publish_at: str | None = None  # as the user wrote it: YYYY-MM-DD HH:MM or ISO 8601
    slot: str | None = None
    campaign: str | None = None
    link: str | None = None
    sponsored: bool = False
    images: tuple[Image, ...] = ()
    title: str | None = None  # for the file name; default: the text's first words


def slugify(text: str, limit: int = 50) -> str:
    """``Glühwein am Gipfel!`` → ``gluehwein-am-gipfel``."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_UMLAUTS))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug or "post"


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar that reads back as exactly this text.

    JSON's double-quoted strings are YAML's double-quoted scalars.
    """
    return json.dumps(value, ensure_ascii=False)


_WORDS = ("no", "yes", "on", "off", "true", "false", "null")


def _name(value: str) -> str:
    """An account or slot name: plain when YAML reads it back as this text."""
    return value if _PLAIN.match(value) and value.lower() not in _WORDS else yaml_text(value)


def slot_for(schedule: Schedule, accounts: tuple[str, ...]) -> str | None:
    """The first slot that posts to every one of ``accounts``."""
    for name, slot in schedule.slots.items():
        if set(accounts) <= set(slot.accounts):
            return name
    return None


def next_free(
    schedule: Schedule,
    posts: list[Post],
    slot_name: str,
    accounts: tuple[str, ...],
    now: dt.datetime,
) -> dt.datetime | None:
    """When a post joining ``slot_name``'s queue now would go out: the first occurrence
    no other post of these accounts takes or comes within ``min_gap`` of."""
    from .plan import assign_slots, occurrences

    tz = ZoneInfo(schedule.timezone)
    taken: list[dt.datetime] = []
    queued = assign_slots(posts, schedule, {}, now, {})
    for post in posts:
        if post.status != "ready" or not set(post.networks) & set(accounts):
            continue
        fixed = post.fixed_time(tz)
        if fixed is not None:
            taken.append(fixed)
        taken.extend(t for (pid, a), (t, _) in queued.items() if pid == post.id and a in accounts)
    gap = max(schedule.min_gap, dt.timedelta(minutes=1))
    for occ in occurrences(schedule.slots[slot_name], schedule, now):
        if all(abs(occ - t) >= gap for t in taken):
            return occ
    return None


def post_path(root: Path, day: dt.date, slug: str) -> str:
    """``content/YYYY-MM/YYYY-MM-DD-slug.md``, with -2, -3 … if it is taken."""
    folder = f"{CONTENT_DIR}/{day:%Y-%m}"
    n = 1
    while True:
        rel = f"{folder}/{day:%Y-%m-%d}-{slug}{'' if n == 1 else f'-{n}'}.md"
        if not (root / rel).exists():
            return rel
        n += 1


def front_matter(draft: Draft, image_paths: list[str]) -> str:
    """The front matter block, ``---`` lines included."""
    lines = ["---"]
    if draft.publish_at is not None:
        lines.append(f"publish_at: {draft.publish_at}")
    if draft.slot is not None:
        lines.append(f"slot: {_name(draft.slot)}")
    lines.append(f"networks: [{', '.join(_name(a) for a in draft.accounts)}]")
    if draft.campaign:
        lines.append(f"campaign: {yaml_text(draft.campaign)}")
    if draft.link:
        lines.append(f"link: {yaml_text(draft.link)}")
    if draft.sponsored:
        lines.append("sponsored: true")
    if image_paths:
        lines.append("media:")
        for path, image in zip(image_paths, draft.images, strict=True):
            lines.append(f"  - path: {yaml_text(path)}")
            lines.append(f"    alt: {yaml_text(image.alt)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def write_post(root: Path, draft: Draft, day: dt.date) -> tuple[str, list[str]]:
    """Write the post (and copy images from outside the repository next to it).

    Returns the post's repository path and the image files written. Nothing
    existing is overwritten.
    """
    slug = slugify(draft.title or draft.body.split("\n", 1)[0])
    rel = post_path(root, day, slug)
    folder = posixpath.dirname(rel)
    copied: list[str] = []
    image_paths: list[str] = []
    real_root = root.resolve()
    for image in draft.images:
        source = image.source.resolve()
        if source.is_relative_to(real_root):
            target_rel = source.relative_to(real_root).as_posix()
        else:
            target_rel = _free_image_name(root, folder, source.name)
            (root / target_rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, root / target_rel)
            copied.append(target_rel)
        image_paths.append(posixpath.relpath(target_rel, folder))
    text = front_matter(draft, image_paths) + "\n" + draft.body.strip().replace("\r\n", "\n") + "\n"
    (root / folder).mkdir(parents=True, exist_ok=True)
    with open(root / rel, "x", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return rel, copied


def _free_image_name(root: Path, folder: str, name: str) -> str:
    sub = next((d for d in IMAGE_DIRS if (root / folder / d).is_dir()), IMAGE_DIRS[1])
    stem, dot, ext = name.rpartition(".")
    stem, ext = (slugify(stem) if dot else slugify(name)), (ext.lower() if dot else "")
    n = 1
    while True:
        candidate = f"{folder}/{sub}/{stem}{'' if n == 1 else f'-{n}'}{'.' + ext if ext else ''}"
        if not (root / candidate).exists():
            return candidate
        n += 1

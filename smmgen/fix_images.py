"""`smmgen fix` for images: a copy that every target account accepts.

An image too large (bytes or pixels) or in a format an account refuses is
converted and scaled into a sibling file, ``<name>-smmgen.<ext>``, and the post
is pointed at it. The original is never written to. Cropping (aspect ratio)
and enlarging change what the picture shows: those stay for a person.
"""

from __future__ import annotations

import io
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import _, number
from .model import MediaRef, Post, Schedule
from .networks import NETWORKS
from .networks.base import GIF, JPEG, PNG, WEBP

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from .media import ImageInfo

SUFFIX = "-smmgen"
_EXT = {JPEG: "jpg", PNG: "png", WEBP: "webp", GIF: "gif"}


@dataclass(frozen=True)
class Need:
    """What every account that shows one image accepts."""

    formats: frozenset[str]
    max_bytes: int | None
    max_side: int | None
    accounts: tuple[str, ...]


@dataclass(frozen=True)
class ImageFix:
    """A converted copy of one image and the front matter line that points at it."""

    source: str  # repository-relative, with forward slashes
    target: str
    data: bytes
    line: int  # 1-based line of the post's front matter naming the image
    what: str


def needs(post: Post, schedule: Schedule) -> dict[tuple[str, int], tuple[MediaRef, Need]]:
    """Each image of ``post`` (by path and line) with what its accounts accept."""
    users: dict[tuple[str, int], tuple[MediaRef, list[str]]] = {}
    for name in post.networks:
        variant = post.variants.get(name)
        media = variant.media if variant is not None and variant.media is not None else post.media
        for ref in media:
            users.setdefault((ref.path, ref.line), (ref, []))[1].append(name)
    out: dict[tuple[str, int], tuple[MediaRef, Need]] = {}
    for key, (ref, names) in users.items():
        formats = frozenset({JPEG, PNG, GIF, WEBP})
        max_bytes: int | None = None
        max_side: int | None = None
        known = []
        for name in names:
            account = schedule.accounts.get(name)
            network = NETWORKS.get(account.network) if account else None
            if account is None or network is None:
                continue
            known.append(name)
            ml = network.limits(account).media
            formats &= ml.formats
            max_bytes = _least(max_bytes, ml.max_bytes)
            max_side = _least(max_side, ml.max_side)
        if known:
            out[key] = (ref, Need(formats, max_bytes, max_side, tuple(known)))
    return out


def _least(a: int | None, b: int | None) -> int | None:
    return b if a is None else (a if b is None else min(a, b))


def plan_image_fix(root: Path, ref: MediaRef, need: Need) -> ImageFix | str | None:
    """The copy that fits ``need``; a reason when none can be made; None when it fits."""
    from PIL import Image, UnidentifiedImageError

    from .media import ImageInfo, inspect

    info = inspect(root, ref.path)
    if not isinstance(info, ImageInfo):
        return None  # check reports missing and unreadable images
    too_big = need.max_bytes is not None and info.size > need.max_bytes
    too_wide = need.max_side is not None and max(info.width, info.height) > need.max_side
    wrong = info.format not in need.formats
    if not (too_big or too_wide or wrong):
        return None
    fmt = _target_format(info.format, need.formats, too_big)
    if fmt is None:
        return _("'{path}': no format every account takes ({accounts})").format(
            path=ref.path, accounts=", ".join(need.accounts)
        )
    try:
        with Image.open(root / ref.path) as img:
            if getattr(img, "n_frames", 1) > 1:
                return _("'{path}' is animated; export a smaller copy by hand").format(
                    path=ref.path
                )
            data, size = _encode(img, fmt, need)
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        return _("'{path}' cannot be converted ({exc})").format(path=ref.path, exc=exc)
    if data is None:
        return _("'{path}' stays over {limit} bytes even when scaled down").format(
            path=ref.path, limit=number(need.max_bytes or 0)
        )
    target = _sibling(root, ref.path, _EXT[fmt], data)
    why = _why(info, need, wrong=wrong, too_big=too_big, too_wide=too_wide)
    what = _(
        "image '{path}' ({why}) → '{target}' ({width}×{height} {format}, {size} bytes) for "
        "{accounts}"
    ).format(
        path=ref.path,
        why=why,
        target=target,
        width=size[0],
        height=size[1],
        format=fmt,
        size=number(len(data)),
        accounts=", ".join(need.accounts),
    )
    return ImageFix(ref.path, target, data, ref.line, what)


def _why(info: ImageInfo, need: Need, *, wrong: bool, too_big: bool, too_wide: bool) -> str:
    """What is wrong with the image, in the user's words."""
    reasons = []
    if wrong:
        reasons.append(_("{format} is not taken by every account").format(format=info.format))
    if too_big:
        reasons.append(
            _("{size} bytes > {limit}").format(
                size=number(info.size), limit=number(need.max_bytes or 0)
            )
        )
    if too_wide:
        reasons.append(
            _("{width}×{height} > {limit} pixels").format(
                width=info.width, height=info.height, limit=need.max_side or 0
            )
        )
    return ", ".join(reasons)


def _target_format(current: str, allowed: frozenset[str], too_big: bool) -> str | None:
    if current in allowed and current != GIF and not (too_big and current == PNG):
        return current
    for fmt in (JPEG, PNG, WEBP):
        if fmt in allowed:
            return fmt
    return None


def _encode(img: PILImage, fmt: str, need: Need) -> tuple[bytes | None, tuple[int, int]]:
    from PIL import Image, ImageOps

    im = ImageOps.exif_transpose(img)
    if fmt == JPEG and im.mode != "RGB":
        # JPEG has no transparency: put it on white, as the networks show it.
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        im = flat
    if need.max_side is not None and max(im.size) > need.max_side:
        im = _scaled(im, need.max_side / max(im.size))
    for _attempt in range(12):
        for quality in (90, 82, 75, 68) if fmt in (JPEG, WEBP) else (0,):
            out = io.BytesIO()
            if fmt in (JPEG, WEBP):
                im.save(out, fmt, quality=quality, optimize=fmt == JPEG)
            else:
                im.save(out, fmt, optimize=True)
            if need.max_bytes is None or out.tell() <= need.max_bytes:
                return out.getvalue(), im.size
        im = _scaled(im, 0.85)
    return None, im.size


def _scaled(im: PILImage, factor: float) -> PILImage:
    from PIL import Image

    size = (max(1, round(im.width * factor)), max(1, round(im.height * factor)))
    return im.resize(size, Image.Resampling.LANCZOS)


def _sibling(root: Path, rel: str, ext: str, data: bytes) -> str:
    """A new file name next to ``rel``; an existing file is reused only if identical."""
    folder, name = posixpath.split(rel)
    stem = name.rsplit(".", 1)[0]
    stem = stem[: -len(SUFFIX)] if stem.endswith(SUFFIX) else stem
    n = 1
    while True:
        candidate = posixpath.join(folder, f"{stem}{SUFFIX}{'' if n == 1 else f'-{n}'}.{ext}")
        path = root / candidate
        if candidate != rel and (not path.exists() or path.read_bytes() == data):
            return candidate
        n += 1


_PATH_VALUE = re.compile(
    r"^(?P<lead>\s*(?:-\s+)?(?:path:\s+)?)(?P<q>[\"']?)(?P<value>[^\"'#]+?)(?P=q)(?P<rest>\s*(?:#.*)?)$"
)


def repoint(text: str, post_rel: str, fix: ImageFix) -> str | None:
    """``text`` with the front matter path of ``fix.source`` changed to ``fix.target``."""
    lines = text.split("\n")
    folder = posixpath.dirname(post_rel)
    new = posixpath.relpath(fix.target, folder or ".")
    # The image's entry starts on fix.line; its path may be on the next lines.
    for i in range(fix.line - 1, min(fix.line + 4, len(lines))):
        if lines[i].rstrip() in ("---", "..."):
            break  # the end of the front matter: the text below is the post's
        m = _PATH_VALUE.match(lines[i])
        if m is None:
            continue
        written = m["value"].strip()
        if posixpath.normpath(posixpath.join(folder, written)) == fix.source:
            lines[i] = f"{m['lead']}{m['q']}{new}{m['q']}{m['rest']}"
            return "\n".join(lines)
    return None

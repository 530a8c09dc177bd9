"""Facts about media files: images from their real headers with Pillow, videos with PyAV."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .i18n import _, language, number
from .video import VideoInfo, is_video_path, probe

# Larger than anything a network accepts; stops us reading huge files at all.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_PIXELS = 100_000_000


@dataclass(frozen=True)
class ImageInfo:
    """What the file really is, whatever its name says."""

    format: str  # Pillow's name: JPEG, PNG, GIF, WEBP, ...
    width: int
    height: int
    size: int  # bytes

    @property
    def aspect(self) -> float:
        """Width divided by height."""
        return self.width / self.height if self.height else 0.0


@dataclass(frozen=True)
class MediaError:
    """Why a media path cannot be used."""

    rule: str
    message: str


def inspect(root: Path, rel: str) -> ImageInfo | VideoInfo | MediaError:
    """Read the image or video at ``rel`` (relative to ``root``), refusing paths outside it.

    A name ending in .mp4, .m4v, .mov or .webm is read as a video (see
    :mod:`smmgen.video`); anything else as an image.
    """
    # Remembered per file version: an edited (or replaced) image is read again.
    try:
        # The language too: the messages are made in it (one process may check both).
        return _inspect(root, rel, _version(root / rel), language())
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte, a loop of links
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return MediaError(
            "media/missing",
            _(
                "{kind} '{rel}' cannot be opened ({reason}); check the path (it is relative to "
                "the post file)"
            ).format(kind=_kind(rel), rel=rel, reason=reason),
        )


def _kind(rel: str) -> str:
    """``video`` or ``image`` (how messages name the file), in the language in use."""
    return _("video") if is_video_path(rel) else _("image")


def _version(path: Path) -> tuple[int, ...]:
    try:
        st = path.stat()
    except (OSError, ValueError):
        return ()
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@lru_cache(maxsize=4096)
def _inspect(
    root: Path, rel: str, version: tuple[int, ...], language: str
) -> ImageInfo | VideoInfo | MediaError:
    if rel.startswith("../") or rel == ".." or os.path.isabs(rel):
        return MediaError(
            "media/outside-repo",
            _("'{rel}' is outside the repository; copy the {kind} into the repo").format(
                rel=rel, kind=_kind(rel)
            ),
        )
    full = root / rel
    if not full.exists():
        return MediaError(
            "media/missing",
            _(
                "{kind} '{rel}' does not exist; check the path (it is relative to the post file)"
            ).format(kind=_kind(rel), rel=rel),
        )
    real = full.resolve()
    if not real.is_relative_to(root.resolve()):
        return MediaError(
            "media/outside-repo",
            _(
                "'{rel}' points outside the repository (through a link); copy the {kind} into "
                "the repo"
            ).format(rel=rel, kind=_kind(rel)),
        )
    if not real.is_file():
        return MediaError("media/not-image", _("'{rel}' is not a file").format(rel=rel))
    if is_video_path(rel):
        video = probe(real)
        if isinstance(video, str):
            return MediaError(
                "media/not-video",
                _(
                    "'{rel}' is named like a video, but {why}; export it as MP4 (H.264 video, "
                    "AAC sound)"
                ).format(rel=rel, why=video),
            )
        return video
    return _image(real, rel)


def _image(real: Path, rel: str) -> ImageInfo | MediaError:
    """What Pillow reads from the image's header, or why it cannot be used."""
    from PIL import Image, UnidentifiedImageError

    size = real.stat().st_size
    if size > MAX_FILE_BYTES:
        return MediaError(
            "media/too-large",
            _("'{rel}' is {size} MB, larger than any network accepts").format(
                rel=rel, size=f"{size / 1e6:.0f}"
            ),
        )
    try:
        # Only the header is read, so Pillow's bomb warning is noise; its error is a size.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(real) as img:
                width, height = img.size
                fmt = img.format or "unknown"
    except Image.DecompressionBombError:
        return MediaError(
            "media/too-large",
            _("'{rel}' has over {pixels} pixels; scale it down").format(
                rel=rel, pixels=number(MAX_PIXELS)
            ),
        )
    except (UnidentifiedImageError, OSError, ValueError):
        return MediaError(
            "media/not-image",
            _("'{rel}' is not an image smmgen can read (JPEG, PNG, GIF or WebP)").format(rel=rel),
        )
    if width * height > MAX_PIXELS:
        return MediaError(
            "media/too-large",
            _("'{rel}' is {width}×{height} pixels; scale it down").format(
                rel=rel, width=width, height=height
            ),
        )
    return ImageInfo(fmt, width, height, size)

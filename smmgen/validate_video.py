"""Check a post's videos against a network's declared :class:`VideoLimits`.

Generic like :mod:`smmgen.validate`: every rule reads the limits; each
violation is one problem saying what to change.
"""

from __future__ import annotations

from collections.abc import Callable

from .counting import graphemes
from .model import MediaRef
from .networks.base import VideoLimits
from .video import VideoInfo, codec_name, duration_text

Err = Callable[..., None]  # (line, rule, message, column)


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _names(codecs: frozenset[str]) -> str:
    return " or ".join(sorted(codec_name(c) for c in codecs))


def _ratio(aspect: float) -> str:
    for name, value in (("9:16", 9 / 16), ("4:5", 0.8), ("1:1", 1.0), ("16:9", 16 / 9)):
        if abs(aspect - value) < 0.01:
            return f"{aspect:.2f} ({name})"
    return f"{aspect:.2f}"


def check_counts(
    videos: int, images: int, vl: VideoLimits | None, title: str, line: int, err: Err
) -> None:
    """Problems with how many videos a post has, and with videos next to images."""
    if not videos and vl is not None and vl.required:
        err(line, "video-required", f"{vl.title or title} needs a video; add one to media")
    if not videos:
        return
    if vl is None:
        err(line, "video-unsupported", f"{title} takes no video here; remove it")
        return
    name = vl.title or title
    if videos > vl.max_count:
        err(
            line,
            "video-count",
            f"{videos} videos, {name} takes at most {vl.max_count}; put the others in "
            "posts of their own",
        )
    if images and not vl.with_images:
        err(
            line,
            "video-mixed",
            f"{name} takes a video or images, not both; remove the images or put the video "
            "in a post of its own",
        )


Bad = Callable[[str, str], None]  # (rule, message), at the video's line and column


def check_video(ref: MediaRef, info: VideoInfo, vl: VideoLimits, title: str, err: Err) -> None:
    """Every problem of one video on one network."""
    name = vl.title or title

    def bad(rule: str, message: str) -> None:
        err(ref.line, rule, message, ref.column)

    _check_format(ref, info, vl, name, bad)
    _check_size_and_duration(ref, info, vl, name, bad)
    _check_frame(ref, info, vl, name, bad)
    _check_rates(ref, info, vl, name, bad)
    n = graphemes(ref.alt) if ref.alt else 0
    if vl.alt_max is not None and n > vl.alt_max:
        bad(
            "alt-length",
            f"alt text of '{ref.path}' is {n}/{vl.alt_max} characters; shorten by {n - vl.alt_max}",
        )


def _check_format(ref: MediaRef, info: VideoInfo, vl: VideoLimits, name: str, bad: Bad) -> None:
    """The container and the video and sound codecs."""
    f = f"'{ref.path}'"
    if info.container not in vl.containers:
        bad(
            "video-format",
            f"{f} is {info.container}; {name} takes {' or '.join(sorted(vl.containers))} — "
            f"export it as {sorted(vl.containers)[-1]}",
        )
    if vl.video_codecs is not None and info.video_codec not in vl.video_codecs:
        bad(
            "video-codec",
            f"{f} has {codec_name(info.video_codec)} video; {name} takes "
            f"{_names(vl.video_codecs)} — export it with {_names(vl.video_codecs)}",
        )
    if (
        vl.audio_codecs is not None
        and info.audio_codec is not None
        and info.audio_codec not in vl.audio_codecs
    ):
        bad(
            "video-audio",
            f"{f} has {codec_name(info.audio_codec)} sound; {name} takes "
            f"{_names(vl.audio_codecs)} — export the sound as {_names(vl.audio_codecs)}",
        )


def _check_size_and_duration(
    ref: MediaRef, info: VideoInfo, vl: VideoLimits, name: str, bad: Bad
) -> None:
    """The file size (with a bitrate that fits), and the length."""
    f = f"'{ref.path}'"
    if vl.max_bytes is not None and info.size > vl.max_bytes:
        target = int(vl.max_bytes * 8 * 0.9 / info.duration / 1000) if info.duration else 0
        if target:
            message = (
                f"{f} is {_mb(info.size)}, {name} takes {_mb(vl.max_bytes)}: export it at a "
                f"lower bitrate (about {target / 1000:.1f} Mbit/s for this length) or trim it"
            )
        else:
            message = (
                f"{f} is {_mb(info.size)}, {name} takes {_mb(vl.max_bytes)}: export it at a "
                "lower bitrate or trim it"
            )
        bad("video-size", message)
    if vl.max_duration is not None and info.duration > vl.max_duration + 0.05:
        over = f"{name}: {duration_text(info.duration)} is over {duration_text(vl.max_duration)}"
        if vl.elsewhere:
            bad("video-duration", f"{over}; trim {f} {vl.elsewhere}")
        else:
            bad("video-duration", f"{over}; trim {f}")
    if vl.min_duration is not None and info.duration < vl.min_duration - 0.05:
        bad(
            "video-duration",
            f"{name}: {duration_text(info.duration)} is under the "
            f"{duration_text(vl.min_duration)} minimum; use a longer clip than {f}",
        )


def _check_frame(ref: MediaRef, info: VideoInfo, vl: VideoLimits, name: str, bad: Bad) -> None:
    """The picture's aspect ratio, sides and width."""
    f = f"'{ref.path}'"
    if vl.min_aspect is not None and info.aspect < vl.min_aspect - 1e-3:
        bad(
            "video-aspect",
            f"{f} is {info.width}×{info.height} (ratio {_ratio(info.aspect)}); {name} takes "
            f"{_ratio(vl.min_aspect)} at the narrowest — crop it wider",
        )
    if vl.max_aspect is not None and info.aspect > vl.max_aspect + 1e-3:
        bad(
            "video-aspect",
            f"{f} is {info.width}×{info.height} (ratio {_ratio(info.aspect)}); {name} takes "
            f"{_ratio(vl.max_aspect)} at the widest — crop it narrower",
        )
    short, long = sorted((info.width, info.height))
    if vl.min_side is not None and short < vl.min_side:
        bad(
            "video-dimensions",
            f"{f} is {info.width}×{info.height}; {name} needs at least {vl.min_side} pixels on "
            "the short side — export it larger",
        )
    if vl.max_side is not None and long > vl.max_side:
        bad(
            "video-dimensions",
            f"{f} is {info.width}×{info.height}; {name} takes at most {vl.max_side} pixels on "
            "the long side — scale it down",
        )
    if vl.max_width is not None and info.width > vl.max_width:
        bad(
            "video-dimensions",
            f"{f} is {info.width} pixels wide; {name} takes at most {vl.max_width} — scale it down",
        )


def _check_rates(ref: MediaRef, info: VideoInfo, vl: VideoLimits, name: str, bad: Bad) -> None:
    """Frames per second and bitrate."""
    f = f"'{ref.path}'"
    if vl.max_fps is not None and info.fps > vl.max_fps + 0.01:
        bad(
            "video-frame-rate",
            f"{f} has {info.fps:.0f} frames per second; {name} takes at most "
            f"{vl.max_fps:.0f} — export it at {vl.max_fps:.0f} fps or less",
        )
    if vl.min_fps is not None and 0 < info.fps < vl.min_fps - 0.01:
        bad(
            "video-frame-rate",
            f"{f} has {info.fps:.0f} frames per second; {name} needs at least "
            f"{vl.min_fps:.0f} — export it at {vl.min_fps:.0f} fps or more",
        )
    if vl.max_bitrate is not None and info.bitrate > vl.max_bitrate:
        bad(
            "video-bitrate",
            f"{f} has {info.bitrate / 1e6:.1f} Mbit/s; {name} takes at most "
            f"{vl.max_bitrate / 1e6:.0f} Mbit/s — export it at a lower bitrate",
        )

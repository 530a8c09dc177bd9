"""Check a post's videos against a network's declared :class:`VideoLimits`.

Generic like :mod:`smmgen.validate`: every rule reads the limits; each
violation is one problem saying what to change.
"""

from __future__ import annotations

from collections.abc import Callable

from .counting import graphemes
from .i18n import _
from .model import MediaRef
from .networks.base import VideoLimits
from .video import VideoInfo, codec_name, duration_text

Err = Callable[..., None]  # (line, rule, message, column)


def _mb(n: int) -> str:
    return _("{value:.1f} MB").format(value=n / 1_000_000)


def _names(codecs: frozenset[str]) -> str:
    return " or ".join(sorted(codec_name(c) for c in codecs))


def _ratio(aspect: float) -> str:
    for name, value in (("9:16", 9 / 16), ("4:5", 0.8), ("1:1", 1.0), ("16:9", 16 / 9)):
        if abs(aspect - value) < 0.01:
            return _("{aspect:.2f} ({name})").format(aspect=aspect, name=name)
    return _("{aspect:.2f}").format(aspect=aspect)


def check_counts(
    videos: int, images: int, vl: VideoLimits | None, title: str, line: int, err: Err
) -> None:
    """Problems with how many videos a post has, and with videos next to images."""
    if not videos and vl is not None and vl.required:
        err(
            line,
            "video-required",
            _("{value} needs a video; add one to media").format(
                value=_(vl.title) if vl.title else title
            ),
        )
    if not videos:
        return
    if vl is None:
        err(
            line,
            "video-unsupported",
            _("{title} takes no video here; remove it").format(title=title),
        )
        return
    name = _(vl.title) if vl.title else title
    if videos > vl.max_count:
        err(
            line,
            "video-count",
            _(
                "{videos} videos, {name} takes at most {max_count}; put the "
                "others in posts of their own"
            ).format(videos=videos, name=name, max_count=vl.max_count),
        )
    if images and not vl.with_images:
        err(
            line,
            "video-mixed",
            _(
                "{name} takes a video or images, not both; remove the images "
                "or put the video in a post of its own"
            ).format(name=name),
        )


Bad = Callable[[str, str], None]  # (rule, message), at the video's line and column


def check_video(ref: MediaRef, info: VideoInfo, vl: VideoLimits, title: str, err: Err) -> None:
    """Every problem of one video on one network."""
    name = _(vl.title) if vl.title else title

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
            _("alt text of '{path}' is {n}/{alt_max} characters; shorten by {value}").format(
                path=ref.path, n=n, alt_max=vl.alt_max, value=n - vl.alt_max
            ),
        )


def _check_format(ref: MediaRef, info: VideoInfo, vl: VideoLimits, name: str, bad: Bad) -> None:
    """The container and the video and sound codecs."""
    f = f"'{ref.path}'"
    if info.container not in vl.containers:
        bad(
            "video-format",
            _("{f} is {container}; {name} takes {items} — export it as {sorted}").format(
                f=f,
                container=info.container,
                name=name,
                items=" or ".join(sorted(vl.containers)),
                sorted=sorted(vl.containers)[-1],
            ),
        )
    if vl.video_codecs is not None and info.video_codec not in vl.video_codecs:
        bad(
            "video-codec",
            _("{f} has {codec_name} video; {name} takes {names} — export it with {names}").format(
                f=f,
                codec_name=codec_name(info.video_codec),
                name=name,
                names=_names(vl.video_codecs),
            ),
        )
    if (
        vl.audio_codecs is not None
        and info.audio_codec is not None
        and info.audio_codec not in vl.audio_codecs
    ):
        bad(
            "video-audio",
            _(
                "{f} has {codec_name} sound; {name} takes {names} — export the sound as {names}"
            ).format(
                f=f,
                codec_name=codec_name(info.audio_codec),
                name=name,
                names=_names(vl.audio_codecs),
            ),
        )


def _check_size_and_duration(
    ref: MediaRef, info: VideoInfo, vl: VideoLimits, name: str, bad: Bad
) -> None:
    """The file size (with a bitrate that fits), and the length."""
    f = f"'{ref.path}'"
    if vl.max_bytes is not None and info.size > vl.max_bytes:
        target = int(vl.max_bytes * 8 * 0.9 / info.duration / 1000) if info.duration else 0
        if target:
            message = _(
                "{f} is {mb}, {name} takes {mb2}: export it at a lower "
                "bitrate (about {value:.1f} Mbit/s for this length) or trim "
                "it"
            ).format(f=f, mb=_mb(info.size), name=name, mb2=_mb(vl.max_bytes), value=target / 1000)
        else:
            message = _(
                "{f} is {mb}, {name} takes {mb2}: export it at a lower bitrate or trim it"
            ).format(f=f, mb=_mb(info.size), name=name, mb2=_mb(vl.max_bytes))
        bad("video-size", message)
    if vl.max_duration is not None and info.duration > vl.max_duration + 0.05:
        over = f"{name}: {duration_text(info.duration)} is over {duration_text(vl.max_duration)}"
        if vl.elsewhere:
            bad(
                "video-duration",
                _("{over}; trim {f} {elsewhere}").format(over=over, f=f, elsewhere=_(vl.elsewhere)),
            )
        else:
            bad("video-duration", _("{over}; trim {f}").format(over=over, f=f))
    if vl.min_duration is not None and info.duration < vl.min_duration - 0.05:
        bad(
            "video-duration",
            _(
                "{name}: {duration_text} is under the {duration_text2} "
                "minimum; use a longer clip than {f}"
            ).format(
                name=name,
                duration_text=duration_text(info.duration),
                duration_text2=duration_text(vl.min_duration),
                f=f,
            ),
        )


def _check_frame(ref: MediaRef, info: VideoInfo, vl: VideoLimits, name: str, bad: Bad) -> None:
    """The picture's aspect ratio, sides and width."""
    f = f"'{ref.path}'"
    if vl.min_aspect is not None and info.aspect < vl.min_aspect - 1e-3:
        bad(
            "video-aspect",
            _(
                "{f} is {width}×{height} (ratio {ratio}); {name} takes "
                "{ratio2} at the narrowest — crop it wider"
            ).format(
                f=f,
                width=info.width,
                height=info.height,
                ratio=_ratio(info.aspect),
                name=name,
                ratio2=_ratio(vl.min_aspect),
            ),
        )
    if vl.max_aspect is not None and info.aspect > vl.max_aspect + 1e-3:
        bad(
            "video-aspect",
            _(
                "{f} is {width}×{height} (ratio {ratio}); {name} takes "
                "{ratio2} at the widest — crop it narrower"
            ).format(
                f=f,
                width=info.width,
                height=info.height,
                ratio=_ratio(info.aspect),
                name=name,
                ratio2=_ratio(vl.max_aspect),
            ),
        )
    short, long = sorted((info.width, info.height))
    if vl.min_side is not None and short < vl.min_side:
        bad(
            "video-dimensions",
            _(
                "{f} is {width}×{height}; {name} needs at least {min_side} "
                "pixels on the short side — export it larger"
            ).format(f=f, width=info.width, height=info.height, name=name, min_side=vl.min_side),
        )
    if vl.max_side is not None and long > vl.max_side:
        bad(
            "video-dimensions",
            _(
                "{f} is {width}×{height}; {name} takes at most {max_side} "
                "pixels on the long side — scale it down"
            ).format(f=f, width=info.width, height=info.height, name=name, max_side=vl.max_side),
        )
    if vl.max_width is not None and info.width > vl.max_width:
        bad(
            "video-dimensions",
            _(
                "{f} is {width} pixels wide; {name} takes at most {max_width} — scale it down"
            ).format(f=f, width=info.width, name=name, max_width=vl.max_width),
        )


def _check_rates(ref: MediaRef, info: VideoInfo, vl: VideoLimits, name: str, bad: Bad) -> None:
    """Frames per second and bitrate."""
    f = f"'{ref.path}'"
    if vl.max_fps is not None and info.fps > vl.max_fps + 0.01:
        bad(
            "video-frame-rate",
            _(
                "{f} has {fps:.0f} frames per second; {name} takes at most "
                "{max_fps:.0f} — export it at {max_fps:.0f} fps or less"
            ).format(f=f, fps=info.fps, name=name, max_fps=vl.max_fps),
        )
    if vl.min_fps is not None and 0 < info.fps < vl.min_fps - 0.01:
        bad(
            "video-frame-rate",
            _(
                "{f} has {fps:.0f} frames per second; {name} needs at least "
                "{min_fps:.0f} — export it at {min_fps:.0f} fps or more"
            ).format(f=f, fps=info.fps, name=name, min_fps=vl.min_fps),
        )
    if vl.max_bitrate is not None and info.bitrate > vl.max_bitrate:
        bad(
            "video-bitrate",
            _(
                "{f} has {value:.1f} Mbit/s; {name} takes at most "
                "{value2:.0f} Mbit/s — export it at a lower bitrate"
            ).format(f=f, value=info.bitrate / 1e6, name=name, value2=vl.max_bitrate / 1e6),
        )

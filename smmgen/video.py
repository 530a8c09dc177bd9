"""Facts about video files, read from the container and streams with PyAV.

PyAV (https://pyav.basswood-io.com/) is FFmpeg's libraries with Python
bindings, installed as a pip wheel that bundles FFmpeg: ``pip install smmgen``
is all a laptop or runner needs, no system ffprobe to find or keep in step.
It is imported here only, and only when a post has a video, so ``smmgen
--help`` and a check of posts without videos never load it.

Only the container header and the first video frame are read (the frame for
its display rotation: a phone's portrait video is stored landscape with a
"turn by 90°" note, and networks judge what people see).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import _

if TYPE_CHECKING:
    from av.container import InputContainer
    from av.video.stream import VideoStream

# File name endings smmgen treats as video (checked against the real container).
VIDEO_SUFFIXES = frozenset({".mp4", ".m4v", ".mov", ".webm"})
MIME = {"MP4": "video/mp4", "MOV": "video/quicktime", "WebM": "video/webm"}

# FFmpeg codec names → the names networks use in their documentation.
CODEC_NAMES = {
    "h264": "H.264",
    "hevc": "HEVC (H.265)",
    "vp8": "VP8",
    "vp9": "VP9",
    "av1": "AV1",
    "mpeg4": "MPEG-4 Part 2",
    "prores": "ProRes",
    "aac": "AAC",
    "mp3": "MP3",
    "opus": "Opus",
    "vorbis": "Vorbis",
    "ac3": "AC-3",
    "pcm_s16le": "PCM",
}


@dataclass(frozen=True)
class VideoInfo:
    """What the video file really is, whatever its name says."""

    container: str  # MP4, MOV, WebM, Matroska
    video_codec: str  # FFmpeg's name: h264, hevc, vp9, av1, ...
    audio_codec: str | None  # aac, opus, ...; None: no sound
    duration: float  # seconds
    width: int  # as shown (display rotation applied)
    height: int
    fps: float
    bitrate: int  # bits per second, whole file
    size: int  # bytes

    @property
    def aspect(self) -> float:
        """Width divided by height, as shown."""
        return self.width / self.height if self.height else 0.0

    @property
    def mime(self) -> str:
        """The MIME type networks expect for this container."""
        return MIME.get(self.container, "video/mp4")

    def summary(self) -> str:
        """One line for people: ``0:42, 1080×1920, 30 fps, 12.3 MB``."""
        return (
            f"{duration_text(self.duration)}, {self.width}×{self.height}, "
            f"{self.fps:.0f} fps, {self.size / 1_000_000:.1f} MB"
        )


def is_video_path(rel: str) -> bool:
    """Whether ``rel`` names a video by its ending (the content decides what it really is)."""
    return Path(rel).suffix.lower() in VIDEO_SUFFIXES


MAX_CAPTIONS_BYTES = 2 * 1024 * 1024  # a feature film's subtitles are a few hundred kB


def is_captions_file(root: Path, rel: str) -> bool:
    """Whether ``rel`` is a WebVTT file inside ``root`` (not in a hidden folder, not too large).

    Only such a file may go on a public site next to its video: a post must not
    be able to publish any other file of the repository as "captions".
    """
    if not rel.endswith(".vtt") or any(p.startswith(".") for p in rel.split("/")):
        return False
    base = root.resolve()
    path = (base / rel).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        return False
    if path.stat().st_size > MAX_CAPTIONS_BYTES:
        return False
    with path.open("rb") as fh:
        return fh.read(16).lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT")


def codec_name(codec: str) -> str:
    """A codec as networks name it: ``h264`` → ``H.264``."""
    return CODEC_NAMES.get(codec, codec.upper())


def duration_text(seconds: float) -> str:
    """``95 s``, or ``12:05 min`` from ten minutes on."""
    if seconds < 600:
        shown = f"{seconds:.1f}".rstrip("0").rstrip(".") if seconds < 10 else f"{seconds:.0f}"
        return f"{shown} s"
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d} min"


def probe(path: Path) -> VideoInfo | str:
    """The facts of the video at ``path``, or why it cannot be read (plain words)."""
    import av  # FFmpeg, bundled with the PyAV wheel; loaded only for videos

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.video:
                return "it has no video stream"
            stream = container.streams.video[0]
            audio = container.streams.audio
            width, height = stream.codec_context.width, stream.codec_context.height
            rotation = _rotation(container, stream)
            if rotation % 180 == 90:
                width, height = height, width
            duration = _duration(container, stream)
            rate = stream.average_rate or stream.guessed_rate or stream.base_rate
            fps = float(rate) if rate else 0.0
            size = path.stat().st_size
            bitrate = container.bit_rate or (int(size * 8 / duration) if duration else 0)
            return VideoInfo(
                container=_container(container.format.name, dict(container.metadata)),
                video_codec=stream.codec_context.name,
                audio_codec=audio[0].codec_context.name if audio else None,
                duration=duration,
                width=width,
                height=height,
                fps=fps,
                bitrate=int(bitrate),
                size=size,
            )
    except (av.FFmpegError, OSError, ValueError, StopIteration) as exc:
        return _("it is not a video smmgen can read ({reason})").format(
            reason=exc.__class__.__name__
        )


def _container(format_name: str, metadata: dict[str, str]) -> str:
    names = set(format_name.split(","))
    if "webm" in names:
        return "WebM" if "matroska" not in names or _is_webm(metadata) else "Matroska"
    if "mov" in names or "mp4" in names:
        # One FFmpeg demuxer reads both; the file type box says which it is.
        return "MOV" if metadata.get("major_brand", "").strip() == "qt" else "MP4"
    return format_name.split(",")[0].upper()


def _is_webm(metadata: dict[str, str]) -> bool:
    # FFmpeg reads Matroska and WebM with one demuxer and exposes no doctype;
    # a file it wrote as WebM says so in no tag either, so WebM is assumed
    # unless a Matroska-only tag is present.
    return not any(key.lower().startswith("matroska") for key in metadata)


def _duration(container: InputContainer, stream: VideoStream) -> float:
    if container.duration:
        return container.duration / 1_000_000  # AV_TIME_BASE
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return 0.0


def _rotation(container: InputContainer, stream: VideoStream) -> int:
    """The display rotation in degrees (0, 90, 180, 270), from the first frame."""
    try:
        frame = next(container.decode(stream))
    except StopIteration:
        return 0
    angle = frame.rotation
    container.seek(0)
    return round(angle) % 360 if isinstance(angle, (int, float)) and math.isfinite(angle) else 0


def poster(path: Path, out: Path, *, max_side: int = 1280) -> bool:
    """Write the first frame of the video at ``path`` as a JPEG to ``out``; False if it cannot."""
    import av

    try:
        with av.open(str(path)) as container:
            frame = next(container.decode(video=0))
            image = frame.to_image()  # type: ignore[no-untyped-call]  # rotation not applied
            angle = round(frame.rotation) % 360 if frame.rotation else 0
            if angle:
                image = image.rotate(angle, expand=True)
            image.thumbnail((max_side, max_side))
            out.parent.mkdir(parents=True, exist_ok=True)
            image.convert("RGB").save(out, "JPEG", quality=80)
            return True
    except (av.FFmpegError, OSError, ValueError, StopIteration):
        return False

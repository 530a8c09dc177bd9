"""Small real videos made with PyAV for tests: no binaries in the repository."""

from __future__ import annotations

from pathlib import Path


def make_video(
    path: Path,
    *,
    size: tuple[int, int] = (320, 240),
    seconds: float = 1.0,
    fps: int = 24,
    codec: str = "libx264",
    audio: str | None = "aac",
    rotation: int | None = None,
    noise: bool = False,
) -> Path:
    """Write a real video: ``codec`` (libx264, libx265, libvpx-vp9, mpeg4) into the container
    the suffix names, ``audio`` silence (aac, libopus) or none; ``rotation``: a display
    rotation as a phone writes it; ``noise``: frames that do not compress (a large file)."""
    import os

    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=fps)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        if rotation is not None:
            stream.set_display_rotation(rotation)
        sound = out.add_stream(audio, rate=48000) if audio else None
        if sound is not None:
            sound.layout = "mono"
        for i in range(max(1, round(seconds * fps))):
            frame = av.VideoFrame(width, height, "yuv420p")
            for k, plane in enumerate(frame.planes):
                data = (
                    os.urandom(plane.buffer_size)
                    if noise
                    else bytes([(i * 8 + 60 * k) % 256]) * plane.buffer_size
                )
                plane.update(data)
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
        if sound is not None:
            step = sound.codec_context.frame_size or 1024
            for pts in range(0, int(seconds * 48000), step):
                chunk = av.AudioFrame(
                    format=sound.codec_context.format.name, layout="mono", samples=step
                )
                for plane in chunk.planes:
                    plane.update(bytes(plane.buffer_size))
                chunk.sample_rate, chunk.pts = 48000, pts
                for packet in sound.encode(chunk):
                    out.mux(packet)
            for packet in sound.encode():
                out.mux(packet)
    return path

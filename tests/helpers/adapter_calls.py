"""Helpers for the adapter tests: accounts, requests, images and recorded calls.

The fake network APIs themselves are pytest-httpserver instances set up in each
test file with the network's documented request paths and response bodies.
"""

from __future__ import annotations

import io
import socket
from pathlib import Path
from typing import Any

from PIL import Image
from werkzeug import Request, Response

from smmgen.adapters.base import MediaFile, SendRequest
from smmgen.model import Account


def account(network: str, name: str = "acct", **settings: Any) -> Account:
    """An account as schedule.yaml would give it."""
    return Account(name, network, settings, 1)


def image(tmp_path: Path, name: str = "photo.jpg", size: tuple[int, int] = (640, 480)) -> Path:
    """A real small JPEG (or PNG, by suffix) written with Pillow."""
    path = tmp_path / name
    fmt = "PNG" if path.suffix == ".png" else "JPEG"
    Image.new("RGB", size, (30, 120, 200)).save(path, fmt)
    return path


def request(
    acct: Account,
    *parts: str,
    media: tuple[MediaFile, ...] = (),
    key: str = "k-0123456789abcdef",
    **extra: Any,
) -> SendRequest:
    """A SendRequest with sensible defaults."""
    return SendRequest(
        key=key,
        post_id="2026-11-25-launch",
        account=acct,
        parts=parts,
        media=media,
        link=extra.pop("link", None),
        content_warning=extra.pop("content_warning", None),
        **extra,
    )


def jpeg(path: Path, alt: str | None) -> MediaFile:
    """A MediaFile for a JPEG."""
    return MediaFile(
        path=path, alt=alt, mime="image/png" if path.suffix == ".png" else "image/jpeg"
    )


def multipart(req: Request) -> dict[str, tuple[str | None, bytes]]:
    """The fields of a multipart/form-data body: name -> (filename, payload)."""
    out: dict[str, tuple[str | None, bytes]] = {
        name: (None, value.encode()) for name, value in req.form.items()
    }
    for name, file in req.files.items():
        out[name] = (file.filename, file.read())
    return out


def is_image(data: bytes) -> tuple[str, tuple[int, int]]:
    """Pillow's format and size of uploaded bytes (proves a real image was sent)."""
    with Image.open(io.BytesIO(data)) as img:
        return str(img.format), img.size


def hang_up(req: Request) -> Response:
    """Close the connection without answering: the response to a stored post is lost.

    What a client sees when the network applied the request but the answer
    never arrived (a proxy timeout, a dropped connection): httpx raises
    RemoteProtocolError, requests a ConnectionError wrapping a ProtocolError.
    """
    sock = req.environ["werkzeug.socket"]
    sock.shutdown(socket.SHUT_RDWR)
    return Response("")  # never reaches the client

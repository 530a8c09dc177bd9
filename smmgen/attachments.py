"""Images dropped into an issue form: found in its text, fetched only from GitHub.

An issue's text is written by whoever opened it, so every address in it is
untrusted: only GitHub's own attachment addresses are fetched (every redirect
hop is checked again), never with a token, at most :data:`MAX_BYTES`, and the
file must really be an image a network takes.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .i18n import _

MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 3
# Where github.com keeps attachments: its own paths, and the hosts it redirects to.
ATTACHMENT_HOSTS = frozenset(
    {
        "user-images.githubusercontent.com",
        "private-user-images.githubusercontent.com",
        "objects.githubusercontent.com",
    }
)
_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
_URL = re.compile(r"""https?://[^\s)"'<>\]]+""")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class Fetched:
    """An image file from an issue."""

    data: bytes
    ext: str  # from what the bytes are, not from the name


def image_urls(markdown: str) -> list[str]:
    """The addresses in the form's image field, in order, each once."""
    return list(dict.fromkeys(html.unescape(u) for u in _URL.findall(markdown)))


def attachment_id(url: str) -> str | None:
    """The attachment's id (a UUID) in its address, if it has one."""
    found = _UUID.search(url)
    return found[0] if found else None


def signed_urls(body_html: str) -> dict[str, str]:
    """Attachment id → the short-lived signed address GitHub puts in an issue's HTML.

    In private repositories ``github.com/user-attachments/assets/ID`` needs a
    browser session; the API's rendered HTML carries a signed address instead.
    """
    out: dict[str, str] = {}
    for raw in re.findall(r"""<img[^>]*\ssrc="([^"]+)\"""", body_html):
        url = html.unescape(raw)
        key = attachment_id(url)
        if key:
            out.setdefault(key, url)
    return out


def allowed(url: str, web: str, owner: str, repo: str) -> bool:
    """Whether ``url`` is a GitHub attachment address (``web``: https://github.com or GHES)."""
    parts = urlsplit(url)
    base = urlsplit(web)
    if parts.username or parts.password or parts.fragment:
        return False
    if parts.scheme == "https" and (parts.hostname or "") in ATTACHMENT_HOSTS and not parts.port:
        return True
    same = parts.scheme == base.scheme and parts.netloc.lower() == base.netloc.lower()
    # http only where the GitHub server itself is http (a test server, never github.com).
    if not same or (parts.scheme != "https" and base.hostname == "github.com"):
        return False
    path = parts.path
    return path.startswith("/user-attachments/assets/") or path.startswith(
        f"/{owner}/{repo}/assets/"
    )


def fetch(url: str, web: str, owner: str, repo: str) -> Fetched | str:
    """The image at ``url``, or why not (in words for the issue's author)."""
    import httpx

    current = url
    with httpx.Client(timeout=30.0, follow_redirects=False) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            if not allowed(current, web, owner, repo):
                foreign = _("{url} is not a GitHub attachment; drag the image into the form")
                return foreign.format(url=_short(current))
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        current = str(response.url.join(response.headers.get("location", "")))
                        continue
                    if response.status_code != 200:
                        return _failed(url, str(response.status_code))
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > MAX_BYTES:
                        return _too_large(url)
                    data = bytearray()
                    for chunk in response.iter_bytes():
                        data += chunk
                        if len(data) > MAX_BYTES:
                            return _too_large(url)
            except httpx.HTTPError as exc:
                return _failed(url, type(exc).__name__)
            return _image(bytes(data), url)
    return _("{url} redirects too often").format(url=_short(url))


def _failed(url: str, why: str) -> str:
    return _("{url} could not be downloaded ({why})").format(url=_short(url), why=why)


def _too_large(url: str) -> str:
    return _("{url} is larger than {mb} MB").format(url=_short(url), mb=MAX_BYTES // 1024 // 1024)


def _image(data: bytes, url: str) -> Fetched | str:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format or ""
            img.verify()
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return _("{url} is not an image (JPEG, PNG, GIF or WebP)").format(url=_short(url))
    if fmt not in _FORMATS:
        kind = fmt or _("an unknown format")
        return _("{url} is {kind}; use JPEG, PNG, GIF or WebP").format(url=_short(url), kind=kind)
    return Fetched(data, _FORMATS[fmt])


def _short(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"[:120]

"""What the preview site puts on a possibly public web server (review F11, F13)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from conftest import Repo


def huge_png(path: Path, width: int = 60000, height: int = 60000) -> None:
    """A small file whose header claims a giant image (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\0" * 4096)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def test_only_images_that_pass_the_checks_are_copied(repo: Repo, tmp_path: Path) -> None:
    (repo.root / ".git").mkdir()
    (repo.root / ".git/config").write_text("[remote]\n\turl = https://token@example\n", "utf-8")
    repo.image("content/ok.png")
    repo.image(".github/logo.png")  # a real image, but in a hidden folder
    repo.write("content/notes.png", "not an image\n")
    huge_png(repo.root / "content/bomb.png")
    media = "".join(
        f"  - {{path: {p}, alt: Bild}}\n"
        for p in ("ok.png", "../.git/config", "../.github/logo.png", "notes.png", "bomb.png")
    )
    repo.post(
        "p", f"---\npublish_at: 2026-12-01 09:30\nnetworks: [masto]\nmedia:\n{media}---\nHallo\n"
    )
    rules = {p["rule"] for p in repo.check()}
    assert {"media/not-image", "media/too-large"} <= rules
    out = tmp_path / "site"
    result = repo.run("build", "--out", str(out), "--at", "2026-11-30 12:00")
    assert result.exit_code == 0, result.output
    copied = sorted(p.relative_to(out / "media").as_posix() for p in (out / "media").rglob("*"))
    assert copied == ["content", "content/ok.png"]
    page = (out / "posts/p.html").read_text("utf-8")
    assert page.count("image not shown") == 4

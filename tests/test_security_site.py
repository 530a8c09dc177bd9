"""What the preview site puts on a possibly public web server (review F11, F13)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from tests.helpers.content_repo import Repo


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


DRAFT = """\
---
status: draft
publish_at: 2026-12-03 10:00
networks: [masto, bsky]
---
Geheime Übernahme von @{unbekannt} unter Embargo
"""
READY = "---\npublish_at: 2026-12-02 10:00\nnetworks: [masto]\n---\nHallo Welt\n"


def site_text(out: Path) -> str:
    return "".join(
        p.read_text("utf-8") for p in sorted(out.rglob("*")) if p.suffix in (".html", ".ics")
    )


def test_drafts_stay_off_the_site_unless_asked_for(repo: Repo, tmp_path: Path) -> None:
    repo.post("ready", READY)
    repo.post("embargo", DRAFT)
    out = tmp_path / "site"
    result = repo.run("build", "--out", str(out), "--at", "2026-12-01 12:00")
    assert result.exit_code == 0, result.output
    text = site_text(out)
    assert "Hallo Welt" in text
    assert "Übernahme" not in text and "embargo" not in text and "unbekannt" not in text
    assert not (out / "posts/embargo.html").exists()
    assert "1 draft left out" in (out / "index.html").read_text("utf-8")
    # For a local look, the drafts (and their problems) are all there.
    result = repo.run("build", "--out", str(out), "--at", "2026-12-01 12:00", "--include-drafts")
    assert result.exit_code == 0, result.output
    text = site_text(out)
    assert "Übernahme" in text and (out / "posts/embargo.html").is_file()
    assert "content/embargo.md:6:" in (out / "index.html").read_text("utf-8")  # unknown mention
    assert "left out" not in (out / "index.html").read_text("utf-8")


def test_the_site_asks_not_to_be_indexed_unless_public(repo: Repo, tmp_path: Path) -> None:
    repo.post("ready", READY)
    out = tmp_path / "site"
    assert repo.run("build", "--out", str(out)).exit_code == 0
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        assert '<meta name="robots" content="noindex">' in page.read_text("utf-8"), page
    assert (out / "robots.txt").read_text("utf-8") == "User-agent: *\nDisallow: /\n"

    schedule = repo.root / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8") + "site:\n  public: true\n", "utf-8")
    assert repo.check() == []
    assert repo.run("build", "--out", str(out)).exit_code == 0
    assert not (out / "robots.txt").exists()
    assert all('name="robots"' not in p.read_text("utf-8") for p in out.rglob("*.html"))


def test_site_settings_are_checked(repo: Repo) -> None:
    schedule = repo.root / "schedule.yaml"
    base = schedule.read_text("utf-8")
    lines = base.count("\n")
    schedule.write_text(base + "site:\n  public: yes please\n", "utf-8")
    found = {(p["line"], p["rule"]) for p in repo.check()}
    assert found == {(lines + 2, "schedule/type")}
    schedule.write_text(base + "site:\n  pubilc: true\n", "utf-8")
    problems = repo.check()
    assert [(p["line"], p["rule"]) for p in problems] == [(lines + 2, "schedule/unknown-key")]
    assert "did you mean 'public'" in problems[0]["message"]

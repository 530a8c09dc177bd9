"""Every limit `check` enforces, at the limit (passes) and one over (the error a user sees).

And the disclosure label: a whole word, in the first part of a thread.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from tests.helpers.content_repo import SCHEDULE, Repo, make_image, one, where

TELEGRAM = """\
  tg:
    network: telegram
    chat_id: "@bergwerk"
    token_env: TELEGRAM_TOKEN
"""
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one grapheme, 18 UTF-8 bytes


def _post(repo: Repo, networks: str, body: str, front: str = "") -> str:
    return repo.post(
        "p", f"---\npublish_at: 2026-12-01 09:30\nnetworks: [{networks}]\n{front}---\n\n{body}\n"
    )


def _with_images(repo: Repo, n: int, networks: str = "bsky", body: str = "Hi") -> str:
    media = "".join(f"  - path: {i}.png\n    alt: Picture {i}\n" for i in range(n))
    for i in range(n):
        repo.image(f"content/{i}.png", (40, 30))
    return _post(repo, networks, body, "media:\n" + media)


# --- the disclosure label ---------------------------------------------------------------------


@pytest.mark.parametrize("body", ["Neue Jacke #Anzeigen", "Neue Jacke x#Anzeige", "Anzeige"])
def test_a_label_that_is_not_the_whole_word_is_no_disclosure(repo: Repo, body: str) -> None:
    path = _post(repo, "bsky", body, "sponsored: true\n")
    p = one(repo.check(), "post/disclosure-missing")
    assert (p["path"], p["line"], p["account"]) == (path, 7, "bsky")
    assert p["message"] == (
        "bsky: sponsored post without the disclosure label '#Anzeige'; add it to the text"
    )


@pytest.mark.parametrize("body", ["(#Anzeige) Neue Jacke", "Neue Jacke — #Anzeige.", "#Anzeige"])
def test_the_label_as_a_word_of_its_own_passes(repo: Repo, body: str) -> None:
    _post(repo, "bsky", body, "sponsored: true\n")
    assert repo.check() == []


def test_in_a_thread_the_label_belongs_in_the_first_part(repo: Repo) -> None:
    body = "Teil eins über die Jacke.\n\n<!-- split -->\n\nTeil zwei. #Anzeige"
    front = "sponsored: true\nthread: true\n"
    path = _post(repo, "bsky", body, front)
    p = one(repo.check(), "post/disclosure-missing")
    assert (p["path"], p["line"], p["account"]) == (path, 8, "bsky")
    assert p["message"].endswith("add it to the text (in the first part of the thread)")
    _post(repo, "bsky", body.replace("Jacke.", "Jacke. #Anzeige"), front)
    assert repo.check() == []


# --- text --------------------------------------------------------------------------------------


def test_telegram_caption_limit_applies_with_an_image(repo: Repo) -> None:
    (repo.root / "schedule.yaml").write_text(
        SCHEDULE.replace("slots:", TELEGRAM + "slots:"), "utf-8"
    )
    _with_images(repo, 1, "tg", "x" * 1024)
    assert repo.check() == []
    path = _with_images(repo, 1, "tg", "x" * 1025)
    p = one(repo.check(), "telegram/length")
    assert (p["path"], p["account"]) == (path, "tg")
    assert p["message"] == (
        "tg: 1025/1024 characters (emoji count as 2) — shorten by 1, or add a variants.tg body"
        " (the limit with images attached)"
    )
    # Without an image the message limit (4096) applies.
    _post(repo, "tg", "x" * 4096)
    assert repo.check() == []


def test_bluesky_text_of_3000_bytes_passes_3001_fails(repo: Repo) -> None:
    text = FAMILY * 166 + "x" * 12  # 3000 bytes, 178 graphemes
    assert len(text.encode()) == 3000
    _post(repo, "bsky", text)
    assert repo.check() == []
    path = _post(repo, "bsky", text + "y")
    p = one(repo.check(), "bluesky/bytes")
    assert (p["path"], p["line"], p["severity"]) == (path, 6, "error")
    assert p["message"].startswith("bsky: 3001/3000 UTF-8 bytes — shorten by 1 bytes")


def test_bluesky_bytes_are_checked_in_every_thread_part(repo: Repo) -> None:
    # Part 2: 3006 bytes of emoji and its number " 2/2".
    body = f"Erster Teil.\n\n<!-- split -->\n\n{FAMILY * 167}"
    path = _post(repo, "bsky", body, "thread: true\n")
    p = one(repo.check(), "bluesky/bytes")
    assert (p["path"], p["account"], p["severity"]) == (path, "bsky", "error")
    assert p["message"].startswith("bsky: 3010/3000 UTF-8 bytes — shorten by 10 bytes")


# --- images ------------------------------------------------------------------------------------


def test_four_images_on_bluesky_pass_five_fail(repo: Repo) -> None:
    _with_images(repo, 4)
    assert repo.check() == []
    path = _with_images(repo, 5)
    p = one(repo.check(), "bluesky/media-count")
    assert (p["path"], p["line"]) == (path, 4)
    assert p["message"] == "bsky: 5 images, at most 4 allowed; remove 1"


def _png_of_exactly(path: Path, size: int) -> Path:
    """A real PNG padded with an ancillary text chunk to exactly ``size`` bytes."""
    make_image(path, (40, 30))
    data = path.read_bytes()
    iend = data.rindex(b"IEND") - 4
    payload = b"Comment\0" + b"x" * (size - len(data) - 12 - 8)
    chunk = b"tEXt" + payload
    padded = data[:iend] + struct.pack(">I", len(payload)) + chunk
    padded += struct.pack(">I", zlib.crc32(chunk)) + data[iend:]
    assert len(padded) == size
    path.write_bytes(padded)
    return path


def test_image_of_exactly_the_byte_limit_passes_one_more_fails(repo: Repo) -> None:
    _png_of_exactly(repo.root / "content" / "a.png", 1_000_000)
    front = "media:\n  - path: a.png\n    alt: A cat\n"
    _post(repo, "bsky", "Hi", front)
    assert repo.check() == []
    _png_of_exactly(repo.root / "content" / "a.png", 1_000_001)
    path = _post(repo, "bsky", "Hi", front + "  \n")  # a new file content: no cached result
    p = one(repo.check(), "bluesky/media-size")
    assert (p["path"], p["line"], p["column"]) == (path, 5, 5)
    assert p["message"].startswith("bsky: 'content/a.png' is 1.0 MB, Bluesky takes 1.0 MB")


def test_an_image_over_the_byte_limit_gets_sizes_rounded_and_an_export_width(repo: Repo) -> None:
    # 1,050,000 bytes is 1.05 MB: shown as 1.1 MB. A 40 px wide image: export at least 100 px.
    _png_of_exactly(repo.root / "content" / "a.png", 1_050_000)
    _post(repo, "bsky", "Hi", "media:\n  - path: a.png\n    alt: A cat\n")
    assert one(repo.check(), "bluesky/media-size")["message"] == (
        "bsky: 'content/a.png' is 1.1 MB, Bluesky takes 1.0 MB: "
        "export at 100 px wide as JPEG quality 85"
    )


def test_a_large_photo_gets_an_export_width_in_whole_hundreds_that_fits(repo: Repo) -> None:
    # 1 MB at 0.3 bytes per pixel with 20 % headroom: 2.67 million pixels; at 2052×1500
    # (ratio 1.368) that is 1909.97 px wide, rounded down to 1900.
    make_image(repo.root / "content" / "a.png", (2052, 1500), noisy=True)
    _post(repo, "bsky", "Hi", "media:\n  - path: a.png\n    alt: A cat\n")
    message = one(repo.check(), "bluesky/media-size")["message"]
    assert message.endswith(", Bluesky takes 1.0 MB: export at 1900 px wide as JPEG quality 85")


def test_gif_is_rejected_on_bluesky(repo: Repo) -> None:
    repo.image("content/a.gif", (40, 30), "GIF")
    path = _post(repo, "bsky, masto", "Hi", "media:\n  - path: a.gif\n    alt: A cat\n")
    p = one(repo.check(), "bluesky/media-format")
    assert (p["path"], p["line"], p["account"]) == (path, 5, "bsky")
    assert p["message"] == "bsky: 'content/a.gif' is GIF; use JPEG or PNG or WEBP"


@pytest.mark.parametrize(("height", "ok"), [(1350, True), (1351, True), (1352, False)])
def test_instagram_narrowest_ratio_is_4_to_5(repo: Repo, height: int, ok: bool) -> None:
    # 1080×1351 is 0.7994: within the 0.001 rounding a 4:5 export may have; 1080×1352 is not.
    repo.image("content/tall.jpg", (1080, height), "JPEG")
    path = _post(repo, "insta", "Hi", "media:\n  - path: tall.jpg\n    alt: A tall cat\n")
    problems = repo.check()
    assert where(problems) == (set() if ok else {(path, 5, "instagram/media-aspect")})


@pytest.mark.parametrize(
    ("size", "front"),
    [((799, 1000), ""), ((601, 1000), "instagram:\n  kind: story\n")],
    ids=["feed-0.799", "story-0.601"],
)
def test_an_instagram_ratio_exactly_at_the_rounding_allowance_passes(
    repo: Repo, size: tuple[int, int], front: str
) -> None:
    # Exactly 0.001 beyond 4:5 (feed) or 0.60 (story): an export rounded that far passes.
    repo.image("content/pic.jpg", size, "JPEG")
    _post(repo, "insta", "Hi", front + "media:\n  - path: pic.jpg\n    alt: A cat\n")
    assert [p["rule"] for p in repo.check() if p["rule"].endswith("media-aspect")] == []


@pytest.mark.parametrize(
    ("network", "account", "limit"), [("bluesky", "bsky", 2000), ("mastodon", "masto", 1500)]
)
def test_alt_text_at_the_limit_passes_one_more_fails(
    repo: Repo, network: str, account: str, limit: int
) -> None:
    repo.image("content/a.png", (40, 30))
    _post(repo, account, "Hi", f"media:\n  - path: a.png\n    alt: {'ä' * limit}\n")
    assert repo.check() == []
    path = _post(repo, account, "Hi", f"media:\n  - path: a.png\n    alt: {'ä' * (limit + 1)}\n")
    p = one(repo.check(), f"{network}/alt-length")
    assert (p["path"], p["line"]) == (path, 5)
    assert p["message"] == (
        f"{account}: alt text of 'content/a.png' is {limit + 1}/{limit} characters; shorten by 1"
    )


def test_a_broken_template_for_one_network_does_not_hide_the_others_problems(
    repo: Repo,
) -> None:
    repo.write("templates/bluesky.txt.j2", "{{ text | no_such_filter }}\n")
    path = _post(repo, "bsky, masto", "x" * 501)
    problems = repo.check()
    assert {(p["path"], p["rule"], p["account"]) for p in problems} == {
        ("templates/bluesky.txt.j2", "template/error", "bsky"),
        (path, "mastodon/length", "masto"),
    }
    assert all(p["severity"] == "error" for p in problems)

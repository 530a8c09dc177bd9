"""Broken post files: every one gives a clear problem at the right place, never a traceback."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import struct
import zlib

import pytest

from smmgen.content import parse_publish_at
from tests.helpers.content_repo import Repo, make_image, one, where

OK_FRONT = "publish_at: 2026-12-01 09:30\nnetworks: [bsky]\n"


def test_a_valid_post_on_four_networks_passes(repo: Repo) -> None:
    repo.image("content/img/square.jpg", (1080, 1080), "JPEG")
    repo.post(
        "launch",
        "---\n"
        "publish_at: 2026-12-01 09:30\n"
        "networks: [bsky, masto, li, insta]\n"
        "link: https://example.com/launch\n"
        "media:\n"
        "  - path: img/square.jpg\n"
        "    alt: Our new logo, orange on white\n"
        "---\n"
        "\n"
        "We launched **today**. Read all about it.\n",
    )
    result = repo.run("check")
    assert result.exit_code == 0, result.output
    # The only remark: Instagram shows the link, but nobody can tap it.
    assert result.stdout.count("\n") == 1
    assert result.stdout.endswith("[instagram/link-not-clickable]\n")


# --- The file itself --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "rule"),
    [
        ("Just a text, no settings.\n", 1, "front-matter/missing"),
        ("\n---\n" + OK_FRONT + "---\nHi\n", 1, "front-matter/missing"),
        ("---\n" + OK_FRONT + "\nHi, I forgot to close it.\n", 1, "front-matter/unclosed"),
    ],
    ids=["missing", "not-on-first-line", "unclosed"],
)
def test_front_matter_delimiters(repo: Repo, text: str, line: int, rule: str) -> None:
    path = repo.post("p", text)
    problems = repo.check()
    assert where(problems) == {(path, line, rule)}


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"---\n" + OK_FRONT.encode() + b"---\n\nCaf\xe9 au lait\n", 6, 4),
        (b"---\npublish_at: 2026-12-01 09:30\ncampaign: M\xfcnchen\n---\nHi\n", 3, 12),
    ],
    ids=["body", "front-matter"],
)
def test_non_utf8_byte_points_at_its_line(repo: Repo, data: bytes, line: int, column: int) -> None:
    path = repo.post("p", data)
    p = one(repo.check(), "file/encoding")
    assert (p["path"], p["line"], p["column"]) == (path, line, column)
    assert "not UTF-8" in p["message"]


def test_non_utf8_byte_after_a_bom(repo: Repo) -> None:
    path = repo.post("p", b"\xef\xbb\xbf---\n" + OK_FRONT.encode() + b"---\n\nCaf\xe9\n")
    p = one(repo.check(), "file/encoding")
    assert (p["path"], p["line"], p["column"]) == (path, 6, 4)
    assert p["message"] == "byte 0xe9 is not UTF-8; save the file as UTF-8"


def test_control_character_in_front_matter(repo: Repo) -> None:
    path = repo.post("p", "---\n" + OK_FRONT + "campaign: Grüße\x07\n---\n\nHi\n")
    problems = repo.check()
    assert where(problems) == {(path, 4, "yaml/syntax")}
    assert problems[0]["column"] == 16
    assert "U+0007" in problems[0]["message"]


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])
def test_unicode_line_separators_do_not_shift_lines(repo: Repo, char: str) -> None:
    # YAML counts these as line breaks; editors and we do not.
    path = repo.post(
        "p", f'---\npublish_at: now\ncampaign: "a{char}b"\nnetworks: [bsky]\nthred: 1\n---\nHi\n'
    )
    assert where(repo.check()) == {(path, 5, "front-matter/unknown-key")}
    # An unclosed list: YAML reports the end of the front matter, the closing '---'.
    repo.post("p", f'---\npublish_at: now\ncampaign: "a{char}b"\nnetworks: [bsky\n---\nHi\n')
    assert where(repo.check()) == {(path, 5, "yaml/syntax")}


def test_windows_line_endings_and_bom_are_fine(repo: Repo) -> None:
    repo.post(
        "p", b"\xef\xbb\xbf---\r\n" + OK_FRONT.replace("\n", "\r\n").encode() + b"---\r\nHi\r\n"
    )
    assert repo.check() == []


def test_post_file_over_1_mb(repo: Repo) -> None:
    path = repo.post("big", "---\n" + OK_FRONT + "---\n\n" + "word " * 200_001)
    p = one(repo.check(), "file/too-large")
    assert (p["path"], p["line"]) == (path, 1)
    assert "1,000,000" in p["message"]


# --- YAML ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "line", "column"),
    [
        # A plain scalar continued on an indented line, then ':' — YAML stops at line 4.
        ("networks: [bsky]\npublish_at: 2026-12-01 09:30\n  campaign: launch\n", 4, 11),
        # An unclosed flow list; YAML notices on the next line.
        ("publish_at: 2026-12-01 09:30\nnetworks: [bsky\ncampaign: launch\n", 4, 9),
        # An unclosed quote: the front matter ends inside it, at the end of line 4.
        ('publish_at: 2026-12-01 09:30\nnetworks: [bsky]\ncampaign: "launch\n', 4, 18),
    ],
    ids=["indentation", "flow-list", "unclosed-quote"],
)
def test_yaml_syntax_error_points_where_yaml_says(
    repo: Repo, front: str, line: int, column: int
) -> None:
    path = repo.post("p", "---\n" + front + "---\n\nHi\n")
    problems = repo.check()
    assert where(problems) == {(path, line, "yaml/syntax")}
    assert problems[0]["column"] == column
    assert problems[0]["message"].startswith("YAML syntax error")


@pytest.mark.parametrize(
    ("front", "what"),
    [("- bsky\n- masto\n", "a list"), ("just some words\n", "the text 'just some words'")],
    ids=["list", "string"],
)
def test_front_matter_must_be_a_mapping(repo: Repo, front: str, what: str) -> None:
    path = repo.post("p", "---\n" + front + "---\n\nHi\n")
    p = one(repo.check(), "front-matter/not-mapping")
    assert (p["path"], p["line"]) == (path, 2)
    assert p["message"].endswith(f"not {what}")


def test_duplicate_key_points_at_the_second(repo: Repo) -> None:
    path = repo.post("p", "---\n" + OK_FRONT + "publish_at: 2026-12-02 09:30\n---\n\nHi\n")
    p = one(repo.check(), "yaml/duplicate-key")
    assert (p["path"], p["line"], p["column"]) == (path, 4, 1)
    assert "'publish_at' is given twice" in p["message"]


def test_alias_bomb_is_stopped(repo: Repo) -> None:
    lol = "[" + ",".join(["lol"] * 9) + "]"
    front = f"networks: [bsky]\na: &a {lol}\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        front += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    path = repo.post("bomb", "---\n" + front + "---\n\nHi\n")
    problems = repo.check()
    # a has 10 values, b 91, c 820, d 7381: e (line 7) is the first to pass 10,000.
    assert where(problems) == {(path, 7, "yaml/too-complex")}


@pytest.mark.parametrize(
    "value",
    [
        '!!python/object/apply:os.system ["touch pwned"]',
        "!!python/object/apply:os.system\n  - touch pwned",
        "!!python/name:os.system",
        "!custom touch pwned",
    ],
)
def test_unsafe_yaml_tag_is_reported_not_run(repo: Repo, value: str) -> None:
    path = repo.post("p", "---\n" + OK_FRONT + f"campaign: {value}\n---\n\nHi\n")
    problems = repo.check()
    assert where(problems) == {(path, 4, "yaml/unsafe-tag")}
    assert problems[0]["column"] == 11
    assert not (repo.root / "pwned").exists()  # the command did not run


# --- Keys and values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            'publish_at: now\nnetworks: "bsky"\n',
            "'networks' must be a list of text values, not the text 'bsky'",
        ),
        (
            OK_FRONT + "thread: yes please\n",
            "'thread' must be true or false, not the text 'yes please'",
        ),
        (OK_FRONT + "sponsored: 1\n", "'sponsored' must be true or false, not the number 1"),
        (
            OK_FRONT + "status: published\n",
            "'status' must be one of ready, draft, not the text 'published'",
        ),
        (
            OK_FRONT + "link: example.com\n",
            "'link' must be a URL starting with https:// or http://",
        ),
        (OK_FRONT + "media: photo.png\n", "'media' must be a list, not the text 'photo.png'"),
    ],
    ids=["networks", "thread", "sponsored", "status", "link", "media"],
)
def test_wrong_types(repo: Repo, front: str, message: str) -> None:
    # The bad value is always on the last line of the front matter.
    path = repo.post("p", "---\n" + front + "---\n\nHi\n")
    p = one(repo.check(), "front-matter/type")
    assert (p["path"], p["line"]) == (path, front.count("\n") + 1)
    assert p["message"].startswith(message)


def test_unknown_key_suggests_the_right_one(repo: Repo) -> None:
    path = repo.post("p", "---\npubish_at: 2026-12-01 09:30\nnetworks: [bsky]\n---\n\nHi\n")
    problems = repo.check()
    p = one(problems, "front-matter/unknown-key")
    assert (p["path"], p["line"], p["column"]) == (path, 2, 1)
    assert p["message"] == "unknown key 'pubish_at' in front matter; did you mean 'publish_at'?"
    # Without a (recognised) time the post is not scheduled either.
    assert (path, 1, "front-matter/no-time") in where(problems)


def test_unknown_key_in_a_variant(repo: Repo) -> None:
    path = repo.post(
        "p", "---\n" + OK_FRONT + "variants:\n  bsky:\n    bdy: Short text\n---\n\nHi\n"
    )
    p = one(repo.check(), "front-matter/unknown-key")
    assert (p["path"], p["line"], p["column"]) == (path, 6, 5)
    assert "did you mean 'body'?" in p["message"]


@pytest.mark.parametrize(
    "value", ["2026-13-45 10:00", "2026-02-30 10:00", "2026-12-01", "tomorrow", "2026-12-01 25:00"]
)
def test_bad_publish_at(repo: Repo, value: str) -> None:
    path = repo.post("p", f"---\npublish_at: {value}\nnetworks: [bsky]\n---\n\nHi\n")
    p = one(repo.check(), "front-matter/publish-at")
    assert (p["path"], p["line"], p["column"]) == (path, 2, 13)
    assert f"'{value}'" in p["message"]
    assert "YYYY-MM-DD HH:MM" in p["message"]


@pytest.mark.parametrize(
    "value", ["2026-12-01 09:30", "2026-12-01T09:30", "2026-12-01T09:30:00+01:00", "now"]
)
def test_good_publish_at(repo: Repo, value: str) -> None:
    repo.post("p", f"---\npublish_at: {value}\nnetworks: [bsky]\n---\n\nHi\n")
    assert repo.check() == []


@pytest.mark.parametrize(
    "value",
    ["2026-12-01 09:30", "2026-1-5 9:03", "2026-12-01  09:30", "2026-12-01t09:30",
     "2026-02-29 10:00", "2028-02-29 10:00", "0000-01-01 00:00", "9998-12-31 23:59"],
)  # fmt: skip
def test_publish_at_is_read_as_strptime_reads_it(value: str) -> None:
    # The usual form is read without strptime; every form must still mean what it did.
    expected = None
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"):
        with contextlib.suppress(ValueError):
            expected = dt.datetime.strptime(value, fmt)
            break
    parsed, now, message = parse_publish_at(value)
    assert (parsed, now) == (expected, False)
    assert (message is None) == (expected is not None)


def test_publish_at_and_slot_both_given(repo: Repo) -> None:
    path = repo.post("p", "---\n" + OK_FRONT + "slot: mornings\n---\n\nHi\n")
    problems = repo.check()
    assert where(problems) == {(path, 4, "front-matter/time-and-slot")}


def test_neither_publish_at_nor_slot(repo: Repo) -> None:
    path = repo.post("p", "---\nnetworks: [bsky]\n---\n\nHi\n")
    problems = repo.check()
    assert where(problems) == {(path, 1, "front-matter/no-time")}
    assert "status: draft" in problems[0]["message"]


def test_a_draft_needs_no_time(repo: Repo) -> None:
    repo.post("p", "---\nnetworks: [bsky]\nstatus: draft\n---\n\nHi\n")
    assert repo.check() == []


def test_slot_post_passes_and_unknown_slot_is_named(repo: Repo) -> None:
    repo.post("ok", "---\nslot: mornings\nnetworks: [bsky, masto]\n---\n\nHi\n")
    path = repo.post("bad", "---\nslot: mornigns\nnetworks: [bsky]\n---\n\nHi\n")
    p = one(repo.check(), "post/unknown-slot")
    assert (p["path"], p["line"]) == (path, 2)
    assert "did you mean 'mornings'?" in p["message"]


def test_slot_that_does_not_post_to_an_account(repo: Repo) -> None:
    path = repo.post("p", "---\nslot: mornings\nnetworks: [bsky, li]\n---\n\nHi\n")
    p = one(repo.check(), "post/slot-account")
    assert (p["path"], p["line"], p["account"]) == (path, 3, "li")


# --- Accounts, text, rules -------------------------------------------------------------------


def test_unknown_account(repo: Repo) -> None:
    path = repo.post("p", "---\npublish_at: 2026-12-01 09:30\nnetworks: [bksy]\n---\n\nHi\n")
    p = one(repo.check(), "post/unknown-account")
    assert (p["path"], p["line"], p["account"]) == (path, 3, "bksy")
    assert "no account 'bksy'" in p["message"]
    assert "did you mean 'bsky'?" in p["message"]


def test_a_variant_for_an_unknown_account_is_named_on_its_line(repo: Repo) -> None:
    path = repo.post(
        "p",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\nvariants:\n  bksy:\n"
        "    body: Hallo\n---\n\nHi\n",
    )
    p = one(repo.check(), "post/unknown-account")
    assert (p["path"], p["line"], p["account"]) == (path, 5, "bksy")
    assert p["message"] == "variants: no account 'bksy' in schedule.yaml; did you mean 'bsky'?"


def test_an_unknown_account_does_not_hide_the_next_accounts_problems(repo: Repo) -> None:
    path = repo.post(
        "p", "---\npublish_at: 2026-12-01 09:30\nnetworks: [bksy, bsky]\n---\n\n" + "x" * 301
    )
    assert where(repo.check()) == {(path, 3, "post/unknown-account"), (path, 6, "bluesky/length")}


def test_a_schedule_without_accounts_or_slots_says_so(repo: Repo) -> None:
    repo.write("schedule.yaml", "timezone: Europe/Berlin\n")
    path = repo.post("p", "---\nslot: mornings\nnetworks: [bsky]\n---\n\nHi\n")
    problems = [p for p in repo.check() if p["path"] == path]
    assert {p["rule"]: p["message"] for p in problems} == {
        "post/unknown-slot": "no slot 'mornings' in schedule.yaml (slots: none)",
        "post/unknown-account": "no account 'bsky' in schedule.yaml (accounts: none yet)",
    }


@pytest.mark.parametrize(
    ("after", "line"),
    [("", 4), ("\n", 5), ("\n\n   \n", 5)],
    ids=["ends-at-front-matter", "one-blank-line", "blank-lines"],
)
def test_empty_body_and_no_media(repo: Repo, after: str, line: int) -> None:
    path = repo.post("p", "---\n" + OK_FRONT + "---\n" + after)
    p = one(repo.check(), "post/empty")
    # Inside the file: just below the front matter, or its closing '---'.
    assert (p["path"], p["line"], p["account"]) == (path, line, "bsky")
    assert p["message"].startswith("bsky: nothing to post")


def test_images_without_text_are_a_post(repo: Repo) -> None:
    repo.image("content/a.png")
    repo.post("p", "---\n" + OK_FRONT + "media:\n  - path: a.png\n    alt: A cat\n---\n")
    assert repo.check() == []


def test_blackout_names_the_reason(repo: Repo) -> None:
    path = repo.post("p", "---\nnetworks: [bsky]\npublish_at: 2026-12-25 10:00\n---\n\nHi\n")
    p = one(repo.check(), "post/blackout")
    assert (p["path"], p["line"]) == (path, 3)
    assert "2026-12-25 is in a blackout" in p["message"]
    assert "Christmas holidays" in p["message"]


def test_blackout_uses_the_schedule_time_zone(repo: Repo) -> None:
    # 23:30 UTC on the 23rd is 00:30 on the 24th in Berlin: inside the blackout.
    path = repo.post("p", "---\npublish_at: 2026-12-23T23:30:00Z\nnetworks: [bsky]\n---\n\nHi\n")
    p = one(repo.check(), "post/blackout")
    assert (p["path"], p["line"]) == (path, 2)
    assert "2026-12-24" in p["message"]
    # The day after the blackout is fine.
    repo.post("p", "---\npublish_at: 2026-12-27 00:00\nnetworks: [bsky]\n---\n\nHi\n")
    assert repo.check() == []


def test_sponsored_needs_the_disclosure_label(repo: Repo) -> None:
    path = repo.post(
        "p",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, masto]\nsponsored: true\n---\n\n"
        "Try the new coffee.\n",
    )
    problems = repo.check()
    assert where(problems) == {(path, 7, "post/disclosure-missing")}
    assert {p["account"] for p in problems} == {"bsky", "masto"}
    assert all("'#Anzeige'" in p["message"] for p in problems)
    repo.post(
        "p",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, masto]\nsponsored: true\n---\n\n"
        "Try the new coffee. #Anzeige\n",
    )
    assert repo.check() == []


def test_sponsored_variant_without_label_points_at_the_variant(repo: Repo) -> None:
    path = repo.post(
        "p",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, masto]\nsponsored: true\n"
        "variants:\n  masto:\n    body: Coffee!\n---\n\nTry the new coffee. #Anzeige\n",
    )
    p = one(repo.check(), "post/disclosure-missing")
    assert (p["path"], p["line"], p["account"]) == (path, 7, "masto")
    assert "variant body" in p["message"]


# --- Media -----------------------------------------------------------------------------------


def _media_post(repo: Repo, media_path: str, networks: str = "bsky", extra: str = "") -> str:
    return repo.post(
        "p",
        f"---\npublish_at: 2026-12-01 09:30\nnetworks: [{networks}]\nmedia:\n"
        f"  - path: {media_path}\n    alt: A description\n{extra}---\n\nHi\n",
    )


def test_a_variants_images_are_checked_too(repo: Repo) -> None:
    repo.image("content/a.png")
    path = repo.post(
        "p",
        "---\n" + OK_FRONT + "variants:\n  bsky:\n    media:\n      - path: a.png\n"
        "      - path: gone.png\n        alt: Weg\n---\n\nHi\n",
    )
    assert where(repo.check()) == {(path, 7, "media/alt-missing"), (path, 8, "media/missing")}


def test_missing_alt_text(repo: Repo) -> None:
    repo.image("content/a.png")
    repo.image("content/b.png")
    path = repo.post(
        "p",
        "---\n" + OK_FRONT + "media:\n  - path: a.png\n  - b.png\n---\n\nHi\n",
    )
    problems = repo.check()
    assert where(problems) == {
        (path, 5, "media/alt-missing"),
        (path, 6, "media/alt-missing"),
    }
    assert "'content/a.png' has no alt text" in problems[0]["message"]


def test_decorative_image_needs_no_alt(repo: Repo) -> None:
    repo.image("content/a.png")
    repo.post(
        "p", "---\n" + OK_FRONT + "media:\n  - path: a.png\n    decorative: true\n---\n\nHi\n"
    )
    assert repo.check() == []


def test_blank_alt_counts_as_missing(repo: Repo) -> None:
    repo.image("content/a.png")
    path = repo.post(
        "p", "---\n" + OK_FRONT + 'media:\n  - path: a.png\n    alt: "   "\n---\n\nHi\n'
    )
    assert where(repo.check()) == {(path, 5, "media/alt-missing")}


def test_media_path_is_relative_to_the_post(repo: Repo) -> None:
    repo.image("content/2026/img/a.png")
    repo.post(
        "2026/p",
        "---\n" + OK_FRONT + "media:\n  - path: img/a.png\n    alt: A cat\n---\n\nHi\n",
    )
    assert repo.check() == []


def test_missing_media_file(repo: Repo) -> None:
    path = _media_post(repo, "img/nope.png")
    p = one(repo.check(), "media/missing")
    assert (p["path"], p["line"], p["column"]) == (path, 5, 5)
    assert "'content/img/nope.png' does not exist" in p["message"]


@pytest.mark.parametrize("media_path", ["../../etc/passwd", "../../../x.png", "/etc/passwd"])
def test_media_outside_the_repository(repo: Repo, media_path: str) -> None:
    path = _media_post(repo, media_path)
    problems = repo.check()
    assert where(problems) == {(path, 5, "media/outside-repo")}
    assert "outside the repository" in problems[0]["message"]


def test_media_symlink_pointing_outside(repo: Repo) -> None:
    outside = make_image(repo.root.parent / "secret.png")
    os.symlink(outside, repo.root / "content" / "link.png")
    path = _media_post(repo, "link.png")
    p = one(repo.check(), "media/outside-repo")
    assert (p["path"], p["line"]) == (path, 5)
    assert "through a link" in p["message"]


def test_media_symlink_inside_is_fine(repo: Repo) -> None:
    repo.image("assets/a.png")
    os.symlink(repo.root / "assets" / "a.png", repo.root / "content" / "link.png")
    _media_post(repo, "link.png")
    assert repo.check() == []


@pytest.mark.parametrize("content", [b"not an image at all\n", b"", b"\x89PNG\r\n\x1a\ntruncated"])
def test_media_that_is_not_an_image(repo: Repo, content: bytes) -> None:
    repo.write("content/x.png", content)
    path = _media_post(repo, "x.png")
    p = one(repo.check(), "media/not-image")
    assert (p["path"], p["line"]) == (path, 5)
    assert "'content/x.png' is not an image" in p["message"]


def test_media_directory_is_not_an_image(repo: Repo) -> None:
    (repo.root / "content" / "dir.png").mkdir()
    path = _media_post(repo, "dir.png")
    assert where(repo.check()) == {(path, 5, "media/not-image")}


def test_oversize_image_for_bluesky(repo: Repo) -> None:
    big = make_image(repo.root / "content" / "big.png", (640, 640), noisy=True)
    assert big.stat().st_size > 1_000_000
    path = _media_post(repo, "big.png", networks="bsky, masto")
    p = one(repo.check(), "bluesky/media-size")
    # Only Bluesky minds: Mastodon takes 16 MB.
    assert (p["path"], p["line"], p["account"], p["network"]) == (path, 5, "bsky", "bluesky")
    mb = f"{big.stat().st_size / 1_000_000:.1f} MB"
    # A noisy PNG already small in pixels: keep its width, change the format.
    assert p["message"] == (
        f"bsky: 'content/big.png' is {mb}, Bluesky takes 1.0 MB: "
        "export at 640 px wide as JPEG quality 85"
    )


def test_a_huge_photo_gets_a_width_to_export_at(repo: Repo) -> None:
    big = make_image(repo.root / "content" / "big.jpg", (5000, 3000), fmt="JPEG", noisy=True)
    size = big.stat().st_size
    assert size > 8_000_000
    path = _media_post(repo, "big.jpg", networks="bsky, insta")
    problems = {p["rule"]: p for p in repo.check()}
    assert problems["bluesky/media-size"]["message"] == (
        f"bsky: 'content/big.jpg' is {size / 1e6:.1f} MB, Bluesky takes 1.0 MB: "
        "export at 2100 px wide as JPEG quality 85"
    )
    assert problems["instagram/media-size"]["message"].endswith(
        "Instagram takes 8.0 MB: export at 5000 px wide as JPEG quality 85"
    )
    assert problems["bluesky/media-size"]["path"] == path


def test_wrongly_shaped_image_for_instagram(repo: Repo) -> None:
    repo.image("content/wide.jpg", (1000, 200), "JPEG")
    path = _media_post(repo, "wide.jpg", networks="insta, bsky")
    problems = repo.check()
    assert where(problems) == {(path, 5, "instagram/media-aspect")}
    assert problems[0]["message"] == (
        "insta: 'content/wide.jpg' is 1000×200 (ratio 5.00); the widest allowed is 1.91 "
        "— crop it narrower"
    )


def test_png_on_instagram_is_the_wrong_format(repo: Repo) -> None:
    repo.image("content/a.png", (1080, 1080))
    path = _media_post(repo, "a.png", networks="insta")
    p = one(repo.check(), "instagram/media-format")
    assert (p["path"], p["line"]) == (path, 5)
    assert "is PNG; use JPEG" in p["message"]


def test_image_named_jpg_is_judged_by_its_content(repo: Repo) -> None:
    repo.image("content/a.jpg", (1080, 1080), "PNG")
    path = _media_post(repo, "a.jpg", networks="insta")
    assert where(repo.check()) == {(path, 5, "instagram/media-format")}


def test_instagram_needs_an_image(repo: Repo) -> None:
    path = repo.post("p", "---\npublish_at: 2026-12-01 09:30\nnetworks: [insta]\n---\n\nHi\n")
    p = one(repo.check(), "instagram/media-required")
    assert (p["path"], p["line"], p["account"]) == (path, 6, "insta")
    assert p["message"] == (
        "insta: needs at least 1 image; add media (or a variants entry with media)"
    )


def _png_header(width: int, height: int) -> bytes:
    """A tiny PNG that claims huge dimensions (what a decompression bomb looks like)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0"))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ((12_000, 9_000), "'content/x.png' is 12000×9000 pixels; scale it down"),
        ((30_000, 30_000), "'content/x.png' has over 100,000,000 pixels; scale it down"),
    ],
    ids=["over-the-limit", "decompression-bomb"],
)
def test_image_with_too_many_pixels(
    repo: Repo, recwarn: pytest.WarningsRecorder, size: tuple[int, int], message: str
) -> None:
    repo.write("content/x.png", _png_header(*size))
    path = _media_post(repo, "x.png")
    p = one(repo.check(), "media/too-large")
    assert (p["path"], p["line"], p["message"]) == (path, 5, message)
    assert not [w for w in recwarn if "DecompressionBomb" in w.category.__name__]


@pytest.mark.parametrize("media_path", ["a" * 5000 + ".png", '"a\\0.png"'], ids=["long", "nul"])
def test_media_path_the_file_system_refuses(repo: Repo, media_path: str) -> None:
    path = _media_post(repo, media_path)
    assert where(repo.check()) == {(path, 5, "media/missing")}


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:00+00:00", "9999-12-31 23:59"]
)
def test_publish_at_at_the_end_of_time(repo: Repo, value: str) -> None:
    path = repo.post("p", f"---\npublish_at: {value}\nnetworks: [bsky]\n---\n\nHi\n")
    p = one(repo.check(), "front-matter/publish-at")
    assert (p["path"], p["line"]) == (path, 2)
    assert "use a year between 2 and 9998" in p["message"]


@pytest.mark.parametrize(("depth", "rule"), [(100, "yaml/too-complex"), (5000, "yaml/syntax")])
def test_deeply_nested_yaml(repo: Repo, depth: int, rule: str) -> None:
    path = repo.post("p", "---\n" + OK_FRONT + "x: " + "[" * depth + "]" * depth + "\n---\nHi\n")
    assert where(repo.check()) == {(path, 4, rule)}

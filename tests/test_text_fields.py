"""Text in front matter and schedule.yaml goes out exactly as typed, or check says why not."""

from __future__ import annotations

import pytest

from tests.helpers.content_repo import SCHEDULE, Repo, one

FRONT = "publish_at: 2026-12-01 09:30\nnetworks: [bsky]\n"


def test_hashtags_after_a_body_are_not_dropped_as_a_comment(repo: Repo) -> None:
    path = repo.post(
        "p",
        "---\n" + FRONT + "variants:\n  bsky:\n    body: Neue Röstung, jetzt im Shop! #Kaffee "
        "#Freiburg\n---\n\nHi\n",
    )
    p = one(repo.check(), "yaml/comment-in-text")
    assert p["severity"] == "error"
    assert (p["path"], p["line"], p["column"]) == (path, 6, 40)
    assert p["message"] == (
        "'body' loses '#Kaffee #Freiburg': in YAML ' #' starts a comment, so that text is "
        "dropped; put the value in quotes or use | (`smmgen fix` does this)"
    )


def test_alt_text_with_a_number_sign(repo: Repo) -> None:
    repo.image("content/r.png")
    path = repo.post(
        "p", "---\n" + FRONT + "media:\n  - path: r.png\n    alt: „Röstung #1200“\n---\n\nHi\n"
    )
    p = one(repo.check(), "yaml/comment-in-text")
    assert (p["path"], p["line"], p["column"]) == (path, 6, 19)
    assert "'alt' loses '#1200“'" in p["message"]


def test_a_comment_after_a_value_that_is_not_text_stays_allowed(repo: Repo) -> None:
    repo.post(
        "p",
        "---\npublish_at: 2026-12-01 09:30 # after the fair\nnetworks: [bsky] # for now\n"
        'variants:\n  bsky:\n    body: "Neu! #Kaffee" # quoted: fine\n---\n\nHi\n',
    )
    assert repo.check() == []


@pytest.mark.parametrize(
    "value", ["'Neu #Kaffee'", '"Neu #Kaffee"', "|\n      Neu #Kaffee", "Neu#Kaffee"]
)
def test_quoted_or_block_text_keeps_its_hashtags(repo: Repo, value: str) -> None:
    path = repo.post("p", "---\n" + FRONT + f"variants:\n  bsky:\n    body: {value}\n---\n\nHi\n")
    assert repo.check() == []
    out = repo.run("render", path, "--format", "json").stdout
    assert "Neu #Kaffee" in out or "Neu#Kaffee" in out


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ("no", "false (true/false)"),
        ("1.10", "the number 1.1"),
        ("0x10", "the number 16"),
        ("yes", "true (true/false)"),
        ("~", "nothing"),
    ],
)
def test_text_that_yaml_turns_into_something_else(repo: Repo, typed: str, read_as: str) -> None:
    path = repo.post("p", "---\n" + FRONT + f"content_warning: {typed}\n---\n\nHi\n")
    p = one(repo.check(), "yaml/text-changed")
    assert (p["path"], p["line"], p["column"]) == (path, 4, 18)
    assert p["message"] == (
        f"'content_warning' is written {typed}, which YAML reads as {read_as}; "
        f'put the value in quotes: content_warning: "{typed}" (`smmgen fix` does this)'
    )


@pytest.mark.parametrize("typed", ["2026", "2026-12-03", "12:30"])
def test_text_that_yaml_reads_back_unchanged_is_kept(repo: Repo, typed: str) -> None:
    path = repo.post("p", "---\n" + FRONT + f"variants:\n  bsky:\n    body: {typed}\n---\n\nHi\n")
    assert repo.check() == []
    assert f'"text": "{typed}"' in repo.run("render", path, "--format", "json").stdout


def test_an_unquoted_disclosure_label_is_not_lost(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE.replace('disclosure: "#Anzeige"', "disclosure: #Anzeige"))
    p = one(repo.check(), "yaml/comment-in-text")
    assert (p["path"], p["line"]) == ("schedule.yaml", 2)
    assert "'disclosure' loses '#Anzeige'" in p["message"]

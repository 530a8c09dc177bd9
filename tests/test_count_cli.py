"""`smmgen count`: the length of a text as one network counts it."""

from __future__ import annotations

import json

import pytest

from tests.helpers.content_repo import Repo

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧: 1 grapheme, 5 code points
LONG_URL = "https://example.com/a/very/long/path/that/is/much/longer/than/23/characters"


def count(repo: Repo, network: str, text: str, *extra: str, stdin: str | None = None) -> str:
    result = repo.run("count", "--network", network, *extra, text, stdin=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("network", "text", "length"),
    [
        ("bluesky", FAMILY, 1),
        ("bluesky", "e\u0301" * 3, 3),
        ("bluesky", "hello", 5),
        ("mastodon", LONG_URL, 23),
        ("mastodon", f"Read {LONG_URL} now", 5 + 23 + 4),
        ("mastodon", "@alice@example.social hi", len("@alice hi")),
        ("x", "日本語", 6),
        ("x", "日本語 abc", 6 + 4),
        ("x", LONG_URL, 23),
        ("linkedin", FAMILY, 8),  # UTF-16 code units
    ],
)
def test_count(repo: Repo, network: str, text: str, length: int) -> None:
    assert count(repo, network, text) == f"{length}\n"


def test_count_json(repo: Repo) -> None:
    assert json.loads(count(repo, "bluesky", FAMILY, "--json")) == {
        "network": "bluesky",
        "length": 1,
        "limit": 300,
        "valid": True,
    }
    assert json.loads(count(repo, "x", "日" * 141, "--json")) == {
        "network": "x",
        "length": 282,
        "limit": 280,
        "valid": False,
    }
    assert json.loads(count(repo, "x", "日" * 140, "--json"))["valid"] is True


def test_empty_text_is_not_valid(repo: Repo) -> None:
    assert json.loads(count(repo, "mastodon", "", "--json"))["valid"] is False


def test_bluesky_byte_limit_makes_it_invalid(repo: Repo) -> None:
    # 170 graphemes fit, but 170 × 18 = 3060 bytes of UTF-8 do not.
    data = json.loads(count(repo, "bluesky", FAMILY * 170, "--json"))
    assert (data["length"], data["valid"]) == (170, False)


def test_stdin(repo: Repo) -> None:
    assert count(repo, "x", "-", stdin="日本語") == "6\n"
    # The final line break of a file or of echo is not part of the text.
    assert count(repo, "bluesky", "-", stdin="hello\n") == "5\n"
    assert count(repo, "bluesky", "-", stdin="two\nlines\r\n") == "9\n"
    assert json.loads(count(repo, "x", "-", "--json", stdin=LONG_URL + "\n"))["length"] == 23


def test_unknown_network_exits_2(repo: Repo) -> None:
    result = repo.run("count", "--network", "blusky", "hi")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown network 'blusky'" in result.stderr
    assert "did you mean 'bluesky'?" in result.stderr


def test_manual_network_exits_2(repo: Repo) -> None:
    result = repo.run("count", "--network", "manual", "hi")
    assert result.exit_code == 2
    assert "manual" in result.stderr


def test_network_is_required(repo: Repo) -> None:
    result = repo.run("count", "hi")
    assert result.exit_code == 2
    assert "--network" in result.stderr


def test_count_agrees_with_check(repo: Repo) -> None:
    # The text check rejects for Bluesky is the text count calls too long.
    body = "word " * 60 + FAMILY  # 301 graphemes
    data = json.loads(count(repo, "bluesky", body.strip(), "--json"))
    assert (data["length"], data["valid"]) == (301, False)
    repo.post("a", "---\npublish_at: now\nnetworks: [bsky]\n---\n\n" + body + "\n")
    [problem] = repo.check()
    assert problem["message"].startswith("bsky: 301/300 graphemes")

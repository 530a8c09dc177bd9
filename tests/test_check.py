"""`smmgen check`: output formats, exit codes, lengths and threads, and the result cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from smmgen.check_cache import ResultCache
from smmgen.cli import main
from smmgen.project import load_project
from smmgen.repo import rel_path
from tests.helpers.content_repo import Repo, one, where
from tests.helpers.imported import modules_after

HEAD = "---\npublish_at: 2026-12-01 09:30\nnetworks: [{}]\n---\n\n"  # the body is on line 6


def words(n: int) -> str:
    """Plain prose of exactly ``n`` ASCII characters, in sentences."""
    text = ("Lorem ipsum dolor sit amet. " * (n // 28 + 1))[:n]
    return text[:-1] + "." if text.endswith(" ") else text


# --- Output formats --------------------------------------------------------------------------


def _bad_post(repo: Repo) -> None:
    repo.post("a", "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\nthred: true\n---\n\nHi\n")


def test_text_format(repo: Repo) -> None:
    _bad_post(repo)
    result = repo.run("check")
    assert result.exit_code == 1
    assert result.stdout == (
        "content/a.md:4:1: error: unknown key 'thred' in front matter; did you mean 'thread'? "
        "[front-matter/unknown-key]\n"
    )
    assert "1 error" in result.stderr


def test_json_format(repo: Repo) -> None:
    _bad_post(repo)
    repo.post("b", HEAD.format("bsky") + "x" * 301 + "\n")
    result = repo.run("check", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "content/a.md",
            "line": 4,
            "column": 1,
            "severity": "error",
            "rule": "front-matter/unknown-key",
            "message": "unknown key 'thred' in front matter; did you mean 'thread'?",
            "account": None,
            "network": None,
        },
        {
            "path": "content/b.md",
            "line": 6,
            "column": 1,
            "severity": "error",
            "rule": "bluesky/length",
            "message": "bsky: 301/300 graphemes — shorten by 1, set thread: true, or add a "
            "variants.bsky body",
            "account": "bsky",
            "network": "bluesky",
        },
    ]


def test_github_format(repo: Repo) -> None:
    _bad_post(repo)
    result = repo.run("check", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=content/a.md,line=4,col=1,title=front-matter/unknown-key::"
        "unknown key 'thred' in front matter; did you mean 'thread'?\n"
    )


def test_github_format_is_the_default_in_github_actions(repo: Repo) -> None:
    _bad_post(repo)
    result = repo.run("check", env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::error file=content/a.md,line=4,col=1,")
    result = repo.run("check", "--format", "text", env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("content/a.md:4:1: error: ")


def test_github_format_escapes_the_message(repo: Repo) -> None:
    # A YAML message with a newline-free but '%'-bearing value must stay one command line.
    repo.post("a", "---\npublish_at: 100%\nnetworks: [bsky]\n---\n\nHi\n")
    out = repo.run("check", "--format", "github").stdout
    assert out.count("\n") == 1
    assert "100%25" in out


def test_unknown_format_is_a_usage_error(repo: Repo) -> None:
    result = repo.run("check", "--format", "xml")
    assert result.exit_code == 2
    assert "xml" in result.stderr


# --- Exit codes and where to run -------------------------------------------------------------


def test_clean_repo_exits_0(repo: Repo) -> None:
    repo.post("a", HEAD.format("bsky, masto, li") + "Hello.\n")
    result = repo.run("check")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "The post is fine.\n", "")


def test_warnings_alone_exit_0(repo: Repo) -> None:
    path = repo.post(
        "a",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\nvariants:\n  masto:\n"
        "    body: Hello Fediverse\n---\n\nHello.\n",
    )
    result = repo.run("check")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{path}:5:1: warning: variants: 'masto' is not in 'networks'")
    assert result.stdout.endswith("[post/unused-variant]\n")


def test_errors_exit_1(repo: Repo) -> None:
    repo.post("a", "no front matter\n")
    assert repo.run("check").exit_code == 1


def test_no_schedule_found_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path / "content")
    result = Repo(tmp_path).run("check")
    assert result.exit_code == 2
    assert "no schedule.yaml found" in result.stderr
    assert "--root" in result.stderr


def test_root_without_schedule_exits_2(repo: Repo, tmp_path: Path) -> None:
    result = repo.run("check", "--root", str(tmp_path))
    assert result.exit_code == 2
    assert "no schedule.yaml in" in result.stderr


def test_missing_path_argument_exits_2(repo: Repo) -> None:
    result = repo.run("check", "content/nope.md")
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


def test_root_option_from_elsewhere(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.post("a", "no front matter\n")
    monkeypatch.chdir(tmp_path)
    result = repo.run("check", "--root", "repo")
    assert result.stdout.startswith("content/a.md:1:1: error: ")


def test_found_upward_and_paths_relative_to_the_root(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.post("2026/a", "no front matter\n")
    monkeypatch.chdir(repo.root / "content" / "2026")
    result = repo.run("check")
    assert result.stdout.startswith("content/2026/a.md:1:1: error: ")


def test_paths_limit_what_is_checked(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.post("a", "no front matter\n")
    repo.post("b", "no front matter either\n")
    assert {p["path"] for p in repo.check("content/b.md")} == {"content/b.md"}
    monkeypatch.chdir(repo.root / "content")
    assert {p["path"] for p in repo.check("a.md")} == {"content/a.md"}
    # Afterwards a full run still sees both.
    monkeypatch.chdir(repo.root)
    assert {p["path"] for p in repo.check()} == {"content/a.md", "content/b.md"}


def test_non_markdown_files_and_hidden_folders_are_skipped(repo: Repo) -> None:
    repo.write("content/notes.txt", "no front matter")
    repo.write("content/.drafts/x.md", "no front matter")
    repo.image("content/a.png")
    assert repo.check() == []


# --- Lengths and threads ---------------------------------------------------------------------


def test_bluesky_length_message(repo: Repo) -> None:
    path = repo.post("a", HEAD.format("bsky, masto") + words(312) + "\n")
    problems = repo.check()
    assert where(problems) == {(path, 6, "bluesky/length")}
    assert problems[0]["message"] == (
        "bsky: 312/300 graphemes — shorten by 12, set thread: true, or add a variants.bsky body"
    )


def test_bluesky_counts_graphemes_not_code_points(repo: Repo) -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 1 grapheme, 5 code points
    repo.post("a", HEAD.format("bsky") + "a" * 290 + family * 10 + "\n")
    assert repo.check() == []
    path = repo.post("a", HEAD.format("bsky") + "a" * 291 + family * 10 + "\n")
    assert one(repo.check(), "bluesky/length")["message"].startswith("bsky: 301/300 graphemes")
    # 170 families are only 170 graphemes but 3060 bytes of UTF-8: over the byte limit.
    path = repo.post("a", HEAD.format("bsky") + family * 170 + "\n")
    p = one(repo.check(), "bluesky/bytes")
    assert (p["path"], p["line"]) == (path, 6)
    assert p["message"].startswith("bsky: 3060/3000 UTF-8 bytes — shorten by 60 bytes")


def test_language_tags_are_checked(repo: Repo) -> None:
    repo.post(
        "a",
        "---\npublish_at: now\nnetworks: [bsky, masto]\nlanguage: english\nvariants:\n"
        "  masto:\n    language: de_AT\n---\n\nHi\n",
    )
    problems = repo.check()
    assert where(problems) == {
        ("content/a.md", 4, "front-matter/type"),
        ("content/a.md", 7, "front-matter/type"),
    }
    p = next(p for p in problems if p["line"] == 4)
    assert p["message"] == (
        "'language' must be a language tag like en, de or pt-BR, not the text 'english'"
    )
    repo.post("a", "---\npublish_at: now\nnetworks: [bsky]\nlanguage: pt-BR\n---\n\nOi\n")
    assert repo.check() == []


def test_length_in_a_variant_points_at_the_variant(repo: Repo) -> None:
    path = repo.post(
        "a",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\nvariants:\n  bsky:\n"
        f"    body: {words(305)}\n---\n\nShort.\n",
    )
    p = one(repo.check(), "bluesky/length")
    assert (p["path"], p["line"], p["column"]) == (path, 6, 1)
    # The variant is already the account's own text: no advice to add one.
    assert p["message"] == "bsky: 305/300 graphemes — shorten by 5, or set thread: true"


def test_thread_splits_a_long_text_on_bluesky(repo: Repo) -> None:
    repo.post(
        "a",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, masto]\nthread: true\n---\n\n"
        + words(1000)
        + "\n",
    )
    assert repo.check() == []


def test_thread_does_not_help_where_there_are_no_threads(repo: Repo) -> None:
    path = repo.post(
        "a",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, li]\nthread: true\n---\n\n"
        + words(3100)
        + "\n",
    )
    problems = repo.check()
    assert where(problems) == {(path, 7, "linkedin/length")}
    assert problems[0]["message"] == (
        "li: 3100/3000 characters (emoji count as 2) — shorten by 100, or add a variants.li "
        "body (LinkedIn has no threads, so thread: true cannot split it)"
    )


def test_a_variant_over_the_limit_where_there_are_no_threads_can_only_be_shortened(
    repo: Repo,
) -> None:
    path = repo.post(
        "a",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [li]\nvariants:\n  li:\n"
        f"    body: {words(3001)}\n---\n\nShort.\n",
    )
    p = one(repo.check(), "linkedin/length")
    assert (p["path"], p["line"]) == (path, 6)
    assert p["message"] == "li: 3001/3000 characters (emoji count as 2) — shorten by 1"


def test_mastodon_link_counts_23(repo: Repo) -> None:
    url = "https://example.com/" + "a" * 200
    repo.post("a", HEAD.format("masto") + words(470) + " " + url + "\n")
    assert repo.check() == []  # 470 + 1 + 23 = 494
    path = repo.post("a", HEAD.format("masto") + words(480) + " " + url + "\n")
    p = one(repo.check(), "mastodon/length")
    assert p["path"] == path
    assert p["message"].startswith("masto: 504/500 characters (each link counts as 23)")


def test_markdown_is_counted_as_plain_text(repo: Repo) -> None:
    # 300 visible characters; the ** markers are not sent.
    repo.post("a", HEAD.format("bsky") + "**" + words(296) + "**\n")
    assert repo.check() == []


# --- The cache -------------------------------------------------------------------------------


def _two_bad_posts(repo: Repo) -> None:
    repo.post("a", "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\nthred: true\n---\n\nHi\n")
    repo.post("b", HEAD.format("bsky, li") + words(310) + "\n")


def test_second_run_gives_identical_output(repo: Repo) -> None:
    _two_bad_posts(repo)
    first = repo.run("check", "--format", "json")
    assert (repo.root / ".smmgen-cache").is_dir()
    second = repo.run("check", "--format", "json")
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)
    assert len(json.loads(first.stdout)) == 2
    text1, text2 = repo.run("check"), repo.run("check")
    assert text1.stdout == text2.stdout
    assert text1.stderr == text2.stderr


def test_editing_one_post_changes_only_its_problems(repo: Repo) -> None:
    _two_bad_posts(repo)
    before = repo.check()
    repo.post("b", HEAD.format("bsky, li") + "Short now.\n")
    after = repo.check()
    assert after == [p for p in before if p["path"] == "content/a.md"]
    repo.post("a", HEAD.format("bksy") + "Hi\n")
    assert where(repo.check()) == {("content/a.md", 3, "post/unknown-account")}


def test_editing_the_schedule_invalidates(repo: Repo) -> None:
    repo.post("a", HEAD.format("bsky") + "Hi\n")
    assert repo.check() == []
    schedule = repo.root / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8").replace("2026-12-24", "2026-11-30"), "utf-8")
    p = one(repo.check(), "post/blackout")
    assert p["path"] == "content/a.md"
    schedule.write_text(schedule.read_text("utf-8").replace("  bsky:", "  sky:"), "utf-8")
    problems = repo.check()
    assert ("content/a.md", 3, "post/unknown-account") in where(problems)


def test_changing_an_image_invalidates_the_posts_using_it(repo: Repo) -> None:
    repo.image("content/photo.jpg", (1080, 1080), "JPEG")
    repo.post(
        "uses",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [insta]\nmedia:\n  - path: photo.jpg\n"
        "    alt: A photo\n---\n\nHi\n",
    )
    repo.post("other", HEAD.format("bsky") + "Hi\n")
    assert repo.check() == []
    repo.image("content/photo.jpg", (1000, 200), "JPEG")
    assert where(repo.check()) == {("content/uses.md", 5, "instagram/media-aspect")}
    (repo.root / "content" / "photo.jpg").unlink()
    assert where(repo.check()) == {("content/uses.md", 5, "media/missing")}
    repo.image("content/photo.jpg", (1080, 1080), "JPEG")
    assert repo.check() == []


def test_no_cache_neither_reads_nor_writes(repo: Repo) -> None:
    _two_bad_posts(repo)
    result = repo.run("check", "--no-cache")
    assert result.exit_code == 1
    assert not (repo.root / ".smmgen-cache").exists()
    assert repo.run("check").stdout == result.stdout  # the same answer with the cache


def test_no_cache_sees_what_the_cache_cannot(repo: Repo) -> None:
    # The cache knows an image by size and time; a same-size replacement with the old
    # time restored slips past it, but never past --no-cache.
    image = repo.image("content/a.png")
    repo.post(
        "a",
        "---\n" + "publish_at: now\nnetworks: [bsky]\nmedia:\n  - path: a.png\n"
        "    alt: A cat\n---\n\nHi\n",
    )
    assert repo.check() == []
    st = image.stat()
    image.write_bytes(b"not an image".ljust(st.st_size, b"!"))
    os.utime(image, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert where(repo.check("--no-cache")) == {("content/a.md", 5, "media/not-image")}


def _age(*paths: Path) -> None:
    """Date files an hour back, so the cache trusts their size and time (not only the hash)."""
    hour_ago = time.time_ns() - 3600 * 10**9
    for path in paths:
        os.utime(path, ns=(hour_ago, hour_ago))


def test_an_image_changed_under_a_post_the_cache_trusts(repo: Repo) -> None:
    repo.image("content/photo.jpg", (1080, 1080), "JPEG")
    post = repo.post(
        "uses",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [insta]\nmedia:\n  - path: photo.jpg\n"
        "    alt: A photo\n---\n\nHi\n",
    )
    _age(repo.root / post)
    assert repo.check() == []
    repo.image("content/photo.jpg", (1000, 200), "JPEG")
    # The post itself is unchanged and not re-read by its hash: it must still be parsed
    # from its real text, not from nothing.
    assert where(repo.check()) == {("content/uses.md", 5, "instagram/media-aspect")}


CACHE = Path(".smmgen-cache/check.jsonl")
Damage = Callable[[bytes], bytes]


def _lines(change: Callable[[list[str]], list[str]]) -> Damage:
    def damage(data: bytes) -> bytes:
        return "\n".join(change(data.decode().split("\n"))).encode()

    return damage


def _line_of_a(change: Callable[[str], str]) -> Damage:
    """Damage the line of content/a.md (a post with one problem)."""

    def one(line: str) -> str:
        return change(line) if line.startswith('["content/a.md",') else line

    return _lines(lambda lines: [one(line) for line in lines])


def _entry(change: Callable[[list[Any]], object]) -> Damage:
    """Damage the value of content/a.md's line: [path, hash, stat, timing, images, problems]."""
    return _line_of_a(lambda line: json.dumps(change(json.loads(line))))


def _head(change: Callable[[dict[str, Any]], object]) -> Damage:
    return _lines(lambda lines: [json.dumps(change(json.loads(lines[0]))), *lines[1:]])


def _problem(e: list[Any], i: int, value: object) -> list[Any]:
    """``e`` with field ``i`` of its first problem row set to ``value``."""
    row = list(e[5][0])
    row[i] = value
    return [*e[:5], [row]]


DAMAGES: dict[str, Damage] = {
    "binary": lambda data: b"\xff\xfe" + data,
    "head-missing": _lines(lambda lines: lines[1:]),
    "head-not-json": _lines(lambda lines: [lines[0][:-1], *lines[1:]]),
    "other-version": _head(lambda d: {**d, "smmgen-check-cache": 2}),
    "wrong-key": _head(lambda d: {**d, "key": "7" + d["key"]}),
    "cut-short": lambda data: data[: len(data) - 20],
    "line-missing": _line_of_a(lambda line: ""),
    "line-not-json": _line_of_a(lambda line: line[:-1]),
    "two-lines-in-one": _line_of_a(lambda line: line + "," + line),
    "line-not-a-list": _entry(lambda e: dict(enumerate(e))),
    "extra-field": _entry(lambda e: [*e, "x"]),
    "wrong-hash": _entry(lambda e: [e[0], "0" * 32, *e[2:]]),
    "stat-not-text": _entry(lambda e: [*e[:2], 7, *e[3:]]),
    "timing-not-text": _entry(lambda e: [*e[:3], None, *e[4:]]),
    "images-not-list": _entry(lambda e: [*e[:4], 7, e[5]]),
    "image-not-row": _entry(lambda e: [*e[:4], [["x"]], e[5]]),
    "image-size-not-int": _entry(lambda e: [*e[:4], [["x", "1", 2]], e[5]]),
    "problems-not-list": _entry(lambda e: [*e[:5], {}]),
    "problem-too-short": _entry(lambda e: [*e[:5], [["x"], *e[5]]]),
    "bad-severity": _entry(lambda e: _problem(e, 3, "fatal")),
    "line-not-int": _entry(lambda e: _problem(e, 1, "4")),
    "account-not-text": _entry(lambda e: _problem(e, 6, 1)),
}


@pytest.mark.parametrize("aged", [False, True], ids=["hashed", "stat-trusted"])
@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_corrupt_cache_is_ignored(repo: Repo, damage: Damage, aged: bool) -> None:
    _two_bad_posts(repo)
    if aged:
        _age(repo.root / "content/a.md", repo.root / "content/b.md")
    expected = repo.run("check")
    cache_file = repo.root / CACHE
    data = cache_file.read_bytes()
    damaged = damage(data)
    assert damaged != data
    cache_file.write_bytes(damaged)
    again = repo.run("check")
    assert (again.exit_code, again.stdout) == (expected.exit_code, expected.stdout)
    # ...and the next run has a good cache again (a hash the file's unchanged stat
    # vouches for is not computed again: harmless, the entry was right for the file).
    if not (aged and damage is DAMAGES["wrong-hash"]):
        assert sorted(cache_file.read_bytes().split(b"\n")) == sorted(data.split(b"\n"))
    assert repo.run("check").stdout == expected.stdout


@pytest.mark.parametrize("damage", ["line-not-json", "two-lines-in-one", "bad-severity"])
def test_a_damaged_line_costs_only_its_own_file(repo: Repo, damage: str) -> None:
    _two_bad_posts(repo)
    assert load_project(repo.root).from_cache == 0
    cache_file = repo.root / CACHE
    cache_file.write_bytes(DAMAGES[damage](cache_file.read_bytes()))
    assert load_project(repo.root).from_cache == 1  # content/b.md
    assert load_project(repo.root).from_cache == 2


def test_the_cache_holds_what_the_damage_cases_damage(repo: Repo) -> None:
    _two_bad_posts(repo)
    _age(repo.root / "content/a.md")
    repo.run("check")
    head, *lines = (repo.root / CACHE).read_text("utf-8").splitlines()
    assert json.loads(head)["smmgen-check-cache"] == 4 and len(json.loads(head)["key"]) == 32
    entries = {e[0]: e[1:] for e in map(json.loads, lines)}
    digest, signature, timing, images, problems = entries["content/a.md"]
    assert len(digest) == 32 and signature.count(":") == 2 and images == []
    assert isinstance(timing, str)
    assert [p[:5] for p in problems] == [
        ["content/a.md", 4, 1, "error", "front-matter/unknown-key"]
    ]


def _cached(repo: Repo) -> list[str]:
    """The files the cache holds results for."""
    lines = (repo.root / CACHE).read_text("utf-8").splitlines()[1:]
    return sorted(json.loads(line)[0] for line in lines)


def test_files_with_unusual_names_are_cached_too(repo: Repo) -> None:
    repo.post("tab\there", HEAD.format("bksy") + "Hi\n")
    repo.post("plain", HEAD.format("bsky") + "Hi\n")
    first = repo.run("check")
    assert first.exit_code == 1
    assert repo.run("check").stdout == first.stdout
    assert _cached(repo) == ["content/plain.md", "content/tab\there.md"]


def _many_posts(repo: Repo, n: int) -> list[Path]:
    """``n`` posts, one of them with a problem, aged so the cache trusts their stat."""
    posts = [repo.post(f"p{i:02d}", HEAD.format("bsky") + f"Post {i}.\n") for i in range(n - 1)]
    posts.append(repo.post("bad", HEAD.format("bksy") + "Hi\n"))
    _age(*(repo.root / p for p in posts))
    return [repo.root / p for p in posts]


def test_a_changed_result_is_appended_and_the_cache_compacted(repo: Repo) -> None:
    posts = _many_posts(repo, 16)
    expected = repo.run("check")
    lines = (repo.root / CACHE).read_text("utf-8").splitlines()
    assert len(lines) == 17  # the head and one line per post
    for edit in range(1, 4):
        posts[0].write_text(HEAD.format("bsky") + f"Edited {edit}.\n", "utf-8")
        _age(posts[0])
        assert repo.run("check").stdout == expected.stdout
        again = load_project(repo.root)
        assert again.from_cache == 16
        now = (repo.root / CACHE).read_text("utf-8").splitlines()
        if edit <= 2:  # one replaced line per 8 current ones: appended, the old line stays
            assert now == [*lines, *now[17:]] and len(now) == 17 + edit
        else:  # more: written whole, one line per post again
            assert len(now) == 17 and sorted(now) != sorted(lines)
    assert repo.run("check").stdout == expected.stdout


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


# A clean file's line is [path, hash, stat, timing]: damaged as the cache would write it.
CLEAN_DAMAGES: dict[str, Callable[[list[Any]], str]] = {
    "timing-number": lambda v: _compact([*v[:3], 7]),
    "timing-cut": lambda v: _compact(v)[:-3],
    "timing-two": lambda v: _compact([*v, v[3]]),
    "hash-number": lambda v: _compact([v[0], 7, *v[2:]]),
    "images-not-list": lambda v: _compact([*v, {}, []]),
    "timing-null": lambda v: _compact([*v[:3], None]),
}


@pytest.mark.parametrize("damage", CLEAN_DAMAGES.values(), ids=CLEAN_DAMAGES.keys())
def test_a_damaged_line_of_a_clean_file_has_it_checked_again(
    repo: Repo, damage: Callable[[list[Any]], str]
) -> None:
    # A file without problems or images is answered from its parsed line without an
    # Entry made: its hash and timing must still be text, and nothing may follow them.
    posts = _many_posts(repo, 16)
    expected = repo.run("check")
    head, *lines = (repo.root / CACHE).read_text("utf-8").splitlines()
    i = [json.loads(line)[0] for line in lines].index(rel_path(repo.root, posts[0]))
    value = json.loads(lines[i])
    assert len(value) == 4 and lines[i] == _compact(value)
    lines[i] = damage(value)
    (repo.root / CACHE).write_text("\n".join([head, *lines, ""]), "utf-8")
    assert load_project(repo.root).from_cache == 15
    assert repo.run("check").stdout == expected.stdout
    assert load_project(repo.root).from_cache == 16


def test_an_appended_line_cut_short_is_damage(repo: Repo) -> None:
    posts = _many_posts(repo, 16)
    expected = repo.run("check")
    data = (repo.root / CACHE).read_bytes()
    posts[0].write_text(HEAD.format("bksy") + "Now bad too.\n", "utf-8")
    _age(posts[0])
    bad = repo.run("check")
    assert bad.stdout != expected.stdout
    appended = (repo.root / CACHE).read_bytes()
    assert appended.startswith(data)
    # A crash in the middle of the append: half of the new line, no line break.
    (repo.root / CACHE).write_bytes(appended[: len(data) + (len(appended) - len(data)) // 2])
    assert load_project(repo.root).from_cache == 15
    assert repo.run("check").stdout == bad.stdout
    whole = (repo.root / CACHE).read_text("utf-8").splitlines()
    assert len(whole) == 17 and len({json.loads(line)[0] for line in whole[1:]}) == 16


def test_unwritable_cache_still_reports(repo: Repo) -> None:
    _two_bad_posts(repo)
    (repo.root / ".smmgen-cache").write_text("a file where the folder should be", "utf-8")
    result = repo.run("check")
    assert result.exit_code == 1
    assert result.stdout.count("\n") == 2


def test_control_characters_from_the_file_are_escaped(repo: Repo) -> None:
    # A line break or a terminal escape in a quoted value must not break the one-line format.
    repo.post(
        "a", '---\npublish_at: now\nnetworks: [bsky]\nthread: "yes\\nplease\\e[31m"\n---\n\nHi\n'
    )
    out = repo.run("check").stdout
    assert out == (
        "content/a.md:4:9: error: 'thread' must be true or false, not the text "
        "'yes\\nplease\\x1b[31m' [front-matter/type]\n"
    )


def test_a_repository_without_content_folder_has_no_posts(tmp_path: Path) -> None:
    (tmp_path / "schedule.yaml").write_text(
        "timezone: Europe/Berlin\naccounts:\n  chat:\n    network: discord\n"
        "    webhook_env: HOOK\n",
        "utf-8",
    )
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "All 0 posts are fine." in result.output


def test_files_that_cannot_be_read_are_reported_and_not_cached(repo: Repo) -> None:
    repo.post("fine", HEAD.format("bsky") + "Hi\n")
    (repo.root / "content/gone.md").symlink_to(repo.root / "nowhere.md")  # stat fails
    (repo.root / "content/mem.md").symlink_to("/proc/self/mem")  # outside: never read
    for _ in range(2):  # the second run must not answer them from the cache
        found = {(p["path"], p["rule"]) for p in repo.check()}
        assert found == {
            ("content/gone.md", "file/unreadable"),
            ("content/mem.md", "file/outside-repo"),
        }
    assert _cached(repo) == ["content/fine.md"]


def test_a_pipe_named_like_a_post_is_reported_not_waited_for(repo: Repo) -> None:

    os.mkfifo(repo.root / "content/pipe.md")
    done = subprocess.run(
        [sys.executable, "-m", "smmgen", "check"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == (
        "content/pipe.md:1:1: error: not an ordinary file (a pipe or a device) [file/unreadable]\n"
    )


def test_a_cache_another_run_wrote_whole_since_is_not_appended_to(repo: Repo) -> None:
    # Another run (with another schedule.yaml, so another key) replaced the file after
    # this one read it: this run's lines must not be appended under the other head.
    posts = _many_posts(repo, 16)
    repo.run("check")
    key = json.loads((repo.root / CACHE).read_text("utf-8").split("\n")[0])["key"]
    cache = ResultCache(repo.root, key)
    entry = cache.lookup("content/bad.md")
    assert entry is not None
    other = (repo.root / CACHE).read_text("utf-8").replace(key, "7" * 32)
    (repo.root / CACHE).write_text(other, "utf-8")
    cache.store("content/bad.md", entry._replace(signature="-"))
    cache.save()
    lines = (repo.root / CACHE).read_text("utf-8").splitlines()
    assert json.loads(lines[0])["key"] == key and len(lines) == 1 + len(posts)


def test_a_check_imports_no_code_for_files_the_repository_lacks(repo: Repo) -> None:
    # Each check starts a process: without a publish workflow or an issue form, the
    # code judging them is not imported (nor strptime's, for the slots' times, nor
    # the IDNA codec, for a link to an ASCII host).
    repo.post("a", HEAD.format("bsky") + "Hi https://example.com/a\n")
    found = modules_after(repo.root, "check")
    assert not found & {"smmgen.actions_cost", "smmgen.issue_form", "_strptime", "encodings.idna"}

"""The code digest the site's caches are valid for: remembered, never stale."""

from __future__ import annotations

import os
import time
from pathlib import Path

from smmgen.site.code_digest import FILE, RECENT_NS, digest_of

HOUR_NS = 3600 * 10**9


def package(tmp_path: Path) -> Path:
    root = tmp_path / "pkg"
    (root / "site/templates").mkdir(parents=True)
    (root / "a.py").write_text("A = 1\n", "utf-8")
    (root / "site/templates/page.html").write_text("<p>{{ x }}</p>\n", "utf-8")
    (root / "notes.txt").write_text("not code that makes pages\n", "utf-8")
    age(root, HOUR_NS)
    return root


def age(root: Path, by_ns: int) -> None:
    """Set every file's modification time ``by_ns`` into the past."""
    then = time.time_ns() - by_ns
    for path in root.rglob("*"):
        os.utime(path, ns=(then, then))


def test_the_remembered_digest_is_the_digest_of_the_content(tmp_path: Path) -> None:
    root, memo = package(tmp_path), tmp_path / "cache"
    first = digest_of(root, memo, time.time_ns())
    assert (memo / FILE).is_file()
    assert digest_of(root, memo, time.time_ns()) == first == digest_of(root, None, time.time_ns())
    (root / "notes.txt").write_text("changed\n", "utf-8")  # not a file the digest covers
    assert digest_of(root, memo, time.time_ns() + RECENT_NS) == first


def test_a_changed_file_changes_the_digest_though_one_is_remembered(tmp_path: Path) -> None:
    root, memo = package(tmp_path), tmp_path / "cache"
    first = digest_of(root, memo, time.time_ns())
    (root / "a.py").write_text("A = 2\n", "utf-8")  # the same size
    age(root, HOUR_NS // 2)
    second = digest_of(root, memo, time.time_ns())
    assert second != first
    assert second == digest_of(root, None, time.time_ns())


def test_a_file_changed_just_now_is_read_again_not_trusted_by_its_time(tmp_path: Path) -> None:
    root, memo = package(tmp_path), tmp_path / "cache"
    page = root / "site/templates/page.html"
    digest_of(root, memo, time.time_ns())
    page.write_text("<p>{{ y }}</p>\n", "utf-8")
    now = time.time_ns()
    os.utime(page, ns=(now, now))
    first = digest_of(root, memo, now)
    memo_bytes = (memo / FILE).read_bytes()
    # Changed again in the same tick of the clock: the same size and time.
    page.write_text("<b>{{ y }}</b>\n", "utf-8")
    os.utime(page, ns=(now, now))
    second = digest_of(root, memo, now + 1000)
    assert second != first
    assert second == digest_of(root, None, now)
    assert (memo / FILE).read_bytes() == memo_bytes  # not written while a file is that new


def test_a_damaged_memo_is_ignored(tmp_path: Path) -> None:
    root, memo = package(tmp_path), tmp_path / "cache"
    right = digest_of(root, None, time.time_ns())
    memo.mkdir()
    for damage in (b"\xff not json", b"[1]", b'["x"]', b"{}", b"null"):
        (memo / FILE).write_bytes(damage)
        assert digest_of(root, memo, time.time_ns()) == right

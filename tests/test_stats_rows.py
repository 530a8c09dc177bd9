"""Month files are read whole when every line is a row as `collect` writes it, line by line
otherwise: both ways give the same rows, and the other lines are reported where they are."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from smmgen.stats.metrics import Counts
from smmgen.stats.store import HEADER, Row, read

PLAIN = [
    "2026-11-25T00:00:00Z,p0,bsky,bluesky,24h,ok,3,0,1,,,,120,,",
    "2026-11-25T00:00:00Z,,bsky,bluesky,,ok,,,,,,,,,12",
    "2026-11-26T10:30:00Z,p1,bsky,bluesky,7d,deleted,,,,,,,,,",
    "2026-11-26T10:30:00Z,p2,mast,mastodon,24h,ok,007,1,2,3,4,5,6,7,",
]
EXPECTED = [
    Row(dt.datetime(2026, 11, 25, tzinfo=dt.UTC), "p0", "bsky", "bluesky", "24h", "ok",
        Counts(3, 0, 1, None, None, None, 120, None)),
    Row(dt.datetime(2026, 11, 25, tzinfo=dt.UTC), "", "bsky", "bluesky", followers=12),
    Row(dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.UTC), "p1", "bsky", "bluesky", "7d",
        "deleted"),
    Row(dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.UTC), "p2", "mast", "mastodon", "24h", "ok",
        Counts(7, 1, 2, 3, 4, 5, 6, 7)),
]  # fmt: skip


def month(root: Path, lines: list[str], end: str = "\n") -> tuple[list[Row], list[str]]:
    (root / "stats").mkdir(parents=True, exist_ok=True)
    (root / "stats" / "2026-11.csv").write_text(HEADER + end.join(lines) + end, "utf-8")
    rows, problems = read(root)
    return rows, [f"{p.path}:{p.line}: {p.message}" for p in problems]


def test_plain_rows_are_read_whole(tmp_path: Path) -> None:
    assert month(tmp_path, PLAIN) == (EXPECTED, [])


def test_windows_line_ends_and_a_missing_last_newline_change_nothing(tmp_path: Path) -> None:
    assert month(tmp_path, PLAIN, "\r\n") == (EXPECTED, [])
    assert month(tmp_path, PLAIN, "\n")[0] == EXPECTED
    (tmp_path / "stats" / "2026-11.csv").write_text(HEADER + "\n".join(PLAIN), "utf-8")
    assert read(tmp_path) == (EXPECTED, [])


def test_a_hand_edited_line_is_reported_and_the_others_read_the_same(tmp_path: Path) -> None:
    lines = [*PLAIN[:2], "", "2026-11-31T00:00:00Z,p9,bsky,bluesky,24h,ok,1,,,,,,,,",
             '2026-11-26T10:30:00Z,"p1",bsky,bluesky,7d,deleted,,,,,,,,,', *PLAIN[3:]]  # fmt: skip
    rows, problems = month(tmp_path, lines)
    assert rows == EXPECTED
    assert problems == [
        "stats/2026-11.csv:5: 'at' is '2026-11-31T00:00:00Z', not a UTC time like "
        "2026-12-01T09:30:00Z; this row is skipped"
    ]

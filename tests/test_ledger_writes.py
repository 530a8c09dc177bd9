"""Writing the ledger file: appends and replacements are on disk before they return.

A run that says "sent" must not lose that line to a power cut a second later
(the next run would send the post again). What reaches the disk is observed at
the system call: ``os.fsync`` is wrapped (the real one still runs) and each
call notes which file it was for and how large that file was then.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from smmgen.ledger import Ledger, Record

AT = "2026-11-01T08:00:00+00:00"


def rec(event: str, **extra: str) -> Record:
    return Record("p", "chat", "k1", event, AT, "r1", **extra)  # type: ignore[arg-type]


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """(path, size on disk at that moment) of every fsync, in order."""
    calls: list[tuple[str, int]] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        calls.append((os.readlink(f"/proc/self/fd/{fd}"), os.fstat(fd).st_size))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return calls


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_an_append_is_synced_to_disk_with_all_its_lines(
    tmp_path: Path, synced: list[tuple[str, int]]
) -> None:
    ledger = Ledger(tmp_path / "state" / "published.jsonl")
    ledger.append([rec("claimed")])
    ledger.append([rec("sent", remote_id="1"), rec("manual", url="https://x/1")])
    size = ledger.path.stat().st_size
    assert size == len((rec("claimed").line() + rec("sent", remote_id="1").line()).encode()) + len(
        rec("manual", url="https://x/1").line().encode()
    )
    assert synced[-1] == (str(ledger.path), size)
    assert len(synced) == 2


def test_a_replacement_is_synced_before_the_rename_and_the_rename_too(
    tmp_path: Path, synced: list[tuple[str, int]]
) -> None:
    ledger = Ledger(tmp_path / "new" / "state" / "published.jsonl")  # no folder yet
    text = rec("claimed").line() + "ünïcode: more than one byte each\n"
    ledger.replace(text)
    assert ledger.text() == text
    [(temp, size), (folder, _)] = synced
    # The temporary file held the whole text when it was synced; then the folder was
    # synced, so the rename that made it the ledger is on disk as well.
    assert Path(temp).parent == ledger.path.parent and size == len(text.encode())
    assert folder == str(ledger.path.parent)


def test_appending_nothing_creates_no_file(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "state" / "published.jsonl")
    ledger.append([])
    assert not (tmp_path / "state").exists()
    assert ledger.text() == "" and ledger.records() == []


def test_the_ledger_file_is_readable_by_everyone_and_executable_by_no_one(
    tmp_path: Path, umask_022: None
) -> None:
    ledger = Ledger(tmp_path / "state" / "published.jsonl")
    ledger.append([rec("claimed")])
    assert stat.S_IMODE(ledger.path.stat().st_mode) == 0o644

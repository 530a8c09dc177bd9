"""``.smmgen-inbox/``: the inbox on this machine, outside git, with retention.

``items.json`` holds every item (newest first), ``cursors.json`` where each
account's last fetch stopped. Both are written atomically. The folder carries
its own ``.gitignore`` (``*``), so ``git add -A`` never picks it up, whatever
the repository's own ``.gitignore`` says.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import INBOX_DIR, Item

RETENTION_DAYS = 90


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Store:
    """The inbox folder of a content repository."""

    def __init__(self, root: Path) -> None:
        self.dir = root / INBOX_DIR
        self.items_file = self.dir / "items.json"
        self.cursors_file = self.dir / "cursors.json"

    def _read(self, path: Path) -> Any:
        try:
            return json.loads(path.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return None

    def items(self) -> list[Item]:
        """Every stored item, newest first."""
        raw = self._read(self.items_file)
        found = (
            [Item.from_json(d) for d in raw if isinstance(d, dict)] if isinstance(raw, list) else []
        )
        return [i for i in found if i is not None]

    def cursors(self) -> dict[str, str]:
        """Account → where its next fetch starts (a network's own cursor)."""
        raw = self._read(self.cursors_file)
        return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}

    def save(self, items: Iterable[Item], cursors: dict[str, str]) -> None:
        """Write items (newest first, one per account and id) and cursors atomically."""
        unique: dict[tuple[str, str], Item] = {}
        for item in items:
            unique.setdefault((item.account, item.id), item)
        ordered = sorted(unique.values(), key=lambda i: i.at, reverse=True)
        self._ignore()
        _write(self.items_file, json.dumps([i.to_json() for i in ordered], ensure_ascii=False))
        _write(self.cursors_file, json.dumps(cursors, sort_keys=True))

    def _ignore(self) -> None:
        ignore = self.dir / ".gitignore"
        if not ignore.is_file():
            self.dir.mkdir(parents=True, exist_ok=True)
            ignore.write_text("# other people's messages stay out of git (smmgen inbox)\n*\n")

    def purge(self, days: int, now: dt.datetime | None = None) -> int:
        """Drop items older than ``days``; how many went."""
        items = self.items()
        kept = kept_within(items, days, now)
        if len(kept) != len(items) or self.items_file.exists():
            self.save(kept, self.cursors())
        return len(items) - len(kept)


def kept_within(items: list[Item], days: int, now: dt.datetime | None = None) -> list[Item]:
    """The items younger than ``days``."""
    horizon = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    out = []
    for item in items:
        try:
            when = dt.datetime.fromisoformat(item.at.replace("Z", "+00:00"))
        except ValueError:
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        if when >= horizon:
            out.append(item)
    return out

"""What ``stats collect`` reads besides the ledger and stats/: schedule.yaml, and
a post's file only where the ledger does not list a thread's parts.

Collection needs the accounts, the ``stats:`` settings and, for each post, the
ids of its parts. The ledger lists them for threads sent since sent records
carry ``parts``; for older records (and single posts, which never list them)
the number of parts comes from the post as rendered now, as long as its
content key is the one that was sent. Checking and rendering every post would
cost more than all the network calls of a run, so a post file is read only
for a reader that derives part ids from the key (Bluesky), and parsed only
when its text can mark it a thread.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..repo import REPLY_DIR, read_post_file

if TYPE_CHECKING:
    from ..model import Schedule
    from ..render import Renderer


@dataclass(frozen=True)
class Sources:
    """schedule.yaml, checked, and the repository's post files on demand."""

    root: Path
    schedule: Schedule
    # Made on the first thread that needs rendering (a renderer loads the templates).
    _renderers: list[Renderer] = field(default_factory=list, compare=False, repr=False)
    # Folders' real paths (smmgen.repo.read_post_file): many post files, few folders.
    _real_dirs: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def parts(self, post_id: str, account: str, key: str) -> int:
        """How many parts ``post_id`` went out in on ``account``: those of the post as
        rendered now if that is what was sent (its content key is ``key``), else 1."""
        rel = f"{post_id}.md" if post_id.startswith(_REPLIES) else f"content/{post_id}.md"
        path = os.path.join(self.root, rel)
        data = read_post_file(self.root, path, rel, self._real_dirs)
        # Only `thread: true` in the front matter makes a thread: a file without
        # the word is not one, and is not parsed.
        if isinstance(data, bytes) and b"thread" in data:
            return self._rendered_parts(Path(path), data, account, key)
        return 1

    def _rendered_parts(self, path: Path, data: bytes, account: str, key: str) -> int:
        from ..content import read_post
        from ..ledger import key_of

        post = read_post(self.root, path, data)[0]
        if post is not None and post.thread:
            rendered = self._renderer().render(post, account)
            if rendered is not None and key_of(rendered) == key:
                return len(rendered.parts)
        return 1

    def _renderer(self) -> Renderer:
        from ..render import Renderer

        if not self._renderers:
            # With Bluesky's rich text, as publishing renders (the key it recorded).
            self._renderers.append(Renderer(self.root, self.schedule, facets=True))
        return self._renderers[0]


_REPLIES = f"{REPLY_DIR}/"


def load(root: Path) -> Sources:
    """schedule.yaml of ``root``; a :class:`~smmgen.errors.ConfigError` if it has errors."""
    from ..errors import ConfigError
    from ..i18n import _
    from ..repo import SCHEDULE_FILE
    from ..schedule import read_schedule

    schedule, problems = read_schedule(root, root / SCHEDULE_FILE)
    if schedule is None or any(p.is_error for p in problems):
        raise ConfigError(_("schedule.yaml has errors; run smmgen check"))
    return Sources(root, schedule)

"""The pause switches: which one stops publishing now, since when, and who set it.

Three switches stop every send (retractions still go out: a crisis needs both):

- ``paused: true`` in schedule.yaml — the reviewed, permanent switch (a pull
  request). Its "since" is when git last changed that line (``git blame``).
- ``state/pause.json`` on the ``smmgen-state`` branch — "pause now" without a
  pull request: ``smmgen pause --commit`` (the ``pause.yml`` workflow's button)
  writes it, ``smmgen resume --commit`` lifts it. The branch is written with
  the workflow's own token (``contents: write``), so it needs no extra secret;
  GitHub's GITHUB_TOKEN cannot set repository variables at all. Each publish
  run fetches the branch before it claims, and a claim is a push that fails
  when the branch moved: a pause that landed first is always seen.
- ``SMMGEN_PAUSE`` in the environment — a repository variable an admin sets
  by hand in the repository settings; publish.yml passes it on. Its value is
  the reason.

Without an ``origin`` remote the pause file is read from the working tree,
like the ledger.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import gitstate
from .i18n import _

PAUSE_FILE = "state/pause.json"
PAUSE_ENV = "SMMGEN_PAUSE"
MAX_REASON = 300  # characters of a reason kept in the state file


@dataclass(frozen=True)
class Switch:
    """One pause switch that is on."""

    name: str  # "schedule.yaml" | "pause workflow" | "SMMGEN_PAUSE"
    since: str | None = None  # ISO 8601 when known
    by: str | None = None
    reason: str | None = None

    def describe(self) -> str:
        """One line: which switch, since when, by whom, why."""
        what = {
            "schedule.yaml": _("schedule.yaml has paused: true"),
            "pause workflow": _(
                "paused now (smmgen pause; lift with smmgen resume --commit or the pause "
                "workflow's resume)"
            ),
            PAUSE_ENV: _("repository variable {name} is set (delete it to resume)").format(
                name=PAUSE_ENV
            ),
        }[self.name]
        extra = [
            _("since {time}").format(time=self.since) if self.since else "",
            _("by {person}").format(person=self.by) if self.by else "",
        ]
        tail = ", ".join(x for x in extra if x)
        return what + (f" ({tail})" if tail else "") + (f": {self.reason}" if self.reason else "")

    def to_json(self) -> dict[str, str | None]:
        """The switch as data for ``plan --format json``."""
        return {"switch": self.name, "since": self.since, "by": self.by, "reason": self.reason}


def parse_state(text: str) -> Switch | None:
    """The pause workflow's switch from ``state/pause.json``; None when resumed or unreadable.

    An unreadable file counts as paused: someone meant to stop publishing.
    """
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return Switch(
            "pause workflow", reason=_("{file} is not valid JSON").format(file=PAUSE_FILE)
        )
    if not isinstance(data, dict):
        return Switch(
            "pause workflow", reason=_("{file} is not a JSON object").format(file=PAUSE_FILE)
        )
    if data.get("paused") is False:
        return None

    def text_of(key: str) -> str | None:
        value = data.get(key)
        return str(value)[:MAX_REASON] if value is not None else None

    return Switch("pause workflow", text_of("at"), text_of("by"), text_of("reason"))


def state_text(root: Path, commit: str | None = None, *, fetched: bool = False) -> str:
    """``state/pause.json`` as publish must believe it.

    ``fetched``: ``commit`` is the state branch just fetched (None: no branch yet).
    Otherwise: with an origin, the branch as last fetched or committed here;
    without one, the working-tree file.
    """
    if fetched:
        return gitstate.read(root, commit, PAUSE_FILE)
    if gitstate.in_git(root) and gitstate.has_remote(root):
        copies = [c for c in gitstate.known_copies(root, PAUSE_FILE) if c]
        return copies[0] if copies else ""
    try:
        return (root / PAUSE_FILE).read_text("utf-8")
    except FileNotFoundError:
        return ""


def active(
    root: Path,
    schedule_paused: bool,
    schedule_line: int | None,
    environ: Mapping[str, str],
    text: str,
) -> tuple[Switch, ...]:
    """Every switch that is on, the reviewed one first."""
    switches: list[Switch] = []
    if schedule_paused:
        switches.append(Switch("schedule.yaml", since=_blame_time(root, schedule_line)))
    state = parse_state(text)
    if state is not None:
        switches.append(state)
    value = environ.get(PAUSE_ENV, "").strip()
    if value and value.lower() not in ("0", "false", "no", "off"):
        switches.append(Switch(PAUSE_ENV, reason=value[:MAX_REASON]))
    return tuple(switches)


def _blame_time(root: Path, line: int | None) -> str | None:
    """When git last changed ``line`` of schedule.yaml (None: not committed, or no git)."""
    if line is None:
        return None
    done = subprocess.run(
        ["git", "blame", "--porcelain", "-L", f"{line},{line}", "--", "schedule.yaml"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return None
    fields = dict(
        row.split(" ", 1) for row in done.stdout.splitlines() if " " in row and row[0] != "\t"
    )
    if fields.get("committer") == "Not Committed Yet":
        return None
    try:
        stamp = int(fields.get("committer-time", ""))
    except ValueError:
        return None
    return dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat(timespec="seconds")


def state_record(paused: bool, by: str | None, reason: str | None) -> str:
    """The content of ``state/pause.json`` for a pause or a resume, now."""
    data: dict[str, object] = {
        "paused": paused,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    if by:
        data["by"] = by[:MAX_REASON]
    if reason:
        data["reason"] = reason[:MAX_REASON]
    return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


def write(root: Path, content: str, *, commit: bool, message: str) -> None:
    """Write the pause file: on the state branch (``commit``, swapped) or in the working tree."""
    from .errors import ConfigError
    from .ledger import Ledger
    from .shared_ledger import MAX_SWAPS

    if not commit:
        Ledger(root / PAUSE_FILE).replace(content)  # atomic write of a whole file
        return
    for _unused in range(MAX_SWAPS):
        parent = gitstate.fetch(root)
        if gitstate.swap(root, parent, PAUSE_FILE, content, message):
            return
    raise ConfigError(
        _("could not push {pause_file} to {state_branch}").format(
            pause_file=PAUSE_FILE, state_branch=gitstate.STATE_BRANCH
        )
    )

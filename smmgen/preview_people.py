"""What a change to ``people.yaml`` does to posts: the mentions it rewrites, before and after.

A pull request that only edits ``people.yaml`` (or schedule.yaml's ``people:``)
changes no post file, yet every ``@{alias}`` of a changed person renders
differently afterwards, e.g. ``@{anna}`` → ``@scammer@evil.example``. The
preview must show those posts. The people are read as they were at the merge
base and as they are now; a post is affected when one of its accounts renders
differently with the old people than with the new (the same renderer as
publishing, so mentions from templates count too).
"""

from __future__ import annotations

import dataclasses
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .mentions import PEOPLE_FILE
from .model import Person, Schedule
from .repo import SCHEDULE_FILE


@dataclass(frozen=True)
class PeopleChange:
    """The people at the merge base, and the aliases added, removed or changed since."""

    before: Mapping[str, Person]
    aliases: frozenset[str]


def _show(root: Path, commit: str, name: str) -> bytes | None:
    """``name`` (relative to ``root``) as it is in ``commit``; None if it does not exist there."""
    proc = subprocess.run(
        ["git", "show", f"{commit}:./{name}"], cwd=root, capture_output=True, check=False
    )
    return proc.stdout if proc.returncode == 0 else None


def merge_base(root: Path, ref: str) -> str | None:
    """The commit ``git diff REF...HEAD`` compares with; None if git cannot tell."""
    proc = subprocess.run(
        ["git", "merge-base", ref, "HEAD"], cwd=root, capture_output=True, text=True, check=False
    )
    return proc.stdout.strip() if proc.returncode == 0 else None


def schedule_at(root: Path, commit: str) -> Schedule | None:
    """schedule.yaml (with people.yaml) as it is in ``commit``; None if missing or unreadable."""
    from .schedule import read_schedule

    with tempfile.TemporaryDirectory(prefix="smmgen-base-") as tmp:
        base = Path(tmp)
        for name in (SCHEDULE_FILE, PEOPLE_FILE):
            content = _show(root, commit, name)
            if content is not None:
                (base / name).write_bytes(content)
        if not (base / SCHEDULE_FILE).is_file():
            return None
        schedule, _ = read_schedule(base, base / SCHEDULE_FILE)
    return schedule


def _people_at(root: Path, commit: str) -> Mapping[str, Person]:
    """The people that schedule.yaml and people.yaml define in ``commit`` (none if unreadable)."""
    schedule = schedule_at(root, commit)
    return schedule.people if schedule is not None else {}


def _same(a: Person | None, b: Person | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.name, dict(a.handles)) == (b.name, dict(b.handles))


def people_change(root: Path, ref: str, changed: list[str], now: Schedule) -> PeopleChange | None:
    """How the people changed between the merge base of ``ref`` and now (None: not at all)."""
    if PEOPLE_FILE not in changed and SCHEDULE_FILE not in changed:
        return None
    base = merge_base(root, ref)
    if base is None:
        return None
    before = _people_at(root, base)
    after = now.people
    aliases = frozenset(a for a in {*before, *after} if not _same(before.get(a), after.get(a)))
    return PeopleChange(before, aliases) if aliases else None


def with_people(schedule: Schedule, people: Mapping[str, Person]) -> Schedule:
    """``schedule`` with other people: everything else renders as it does now."""
    return dataclasses.replace(schedule, people=people)


def affected(root: Path, files: list[Path], schedule: Schedule, change: PeopleChange) -> list[Path]:
    """The post files in ``files`` whose text on some account differs with the old people."""
    from jinja2 import TemplateError

    from .content import read_post
    from .render import Renderer

    now = Renderer(root, schedule, facets=False)
    then = Renderer(root, with_people(schedule, change.before), facets=False)
    found = []
    for file in files:
        post, _ = read_post(root, file)
        if post is None:
            continue
        for account in post.networks:
            try:
                a, b = now.render(post, account), then.render(post, account)
            except TemplateError:  # check reports it with the template's file:line
                continue
            if a is not None and b is not None and a.parts != b.parts:
                found.append(file)
                break
    return found

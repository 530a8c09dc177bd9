"""`smmgen check`: every problem in a repository, in one sorted list.

Each file's problems come with the project (:func:`smmgen.project.load_project`);
this adds what no single file shows (the ledger, renames, times, the workflow).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import Problem, sort_problems
from .project import Project, load_project

if TYPE_CHECKING:
    from .ledger import Record


Files = Sequence[str | os.PathLike[str]] | None  # None: every post


def run_check(
    root: Path, files: Files = None, *, use_cache: bool = True, at_text: str | None = None
) -> tuple[list[Problem], int]:
    """Check schedule.yaml and ``files`` (default: every post) as of ``at_text`` (default:
    now), with what the ledger knows: the problems, sorted by file and line, and how
    many post files were looked at."""
    from .renames import renamed_problems
    from .shared_ledger import read_known

    project = load_project(root, files, cache=use_cache)
    known = read_known(root)
    records = known.records()
    every = list(project.paths.values()) if files is None else None
    problems = [
        *project.problems,
        *known.problems,
        *renamed_problems(root, records, every),
        *across_posts(project, at_text, records),
    ]
    return sort_problems(problems), len(project.files)


def across_posts(project: Project, at_text: str | None, records: list[Record]) -> list[Problem]:
    """Times passed without the post going out (per the ledger ``records``), posts too
    close together, secrets publish.yml does not pass, an outdated issue form."""
    from .repo import FORM_PATH

    schedule, root = project.schedule, project.root
    if schedule is None:
        return []  # reported with schedule.yaml's own problems
    forms = []
    if (root / FORM_PATH).is_file():  # its code only imported where there is one
        from .issue_form import form_problem

        form = form_problem(root, schedule)
        forms = [form] if form is not None else []
    if not project.schedule_ok:
        return forms
    from .ledger import fold
    from .timing import example_records, resolve_at, time_problems, upcoming
    from .wiring import PUBLISH_WORKFLOW, wiring_problems

    at = resolve_at(at_text, schedule.timezone)
    timings = project.timings
    runs: list[Problem] = []
    if (root / PUBLISH_WORKFLOW).is_file():  # else publishing happens elsewhere: no runs
        from .actions_cost import run_problems

        runs = run_problems(root, schedule, upcoming(timings, at))
    return (
        time_problems(schedule, timings, at, lambda: fold([*records, *example_records(root)]))
        + wiring_problems(root, schedule)
        + runs
        + forms
    )

"""`smmgen check`: validate schedule.yaml and posts, report every problem."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..cli import ROOT_OPTION

if TYPE_CHECKING:
    from ..ledger import Record
    from ..problems import Problem


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@ROOT_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default=None,
    help="Output format. Default: github inside GitHub Actions, else text.",
)
@click.option("--no-cache", is_flag=True, help="Ignore and do not update .smmgen-cache/.")
@click.option(
    "--at",
    "at_text",
    metavar="TIME",
    envvar="SMMGEN_AT",
    help="Check as of TIME ('YYYY-MM-DD HH:MM' in the schedule's time zone, or ISO 8601 "
    "with offset): which publish_at times have passed. Default: $SMMGEN_AT, else now.",
)
def check(
    paths: tuple[Path, ...], root: Path | None, fmt: str | None, no_cache: bool, at_text: str | None
) -> None:
    """Validate schedule.yaml and every post (or PATHS) for every account.

    Naming schedule.yaml or people.yaml among PATHS checks every post.

    Exit status: 0 no errors, 1 errors found, 2 usage or configuration problem.
    """
    from ..check_helper import claim
    from ..repo import find_root, post_paths

    repo = find_root(explicit=root)
    # schedule.yaml and people.yaml are always checked; named (as the pre-commit hook
    # does when they are staged), they stand for everything they affect: every post.
    named = [p for p in paths if not _plan_file(repo, p)]
    paths = tuple(named) if named or not paths else ()
    # Started first (or before the command line was even parsed), so that it
    # loads the pipeline while this process lists and scans the files; only a
    # whole-repository check with a cache can gain.
    helper = None if no_cache or paths else claim(repo)
    try:
        from ..check import run_check

        files = post_paths(repo, paths)
        result = run_check(repo, files, use_cache=not no_cache, prune=not paths, helper=helper)
    finally:
        if helper is not None:
            helper.stop()
    from ..problems import FORMATTERS, sort_problems
    from ..renames import renamed_problems
    from ..shared_ledger import read_known

    # The ledger too: lines that are skipped, a ledger committed where it is not read,
    # published posts renamed since.
    known = read_known(repo)
    records = known.records()
    problems = sort_problems(
        [
            *result.problems,
            *known.problems,
            *renamed_problems(repo, records, None if paths else files),
            *project_problems(repo, result.timings, at_text, records),
            *_form_problems(repo),
        ]
    )
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    click.echo(FORMATTERS[fmt](problems), nl=False)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if fmt == "text":
        from ..i18n import _, ngettext

        summary = _("{errors}, {warnings} in {posts}").format(
            errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
            warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
            posts=ngettext("{n} post", "{n} posts", result.files).format(n=result.files),
        )
        if errors or warnings:
            click.echo(summary, err=True)  # problems: stderr
        else:
            fine = (
                _("The post is fine.")
                if result.files == 1
                else _("All {n} posts are fine.").format(n=result.files)
            )
            click.echo(fine)
    sys.exit(1 if errors else 0)


def project_problems(
    root: Path, timings: dict[str, str], at_text: str | None, records: list[Record]
) -> list[Problem]:
    """What no single file shows: times that passed without the post going out (per the
    ledger ``records``), posts too close together, secrets publish.yml does not pass."""
    from ..schedule import read_schedule

    schedule, found = read_schedule(root, root / "schedule.yaml")
    if schedule is None or any(p.is_error for p in found):
        return []  # reported by the check itself
    from ..actions_cost import run_problems
    from ..ledger import fold
    from ..plan import resolve_at
    from ..timing import example_records, time_problems, upcoming
    from ..wiring import wiring_problems

    at = resolve_at(at_text, schedule.timezone)
    return (
        time_problems(schedule, timings, at, lambda: fold([*records, *example_records(root)]))
        + wiring_problems(root, schedule)
        + run_problems(root, schedule, upcoming(timings, at))
    )


def _form_problems(repo: Path) -> list[Problem]:
    """The New post issue form, when there is one and it no longer matches schedule.yaml."""
    from ..issue_form import FORM_PATH, form_problem
    from ..schedule import read_schedule

    if not (repo / FORM_PATH).is_file():
        return []
    schedule, _ = read_schedule(repo, repo / "schedule.yaml")
    found = form_problem(repo, schedule) if schedule is not None else None
    return [found] if found else []


def _plan_file(repo: Path, path: Path) -> bool:
    """Whether ``path`` is the repository's schedule.yaml or people.yaml."""
    full = path if path.is_absolute() else Path.cwd() / path
    return full.name in ("schedule.yaml", "people.yaml") and full.parent.resolve() == repo.resolve()

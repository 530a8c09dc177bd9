"""`smmgen check`: validate schedule.yaml and posts, report every problem."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..cli import ROOT_OPTION


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
def check(paths: tuple[Path, ...], root: Path | None, fmt: str | None, no_cache: bool) -> None:
    """Validate schedule.yaml and every post (or PATHS) for every account.

    Exit status: 0 no errors, 1 errors found, 2 usage or configuration problem.
    """
    from ..check_helper import claim
    from ..repo import find_root, post_paths

    repo = find_root(explicit=root)
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
    problems = sort_problems(
        [
            *result.problems,
            *known.problems,
            *renamed_problems(repo, known.records(), None if paths else files),
        ]
    )
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    click.echo(FORMATTERS[fmt](problems), nl=False)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if fmt == "text":
        summary = (
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
            f"in {result.files} post{'s' * (result.files != 1)}"
        )
        click.echo(
            summary
            if errors or warnings
            else f"All {result.files} posts are fine."
            if result.files != 1
            else "The post is fine.",
            err=True,
        )
    sys.exit(1 if errors else 0)

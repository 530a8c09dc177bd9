"""`smmgen check`: validate schedule.yaml and posts, report every problem."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..cli import ROOT_OPTION, Command


@click.command(cls=Command)
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
    from ..check import run_check
    from ..problems import FORMATTERS
    from ..repo import find_root, post_paths

    repo = find_root(explicit=root)
    # schedule.yaml and people.yaml are always checked; named (as the pre-commit hook
    # does when they are staged), they stand for everything they affect: every post.
    named = [p for p in paths if not _plan_file(repo, p)]
    files = post_paths(repo, named) if named else None
    problems, checked = run_check(repo, files, use_cache=not no_cache, at_text=at_text)
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    click.echo(FORMATTERS[fmt](problems), nl=False)
    errors = sum(p.is_error for p in problems)
    if fmt == "text":
        _summary(errors, len(problems) - errors, checked)
    sys.exit(1 if errors else 0)


def _summary(errors: int, warnings: int, files: int) -> None:
    """The closing line: counts on stderr when there are problems, else that all is fine."""
    from ..i18n import _, ngettext

    if errors or warnings:
        summary = _("{errors}, {warnings} in {posts}").format(
            errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
            warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
            posts=ngettext("{n} post", "{n} posts", files).format(n=files),
        )
        click.echo(summary, err=True)  # problems: stderr
    else:
        fine = _("The post is fine.") if files == 1 else _("All {n} posts are fine.")
        click.echo(fine.format(n=files))


def _plan_file(repo: Path, path: Path) -> bool:
    """Whether ``path`` is the repository's schedule.yaml or people.yaml."""
    full = path if path.is_absolute() else Path.cwd() / path
    return full.name in ("schedule.yaml", "people.yaml") and full.parent.resolve() == repo.resolve()

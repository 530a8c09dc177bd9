"""`smmgen preview`: the Markdown summary of changed posts for a pull-request comment."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import _


@click.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@ROOT_OPTION
@click.option(
    "--changed-since",
    "ref",
    metavar="REF",
    help="Preview the posts changed between REF and HEAD (git diff REF...HEAD), "
    "including posts whose images changed.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown"]),
    default="markdown",
    show_default=True,
    help="Output format.",
)
def preview(paths: tuple[Path, ...], root: Path | None, ref: str | None, fmt: str) -> None:
    """Print a Markdown preview of PATHS (default: every post) for a PR comment.

    Per post and account: the final text, counts against the limit, images with
    alt text, the scheduled time and every problem with file:line. Prints
    nothing when no post is affected. Exit status: 0, or 2 on a usage problem.
    """
    from ..preview import affected_posts, changed_files, collect, to_markdown
    from ..repo import find_root, post_files

    repo = find_root(explicit=root)
    if ref is not None:
        selection = affected_posts(repo, changed_files(repo, ref), ref)
        files = selection.files
        if paths:
            wanted = set(post_files(repo, paths))
            files = [f for f in files if f in wanted]
        result = collect(
            repo,
            files,
            selection.removed,
            selection.notes,
            selection.people_before,
            selection.secrets_moved,
        )
    else:
        result = collect(repo, post_files(repo, paths))
    if not result.posts and not result.other_problems and not result.secrets_moved:
        click.echo(_("No posts changed."), err=True)
        return
    click.echo(to_markdown(result), nl=False)

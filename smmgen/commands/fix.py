"""`smmgen fix [PATHS] [--check]`: repair what a machine can repair safely."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Any

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import _, ngettext, number


@click.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@ROOT_OPTION
@click.option(
    "--check", "only_list", is_flag=True, help="Only list what would change (exit 1 if anything)."
)
def fix(paths: tuple[Path, ...], root: Path | None, only_list: bool) -> None:
    """Repair YAML and images in PATHS (default: schedule.yaml, people.yaml, every post).

    Quotes values with ': ' or ' #' in them, writes dates as YYYY-MM-DD HH:MM,
    replaces tabs, typographic quotes around keys, a BOM and Windows line
    endings, and converts images an account refuses into a sibling file
    (NAME-smmgen.jpg) that the post then names; originals are never changed.
    Shows a diff of each file. A file that cannot be repaired stays as it is.

    Exit status: 0 done (or, with --check, nothing to repair); 1 with --check
    when something can be repaired, or when a YAML error is left that needs a person.
    """
    from ..fix_run import fix_file, targets, write
    from ..repo import find_root
    from ..schedule import read_schedule

    repo = find_root(explicit=root)
    schedule = None
    if (repo / "schedule.yaml").is_file():
        schedule, _unused = read_schedule(repo, repo / "schedule.yaml")
    results = [fix_file(repo, f, schedule) for f in targets(repo, list(paths))]
    fixable = [r for r in results if r.changed]
    for r in results:
        for why in r.unfixable:
            click.echo(_("{path}: cannot repair: {why}").format(path=r.path, why=why), err=True)
    if only_list:
        _list(fixable)
        sys.exit(1 if fixable else 0)
    for r in fixable:
        before = r.before.decode("utf-8", "replace").splitlines(keepends=True)
        after = r.after.decode("utf-8").splitlines(keepends=True)
        diff = difflib.unified_diff(before, after, f"a/{r.path}", f"b/{r.path}")
        click.echo("".join(_visible(line) for line in diff), nl=False)
        for image in r.images:
            new = _("new file {target} ({size} bytes)")
            click.echo("+++ " + new.format(target=image.target, size=number(len(image.data))))
        write(repo, r)
    n = len(fixable)
    click.echo(
        (
            ngettext("repaired {n} file", "repaired {n} files", n).format(n=n)
            if n
            else _("nothing to repair")
        ),
        err=True,
    )
    sys.exit(1 if any(r.unfixable for r in results) else 0)


def _visible(line: str) -> str:
    """A diff line with what the eye cannot see (BOM, CR, tab) shown."""
    shown = line.replace("\ufeff", "<BOM>").replace("\t", "<TAB>")
    body = shown.rstrip("\n")
    body = body[:-1] + "<CR>" if body.endswith("\r") else body
    return body + "\n"


def _list(fixable: list[Any]) -> None:
    """``--check``: each repair with its line, then how many files need them (stderr)."""
    for r in fixable:
        for repair in r.repairs:
            click.echo(f"{r.path}:{repair.line}: {repair.what}")
    n = len(fixable)
    todo = ngettext(
        "{n} file to repair; run `smmgen fix` to do it",
        "{n} files to repair; run `smmgen fix` to do it",
        n,
    )
    click.echo(todo.format(n=n) if n else _("nothing to repair"), err=True)

"""`smmgen github forms` and `smmgen github pr`: posts from the New post issue form."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import _


@click.command(cls=Command)
@ROOT_OPTION
def forms(root: Path | None) -> None:
    """Write .github/ISSUE_TEMPLATE/new-post.yml from schedule.yaml (accounts, time zone).

    Run it after changing the accounts; `smmgen check` warns while the form is out of date.
    """
    from ..errors import ConfigError
    from ..issue_form import FORM_PATH, render_form
    from ..repo import find_root
    from ..schedule import read_schedule

    repo = find_root(explicit=root)
    schedule, _unused = read_schedule(repo, repo / "schedule.yaml")
    if schedule is None:
        raise ConfigError(_("schedule.yaml has errors; run `smmgen check` and fix them first"))
    path = repo / FORM_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_form(schedule), "utf-8")
    click.echo(FORM_PATH)


@click.command(cls=Command)
@click.option("--issue", "number", type=click.IntRange(min=1), required=True, help="Issue number.")
@click.option("--base", help="Branch the PR merges into. Default: the repository's default branch.")
@click.option("--close", is_flag=True, help="Close the issue's open PR (the issue was closed).")
def pr(number: int, base: str | None, close: bool) -> None:
    """Open or update the pull request of a New post issue (branch smmgen/new-post-ISSUE).

    Prints the PR's number (nothing with --close when there is none). Only for
    issues whose author has write access or that a writer labelled post-approved.
    """
    from ..from_issue import BRANCH_PREFIX, close_pr, upsert_pr
    from ..github import settings_from_env

    settings = settings_from_env()
    branch = f"{BRANCH_PREFIX}{number}"
    if close:
        closed = close_pr(settings, branch)
        click.echo(
            (_("closed #{closed}").format(closed=closed) if closed else _("no open pull request")),
            err=True,
        )
        if closed:
            click.echo(closed)
        return
    pr_number, what = upsert_pr(settings, number, branch, base)
    click.echo(f"{what} pull request #{pr_number}", err=True)
    click.echo(pr_number)

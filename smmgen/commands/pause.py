"""`smmgen pause` and `smmgen resume`: stop publishing now, without a pull request."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import _

COMMIT_OPTION = click.option(
    "--commit",
    is_flag=True,
    help="Push the switch to the smmgen-state branch (what the publish workflow reads).",
)
BY_OPTION = click.option(
    "--by",
    metavar="NAME",
    help="Who pulls the switch (default: $GITHUB_ACTOR, else git's user.name).",
)


def _who(by: str | None, root: Path) -> str | None:
    import subprocess

    if by:
        return by
    if os.environ.get("GITHUB_ACTOR"):
        return os.environ["GITHUB_ACTOR"]
    name = subprocess.run(
        ["git", "config", "user.name"], cwd=root, capture_output=True, text=True, check=False
    ).stdout.strip()
    return name or None


def _switch(
    root: Path | None, commit: bool, paused: bool, by: str | None, reason: str | None
) -> Path:
    from .. import gitstate, pause
    from ..errors import ConfigError
    from ..repo import find_root

    repo = find_root(explicit=root)
    if not commit and gitstate.in_git(repo) and gitstate.has_remote(repo):
        raise ConfigError(
            _(
                "this repository has an origin: the switch lives on the "
                "smmgen-state branch; add --commit"
            )
        )
    content = pause.state_record(paused, _who(by, repo), reason)
    verb = "pause" if paused else "resume"
    pause.write(repo, content, commit=commit, message=f"smmgen: {verb} publishing")
    return repo


@click.command(cls=Command)
@ROOT_OPTION
@click.option("--reason", metavar="TEXT", help="Why (shown by smmgen plan and the publish log).")
@BY_OPTION
@COMMIT_OPTION
def pause(root: Path | None, reason: str | None, by: str | None, commit: bool) -> None:
    """Stop all publishing now (retractions still go out), until smmgen resume.

    `paused: true` in schedule.yaml stays the reviewed, permanent switch.
    """
    _switch(root, commit, True, by, reason)
    where = "on the smmgen-state branch" if commit else "in state/pause.json"
    click.echo(
        _("publishing paused ({where}); smmgen plan shows it, smmgen resume lifts it").format(
            where=where
        )
    )


@click.command(cls=Command)
@ROOT_OPTION
@BY_OPTION
@COMMIT_OPTION
def resume(root: Path | None, by: str | None, commit: bool) -> None:
    """Lift the pause set by smmgen pause (schedule.yaml's paused: true stays as it is)."""
    from ..publish import load, switches_now

    repo = _switch(root, commit, False, by, None)
    click.echo(_("pause lifted"))
    left = switches_now(load(repo), os.environ)
    for switch in left:
        click.echo(_("still paused: {describe}").format(describe=switch.describe()))

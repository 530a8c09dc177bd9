"""`smmgen init DIR`: start a new content repository."""

from __future__ import annotations

from pathlib import Path

import click

from .. import i18n
from ..cli import Command
from ..i18n import N_, _

# Printed at the end: the one setting that keeps the record of what went out.
LEDGER_RULESET = N_("""
Protect the ledger: the smmgen-state branch records what was published; if it
is deleted or force-pushed over, publishing stops until it is restored. Add a
branch ruleset (Settings → Rules → Rulesets → New branch ruleset, target
branch smmgen-state) with "Restrict deletions" and "Block force pushes" on,
and nothing else: smmgen only ever fast-forwards it.""")


@click.command(cls=Command)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option(
    "--smmgen-requirement",
    "requirement",
    metavar="SPEC",
    help="How requirements.txt installs smmgen (a pip requirement, e.g. "
    "'smmgen @ git+https://github.com/OWNER/smmgen@COMMIT'). "
    "Default: the smmgen running now, as the release or the exact source it came from.",
)
@click.option(
    "--language",
    type=click.Choice(["en", "de"]),
    help="The language of your team and posts: sets ui_language (the language smmgen "
    "speaks) and the disclosure label (de: #Anzeige, en: #ad). Default: de in a German "
    "time zone, else en.",
)
def init(directory: Path, force: bool, requirement: str | None, language: str | None) -> None:
    """Create a content repository in DIRECTORY: schedule.yaml, an example post,
    templates/, the GitHub workflows and team onboarding files.

    Existing files are never overwritten without --force (exit status 2).
    """
    from ..init import DISCLOSURES, default_language, init_repo
    from ..pin import smmgen_pin

    pin = smmgen_pin()
    language = language or default_language(directory)
    i18n.use(language)  # the new repository's language, from its first words on
    written = init_repo(directory, requirement or pin.requirement, language=language, force=force)
    for path in written:
        click.echo(_("  wrote {value}").format(value=directory / path))
    click.echo(
        _("\nrequirements.txt installs {value}").format(value=requirement or pin.requirement)
    )
    label = DISCLOSURES[language]
    click.echo(
        _("Sponsored posts are labelled {label} (disclosure in schedule.yaml)").format(label=label)
    )
    if pin.local and not requirement:
        click.echo(
            _(
                "Warning: that is a path on this computer, which GitHub "
                "Actions cannot install.\nPut 'smmgen @ "
                "git+https://github.com/OWNER/smmgen@COMMIT' (or "
                "'smmgen==X.Y.Z')\ninto requirements.txt, or run init with "
                "--smmgen-requirement SPEC."
            ),
            err=True,
        )
    click.echo(
        _(
            "\nNext: cd {directory}, edit schedule.yaml (your accounts), "
            "run `smmgen check`,\npush to GitHub and follow “Set up for "
            "your team” in smmgen's README\n(the `social` environment "
            "with your secrets, branch protection, Pages)."
        ).format(directory=directory)
    )
    click.echo(_(LEDGER_RULESET))

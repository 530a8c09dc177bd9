"""`smmgen schema front-matter|schedule`: JSON Schema for editors."""

from __future__ import annotations

import json

import click

from ..cli import Command


@click.command(cls=Command)
@click.argument("kind", type=click.Choice(["front-matter", "schedule"]))
@click.option(
    "--language",
    type=click.Choice(["en", "de"]),
    help="Language of the descriptions (default: the environment's, as for messages).",
)
def schema(kind: str, language: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of a post's front matter or of schedule.yaml.

    Built from the same declarations `smmgen check` uses; `smmgen init` writes
    both into .smmgen/schemas/ and maps them for VS Code's YAML extension.
    """
    from .. import i18n
    from ..schema import schema as build

    with i18n.speaking(language or i18n.language()):
        click.echo(json.dumps(build(kind), indent=2, ensure_ascii=False))

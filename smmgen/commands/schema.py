"""`smmgen schema front-matter|schedule`: JSON Schema for editors."""

from __future__ import annotations

import json

import click

from ..cli import Command


@click.command(cls=Command)
@click.argument("kind", type=click.Choice(["front-matter", "schedule"]))
def schema(kind: str) -> None:
    """Print the JSON Schema (draft 2020-12) of a post's front matter or of schedule.yaml.

    Built from the same declarations `smmgen check` uses; `smmgen init` writes
    both into .smmgen/schemas/ and maps them for VS Code's YAML extension.
    """
    from ..schema import schema as build

    click.echo(json.dumps(build(kind), indent=2, ensure_ascii=False))

"""The ``smmgen`` command line. Thin: parse flags, call the pipeline, report.

Only click is imported at start-up; every command imports what it needs, so
``smmgen --help`` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Content repository (the folder with schedule.yaml). Default: found upward from here.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="smmgen")
def main() -> None:
    """Social media management as code: posts are files, the plan is schedule.yaml."""


@main.command()
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
    from .check import run_check
    from .problems import FORMATTERS
    from .repo import find_root, post_files

    repo = find_root(explicit=root)
    files = post_files(repo, paths)
    result = run_check(repo, files, use_cache=not no_cache, prune=not paths)
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    click.echo(FORMATTERS[fmt](result.problems), nl=False)
    errors = sum(p.is_error for p in result.problems)
    warnings = len(result.problems) - errors
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


@main.command()
@click.option("--network", "network_name", required=True, help="Network to count for, e.g. x.")
@click.option("--json", "as_json", is_flag=True, help="Print {network, length, limit, valid}.")
@click.argument("text")
def count(network_name: str, as_json: bool, text: str) -> None:
    """Print the length of TEXT as NETWORK counts it ('-' reads standard input).

    TEXT is counted as written: no Markdown processing. From standard input the
    final line break (as editors and echo add) is dropped.
    """
    from .errors import ConfigError
    from .fields import suggest
    from .model import Account
    from .networks import NETWORKS

    network = NETWORKS.get(network_name)
    if network is None:
        raise ConfigError(
            f"unknown network '{network_name}'; use one of {', '.join(NETWORKS)}"
            f"{suggest(network_name, NETWORKS)}"
        )
    if text == "-":
        # Like the shell's $(cat file): the file's final line break is not part of the text.
        text = sys.stdin.read().rstrip("\r\n")
    defaults = {f.name: f.default for f in network.settings.values() if f.default is not None}
    if network.name == "manual":
        raise ConfigError("manual accounts declare their own limits; count for a real network")
    account = Account("count", network.name, defaults, 0)
    limits = network.limits(account)
    length = network.count(text, account)
    valid = 0 < length <= limits.text.max and not any(
        f.severity == "error" for f in network.check_text(text, account)
    )
    if as_json:
        click.echo(
            json.dumps(
                {
                    "network": network.name,
                    "length": length,
                    "limit": limits.text.max,
                    "valid": valid,
                }
            )
        )
    else:
        click.echo(str(length))

"""`smmgen count`: the length of a text as one network counts it."""

from __future__ import annotations

import json
import sys

import click

from ..cli import Command
from ..i18n import _


@click.command(cls=Command)
@click.option("--network", "network_name", required=True, help="Network to count for, e.g. x.")
@click.option("--json", "as_json", is_flag=True, help="Print {network, length, limit, valid}.")
@click.argument("text")
def count(network_name: str, as_json: bool, text: str) -> None:
    """Print the length of TEXT as NETWORK counts it ('-' reads standard input).

    TEXT is counted as written: no Markdown processing. From standard input the
    final line break (as editors and echo add) is dropped.
    """
    from ..errors import ConfigError
    from ..fields import suggest
    from ..model import Account
    from ..networks import NETWORKS

    network = NETWORKS.get(network_name)
    if network is None:
        raise ConfigError(
            _("unknown network '{network_name}'; use one of {items}{suggest}").format(
                network_name=network_name,
                items=", ".join(NETWORKS),
                suggest=suggest(network_name, NETWORKS),
            )
        )
    if text == "-":
        # Like the shell's $(cat file): the file's final line break is not part of the text.
        text = sys.stdin.read().rstrip("\r\n")
    defaults = {f.name: f.default for f in network.settings.values() if f.default is not None}
    if network.publishes_by_hand:
        raise ConfigError(_("manual accounts declare their own limits; count for a real network"))
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

"""Errors a user can fix that stop a command, each with its exit code."""

from __future__ import annotations

import click


class ConfigError(click.ClickException):
    """Usage or configuration problem (no schedule.yaml, bad arguments): exit 2."""

    exit_code = 2

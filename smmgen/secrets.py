"""Secrets: read from the environment variables schedule.yaml names, and kept out of output.

Account settings of kind ``env`` (``token_env: MASTODON_TOKEN``) hold only the
NAME of a variable. :func:`account_secrets` looks the values up; a
:class:`Redactor` replaces every value (and the long parts of URL-shaped ones,
which servers echo back in error messages) before any text is printed,
logged, raised or written to the ledger.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .i18n import _
from .model import Account

MASK = "***"
# Variables of the CI runner itself (GitHub Actions: GITHUB_*, ACTIONS_* — the
# tokens for the cache, the artifact store and OIDC —, RUNNER_*, and INPUT_*/
# STATE_* of actions; GitLab CI's CI_*). No account secret lives there, and
# naming one in schedule.yaml would send the runner's own token to a network.
# GIT_*: the publish workflow hands git its push token as GIT_CONFIG_VALUE_0 (an
# extra header) and as PUSH_TOKEN, so neither may be named as a network's secret.
RESERVED_ENV_PREFIXES = ("GITHUB_", "ACTIONS_", "RUNNER_", "INPUT_", "STATE_", "CI_", "GIT_")
RESERVED_ENV_NAMES = ("PUSH_TOKEN",)
# A piece this long at the end of cut text that begins a secret is masked too:
# shorter ones match ordinary text too often to be worth hiding.
_MIN_PREFIX = 8
# Characters that end a line or steer a terminal (C0/C1 controls, DEL, Unicode
# line and paragraph separators). A server's text containing them could start a
# line of its own in the publish log, which GitHub Actions reads as a workflow
# command ("::error::", "::stop-commands::").
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Path segments and query values of URL-shaped secrets at least this long are
# masked on their own: a webhook token shows up without the rest of its URL.
_MIN_PART = 12


@dataclass(frozen=True)
class Credentials:
    """An account's secrets by setting name, and the variables that are unset."""

    values: Mapping[str, str]  # setting name (e.g. "token_env") -> secret
    missing: tuple[str, ...]  # names of environment variables without a value


def one_line(text: str) -> str:
    """``text`` on one line: each control character escaped, e.g. a newline as ``\\n``."""
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or f"\\u{ord(char):04x}"


def missing_message(names: Sequence[str]) -> str:
    """``environment variable X is not set`` / ``environment variables X, Y are not set``."""
    if len(names) == 1:
        return _("environment variable {name} is not set").format(name=names[0])
    return _("environment variables {names} are not set").format(names=", ".join(names))


def reserved_env(name: str) -> bool:
    """Whether ``name`` is one of the CI runner's own variables, never read as a secret."""
    upper = name.upper()
    return upper.startswith(RESERVED_ENV_PREFIXES) or upper in RESERVED_ENV_NAMES


def env_settings(account: Account) -> dict[str, str]:
    """Setting name → environment variable name, for the account's ``env`` settings."""
    from .networks import NETWORKS

    network = NETWORKS.get(account.network)
    if network is None:
        return {}
    return {
        name: str(account.settings[name])
        for name, field in network.settings.items()
        if field.kind == "env" and isinstance(account.settings.get(name), str)
    }


def account_secrets(account: Account, environ: Mapping[str, str]) -> Credentials:
    """The account's secrets from ``environ``; empty values count as missing.

    An optional secret (a setting not marked required, such as LinkedIn's
    ``client_id_env`` that only ``accounts check`` uses) is left out when its
    variable is unset, so publishing never waits for it.
    """
    from .networks import NETWORKS

    network = NETWORKS.get(account.network)
    values: dict[str, str] = {}
    missing: list[str] = []
    for setting, variable in env_settings(account).items():
        # check reports a reserved name as an error; its value is never even read.
        value = "" if reserved_env(variable) else environ.get(variable, "")
        if value:
            values[setting] = value
        elif network is None or network.settings[setting].required:
            missing.append(variable)
    return Credentials(values, tuple(missing))


class Redactor:
    """Masks secret values in any text before it leaves the process.

    The one redactor of smmgen: every message, progress line, report and
    ledger field that may hold what a server said goes through :meth:`line`
    (or :meth:`clip` for a server's own text), and every secret becomes
    :data:`MASK`.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._needles: set[str] = set()
        for secret in secrets:
            self.add(secret)

    @classmethod
    def for_accounts(cls, accounts: Iterable[Account], environ: Mapping[str, str]) -> Redactor:
        """A redactor of every secret the ``accounts`` read from ``environ``."""
        return cls(
            value
            for account in accounts
            for value in account_secrets(account, environ).values.values()
        )

    def add(self, secret: str) -> None:
        """Mask ``secret`` (and its URL-encoded form and long URL parts) from now on."""
        if not secret:
            return
        self._needles.update({secret, urllib.parse.quote(secret, safe="")})
        if "/" in secret or "?" in secret:
            for part in re.split(r"[/?&=#]", secret):
                if len(part) >= _MIN_PART:
                    self._needles.add(part)

    def __call__(self, text: str) -> str:
        """``text`` with every known secret replaced by :data:`MASK`."""
        # Longest first, so a whole URL is masked before its parts are.
        for needle in sorted(self._needles, key=len, reverse=True):
            if needle in text:
                text = text.replace(needle, MASK)
        return text

    def line(self, text: str) -> str:
        """``text`` masked and on one line (:func:`one_line`): fit for a log or the ledger.

        One line, so that a server cannot start a line of the publish log
        (GitHub Actions runs lines like ``::stop-commands::`` as commands).
        """
        return one_line(self(text))

    def clip(self, text: str, limit: int) -> str:
        """Text a server sent, for messages: masked, on one line, cut to ``limit``.

        Masking comes before the cut, which could split a secret into a prefix
        no needle matches any more; a piece of a secret left at the cut (the
        start of a secret, 8 characters or more) is masked as well.
        """
        text = one_line(" ".join(self(text).split()))
        if len(text) <= limit:
            return text
        text = text[:limit]
        cut = max((_started(text, needle) for needle in self._needles), default=0)
        return (text[:-cut] + MASK if cut else text) + "…"


def _started(text: str, needle: str) -> int:
    """Length of the longest start of ``needle`` (at least _MIN_PREFIX) that ends ``text``."""
    for n in range(min(len(needle), len(text)), _MIN_PREFIX - 1, -1):
        if text.endswith(needle[:n]):
            return n
    return 0

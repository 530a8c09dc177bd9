"""Where each account's secrets go, as schedule.yaml decides it, and what is allowed.

schedule.yaml names the server an account talks to (settings of kind
``endpoint``: Telegram's ``api_base``, Mastodon's ``instance``, Bluesky's
``service`` …) and the environment variables its secrets come from (``*_env``).
Whoever can change schedule.yaml can therefore send a secret elsewhere, so:

- an endpoint must use https; plain http only to this machine (``localhost``,
  ``127.0.0.1``, ``[::1]``: test servers). Check reports anything else as an
  error, so ``publish`` refuses to run, and the Sender refuses such an account
  again (:func:`refusal`);
- a host other than the network's usual one (the setting's default) is a
  warning that names the secret and the host. Mastodon has no usual host
  (every instance is normal), so there only a server on this machine warns;
  the pull-request preview shows every change of an account's host or
  variables (:func:`changes`), Mastodon's included;
- a variable of the CI runner itself (``GITHUB_*``, ``ACTIONS_*`` …) is an
  error (see :func:`smmgen.secrets.reserved_env`), and one variable read by
  accounts on two networks a warning: each network would get the other's secret.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from .fields import ENDPOINT
from .i18n import _
from .model import Account
from .problems import Problem, error, warning
from .secrets import RESERVED_ENV_NAMES, RESERVED_ENV_PREFIXES, env_settings, reserved_env
from .yamlsrc import YamlDoc

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class Route:
    """Where one account's secrets go: its server and the variables they come from."""

    account: str
    network: str  # the network's title, e.g. "Mastodon"
    setting: str | None  # the endpoint setting, e.g. "instance"; None: no such setting
    host: str | None  # None when the secret is itself the address (a Discord webhook)
    scheme: str
    usual: str | None  # the network's own host; None when any host is normal (Mastodon)
    secrets: tuple[tuple[str, str], ...]  # (what, variable), e.g. ("token", "MASTODON_TOKEN")

    @property
    def local(self) -> bool:
        """Whether the server is on this machine (a test server)."""
        return self.host in LOCAL_HOSTS

    @property
    def insecure(self) -> bool:
        """Whether secrets would cross the network unencrypted."""
        return self.host is not None and self.scheme == "http" and not self.local

    @property
    def custom(self) -> bool:
        """Whether the server is not the network's usual one (or is this machine)."""
        if self.host is None:
            return False
        return self.local or (self.usual is not None and self.host != self.usual)


def plain_http_elsewhere(url: str) -> bool:
    """Whether a secret URL (e.g. a webhook from a variable) is not https to another machine."""
    parts = urlsplit(url)
    if parts.scheme.lower() == "https":
        return False
    local = "@" not in parts.netloc and "\\" not in url and parts.hostname in LOCAL_HOSTS
    return not (parts.scheme.lower() == "http" and local)


def host_of(url: str) -> tuple[str, str] | None:
    """(scheme, host) of an endpoint URL, lower case; None when it is not one."""
    m = ENDPOINT.match(url)
    if m is None:
        return None
    return m.group("scheme").lower(), m.group("host").lower().strip("[]")


def routes(account: Account) -> list[Route]:
    """Where ``account`` sends its secrets: one route per endpoint setting (or one without)."""
    from .networks import NETWORKS

    network = NETWORKS.get(account.network)
    if network is None:
        return []
    secrets = tuple(
        (setting.removesuffix("_env").replace("_", " "), variable)
        for setting, variable in env_settings(account).items()
    )
    if not secrets:
        return []
    found = []
    for name, field in network.settings.items():
        if field.kind != "endpoint":
            continue
        value = account.settings.get(name, field.default)
        parsed = host_of(value) if isinstance(value, str) else None
        if parsed is None:
            continue
        # The network's own server is the setting's default; no default, no usual host.
        default = host_of(field.default) if isinstance(field.default, str) else None
        usual = default[1] if default is not None else None
        scheme, host = parsed
        found.append(Route(account.name, _(network.title), name, host, scheme, usual, secrets))
    if not any(network.settings[name].kind == "endpoint" for name in network.settings):
        found.append(Route(account.name, _(network.title), None, None, "https", None, secrets))
    return found


def phrase(route: Route, show: Callable[[str], str], was: Route | None = None) -> str:
    """``the Mastodon token ($MASTODON_TOKEN)``; ``show`` renders a variable name.

    With ``was``, a variable that changed is followed by the old one.
    """
    before = dict(was.secrets) if was is not None else {}
    parts = []
    for what, variable in route.secrets:
        old = before.get(what)
        changed = (
            _(" (was {old})").format(old=show(old)) if old is not None and old != variable else ""
        )
        parts.append(f"{what} {show(variable)}{changed}")
    listed = (
        parts[0]
        if len(parts) == 1
        else _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])
    )
    return _("the {network} {secrets}").format(network=route.network, secrets=listed)


def check_accounts(doc: YamlDoc, rel: str, accounts: Mapping[str, Account]) -> list[Problem]:
    """Problems with where schedule.yaml's accounts send their secrets (see the module)."""
    problems: list[Problem] = []
    first_reader: dict[str, Account] = {}
    for name, account in accounts.items():
        for setting, variable in env_settings(account).items():
            mark = doc.value_mark("accounts", name, setting)
            if reserved_env(variable):
                problems.append(
                    error(
                        rel,
                        mark.line,
                        "schedule/reserved-env",
                        _(
                            "account '{name}': '{setting}' names {variable}, a variable of the "
                            "CI runner or of git's push token ({names}); smmgen never reads "
                            "those. Name the variable that holds this account's secret"
                        ).format(
                            name=name,
                            setting=setting,
                            variable=variable,
                            names=", ".join(
                                [*(p + "*" for p in RESERVED_ENV_PREFIXES), *RESERVED_ENV_NAMES]
                            ),
                        ),
                        column=mark.column,
                        account=name,
                    )
                )
                continue
            other = first_reader.setdefault(variable, account)
            if other.network != account.network:
                problems.append(
                    warning(
                        rel,
                        mark.line,
                        "schedule/shared-env",
                        _(
                            "account '{name}' ({network}) reads ${variable} like account "
                            "'{name2}' ({network2}): one secret for two networks goes to "
                            "both networks' servers; give each network its own variable"
                        ).format(
                            name=name,
                            network=account.network,
                            variable=variable,
                            name2=other.name,
                            network2=other.network,
                        ),
                        column=mark.column,
                        account=name,
                    )
                )
        for route in routes(account):
            problem = _endpoint_problem(doc, rel, account, route)
            if problem is not None:
                problems.append(problem)
    return problems


def _endpoint_problem(doc: YamlDoc, rel: str, account: Account, route: Route) -> Problem | None:
    if route.setting is None or not (route.insecure or route.custom):
        return None
    if route.setting in doc.value.get("accounts", {}).get(account.name, {}):
        mark = doc.value_mark("accounts", account.name, route.setting)
        line, column = mark.line, mark.column
    else:
        line, column = account.line, 1
    sends = phrase(route, lambda variable: f"(${variable})")
    if route.insecure:
        return error(
            rel,
            line,
            "schedule/insecure-endpoint",
            _(
                "account '{name}': '{setting}' uses plain http://, which "
                "sends {sends} unencrypted to {host}; use https:// (http:// "
                "is only for localhost)"
            ).format(name=account.name, setting=route.setting, sends=sends, host=route.host),
            column=column,
            account=account.name,
        )
    where = (
        _("not to {network}'s own {usual}; remove '{setting}' unless you run this server").format(
            network=route.network, usual=route.usual, setting=route.setting
        )
        if route.usual is not None
        else _("a server on this machine: fine for tests, not for publishing")
    )
    return warning(
        rel,
        line,
        "schedule/custom-endpoint",
        _("account '{name}': this sends {sends} to {host}, {where}").format(
            name=account.name, sends=sends, host=route.host, where=where
        ),
        column=column,
        account=account.name,
    )


def refusal(account: Account) -> str | None:
    """Why no secret of ``account`` may be sent (check reports it too), or None."""
    for setting, variable in env_settings(account).items():
        if reserved_env(variable):
            return _("'{setting}' names {variable}, a variable of the CI runner itself").format(
                setting=setting, variable=variable
            )
    for route in routes(account):
        if route.insecure:
            return _(
                "'{setting}' uses plain http:// to {host}; secrets go only over https:// "
                "(http:// only to localhost)"
            ).format(setting=route.setting, host=route.host)
    from .networks import NETWORKS

    network = NETWORKS.get(account.network)
    for name, field in (network.settings if network else {}).items():
        value = account.settings.get(name, field.default)
        if field.kind == "endpoint" and isinstance(value, str) and host_of(value) is None:
            return _("'{name}' is not an https:// URL").format(name=name)
    return None


@dataclass(frozen=True)
class Change:
    """An account that sends its secrets somewhere new in a pull request."""

    route: Route
    was: Route | None  # None: a new account (or one that had no secrets)
    line: int  # of the account in schedule.yaml


def changes(before: Mapping[str, Account], after: Mapping[str, Account]) -> list[Change]:
    """Accounts of ``after`` whose server or secret variables differ from ``before``."""
    found = []
    for name, account in after.items():
        old = {r.setting: r for r in routes(before[name])} if name in before else {}
        for route in routes(account):
            was = old.get(route.setting)
            if was is None or (was.host, was.scheme, was.secrets) != (
                route.host,
                route.scheme,
                route.secrets,
            ):
                found.append(Change(route, was, account.line))
    return found

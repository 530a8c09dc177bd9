"""``smmgen accounts check``: does every account still work, without posting anything.

Each network's checker (``smmgen/accounts/<network>.py``, function ``inspect``)
asks the network about the account's credentials — a token debugger or
introspection endpoint where one exists (Meta ``debug_token``, LinkedIn
``introspectToken``), a "who am I" call otherwise — and, where the network
does not list a token's scopes, tries a harmless read per feature. It returns
an :class:`Access`; :func:`check_account` turns that into a
:class:`AccountReport` against the permissions the network declares per
feature (``Network.permissions``), e.g. "publishing works; crash lookup needs
r_organization_social".

An account fails when its credentials are missing, invalid, expired or
revoked, or publishing lacks a permission; a missing permission for another
feature is reported but does not fail it. A token that expires within
``warn_days`` is reported as expiring.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..adapters import missing_sdk
from ..endpoints import refusal
from ..i18n import N_, _
from ..model import Account
from ..networks import NETWORKS, home
from ..networks.base import FEATURES
from ..secrets import Redactor, account_secrets, missing_message

OK, EXPIRING, FAILED = "ok", "expiring", "failed"


@dataclass(frozen=True)
class Access:
    """What a network said about an account's credentials."""

    valid: bool
    message: str  # e.g. "token valid (page 'Example')" or why it is not
    scopes: frozenset[str] | None = None  # granted scopes, where the network lists them
    expires_at: dt.datetime | None = None  # None: does not expire, or not told
    # feature -> (works, why not), from a harmless read where scopes are not listed
    probed: Mapping[str, tuple[bool, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class FeatureState:
    """Whether one feature works with the account's credentials."""

    feature: str  # a key of FEATURES
    works: bool | None  # None: cannot tell without trying it
    detail: str = ""  # what is missing, or why it is unknown


@dataclass(frozen=True)
class AccountReport:
    """One account's result."""

    account: str
    network: str
    status: str  # ok | expiring | failed
    message: str
    features: tuple[FeatureState, ...] = ()
    expires_at: dt.datetime | None = None

    def summary(self) -> str:
        """One line in words: "publishing works; crash lookup needs r_organization_social"."""
        parts = []
        for f in self.features:
            name = _(FEATURES[f.feature])
            if f.works:
                parts.append(_("{feature} works").format(feature=name))
            elif f.works is None:
                detail = f.detail or _("not checked")
                parts.append(_("{feature}: {detail}").format(feature=name, detail=detail))
            else:
                parts.append(_("{feature} {detail}").format(feature=name, detail=f.detail))
        return "; ".join(parts)


class CheckFailed(Exception):
    """A checker could not get an answer (the message says from where; no secrets)."""


Inspect = Callable[[Account, Mapping[str, str]], Access]


def checker(network: str) -> Inspect | None:
    """The ``inspect(account, secrets)`` of ``network``'s check; None where there is none."""
    entry = home(network)
    if entry is None or not entry.checks:
        return None
    inspect: Inspect = importlib.import_module(f"smmgen.accounts.{entry.adapter}").inspect
    return inspect


def check_account(
    account: Account,
    environ: Mapping[str, str],
    *,
    now: dt.datetime,
    warn_days: int = 14,
) -> AccountReport:
    """Check ``account`` against its network; never raises for network trouble."""
    name, network = account.name, account.network
    inspect = checker(network)
    if inspect is None:
        return AccountReport(name, network, OK, _("posted by hand: nothing to check"))
    refused = refusal(account)  # secrets go only where publishing may send them
    if refused is not None:
        return AccountReport(name, network, FAILED, _("nothing checked: {why}").format(why=refused))
    creds = account_secrets(account, environ)
    if creds.missing:
        return AccountReport(name, network, FAILED, missing_message(creds.missing))
    redact = Redactor(creds.values.values())
    try:
        access = inspect(account, creds.values)
    except CheckFailed as exc:
        return AccountReport(name, network, FAILED, redact.line(str(exc)))
    except ImportError as exc:  # the network's SDK is not installed
        why = missing_sdk(network, to=N_("install {package} to check accounts on {network}")) or _(
            "cannot check: {exc}"
        ).format(exc=exc)
        return AccountReport(name, network, FAILED, redact.line(why))
    except Exception as exc:  # a bug in one check must not hide the other accounts
        bug = _("internal error in the {network} check: {exc}")
        why = redact.line(bug.format(network=network, exc=repr(exc)))
        return AccountReport(name, network, FAILED, why)
    if not access.valid:
        return AccountReport(name, network, FAILED, redact.line(access.message))
    features = _features(account, access)
    publish = next((f for f in features if f.feature == "publish"), None)
    status, message = OK, redact.line(access.message)
    if publish is not None and publish.works is False:
        status = FAILED
    elif access.expires_at is not None and access.expires_at - now < dt.timedelta(days=warn_days):
        status = EXPIRING if access.expires_at > now else FAILED
        ends = _("; the token expires {when} UTC") if status == EXPIRING else None
        ends = ends or _("; the token expired {when} UTC")
        message += ends.format(when=f"{access.expires_at:%Y-%m-%d %H:%M}")
    return AccountReport(name, network, status, message, features, access.expires_at)


def _features(account: Account, access: Access) -> tuple[FeatureState, ...]:
    """Each declared feature's state: from the granted scopes, else from a probe."""
    network = NETWORKS[account.network]
    states: list[FeatureState] = []
    for perm in network.permissions_for(account):
        if perm.feature in access.probed:
            works, why = access.probed[perm.feature]
            states.append(FeatureState(perm.feature, works, "" if works else why))
        elif access.scopes is not None:
            missing = [s for s in perm.scopes if s not in access.scopes]
            detail = _("needs {scopes}").format(scopes=", ".join(missing)) if missing else ""
            if missing and perm.note:
                detail += f" ({perm.note})"
            states.append(FeatureState(perm.feature, not missing, detail))
        else:
            needs = ", ".join(perm.scopes)
            unknown = _("cannot tell; needs {scopes}").format(scopes=needs)
            states.append(FeatureState(perm.feature, None, unknown))
    return tuple(states)


def check_all(
    accounts: Mapping[str, Account],
    environ: Mapping[str, str],
    *,
    now: dt.datetime,
    only: tuple[str, ...] = (),
    warn_days: int = 14,
) -> list[AccountReport]:
    """Every account (or those in ``only``), in schedule.yaml order."""
    return [
        check_account(acct, environ, now=now, warn_days=warn_days)
        for name, acct in accounts.items()
        if not only or name in only
    ]

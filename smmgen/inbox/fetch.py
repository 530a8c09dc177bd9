"""``smmgen inbox fetch``: every account's new items into the store, old ones out."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..adapters.base import SendError
from ..endpoints import refusal
from ..i18n import _
from ..model import Account, Schedule
from ..secrets import Credentials, Redactor, account_secrets, missing_message
from ..sending import adapter_class
from . import Item
from .readers import READERS, Caller, Read
from .store import RETENTION_DAYS, Store, kept_within

RECHECK_DAYS = 7  # stored items younger than this are looked up again (deleted, edited)


@dataclass(frozen=True)
class AccountResult:
    """What a fetch did for one account."""

    account: str
    network: str
    new: int = 0
    gone: int = 0
    calls: int = 0
    skipped: str | None = None  # why nothing was read
    edited: int = 0


def retention(schedule: Schedule) -> int:
    """schedule.yaml's ``inbox.retention_days`` (default 90)."""
    inbox = schedule.settings.get("inbox") or {}
    days = inbox.get("retention_days", RETENTION_DAYS) if isinstance(inbox, dict) else None
    return days if isinstance(days, int) and days > 0 else RETENTION_DAYS


def fetch(
    root: Path,
    schedule: Schedule,
    environ: Mapping[str, str],
    *,
    only: Collection[str] = (),
    sleep: Callable[[float], None] = time.sleep,
    since: dt.timedelta | None = None,
) -> list[AccountResult]:
    """Read every account (or ``only`` these); store what is new, drop what is gone or old.

    ``since``: where an account has no cursor yet (a fresh checkout, as in the
    inbox workflow), read back this far only.
    """
    store = Store(root)
    items = store.items()
    cursors = store.cursors()
    redact = Redactor.for_accounts(schedule.accounts.values(), environ)
    results: list[AccountResult] = []
    for name, account in schedule.accounts.items():
        if only and name not in only:
            continue
        creds = account_secrets(account, environ)
        why = _cannot_read(account, creds)
        if why is not None:
            results.append(AccountResult(name, account.network, skipped=why))
            continue
        mine = [i for i in items if i.account == name]
        read = Read()
        if since is not None:
            floor = dt.datetime.now(dt.UTC) - since
            read.floor = floor.isoformat(timespec="seconds")
        try:
            _read(account, creds, cursors.get(name), mine, Caller(sleep, read))
        except SendError as exc:
            why = redact.line(str(exc))
            results.append(AccountResult(name, account.network, calls=read.calls, skipped=why))
            continue
        items, new = _merge(items, name, mine, read)
        if read.cursor is not None:
            cursors[name] = read.cursor
        results.append(
            AccountResult(
                name,
                account.network,
                len(new),
                len(read.gone),
                read.calls,
                edited=len(read.edited),
            )
        )
    store.save(kept_within(items, retention(schedule)), cursors)
    return results


def _cannot_read(account: Account, creds: Credentials) -> str | None:
    """Why this account's inbox cannot be read (no reader, a refused server, unset secrets)."""
    if READERS.get(account.network) is None or adapter_class(account.network) is None:
        return _("smmgen cannot read an inbox on {network} yet").format(network=account.network)
    return refusal(account) or (missing_message(creds.missing) if creds.missing else None)


def _read(
    account: Account, creds: Credentials, cursor: str | None, mine: list[Item], caller: Caller
) -> None:
    """Read one account's new items into ``caller``'s Read, looking recent stored ones up."""
    reader = READERS[account.network]
    cls = adapter_class(account.network)
    assert cls is not None
    # Looking stored items up again costs calls: the last RECHECK_DAYS only.
    recent = kept_within(mine, RECHECK_DAYS)
    reader(cls(account, creds.values), cursor, recent, caller)


def _merge(
    items: list[Item], name: str, mine: list[Item], read: Read
) -> tuple[list[Item], list[Item]]:
    """The stored items with one account's read applied, and that account's new items.

    Items gone upstream are dropped and edited ones replaced.
    """
    known = {i.id for i in mine}
    new = [i for i in read.items if i.id not in known]
    changed = {i.id: i for i in read.edited}
    merged = [
        changed.get(i.id, i) if i.account == name else i
        for i in items
        if not (i.account == name and i.id in read.gone)
    ] + new
    return merged, new

"""``smmgen inbox fetch``: every account's new items into the store, old ones out."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..adapters.base import SendError
from ..endpoints import refusal
from ..model import Schedule
from ..secrets import Redactor, account_secrets, missing_message
from ..sending import adapter_class
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
        reader = READERS.get(account.network)
        creds = account_secrets(account, environ)
        cls = adapter_class(account.network)
        why = (
            f"smmgen cannot read an inbox on {account.network} yet"
            if reader is None or cls is None
            else refusal(account) or (missing_message(creds.missing) if creds.missing else None)
        )
        if why is not None:
            results.append(AccountResult(name, account.network, skipped=why))
            continue
        assert reader is not None and cls is not None
        mine = [i for i in items if i.account == name]
        # Looking stored items up again costs calls: the last RECHECK_DAYS only.
        recent = kept_within(mine, RECHECK_DAYS)
        read = Read()
        if since is not None:
            floor = dt.datetime.now(dt.UTC) - since
            read.floor = floor.isoformat(timespec="seconds")
        try:
            reader(cls(account, creds.values), cursors.get(name), recent, Caller(sleep, read))
        except SendError as exc:
            results.append(
                AccountResult(
                    name, account.network, calls=read.calls, skipped=redact.line(str(exc))
                )
            )
            continue
        known = {i.id for i in mine}
        new = [i for i in read.items if i.id not in known]
        changed = {i.id: i for i in read.edited}
        items = [
            changed.get(i.id, i) if i.account == name else i
            for i in items
            if not (i.account == name and i.id in read.gone)
        ] + new
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

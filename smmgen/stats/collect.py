"""``smmgen stats collect``: read back what is due, batch by batch, and append it.

One run:

1. Load schedule.yaml (:func:`~smmgen.stats.sources.load`: post files are
   read only where a thread's parts must be derived) and the ledger (working
   tree and, with ``commit``, the ``smmgen-state`` branch merged); with
   ``commit`` the branch's ``stats/`` files are merged into the working tree
   first, so what is due is decided on everything measured so far.
2. :func:`~smmgen.stats.due.due` lists the posts that passed a checkpoint.
3. Per account, ids go to its reader in batches of the API's size, with the
   publisher's retry policy (Retry-After honoured, bounded). A denied access
   is reported once and the account skipped; a failed batch is reported and
   the next one tried. Each account's rows are written before the next
   account starts, so a later failure never loses them.
4. With ``commit`` the changed month files are pushed beside the ledger on
   ``smmgen-state`` (union on a lost race: the files are append-only).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .. import gitstate
from ..adapters import missing_sdk
from ..adapters.base import SendError
from ..adapters.http import tls_context
from ..i18n import N_, _, ngettext
from ..ledger import fold
from ..secrets import Redactor, account_secrets, missing_message
from ..sending import BACKOFF, MAX_ATTEMPTS, MAX_WAIT
from ..shared_ledger import MAX_SWAPS, read_known
from . import store
from .due import DEFAULT, Checkpoints, Due, due, published
from .metrics import NONE, Counts
from .readers import has_reader
from .readers import load as load_reader
from .readers.base import AccessDenied, Reader
from .sources import Sources

if TYPE_CHECKING:
    from ..model import Account

T = TypeVar("T")


@dataclass
class Options:
    """How to run; ``sleep`` and ``environ`` are injected so tests neither wait nor leak."""

    at: dt.datetime
    only: Collection[str] = ()
    commit: bool = False
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    sleep: Callable[[float], None] = time.sleep
    progress: Callable[[str], None] = lambda line: None


@dataclass
class Report:
    """What a run measured, skipped and could not do."""

    rows: list[store.Row] = field(default_factory=list)
    due: int = 0
    skipped: list[str] = field(default_factory=list)  # accounts whose access does not allow it
    errors: list[str] = field(default_factory=list)  # failed calls: tried again next run
    warnings: list[str] = field(default_factory=list)  # implausible values, bad CSV rows
    files: list[str] = field(default_factory=list)  # month files changed

    @property
    def ok(self) -> bool:
        """True when nothing failed (skipped accounts are an access state, not a failure)."""
        return not self.errors


def collect(ctx: Sources, options: Options) -> Report:
    """Measure everything due at ``options.at``; see the module docstring."""
    root = ctx.root
    report = Report()
    accounts = {
        name: acc
        for name, acc in ctx.schedule.accounts.items()
        if not options.only or name in options.only
    }
    if options.commit:
        parent = gitstate.fetch(root)
        for rel in gitstate.files(root, parent, store.FOLDER):
            store.merge(root, rel, gitstate.read(root, parent, rel))
    rows, problems = store.read(root)
    counted_today = {
        r.account
        for r in rows
        if not r.post and r.at.date() == options.at.astimezone(dt.UTC).date()
    }
    readable = {name for name, acc in accounts.items() if has_reader(acc.network)}
    loading = _load_tls_for(readable - counted_today)  # follower counts to read
    known = read_known(root)
    report.warnings.extend(f"{p.path}:{p.line}: {p.message} [{p.rule}]" for p in known.problems)
    states = fold(known.records())
    items = published(states, {name: acc.network for name, acc in accounts.items()})
    report.warnings.extend(f"{p.path}:{p.line}: {p.message} [{p.rule}]" for p in problems)
    config = ctx.schedule.settings.get("stats")
    todo = due(items, rows, config if isinstance(config, Checkpoints) else DEFAULT, options.at)
    report.due = len(todo)
    if not loading:
        _load_tls_for(readable.intersection(d.item.account for d in todo))
    for name, account in accounts.items():
        mine = [d for d in todo if d.item.account == name]
        if not mine and (name in counted_today or not any(i.account == name for i in items)):
            continue
        new = _account(ctx, account, mine, name not in counted_today, options, report)
        if new:
            report.rows.extend(new)
            for rel in store.append(root, new):
                if rel not in report.files:
                    report.files.append(rel)
    if options.commit and report.files:
        _push(root, report.files, options.at)
    return report


def _load_tls_for(accounts: Collection[str]) -> bool:
    """Whether ``accounts`` will call the network: then the TLS roots start loading in a
    thread (they load without the interpreter lock, ~20 ms, while this one reads the
    ledger and the post files; a run with nothing to read does not load them)."""
    if accounts:
        threading.Thread(target=_load_tls, daemon=True).start()
    return bool(accounts)


def _load_tls() -> None:
    # A failure (a $SSL_CERT_FILE that is not there) comes again where the
    # first client is made, and is reported there as without this thread.
    with contextlib.suppress(Exception):
        tls_context()


def _account(
    ctx: Sources,
    account: Account,
    todo: list[Due],
    count_followers: bool,
    options: Options,
    report: Report,
) -> list[store.Row]:
    """The rows of one account; problems go to ``report``."""
    cls = load_reader(account.network)
    # Before the reader (and its HTTP client) is made: see _load_tls_for.
    parts = {} if cls is None or not cls.measures_posts else _parts(ctx, cls, todo)
    opened = _reader(cls, account, bool(todo), options, report)
    if opened is None:
        return []
    reader, redact = opened
    at = options.at.astimezone(dt.UTC).replace(microsecond=0)
    rows: list[store.Row] = []
    got: dict[str, Counts | None] = {}  # filled batch by batch: kept whatever fails later

    def error(message: str) -> None:
        report.errors.append(redact.line(message))

    try:
        if count_followers:
            followers = _retrying(reader.followers, options, account.name)
            rows.append(store.Row(at, "", account.name, account.network, followers=followers))
        if todo and not reader.measures_posts:
            report.skipped.append(
                _(
                    "{account}: {network} gives no numbers for single posts (only the follower "
                    "count is kept)"
                ).format(account=account.name, network=account.network)
            )
            todo = []
        ids = [i for d in todo for i in parts[d.item.post]]
        _read(reader, ids, options, account.name, error, got)
    except AccessDenied as exc:
        report.skipped.append(redact.line(str(exc)))
    except SendError as exc:
        error(str(exc))
    finally:
        reader.close()
        report.warnings.extend(redact.line(w) for w in reader.warnings)
    read = [d for d in todo if d.item.post in parts]
    rows += _post_rows(at, read, parts, got, reader.counts_own_replies)
    options.progress(
        # English says "rows" for one too (kept as it always read); German counts properly.
        ngettext("{account}: {count} rows", "{account}: {count} rows", len(rows)).format(
            account=account.name, count=len(rows)
        )
    )
    return rows


def _reader(
    cls: type[Reader] | None, account: Account, posts: bool, options: Options, report: Report
) -> tuple[Reader, Redactor] | None:
    """The account's reader and a redactor of its secrets; None (reported) where there is none."""
    if cls is None:
        if posts:
            report.skipped.append(
                _("{account}: {network} has no statistics to read").format(
                    account=account.name, network=account.network
                )
            )
        return None
    credentials = account_secrets(account, options.environ)
    redact = Redactor(credentials.values.values())
    if cls.needs_secrets and credentials.missing:
        report.errors.append(f"{account.name}: {missing_message(credentials.missing)}")
        return None
    try:
        return cls(account, credentials.values), redact
    except SendError as exc:
        report.errors.append(redact.line(str(exc)))
    except ImportError:  # the reader needs the network's SDK
        why = missing_sdk(
            account.network, to=N_("install {package} to read statistics from {network}")
        )
        if why is None:
            raise
        report.errors.append(f"{account.name}: {why}")
    return None


def _read(
    reader: Reader,
    ids: list[str],
    options: Options,
    name: str,
    error: Callable[[str], None],
    got: dict[str, Counts | None],
) -> None:
    """Counts of ``ids`` into ``got``, a batch at a time; a failed batch is reported and left out.

    Up to ``reader.parallel`` batches are in flight at once (each with its own
    retries); results and errors are taken in batch order. :class:`AccessDenied`
    goes up (it is about the whole account) once the batches already running
    are done; what they fetched stays in ``got``.
    """
    size = _retrying(reader.batch_size, options, name) if ids else 1
    calls = [partial(_retrying, partial(reader.read, ids[i : i + size]), options, name)
             for i in range(0, len(ids), size)]  # fmt: skip
    if reader.parallel <= 1 or len(calls) <= 1:
        for call in calls:
            try:
                got.update(call())
            except AccessDenied:
                raise  # the whole account: reported once by the caller
            except SendError as exc:
                error(str(exc))
        return
    denied: AccessDenied | None = None
    with ThreadPoolExecutor(min(reader.parallel, len(calls))) as pool:
        futures = [pool.submit(call) for call in calls]
        for future in futures:
            if future.cancelled():
                continue
            try:
                got.update(future.result())
            except AccessDenied as exc:
                if denied is None:
                    denied = exc
                    for later in futures:
                        later.cancel()  # those not started yet
            except SendError as exc:
                error(str(exc))
    if denied is not None:
        raise denied


def _post_rows(
    at: dt.datetime,
    todo: list[Due],
    parts: Mapping[str, tuple[str, ...]],
    got: Mapping[str, Counts | None],
    counts_own_replies: bool,
) -> list[store.Row]:
    """One row per post read: its parts' counts summed, or ``deleted``."""
    rows: list[store.Row] = []
    for d in todo:
        first, *rest = parts[d.item.post]
        if first not in got:
            continue  # failed (reported above) or not indexed yet: asked again next run
        counts = got[first]
        if counts is None:
            rows.append(_row(at, d, status="deleted"))
            continue
        for part in rest:
            more = got.get(part)
            if more is not None:
                counts = counts.plus(more)
        if rest and counts_own_replies and counts.replies is not None:
            # Each later part is a reply to the one before: ours, not the audience's.
            counts = counts._replace(replies=max(0, counts.replies - len(rest)))
        rows.append(_row(at, d, counts=counts))
    return rows


def _row(at: dt.datetime, d: Due, *, status: str = "ok", counts: Counts = NONE) -> store.Row:
    item = d.item
    return store.Row(at, item.post, item.account, item.network, d.checkpoint, status, counts)


def _parts(ctx: Sources, reader: type[Reader], todo: list[Due]) -> dict[str, tuple[str, ...]]:
    """By post, the ids of its parts: as the ledger recorded them, else derived from the key."""
    parts: dict[str, tuple[str, ...]] = {}
    for d in todo:
        item = d.item
        if len(item.parts) > 1 and item.parts[0] == item.remote_id:
            parts[item.post] = item.parts
        elif not reader.derives_parts:
            parts[item.post] = (item.remote_id,)
        elif (n := ctx.parts(item.post, item.account, item.key)) > 1:
            parts[item.post] = reader.part_ids(item.remote_id, item.key, n)
        else:
            parts[item.post] = (item.remote_id,)
    return parts


def _retrying(call: Callable[[], T], options: Options, account: str) -> T:
    """``call()`` with the publisher's retry policy for retryable errors."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return call()
        except AccessDenied:
            raise
        except SendError as exc:
            wait = exc.retry_after if exc.retry_after is not None else BACKOFF * 2 ** (attempt - 1)
            if not exc.retryable or attempt == MAX_ATTEMPTS or wait > MAX_WAIT:
                raise
            options.progress(
                _("{account}: retrying in {wait:.0f} s ({attempt}/{max})").format(
                    account=account, wait=wait, attempt=attempt, max=MAX_ATTEMPTS
                )
            )
            options.sleep(wait)
    raise AssertionError("unreachable")


def _push(root: Path, files: list[str], at: dt.datetime) -> None:
    """Commit the month files to the state branch and push; merge on a lost race."""
    from ..errors import ConfigError

    message = f"stats: snapshot {at.astimezone(dt.UTC):%Y-%m-%d %H:%M}"
    for rel in files:
        for _unused in range(MAX_SWAPS):
            parent = gitstate.fetch(root)
            merged = store.merge(root, rel, gitstate.read(root, parent, rel))
            if gitstate.swap(root, parent, rel, merged, message):
                break
        else:
            raise ConfigError(
                _("could not push {rel} to {state_branch}; it is in {rel}").format(
                    rel=rel, state_branch=gitstate.STATE_BRANCH
                )
            )

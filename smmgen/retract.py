"""Take a published post down on every account it went out on, exactly once (``smmgen retract``).

The same claim-before-act protocol as publishing (:mod:`smmgen.publish`):

1. Read the ledger (with ``commit``: merged with the ``smmgen-state`` branch,
   fetched first) and find every account where the post is published.
2. Append a ``retracting`` claim for each and, with ``commit``, push them as
   one commit — the compare-and-swap. A rejected push means another run was
   first: merge, look again, claim only what is still free. A claim of a run
   that is still working is left alone (``in-progress``).
3. Delete every part through the account's adapter (``Adapter.delete``, the
   last part first), then append ``retracted``; a failure appends
   ``retract-failed``, which frees the claim for the next try.
4. With ``commit``, push the outcomes.

Deleting is idempotent (a part that is gone already counts as deleted), so a
claim left by a run that died — before or after the delete — is simply taken
again: the post goes down once, and the ledger says so once. Where the API
cannot delete (Instagram, manual accounts, a post recorded by hand without
an id) the account goes on the manual checklist; ``--by-hand`` records that
a person took it down.

A retracted post is planned as ``retracted`` and never sent again while its
content key is the one that was taken down (:func:`smmgen.plan.make_plan`).
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from . import gitstate
from .adapters import missing_sdk
from .adapters.base import Adapter, DeleteRequest, SendError
from .endpoints import refusal
from .errors import ConfigError
from .i18n import N_, _
from .ledger import LEDGER_FILE, ClaimState, Event, Ledger, Record, Status, fold, now_utc
from .model import Schedule
from .secrets import Redactor, account_secrets, missing_message
from .sending import BACKOFF, MAX_ATTEMPTS, MAX_WAIT, adapter_class
from .shared_ledger import MAX_SWAPS, checkout_id, claim_state, push_ledger, read_known, this_host


@dataclass(frozen=True)
class Target:
    """One account where the post is out, and what the ledger knows of it."""

    account: str
    network: str
    published: Record
    remote_ids: tuple[str, ...]  # every part known, part 1 first


class Result(StrEnum):
    """What a retract run did (or left) on one account; the words of its summary."""

    RETRACTED = "retracted"
    ALREADY = "already"  # taken down before
    MANUAL = "manual"  # the network cannot delete it: a person does
    BY_HAND = "by-hand"  # --by-hand: recorded as taken down by a person
    FAILED = "failed"
    IN_PROGRESS = "in-progress"  # another run is retracting it
    NOT_PUBLISHED = "not-published"


@dataclass(frozen=True)
class Outcome:
    """What this run did (or left) for one account."""

    account: str
    network: str
    result: Result
    detail: str = ""
    url: str | None = None


_NO_PUBLICATION = N_(
    "the ledger has no publication of '{post}' (a post id is its path under content/ without .md)"
)


@dataclass
class Options:
    """What to retract and how; ``sleep``/``environ`` are injected for tests."""

    post: str
    accounts: Collection[str] = ()
    reason: str | None = None
    commit: bool = False
    by_hand: bool = False
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    sleep: Callable[[float], None] = time.sleep
    progress: Callable[[str], None] = lambda line: None


def part_ids(status: Status) -> tuple[str, ...]:
    """Every part of the published post the ledger knows, part 1 first."""
    published = status.published
    assert published is not None
    ids = [published.remote_id] if published.remote_id else []
    lists = [r.parts or () for r in status.events if r.key == published.key]
    for remote_id in max(lists, key=len, default=()):
        if remote_id not in ids:
            ids.append(remote_id)
    return tuple(ids)


def _by_hand_why(known: bool, network: str, target: Target) -> str | None:
    """Why a person must take ``target`` down (None: the API deletes it)."""
    cls = adapter_class(network) if known else None
    if cls is not None and cls.deletes and target.remote_ids:
        return None
    if not known:
        return _("account no longer in schedule.yaml")
    if cls is not None and cls.deletes:
        return _("the ledger has no id of it")
    return _("{network} cannot delete posts through its API").format(network=network)


class Retractor:
    """One ``smmgen retract`` run."""

    def __init__(self, root: Path, schedule: Schedule, options: Options) -> None:
        self.root = root
        self.schedule = schedule
        self.opt = options
        self.ledger = Ledger(root / LEDGER_FILE)
        self.run = f"retract-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        self.host = this_host()
        self.checkout = checkout_id(root)
        self.redact = Redactor.for_accounts(schedule.accounts.values(), options.environ)

    def execute(self) -> list[Outcome]:
        """Claim, delete, record; one outcome per account the post went out on."""
        outcomes, batch, recorded = self._claim()
        for target in batch:
            outcomes.append(self._delete(target))
        if self.opt.commit and (batch or recorded):
            push_ledger(self.root, f"smmgen: retract {self.opt.post} (run {self.run})")
        return sorted(outcomes, key=lambda o: o.account)

    # ── claiming ────────────────────────────────────────────────────────────
    def _claim(self) -> tuple[list[Outcome], list[Target], bool]:
        for _unused in range(MAX_SWAPS):
            parent = gitstate.fetch(self.root) if self.opt.commit else None
            remote = gitstate.read(self.root, parent, LEDGER_FILE)
            known = read_known(self.root, remote)
            gone = [p for p in known.problems if p.rule == "ledger/missing"]
            if gone:
                raise gitstate.LedgerGone(gone[0].message)
            outcomes, batch, by_hand = self._sort(fold(known.records()))
            records = [self._record(t, Event.RETRACTING) for t in batch]
            records += [
                self._record(t, Event.RETRACTED, error=_("taken down by hand")) for t in by_hand
            ]
            if not records:
                return outcomes, [], False
            self.ledger.replace(known.text)
            self.ledger.append(records)
            if not self.opt.commit:
                return outcomes, batch, bool(by_hand)
            message = f"smmgen: claim retraction of {self.opt.post} (run {self.run})"
            if gitstate.swap(self.root, parent, LEDGER_FILE, self.ledger.text(), message):
                return outcomes, batch, bool(by_hand)
            self.opt.progress(_("another run changed the ledger first; merging and looking again"))
            self.ledger.replace(known.text)
        raise ConfigError(
            _("could not claim on {state_branch} after {max_swaps} tries").format(
                state_branch=gitstate.STATE_BRANCH, max_swaps=MAX_SWAPS
            )
        )

    def _sort(
        self, statuses: Mapping[tuple[str, str], Status]
    ) -> tuple[list[Outcome], list[Target], list[Target]]:
        """(outcomes decided without the network, targets to delete, targets done by hand)."""
        mine = {account: s for (post, account), s in statuses.items() if post == self.opt.post}
        if not any(s.published or s.retracted for s in mine.values()):
            raise ConfigError(_(_NO_PUBLICATION).format(post=self.opt.post))
        outcomes: list[Outcome] = []
        batch: list[Target] = []
        by_hand: list[Target] = []
        for name in self.opt.accounts:
            status = mine.get(name)
            if status is None or (status.published is None and status.retracted is None):
                outcomes.append(
                    Outcome(name, "", Result.NOT_PUBLISHED, _("not published on this account"))
                )
        for name, status in sorted(mine.items()):
            if self.opt.accounts and name not in self.opt.accounts:
                continue
            account = self.schedule.accounts.get(name)
            network = account.network if account is not None else "unknown"
            if status.published is None:
                if status.retracted is not None:
                    r = status.retracted
                    outcomes.append(
                        Outcome(
                            name,
                            network,
                            Result.ALREADY,
                            _("retracted {at}").format(at=r.at),
                            r.url,
                        )
                    )
                continue
            claim = status.retracting
            if (
                claim is not None
                and claim.run != self.run
                and claim_state(claim, self.root) == ClaimState.IN_PROGRESS
            ):
                detail = _("run {run} is retracting it").format(run=claim.run)
                outcomes.append(Outcome(name, network, Result.IN_PROGRESS, detail))
                continue
            target = Target(name, network, status.published, part_ids(status))
            if self.opt.by_hand:
                by_hand.append(target)
                outcomes.append(
                    Outcome(name, network, Result.BY_HAND, _("recorded"), target.published.url)
                )
                continue
            why = _by_hand_why(account is not None, network, target)
            if why is not None:
                outcomes.append(Outcome(name, network, Result.MANUAL, why, status.published.url))
                continue
            batch.append(target)
        return outcomes, batch, by_hand

    # ── deleting ────────────────────────────────────────────────────────────
    def _adapter(self, target: Target) -> Adapter | str:
        account = self.schedule.accounts[target.account]
        creds = account_secrets(account, self.opt.environ)
        cls = adapter_class(account.network)
        refused = refusal(account)
        if refused is not None:
            return _("nothing deleted: {why}").format(why=refused)
        sdk = missing_sdk(account.network, to=N_("install {package} to delete posts on {network}"))
        if sdk is not None:
            return sdk
        if creds.missing:
            return missing_message(creds.missing)
        assert cls is not None  # _sort keeps only accounts with an adapter that deletes
        return cls(account, creds.values)

    def _delete(self, target: Target) -> Outcome:
        adapter = self._adapter(target)
        if isinstance(adapter, str):
            return self._failed(target, adapter)
        request = DeleteRequest(
            key=target.published.key,
            post_id=self.opt.post,
            account=self.schedule.accounts[target.account],
            remote_ids=target.remote_ids,
            url=target.published.url,
        )
        self._say(
            _("… {account}: deleting {post}").format(account=target.account, post=self.opt.post)
        )
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                adapter.delete(request)
                break
            except SendError as exc:
                wait = (
                    exc.retry_after if exc.retry_after is not None else BACKOFF * 2 ** (attempt - 1)
                )
                if not exc.retryable or attempt == MAX_ATTEMPTS or wait > MAX_WAIT:
                    return self._failed(target, str(exc))
                self._say(
                    _("  {account}: {error}; retrying in {seconds}s").format(
                        account=target.account, error=exc, seconds=f"{wait:g}"
                    )
                )
                self.opt.sleep(wait)
            except Exception as exc:  # an adapter bug must not stop the other accounts
                return self._failed(
                    target,
                    _("internal error in the {network} adapter: {error}").format(
                        network=target.network, error=repr(exc)
                    ),
                )
        self.ledger.append([self._record(target, Event.RETRACTED)])
        self._say(
            _("✓ {account}: {post} deleted").format(account=target.account, post=self.opt.post)
        )
        return Outcome(target.account, target.network, Result.RETRACTED, "", target.published.url)

    def _failed(self, target: Target, message: str) -> Outcome:
        message = self.redact.line(message)
        self.ledger.append([self._record(target, Event.RETRACT_FAILED, error=message)])
        self._say(f"✗ {target.account}: {message}")
        return Outcome(target.account, target.network, Result.FAILED, message, target.published.url)

    def _say(self, line: str) -> None:
        self.opt.progress(self.redact.line(line))

    def _record(self, target: Target, event: Event, *, error: str | None = None) -> Record:
        published = target.published
        return Record(
            post=self.opt.post,
            account=target.account,
            key=published.key,
            event=event,
            at=now_utc(),
            run=self.run,
            remote_id=published.remote_id,
            url=published.url,
            scheduled=published.scheduled,
            error=error,
            host=self.host,
            pid=os.getpid(),
            checkout=self.checkout,
            reason=self.opt.reason[:300] if self.opt.reason else None,
        )

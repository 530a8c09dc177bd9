"""Publish what is due, exactly once: claim in the ledger, send, record.

One run:

1. Load posts and schedule.yaml, check them, read the ledger (with
   ``commit``: merged with the ``smmgen-state`` branch first).
2. Plan. Everything due (and every unfinished earlier attempt the adapter can
   look up) is *claimed*: ``claimed`` records are appended and fsync'd, and
   with ``commit`` pushed as one commit — the compare-and-swap. A rejected
   push means another run was first: drop our claims, merge, plan again, and
   claim only what is still free.
3. Send what we claimed, one post at a time, every account on its own
   (:mod:`smmgen.sending`: retries, attempt markers, looking up unfinished
   attempts). Each outcome (``sent``/``failed``) is appended as soon as it is
   known.
4. With ``commit``, push the outcomes (merging on rejection; appends never
   conflict; :mod:`smmgen.shared_ledger`).

A claim without an outcome means a run died between claim and record; an
``uncertain`` outcome means the network may have applied the send (a timeout,
a 5xx after a create, a thread cut short). Either way the next run asks the
adapter's ``find_existing`` before sending again, and sends only when that
lookup worked and did not find the post; where a network cannot look its
posts up (``Adapter.reconciles = False``, e.g. Discord webhooks, Telegram
bots), the attempt is reported as uncertain and a person decides:
``smmgen mark-published`` if it is there, ``smmgen publish --resend POST`` if not.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import gitstate, pause
from .adapters.base import SendResult
from .i18n import _, ngettext
from .ledger import LEDGER_FILE, ClaimState, Event, Ledger, Record, fold, now_utc, parse
from .model import Account
from .networks import by_hand
from .pause import Switch
from .plan import Entry, Plan, Reason, State, make_plan
from .problems import Problem
from .run_context import Context, Options
from .secrets import account_secrets
from .sending import Outcome, Result, Sender, reconciles
from .shared_ledger import (
    MAX_SWAPS,
    checkout_id,
    claim_state,
    push_ledger,
    read_known,
    this_host,
)


def load(root: Path) -> Context:
    """Read schedule.yaml and every post, checked (with the check cache)."""
    from .errors import ConfigError
    from .problems import format_short
    from .project import load_project

    project = load_project(root)
    if project.schedule is None or project.renderer is None or not project.schedule_ok:
        raise ConfigError(_("schedule.yaml has errors; run smmgen check"))
    project.renderer.facets = True  # what is sent to Bluesky needs its rich text
    invalid: dict[str, list[str]] = {}
    for p in project.problems:
        if p.is_error:
            invalid.setdefault(p.path, []).append(format_short(p))
    return Context(
        root,
        project.schedule,
        project.posts,
        invalid,
        project.renderer,
        gitstate.added_times(root),
    )


# Held entries the publish summary leaves out: nothing to do about them.
_QUIET = (Reason.PUBLISHED, Reason.DRAFT, Reason.RENAMED)


@dataclass
class Report:
    """Everything a run did or left, for the summary table."""

    plan: Plan
    outcomes: list[Outcome] = field(default_factory=list)
    run: str = ""
    problems: tuple[Problem, ...] = ()  # ledger lines that were skipped

    @property
    def ok(self) -> bool:
        """False when something needs a person: a failure, an unset variable, an error."""
        bad_held = {Reason.CREDENTIALS, Reason.INVALID, Reason.UNCERTAIN, Reason.TARGET_GONE}
        return not any(
            o.result in (Result.FAILED, Result.UNCERTAIN)
            or (o.result == Result.HELD and o.entry.reason in bad_held)
            for o in self.outcomes
        )


class Publisher:
    """One publishing run."""

    def __init__(self, ctx: Context, options: Options) -> None:
        self.ctx = ctx
        self.opt = options
        self.ledger = Ledger(ctx.root / LEDGER_FILE)
        self.host = this_host()
        self.checkout = checkout_id(ctx.root)
        self.run = os.environ.get("GITHUB_RUN_ID") or dt.datetime.now(dt.UTC).strftime(
            "%Y%m%dT%H%M%S"
        )
        self.run = f"{self.run}-{uuid.uuid4().hex[:6]}"
        self.posts = {p.id: p for p in ctx.posts}
        self.sender = Sender(ctx, options, self.ledger, self.record)
        self.problems: tuple[Problem, ...] = ()  # ledger lines skipped, for the log
        self.switches: tuple[Switch, ...] = ()  # pause switches on, as of the last fetch

    # ── planning ────────────────────────────────────────────────────────────
    def plan(self, ledger_text: str) -> Plan:
        """The plan for this run's options, given the ledger's text."""
        return build_plan(
            self.ctx,
            parse(ledger_text),
            self.opt.at,
            self.opt,
            self._claim_state,
            switches=self.switches,
        )

    def _claim_state(self, claim: Record) -> ClaimState:
        return (
            ClaimState.IN_PROGRESS if claim.run == self.run else claim_state(claim, self.ctx.root)
        )

    def _wanted(self, e: Entry) -> bool:
        if self.opt.only and e.account not in self.opt.only:
            return False
        if self.opt.posts and e.post not in self.opt.posts:
            return False
        if self.switches:  # paused: not even the lookups of unfinished attempts
            return False
        if by_hand(e.network):
            return False
        if e.state == State.DUE:
            return True
        if e.reason == Reason.UNCERTAIN:
            return e.post in self.opt.resend or reconciles(self.ctx.schedule.accounts[e.account])
        return False

    # ── the run ─────────────────────────────────────────────────────────────
    def execute(self) -> Report:
        """Plan, claim, send, record; returns what happened."""
        plan, batch = self._claim()
        report = Report(plan, run=self.run, problems=self.problems)
        claimed = {(e.post, e.account) for e in batch}
        renamed = False
        posts = self.posts
        for e in plan.entries:
            if self.opt.only and e.account not in self.opt.only:
                continue
            if self.opt.posts and e.post not in self.opt.posts:
                continue
            post = posts[e.post]
            if (e.post, e.account) in claimed:
                report.outcomes.append(self.sender.send(e, post))
            elif e.state == State.DUE and by_hand(e.network):
                text = "\n\n".join(self.ctx.rendered(post, e.account).parts)
                report.outcomes.append(Outcome(e, Result.MANUAL, "post it by hand", text))
            elif self.opt.dry_run and self._wanted(e):
                text = "\n\n".join(self.ctx.rendered(post, e.account).parts)
                report.outcomes.append(Outcome(e, Result.WOULD_SEND, e.reason or "", text))
            elif (
                e.state == State.HELD and e.reason == Reason.INVALID and e.path in self.ctx.invalid
            ):
                report.outcomes.append(Outcome(e, Result.HELD, "; ".join(self.ctx.invalid[e.path])))
            elif e.renamed_from is not None and not self.opt.dry_run:
                # Recorded under its new id once, so that later edits read as edits.
                old = e.renamed_from
                self.ledger.append(
                    [self.record(e, old.event, remote_id=old.remote_id, url=old.url)]
                )
                renamed = True
                report.outcomes.append(Outcome(e, Result.HELD, e.detail))
            elif e.state == State.HELD and e.reason not in _QUIET:
                report.outcomes.append(Outcome(e, Result.HELD, e.detail))
        # --init-ledger: the new branch is pushed even when nothing was due.
        if self.opt.commit and (batch or renamed or self.opt.init_ledger) and not self.opt.dry_run:
            self._push_outcomes()
        return report

    def _claim(self) -> tuple[Plan, list[Entry]]:
        """Plan and claim; with ``commit`` the claim lands on the state branch or is retried."""
        for _unused in range(MAX_SWAPS):
            parent = None
            if self.opt.commit:
                parent = gitstate.fetch(self.ctx.root, init=self.opt.init_ledger)
            remote = gitstate.read(self.ctx.root, parent, LEDGER_FILE)
            self.switches = switches_now(
                self.ctx,
                self.opt.environ,
                pause.state_text(self.ctx.root, parent, fetched=True)
                if self.opt.commit
                else pause.state_text(self.ctx.root),
            )
            known = read_known(self.ctx.root, remote)
            gone = [p for p in known.problems if p.rule == "ledger/missing"]
            if gone and not self.opt.commit:
                raise gitstate.LedgerGone(gone[0].message)
            # With commit, fetch has decided (or --init-ledger starts anew).
            self.problems = self.problems or tuple(p for p in known.problems if p not in gone)
            merged = known.text
            plan = self.plan(merged)
            batch = [e for e in plan.entries if self._wanted(e)]
            if self.opt.dry_run or not batch:
                return plan, []
            claims = [self._claim_record(e) for e in batch]
            self.ledger.replace(merged)
            self.ledger.append(claims)
            if not self.opt.commit:
                return plan, batch
            message = f"smmgen: claim {len(claims)} post(s) (run {self.run})"
            if gitstate.swap(self.ctx.root, parent, LEDGER_FILE, self.ledger.text(), message):
                self.opt.progress(
                    ngettext(
                        "claimed {n} post on {branch}", "claimed {n} posts on {branch}", len(claims)
                    ).format(n=len(claims), branch=gitstate.STATE_BRANCH)
                )
                return plan, batch
            # Another run pushed first: forget our claims, merge theirs, plan again.
            self.opt.progress(_("another run claimed first; merging its ledger and planning again"))
            self.ledger.replace(merged)
        from .errors import ConfigError

        raise ConfigError(
            _("could not claim on {state_branch} after {max_swaps} tries").format(
                state_branch=gitstate.STATE_BRANCH, max_swaps=MAX_SWAPS
            )
        )

    def _claim_record(self, e: Entry) -> Record:
        """This run's claim of ``e``; one of an uncertain attempt stays an attempt.

        So if this run dies before it could look the post up, the next run
        still sees an attempt that may have sent (with the parts it got out),
        not a claim that was never tried.
        """
        if e.reason != Reason.UNCERTAIN or e.claim is None:
            return self.record(e, Event.CLAIMED)
        parts = tuple(
            SendResult(r, e.claim.url if i == 0 else None)
            for i, r in enumerate(e.claim.parts or ())
        )
        return self.record(e, Event.CLAIMED, attempt=True, parts=parts)

    def _push_outcomes(self) -> None:
        push_ledger(
            self.ctx.root, f"smmgen: record results (run {self.run})", init=self.opt.init_ledger
        )

    def record(
        self,
        e: Entry,
        event: Event,
        *,
        remote_id: str | None = None,
        url: str | None = None,
        error: str | None = None,
        attempt: bool | None = None,
        parts: tuple[SendResult, ...] = (),
    ) -> Record:
        """This run's ledger record of ``event`` for ``e`` (``parts``: those out for sure)."""
        post = self.posts[e.post]
        if parts and remote_id is None:
            url = parts[0].url
        return Record(
            post=e.post,
            account=e.account,
            key=self.ctx.key(post, e.account),
            event=event,
            at=now_utc(),
            run=self.run,
            scheduled=e.when.isoformat() if e.when is not None else None,
            host=self.host,
            pid=os.getpid(),
            remote_id=remote_id,
            url=url,
            error=error,
            attempt=attempt,
            parts=tuple(p.remote_id for p in parts) or None,
            checkout=self.checkout,
        )


def build_plan(
    ctx: Context,
    records: list[Record],
    at: dt.datetime,
    options: Options | None = None,
    claims: Callable[[Record], ClaimState] | None = None,
    *,
    switches: Sequence[Switch] | None = None,
) -> Plan:
    """The plan from loaded content and ledger records (the plan command's view).

    ``switches``: the pause switches that are on (None: read them now, from the
    state branch as last fetched, see :func:`switches_now`).
    """
    if claims is None:

        def claims(claim: Record) -> ClaimState:
            return claim_state(claim, ctx.root)

    environ = options.environ if options is not None else os.environ
    missing = {
        name: account_secrets(account, environ).missing
        for name, account in ctx.schedule.accounts.items()
    }
    from .renames import find_renamed, keys_as

    if switches is None:
        switches = switches_now(ctx, environ)
    others = [s for s in switches if s.name != "schedule.yaml"]
    statuses = fold(records)
    return make_plan(
        ctx.posts,
        ctx.schedule,
        statuses,
        at,
        added=ctx.added,
        invalid=ctx.invalid,
        missing_credentials=missing,
        include_missed=options.include_missed if options is not None else (),
        key_of=ctx.key,
        claim_state=claims,
        renamed=find_renamed(ctx.posts, statuses, keys_as(ctx.renderer)),
        paused=others[0].describe() if others else None,
    )


def post_id_of(root: Path, given: str) -> str:
    """The post id for what a person typed: an id, or the post's file path (with
    ``content/`` and ``.md``, relative to here or the repository, or absolute)."""
    from .repo import post_id, rel_path

    path = Path(given)
    for candidate in (path, root / path):
        if candidate.suffix == ".md" and candidate.is_file():
            return post_id(rel_path(root, candidate.resolve()))
    given = given.replace("\\", "/").removesuffix(".md").lstrip("./")
    return given.removeprefix("content/")


def url_problem(url: str, account: Account) -> str:
    """Why ``url`` cannot be where ``account``'s post is, or "" when it can."""
    from urllib.parse import urlsplit

    from .networks import NETWORKS

    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return _("'{url}' is not a URL").format(url=url)
    if parts.scheme != "https" or not host:
        return _("must be an https:// address of the post, not '{url}'").format(url=url)
    network = NETWORKS[account.network]
    hosts = network.hosts_for(account)
    if hosts and not any(host == h or host.endswith("." + h) for h in hosts):
        return _(
            "'{url}' is not on {hosts}, where the posts of '{account}' ({network}) are; "
            "copy the address of the post itself"
        ).format(
            url=url, hosts=_(" or ").join(hosts), account=account.name, network=_(network.title)
        )
    return ""


def switches_now(
    ctx: Context, environ: Mapping[str, str], state: str | None = None
) -> tuple[Switch, ...]:
    """The pause switches that are on; ``state``: the pause file's text (None: read it here)."""
    text = pause.state_text(ctx.root) if state is None else state
    line = ctx.schedule.lines.get("paused")
    return pause.active(ctx.root, ctx.schedule.paused, line, environ, text)


def mark_published(root: Path, post_id: str, account: str, url: str, run: str) -> Record:
    """Append a ``manual`` record: a person published ``post_id`` on ``account`` at ``url``."""
    ctx = load(root)
    post = next((p for p in ctx.posts if p.id == post_id), None)
    from .errors import ConfigError

    if post is None:
        raise ConfigError(_("no post '{post_id}' under content/").format(post_id=post_id))
    if account not in post.networks or account not in ctx.schedule.accounts:
        raise ConfigError(
            _("post '{post_id}' does not go to account '{account}'").format(
                post_id=post_id, account=account
            )
        )
    bad = url_problem(url, ctx.schedule.accounts[account])
    if bad:
        raise ConfigError(_("--url {bad}").format(bad=bad))
    record = Record(
        post=post_id,
        account=account,
        key=ctx.key(post, account),
        event=Event.MANUAL,
        at=now_utc(),
        run=run,
        url=url,
        host=this_host(),
        pid=os.getpid(),
    )
    Ledger(root / LEDGER_FILE).append([record])
    return record

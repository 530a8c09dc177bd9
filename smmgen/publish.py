"""Publish what is due, exactly once: claim in the ledger, send, record.

One run:

1. Load posts and schedule.yaml, check them, read the ledger (with
   ``commit``: merged with the ``smmgen-state`` branch first).
2. Plan. Everything due (and every unfinished earlier attempt the adapter can
   look up) is *claimed*: ``claimed`` records are appended and fsync'd, and
   with ``commit`` pushed as one commit — the compare-and-swap. A rejected
   push means another run was first: drop our claims, merge, plan again, and
   claim only what is still free.
3. Send what we claimed, one post at a time, every account on its own (a
   failure or a missing variable on one network never stops the others);
   retryable errors are retried with backoff, honouring ``retry_after``.
   Each outcome (``sent``/``failed``) is appended as soon as it is known.
4. With ``commit``, push the outcomes (merging on rejection; appends never
   conflict).

A claim without an outcome means a run died between claim and record. The
next run asks the adapter's ``find_existing`` before sending again; where a
network cannot look its posts up (``Adapter.reconciles = False``, e.g. Discord
webhooks), the attempt is reported as uncertain and a person decides:
``smmgen mark-published`` if it is there, ``smmgen publish --resend POST`` if not.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import os
import signal
import socket
import time
import uuid
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import gitstate
from .adapters.base import Adapter, MediaFile, SendError, SendRequest, SendResult
from .ledger import LEDGER_FILE, Ledger, Record, content_key, fold, now_utc, parse, union
from .model import Post, Schedule
from .plan import ABANDONED, DUE, IN_PROGRESS, UNCERTAIN, Entry, Plan, _duration, make_plan
from .render import Rendered, Renderer
from .secrets import Redactor, account_secrets, missing_message

MAX_ATTEMPTS = 4  # sends per post and run, retries included
BACKOFF = 2.0  # seconds before the first retry; doubles each time
MAX_WAIT = 120.0  # a longer retry_after is left to the next run
MAX_SWAPS = 10  # pushes of the ledger branch before giving up
LEASE = dt.timedelta(minutes=15)  # a claim from another machine younger than this is in progress
FAULT_ENV = "SMMGEN_FAULT"  # test-only: "before-send"/"after-send" kill the process there


@dataclass
class Context:
    """Everything loaded from the repository for planning."""

    root: Path
    schedule: Schedule
    posts: list[Post]
    invalid: dict[str, list[str]]  # post path -> its check errors, as report lines
    renderer: Renderer
    added: dict[str, dt.datetime]

    def rendered(self, post: Post, account: str) -> Rendered:
        """The post as it goes out on ``account``."""
        result = self.renderer.render(post, account)
        assert result is not None  # the plan only lists known accounts
        return result

    def key(self, post: Post, account: str) -> str:
        """The content key of the post on ``account``."""
        return key_of(self.rendered(post, account))


def key_of(r: Rendered) -> str:
    """hash(post id, account, rendered content): parts, images with alt, link, warning."""
    content = {
        "parts": list(r.parts),
        "media": [[m.path, m.alt] for m in r.media],
        "link": r.link,
        "content_warning": r.content_warning,
    }
    return content_key(r.post_id, r.account, content)


def load(root: Path) -> Context:
    """Read schedule.yaml and every post; check them (with the check cache)."""
    from .check import run_check
    from .content import read_post
    from .errors import ConfigError
    from .repo import SCHEDULE_FILE, post_files
    from .schedule import read_schedule

    schedule, problems = read_schedule(root, root / SCHEDULE_FILE)
    if schedule is None or any(p.is_error for p in problems):
        raise ConfigError("schedule.yaml has errors; run smmgen check")
    files = post_files(root)
    result = run_check(root, files)
    invalid: dict[str, list[str]] = {}
    for p in result.problems:
        if p.is_error:
            invalid.setdefault(p.path, []).append(f"{p.path}:{p.line}: {p.message} [{p.rule}]")
    posts = []
    for file in files:
        post, _ = read_post(root, file)
        if post is not None:
            posts.append(post)
    return Context(
        root, schedule, posts, invalid, Renderer(root, schedule), gitstate.added_times(root)
    )


@dataclass
class Options:
    """How to run; ``sleep`` and ``environ`` are injected so tests neither wait nor leak."""

    at: dt.datetime
    dry_run: bool = False
    only: Collection[str] = ()
    commit: bool = False
    include_missed: Collection[str] = ()
    resend: Collection[str] = ()
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    sleep: Callable[[float], None] = time.sleep
    progress: Callable[[str], None] = lambda line: None


@dataclass(frozen=True)
class Outcome:
    """What happened to one post on one account in this run."""

    entry: Entry
    result: str  # sent | found | failed | would-send | manual | held
    detail: str = ""
    text: str = ""  # the text, for manual checklists and dry runs


@dataclass
class Report:
    """Everything a run did or left, for the summary table."""

    plan: Plan
    outcomes: list[Outcome] = field(default_factory=list)
    run: str = ""

    @property
    def ok(self) -> bool:
        """False when something needs a person: a failure, an unset variable, an error."""
        bad_held = {"credentials", "invalid", "uncertain"}
        return not any(
            o.result == "failed" or (o.result == "held" and o.entry.reason in bad_held)
            for o in self.outcomes
        )


class Publisher:
    """One publishing run."""

    def __init__(self, ctx: Context, options: Options) -> None:
        self.ctx = ctx
        self.opt = options
        self.ledger = Ledger(ctx.root / LEDGER_FILE)
        self.host = socket.gethostname()
        self.run = os.environ.get("GITHUB_RUN_ID") or dt.datetime.now(dt.UTC).strftime(
            "%Y%m%dT%H%M%S"
        )
        self.run = f"{self.run}-{uuid.uuid4().hex[:6]}"
        self.redact = Redactor()
        self.credentials = {
            name: account_secrets(account, options.environ)
            for name, account in ctx.schedule.accounts.items()
        }
        for creds in self.credentials.values():
            for value in creds.values.values():
                self.redact.add(value)
        self._adapters: dict[str, Adapter | str] = {}
        self.posts = {p.id: p for p in ctx.posts}

    # ── planning ────────────────────────────────────────────────────────────
    def plan(self, ledger_text: str) -> Plan:
        """The plan for this run's options, given the ledger's text."""
        return build_plan(self.ctx, parse(ledger_text), self.opt.at, self.opt, self._claim_state)

    def _claim_state(self, claim: Record) -> str:
        return IN_PROGRESS if claim.run == self.run else claim_state(claim)

    def _wanted(self, e: Entry) -> bool:
        if self.opt.only and e.account not in self.opt.only:
            return False
        if e.network == "manual":
            return False
        if e.state == DUE:
            return True
        if e.reason == "uncertain":
            return e.post in self.opt.resend or self._reconciles(e.network)
        return False

    def _reconciles(self, network: str) -> bool:
        from .adapters import load as load_adapter

        try:
            cls = load_adapter(network)
        except ModuleNotFoundError:
            return False
        return cls is not None and cls.reconciles

    # ── the run ─────────────────────────────────────────────────────────────
    def execute(self) -> Report:
        """Plan, claim, send, record; returns what happened."""
        plan, batch = self._claim()
        report = Report(plan, run=self.run)
        claimed = {(e.post, e.account) for e in batch}
        posts = self.posts
        for e in plan.entries:
            if self.opt.only and e.account not in self.opt.only:
                continue
            post = posts[e.post]
            if (e.post, e.account) in claimed:
                report.outcomes.append(self._send(e, post))
            elif e.state == DUE and e.network == "manual":
                text = "\n\n".join(self.ctx.rendered(post, e.account).parts)
                report.outcomes.append(Outcome(e, "manual", "post it by hand", text))
            elif self.opt.dry_run and self._wanted(e):
                text = "\n\n".join(self.ctx.rendered(post, e.account).parts)
                report.outcomes.append(Outcome(e, "would-send", e.reason or "", text))
            elif e.state == "held" and e.reason == "invalid" and e.path in self.ctx.invalid:
                report.outcomes.append(Outcome(e, "held", "; ".join(self.ctx.invalid[e.path])))
            elif e.state == "held" and e.reason not in ("published", "draft"):
                report.outcomes.append(Outcome(e, "held", e.detail))
        if self.opt.commit and batch and not self.opt.dry_run:
            self._push_outcomes()
        return report

    def _claim(self) -> tuple[Plan, list[Entry]]:
        """Plan and claim; with ``commit`` the claim lands on the state branch or is retried."""
        for _ in range(MAX_SWAPS):
            parent = gitstate.fetch(self.ctx.root) if self.opt.commit else None
            remote = gitstate.read(self.ctx.root, parent, LEDGER_FILE)
            merged = union(remote, known_ledger(self.ctx.root))
            plan = self.plan(merged)
            batch = [e for e in plan.entries if self._wanted(e)]
            if self.opt.dry_run or not batch:
                return plan, []
            claims = [self._record(e, "claimed") for e in batch]
            self.ledger.replace(merged)
            self.ledger.append(claims)
            if not self.opt.commit:
                return plan, batch
            message = f"smmgen: claim {len(claims)} post(s) (run {self.run})"
            if gitstate.swap(self.ctx.root, parent, LEDGER_FILE, self.ledger.text(), message):
                self.opt.progress(f"claimed {len(claims)} post(s) on {gitstate.STATE_BRANCH}")
                return plan, batch
            # Another run pushed first: forget our claims, merge theirs, plan again.
            self.opt.progress("another run claimed first; merging its ledger and planning again")
            self.ledger.replace(merged)
        from .errors import ConfigError

        raise ConfigError(f"could not claim on {gitstate.STATE_BRANCH} after {MAX_SWAPS} tries")

    def _push_outcomes(self) -> None:
        push_ledger(self.ctx.root, f"smmgen: record results (run {self.run})")

    def _record(
        self,
        e: Entry,
        event: str,
        *,
        remote_id: str | None = None,
        url: str | None = None,
        error: str | None = None,
        attempt: bool | None = None,
    ) -> Record:
        post = self.posts[e.post]
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
        )

    # ── sending ─────────────────────────────────────────────────────────────
    def _adapter(self, account: str) -> Adapter | str:
        """The account's adapter, or why there is none."""
        if account not in self._adapters:
            from .adapters import load as load_adapter

            acc = self.ctx.schedule.accounts[account]
            creds = self.credentials[account]
            try:
                cls = load_adapter(acc.network)
            except ModuleNotFoundError:
                cls = None
            if creds.missing:
                self._adapters[account] = missing_message(creds.missing)
            elif cls is None:
                self._adapters[account] = f"no adapter for network {acc.network}"
            else:
                self._adapters[account] = cls(acc, creds.values)
        return self._adapters[account]

    def _send(self, e: Entry, post: Post) -> Outcome:
        label = f"{e.account}: {e.post}"
        adapter = self._adapter(e.account)
        if isinstance(adapter, str):
            return self._failed(e, adapter)
        request = self._request(e, post)
        try:
            if e.reason == "uncertain" and e.post not in self.opt.resend:
                self.opt.progress(f"… {label}: an earlier run did not finish; looking it up")
                found = adapter.find_existing(request)
                if found is not None:
                    self._sent(e, found)
                    self.opt.progress(f"✓ {label}: already published {found.url or ''}")
                    return Outcome(e, "found", found.url or found.remote_id)
                late = self._late(e)
                if late is not None:
                    return self._missed(e, late)
            self.opt.progress(f"… {label}: sending")
            self.ledger.append([self._record(e, "claimed", attempt=True)])
            if self.opt.environ.get(FAULT_ENV) == "before-send":
                os.kill(os.getpid(), signal.SIGKILL)  # test-only: die as the send starts
            result = self._send_with_retries(adapter, request, label)
        except SendError as exc:
            return self._failed(e, str(exc))
        except Exception as exc:  # an adapter bug must not stop the other accounts
            return self._failed(e, f"internal error in the {e.network} adapter: {exc!r}")
        if self.opt.environ.get(FAULT_ENV) == "after-send":
            os.kill(os.getpid(), signal.SIGKILL)  # test-only: die before recording
        self._sent(e, result)
        self.opt.progress(f"✓ {label}: {result.url or result.remote_id}")
        return Outcome(e, "sent", result.url or result.remote_id)

    def _late(self, e: Entry) -> dt.timedelta | None:
        """How late ``e`` is, when more than max_delay and no one said to publish anyway."""
        if e.when is None or e.post in self.opt.include_missed:
            return None
        late = self.opt.at - e.when
        return late if late > self.ctx.schedule.max_delay else None

    def _missed(self, e: Entry, late: dt.timedelta) -> Outcome:
        """An unfinished attempt that is not on the network and now too late: a person decides.

        Sending it on our own would bypass max_delay, as if a late run had
        published a day-old post. The ``failed`` record settles the dead run's
        claim, so the next plan shows the post as missed like any other.
        """
        detail = (
            f"an earlier run did not finish and it is not on {e.network}; "
            f"{_duration(late)} late, more than max_delay "
            f"{_duration(self.ctx.schedule.max_delay)}; "
            f"to publish anyway: smmgen publish --include-missed {e.post}"
        )
        self.ledger.append([self._record(e, "failed", error=detail)])
        self.opt.progress(f"✗ {e.account}: {e.post}: {detail}")
        held = replace(e, state="held", reason="missed", detail=detail, claim=None)
        return Outcome(held, "held", detail)

    def _send_with_retries(self, adapter: Adapter, request: SendRequest, label: str) -> SendResult:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return adapter.send(request)
            except SendError as exc:
                wait = (
                    exc.retry_after if exc.retry_after is not None else BACKOFF * 2 ** (attempt - 1)
                )
                if not exc.retryable or attempt == MAX_ATTEMPTS or wait > MAX_WAIT:
                    raise
                self.opt.progress(
                    f"  {label}: {self.redact(str(exc))}; retrying in {wait:g}s "
                    f"({attempt}/{MAX_ATTEMPTS})"
                )
                self.opt.sleep(wait)
        raise AssertionError("unreachable")

    def _sent(self, e: Entry, result: SendResult) -> None:
        self.ledger.append([self._record(e, "sent", remote_id=result.remote_id, url=result.url)])

    def _failed(self, e: Entry, message: str) -> Outcome:
        message = self.redact(message)
        self.ledger.append([self._record(e, "failed", error=message)])
        self.opt.progress(f"✗ {e.account}: {e.post}: {message}")
        return Outcome(e, "failed", message)

    def _request(self, e: Entry, post: Post) -> SendRequest:
        r = self.ctx.rendered(post, e.account)
        account = self.ctx.schedule.accounts[e.account]
        media = tuple(
            MediaFile(
                self.ctx.root / m.path, m.alt, mimetypes.guess_type(m.path)[0] or "image/jpeg"
            )
            for m in r.media
        )
        base = account.settings.get("media_base_url")
        return SendRequest(
            key=key_of(r),
            post_id=post.id,
            account=account,
            parts=r.parts,
            media=media,
            link=r.link,
            content_warning=r.content_warning,
            media_base_url=base if isinstance(base, str) else None,
            media_paths=tuple(m.path for m in r.media),
            facets=r.facets,  # Bluesky: shortened URLs link to the full URL only through these
        )


def claim_state(claim: Record) -> str:
    """What became of a claim without outcome: IN_PROGRESS, UNCERTAIN or ABANDONED.

    On this machine the run's process tells whether it still works, and the
    ledger file holds all its records: no ``attempt`` claim means it died before
    sending (ABANDONED, safe to plan again). From another machine (a CI runner)
    a claim younger than :data:`LEASE` is in progress, an older one UNCERTAIN:
    its attempt records may never have been pushed.
    """
    if claim.host == socket.gethostname() and claim.pid is not None:
        # Our own pid: a finished earlier run in this process (the current run's
        # claims are recognised by their run id).
        if claim.pid != os.getpid() and _alive(claim.pid):
            return IN_PROGRESS
        return UNCERTAIN if claim.attempt else ABANDONED
    try:
        age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(claim.at)
    except ValueError:
        return UNCERTAIN
    return IN_PROGRESS if age < LEASE else UNCERTAIN


def known_ledger(root: Path) -> str:
    """The ledger as known here: the working-tree file and the smmgen-state branch, merged."""
    text = Ledger(root / LEDGER_FILE).text()
    if gitstate.in_git(root):
        for copy in gitstate.known_copies(root, LEDGER_FILE):
            text = union(copy, text)
    return text


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build_plan(
    ctx: Context,
    records: list[Record],
    at: dt.datetime,
    options: Options | None = None,
    claims: Callable[[Record], str] = claim_state,
) -> Plan:
    """The plan from loaded content and ledger records (the plan command's view)."""
    environ = options.environ if options is not None else os.environ
    missing = {
        name: account_secrets(account, environ).missing
        for name, account in ctx.schedule.accounts.items()
    }
    return make_plan(
        ctx.posts,
        ctx.schedule,
        fold(records),
        at,
        added=ctx.added,
        invalid=ctx.invalid,
        missing_credentials=missing,
        include_missed=options.include_missed if options is not None else (),
        key_of=ctx.key,
        claim_state=claims,
    )


def push_ledger(root: Path, message: str) -> None:
    """Merge the working-tree ledger with the smmgen-state branch and push the union."""
    from .errors import ConfigError

    ledger = Ledger(root / LEDGER_FILE)
    for _ in range(MAX_SWAPS):
        parent = gitstate.fetch(root)
        merged = union(gitstate.read(root, parent, LEDGER_FILE), ledger.text())
        ledger.replace(merged)
        if gitstate.swap(root, parent, LEDGER_FILE, merged, message):
            return
    raise ConfigError(
        f"could not push the ledger to {gitstate.STATE_BRANCH}; it is in {LEDGER_FILE}"
    )


def mark_published(root: Path, post_id: str, account: str, url: str, run: str) -> Record:
    """Append a ``manual`` record: a person published ``post_id`` on ``account`` at ``url``."""
    ctx = load(root)
    post = next((p for p in ctx.posts if p.id == post_id), None)
    from .errors import ConfigError

    if post is None:
        raise ConfigError(f"no post '{post_id}' under content/")
    if account not in post.networks or account not in ctx.schedule.accounts:
        raise ConfigError(f"post '{post_id}' does not go to account '{account}'")
    record = Record(
        post=post_id,
        account=account,
        key=ctx.key(post, account),
        event="manual",
        at=now_utc(),
        run=run,
        url=url,
        host=socket.gethostname(),
        pid=os.getpid(),
    )
    Ledger(root / LEDGER_FILE).append([record])
    return record

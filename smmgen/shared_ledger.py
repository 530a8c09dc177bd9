"""The ledger as runs and machines share it: merged, pushed, and whose claims are alive.

Each run appends to ``state/published.jsonl`` in its own checkout; with
``--commit`` the file also lives on the ``smmgen-state`` branch. Here: the
ledger as known on this machine (working tree and branch merged, with what
must not be believed left out and reported), pushing the union back, and
telling a claim whose run still works from one that died.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import gitstate
from .i18n import _
from .ledger import (
    CLOCK_SKEW,
    LEDGER_FILE,
    ClaimState,
    Event,
    Ledger,
    Memo,
    Record,
    line_problems,
    parse,
    union,
)
from .problems import Problem, error

MAX_SWAPS = 10  # pushes of the ledger branch before giving up
LEASE = dt.timedelta(minutes=15)  # a claim from another machine younger than this is in progress


def this_host() -> str:
    """This machine as records store it (``host``): a random id, never its name.

    A hostname is often a person's name and would stay in the shared ledger
    forever; see :mod:`smmgen.machine`.
    """
    from .machine import machine_id  # only for claims: not on every check's path

    return machine_id()


def same_host(record: Record) -> bool:
    """Whether ``record`` was written on this machine (its pid can be asked).

    Ledgers written before the machine id name the host itself.
    """
    import socket  # only for claims left open: not on every check's path

    return record.host in (this_host(), socket.gethostname())


def checkout_id(root: Path) -> str:
    """Which working tree of this machine a record comes from: a salted hash of its path."""
    from .machine import private_hash

    return private_hash(str(Path(root).resolve()), 12)


def claim_state(claim: Record, root: Path | None = None) -> ClaimState:
    """What became of a claim without outcome: IN_PROGRESS, UNCERTAIN or ABANDONED.

    An ``uncertain`` record (the run said the network may have applied it) is
    UNCERTAIN. On this machine the run's process tells whether it still works;
    when it wrote in this working tree (``root``), the ledger file holds all its
    records: no ``attempt`` claim means it died before sending (ABANDONED, safe
    to plan again). A dead run of another working tree on this machine may
    have tried without its attempt records ever leaving its tree: UNCERTAIN.
    From another machine (a CI runner) a claim younger than :data:`LEASE` is in
    progress, an older one UNCERTAIN: its attempt records may never have been
    pushed. So is a claim dated in the future (more than
    :data:`~smmgen.ledger.CLOCK_SKEW`): it would otherwise stay "in progress"
    until that time.
    """
    if claim.event == Event.UNCERTAIN:
        return ClaimState.UNCERTAIN
    if same_host(claim) and claim.pid is not None:
        # Our own pid: a finished earlier run in this process (the current run's
        # claims are recognised by their run id).
        if claim.pid != os.getpid() and _alive(claim.pid):
            return ClaimState.IN_PROGRESS
        here = claim.checkout is None or root is None or claim.checkout == checkout_id(root)
        if not here:
            return ClaimState.UNCERTAIN
        return ClaimState.UNCERTAIN if claim.attempt else ClaimState.ABANDONED
    try:
        age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(claim.at)
    except (TypeError, ValueError):
        return ClaimState.UNCERTAIN
    if age < -CLOCK_SKEW:
        # Written with a clock far ahead, or forged: "in progress" would hold the
        # post for as long as that time lies ahead, so it is not believed.
        return ClaimState.UNCERTAIN
    return ClaimState.IN_PROGRESS if age < LEASE else ClaimState.UNCERTAIN


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


BRANCH_LABEL = f"{gitstate.STATE_BRANCH}:{LEDGER_FILE}"  # where branch lines are reported


@dataclass(frozen=True)
class Known:
    """The ledger as known here: every copy merged, and the lines that had to be skipped."""

    text: str
    problems: tuple[Problem, ...] = ()
    # The lines parsed while finding the problems, so records() does not parse them again.
    memo: Memo = field(default_factory=dict, compare=False, repr=False)

    def records(self) -> list[Record]:
        """The valid records, in merged order."""
        return parse(self.text, self.memo)


def read_known(root: Path, fetched: str | None = None) -> Known:
    """The ledger as known here: ``fetched`` (the state branch just fetched), the
    smmgen-state branch as last fetched or committed, and the working-tree file.

    With an ``origin`` the ledger lives on the state branch: lines of the file
    that are committed on the content branch are not read (anyone who can get a
    pull request merged could otherwise fake "published" or hold a post), and the
    file is reported as ``ledger/on-content-branch``; the lines this machine
    appended since (its own runs, ``mark-published``) still count. Each line that
    is not a valid record is reported once, where it was first seen.
    """
    sources: list[tuple[str, str, set[str]]] = []
    if fetched is not None:
        sources.append((BRANCH_LABEL, fetched, set()))
    problems: list[Problem] = []
    local, committed = Ledger(root / LEDGER_FILE).text(), set[str]()
    refs = gitstate.ledger_refs(root)  # None: not in git
    if refs is not None:
        copies = gitstate.known_copies(root, LEDGER_FILE, refs)
        sources += [(BRANCH_LABEL, copy, set()) for copy in copies]
        problem, committed = _on_content_branch(root)
        if problem is not None:
            problems.append(problem)
        marker = gitstate.vanished(root, refs)
        if marker is not None:
            message = gitstate.gone_message(not copies, marker, remote=gitstate.has_remote(root))
            problems.append(error(BRANCH_LABEL, 1, "ledger/missing", message))
    sources.append((LEDGER_FILE, local, committed))
    text = ""
    seen: set[str] = set()
    now = dt.datetime.now(dt.UTC)
    memo: Memo = {}
    for label, copy, ignored in sources:
        trusted = "".join(f"{raw}\n" for raw in copy.split("\n")[:-1] if raw not in ignored)
        text = union(text, trusted)
        skip = seen | ignored
        problems += line_problems(copy, label, now=now, skip=skip.__contains__, memo=memo)
        seen.update(copy.split("\n")[:-1])
    return Known(text, tuple(problems), memo)


def _on_content_branch(root: Path) -> tuple[Problem | None, set[str]]:
    """The error for a ledger committed on the content branch, and its lines (not to be read).

    Only asked when the file is in the working tree: a checkout of a branch that
    has it always has the file.
    """
    if not (root / LEDGER_FILE).is_file() or not gitstate.has_remote(root):
        return None, set()  # local mode: the file in the repository is the ledger
    texts = gitstate.committed(root, LEDGER_FILE)
    if not texts:
        return None, set()
    lines = {raw for text in texts for raw in text.split("\n")}
    return error(
        LEDGER_FILE,
        1,
        "ledger/on-content-branch",
        _(
            "{ledger_file} is committed to this branch, but the ledger "
            "lives on the {state_branch} branch and is read only from "
            "there: this file is ignored. Remove it (git rm --cached "
            "{ledger_file}) and do not commit it again"
        ).format(ledger_file=LEDGER_FILE, state_branch=gitstate.STATE_BRANCH),
    ), lines


def local_text(root: Path) -> str:
    """The working-tree ledger without the lines committed on the content branch (see
    :func:`read_known`): what this machine may add to the state branch."""
    text = Ledger(root / LEDGER_FILE).text()
    if not gitstate.in_git(root):
        return text
    _, committed = _on_content_branch(root)
    return "".join(f"{raw}\n" for raw in text.split("\n")[:-1] if raw not in committed)


def push_ledger(root: Path, message: str, *, init: bool = False) -> None:
    """Merge the working-tree ledger with the smmgen-state branch and push the union.

    ``init``: the branch vanished and is started anew on purpose (see
    :func:`smmgen.gitstate.fetch`).
    """
    from .errors import ConfigError

    ledger = Ledger(root / LEDGER_FILE)
    for _attempt in range(MAX_SWAPS):
        parent = gitstate.fetch(root, init=init)
        merged = union(gitstate.read(root, parent, LEDGER_FILE), local_text(root))
        ledger.replace(merged)
        if gitstate.swap(root, parent, LEDGER_FILE, merged, message):
            return
    raise ConfigError(
        _("could not push the ledger to {state_branch}; it is in {ledger_file}").format(
            state_branch=gitstate.STATE_BRANCH, ledger_file=LEDGER_FILE
        )
    )

"""The ledger as runs and machines share it: merged, pushed, and whose claims are alive.

Each run appends to ``state/published.jsonl`` in its own checkout; with
``--commit`` the file also lives on the ``smmgen-state`` branch. Here: the
ledger as known on this machine (working tree and branch merged), pushing the
union back, and telling a claim whose run still works from one that died.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from pathlib import Path

from . import gitstate
from .ledger import LEDGER_FILE, Ledger, Record, union
from .machine import machine_id, private_hash
from .plan import ABANDONED, IN_PROGRESS, UNCERTAIN

MAX_SWAPS = 10  # pushes of the ledger branch before giving up
LEASE = dt.timedelta(minutes=15)  # a claim from another machine younger than this is in progress


def this_host() -> str:
    """This machine as records store it (``host``): a random id, never its name.

    A hostname is often a person's name and would stay in the shared ledger
    forever; see :mod:`smmgen.machine`.
    """
    return machine_id()


def same_host(record: Record) -> bool:
    """Whether ``record`` was written on this machine (its pid can be asked).

    Ledgers written before the machine id name the host itself.
    """
    return record.host in (this_host(), socket.gethostname())


def checkout_id(root: Path) -> str:
    """Which working tree of this machine a record comes from: a salted hash of its path."""
    return private_hash(str(Path(root).resolve()), 12)


def claim_state(claim: Record, root: Path | None = None) -> str:
    """What became of a claim without outcome: IN_PROGRESS, UNCERTAIN or ABANDONED.

    An ``uncertain`` record (the run said the network may have applied it) is
    UNCERTAIN. On this machine the run's process tells whether it still works;
    when it wrote in this working tree (``root``), the ledger file holds all its
    records: no ``attempt`` claim means it died before sending (ABANDONED, safe
    to plan again). A dead run of another working tree on this machine may
    have tried without its attempt records ever leaving its tree: UNCERTAIN.
    From another machine (a CI runner) a claim younger than :data:`LEASE` is in
    progress, an older one UNCERTAIN: its attempt records may never have been
    pushed.
    """
    if claim.event == "uncertain":
        return UNCERTAIN
    if same_host(claim) and claim.pid is not None:
        # Our own pid: a finished earlier run in this process (the current run's
        # claims are recognised by their run id).
        if claim.pid != os.getpid() and _alive(claim.pid):
            return IN_PROGRESS
        here = claim.checkout is None or root is None or claim.checkout == checkout_id(root)
        if not here:
            return UNCERTAIN
        return UNCERTAIN if claim.attempt else ABANDONED
    try:
        age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(claim.at)
    except ValueError:
        return UNCERTAIN
    return IN_PROGRESS if age < LEASE else UNCERTAIN


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def known_ledger(root: Path) -> str:
    """The ledger as known here: the working-tree file and the smmgen-state branch, merged."""
    text = Ledger(root / LEDGER_FILE).text()
    if gitstate.in_git(root):
        for copy in gitstate.known_copies(root, LEDGER_FILE):
            text = union(copy, text)
    return text


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

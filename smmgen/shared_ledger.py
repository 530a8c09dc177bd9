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
from .plan import ABANDONED, IN_PROGRESS, UNCERTAIN

MAX_SWAPS = 10  # pushes of the ledger branch before giving up
LEASE = dt.timedelta(minutes=15)  # a claim from another machine younger than this is in progress


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

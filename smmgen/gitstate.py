"""Git for the publisher: when posts were added, and the ledger branch as a compare-and-swap.

The ledger is committed to its own branch, ``smmgen-state``, never to the
default branch: ledger commits then neither need to pass branch protection
nor trigger workflows that run on pushes to the default branch. A commit on
that branch holds only ``state/published.jsonl``; it is built with plumbing
(a temporary index), so the working tree and HEAD are never touched.

Publishing a new ledger is ``git push origin <commit>:refs/heads/smmgen-state``
without force: git accepts it only if the remote branch is still the parent we
built on. That is the compare-and-swap; a rejection means another run pushed
first. Without an ``origin`` remote the same swap is ``git update-ref`` on the
local branch.

A ledger that vanished must not read as "nothing published yet": every post
would go out again. So the branch's first commit is kept under the tag
``smmgen-state-root`` (made by the first push, or by the first fetch of a
branch that has none yet). When the tag exists but the branch does not, or the
branch no longer descends from it (deleted, or force-pushed over), fetching
the ledger fails with :class:`LedgerGone`, until the branch is restored or a
person starts an empty one on purpose (``smmgen publish --init-ledger``).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError
from .i18n import _

if TYPE_CHECKING:
    import subprocess

STATE_BRANCH = "smmgen-state"
REMOTE = "origin"
_REMOTE_REF = f"refs/remotes/{REMOTE}/{STATE_BRANCH}"
_LOCAL_REF = f"refs/heads/{STATE_BRANCH}"
MARKER = f"{STATE_BRANCH}-root"
_MARKER_REF = f"refs/tags/{MARKER}"
_ZERO = "0" * 40


class StateError(ConfigError):
    """Git could not read or write the ledger branch (not a rejection: a real failure)."""


class LedgerGone(StateError):
    """The ledger branch existed (its root is tagged) but is missing or was replaced."""


def _git(
    root: Path, *args: str, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    import subprocess  # a check outside a repository starts no git (see _no_repository)

    result = subprocess.run(
        ["git", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})},
        check=False,
    )
    if check and result.returncode != 0:
        detail = result.stderr.strip() or result.stdout.strip()
        raise StateError(_("git {command} failed: {detail}").format(command=args[0], detail=detail))
    return result


def _no_repository(root: Path) -> bool:
    """Whether git would find no repository for ``root``, known without starting it.

    Git looks for ``.git`` (or a bare repository's ``HEAD``) in ``root`` and each
    folder above, unless the environment names the repository.
    """
    if any(name.startswith("GIT_") and name.endswith("DIR") for name in os.environ):
        return False  # GIT_DIR, GIT_COMMON_DIR, ...: git may be told where to look
    folders = [os.fspath(root), *map(os.fspath, Path(root).absolute().parents)]
    # Git starts from the folder's real path: through a link it may be in a repository.
    real = Path(os.path.realpath(root))
    folders += map(os.fspath, (real, *real.parents))
    return not any(
        os.path.lexists(os.path.join(f, ".git")) or os.path.lexists(os.path.join(f, "HEAD"))
        for f in folders
    )


def in_git(root: Path) -> bool:
    """Whether ``root`` is inside a git work tree."""
    if _no_repository(root):
        return False
    try:
        return _git(root, "rev-parse", "--is-inside-work-tree", check=False).returncode == 0
    except FileNotFoundError:
        return False


def added_times(root: Path, folder: str = "content") -> dict[str, dt.datetime]:
    """Repo-relative path → commit time (UTC) of the commit that added the file to HEAD.

    One ``git log`` for all files; renames count as adds (the post id changes
    with the path). Files not committed yet are absent.
    """
    if not in_git(root):
        return {}
    result = _git(
        root,
        "-c",
        "core.quotePath=off",
        "log",
        "--no-renames",
        "--diff-filter=A",
        "--format=@%ct",
        "--name-only",
        "HEAD",
        "--",
        folder,
        check=False,
    )
    if result.returncode != 0:
        return {}  # no commits yet
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.strip()
    times: dict[str, dt.datetime] = {}
    when: dt.datetime | None = None
    for line in result.stdout.splitlines():
        if line.startswith("@") and line[1:].isdigit():
            when = dt.datetime.fromtimestamp(int(line[1:]), dt.UTC)
        elif line and when is not None and line.startswith(prefix):
            times.setdefault(line[len(prefix) :], when)  # git log lists the newest add first
    return times


def has_remote(root: Path) -> bool:
    """Whether the repository has the ``origin`` remote."""
    return _git(root, "remote", check=False).stdout.split().count(REMOTE) > 0


def committed(root: Path, path: str) -> list[str]:
    """``path`` (relative to ``root``) as committed in HEAD and as staged; [] if untracked."""
    texts = []
    for spec in (f"HEAD:./{path}", f":./{path}"):
        result = _git(root, "show", spec, check=False)
        if result.returncode == 0:
            texts.append(result.stdout)
    return texts


def fetch(root: Path, *, init: bool = False) -> str | None:
    """The ledger branch's current commit (fetched from origin first), or None if none yet.

    Raises :class:`LedgerGone` when the branch existed but is missing or does not
    descend from its first commit any more, unless ``init`` (start anew on purpose:
    the tag then moves to the new branch's first commit).
    """
    if has_remote(root):
        listed = _git(root, "ls-remote", REMOTE, _LOCAL_REF, _MARKER_REF, check=False)
        if listed.returncode != 0:
            raise StateError(
                _("cannot fetch {branch}: {detail}").format(
                    branch=STATE_BRANCH, detail=listed.stderr.strip()
                )
            )
        remote: dict[str, str] = {}
        for line in listed.stdout.splitlines():
            sha, _tab, ref = line.partition("\t")
            remote[ref] = sha
        head, marker = remote.get(_LOCAL_REF), remote.get(_MARKER_REF)
        local = _refs(root)
        specs = [
            f"+{ref}:{to}"
            for ref, to, sha in (
                (_LOCAL_REF, _REMOTE_REF, head),
                (_MARKER_REF, _MARKER_REF, marker),
            )
            if sha is not None and local.get(to) != sha
        ]
        if specs:
            result = _git(root, "fetch", "--quiet", "--no-tags", REMOTE, *specs, check=False)
            if result.returncode != 0:
                raise StateError(
                    _("cannot fetch {branch}: {detail}").format(
                        branch=STATE_BRANCH, detail=result.stderr.strip()
                    )
                )
    else:
        local = _refs(root)
        head, marker = local.get(_LOCAL_REF), local.get(_MARKER_REF)
    if marker is None:
        if head is not None:  # a branch from before the tag: tag its first commit now
            _set_marker(root, _first_commit(root, head))
    elif head is None or not _descends(root, head, marker):
        if not init:
            raise LedgerGone(gone_message(head is None, marker, remote=has_remote(root)))
        if head is not None:
            _set_marker(root, _first_commit(root, head), force=True)
    return head


def gone_message(missing: bool, marker: str, *, remote: bool) -> str:
    """Why publishing stops when the ledger branch vanished, and the ways out."""
    restore = (
        _(
            "git push {remote} <commit>:refs/heads/{branch} (the commit: git rev-parse "
            "{remote}/{branch} there, or git reflog)"
        )
        if remote
        else _("git branch -f {branch} <commit> (the commit: git reflog {branch})")
    ).format(remote=REMOTE, branch=STATE_BRANCH)
    what = (
        _("the ledger branch {branch} is missing")
        if missing
        else _("the ledger branch {branch} was replaced (it no longer starts at {marker})")
    ).format(branch=STATE_BRANCH, marker=marker[:12])
    return _(
        "{what}, but it held the ledger before (tag {tag} = {marker}): publishing "
        "now could send every published post again, so nothing is published. Restore it "
        "from a clone that still has it: {restore}; or, if it "
        "is lost and you checked every account, start an empty ledger on purpose with "
        "smmgen publish --commit --init-ledger (see “If the ledger branch is gone” in "
        "smmgen's README first: posts already out may be sent again)"
    ).format(what=what, tag=MARKER, marker=marker[:12], restore=restore)


def ledger_refs(root: Path) -> dict[str, str] | None:
    """The ledger refs known here (branch, remote-tracking branch, tag) → commit, in one
    git call; None outside a git work tree."""
    if _no_repository(root):
        return None
    try:
        result = _git(
            root,
            "for-each-ref",
            "--format=%(refname) %(objectname)",
            _LOCAL_REF,
            _REMOTE_REF,
            _MARKER_REF,
            check=False,
        )
    except FileNotFoundError:
        return None  # no git installed
    if result.returncode != 0:
        return None
    return dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)


def _refs(root: Path) -> dict[str, str]:
    return ledger_refs(root) or {}


def _descends(root: Path, head: str, marker: str) -> bool:
    result = _git(root, "merge-base", "--is-ancestor", marker, head, check=False)
    return result.returncode == 0


def _first_commit(root: Path, head: str) -> str:
    return _git(root, "rev-list", "--max-parents=0", head).stdout.split()[-1]


def _set_marker(root: Path, commit: str, *, force: bool = False) -> None:
    """Tag the ledger branch's first commit, here and on origin.

    Best effort: a remote that refuses tags leaves the branch unguarded, but must
    not stop publishing.
    """
    if has_remote(root):
        spec = f"{'+' if force else ''}{commit}:{_MARKER_REF}"
        if _git(root, "push", "--quiet", REMOTE, spec, check=False).returncode != 0:
            return
    _git(root, "update-ref", _MARKER_REF, commit, check=False)


def vanished(root: Path, refs: dict[str, str]) -> str | None:
    """Without fetching: the tagged first commit when no ledger branch known here
    (``refs``: :func:`ledger_refs`) descends from it (deleted or replaced); else None."""
    marker = refs.get(_MARKER_REF)
    if marker is None:
        return None
    heads = [refs[r] for r in (_REMOTE_REF, _LOCAL_REF) if r in refs]
    return None if any(_descends(root, head, marker) for head in heads) else marker


def read(root: Path, commit: str | None, path: str) -> str:
    """``path`` as of ``commit`` ("" when there is no commit or no such file)."""
    if commit is None:
        return ""
    result = _git(root, "show", f"{commit}:{path}", check=False)
    return result.stdout if result.returncode == 0 else ""


def files(root: Path, commit: str | None, folder: str) -> list[str]:
    """The paths of the files under ``folder`` as of ``commit`` (none without a commit)."""
    if commit is None:
        return []
    result = _git(root, "ls-tree", "-r", "--name-only", commit, "--", folder, check=False)
    return result.stdout.split("\n")[:-1] if result.returncode == 0 else []


def _identity(root: Path) -> dict[str, str]:
    # CI checkouts often have no user configured; a commit needs a name.
    if _git(root, "config", "user.email", check=False).stdout.strip():
        return {}
    return {
        "GIT_AUTHOR_NAME": "smmgen",
        "GIT_AUTHOR_EMAIL": "smmgen@localhost",
        "GIT_COMMITTER_NAME": "smmgen",
        "GIT_COMMITTER_EMAIL": "smmgen@localhost",
    }


def swap(root: Path, parent: str | None, path: str, content: str, message: str) -> bool:
    """Commit ``content`` at ``path`` on top of ``parent`` and publish it if nobody moved first.

    True when the branch now points at the new commit; False when another run
    moved it (fetch and try again).
    """
    import subprocess
    import tempfile

    blob = (
        subprocess.run(
            ["git", "hash-object", "-w", "--stdin"],
            cwd=root,
            input=content.encode("utf-8"),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    with tempfile.TemporaryDirectory() as tmp:
        index = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        if parent is not None:
            _git(root, "read-tree", parent, env=index)
        _git(root, "update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=index)
        tree = _git(root, "write-tree", env=index).stdout.strip()
    parents = ["-p", parent] if parent is not None else []
    commit = _git(
        root, "commit-tree", tree, *parents, "-m", message, env=_identity(root)
    ).stdout.strip()
    if not has_remote(root):
        result = _git(root, "update-ref", _LOCAL_REF, commit, parent or _ZERO, check=False)
        if result.returncode == 0 and parent is None:
            _set_marker(root, commit, force=True)
        return result.returncode == 0
    result = _git(root, "push", "--porcelain", REMOTE, f"{commit}:{_LOCAL_REF}", check=False)
    if result.returncode == 0:
        _git(root, "update-ref", _REMOTE_REF, commit)
        if parent is None:  # a new ledger branch: remember that it exists
            _set_marker(root, commit, force=True)
        return True
    # Lost the race, or a real failure (network, permissions)? Lost means the
    # branch has moved away from the parent we built on. Git words this many
    # ways ("rejected", "fetch first", "cannot lock ref"), so ask the remote.
    now = _git(root, "ls-remote", REMOTE, _LOCAL_REF, check=False)
    if now.returncode == 0:
        current = now.stdout.split()[0] if now.stdout.split() else None
        if current != parent:
            return False
    raise StateError(
        _("cannot push {branch}: {detail}").format(
            branch=STATE_BRANCH, detail=result.stderr.strip()
        )
    )


def known_files(root: Path, folder: str) -> set[str]:
    """Paths under ``folder`` on the ledger branch as last fetched or committed here."""
    found: set[str] = set()
    for commit in _refs(root).values():
        found.update(files(root, commit, folder))
    return found


def known_copies(root: Path, path: str, refs: dict[str, str] | None = None) -> list[str]:
    """``path`` on the ledger branch as last fetched or committed here (no network)."""
    refs = _refs(root) if refs is None else refs
    return [read(root, refs[ref], path) for ref in (_REMOTE_REF, _LOCAL_REF) if ref in refs]


def unmerged_paths(root: Path, folder: str = "content") -> set[str] | None:
    """Files under ``folder`` not yet on the default branch (in review), or None.

    Changed since the merge base with ``origin/HEAD`` (or ``origin/main``),
    uncommitted or untracked. None when there is no such branch to compare with.
    """
    if _no_repository(root):
        return None
    try:
        base = next(
            (
                ref
                for ref in ("origin/HEAD", "origin/main")
                if _git(root, "rev-parse", "--verify", "-q", ref, check=False).returncode == 0
            ),
            None,
        )
    except FileNotFoundError:
        return None
    if base is None:
        return None
    prefix = _git(root, "rev-parse", "--show-prefix", check=False).stdout.strip()
    committed = _git(root, "diff", "--name-only", f"{base}...HEAD", "--", folder, check=False)
    local = _git(root, "status", "--porcelain", "-uall", "--", folder, check=False)
    paths = set(committed.stdout.splitlines())
    paths |= {line[3:].split(" -> ")[-1] for line in local.stdout.splitlines() if len(line) > 3}
    return {p.removeprefix(prefix) for p in paths}

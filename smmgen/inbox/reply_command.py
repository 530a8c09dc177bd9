"""``/reply TEXT`` on an inbox issue: a reply file for a pull request, from a code owner only.

The inbox issue's hidden target markers (:mod:`.issues`) name the account and
the newest message of the conversation; the command answers that message.
Who may: the people CODEOWNERS names for ``replies/`` (the last matching line
wins, as on GitHub). Teams cannot be checked with a workflow's token (team
membership needs an organisation permission it does not have), so only
``@login`` entries count; anyone else's ``/reply`` is answered with a note.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from .issues import TARGET

CODEOWNERS_FILES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
_COMMAND = re.compile(r"\A\s*/reply[ \t]+(?P<text>\S.*)\Z", re.S)


def parse(comment: str) -> str | None:
    """The text of a ``/reply TEXT`` comment; None for any other comment."""
    m = _COMMAND.match(comment.replace("\r\n", "\n"))
    return m["text"].strip() if m else None


def owners(root: Path, path: str) -> list[str]:
    """Who CODEOWNERS names for ``path`` (from the root): the last matching line wins."""
    for name in CODEOWNERS_FILES:
        file = root / name
        if file.is_file():
            text = file.read_text("utf-8", "replace")
            break
    else:
        return []
    found: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        pattern, *names = line.split()
        rule = pattern.lstrip("/")
        anchored = pattern.startswith("/")
        if pattern == "*" or _matches(rule, path, anchored):
            found = names
    return found


def _matches(rule: str, path: str, anchored: bool) -> bool:
    folder = rule.rstrip("/")
    if anchored:
        return path == folder or path.startswith(folder + "/")
    return path == folder or path.startswith(folder + "/") or f"/{folder}/" in f"/{path}"


def allowed(login: str, names: list[str]) -> bool:
    """Whether ``login`` is named as a person (``@login``) among ``names``."""
    return f"@{login}".lower() in (n.lower() for n in names)


def target(issue_text: str) -> tuple[str, str] | None:
    """(account, link) of the newest message of the issue: its last target marker."""
    found = TARGET.findall(issue_text)
    return found[-1] if found else None


def write(
    root: Path, account: str, url: str, text: str, issue: int, comment: int | None = None
) -> str:
    """Write the reply file; its path from the root.

    Named by the ``comment`` id (and no date), a rerun for the same comment, on
    any day, writes the same file: the same post id in the ledger, so a fast
    reply goes out once.
    """
    day = dt.date.today().isoformat()
    name = f"inbox-{issue}-c{comment}" if comment is not None else f"{day}-inbox-{issue}"
    rel, n = f"replies/{name}.md", 2
    while (root / rel).exists():
        rel, n = f"replies/{name}-{n}.md", n + 1
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    # JSON strings are YAML strings: the link and account are written exactly.
    path.write_text(
        f"---\nin_reply_to: {json.dumps(url)}\naccount: {json.dumps(account)}\n---\n\n{text}\n",
        "utf-8",
    )
    return rel

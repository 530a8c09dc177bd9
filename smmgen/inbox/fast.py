"""Fast replies: ``/reply TEXT`` by a code owner, sent at once where schedule.yaml allows it.

Off by default; ``inbox: {fast_replies: true}`` in schedule.yaml (a reviewed
change like any other) turns it on. Without it ``/reply`` opens a pull request.

The path is publish's, limited to the one reply: the reply file is checked
(:func:`smmgen.project.load_project`), then planned, claimed in the ledger and sent
exactly once by :class:`smmgen.publish.Publisher` (claim before send; a rerun
of the same comment names the same file and content, so the ledger says it
is out). A pause (``paused: true`` or the pause button) holds fast replies too.

In GitHub (inbox-reply.yml) three jobs keep the tokens apart: the job that
reads the comment writes the file and hands it on as an artifact; the job
with the network secrets (and no issue rights) sends it and writes the
result (:class:`Result`, JSON); the job that may write issues answers the
comment with that result.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..i18n import N_, _
from ..model import Schedule

RESULT_FILE = "fast-reply.json"
STATUSES = ("sent", "held", "failed", "uncertain", "check-failed", "off", "nothing")


def enabled(schedule: Schedule | None) -> bool:
    """Whether schedule.yaml says ``inbox: {fast_replies: true}``."""
    inbox = schedule.settings.get("inbox") if schedule is not None else None
    return isinstance(inbox, dict) and inbox.get("fast_replies") is True


@dataclass(frozen=True)
class Result:
    """What became of one fast reply, for the comment that answers the ``/reply``."""

    file: str
    status: str  # one of STATUSES
    detail: str = ""
    account: str = ""
    url: str | None = None

    def to_json(self) -> str:
        """The result as the artifact between the jobs carries it."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @staticmethod
    def from_json(text: str) -> Result | None:
        """A result from its JSON; None for anything else."""
        try:
            data: Any = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("status") not in STATUSES:
            return None
        file, status, detail, account = (
            data.get(k) for k in ("file", "status", "detail", "account")
        )
        if not all(isinstance(v, str) for v in (file, status, detail, account)):
            return None
        url = data.get("url") if isinstance(data.get("url"), str) else None
        return Result(str(file), str(status), str(detail), str(account), url)

    def comment(self) -> str:
        """The answer on the inbox issue (plain words; links as code, never rendered)."""
        where = _(" as `{account}`").format(account=self.account) if self.account else ""
        if self.status == "sent":
            sent = _("`/reply` sent{where}: {url} (recorded in the ledger)")
            return sent.format(where=where, url=self.url or _("done"))
        what = {
            "check-failed": N_("`/reply` not sent, it has errors:"),
            "off": N_("`/reply` not sent:"),
            "nothing": N_("`/reply` not sent:"),
            "held": N_("`/reply` held, nothing was sent:"),
            "failed": N_("`/reply` failed, nothing was sent:"),
            "uncertain": N_("`/reply` may have gone out — a person decides:"),
        }[self.status]
        return f"{_(what)}\n\n{self.detail}"


def send(
    root: Path,
    rel: str,
    *,
    at: dt.datetime,
    commit: bool,
    environ: Mapping[str, str],
    progress: Callable[[str], None] = lambda line: None,
) -> Result:
    """Check the reply file ``rel`` and send it exactly once, through publish's path."""
    from ..project import load_project
    from ..publish import Publisher, load
    from ..run_context import Options

    ctx = load(root)
    if not enabled(ctx.schedule):
        return Result(
            rel,
            "off",
            _(
                "schedule.yaml does not allow fast replies "
                "(`inbox: {{fast_replies: true}}`); open a pull request instead"
            ).format(),
        )
    post = next((p for p in ctx.posts if p.path == rel and p.in_reply_to is not None), None)
    if post is None:
        wrong = _("{path} is not a reply file under replies/").format(path=rel)
        return Result(rel, "failed", wrong)
    errors = [p for p in load_project(root, [root / rel], cache=False).problems if p.is_error]
    if errors:
        line = _("- line {line}: {message} [{rule}]")
        lines = "\n".join(line.format(line=p.line, message=p.message, rule=p.rule) for p in errors)
        return Result(rel, "check-failed", lines)
    options = Options(
        at=at,
        only=post.networks,
        posts=(post.id,),
        commit=commit,
        environ=environ,
        progress=progress,
    )
    publisher = Publisher(ctx, options)
    report = publisher.execute()
    account = post.networks[0] if post.networks else ""
    if publisher.switches:
        why = "; ".join(s.describe() for s in publisher.switches)
        return Result(rel, "held", _("publishing is paused ({why})").format(why=why), account)
    outcome = next((o for o in report.outcomes if o.entry.post == post.id), None)
    if outcome is None:
        out = _("nothing to send: the ledger says it is out already")
        return Result(rel, "nothing", out, account)
    result = {"found": "sent"}.get(str(outcome.result), str(outcome.result))
    if result not in STATUSES:
        result = "failed"
    url = outcome.detail if result == "sent" else None
    return Result(rel, result, "" if result == "sent" else outcome.detail, account, url)

"""``smmgen inbox``: what waits, grouped by conversation, newest first, with our answers."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import N_, _, ngettext
from . import Item

_SINCE = re.compile(r"^\s*(\d+)\s*(m|min|h|d)\s*$")
OPTED_OUT = N_("(the author opted out of bots: open the link)")
# Item kinds and reply states as shown (the JSON keeps the values themselves).
WORDS = (N_("reply"), N_("mention"), N_("quote"), N_("sent"), N_("draft"), N_("waiting"))


def parse_since(text: str) -> dt.timedelta | None:
    """``2d``, ``12h``, ``90m`` as a duration; None if it is none of these."""
    m = _SINCE.match(text)
    if m is None:
        return None
    n, unit = int(m[1]), m[2]
    return (
        dt.timedelta(days=n)
        if unit == "d"
        else dt.timedelta(hours=n)
        if unit == "h"
        else (dt.timedelta(minutes=n))
    )


@dataclass(frozen=True)
class Answer:
    """A reply file answering an item, and whether it went out."""

    reply: str  # its id, replies/…
    item: str  # the item it answers
    state: str  # draft | waiting | sent


@dataclass
class Conversation:
    """Items of one conversation on one account, newest first."""

    account: str
    network: str
    root: str
    items: list[Item] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    ours: str | None = None  # our post the conversation is about, when the ledger knows it

    @property
    def newest(self) -> str:
        """The time of the newest item."""
        return self.items[0].at


def _norm(url: str | None) -> str:
    return (url or "").strip().rstrip("/")


def answers(root: Path) -> dict[str, list[tuple[str, str]]]:
    """Link answered → [(reply id, draft|waiting|sent)], from replies/ and the ledger."""
    from ..content import read_post
    from ..ledger import fold
    from ..repo import REPLY_DIR, post_files
    from ..shared_ledger import read_known

    folder = root / REPLY_DIR
    if not folder.is_dir():
        return {}
    statuses = fold(read_known(root).records())
    out: dict[str, list[tuple[str, str]]] = {}
    for file in post_files(root, [folder]):
        post, _problems = read_post(root, file)
        if post is None or post.in_reply_to is None:
            continue
        sent = any(
            statuses.get((post.id, a)) is not None and statuses[(post.id, a)].published is not None
            for a in post.networks
        )
        state = "sent" if sent else "draft" if post.status == "draft" else "waiting"
        out.setdefault(_norm(post.in_reply_to), []).append((post.id, state))
    return out


def our_posts(root: Path) -> dict[str, str]:
    """Remote id of each part we published → our post id (from the ledger)."""
    from ..shared_ledger import read_known

    ids: dict[str, str] = {}
    for r in read_known(root).records():
        if r.event in ("sent", "manual"):
            for remote in (r.remote_id, *(r.parts or ())):
                if remote:
                    ids[remote] = r.post
    return ids


def conversations(
    root: Path,
    items: Sequence[Item],
    *,
    unanswered: bool = False,
    network: str | None = None,
    since: dt.timedelta | None = None,
    now: dt.datetime | None = None,
) -> list[Conversation]:
    """The conversations with items matching the filters, newest first."""
    now = now or dt.datetime.now(dt.UTC)
    floor = (now - since).isoformat(timespec="seconds") if since is not None else None
    replies = answers(root)
    ours = our_posts(root)
    groups: dict[str, Conversation] = {}
    for item in sorted(items, key=lambda i: i.at, reverse=True):
        if network is not None and item.network != network:
            continue
        if floor is not None and item.at < floor:
            continue
        conv = groups.setdefault(
            item.conversation(),
            Conversation(item.account, item.network, item.root or item.answers or item.id),
        )
        conv.items.append(item)
        conv.ours = conv.ours or ours.get(item.answers or "") or ours.get(item.root or "")
        for reply, state in replies.get(_norm(item.url), []):
            conv.answers.append(Answer(reply, item.id, state))
    result = list(groups.values())
    if unanswered:
        result = [c for c in result if not c.answers]
    return sorted(result, key=lambda c: c.newest, reverse=True)


def _text(item: Item) -> str:
    return item.text if item.text is not None else _(OPTED_OUT)


def format_text(convs: Sequence[Conversation]) -> str:
    """The conversations for a terminal."""
    if not convs:
        return _("nothing waiting\n")
    lines: list[str] = []
    for c in convs:
        about = _(" · on our {post}").format(post=c.ours) if c.ours else ""
        n = len(c.items)
        count = ngettext("{n} message(s)", "{n} message(s)", n).format(n=n)
        lines.append(f"{c.account} ({c.network}){about} · {count}")
        for item in c.items:
            lines.append(f"  {item.at[:16].replace('T', ' ')}  @{item.author}  {_(item.kind)}")
            lines += [f"      {line}" for line in _text(item).splitlines() or [""]]
            if item.url:
                lines.append(f"      {item.url}")
        for a in c.answers:
            state = _(a.state)
            lines.append(_("  answered: {reply} ({state})").format(reply=a.reply, state=state))
        lines.append("")
    return "\n".join(lines)


def _item_json(item: Item, texts: bool) -> dict[str, Any]:
    data = item.to_json() | {"opted_out": item.text is None}
    if not texts:
        data["text"] = None
        data["withheld"] = True
    return data


def to_json(convs: Sequence[Conversation], *, texts: bool = True) -> list[dict[str, Any]]:
    """The conversations as data; ``texts=False``: without other people's texts."""
    return [
        {
            "account": c.account,
            "network": c.network,
            "root": c.root,
            "ours": c.ours,
            "items": [_item_json(i, texts) for i in c.items],
            "answers": [{"reply": a.reply, "item": a.item, "state": a.state} for a in c.answers],
        }
        for c in convs
    ]


def format_markdown(convs: Sequence[Conversation], *, texts: bool = True) -> str:
    """The conversations as Markdown (issue bodies); ``texts=False``: links and counts only."""
    out: list[str] = []
    for c in convs:
        about = _(" on `{post}`").format(post=c.ours) if c.ours else ""
        n = len(c.items)
        count = ngettext("{n} message(s)", "{n} message(s)", n).format(n=n)
        out.append(f"### {c.account} ({c.network}){about}: {count}\n")
        for item in c.items:
            kind = _(item.kind)
            by = _("[{kind} by @{author}]({url})")
            link = by.format(kind=kind, author=item.author, url=item.url) if item.url else kind
            out.append(f"- {item.at[:16].replace('T', ' ')} {link}")
            if texts:
                out += [f"  > {line}" for line in _text(item).splitlines() or [""]]
        for a in c.answers:
            answered = _("- answered: `{reply}` ({state})")
            out.append(answered.format(reply=a.reply, state=_(a.state)))
        out.append("")
    return "\n".join(out) if out else _("Nothing waiting.\n")


def dumps(convs: Sequence[Conversation], *, texts: bool = True) -> str:
    """JSON text of :func:`to_json`."""
    return json.dumps(to_json(convs, texts=texts), ensure_ascii=False, indent=2) + "\n"

"""Inbox conversations as GitHub issues (``smmgen github inbox``), or a digest.

One issue per conversation, labelled ``smmgen-inbox``; its body carries a
hidden marker naming the conversation, and every item a marker naming the
item, so a later run adds only new items, as a comment. Closed issues stay
closed (a comment still records what came in). Other people's text is
untrusted Markdown: mentions, images, raw HTML and links to other hosts are
disarmed (:func:`smmgen.untrusted_markdown.neutralise`), and handles are
written as code, so nobody on GitHub is pinged.

In a public repository the texts are not copied unless schedule.yaml says
``inbox: {public_issues: true}``: one digest issue lists links and counts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..i18n import N_, _, ngettext
from ..untrusted_markdown import neutralise

LABEL = "smmgen-inbox"
# Found again by its label, so its title may follow the language (translated when used).
DIGEST_TITLE = N_("Inbox digest (links and counts only: this repository is public)")


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def conversation_marker(conv: Mapping[str, Any]) -> str:
    """The hidden marker of a conversation's issue."""
    return f"<!-- smmgen-inbox {_hash(str(conv['account']) + ':' + str(conv['root']))} -->"


def item_marker(item: Mapping[str, Any]) -> str:
    """The hidden marker of one item."""
    return f"<!-- smmgen-inbox-item {_hash(str(item['account']) + ':' + str(item['id']))} -->"


_SAFE_URL = re.compile(r"https://[^\s<>\"'`]+")


def target_marker(item: Mapping[str, Any]) -> str:
    """Which account and link a ``/reply`` comment answers (hidden; only a plain https link)."""
    url, account = str(item.get("url") or ""), str(item["account"])
    if not _SAFE_URL.fullmatch(url) or "--" in url or not re.fullmatch(r"[\w.-]+", account):
        return ""
    return f"<!-- smmgen-inbox-target {account} {url} -->"


TARGET = re.compile(r"<!-- smmgen-inbox-target ([\w.-]+) (https://[^\s<>\"'`]+) -->")


def title(conv: Mapping[str, Any]) -> str:
    """The issue title: account, network and what the conversation is about."""
    about = _(" on {post}").format(post=conv["ours"]) if conv.get("ours") else ""
    return _("Inbox: {account} ({network}){about}").format(
        account=conv["account"], network=conv["network"], about=about
    )


def item_text(item: Mapping[str, Any], hosts: Iterable[str]) -> str:
    """One item as Markdown: time, kind, author (as code), link, and the quoted text."""
    when = str(item["at"])[:16].replace("T", " ")
    author = str(item["author"]).replace("`", "")
    url = item.get("url")
    kind = _(str(item["kind"]))
    head = _("**{kind}** by `{author}` at {when}").format(kind=kind, author=author, when=when)
    head += _(" · [open]({url})").format(url=url) if url else ""
    text = item.get("text")
    if item.get("withheld"):
        body = _("_(not copied from a public repository's workflow: open the link)_")
    elif text is None:
        body = _("_(the author opted out of bots: open the link)_")
    else:
        body = "\n".join(f"> {line}" for line in neutralise(str(text), hosts).splitlines())
    return f"{item_marker(item)}{target_marker(item)}\n{head}\n\n{body}\n"


def issue_body(
    conv: Mapping[str, Any], items: Sequence[Mapping[str, Any]], hosts: Iterable[str]
) -> str:
    """A new conversation's issue body."""
    hosts = list(hosts)
    intro = _(
        "Answer with a reply file (`smmgen reply URL`) and a pull request. "
        "This issue holds other people's messages: keep it in this private repository.\n"
    )
    return "\n".join([conversation_marker(conv), intro, *(item_text(i, hosts) for i in items)])


def new_items(conv: Mapping[str, Any], seen: str) -> list[Mapping[str, Any]]:
    """The conversation's items whose marker is not in ``seen`` (issue body and comments)."""
    return [i for i in conv["items"] if item_marker(i) not in seen]


def digest(convs: Sequence[Mapping[str, Any]]) -> str:
    """Links and counts only, for a public repository."""
    if not convs:
        return ""
    lines = [_("Other people's messages are not copied into a public repository. Open them:\n")]
    for conv in convs:
        n = len(conv["items"])
        count = ngettext("{n} message(s)", "{n} message(s)", n).format(n=n)
        lines.append(f"- {conv['account']} ({conv['network']}): {count}")
        lines += [f"  - [{_(i['kind'])}]({i['url']})" for i in conv["items"] if i.get("url")]
    return "\n".join(lines) + "\n"

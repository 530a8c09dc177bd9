"""The Telegram message links a reply answers (``in_reply_to``), read without the network.

Replies go into the channel's discussion group (the group linked to the
channel, where its comments live; https://telegram.org/blog/channel-comments).
Accepted links, all of them what Telegram's "Copy link" gives:

- ``https://t.me/CHANNEL/POST?comment=ID`` — a comment under a channel post
  (private channels: ``https://t.me/c/NUMBER/POST?comment=ID``); ``ID`` is the
  comment's message id in the discussion group;
- ``https://t.me/GROUP/ID`` or ``https://t.me/c/NUMBER/ID`` — a message in
  the discussion group itself (optionally ``?thread=N``, or ``/c/NUMBER/N/ID``
  in a group with topics). ``smmgen inbox`` shows these for comments it cannot
  tie to a public channel post.

A link to a channel post itself (``https://t.me/CHANNEL/POST``) names no
comment: the Bot API cannot find that post's copy in the discussion group,
so ``smmgen publish`` refuses it with a note (answer a comment instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

# Usernames: 5-32 of a-z, 0-9 and underscores (https://core.telegram.org/api/usernames);
# old ones may be shorter, so 4 is allowed too.
_CHAT = r"(?:(?P<name>[A-Za-z]\w{3,31})|c/(?P<number>\d{1,20}))"
_PATH = re.compile(rf"^/{_CHAT}/(?:(?P<thread>\d{{1,20}})/)?(?P<id>\d{{1,20}})/?$")
EXAMPLE = "https://t.me/CHANNEL/POST?comment=ID"


@dataclass(frozen=True)
class MessageLink:
    """A message named by a link."""

    chat: str  # a username (without @) or a chat id (-100…)
    message_id: int
    comment: bool  # True: ``chat`` is the channel, ``message_id`` a comment in its group


def message_link(url: str) -> MessageLink | None:
    """The message ``url`` links to; None when it names none."""
    parts = urlsplit(url.strip())
    m = _PATH.match(parts.path)
    if m is None:
        return None
    chat = m["name"] or f"-100{m['number']}"
    comment = parse_qs(parts.query).get("comment", [""])[0]
    if comment:
        if not comment.isdigit() or m["thread"]:
            return None
        return MessageLink(chat, int(comment), True)
    return MessageLink(chat, int(m["id"]), False)


def target(url: str) -> tuple[str, str] | None:
    """(chat, message id) for :func:`smmgen.replies.target_id`."""
    found = message_link(url)
    return (found.chat, str(found.message_id)) if found else None

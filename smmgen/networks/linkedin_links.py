"""The LinkedIn comment links a reply answers (``in_reply_to``), read without the network.

What a community manager copies with "Copy link to comment" on LinkedIn, and
what ``smmgen inbox`` shows as a comment's link::

    https://www.linkedin.com/feed/update/urn:li:activity:7123/?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A7123%2C7124%29

A reply to a reply adds ``replyUrn=`` (the reply's own comment URN). LinkedIn
nests comments one level deep, so the answer goes under the top-level comment
(``commentUrn``) either way; ``replyUrn`` is only the message checked for
being still there. Comment URNs: ``urn:li:comment:(urn:li:activity:X,Y)``
(Comments API, https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api);
the web links shorten the inner URN to ``activity:X``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

_POST = re.compile(r"^/feed/update/(?P<post>urn:li:(?:activity|share|ugcPost):\d+)/?$")
_COMMENT = re.compile(
    r"^urn:li:comment:\((?:urn:li:)?(?P<kind>activity|share|ugcPost):(?P<post>\d+),(?P<id>\d+)\)$"
)
EXAMPLE = "https://www.linkedin.com/feed/update/urn:li:activity:ID/?commentUrn=…"


@dataclass(frozen=True)
class CommentLink:
    """A comment named by a link: the post, the top-level comment, and the message answered."""

    post: str  # urn:li:activity:… (the post the comments are under)
    comment: str  # urn:li:comment:(urn:li:activity:…,…): the top-level comment
    target: str  # the comment answered: ``comment`` or a reply under it

    @property
    def target_id(self) -> str:
        """The answered comment's own id (the last number of its URN)."""
        return self.target.rsplit(",", 1)[1].rstrip(")")


def _urn(value: str) -> str | None:
    m = _COMMENT.match(value.strip())
    if m is None:
        return None
    return f"urn:li:comment:(urn:li:{m['kind']}:{m['post']},{m['id']})"


def comment_link(url: str) -> CommentLink | None:
    """The comment ``url`` links to; None when it names no LinkedIn comment."""
    parts = urlsplit(url.strip())
    m = _POST.match(parts.path)
    query = parse_qs(parts.query)
    comment = _urn(query.get("commentUrn", [""])[0])
    if m is None or comment is None:
        return None
    reply = query.get("replyUrn", [""])[0]
    target = _urn(reply) if reply else comment
    if target is None:
        return None
    post = comment.split("(", 1)[1].split(",", 1)[0]
    return CommentLink(post, comment, target)


def target(url: str) -> tuple[str, str] | None:
    """(post URN, comment URN answered) for :func:`smmgen.replies.target_id`."""
    found = comment_link(url)
    return (found.post, found.target) if found else None


def link_of(post: str, comment: str, reply: str | None = None) -> str:
    """The web link of a comment (``reply``: of a reply under ``comment``)."""
    url = f"https://www.linkedin.com/feed/update/{post}/?commentUrn={quote(comment, safe='')}"
    return url + (f"&replyUrn={quote(reply, safe='')}" if reply else "")

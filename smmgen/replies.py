"""Replies: files under ``replies/`` that answer a message on one account, reviewed like posts.

A reply file is Markdown with front matter::

    ---
    in_reply_to: https://bsky.app/profile/anna.example/post/3kabc…
    account: bsky
    ---
    Danke für die Frage! …

It becomes a :class:`~smmgen.model.Post` with one account, ``in_reply_to``
set, and (without ``publish_at``) due at the first publishing run after it is
merged. From there it goes the way of every post: rendered, counted and
checked per network (:mod:`smmgen.validate`), planned, claimed in the ledger
and sent exactly once; its id is its path without ``.md``
(``replies/2026-12-03-kundenfrage``).

Which networks smmgen can send replies on, and how the target is named:
Bluesky (reply refs root + parent, https://docs.bsky.app/docs/advanced-guides/posts#replies),
Mastodon (``in_reply_to_id``, the target resolved through the account's own
server: https://docs.joinmastodon.org/methods/search/#v2), X
(``reply.in_reply_to_tweet_id``, https://docs.x.com/x-api/posts/create-post),
Threads (``reply_to_id``), Instagram and Facebook (comment replies), LinkedIn
(a comment under a comment, ``parentComment``) and Telegram (a message in the
channel's discussion group, ``reply_parameters``). Each
network's link forms live beside it (``Network.reply_links`` in
``smmgen/networks/<name>.py``); this module only asks them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .fields import Field, declare
from .i18n import N_, _
from .model import Post
from .networks import NETWORKS
from .networks.mastodon import POST_LINK as MASTODON_LINK
from .problems import Problem, error

if TYPE_CHECKING:
    from .model import Schedule


REPLY_FRONT_MATTER = declare(
    Field(
        "in_reply_to",
        "url",
        N_("the link of the message to answer, on the account's network"),
        required=True,
    ),
    Field("account", "str", N_("the account (from schedule.yaml) that answers"), required=True),
    Field(
        "publish_at",
        "any",
        "when to send (default: the first publishing run after the merge)",
    ),
    Field(
        "status",
        "str",
        "`ready` or `draft` (drafts are never sent)",
        "ready",
        choices=("ready", "draft"),
    ),
    Field("media", "list", "images: a list of `{path, alt}` (path relative to this file)"),
    Field("content_warning", "str", "content warning / spoiler text (Mastodon)"),
    Field("language", "language", "the language of the text, e.g. `en`"),
)

# Networks whose links name messages smmgen can answer (Network.reply_links).
SENDS_REPLIES = tuple(name for name, net in NETWORKS.items() if net.reply_links is not None)
_HOSTS = {
    "bluesky": ("bsky.app",),
    "x": ("x.com", "twitter.com", "mobile.twitter.com", "www.x.com", "www.twitter.com"),
    "threads": ("threads.net", "www.threads.net", "threads.com", "www.threads.com"),
    "instagram": ("instagram.com", "www.instagram.com"),
    "facebook": ("facebook.com", "www.facebook.com", "m.facebook.com", "fb.com"),
    "linkedin": ("linkedin.com", "www.linkedin.com"),
    "telegram": ("t.me", "telegram.me"),
    "discord": ("discord.com", "discordapp.com"),
}


def network_of(url: str) -> str | None:
    """The network a post link belongs to, from its host (Mastodon: from its path); or None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    for network, hosts in _HOSTS.items():
        if host in hosts:
            return network
    if parts.scheme == "https" and MASTODON_LINK.match(parts.path):
        return "mastodon"
    return None


def target_id(url: str, network: str) -> tuple[str, str] | None:
    """(author, post id) named by a link of ``network``; None when the link names no post."""
    net = NETWORKS.get(network)
    links = net.reply_links if net is not None else None
    return links.parse(url) if links is not None else None


def reply_problems(post: Post, schedule: Schedule) -> list[Problem]:
    """What is wrong with a reply's target: another network's link, no post, no support."""
    url = post.in_reply_to
    if url is None or not post.networks:
        return []
    account = schedule.accounts.get(post.networks[0])
    if account is None:
        return []  # reported as post/unknown-account
    line = post.line_of("in_reply_to")
    network = account.network
    found = network_of(url)

    def problem(rule: str, message: str) -> list[Problem]:
        return [error(post.path, line, rule, message, account=account.name, network=network)]

    if network not in SENDS_REPLIES:
        return problem(
            "reply/unsupported-network",
            _(
                "smmgen cannot send replies on {network} (account {name}) "
                "yet; answer there by hand — replies go out on {items}"
            ).format(network=network, name=account.name, items=", ".join(SENDS_REPLIES)),
        )
    if found != network:
        what = f"a {found} link" if found else "not a link to a post on any network smmgen knows"
        return problem(
            "reply/wrong-network",
            _(
                "in_reply_to is {what}, but account {name} is on {network}; "
                "use the link of the {network} post to answer, or another "
                "account"
            ).format(what=what, name=account.name, network=network),
        )
    links = NETWORKS[network].reply_links
    assert links is not None  # network in SENDS_REPLIES
    if target_id(url, network) is None:
        return problem(
            "reply/not-a-post",
            f"in_reply_to does not link to a single {network} post; copy the post's own link "
            + links.example,
        )
    return []

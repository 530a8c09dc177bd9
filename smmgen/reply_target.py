"""The message a reply answers, read for the pull-request preview and never stored.

The preview job holds no credentials, so only what anyone may read is read:

- Bluesky: the public AppView (the account's ``appview`` setting):
  ``com.atproto.identity.resolveHandle`` for a handle, then
  ``app.bsky.feed.getPosts`` (https://docs.bsky.app/docs/api/app-bsky-feed-get-posts).
- Mastodon: the status on its own server, ``GET /api/v1/statuses/:id``
  (public for public statuses: https://docs.joinmastodon.org/methods/statuses/#get).
- X: reading a post needs paid API access; the preview shows the link only.

Only https, no redirects, a short timeout and a size cap: the link comes from a
pull request and may point anywhere. Any failure becomes a note instead of the
text ("could not read it: HTTP 404"); the preview is never held up by it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .i18n import _
from .model import Account
from .replies import network_of, target_id

TIMEOUT = 5.0
MAX_BYTES = 256 * 1024
MAX_TEXT = 1000  # characters of the answered message shown in the preview


@dataclass(frozen=True)
class Target:
    """The answered message as the preview shows it: its author and text, or why not."""

    url: str
    author: str = ""  # e.g. @anna.example
    text: str = ""
    note: str = ""  # why the text is not shown; empty when it is


class _Unreadable(Exception):
    """Why the message could not be read (shown as the note)."""


def read_target(url: str, account: Account) -> Target:
    """The message ``url`` names, read without credentials; never raises."""
    network = network_of(url)
    named = target_id(url, network) if network == account.network and network else None
    if named is None:
        return Target(url, note=_("not a post link of this account's network"))
    author, post = named
    try:
        if network == "bluesky":
            base = str(account.settings.get("appview") or "https://public.api.bsky.app")
            return _bluesky(url, base.rstrip("/"), author, post)
        if network == "mastodon":
            return _mastodon(url, post)
    except _Unreadable as exc:
        return Target(url, note=_("could not read it: {why}").format(why=exc))
    return Target(
        url,
        note=_("{network} posts cannot be read without API access").format(network=account.network),
    )


def _get(url: str, params: dict[str, str] | None = None) -> Any:
    """JSON from an https URL, or :class:`_Unreadable` saying why not."""
    import httpx

    if urlsplit(url).scheme != "https":
        raise _Unreadable(_("only https links are read"))
    try:
        with (
            httpx.Client(timeout=TIMEOUT, follow_redirects=False) as client,
            client.stream("GET", url, params=params) as response,
        ):
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise _Unreadable(_("the answer is too large"))
    except httpx.HTTPError as exc:
        raise _Unreadable(_("no answer ({error})").format(error=type(exc).__name__)) from None
    if response.status_code != 200:
        raise _Unreadable(f"HTTP {response.status_code}" + (
            _(" (deleted, or not public)") if response.status_code in (401, 403, 404, 410) else ""
        ))  # fmt: skip
    try:
        return json.loads(body)
    except ValueError:
        raise _Unreadable(_("the answer is not JSON")) from None


def _bluesky(url: str, base: str, actor: str, rkey: str) -> Target:
    did = actor
    if not did.startswith("did:"):
        found = _get(f"{base}/xrpc/com.atproto.identity.resolveHandle", {"handle": actor})
        did = str(found.get("did", "")) if isinstance(found, dict) else ""
        if not did:
            raise _Unreadable(_("the handle {handle} does not resolve").format(handle=actor))
    uri = f"at://{did}/app.bsky.feed.post/{rkey}"
    got = _get(f"{base}/xrpc/app.bsky.feed.getPosts", {"uris": uri})
    posts = got.get("posts") if isinstance(got, dict) else None
    if not posts:
        raise _Unreadable(_("the post is gone (deleted, or not visible to everyone)"))
    view = posts[0]
    handle = str((view.get("author") or {}).get("handle") or actor)
    text = str((view.get("record") or {}).get("text") or "")
    return Target(url, f"@{handle}", _cut(text))


def _mastodon(url: str, status_id: str) -> Target:
    from .inbox.readers import plain

    parts = urlsplit(url)
    status = _get(f"https://{parts.netloc}/api/v1/statuses/{status_id}")
    if not isinstance(status, dict):
        raise _Unreadable(_("the answer is not a status"))
    acct = str((status.get("account") or {}).get("acct") or "")
    warning = str(status.get("spoiler_text") or "")
    text = plain(str(status.get("content") or ""))
    if warning:
        text = f"[CW: {warning}] {text}"
    return Target(url, f"@{acct}" if acct else "", _cut(text))


def _cut(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"

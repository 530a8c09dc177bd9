"""Discord: GET the webhook (its URL is the credential).

``GET /webhooks/{id}/{token}`` returns the webhook object; a deleted webhook
answers 404 with code 10015 "Unknown Webhook"
(https://discord.com/developers/docs/resources/webhook#get-webhook-with-token).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..endpoints import plain_http_elsewhere
from ..i18n import N_, _
from ..model import Account
from . import Access
from .net import call


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """Whether the webhook still exists."""
    url = secrets["webhook_env"]
    if plain_http_elsewhere(url):
        # The URL is the secret: over plain http anyone on the way could post.
        return Access(
            False, _("the webhook URL must start with https:// (http:// only for localhost)")
        )
    hook = call("GET", url, what=N_("reading the webhook"))
    if hook.status == 200:
        return Access(True, _("webhook '{name}' exists").format(name=hook.data.get("name", "?")))
    said = hook.data.get("message") or f"HTTP {hook.status}"
    return Access(False, _("the webhook is gone or its URL is wrong: {said}").format(said=said))

"""YouTube: the refresh token traded for an access token, Google's tokeninfo, the channel.

1. ``POST {oauth_base}/token`` (``grant_type=refresh_token``): Google answers
   ``invalid_grant`` for a refresh token that was revoked, or that expired
   (an OAuth app still "in testing" gets refresh tokens valid for 7 days:
   https://developers.google.com/identity/protocols/oauth2#expiration).
2. ``GET {oauth_base}/tokeninfo?access_token=…`` lists the granted ``scope``s
   (https://developers.google.com/identity/protocols/oauth2/javascript-implicit-flow#tokeninfo-validation).
3. ``GET {api_base}/youtube/v3/channels?part=snippet&mine=true`` names the
   channel (1 quota unit); no channel means nothing can be uploaded.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..i18n import N_, _
from ..model import Account
from . import Access
from .net import call

SCOPE = "https://www.googleapis.com/auth/"
# A broader scope includes the narrower ones: youtube.force-ssl is "youtube"
# over SSL, "youtube" manages the account (upload and read included).
IMPLIED = {
    f"{SCOPE}youtube.force-ssl": (f"{SCOPE}youtube", f"{SCOPE}youtube.upload",
                                  f"{SCOPE}youtube.readonly"),
    f"{SCOPE}youtube": (f"{SCOPE}youtube.upload", f"{SCOPE}youtube.readonly"),
}  # fmt: skip


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """The refresh token's validity, the access token's scopes, the channel."""
    oauth = str(account.settings.get("oauth_base") or "https://oauth2.googleapis.com").rstrip("/")
    api = str(account.settings.get("api_base") or "https://www.googleapis.com").rstrip("/")
    token = call(
        "POST", f"{oauth}/token", what=N_("getting an access token"),
        data={"grant_type": "refresh_token", "client_id": secrets["client_id_env"],
              "client_secret": secrets["client_secret_env"],
              "refresh_token": secrets["refresh_token_env"]},
    )  # fmt: skip
    access = token.data.get("access_token")
    if token.status != 200 or not isinstance(access, str):
        error = token.data.get("error_description") or token.data.get("error") or token.status
        return Access(
            False,
            _(
                "the refresh token is refused: {error} (revoked, or expired: an OAuth app in "
                "testing gets refresh tokens for 7 days; publish the app or make a new token)"
            ).format(error=error),
        )
    info = call("GET", f"{oauth}/tokeninfo", what=N_("reading the token's scopes"),
                params={"access_token": access})  # fmt: skip
    scopes = None
    if info.status == 200 and isinstance(info.data.get("scope"), str):
        granted = set(info.data["scope"].split())
        scopes = frozenset(granted.union(*(IMPLIED.get(s, ()) for s in granted)))
    channels = call(
        "GET", f"{api}/youtube/v3/channels", what=N_("reading the channel"),
        params={"part": "snippet", "mine": "true"}, headers={"Authorization": f"Bearer {access}"},
    )  # fmt: skip
    items = channels.data.get("items")
    if channels.status == 200 and isinstance(items, list) and items:
        title = (items[0].get("snippet") or {}).get("title", "?")
        return Access(
            True, _("refresh token valid (channel '{title}')").format(title=title), scopes
        )
    if channels.status == 200:
        return Access(False, _("the token belongs to a Google account without a YouTube channel"))
    if scopes is None:
        message = (channels.data.get("error") or {}).get("message", f"HTTP {channels.status}")
        return Access(False, _("reading the channel failed: {said}").format(said=message))
    # Without youtube.readonly the channel cannot be read; the scopes still tell the rest.
    return Access(True, _("refresh token valid (the channel could not be read)"), scopes)

"""X: GET /2/users/me with the account's OAuth 1.0a keys; ``x-access-level`` says read or write.

https://docs.x.com/x-api/users/user-lookup-me; the ``x-access-level`` response
header of user-context calls is ``read``, ``read-write`` or
``read-write-directmessages`` (the app's permissions when the token was made).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..i18n import _
from ..model import Account
from . import Access, CheckFailed


def inspect(account: Account, secrets: Mapping[str, str]) -> Access:
    """Whether the keys are accepted, and whether they may write."""
    import requests
    import tweepy

    from ..adapters.x import XAdapter

    client, _keys = XAdapter(account, secrets).client()
    try:
        response = client.request("GET", "/2/users/me", user_auth=True)
    except tweepy.Unauthorized:
        refused = _("the keys are refused (401): regenerate the access token and secret")
        return Access(False, refused)
    except tweepy.HTTPException as exc:
        failed = _("GET /2/users/me failed with HTTP {status}")
        return Access(False, failed.format(status=exc.response.status_code))
    except requests.RequestException as exc:
        none = _("GET /2/users/me: no answer ({error})").format(error=type(exc).__name__)
        raise CheckFailed(none) from None
    level = response.headers.get("x-access-level", "")
    write = "write" in level
    user = (response.json().get("data") or {}).get("username", "?")
    return Access(
        True,
        _("keys accepted (@{user}, access level {level})").format(
            user=user, level=level or _("not told")
        ),
        probed={
            "publish": (write, _("needs Read and write: change the app's permissions, then "
                                 "regenerate the access token")),
            "delete": (write, _("needs {scopes}").format(scopes="Read and write")),
        },
    )  # fmt: skip

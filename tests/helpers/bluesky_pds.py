"""The Bluesky adapter against the local PDS: an adapter, requests, and the records it wrote."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING, Any

import pytest

from smmgen.adapters.base import MediaFile, SendRequest
from smmgen.adapters.bluesky import Bluesky
from smmgen.model import Account

if TYPE_CHECKING:
    from tests.helpers.pds import LocalPds, PdsAccount


PW_ENV = "BSKY_TEST_PASSWORD"


def adapter(url: str, user: PdsAccount, **settings: Any) -> Bluesky:
    account = Account(
        name="bsky",
        network="bluesky",
        settings={"handle": user.handle, "password_env": PW_ENV, "service": url, **settings},
        line=1,
    )
    return Bluesky(account, {"password_env": user.password})


def make_request(
    key: str, *parts: str, media: tuple[MediaFile, ...] = (), language: str | None = None
) -> SendRequest:
    return SendRequest(
        key=key,
        post_id="2026/launch",
        account=Account("bsky", "bluesky", {}, 1),
        parts=parts,
        media=media,
        link=None,
        content_warning=None,
        language=language,
    )


def records(server: LocalPds, user: PdsAccount) -> list[dict[str, Any]]:
    """Every post in the account's repo, oldest key first (read without our code)."""
    query = urllib.parse.urlencode(
        {"repo": user.did, "collection": "app.bsky.feed.post", "limit": 100, "reverse": "true"}
    )
    listed: list[dict[str, Any]] = server.xrpc("GET", f"com.atproto.repo.listRecords?{query}")[
        "records"
    ]
    return listed


def blob(server: LocalPds, user: PdsAccount, cid: str) -> bytes:
    query = urllib.parse.urlencode({"did": user.did, "cid": cid})
    with urllib.request.urlopen(f"{server.url}/xrpc/com.atproto.sync.getBlob?{query}") as r:
        data: bytes = r.read()
    return data


def ref(rec: dict[str, Any]) -> tuple[str, str]:
    """(uri, cid) of a listed record or of a strong ref."""
    return rec["uri"], rec["cid"]


@pytest.fixture
def user(pds: LocalPds, request: pytest.FixtureRequest) -> PdsAccount:
    """A fresh account per test, so every repo starts empty."""
    name = re.sub(r"[^a-z0-9]", "", request.node.name.lower())[-14:]
    return pds.create_account(f"u{name}")

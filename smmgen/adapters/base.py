"""The one small interface every publishing adapter implements.

An adapter is built for one account with its secrets (read from the
environment by the engine, never by the adapter), and does two things:

- ``find_existing(request)``: reconciliation — was this exact post already
  sent by an earlier run that died before it could record it? Look it up on
  the network (a deterministic record key, an idempotency key, or the
  account's recent posts matched by text) and return the result, or None.
- ``send(request)``: publish every part (a thread as a reply chain) with its
  images and alt texts, passing ``request.key`` as the idempotency key where
  the network supports one; return the first part's id and URL.

Errors are raised as :class:`SendError` with ``retryable`` set for 429/5xx and
timeouts (``retry_after`` from the server where given). The engine does the
retrying, the ledger and the exactly-once logic; adapters stay thin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from ..model import Account

if TYPE_CHECKING:
    from ..facets import Facet


@dataclass(frozen=True)
class MediaFile:
    """An image to upload: its file and alt text."""

    path: Path  # absolute
    alt: str | None
    mime: str  # image/jpeg, image/png, ...


@dataclass(frozen=True)
class SendRequest:
    """Everything an adapter needs to publish one post on one account."""

    key: str  # idempotency key: hash of post id, account and rendered content
    post_id: str
    account: Account
    parts: tuple[str, ...]  # the rendered text; more than one = a thread
    media: tuple[MediaFile, ...]  # attached to the first part
    link: str | None
    content_warning: str | None
    media_base_url: str | None = None  # public URL of the repo's files (Instagram)
    media_paths: tuple[str, ...] = ()  # repo-relative paths, to build public URLs
    # Bluesky rich text per part, as rendered (Rendered.facets): shortened URLs
    # link to the full URL only through these. Empty: the adapter detects them.
    facets: tuple[tuple[Facet, ...], ...] = ()
    language: str | None = None  # the post's language tag; None: the account's setting


@dataclass(frozen=True)
class SendResult:
    """Where the post now lives."""

    remote_id: str
    url: str | None = None


class SendError(Exception):
    """Publishing failed. The message must never contain a secret."""

    def __init__(
        self, message: str, *, retryable: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


class Adapter:
    """Base class of the adapters; one instance per account and run."""

    # Environment-variable settings of the account whose values are secrets.
    secret_settings: ClassVar[tuple[str, ...]] = ()
    timeout: ClassVar[float] = 30.0
    # False where the network offers no way to look a post up again (a Discord
    # webhook cannot list messages): an unfinished attempt then goes to a person
    # instead of ``find_existing``.
    reconciles: ClassVar[bool] = True

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        self.account = account
        self.secrets = secrets  # setting name (e.g. "token_env") -> secret value

    def find_existing(self, request: SendRequest) -> SendResult | None:
        """The post if an earlier attempt already published it, else None."""
        raise NotImplementedError

    def send(self, request: SendRequest) -> SendResult:
        """Publish the post; raise :class:`SendError` on failure."""
        raise NotImplementedError

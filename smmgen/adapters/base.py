"""The one small interface every publishing adapter implements.

An adapter is built for one account with its secrets (read from the
environment by the engine, never by the adapter), and does two things:

- ``find_existing(request)``: reconciliation — was this exact post already
  sent by an earlier run that died before it could record it, or whose send
  ended uncertain? Look it up on the network (a deterministic record key, an
  idempotency key, or the account's recent posts matched by text) and return
  the result, or None when it is not there. A lookup that cannot be done (a
  missing read permission, a timeout) raises :class:`SendError`: the engine
  then keeps the attempt uncertain and never sends blindly.
- ``send(request)``: publish every part (a thread as a reply chain) with its
  images and alt texts, passing ``request.key`` as the idempotency key where
  the network supports one; return the first part's id and URL. Parts listed
  in ``request.published`` are already on the network (recorded by an earlier
  attempt): ``send`` continues after the last of them, as a reply to it, and
  sends neither them nor the images again.

Errors are :class:`SendError`, and each one says what the network may have
done, because that decides between a retry, a lookup and a person:

- ``retryable=True``: sending the same request again right away is safe —
  the network cannot have applied it (connection refused, a connect timeout,
  HTTP 429, an answer the network documents as "not created"), or it
  deduplicates by the idempotency key. ``retry_after``: the server's wait.
- ``uncertain=True``: the network may have applied it — a timeout or a
  dropped connection after the request was written, a 5xx answer to a call
  that creates the post. The engine records the attempt as uncertain; it is
  sent again only after ``find_existing`` *worked* and said "not there"
  (where ``reconciles`` is False: after a person said so).
- ``published``: the parts (in order, from part 1) that are on the network
  for sure when the error came, e.g. part 1 of a thread whose part 2 failed.
  The engine records them, and the next attempt passes them back in
  ``request.published`` so the thread resumes instead of starting again.
  An error with parts published is never a plain failure.
- neither: nothing was created (a validation error, missing credentials).

Reads done after the post is out (a permalink) are best effort: when they
fail, return the result with ``url=None`` — the post is out, not failed.
The engine does the retrying, the ledger and the exactly-once logic;
adapters stay thin.

Optional, declared as class attributes: ``reconciles`` (can look posts up),
``sends_video``, ``deletes`` with ``delete(request)`` (``smmgen retract``).
Helpers for subclasses: ``remember``/``resume`` keep what a lookup found of an
incomplete post (a thread cut short) for the ``send`` that follows, and
:class:`CommentingAdapter` is the whole first-comment flow for networks where
the comment is a separate call. Other layers (statistics readers, the account
checks) use an adapter's public names only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from ..i18n import _
from ..model import Account

if TYPE_CHECKING:
    from ..networks.bluesky_facets import Facet
    from ..video import VideoInfo


@dataclass(frozen=True)
class MediaFile:
    """An image or video to upload: its file and alt text (a video: its facts and captions)."""

    path: Path  # absolute
    alt: str | None
    mime: str  # image/jpeg, image/png, video/mp4, ...
    video: VideoInfo | None = None  # read from the file when it is a video
    captions: Path | None = None  # a video's WebVTT captions, absolute
    captions_language: str | None = None  # None: the post's language

    @property
    def is_video(self) -> bool:
        """Whether this is a video (uploads differ: chunked, processed, polled)."""
        return self.video is not None or self.mime.startswith("video/")


@dataclass(frozen=True)
class SendResult:
    """Where the post now lives."""

    remote_id: str
    url: str | None = None
    comment_id: str | None = None  # the first comment's id, when one was posted or found
    # Every part's id, part 1 first, where a post is more than one remote item
    # (a thread, a Telegram album); () when ``remote_id`` is all of it. Kept in
    # the ledger's ``sent`` record so ``smmgen retract`` can delete every part.
    # Not compared: two results are the same post when id and link are.
    parts: tuple[str, ...] = field(default=(), compare=False)


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
    # Parts already on the network from an earlier attempt, from part 1 on (the
    # ledger's record of a thread cut short): send() continues after them.
    published: tuple[SendResult, ...] = ()
    # (name, URN) of people mentioned by URN (Rendered.mentions): LinkedIn links the name.
    mentions: tuple[tuple[str, str], ...] = ()
    kind: str = "feed"  # how the post appears: feed, reel, story (Network.kinds)
    # Posted as the first comment right after the post (Network.first_comment);
    # send() posts it after the parts in ``published`` too, unless it is there.
    first_comment: str | None = None
    tags: tuple[str, ...] = ()  # the post's tags (YouTube takes them as video tags)
    # A reply (replies/): the link of the message the first part answers.
    in_reply_to: str | None = None


@dataclass(frozen=True)
class DeleteRequest:
    """A published post to take down (``smmgen retract``), as the ledger knows it."""

    key: str  # the content key it was sent with
    post_id: str
    account: Account
    remote_ids: tuple[str, ...]  # every part the ledger knows, part 1 first
    url: str | None = None


class SendError(Exception):
    """Publishing (or looking up) failed. The message must never contain a secret.

    ``retryable``: safe to send again at once; ``uncertain``: the network may
    have applied the request; ``published``: the parts that are out for sure
    (see the module docstring for the contract).
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        uncertain: bool = False,
        published: tuple[SendResult, ...] = (),
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.uncertain = uncertain
        self.published = published

    def with_published(self, published: tuple[SendResult, ...]) -> SendError:
        """This error, carrying the parts that were out when it came."""
        self.published = published
        return self


class TargetGone(SendError):
    """The message a reply answers is not there (deleted, or never was): nothing was sent.

    The engine holds the reply (``target-gone``) instead of sending it into nothing.
    """


def resume_point(request: SendRequest, found: tuple[SendResult, ...] = ()) -> list[SendResult]:
    """The parts already out: the ledger's (``request.published``) or a lookup's, the longer.

    Both list the same thread from part 1, so the longer one knows more.
    """
    known = found if len(found) > len(request.published) else request.published
    return list(known[: len(request.parts)])


def comment_not_posted(exc: SendError, post: SendResult) -> SendError:
    """The error when a post is out but its first comment failed.

    Uncertain, and carrying the post as published, so the post is never sent
    again: the next run looks the comment up and adds only it.
    """
    return SendError(
        _(
            "{error} — the post is out ({post}); the next run adds the comment unless it is there"
        ).format(error=exc, post=post.url or post.remote_id),
        uncertain=True,
        published=(post,),
    )


class Adapter:
    """Base class of the adapters; one instance per account and run."""

    # Environment-variable settings of the account whose values are secrets.
    secret_settings: ClassVar[tuple[str, ...]] = ()
    timeout: ClassVar[float] = 30.0
    # False where the network offers no way to look a post up again (a Discord
    # webhook cannot list messages): an unfinished or uncertain attempt then
    # goes to a person (mark-published / publish --resend) instead of
    # ``find_existing``.
    reconciles: ClassVar[bool] = True
    # True where send() uploads videos (MediaFile.is_video); the engine refuses
    # a post with a video on any other network before anything is sent.
    sends_video: ClassVar[bool] = False

    @classmethod
    def reconciles_for(cls, account: Account) -> bool:
        """Whether a post of ``account`` can be looked up (some networks: per kind of account)."""
        return cls.reconciles

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        self.account = account
        self.secrets = secrets  # setting name (e.g. "token_env") -> secret value
        # key -> the parts find_existing found of a post that is not complete on
        # the network (a thread cut short, a post without its first comment).
        self._found: dict[str, tuple[SendResult, ...]] = {}

    def remember(self, request: SendRequest, parts: Sequence[SendResult]) -> None:
        """Keep what a lookup found of an incomplete post: :meth:`resume` continues after it."""
        self._found[request.key] = tuple(parts)

    def resume(self, request: SendRequest) -> list[SendResult]:
        """The parts already out, the ledger's or the last lookup's (see :func:`resume_point`)."""
        return resume_point(request, self._found.pop(request.key, ()))

    def find_existing(self, request: SendRequest) -> SendResult | None:
        """The post if an earlier attempt already published it, else None."""
        raise NotImplementedError

    def send(self, request: SendRequest) -> SendResult:
        """Publish the post; raise :class:`SendError` on failure."""
        raise NotImplementedError

    # Whether ``delete`` can take a post down through the API; where not (e.g.
    # Instagram), ``smmgen retract`` puts it on the manual checklist.
    deletes: ClassVar[bool] = False

    def delete(self, request: DeleteRequest) -> None:
        """Delete every part of a published post, the last part first.

        Deleting what is already gone is success (404 and its kin), so a
        retraction cut short by a crash can simply be done again. The last
        part goes first so that an interrupted retraction leaves part 1 (the
        link people have) and a prefix of the thread. Raise :class:`SendError`
        as for ``send``; ``uncertain`` is not needed: repeating is safe.
        """
        raise SendError(
            _("{network}: posts cannot be deleted through the API").format(
                network=self.account.network
            )
        )


class CommentingAdapter(Adapter):
    """An adapter that posts ``first_comment`` under the post (Facebook, Instagram, LinkedIn).

    The flow is here once: a lookup finds the post, then its comment — a post
    found without its comment counts as not sent, and :meth:`send` adds only
    the comment; a comment that fails leaves the post out and the attempt
    uncertain (:func:`comment_not_posted`). A subclass supplies the four steps.
    """

    def _find_post(self, request: SendRequest) -> SendResult | None:
        """The post on the network, matched by its text; None when it is not there."""
        raise NotImplementedError

    def _send_post(self, request: SendRequest) -> SendResult:
        """Publish the post itself, without its comment."""
        raise NotImplementedError

    def _comments(self, post: SendResult) -> Iterable[tuple[str, str]]:
        """(id, text) of the comments under ``post``, as the network gives them."""
        raise NotImplementedError

    def _post_comment(self, post: SendResult, text: str) -> str | None:
        """Post ``text`` under ``post``; the comment's id."""
        raise NotImplementedError

    def _comment_of(self, request: SendRequest) -> str | None:
        """The first comment ``request`` asks for, where this kind of post takes one."""
        return request.first_comment or None

    def _as_shown(self, text: str) -> str:
        """``text`` as the network returns a comment of it (for matching)."""
        return text

    def find_existing(self, request: SendRequest) -> SendResult | None:
        from .text_match import comparable

        found = self._find_post(request)
        text = self._comment_of(request)
        if found is None or text is None:
            return found
        wanted = comparable(self._as_shown(text))
        for comment_id, comment in self._comments(found):
            if comparable(comment) == wanted:
                return replace(found, comment_id=comment_id)
        self.remember(request, (found,))  # out, but not its comment: send() adds it
        return None

    def send(self, request: SendRequest) -> SendResult:
        posted = self.resume(request)
        post = posted[0] if posted else self._send_post(request)
        text = self._comment_of(request)
        if text is None:
            return post
        try:
            comment_id = self._post_comment(post, text)
        except SendError as exc:
            raise comment_not_posted(exc, post) from None
        return replace(post, comment_id=comment_id)

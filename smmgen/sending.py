"""Send one claimed post to one account: look it up, mark the attempt, retry, record.

Each account goes on its own: a failure or a missing variable on one network
never stops the others. Only errors the adapter marks ``retryable`` (the
network cannot have applied the request, or deduplicates it) are retried
inside the run, with backoff, honouring ``retry_after``. Every outcome
(``sent``/``failed``/``uncertain``) is appended to the ledger as soon as it
is known, and right before the network call an ``attempt`` claim marks that
the send itself started.

An outcome the network may have applied (``SendError.uncertain``, or parts
of a thread already out) is recorded ``uncertain``, never ``failed``: the next
run looks it up with the adapter's ``find_existing`` and sends only when that
lookup worked and did not find it, continuing a thread after the parts the
ledger knows. A lookup that fails keeps the attempt uncertain. Where a
network cannot look its posts up (``Adapter.reconciles = False``) the run
does not claim such an attempt at all: a person decides (``mark-published``,
or ``publish --resend``).

When a send to an account ends on a network that does not answer (retries
used up, or a timeout), the account's remaining posts wait for the next run
(one line says so), so an unreachable network costs one failure per run.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .adapters import missing_sdk
from .adapters.base import Adapter, MediaFile, SendError, SendRequest, SendResult, TargetGone
from .endpoints import refusal
from .i18n import _
from .ledger import Event, Ledger, Record, key_of
from .plan import TARGET_GONE, Entry, Reason, State, missed_detail
from .secrets import Redactor, account_secrets, missing_message, one_line

if TYPE_CHECKING:
    from .model import Account, MediaRef, Post
    from .run_context import Context, Options

MAX_ATTEMPTS = 4  # sends per post and run, retries included
BACKOFF = 2.0  # seconds before the first retry; doubles each time
MAX_WAIT = 120.0  # a longer retry_after is left to the next run


class Result(StrEnum):
    """What became of one entry in a run; the words of the publish summary's result column."""

    SENT = "sent"
    FOUND = "found"  # an unfinished earlier attempt was out already
    FAILED = "failed"
    UNCERTAIN = "uncertain"
    WOULD_SEND = "would-send"  # --dry-run
    MANUAL = "manual"  # post it by hand
    HELD = "held"


@dataclass(frozen=True)
class Outcome:
    """What happened to one post on one account in this run."""

    entry: Entry
    result: Result
    detail: str = ""
    text: str = ""  # the text, for manual checklists and dry runs


class Recorder(Protocol):
    """Builds this run's ledger record of ``event`` for an entry."""

    def __call__(
        self,
        e: Entry,
        event: Event,
        *,
        remote_id: str | None = None,
        url: str | None = None,
        error: str | None = None,
        attempt: bool | None = None,
        parts: tuple[SendResult, ...] = (),
    ) -> Record: ...


def adapter_class(network: str) -> type[Adapter] | None:
    """The network's adapter class; None for manual accounts and adapters that cannot load."""
    from .adapters import load as load_adapter

    try:
        return load_adapter(network)
    except ModuleNotFoundError:
        return None


def reconciles(account: Account) -> bool:
    """Whether the account's adapter can look up a post an unfinished run may have sent."""
    cls = adapter_class(account.network)
    return cls is not None and cls.reconciles_for(account)


class Sender:
    """Sends this run's claimed posts, appending each outcome to the ledger.

    Everything it reports (progress lines, outcome details, ledger errors) may
    hold what a server said, so it goes through :meth:`Redactor.line` first:
    secrets masked, and on one line.
    """

    def __init__(self, ctx: Context, options: Options, ledger: Ledger, record: Recorder) -> None:
        self.ctx = ctx
        self.opt = options
        self.ledger = ledger
        self.record = record
        self.credentials = {
            name: account_secrets(account, options.environ)
            for name, account in ctx.schedule.accounts.items()
        }
        self.redact = Redactor(v for c in self.credentials.values() for v in c.values.values())
        self._adapters: dict[str, Adapter | str] = {}
        self._unreachable: dict[str, str] = {}  # account -> why its network did not answer
        self._told: set[str] = set()  # accounts whose held posts were announced

    def _say(self, line: str) -> None:
        self.opt.progress(self.redact.line(line))

    def _adapter(self, account: str) -> Adapter | str:
        """The account's adapter, or why there is none."""
        if account not in self._adapters:
            acc = self.ctx.schedule.accounts[account]
            creds = self.credentials[account]
            cls = adapter_class(acc.network)
            refused = refusal(acc)  # check reports it too; this is the last line of defence
            sdk = missing_sdk(acc.network)
            if refused is not None:
                self._adapters[account] = _("nothing sent: {why}").format(why=refused)
            elif sdk is not None:
                self._adapters[account] = sdk
            elif creds.missing:
                self._adapters[account] = missing_message(creds.missing)
            elif cls is None:
                self._adapters[account] = _("no adapter for network {network}").format(
                    network=acc.network
                )
            else:
                self._adapters[account] = cls(acc, creds.values)
        return self._adapters[account]

    def send(self, e: Entry, post: Post) -> Outcome:
        """Publish ``post`` as planned in ``e`` (claimed already) and record how it went."""
        # An uncertain earlier attempt stays uncertain until a lookup that worked
        # (or a person, with --resend) said it is not there.
        unsure = e.reason == Reason.UNCERTAIN and e.post not in self.opt.resend
        adapter = self._adapter(e.account)
        if isinstance(adapter, str):
            if unsure:
                return self._uncertain(e, _published(e.claim), adapter, looked_up=False)
            return self._failed(e, adapter)
        if e.account in self._unreachable:
            return self._held_unreachable(e, unsure)
        request = self._request(e, post)
        if not adapter.sends_video and any(m.is_video for m in request.media):
            return self._failed(
                e,
                _(
                    "smmgen cannot upload videos to {network} yet; nothing was sent (post the "
                    "video by hand and record it with mark-published)"
                ).format(network=e.network),
            )
        return self._attempt(e, adapter, request, unsure)

    def _attempt(self, e: Entry, adapter: Adapter, request: SendRequest, unsure: bool) -> Outcome:
        """Look an unfinished attempt up (when ``unsure``), then send, and record the outcome.

        Whatever goes wrong while the earlier attempt is not known to be absent
        keeps it uncertain.
        """
        label = f"{e.account}: {e.post}"
        previous = _published(e.claim)
        try:
            if unsure:
                done = self._look_up(e, adapter, request, label, previous)
                if done is not None:
                    return done
                unsure = False
            waiting = self._media_not_public(e, request)
            if waiting is not None:
                return self._failed(e, waiting)
            self._say(_("… {label}: sending").format(label=label))
            self.ledger.append(
                [self.record(e, Event.CLAIMED, attempt=True, parts=request.published)]
            )
            result = self._send_with_retries(adapter, request, label)
        except TargetGone as exc:
            return self._target_gone(e, str(exc))
        except SendError as exc:
            if exc.retryable or exc.uncertain:
                self._unreachable[e.account] = self.redact.line(str(exc))
            if exc.uncertain or exc.published or unsure:
                return self._uncertain(e, exc.published or previous, str(exc))
            return self._failed(e, str(exc))
        except Exception as exc:  # an adapter bug must not stop the other accounts
            message = _("internal error in the {network} adapter: {error}").format(
                network=e.network, error=repr(exc)
            )
            if unsure:
                return self._uncertain(e, previous, message, looked_up=False)
            return self._failed(e, message)
        self._sent(e, result)
        self._say(f"✓ {label}: {result.url or result.remote_id}")
        return Outcome(e, Result.SENT, self.redact.line(result.url or result.remote_id))

    def _look_up(
        self,
        e: Entry,
        adapter: Adapter,
        request: SendRequest,
        label: str,
        previous: tuple[SendResult, ...],
    ) -> Outcome | None:
        """Whether an unfinished earlier attempt is out: its outcome, or None to send now."""
        self._say(_("… {label}: an earlier run did not finish; looking it up").format(label=label))
        try:
            found = adapter.find_existing(request)
        except SendError as exc:
            why = _("could not look it up: {error}").format(error=exc)
            return self._uncertain(e, previous, why, looked_up=False)
        if found is not None:
            self._sent(e, found)
            self._say(
                _("✓ {label}: already published {url}").format(label=label, url=found.url or "")
            )
            return Outcome(e, Result.FOUND, self.redact.line(found.url or found.remote_id))
        late = self._late(e)
        return self._missed(e, late) if late is not None else None

    def _uncertain(
        self,
        e: Entry,
        published: tuple[SendResult, ...],
        message: str,
        *,
        looked_up: bool = True,
    ) -> Outcome:
        """Record that the post may be out (or partly): the claim stays open as uncertain."""
        message = self.redact.line(message)
        if published:
            message += _(" ({count} of its parts are out; the rest follow after them)").format(
                count=len(published)
            )
        if reconciles(self.ctx.schedule.accounts[e.account]):
            then = (
                _("the next run looks it up before sending again")
                if looked_up
                else _("the next run tries the lookup again (fix the read access)")
            )
        else:
            then = _("it is not sent again on its own")
        # The ledger keeps the cause; `plan` adds what to do, as for any uncertain post.
        self.ledger.append([self.record(e, Event.UNCERTAIN, error=message, parts=published)])
        message += _(
            "; {then}; or decide by hand: smmgen mark-published {post} --account {account} "
            "--url URL if it is there, smmgen publish --resend {post} if not"
        ).format(then=then, post=e.post, account=e.account)
        self._say(f"? {e.account}: {e.post}: {message}")
        return Outcome(e, Result.UNCERTAIN, message)

    def _held_unreachable(self, e: Entry, unsure: bool) -> Outcome:
        """Leave ``e`` for the next run: its network did not answer earlier in this run.

        The ``failed`` record settles this run's claim (nothing was sent), so the
        next run plans the post as due again; an uncertain attempt stays uncertain.
        """
        if e.account not in self._told:
            self._told.add(e.account)
            self._say(
                _(
                    "✗ {account}: {network} did not answer ({why}); its other posts wait for "
                    "the next run"
                ).format(account=e.account, network=e.network, why=self._unreachable[e.account])
            )
        detail = _(
            "not tried: {network} did not answer for an earlier post; waits for the next run"
        ).format(network=e.network)
        event, parts = (Event.UNCERTAIN, _published(e.claim)) if unsure else (Event.FAILED, ())
        self.ledger.append([self.record(e, event, error=detail, parts=parts)])
        held = replace(e, state=State.HELD, reason=Reason.UNREACHABLE, detail=detail)
        return Outcome(held, Result.HELD, detail)

    def _late(self, e: Entry) -> dt.timedelta | None:
        """How late ``e`` is, when more than max_delay and no one said to publish anyway."""
        if e.when is None or e.post in self.opt.include_missed:
            return None
        late = self.opt.at - e.when
        return late if late > self.ctx.schedule.max_delay else None

    def _missed(self, e: Entry, late: dt.timedelta) -> Outcome:
        """An unfinished attempt that is not on the network and now too late: a person decides.

        Sending it on our own would bypass max_delay, as if a late run had
        published a day-old post. The ``failed`` record settles the dead run's
        claim, so the next plan shows the post as missed like any other.
        """
        max_delay = self.ctx.schedule.max_delay
        detail = _("an earlier run did not finish and it is not on {network}; ").format(
            network=e.network
        ) + missed_detail(e.post, late, max_delay)
        self.ledger.append([self.record(e, Event.FAILED, error=detail)])
        self._say(f"✗ {e.account}: {e.post}: {detail}")
        held = replace(e, state=State.HELD, reason=Reason.MISSED, detail=detail, claim=None)
        return Outcome(held, Result.HELD, detail)

    def _send_with_retries(self, adapter: Adapter, request: SendRequest, label: str) -> SendResult:
        """Send, retrying only what the adapter says is safe to repeat.

        A retry continues after the parts the failed try got out. The error
        finally raised is uncertain when any try was, and carries every part
        known to be out.
        """
        maybe = False
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return adapter.send(request)
            except SendError as exc:
                maybe = maybe or exc.uncertain
                if len(exc.published) > len(request.published):
                    request = replace(request, published=exc.published)
                exc.uncertain, exc.published = maybe, request.published
                wait = (
                    exc.retry_after if exc.retry_after is not None else BACKOFF * 2 ** (attempt - 1)
                )
                if not exc.retryable or attempt == MAX_ATTEMPTS or wait > MAX_WAIT:
                    raise
                self._say(
                    _("  {label}: {error}; retrying in {wait}s ({attempt}/{attempts})").format(
                        label=label, error=exc, wait=f"{wait:g}", attempt=attempt,
                        attempts=MAX_ATTEMPTS,
                    )
                )  # fmt: skip
                self.opt.sleep(wait)
        raise AssertionError("unreachable")

    def _media_not_public(self, e: Entry, request: SendRequest) -> str | None:
        """Why the network could not fetch the post's images yet, or None.

        Only for networks that download images from ``media_base_url`` themselves
        (Instagram, Threads); nothing is sent before every image answers there.
        """
        from .adapters.meta import public_urls
        from .media_public import wait_until_public
        from .networks import NETWORKS
        from .networks.base import MEDIA_WAIT

        network = NETWORKS.get(e.network)
        if network is None or not network.media_by_url or not request.media:
            return None
        try:
            urls = public_urls(request, None, _(network.title))
        except SendError:
            return None  # the adapter reports the missing media_base_url
        wait = request.account.settings.get("media_wait", MEDIA_WAIT)
        missing = wait_until_public(urls, float(wait), sleep=self.opt.sleep)
        if missing is None:
            return None
        return _(
            "the image is not public yet: {missing}; nothing was sent, the next run tries again "
            "(deploy the images with site.yml, or check media_base_url)"
        ).format(missing=missing)

    def _sent(self, e: Entry, result: SendResult) -> None:
        # The link is shown by plan and the site later: one line, like all server text.
        url = one_line(result.url) if result.url else result.url
        # Every part's id, so that `smmgen retract` can take a whole thread down.
        parts = tuple(SendResult(p) for p in result.parts) if len(result.parts) > 1 else ()
        record = self.record(e, Event.SENT, remote_id=result.remote_id, url=url, parts=parts)
        if result.comment_id:
            record = replace(record, comment=result.comment_id)
        self.ledger.append([record])

    def _target_gone(self, e: Entry, message: str) -> Outcome:
        """A reply whose target is gone: recorded, held (not tried again while unchanged)."""
        message = self.redact.line(message)
        self.ledger.append([self.record(e, Event.FAILED, error=TARGET_GONE + message)])
        self._say(
            _("✗ {account}: {post}: held, nothing sent: {why}").format(
                account=e.account, post=e.post, why=message
            )
        )
        detail = message + _("; nothing was sent")
        held = replace(e, state=State.HELD, reason=Reason.TARGET_GONE, detail=detail)
        return Outcome(held, Result.HELD, detail)

    def _failed(self, e: Entry, message: str) -> Outcome:
        message = self.redact.line(message)
        self.ledger.append([self.record(e, Event.FAILED, error=message)])
        self._say(f"✗ {e.account}: {e.post}: {message}")
        return Outcome(e, Result.FAILED, message)

    def _request(self, e: Entry, post: Post) -> SendRequest:
        r = self.ctx.rendered(post, e.account)
        account = self.ctx.schedule.accounts[e.account]
        media = tuple(_media_file(self.ctx.root, m) for m in r.media)
        base = account.settings.get("media_base_url")
        return SendRequest(
            key=key_of(r),
            post_id=post.id,
            account=account,
            parts=r.parts,
            media=media,
            link=r.link,
            content_warning=r.content_warning,
            media_base_url=base if isinstance(base, str) else None,
            media_paths=tuple(m.path for m in r.media),
            facets=r.facets,  # Bluesky: shortened URLs link to the full URL only through these
            language=r.language,
            published=_published(e.claim),
            mentions=r.mentions,
            kind=post.kind_for(e.account, _kinds(account.network), account.network),
            first_comment=post.first_comment_for(e.account),
            tags=post.tags,
            in_reply_to=post.in_reply_to,
        )


def _kinds(network: str) -> tuple[str, ...]:
    from .networks import NETWORKS

    net = NETWORKS.get(network)
    return net.kinds if net is not None else ("feed",)


def _media_file(root: Path, ref: MediaRef) -> MediaFile:
    """What an adapter needs of one image or video (a video's type read from the file)."""
    from .video import is_video_path

    path = root / ref.path
    mime = mimetypes.guess_type(ref.path)[0] or "image/jpeg"
    captions = root / ref.captions if ref.captions else None
    if is_video_path(ref.path):
        from .media import inspect
        from .video import VideoInfo

        info = inspect(root, ref.path)
        if isinstance(info, VideoInfo):
            return MediaFile(
                path,
                ref.alt,
                info.mime,
                video=info,
                captions=captions,
                captions_language=ref.captions_language,
            )
    return MediaFile(path, ref.alt, mime)


def _published(claim: Record | None) -> tuple[SendResult, ...]:
    """The parts an earlier attempt got out, as its claim or uncertain record lists them."""
    if claim is None or not claim.parts:
        return ()
    return tuple(
        SendResult(remote_id, claim.url if i == 0 else None)
        for i, remote_id in enumerate(claim.parts)
    )

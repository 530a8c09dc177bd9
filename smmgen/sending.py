"""Send one claimed post to one account: look it up, mark the attempt, retry, record.

Each account goes on its own: a failure or a missing variable on one network
never stops the others. Retryable errors are retried with backoff, honouring
``retry_after``. Every outcome (``sent``/``failed``) is appended to the ledger
as soon as it is known, and right before the network call an ``attempt``
claim marks that the send itself started.

An unfinished earlier attempt (reason ``uncertain``) is first looked up with
the adapter's ``find_existing``, unless ``--resend`` says it did not go out.
Where a network cannot look its posts up (``Adapter.reconciles = False``) the
run does not claim such an attempt at all: a person decides.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import os
import signal
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from .adapters.base import Adapter, MediaFile, SendError, SendRequest, SendResult
from .ledger import Ledger, Record, key_of
from .plan import Entry, missed_detail
from .secrets import Redactor, account_secrets, missing_message

if TYPE_CHECKING:
    from .model import Post
    from .publish import Context, Options

MAX_ATTEMPTS = 4  # sends per post and run, retries included
BACKOFF = 2.0  # seconds before the first retry; doubles each time
MAX_WAIT = 120.0  # a longer retry_after is left to the next run
FAULT_ENV = "SMMGEN_FAULT"  # test-only: "before-send"/"after-send" kill the process there


@dataclass(frozen=True)
class Outcome:
    """What happened to one post on one account in this run."""

    entry: Entry
    result: str  # sent | found | failed | would-send | manual | held
    detail: str = ""
    text: str = ""  # the text, for manual checklists and dry runs


class Recorder(Protocol):
    """Builds this run's ledger record of ``event`` for an entry."""

    def __call__(
        self,
        e: Entry,
        event: str,
        *,
        remote_id: str | None = None,
        url: str | None = None,
        error: str | None = None,
        attempt: bool | None = None,
    ) -> Record: ...


def adapter_class(network: str) -> type[Adapter] | None:
    """The network's adapter class; None for manual accounts and adapters that cannot load."""
    from .adapters import load as load_adapter

    try:
        return load_adapter(network)
    except ModuleNotFoundError:
        return None


def reconciles(network: str) -> bool:
    """Whether the network's adapter can look up a post an unfinished run may have sent."""
    cls = adapter_class(network)
    return cls is not None and cls.reconciles


class Sender:
    """Sends this run's claimed posts, appending each outcome to the ledger."""

    def __init__(self, ctx: Context, options: Options, ledger: Ledger, record: Recorder) -> None:
        self.ctx = ctx
        self.opt = options
        self.ledger = ledger
        self.record = record
        self.redact = Redactor()
        self.credentials = {
            name: account_secrets(account, options.environ)
            for name, account in ctx.schedule.accounts.items()
        }
        for creds in self.credentials.values():
            for value in creds.values.values():
                self.redact.add(value)
        self._adapters: dict[str, Adapter | str] = {}

    def _adapter(self, account: str) -> Adapter | str:
        """The account's adapter, or why there is none."""
        if account not in self._adapters:
            acc = self.ctx.schedule.accounts[account]
            creds = self.credentials[account]
            cls = adapter_class(acc.network)
            if creds.missing:
                self._adapters[account] = missing_message(creds.missing)
            elif cls is None:
                self._adapters[account] = f"no adapter for network {acc.network}"
            else:
                self._adapters[account] = cls(acc, creds.values)
        return self._adapters[account]

    def send(self, e: Entry, post: Post) -> Outcome:
        """Publish ``post`` as planned in ``e`` (claimed already) and record how it went."""
        label = f"{e.account}: {e.post}"
        adapter = self._adapter(e.account)
        if isinstance(adapter, str):
            return self._failed(e, adapter)
        request = self._request(e, post)
        try:
            if e.reason == "uncertain" and e.post not in self.opt.resend:
                self.opt.progress(f"… {label}: an earlier run did not finish; looking it up")
                found = adapter.find_existing(request)
                if found is not None:
                    self._sent(e, found)
                    self.opt.progress(f"✓ {label}: already published {found.url or ''}")
                    return Outcome(e, "found", found.url or found.remote_id)
                late = self._late(e)
                if late is not None:
                    return self._missed(e, late)
            self.opt.progress(f"… {label}: sending")
            self.ledger.append([self.record(e, "claimed", attempt=True)])
            if self.opt.environ.get(FAULT_ENV) == "before-send":
                os.kill(os.getpid(), signal.SIGKILL)  # test-only: die as the send starts
            result = self._send_with_retries(adapter, request, label)
        except SendError as exc:
            return self._failed(e, str(exc))
        except Exception as exc:  # an adapter bug must not stop the other accounts
            return self._failed(e, f"internal error in the {e.network} adapter: {exc!r}")
        if self.opt.environ.get(FAULT_ENV) == "after-send":
            os.kill(os.getpid(), signal.SIGKILL)  # test-only: die before recording
        self._sent(e, result)
        self.opt.progress(f"✓ {label}: {result.url or result.remote_id}")
        return Outcome(e, "sent", result.url or result.remote_id)

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
        detail = f"an earlier run did not finish and it is not on {e.network}; " + (
            missed_detail(e.post, late, max_delay)
        )
        self.ledger.append([self.record(e, "failed", error=detail)])
        self.opt.progress(f"✗ {e.account}: {e.post}: {detail}")
        held = replace(e, state="held", reason="missed", detail=detail, claim=None)
        return Outcome(held, "held", detail)

    def _send_with_retries(self, adapter: Adapter, request: SendRequest, label: str) -> SendResult:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return adapter.send(request)
            except SendError as exc:
                wait = (
                    exc.retry_after if exc.retry_after is not None else BACKOFF * 2 ** (attempt - 1)
                )
                if not exc.retryable or attempt == MAX_ATTEMPTS or wait > MAX_WAIT:
                    raise
                self.opt.progress(
                    f"  {label}: {self.redact(str(exc))}; retrying in {wait:g}s "
                    f"({attempt}/{MAX_ATTEMPTS})"
                )
                self.opt.sleep(wait)
        raise AssertionError("unreachable")

    def _sent(self, e: Entry, result: SendResult) -> None:
        self.ledger.append([self.record(e, "sent", remote_id=result.remote_id, url=result.url)])

    def _failed(self, e: Entry, message: str) -> Outcome:
        message = self.redact(message)
        self.ledger.append([self.record(e, "failed", error=message)])
        self.opt.progress(f"✗ {e.account}: {e.post}: {message}")
        return Outcome(e, "failed", message)

    def _request(self, e: Entry, post: Post) -> SendRequest:
        r = self.ctx.rendered(post, e.account)
        account = self.ctx.schedule.accounts[e.account]
        media = tuple(
            MediaFile(
                self.ctx.root / m.path, m.alt, mimetypes.guess_type(m.path)[0] or "image/jpeg"
            )
            for m in r.media
        )
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
        )

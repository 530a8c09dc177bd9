"""Mastodon: statuses through Mastodon.py, with the Idempotency-Key header.

The server remembers an ``Idempotency-Key`` for an hour and answers a repeat
with the status it already created
(https://docs.joinmastodon.org/methods/statuses/#create), so a retry inside
that hour cannot double-post: a timeout or 5xx on a status is retryable *and*
uncertain (if the retries run out, the next run looks it up). For older
uncertain attempts ``find_existing`` reads the account's recent statuses and
compares their text; a thread counts as there only with every part as a reply
to the one before, and one cut short is continued by ``send`` after the parts
already posted (found, or recorded in ``request.published``).

``POST /api/v2/media`` answers 202 with ``url: null`` while the server still
processes a file, and a status naming such media is refused (422); so
``send`` polls ``GET /api/v1/media/:id`` (206 while processing, 200 when done)
before posting (https://docs.joinmastodon.org/methods/media/#v2). A video is
sent the same way but streamed from disk by httpx (Mastodon.py hands the file
to requests, which builds the whole body in memory), and its processing is
waited for with a bound: a server that gives up (422 "Error processing …")
or takes too long leaves the post unsent, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from ..i18n import _
from ..model import Account
from .base import (
    Adapter,
    DeleteRequest,
    MediaFile,
    SendError,
    SendRequest,
    SendResult,
    TargetGone,
    resume_point,
)
from .http import (
    Http,
    comparable,
    error_detail,
    error_for_status,
    never_sent,
    secret,
    server_text,
    who,
)

if TYPE_CHECKING:
    import requests

# Endpoints used (through Mastodon.py):
# POST /api/v2/media (file, description = alt text): https://docs.joinmastodon.org/methods/media/#v2
# POST /api/v1/statuses (status, media_ids[], in_reply_to_id, spoiler_text,
#   visibility, language; Idempotency-Key header): https://docs.joinmastodon.org/methods/statuses/#create
# GET /api/v1/accounts/verify_credentials: https://docs.joinmastodon.org/methods/accounts/#verify_credentials
# GET /api/v1/accounts/:id/statuses: https://docs.joinmastodon.org/methods/accounts/#statuses
RECENT = 40  # the endpoint's maximum page size


class MastodonAdapter(Adapter):
    """Posts to one account on one instance; a thread is a chain of replies."""

    secret_settings: ClassVar[tuple[str, ...]] = ("token_env",)
    poll_interval: ClassVar[float] = 1.0  # seconds between media status checks
    poll_attempts: ClassVar[int] = 60
    video_wait: ClassVar[float] = 600.0  # seconds a video may take to be processed
    sends_video = True

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        # key -> the statuses of a thread that a dead run got out before it died
        # (from find_existing), so send() continues after them instead of repeating.
        self._posted: dict[str, list[Any]] = {}

    def api(self) -> tuple[Any, list[requests.Response]]:
        """The account's Mastodon.py client, and the list its raw HTTP responses go to.

        Public for the readers of the same account (inbox); use with :meth:`errors`.
        """
        import requests
        from mastodon import Mastodon

        token = secret(self.account, self.secrets, "token_env")
        session = requests.Session()
        responses: list[requests.Response] = []

        # Mastodon.py's exceptions do not carry the response; the hook keeps it,
        # so errors can honour Retry-After and name the status code.
        def keep(response: requests.Response, *args: Any, **kwargs: Any) -> None:
            responses.append(response)

        session.hooks["response"].append(keep)
        api = Mastodon(
            access_token=token,
            api_base_url=str(self.account.settings["instance"]),
            request_timeout=self.timeout,
            ratelimit_method="throw",  # the engine decides about waiting, not the SDK
            session=session,
            version_check_mode="none",
        )
        return api, responses

    @contextmanager
    def errors(
        self, responses: list[requests.Response], what: str, *, creates: bool = False
    ) -> Iterator[None]:
        """SDK errors as SendError; ``creates``: the call publishes a status.

        The Idempotency-Key makes every status call safe to repeat, so its
        failures stay retryable; one that may have been applied is uncertain too.
        """
        from mastodon import MastodonError, MastodonNetworkError

        secrets = [self.secrets.get(s, "") for s in self.secret_settings]
        try:
            yield
        except MastodonNetworkError as exc:
            cause = exc.__context__
            maybe = creates and not (isinstance(cause, Exception) and never_sent(cause))
            raise SendError(
                _("{who}: {what} failed: {error}").format(
                    who=who(self.account), what=what, error=server_text(str(exc), secrets)
                ),
                retryable=True,
                uncertain=maybe,
            ) from None
        except MastodonError as exc:
            last = responses[-1] if responses else None
            if last is None or last.status_code < 400:
                # e.g. a rate limit Mastodon.py predicted before sending
                raise SendError(
                    _("{who}: {what} failed: {error}").format(
                        who=who(self.account), what=what, error=server_text(str(exc), secrets)
                    ),
                    retryable=True,
                ) from None
            try:
                detail = error_detail(last.json())
            except ValueError:
                detail = last.text
            error = error_for_status(
                self.account,
                self.secret_settings,
                secrets,
                last.status_code,
                last.headers,
                detail,
                what=what,
                creates=creates,
            )
            if error.uncertain:  # the Idempotency-Key makes the retry safe
                error.retryable = True
            raise error from None

    def find_existing(self, request: SendRequest) -> SendResult | None:
        """The post if all its parts are among the account's recent statuses, else None.

        A thread cut short by a crash counts as not sent: :meth:`send` then
        posts the missing parts as replies to those already there.
        """
        api, responses = self.api()
        with self.errors(responses, _("listing recent statuses")):
            me = api.account_verify_credentials()
            statuses = api.account_statuses(me["id"], limit=RECENT, exclude_reblogs=True)
        chain = _chain(statuses, request)
        if chain and len(chain) == len(request.parts):
            ids = tuple(str(s["id"]) for s in chain)
            return SendResult(ids[0], chain[0].get("url"), parts=ids)
        self._posted[request.key] = chain
        return None

    def send(self, request: SendRequest) -> SendResult:
        api, responses = self.api()
        settings = self.account.settings
        found = self._posted.pop(request.key, [])
        posted = resume_point(request, tuple(SendResult(str(s["id"]), s.get("url")) for s in found))
        target = None
        if request.in_reply_to is not None and not posted:
            target = self._target(api, responses, request.in_reply_to)
        media_ids = []
        for media in request.media if not posted else ():  # they went with part 1
            if media.is_video:
                media_ids.append(self._upload_video(media))
                continue
            with self.errors(responses, _("uploading {name}").format(name=media.path.name)):
                uploaded = api.media_post(
                    str(media.path), mime_type=media.mime, description=media.alt
                )
                self._wait_for_media(api, uploaded, media.path.name)
            media_ids.append(uploaded["id"])
        for i, text in enumerate(request.parts):
            if i < len(posted):
                continue
            try:
                with self.errors(responses, _("posting part {n}").format(n=i + 1), creates=True):
                    status = api.status_post(
                        text,
                        in_reply_to_id=posted[-1].remote_id if posted else target,
                        media_ids=media_ids if i == 0 and media_ids else None,
                        spoiler_text=request.content_warning or None,
                        visibility=settings.get("visibility") or "public",
                        language=_language(request.language) or settings.get("language") or None,
                        # each part of a thread is its own status, so its own key
                        idempotency_key=request.key if i == 0 else f"{request.key}-{i + 1}",
                    )
            except SendError as exc:
                raise exc.with_published(tuple(posted)) from None
            posted.append(SendResult(str(status["id"]), status.get("url")))
        if not posted:
            raise SendError(_("{who}: nothing to post (no text)").format(who=who(self.account)))
        return replace(posted[0], parts=tuple(p.remote_id for p in posted))

    def _upload_video(self, media: MediaFile) -> str:
        """Stream a video to ``POST /api/v2/media``; wait (bounded) until it is processed."""
        from .http import json_or_none
        from .upload import State, wait_until

        token = secret(self.account, self.secrets, "token_env")
        http = Http(
            self.account,
            str(self.account.settings["instance"]),
            secret_settings=self.secret_settings,
            secrets=[token],
            headers={"Authorization": f"Bearer {token}"},
            timeout=self.timeout,
        )
        name = media.path.name
        try:
            self._check_server_limits(http, media)
            with media.path.open("rb") as fh:  # httpx reads it in blocks as it sends
                uploaded = http.json(
                    "POST",
                    "/api/v2/media",
                    what=_("uploading {name}").format(name=name),
                    creates=False,
                    files={"file": (name, fh, media.mime)},
                    data={"description": media.alt} if media.alt else None,
                )
            media_id = str(uploaded["id"])

            def state() -> State:
                response = http.call(
                    "GET",
                    f"/api/v1/media/{media_id}",
                    what=_("checking {name}").format(name=name),
                    accept=(422,),
                )
                body = json_or_none(response) or {}
                if response.status_code == 422:
                    return State(failed=True, reason=str(body.get("error") or "HTTP 422"))
                return State(
                    done=response.status_code == 200 and bool(body.get("url")), reason="processing"
                )

            if not uploaded.get("url"):
                wait_until(
                    self.account,
                    _("processing {name} on {server}").format(
                        name=name, server=self.account.settings["instance"]
                    ),
                    state,
                    limit=self.video_wait,
                    pause=self.poll_interval,
                )
            return media_id
        finally:
            http.close()

    def _check_server_limits(self, http: Http, media: MediaFile) -> None:
        """Refuse, before uploading, a video over this server's own limits (/api/v2/instance).

        Servers set their own (check holds videos to Mastodon's defaults); a
        server that does not say, or cannot be asked, leaves it to the upload.
        """
        from .http import json_or_none

        try:
            response = http.call("GET", "/api/v2/instance", what=_("reading the server's limits"))
        except SendError:
            return
        config = (json_or_none(response) or {}).get("configuration") or {}
        limits = config.get("media_attachments") or {}
        size_limit = limits.get("video_size_limit")
        size = media.path.stat().st_size
        if isinstance(size_limit, int) and size > size_limit:
            raise SendError(
                _(
                    "{who}: {name} is {size}, and {server} takes videos of at most {limit} "
                    "(/api/v2/instance); export it smaller — nothing was sent"
                ).format(
                    who=who(self.account),
                    name=media.path.name,
                    size=_size(size),
                    server=self.account.settings["instance"],
                    limit=_size(size_limit),
                )
            )
        fps_limit = limits.get("video_frame_rate_limit")
        if isinstance(fps_limit, int | float) and media.video and media.video.fps > fps_limit:
            raise SendError(
                _(
                    "{who}: {name} has {fps} frames per second, {server} takes at most {limit}; "
                    "export it at a lower frame rate — nothing was sent"
                ).format(
                    who=who(self.account),
                    name=media.path.name,
                    fps=f"{media.video.fps:.0f}",
                    server=self.account.settings["instance"],
                    limit=f"{fps_limit:.0f}",
                )
            )

    def _wait_for_media(self, api: Any, uploaded: Any, name: str) -> None:
        """Wait until the server processed an upload it answered with 202 (``url`` null)."""
        import time

        for _attempt in range(self.poll_attempts):
            if uploaded.get("url"):
                return
            time.sleep(self.poll_interval)
            uploaded = api.media(uploaded["id"])
        if not uploaded.get("url"):
            raise SendError(
                _("{who}: {name} was still being processed by the server").format(
                    who=who(self.account), name=name
                ),
                retryable=True,
            )

    # -- replies ------------------------------------------------------------------

    def _target(self, api: Any, responses: list[requests.Response], url: str) -> str:
        """The id, on our own server, of the status ``url`` links to; TargetGone if none.

        A status of another server has another id here: search with
        ``resolve=true`` fetches it (https://docs.joinmastodon.org/methods/search/#v2).
        """
        with self.errors(responses, _("looking up the status to answer")):
            found = api.search_v2(url, resolve=True, result_type="statuses")
        statuses = found.get("statuses") or []
        if not statuses:
            raise TargetGone(
                _("{url}: the status was deleted or cannot be seen from this account").format(
                    url=url
                )
            )
        return str(statuses[0]["id"])

    # -- retract ------------------------------------------------------------------

    deletes: ClassVar[bool] = True

    def delete(self, request: DeleteRequest) -> None:
        """``DELETE /api/v1/statuses/:id`` for every part, the last first; 404 is gone.

        https://docs.joinmastodon.org/methods/statuses/#delete
        """
        from contextlib import suppress

        from mastodon import MastodonNotFoundError

        api, responses = self.api()
        for remote_id in reversed(request.remote_ids):
            with (
                self.errors(responses, _("deleting status {id}").format(id=remote_id)),
                suppress(MastodonNotFoundError),  # gone already
            ):
                api.status_delete(remote_id)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} KB"


def _chain(statuses: list[Any], request: SendRequest) -> list[Any]:
    """The statuses of ``request``'s parts found in order: part 1, then replies to each other."""
    chain: list[Any] = []
    warning = request.content_warning or ""
    for i, text in enumerate(request.parts):
        wanted = comparable(text)
        parent = str(chain[-1]["id"]) if chain else None
        match = next(
            (
                s
                for s in statuses
                if (s.get("spoiler_text") or "") == warning
                and comparable(s["content"], is_html=True) == wanted
                and (i == 0 or str(s.get("in_reply_to_id")) == parent)
            ),
            None,
        )
        if match is None:
            break
        chain.append(match)
    return chain


ADAPTER = MastodonAdapter


def _language(tag: str | None) -> str | None:
    """Mastodon takes an ISO 639 code: the language part of a tag ("pt-BR" → "pt")."""
    return tag.split("-", 1)[0].lower() if tag else None

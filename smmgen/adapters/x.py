"""X: posts through tweepy's API v2 client, images through the v2 media endpoints.

OAuth 1.0a user context from the account's four keys. tweepy's client has a
fixed host and no timeout, so it gets a requests session that sends its calls
to ``api_base`` (rewritten *before* signing, so signatures stay valid) with a
timeout. tweepy has no v2 media upload (v1.1's was retired), so uploads go to
``/2/media/upload`` on the same signed session.

X has no idempotency key, so ``find_existing`` reads the account's recent
posts: a thread counts as there only with every part a reply to the one
before, and one cut short (by a crash, or by an error recorded with the parts
out in ``request.published``) is continued by ``send`` after those parts.
A timeout or 5xx on ``POST /2/tweets`` is uncertain, not retried. X refuses
the same text twice with 403 "You are not allowed to create a Tweet with
duplicate content." (real answer in akrherz/iembot#163): that means the part
is out, so ``send`` looks it up and carries on with it.

GIFs cannot go through the one-shot upload (its ``media_type`` enum has no
``image/gif``; ``tweet_gif`` exists only for the chunked flow:
``MediaUploadRequestOneShot`` / ``MediaUploadConfigRequest`` in the X API v2
OpenAPI, xdevplatform/xdk ``latest-openapi.json``), so they are uploaded with
initialize → append → finalize and polled until processed. Videos take the
same path (``tweet_video``): read from disk one 4 MB segment at a time, a
segment whose APPEND gets no answer is sent again (the upload resumes, X keeps
the segments it has), and processing is waited for with a bound; a video that
fails or never finishes processing is reported and nothing is posted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

from ..i18n import _
from ..model import Account
from .base import (
    Adapter,
    DeleteRequest,
    SendError,
    SendRequest,
    SendResult,
    TargetGone,
    resume_point,
)
from .http import comparable, error_detail, error_for_status, secret, transport_error, who

if TYPE_CHECKING:
    import requests

API_BASE = "https://api.x.com"
TWEEPY_HOST = "https://api.twitter.com"  # hard-coded in tweepy.Client.request
# POST /2/tweets (text, media.media_ids, reply.in_reply_to_tweet_id):
# https://docs.x.com/x-api/posts/create-post
# GET /2/users/me: https://docs.x.com/x-api/users/user-lookup-me
# GET /2/users/:id/tweets (tweet.fields=referenced_tweets gives a reply's
#   {"type": "replied_to", "id": parent}): https://docs.x.com/x-api/posts/get-posts-by-user
# POST /2/media/upload (multipart media + media_category):
# https://docs.x.com/x-api/media/upload-media
# POST /2/media/metadata (alt_text.text): https://docs.x.com/x-api/media/create-media-metadata
# Chunked upload (GIFs): POST /2/media/upload/initialize {media_type, total_bytes,
#   media_category}, POST /2/media/upload/{id}/append (multipart media,
#   segment_index 0-999), POST /2/media/upload/{id}/finalize → processing_info
#   {state: pending|in_progress|succeeded|failed, check_after_secs}; then
#   GET /2/media/upload?command=STATUS&media_id=: https://docs.x.com/x-api/media/quickstart/media-upload-chunked
# Rate limits: 429 with x-rate-limit-reset (epoch seconds):
# https://docs.x.com/x-api/fundamentals/rate-limits
SECRET_SETTINGS = ("api_key_env", "api_secret_env", "access_token_env", "access_token_secret_env")
RECENT = 20
CHUNK = 4 * 1024 * 1024  # bytes per append; X takes up to 5 MB per segment
SEGMENT_TRIES = 3  # sends of one segment that got no answer before the upload gives up
DUPLICATE = "duplicate content"  # in X's 403 detail for a repeated text
# In X's refusal of a reply whose target is gone: "You attempted to reply to a
# Tweet that is deleted or not visible to you."
GONE = "deleted or not visible"


class _Duplicate(SendError):
    """X refused a post as a duplicate: the same text is already on the account."""


def _session(base: str, timeout: float) -> requests.Session:
    import requests

    class Rebased(requests.Session):
        """Sends tweepy's api.twitter.com calls to ``base``, always with a timeout."""

        def request(self, method: str, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
            if isinstance(url, str) and url.startswith(TWEEPY_HOST):
                url = base + url[len(TWEEPY_HOST) :]
            kwargs.setdefault("timeout", timeout)
            return super().request(method, url, *args, **kwargs)

    return Rebased()


class XAdapter(Adapter):
    """Posts to one X account; a thread is a chain of replies."""

    secret_settings: ClassVar[tuple[str, ...]] = SECRET_SETTINGS
    poll_limit: ClassVar[float] = 600.0  # seconds to wait for a GIF or video to be processed
    sends_video = True

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        # key -> ids of the parts of a thread already on X, found by find_existing,
        # so send() continues after them.
        self._posted: dict[str, list[str]] = {}
        self._username: str | None = None

    def client(self) -> tuple[Any, Any]:
        """The account's tweepy client and OAuth 1.0a auth (its session speaks to ``api_base``).

        Public for the readers of the same account (statistics, inbox, account check).
        """
        import tweepy

        keys = [secret(self.account, self.secrets, s) for s in SECRET_SETTINGS]
        base = str(self.account.settings.get("api_base") or API_BASE).rstrip("/")
        client = tweepy.Client(
            consumer_key=keys[0],
            consumer_secret=keys[1],
            access_token=keys[2],
            access_token_secret=keys[3],
            return_type=dict,
        )
        client.session = _session(base, self.timeout)
        auth = tweepy.OAuth1UserHandler(*keys).apply_auth()
        return client, auth

    @contextmanager
    def errors(self, what: str, *, creates: bool = False) -> Iterator[None]:
        """tweepy's and requests' exceptions as SendError; ``creates``: the call publishes."""
        import requests
        import tweepy

        try:
            yield
        except tweepy.HTTPException as exc:
            detail = "; ".join(str(m) for m in exc.api_messages) or exc.response.reason
            if creates and exc.response.status_code == 403 and DUPLICATE in detail.lower():
                raise _Duplicate(f"{who(self.account)}: {what}: {detail}") from None
            if creates and exc.response.status_code in (400, 403) and GONE in detail.lower():
                raise TargetGone(f"{who(self.account)}: {what}: {detail}") from None
            raise self.status_error(exc.response, detail, what, creates=creates) from None
        except requests.RequestException as exc:
            raise transport_error(self.account, exc, what, creates=creates) from None

    def status_error(
        self, response: requests.Response, detail: str, what: str, *, creates: bool = False
    ) -> SendError:
        """The SendError for an HTTP error ``response`` while doing ``what``."""
        return error_for_status(
            self.account,
            self.secret_settings,
            self._secret_values(),
            response.status_code,
            response.headers,
            detail,
            what=what,
            creates=creates,
        )

    def _secret_values(self) -> list[str]:
        return [self.secrets.get(s, "") for s in self.secret_settings]

    def find_existing(self, request: SendRequest) -> SendResult | None:
        """The post if all its parts are among the account's recent posts, else None.

        A thread cut short by a crash counts as not sent: :meth:`send` then
        posts the missing parts as replies to those already there.
        """
        client, _auth = self.client()
        chain = _chain(self._recent(client), request.parts)
        if chain and len(chain) == len(request.parts):
            return SendResult(chain[0], _url(self._username, chain[0]), parts=tuple(chain))
        self._posted[request.key] = chain
        return None

    def _recent(self, client: Any) -> list[Any]:
        """The account's recent posts, with what they reply to (learns the username too)."""
        with self.errors(_("listing recent posts")):
            me = client.get_me(user_auth=True)["data"]
            tweets = client.get_users_tweets(
                me["id"],
                max_results=RECENT,
                exclude=["retweets"],
                tweet_fields=["referenced_tweets"],
                user_auth=True,
            )
        self._username = me.get("username")
        return list(tweets.get("data") or [])

    def send(self, request: SendRequest) -> SendResult:
        client, auth = self.client()
        found = self._posted.pop(request.key, [])
        posted = resume_point(request, tuple(SendResult(i) for i in found))
        try:
            media_ids = [
                self._upload(client.session, auth, m.path, m.mime, m.alt)
                for m in (request.media if not posted else ())  # they went with part 1
            ]
            target = None
            if request.in_reply_to is not None:
                from ..replies import target_id

                named = target_id(request.in_reply_to, "x")
                if named is None:
                    raise SendError(
                        _("{url} does not link to a post on X").format(url=request.in_reply_to)
                    )
                target = named[1]
            for i, text in enumerate(request.parts):
                if i < len(posted):
                    continue
                parent = posted[-1].remote_id if posted else target
                posted.append(SendResult(self._create(client, i, text, media_ids, parent)))
        except SendError as exc:
            raise exc.with_published(tuple(posted)) from None
        if not posted:
            raise SendError(_("{who}: nothing to post (no text)").format(who=who(self.account)))
        return SendResult(
            posted[0].remote_id,
            _url(self._username, posted[0].remote_id),
            parts=tuple(p.remote_id for p in posted),
        )

    def _create(
        self, client: Any, i: int, text: str, media_ids: list[str], parent: str | None
    ) -> str:
        """Post part ``i + 1``; its id. A duplicate-content refusal finds the part already out."""
        what = _("posting part {n}").format(n=i + 1)
        try:
            with self.errors(what, creates=True):
                body = client.create_tweet(
                    text=text,
                    media_ids=media_ids if i == 0 and media_ids else None,
                    in_reply_to_tweet_id=parent,
                    user_auth=True,
                )
            return str(body["data"]["id"])
        except _Duplicate as exc:
            try:
                tweets = self._recent(client)
            except SendError as lookup:  # it is out, but where is unknown: a lookup decides
                raise SendError(
                    _("{error}; looking it up failed: {lookup}").format(error=exc, lookup=lookup),
                    uncertain=True,
                ) from None
            wanted = comparable(text)
            for tweet in tweets:
                if comparable(tweet["text"]) == wanted and (
                    parent is None or _parent(tweet) == parent
                ):
                    return str(tweet["id"])
            raise SendError(
                _(
                    "{error}; X says it is already there, but it is not among the {count} most "
                    "recent posts"
                ).format(error=exc, count=RECENT),
                uncertain=True,
            ) from None

    def _upload(
        self, session: requests.Session, auth: Any, path: Any, mime: str, alt: str | None
    ) -> str:
        video = mime.startswith("video/")
        if mime == "image/gif" or video:
            media_id = self._upload_chunked(session, auth, path, mime)
        else:
            with path.open("rb") as fh:
                body = self._call(
                    session,
                    "POST",
                    f"{TWEEPY_HOST}/2/media/upload",
                    f"uploading {path.name}",
                    auth=auth,
                    files={"media": (path.name, fh, mime)},
                    data={"media_category": "tweet_image"},
                )
            media_id = str(body["data"]["id"])
        if alt and not video:  # the metadata endpoint takes alt text for images and GIFs
            self._call(
                session,
                "POST",
                f"{TWEEPY_HOST}/2/media/metadata",
                _("setting the alt text"),
                auth=auth,
                json={"id": media_id, "metadata": {"alt_text": {"text": alt}}},
            )
        return media_id

    def _upload_chunked(self, session: requests.Session, auth: Any, path: Any, mime: str) -> str:
        """Upload a GIF or video: initialize, append segment by segment, finalize, wait."""
        from .upload import State, segments, wait_until

        what = _("uploading {name}").format(name=path.name)
        base = f"{TWEEPY_HOST}/2/media/upload"
        size = path.stat().st_size
        category = "tweet_video" if mime.startswith("video/") else "tweet_gif"
        config = {"media_type": mime, "total_bytes": size, "media_category": category}
        body = self._call(session, "POST", f"{base}/initialize", what, auth=auth, json=config)
        media_id = str(body["data"]["id"])
        for segment in segments(size, CHUNK):
            self._append(session, auth, f"{base}/{media_id}/append", path, segment, what)
        last = self._call(session, "POST", f"{base}/{media_id}/finalize", what, auth=auth)

        def state() -> State:
            nonlocal last
            if last is None:
                last = self._call(
                    session,
                    "GET",
                    base,
                    what,
                    auth=auth,
                    params={"command": "STATUS", "media_id": media_id},
                )
            info = ((last or {}).get("data") or {}).get("processing_info") or {}
            last = None
            current = info.get("state", "succeeded")
            wait = info.get("check_after_secs")
            return State(
                done=current == "succeeded",
                failed=current == "failed",
                reason=(info.get("error") or {}).get("message", "") or current,
                wait=float(wait) if isinstance(wait, int | float) else None,
            )

        wait_until(
            self.account,
            _("processing {name} on X").format(name=path.name),
            state,
            limit=self.poll_limit,
            pause=1.0,
        )
        return media_id

    def _append(
        self, session: requests.Session, auth: Any, url: str, path: Any, segment: Any, what: str
    ) -> None:
        """APPEND one segment; one of the same index replaces it, so a retry resends just it."""
        for attempt in range(SEGMENT_TRIES):
            try:
                self._call(
                    session,
                    "POST",
                    url,
                    what,
                    auth=auth,
                    files={"media": (path.name, segment.read(path), "application/octet-stream")},
                    data={"segment_index": str(segment.index)},
                )
                return
            except SendError as exc:
                if not exc.retryable or attempt == SEGMENT_TRIES - 1:
                    raise

    def _call(
        self, session: requests.Session, method: str, url: str, what: str, **kwargs: Any
    ) -> Any:
        import requests

        try:
            response = session.request(method, url, **kwargs)
        except requests.RequestException as exc:
            # Uploads and reads create nothing anyone sees: safe to repeat.
            raise transport_error(self.account, exc, what, creates=False) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not response.ok:
            detail = error_detail(body) if body is not None else response.text
            raise self.status_error(response, detail, what)
        return body

    # -- retract ------------------------------------------------------------------

    deletes: ClassVar[bool] = True

    def delete(self, request: DeleteRequest) -> None:
        """``DELETE /2/tweets/:id`` for every part, the last first; 404 is gone.

        https://docs.x.com/x-api/posts/delete-post
        """
        from contextlib import suppress

        import tweepy

        client, _auth = self.client()
        for remote_id in reversed(request.remote_ids):
            with (
                self.errors(_("deleting post {id}").format(id=remote_id)),
                suppress(tweepy.NotFound),
            ):
                client.delete_tweet(remote_id, user_auth=True)  # NotFound: gone already


def _chain(tweets: list[Any], parts: tuple[str, ...]) -> list[str]:
    """Ids of the tweets of ``parts`` found in order: part 1, then each replying to the last."""
    chain: list[str] = []
    for i, text in enumerate(parts):
        # X returns text with t.co links and &amp; escapes; comparable() drops both.
        wanted = comparable(text)
        match = next(
            (
                str(t["id"])
                for t in tweets
                if comparable(t["text"]) == wanted and (i == 0 or _parent(t) == chain[-1])
            ),
            None,
        )
        if match is None:
            break
        chain.append(match)
    return chain


def _parent(tweet: Any) -> str | None:
    """The id of the post ``tweet`` replies to, if it is a reply."""
    for ref in tweet.get("referenced_tweets") or []:
        if ref.get("type") == "replied_to":
            return str(ref["id"])
    return None


def _url(username: str | None, tweet_id: str) -> str:
    # x.com/i/web/status/<id> redirects to the post without knowing the username.
    return f"https://x.com/{username or 'i/web'}/status/{tweet_id}"


ADAPTER = XAdapter

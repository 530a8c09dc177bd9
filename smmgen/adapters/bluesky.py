"""Bluesky over the atproto SDK: idempotent by a record key derived from the send key.

Every part of a post goes to ``app.bsky.feed.post`` at a record key computed
from ``request.key`` and the part's index, so a retried or reconciled send
looks the record up (``com.atproto.repo.getRecord``) instead of guessing, and
a second create at the same key cannot make a second post: the PDS refuses it
(with a bare 500, after which the record is found at the key: "already
there"). Threads are reply chains (root + parent strong refs), images are
uploaded blobs with alt text and aspect ratio, re-encoded as JPEG when they
exceed the lexicon's size cap. A video is one blob streamed from disk to
``com.atproto.repo.uploadBlob`` (never read whole into memory) and embedded
as ``app.bsky.embed.video`` with its alt text, aspect ratio and WebVTT
captions; the record key makes it exactly once like any post (a repeated
upload of the same bytes gives the same blob).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..i18n import _
from ..model import Account
from ..networks.bluesky import Bluesky as BlueskyNetwork
from .base import Adapter, DeleteRequest, MediaFile, SendError, SendRequest, SendResult, TargetGone
from .http import env_names, error_for_status, server_text, who

if TYPE_CHECKING:
    from atproto import Client, models
    from atproto_client.models.blob_ref import BlobRef

    from ..networks.bluesky_facets import Facet

POST = "app.bsky.feed.post"
MAX_THREAD = 100  # parts of a thread looked for when it is deleted
# https://atproto.com/specs/tid — base32-sortable alphabet of record keys.
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
# Re-encoding steps for oversize images: first lower JPEG quality, then the size.
SCALES = (1.0, 0.75, 0.5, 0.35, 0.25)
QUALITIES = (85, 70, 55)


def record_key(key: str, part: int) -> str:
    """The record key of part ``part`` of the post sent with idempotency ``key``.

    A valid TID (https://atproto.com/specs/tid): 13 base32-sortable characters
    of a 64-bit number whose top bit is 0. We take 60 bits of a hash, so the
    timestamp field stays before 2006 and a key never looks like a future post.
    """
    digest = hashlib.sha256(f"{key}\0{part}".encode()).digest()
    value = int.from_bytes(digest[:8], "big") >> 4
    return "".join(TID_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def post_url(handle: str, rkey: str) -> str:
    """Where a post is seen in the Bluesky app."""
    return f"https://bsky.app/profile/{handle}/post/{rkey}"


@dataclass(frozen=True)
class Ref:
    """A strong reference to a record: what replies and results point at."""

    uri: str
    cid: str


@dataclass(frozen=True)
class Image:
    """An image ready to upload."""

    data: bytes
    mime: str
    width: int
    height: int


def prepare_image(media: MediaFile, max_bytes: int) -> Image:
    """The image as it goes out: unchanged when small enough, else re-encoded as JPEG.

    Re-encoding lowers the quality first and then the pixel size until the file
    fits; EXIF orientation is applied so the aspect ratio is the displayed one.
    """
    from PIL import Image as PILImage
    from PIL import ImageOps

    try:
        data = media.path.read_bytes()
        with PILImage.open(io.BytesIO(data)) as opened:
            img = ImageOps.exif_transpose(opened)
            width, height = img.size
            if len(data) <= max_bytes:
                return Image(data, media.mime, width, height)
            if img.mode in ("RGBA", "LA", "P"):
                # JPEG has no alpha: flatten on white rather than PIL's black.
                rgba = img.convert("RGBA")
                img = PILImage.new("RGB", rgba.size, (255, 255, 255))
                img.paste(rgba, mask=rgba.getchannel("A"))
            else:
                img = img.convert("RGB")
            for scale in SCALES:
                size = (max(1, round(width * scale)), max(1, round(height * scale)))
                resized = img if scale == 1.0 else img.resize(size, PILImage.Resampling.LANCZOS)
                for quality in QUALITIES:
                    out = io.BytesIO()
                    resized.save(out, "JPEG", quality=quality, optimize=True)
                    if out.tell() <= max_bytes:
                        return Image(out.getvalue(), "image/jpeg", *size)
    except OSError as exc:
        raise SendError(
            _("cannot read image {name}: {error}").format(name=media.path.name, error=exc)
        ) from exc
    raise SendError(
        _("image {name} cannot be made smaller than {limit} bytes").format(
            name=media.path.name, limit=max_bytes
        )
    )


class Bluesky(Adapter):
    """Publishes to one Bluesky account (any PDS) with an app password."""

    secret_settings = ("password_env",)
    sends_video = True

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        self.handle = str(account.settings["handle"])
        self.service = str(account.settings.get("service") or "https://bsky.social").rstrip("/")
        langs = account.settings.get("langs") or ()
        self.langs = [str(lang) for lang in langs]
        limits = BlueskyNetwork().limits(account).media
        self.max_image_bytes = (limits.max_bytes if limits else None) or 1_000_000
        self._client: Client | None = None
        self._did = ""
        self._dids: dict[str, str | None] = {}  # mentioned handle -> DID, per run

    # -- the Adapter interface -------------------------------------------------

    def find_existing(self, request: SendRequest) -> SendResult | None:
        """The post if every part of it is already on the account, else None.

        A thread cut short by a crash counts as not sent: :meth:`send` then
        completes it, skipping the parts that exist.
        """
        first: Ref | None = None
        for i in range(len(request.parts)):
            ref = self._get(record_key(request.key, i))
            if ref is None:
                return None
            first = first or ref
        return self._result(request, first) if first else None

    def send(self, request: SendRequest) -> SendResult:
        """Publish every part as a reply chain; parts already there are reused."""
        if not request.parts:
            raise SendError(
                _("{who}: nothing to send for {post}").format(
                    who=who(self.account), post=request.post_id
                )
            )
        root: Ref | None = None
        parent: Ref | None = None
        # A reply: part 1 answers the target, in the target's conversation.
        conversation: Ref | None = None
        if request.in_reply_to is not None:
            conversation, parent = self._target(request.in_reply_to)
        uris: list[str] = []
        for i, text in enumerate(request.parts):
            rkey = record_key(request.key, i)
            ref = self._get(rkey)
            if ref is None:
                images = request.media if i == 0 else ()
                facets = request.facets[i] if i < len(request.facets) else None
                record = self._record(
                    text, images, conversation or root, parent, facets, request.language
                )
                ref = self._create(rkey, record)
            root = root or ref
            parent = ref
            uris.append(ref.uri)
        assert root is not None
        return replace(self._result(request, root), parts=tuple(uris))

    # -- calls -------------------------------------------------------------------

    def _result(self, request: SendRequest, first: Ref) -> SendResult:
        return SendResult(
            remote_id=first.uri, url=post_url(self.handle, record_key(request.key, 0))
        )

    def client(self) -> Client:
        """The logged-in SDK client (one login per adapter, i.e. per account and run)."""
        if self._client is not None:
            return self._client
        from atproto import Client
        from atproto_client.request import Request

        password = self.secrets.get("password_env", "")
        if not password:
            names = env_names(self.account, self.secret_settings)
            raise SendError(
                _("{who}: no app password in {names}").format(who=who(self.account), names=names)
            )
        client = Client(base_url=self.service, request=Request(timeout=self.timeout))

        def remember(_event: Any, session: Any) -> None:
            self._did = str(session.did)

        client.on_session_change(remember)
        with self.errors(_("logging in")):
            client.login(self.handle, password, fetch_bsky_profile=False)
        self._client = client
        return client

    def _get(self, rkey: str) -> Ref | None:
        from atproto_client.exceptions import BadRequestError

        client = self.client()
        with self.errors(_("looking up a post")):
            try:
                found = client.com.atproto.repo.get_record(
                    {"repo": self._did, "collection": POST, "rkey": rkey}
                )
            except BadRequestError as exc:
                if _xrpc_error(exc)[0] == "RecordNotFound":
                    return None
                raise
        return Ref(found.uri, found.cid) if found.cid else None

    def _create(self, rkey: str, record: models.AppBskyFeedPost.Record) -> Ref:
        from atproto_client.exceptions import RequestException

        client = self.client()
        with self.errors(_("creating a post")):
            try:
                made = client.com.atproto.repo.create_record(
                    {"repo": self._did, "collection": POST, "rkey": rkey, "record": record}
                )
            except RequestException as exc:
                # The PDS answers a taken key with a bare 500 ("There is already a
                # value at key" only in its log), not 409. If the record is there
                # now, a concurrent or earlier attempt won: that is success for us.
                if _status(exc) == 500:
                    existing = self._get(rkey)
                    if existing is not None:
                        return existing
                raise
        return Ref(made.uri, made.cid)

    def _record(
        self,
        text: str,
        media: tuple[MediaFile, ...],
        root: Ref | None,
        parent: Ref | None,
        facets: Sequence[Facet] | None = None,
        language: str | None = None,
    ) -> models.AppBskyFeedPost.Record:
        from atproto import models

        embed: Any = None
        if media and media[0].is_video:
            embed = self._video_embed(media[0], language)
        elif media:
            embed = models.AppBskyEmbedImages.Main(images=[self._upload(m) for m in media])
        reply = None
        if root is not None and parent is not None:
            reply = models.AppBskyFeedPost.ReplyRef(
                root=models.ComAtprotoRepoStrongRef.Main(uri=root.uri, cid=root.cid),
                parent=models.ComAtprotoRepoStrongRef.Main(uri=parent.uri, cid=parent.cid),
            )
        return models.AppBskyFeedPost.Record(
            text=text,
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            facets=self._facets(text, facets) or None,
            langs=[language] if language else self.langs or None,
            embed=embed,
            reply=reply,
        )

    def _facets(
        self, text: str, given: Sequence[Facet] | None
    ) -> list[models.AppBskyRichtextFacet.Main]:
        """The rendered facets (UTF-8 byte ranges), else those the app would detect.

        Mentions carry a handle until here; the DID comes from the network.
        """
        from atproto import models
        from atproto_client.models.utils import get_or_create

        from ..networks.bluesky_facets import detect

        out: list[models.AppBskyRichtextFacet.Main] = []
        for facet in detect(text) if given is None else given:
            did = None
            if facet.kind == "mention":
                did = self._resolve_handle(facet.value)
                if did is None:
                    continue  # an unknown handle stays plain text, as in the app
            out.append(get_or_create(facet.record(did), models.AppBskyRichtextFacet.Main))
        return out

    def _upload(self, media: MediaFile) -> models.AppBskyEmbedImages.Image:
        from atproto import models

        image = prepare_image(media, self.max_image_bytes)
        with self.errors(_("uploading {name}").format(name=media.path.name)):
            blob = (
                self.client()
                .com.atproto.repo.upload_blob(image.data, headers={"Content-Type": image.mime})
                .blob
            )
        return models.AppBskyEmbedImages.Image(
            alt=media.alt or "",
            image=blob,
            aspect_ratio=models.AppBskyEmbedDefs.AspectRatio(
                width=image.width, height=image.height
            ),
        )

    def _video_embed(self, media: MediaFile, language: str | None) -> models.AppBskyEmbedVideo.Main:
        from atproto import models

        captions = None
        if media.captions is not None:
            lang = media.captions_language or language or (self.langs[0] if self.langs else "en")
            captions = [
                models.AppBskyEmbedVideo.Caption(
                    file=self._upload_file(media.captions, "text/vtt"), lang=lang
                )
            ]
        ratio = None
        if media.video is not None and media.video.width and media.video.height:
            ratio = models.AppBskyEmbedDefs.AspectRatio(
                width=media.video.width, height=media.video.height
            )
        return models.AppBskyEmbedVideo.Main(
            video=self._upload_file(media.path, "video/mp4"),
            alt=media.alt or None,
            aspect_ratio=ratio,
            captions=captions,
        )

    def _upload_file(self, path: Path, mime: str) -> BlobRef:
        """Stream ``path`` to the PDS as one blob (the SDK's upload wants all bytes at once)."""
        import httpx
        from atproto_client.models.blob_ref import BlobRef

        from .http import json_or_none, transport_error
        from .upload import stream

        session = self.client()._session  # logged in: the SDK refreshed its token just now
        what = _("uploading {name}").format(name=path.name)
        headers = {
            "Authorization": f"Bearer {session.access_jwt if session else ''}",
            "Content-Type": mime,
            "Content-Length": str(path.stat().st_size),
        }
        try:
            response = httpx.post(
                f"{self._pds()}/xrpc/com.atproto.repo.uploadBlob",
                content=stream(path),
                headers=headers,
                timeout=httpx.Timeout(self.timeout, write=None),
            )
        except httpx.TransportError as exc:
            raise transport_error(self.account, exc, what, creates=False) from None
        body = json_or_none(response)
        if not response.is_success or not isinstance(body, dict) or "blob" not in body:
            detail = ""
            if isinstance(body, dict):
                detail = f"{body.get('error', '')}: {body.get('message', '')}".strip(": ")
            raise error_for_status(
                self.account,
                self.secret_settings,
                list(self.secrets.values()),
                response.status_code if not response.is_success else 502,
                response.headers,
                detail or _("no blob in the answer"),
                what=what,
            )
        return BlobRef.model_validate(body["blob"])

    def _pds(self) -> str:
        """Where the account's repo lives (the session says; else the configured service)."""
        session = self.client()._session
        endpoint = getattr(session, "pds_endpoint", None) if session is not None else None
        base = str(endpoint or self.service).rstrip("/")
        # Without a DID document the SDK keeps its own base URL, which ends in /xrpc.
        return base.removesuffix("/xrpc")

    def _resolve_handle(self, handle: str) -> str | None:
        """The DID behind a mentioned handle, or None if it does not resolve."""
        from atproto_client.exceptions import BadRequestError

        if handle not in self._dids:
            with self.errors(_("resolving @{handle}").format(handle=handle)):
                try:
                    resolved = self.client().com.atproto.identity.resolve_handle({"handle": handle})
                    self._dids[handle] = str(resolved.did)
                except BadRequestError:
                    self._dids[handle] = None
        return self._dids[handle]

    @contextmanager
    def errors(self, what: str) -> Iterator[None]:
        """Turn SDK exceptions into SendError with the password redacted."""
        from atproto_client.exceptions import (
            InvokeTimeoutError,
            NetworkError,
            RateLimitExceededError,
            RequestErrorBase,
        )

        secrets = list(self.secrets.values())
        try:
            yield
        except RateLimitExceededError as exc:
            wait = exc.retry_after
            if wait is None and exc.reset_at is not None:
                wait = max(0.0, (exc.reset_at - dt.datetime.now(dt.UTC)).total_seconds())
            raise SendError(
                _("{who}: {what} was rate-limited (HTTP 429)").format(
                    who=who(self.account), what=what
                ),
                retryable=True,
                retry_after=wait,
            ) from None
        except InvokeTimeoutError:
            raise SendError(
                _("{who}: {what} timed out after {seconds} s").format(
                    who=who(self.account), what=what, seconds=f"{self.timeout:.0f}"
                ),
                retryable=True,
            ) from None
        except RequestErrorBase as exc:
            status = _status(exc)
            if status is None:
                cause = server_text(str(exc.__cause__ or exc), secrets)
                raise SendError(
                    _("{who}: {what} failed: cannot reach {server} ({cause})").format(
                        who=who(self.account), what=what, server=self.service, cause=cause
                    ),
                    retryable=isinstance(exc, NetworkError),
                ) from None
            name, message = _xrpc_error(exc)
            headers = exc.response.headers if exc.response is not None else {}
            raise error_for_status(
                self.account,
                self.secret_settings,
                secrets,
                status,
                headers,
                f"{name}: {message}" if message else name,
                what=what,
            ) from None

    # -- replies ------------------------------------------------------------------

    def _target(self, url: str) -> tuple[Ref, Ref]:
        """(conversation root, parent) of the post ``url`` links to; TargetGone if it is not there.

        The root is the target's own ``reply.root`` when it is a reply itself
        (https://docs.bsky.app/docs/advanced-guides/posts#replies).
        """
        from atproto_client.exceptions import BadRequestError

        from ..replies import target_id

        named = target_id(url, "bluesky")
        if named is None:
            raise SendError(
                _("{who}: {url} does not link to a Bluesky post").format(
                    who=who(self.account), url=url
                )
            )
        actor, rkey = named
        did = actor if actor.startswith("did:") else self._resolve_handle(actor)
        if did is None:
            raise TargetGone(
                _("{url}: the account {actor} does not exist (any more)").format(
                    url=url, actor=actor
                )
            )
        with self.errors(_("looking up the post to answer")):
            try:
                found = self.client().com.atproto.repo.get_record(
                    {"repo": did, "collection": POST, "rkey": rkey}
                )
            except BadRequestError as exc:
                if _xrpc_error(exc)[0] in ("RecordNotFound", "RepoNotFound"):
                    raise TargetGone(_("{url}: the post was deleted").format(url=url)) from None
                raise
        if not found.cid:
            raise TargetGone(_("{url}: the post was deleted").format(url=url))
        parent = Ref(found.uri, found.cid)
        reply = getattr(found.value, "reply", None)
        root = getattr(reply, "root", None)
        if root is None:
            return parent, parent
        return Ref(str(root.uri), str(root.cid)), parent

    # -- retract ------------------------------------------------------------------

    deletes: ClassVar[bool] = True

    def delete(self, request: DeleteRequest) -> None:
        """Delete every part: the ledger's records and the thread's keys derived from the key.

        ``com.atproto.repo.deleteRecord`` succeeds for a record that is gone.
        """
        rkeys: list[str] = []
        for i in range(MAX_THREAD):
            rkey = record_key(request.key, i)
            if self._get(rkey) is None:
                break
            rkeys.append(rkey)
        for uri in request.remote_ids:
            did, _sep, rkey = uri.removeprefix("at://").partition(f"/{POST}/")
            if rkey and rkey not in rkeys:
                if did != self._did:
                    raise SendError(
                        _("{who}: {uri} is not a post of this account").format(
                            who=who(self.account), uri=uri
                        )
                    )
                rkeys.append(rkey)
        client = self.client()
        for rkey in reversed(rkeys):
            with self.errors(_("deleting a post")):
                client.com.atproto.repo.delete_record(
                    {"repo": self._did, "collection": POST, "rkey": rkey}
                )


def _status(exc: Any) -> int | None:
    response = getattr(exc, "response", None)
    return int(response.status_code) if response is not None else None


def _xrpc_error(exc: Any) -> tuple[str, str]:
    """(error name, message) of an XRPC error response."""
    content = getattr(getattr(exc, "response", None), "content", None)
    name = getattr(content, "error", None)
    message = getattr(content, "message", None)
    return str(name or ""), str(message or "")


ADAPTER = Bluesky

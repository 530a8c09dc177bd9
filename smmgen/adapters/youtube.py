"""YouTube: a resumable upload with the YouTube Data API v3, then a bounded wait for processing.

1. An access token from the refresh token (``POST {oauth_base}/token``).
2. ``POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status``
   with the metadata gives a session URI (``Location``).
3. ``PUT`` the file to it in 8 MB pieces (``Content-Range``), each read from
   disk when it is sent; ``308`` with ``Range`` says how much arrived. A piece
   whose answer is lost is followed by ``PUT`` with ``Content-Range: bytes
   */total``, and the upload resumes where YouTube says it stands.
4. The answer to the last piece is the video; ``videos.list`` with
   ``processingDetails`` is asked until processing ``succeeded`` (``failed``
   or ``terminated`` is reported with YouTube's reason, a processing that does
   not end in time too).

5. A video with WebVTT captions gets them as a caption track
   (``POST /upload/youtube/v3/captions?uploadType=multipart``, 400 quota
   units; the refresh token needs the ``youtube.force-ssl`` scope for it). When
   that fails the video is out: the next run looks the track up
   (``captions.list``, 50 units) and adds only it.

The video exists from step 4 on, so no answer to the last piece is uncertain;
``find_existing`` reads the channel's uploads playlist (1 quota unit a page)
and matches the title and description. The daily quota (10,000 units; an
upload costs 1,600) being used up is a plain failure that says so: nothing is
uploaded, the next day's run goes on.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from ..i18n import _
from ..model import Account
from ..networks.youtube import SHORTS_MAX_SECONDS, title_of
from .base import Adapter, MediaFile, SendError, SendRequest, SendResult
from .http import Http, comparable, env_names, secret, who
from .upload import ProcessingTimeout

# https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
# https://developers.google.com/youtube/v3/docs/videos/insert
# https://developers.google.com/youtube/v3/docs/videos/list (processingDetails)
# https://developers.google.com/youtube/v3/docs/channels/list (the uploads playlist)
# https://developers.google.com/youtube/v3/docs/playlistItems/list
# https://developers.google.com/youtube/v3/docs/captions/insert and /captions/list
# Errors: 403 with errors[].reason quotaExceeded / uploadLimitExceeded:
# https://developers.google.com/youtube/v3/docs/errors
PIECE = 8 * 1024 * 1024  # a multiple of 256 KiB, as the protocol asks
PIECE_TRIES = 3


def watch_url(video_id: str, shorts: bool = False) -> str:
    """Where people see the video."""
    return f"https://www.youtube.com/{'shorts/' if shorts else 'watch?v='}{video_id}"


def _quota(status: int, body: Any, headers: Any, message: str) -> SendError | None:
    """403 quotaExceeded/uploadLimitExceeded: used up for today; nothing was uploaded."""
    errors = (body.get("error") or {}).get("errors", []) if isinstance(body, dict) else []
    reasons = {e.get("reason") for e in errors if isinstance(e, dict)}
    if status == 403 and reasons & {"quotaExceeded", "dailyLimitExceeded"}:
        return SendError(
            _(
                "the project's daily YouTube quota is used up (an upload costs 1,600 of 10,000 "
                "units); nothing was uploaded, the next day's run tries again"
            )
        )
    if reasons & {"uploadLimitExceeded"}:
        return SendError(
            _("the channel reached YouTube's upload limit for today; nothing was sent")
        )
    return None


class YouTubeAdapter(Adapter):
    """Uploads to one YouTube channel."""

    secret_settings: ClassVar[tuple[str, ...]] = (
        "client_id_env",
        "client_secret_env",
        "refresh_token_env",
    )
    sends_video = True
    video_wait: ClassVar[float] = 600.0
    poll_interval: ClassVar[float] = 10.0

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        self._token: str | None = None

    def http(self) -> Http:
        token = self._access_token()
        return Http(
            self.account,
            str(self.account.settings.get("api_base") or "https://www.googleapis.com"),
            secret_settings=self.secret_settings,
            secrets=[token, *self.secrets.values()],
            headers={"Authorization": f"Bearer {token}"},
            timeout=self.timeout,
            classify=_quota,
        )

    def _access_token(self) -> str:
        if self._token is not None:
            return self._token
        values = {s: secret(self.account, self.secrets, s) for s in self.secret_settings}
        http = Http(
            self.account,
            str(self.account.settings.get("oauth_base") or "https://oauth2.googleapis.com"),
            secret_settings=self.secret_settings,
            secrets=list(values.values()),
            timeout=self.timeout,
        )
        try:
            body = http.json(
                "POST",
                "/token",
                what=_("getting an access token"),
                creates=False,
                data={
                    "grant_type": "refresh_token",
                    "client_id": values["client_id_env"],
                    "client_secret": values["client_secret_env"],
                    "refresh_token": values["refresh_token_env"],
                },
            )
        finally:
            http.close()
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            raise SendError(
                _("{who}: no access token from the refresh token in {names}").format(
                    who=who(self.account), names=env_names(self.account, self.secret_settings)
                )
            )
        self._token = token
        return token

    def find_existing(self, request: SendRequest) -> SendResult | None:
        found = self._find_video(request)
        media = _video_of(request)
        if found is None or media is None or media.captions is None:
            return found
        if self._has_captions(found.remote_id, _captions_language(media, request)):
            return found
        self.remember(request, (found,))  # send() adds only the captions
        return None

    def _find_video(self, request: SendRequest) -> SendResult | None:
        text = "\n\n".join(request.parts)
        title, wanted = comparable(title_of(text)), comparable(text)
        http = self.http()
        try:
            channels = http.json(
                "GET",
                "/youtube/v3/channels",
                what=_("finding the uploads list"),
                params={"part": "contentDetails", "mine": "true"},
            )
            items = channels.get("items") or []
            if not items:
                raise SendError(
                    _("{who}: the token belongs to no channel").format(who=who(self.account))
                )
            uploads = items[0]["contentDetails"]["relatedPlaylists"]["uploads"]
            listed = http.json(
                "GET",
                "/youtube/v3/playlistItems",
                what=_("listing recent uploads"),
                params={"part": "snippet", "playlistId": uploads, "maxResults": "25"},
            )
        finally:
            http.close()
        for item in listed.get("items") or []:
            snippet = item.get("snippet") or {}
            if (
                comparable(str(snippet.get("title", ""))) == title
                and comparable(str(snippet.get("description", ""))) == wanted
            ):
                video_id = str((snippet.get("resourceId") or {}).get("videoId", ""))
                return SendResult(video_id, watch_url(video_id))
        return None

    def send(self, request: SendRequest) -> SendResult:
        media = _video_of(request)
        if media is None:
            raise SendError(_("{who}: a YouTube post needs a video").format(who=who(self.account)))
        uploaded = self.resume(request)
        result = uploaded[0] if uploaded else self._send_video(request, media)
        if media.captions is None:
            return result
        try:
            self._insert_captions(result.remote_id, media, _captions_language(media, request))
        except SendError as exc:
            raise SendError(
                _(
                    "{error} — the video is out ({url}); the next run adds the captions unless "
                    "they are there"
                ).format(error=exc, url=result.url),
                uncertain=True,
                published=(result,),
            ) from None
        return result

    def _has_captions(self, video_id: str, language: str) -> bool:
        http = self.http()
        try:
            body = http.json(
                "GET",
                "/youtube/v3/captions",
                what=_("looking up the captions"),
                params={"part": "snippet", "videoId": video_id},
            )
        finally:
            http.close()
        tracks = [t.get("snippet") or {} for t in body.get("items") or []]
        return any(str(t.get("language", "")).lower() == language.lower() for t in tracks)

    def _insert_captions(self, video_id: str, media: MediaFile, language: str) -> None:
        assert media.captions is not None
        boundary = f"smmgen-{uuid.uuid4().hex}"
        snippet = {"snippet": {"videoId": video_id, "language": language, "name": ""}}
        body = (
            (
                f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
                f"{json.dumps(snippet)}\r\n--{boundary}\r\nContent-Type: text/vtt\r\n\r\n"
            ).encode()
            + media.captions.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        http = self.http()
        try:
            http.json(
                "POST",
                "/upload/youtube/v3/captions",
                what=_("adding the captions {name}").format(name=media.captions.name),
                params={"uploadType": "multipart", "part": "snippet"},
                content=body,
                headers={"Content-Type": f"multipart/related; boundary={boundary}"},
            )
        finally:
            http.close()

    def _send_video(self, request: SendRequest, media: MediaFile) -> SendResult:
        text = "\n\n".join(request.parts)
        settings = self.account.settings
        metadata = {
            "snippet": {
                "title": title_of(text),
                "description": text,
                "tags": list(request.tags),
                "categoryId": str(settings.get("category_id") or "22"),
                **({"defaultLanguage": request.language} if request.language else {}),
            },
            "status": {
                "privacyStatus": str(settings.get("privacy") or "public"),
                "selfDeclaredMadeForKids": bool(settings.get("made_for_kids")),
            },
        }
        size = media.path.stat().st_size
        http = self.http()
        try:
            start = http.call(
                "POST",
                "/upload/youtube/v3/videos",
                what=_("starting the upload"),
                creates=False,  # a session, no video yet
                params={"uploadType": "resumable", "part": "snippet,status"},
                content=json.dumps(metadata),
                headers={
                    "Content-Type": "application/json; charset=UTF-8",
                    "X-Upload-Content-Length": str(size),
                    "X-Upload-Content-Type": media.mime,
                },
            )
            session = start.headers.get("location")
            if not session:
                raise SendError(
                    _("{who}: YouTube gave no upload address").format(who=who(self.account))
                )
            video = self._upload(http, session, media.path, size)
            video_id = str(video["id"])
            shorts = media.video is not None and (
                media.video.height >= media.video.width
                and media.video.duration <= SHORTS_MAX_SECONDS
            )
            result = SendResult(video_id, watch_url(video_id, shorts))
            try:
                self._wait(http, video_id, media.path.name)
            except ProcessingTimeout as exc:
                # The video is on YouTube and may still finish: never upload it again.
                raise SendError(
                    exc.args[0].split(";")[0]
                    + _("; the video is uploaded ({url}) and is looked up by the next run").format(
                        url=result.url
                    ),
                    uncertain=True,
                    published=(result,),
                ) from None
        finally:
            http.close()
        return result

    def _upload(self, http: Http, session: str, path: Any, size: int) -> dict[str, Any]:
        """PUT the file piece by piece; resume where YouTube says after a lost answer."""
        from .upload import Segment

        offset = 0
        tries = 0
        while True:
            length = min(PIECE, size - offset)
            last = offset + length >= size
            try:
                response = http.call(
                    "PUT",
                    session,
                    what=_("uploading {name}").format(name=path.name),
                    creates=last,  # the last piece makes the video
                    accept=(308,),
                    content=Segment(0, offset, length).read(path),
                    headers={"Content-Range": f"bytes {offset}-{offset + length - 1}/{size}"},
                )
            except SendError as exc:
                tries += 1
                if tries >= PIECE_TRIES or (exc.uncertain and not exc.retryable):
                    if last:
                        raise
                    raise SendError(str(exc), retryable=False) from None
                offset, video = self._resume_at(http, session, size)
                if video is not None:  # the last piece did arrive: the answer is the video
                    return video
                continue
            if response.status_code != 308:
                body: dict[str, Any] = response.json()
                return body
            offset = _next_byte(response.headers.get("range"))

    def _resume_at(self, http: Http, session: str, size: int) -> tuple[int, dict[str, Any] | None]:
        """Where the upload stands (``PUT`` with ``bytes */size``), or the video if complete."""
        response = http.call(
            "PUT",
            session,
            what=_("asking how much arrived"),
            creates=False,
            accept=(308,),
            headers={"Content-Range": f"bytes */{size}"},
        )
        if response.status_code != 308:
            video: dict[str, Any] = response.json()
            return size, video
        return _next_byte(response.headers.get("range")), None

    def _wait(self, http: Http, video_id: str, name: str) -> None:
        from .upload import State, wait_until

        def state() -> State:
            body = http.json(
                "GET",
                "/youtube/v3/videos",
                what=_("checking the processing"),
                params={"part": "processingDetails,status", "id": video_id},
            )
            items = body.get("items") or [{}]
            details = items[0].get("processingDetails") or {}
            status = items[0].get("status") or {}
            current = str(details.get("processingStatus") or "processing")
            failed = current in ("failed", "terminated") or status.get("uploadStatus") in (
                "failed",
                "rejected",
            )
            reason = (
                details.get("processingFailureReason")
                or status.get("failureReason")
                or status.get("rejectionReason")
                or current
            )
            return State(done=current == "succeeded", failed=failed, reason=str(reason))

        wait_until(
            self.account,
            _("processing {name} on YouTube (video {id})").format(name=name, id=video_id),
            state,
            limit=self.video_wait,
            pause=self.poll_interval,
        )


def _video_of(request: SendRequest) -> MediaFile | None:
    """The post's video (YouTube takes one)."""
    return next((m for m in request.media if m.is_video), None)


def _captions_language(media: MediaFile, request: SendRequest) -> str:
    """The caption track's language: the captions', else the post's, else English."""
    return media.captions_language or request.language or "en"


def _next_byte(header: str | None) -> int:
    """The next byte to send after a ``Range: bytes=0-N`` answer (0 when none arrived)."""
    if not header or "-" not in header:
        return 0
    return int(header.rsplit("-", 1)[1]) + 1


ADAPTER = YouTubeAdapter

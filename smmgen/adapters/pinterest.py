"""Pinterest API v5: a Pin with one image (sent inline) or one video (uploaded, then processed).

An image goes in the Pin itself (``media_source`` ``image_base64``; images
are at most 20 MB). A video is registered (``POST /v5/media``), streamed to
the ``upload_url`` Pinterest names with its ``upload_parameters`` (a form
upload, read from disk as it is sent), and waited for until its status is
``succeeded`` (``failed``, or no end within the bound: nothing is pinned).

No idempotency key: a ``POST /v5/pins`` without an answer is uncertain, and
``find_existing`` reads the board's Pins and matches title, description and
link.
"""

from __future__ import annotations

import base64
from typing import Any, ClassVar

from ..i18n import _
from ..networks.youtube import title_of
from .base import Adapter, MediaFile, SendError, SendRequest, SendResult
from .http import Http, comparable, secret, who

API_BASE = "https://api.pinterest.com"


def pin_url(pin_id: str) -> str:
    """Where people see the Pin."""
    return f"https://www.pinterest.com/pin/{pin_id}/"


class PinterestAdapter(Adapter):
    """Pins to one board."""

    secret_settings: ClassVar[tuple[str, ...]] = ("token_env",)
    sends_video = True
    video_wait: ClassVar[float] = 600.0
    poll_interval: ClassVar[float] = 5.0

    def _http(self) -> Http:
        token = secret(self.account, self.secrets, "token_env")
        return Http(
            self.account,
            str(self.account.settings.get("api_base") or API_BASE),
            secret_settings=self.secret_settings,
            secrets=[token],
            headers={"Authorization": f"Bearer {token}"},
            timeout=self.timeout,
        )

    def find_existing(self, request: SendRequest) -> SendResult | None:
        text = "\n\n".join(request.parts)
        board = str(self.account.settings["board_id"])
        http = self._http()
        try:
            body = http.json(
                "GET",
                f"/v5/boards/{board}/pins",
                what=_("listing the board's Pins"),
                params={"page_size": "25"},
            )
        finally:
            http.close()
        for pin in body.get("items") or []:
            if (
                comparable(str(pin.get("title") or "")) == comparable(title_of(text))
                and comparable(str(pin.get("description") or "")) == comparable(text)
                and (pin.get("link") or None) == (request.link or None)
            ):
                return SendResult(str(pin["id"]), pin_url(str(pin["id"])))
        return None

    def send(self, request: SendRequest) -> SendResult:
        if not request.media:
            raise SendError(
                _("{who}: a Pin needs an image or a video").format(who=who(self.account))
            )
        media = request.media[0]
        text = "\n\n".join(request.parts)
        http = self._http()
        try:
            if media.is_video:
                source: dict[str, Any] = {
                    "source_type": "video_id",
                    "media_id": self._upload_video(http, media),
                    "cover_image_key_frame_time": 0,
                }
            else:
                source = {
                    "source_type": "image_base64",
                    "content_type": media.mime,
                    "data": base64.b64encode(media.path.read_bytes()).decode("ascii"),
                }
            pin: dict[str, Any] = {
                "board_id": str(self.account.settings["board_id"]),
                "title": title_of(text),
                "description": text,
                "media_source": source,
            }
            if request.link:
                pin["link"] = request.link
            if media.alt:
                pin["alt_text"] = media.alt
            body = http.json("POST", "/v5/pins", what=_("creating the Pin"), json=pin)
        finally:
            http.close()
        return SendResult(str(body["id"]), pin_url(str(body["id"])))

    def _upload_video(self, http: Http, media: MediaFile) -> str:
        """Register, upload (streamed form post to Pinterest's upload URL), wait until processed."""
        import httpx

        from .http import transport_error
        from .upload import State, wait_until

        what = _("uploading {name}").format(name=media.path.name)
        registered = http.json(
            "POST", "/v5/media", what=what, creates=False, json={"media_type": "video"}
        )
        media_id = str(registered["media_id"])
        fields = {str(k): str(v) for k, v in (registered.get("upload_parameters") or {}).items()}
        try:
            with media.path.open("rb") as fh:  # httpx reads it in blocks as it sends
                response = httpx.post(
                    str(registered["upload_url"]),
                    data=fields,
                    files={"file": (media.path.name, fh, media.mime)},
                    timeout=httpx.Timeout(self.timeout, write=None),
                )
        except httpx.TransportError as exc:
            raise transport_error(self.account, exc, what, creates=False) from None
        if not response.is_success:
            raise SendError(
                _("{who}: {what} failed with HTTP {status}{said}").format(
                    who=who(self.account), what=what, status=response.status_code, said=""
                ),
                retryable=response.status_code >= 500,
            )

        def state() -> State:
            body = http.json("GET", f"/v5/media/{media_id}", what=_("checking the video"))
            status = str(body.get("status") or "")
            return State(done=status == "succeeded", failed=status == "failed", reason=status)

        wait_until(
            self.account,
            _("processing {name} on Pinterest").format(name=media.path.name),
            state,
            limit=self.video_wait,
            pause=self.poll_interval,
        )
        return media_id


ADAPTER = PinterestAdapter

"""LinkedIn: the versioned Posts API and Images API (over httpx, OAuth bearer token).

LinkedIn has no idempotency key, but it refuses a post whose commentary
repeats a recent one with 422 ``DUPLICATE_POST``, naming the existing post:
that answer means the post is out, so it is recorded as sent. Looking an
author's posts up after a crash needs ``r_organization_social``
(organizations) or ``r_member_social`` (members; granted to approved partners
only), so for member profiles an unfinished attempt goes to a person.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import quote

from ..i18n import _
from ..model import Account
from ..networks.linkedin import API_VERSION, ORGS, LinkedIn
from .base import (
    CommentingAdapter,
    DeleteRequest,
    MediaFile,
    SendError,
    SendRequest,
    SendResult,
)
from .http import Http, comparable, env_names, json_or_none, secret, who
from .linkedin_text import little_text, plain_text

API_BASE = "https://api.linkedin.com"
# Posts API: POST /rest/posts, the new post's URN in the x-restli-id header;
# GET /rest/posts?q=author finds an author's posts:
# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
# Videos API: POST /rest/videos?action=initializeUpload (owner, fileSizeBytes) gives
# uploadInstructions (uploadUrl, firstByte, lastByte) for 4 MB parts; PUT each,
# keep its ETag; POST ?action=finalizeUpload (video, uploadToken, uploadedPartIds);
# GET /rest/videos/{urn} until status AVAILABLE (PROCESSING_FAILED: the reason):
# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api
PART_TRIES = 3  # sends of one part whose answer was lost
# Images API: POST /rest/images?action=initializeUpload, then PUT the bytes to uploadUrl:
# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api

# 422 answer to a repeated post: {"message": "...Content is a duplicate of
# urn:li:share:7141138937766391808", "errorDetails": {"inputErrors":
# [{"code": "DUPLICATE_POST", ...}]}, "status": 422} (Arisamiga/Linkedin-RSS#5).
_DUPLICATE_OF = re.compile(r"duplicate of (urn:li:(?:share|ugcPost):\d+)")


def post_url(urn: str) -> str:
    """Where a post (urn:li:share:… or urn:li:ugcPost:…) is shown."""
    return f"https://www.linkedin.com/feed/update/{urn}/"


class LinkedInAdapter(CommentingAdapter):
    """Posts to a member profile or an organization page."""

    secret_settings: ClassVar[tuple[str, ...]] = ("token_env",)
    sends_video = True
    video_wait: ClassVar[float] = 600.0  # seconds a video may take to become AVAILABLE
    poll_interval: ClassVar[float] = 5.0

    @classmethod
    def reconciles_for(cls, account: Account) -> bool:
        """Only organizations' posts can be looked up (r_member_social is for partners)."""
        return LinkedIn().variant(account) == ORGS

    def http(self) -> Http:
        """A client for the account's API (token and headers set); the caller closes it.

        Public for the readers of the same account (statistics, account checks).
        """
        token = secret(self.account, self.secrets, "token_env")
        return Http(
            self.account,
            str(self.account.settings.get("api_base") or API_BASE),
            secret_settings=self.secret_settings,
            secrets=[token],
            timeout=self.timeout,
            headers={
                "Authorization": f"Bearer {token}",
                "LinkedIn-Version": str(self.account.settings.get("api_version") or API_VERSION),
                "X-Restli-Protocol-Version": "2.0.0",
            },
        )

    def find_existing(self, request: SendRequest) -> SendResult | None:
        """The post (a reply: our comment under the comment it answers) if it is out."""
        if request.in_reply_to is not None:
            from . import linkedin_replies

            return linkedin_replies.find(self, request)
        return super().find_existing(request)

    def send(self, request: SendRequest) -> SendResult:
        """Publish the post (a reply: a comment under the comment it answers)."""
        if request.in_reply_to is not None:
            from . import linkedin_replies

            return linkedin_replies.send(self, request)
        return super().send(request)

    def _comments(self, post: SendResult) -> list[tuple[str, str]]:
        http = self.http()
        try:
            body = http.json(
                "GET",
                f"/rest/socialActions/{quote(post.remote_id, safe='')}/comments",
                what=_("looking up the first comment"),
            )
        finally:
            http.close()
        return [
            (str(c.get("$URN") or c.get("id")), str((c.get("message") or {}).get("text", "")))
            for c in body.get("elements", [])
        ]

    def _as_shown(self, text: str) -> str:
        return little_text(text)  # comments come back in the "little text" format

    def _find_post(self, request: SendRequest) -> SendResult | None:
        author = str(self.account.settings["author_urn"])
        wanted = comparable("\n\n".join(request.parts))
        http = self.http()
        try:
            # Rest.li 2.0 wants URNs in query strings percent-encoded.
            response = http.call(
                "GET",
                f"/rest/posts?author={quote(author, safe='')}&q=author&count=20",
                what=_("listing recent posts"),
                headers={"X-RestLi-Method": "FINDER"},
                accept=(403,),
            )
            if response.status_code == 403:
                needs = (
                    "r_organization_social"
                    if author.startswith("urn:li:organization:")
                    else ("r_member_social")
                )
                raise SendError(
                    _(
                        "{who}: looking up recent posts was refused (HTTP 403): the token in "
                        "{names} lacks {needs}; check on LinkedIn whether the post went out, "
                        "then run `smmgen mark-published` or `smmgen publish --resend`"
                    ).format(
                        who=who(self.account),
                        names=env_names(self.account, self.secret_settings),
                        needs=needs,
                    )
                )
            body = json_or_none(response) or {}
        finally:
            http.close()
        for post in body.get("elements", []):
            if comparable(plain_text(str(post.get("commentary", "")))) == wanted:
                return SendResult(str(post["id"]), post_url(str(post["id"])))
        return None

    def _send_post(self, request: SendRequest) -> SendResult:
        http = self.http()
        try:
            return self._send(http, request)
        finally:
            http.close()

    def _post_comment(self, post: SendResult, text: str) -> str | None:
        """Comment API: the author's first comment under ``post``."""
        author = str(self.account.settings["author_urn"])
        http = self.http()
        try:
            response = http.call(
                "POST",
                f"/rest/socialActions/{quote(post.remote_id, safe='')}/comments",
                what=_("posting the first comment"),
                json={"actor": author, "object": post.remote_id, "message": {"text": text}},
            )
        finally:
            http.close()
        body = json_or_none(response) or {}
        comment = response.headers.get("x-restli-id") or body.get("$URN") or body.get("id")
        return str(comment) if comment else None

    def _send(self, http: Http, request: SendRequest) -> SendResult:
        author = str(self.account.settings["author_urn"])
        video = request.media[0] if request.media and request.media[0].is_video else None
        images = (
            []
            if video
            else [self._upload(http, author, m.path.read_bytes()) for m in request.media]
        )
        post: dict[str, Any] = {
            "author": author,
            # LinkedIn has no threads: the parts of a thread form one post.
            "commentary": little_text("\n\n".join(request.parts), request.mentions),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        alts = [m.alt for m in request.media]
        if video is not None:
            post["content"] = {"media": {"id": self._upload_video(http, author, video)}}
        elif len(images) == 1:
            post["content"] = {"media": _image(images[0], alts[0])}
        elif images:
            # https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/multiimage-post-api
            post["content"] = {
                "multiImage": {"images": [_image(i, a) for i, a in zip(images, alts, strict=True)]}
            }
        response = http.call(
            "POST", "/rest/posts", what=_("creating the post"), json=post, accept=(422,)
        )
        if response.status_code == 422:
            existing = _duplicate_of(json_or_none(response))
            if existing is None:
                raise http.error(response, what=_("creating the post"), creates=True)
            # The same text is already on LinkedIn: an earlier attempt got through.
            return SendResult(existing, post_url(existing))
        urn = response.headers.get("x-restli-id")
        if not urn:
            raise SendError(_("{who}: LinkedIn returned no post id").format(who=who(self.account)))
        return SendResult(urn, post_url(urn))

    def _upload(self, http: Http, owner: str, data: bytes) -> str:
        body = http.json(
            "POST",
            "/rest/images?action=initializeUpload",
            what=_("starting an image upload"),
            creates=False,  # an uploaded image shows nowhere until a post uses it
            json={"initializeUploadRequest": {"owner": owner}},
        )
        value = body["value"]
        # The upload URL is absolute (another host in production) and takes the same token.
        http.call(
            "PUT",
            value["uploadUrl"],
            what=_("uploading an image"),
            creates=False,
            content=data,
            headers={"Content-Type": "application/octet-stream"},
        )
        return str(value["image"])

    def _upload_video(self, http: Http, owner: str, media: MediaFile) -> str:
        """Videos API: initialize, PUT each part from disk, finalize, wait until AVAILABLE."""
        from .upload import Segment, State, wait_until

        size = media.path.stat().st_size
        what = _("uploading {name}").format(name=media.path.name)
        body = http.json(
            "POST",
            "/rest/videos?action=initializeUpload",
            what=what,
            creates=False,  # an uploaded video shows nowhere until a post uses it
            json={
                "initializeUploadRequest": {
                    "owner": owner,
                    "fileSizeBytes": size,
                    "uploadCaptions": False,
                    "uploadThumbnail": False,
                }
            },
        )
        value = body["value"]
        urn = str(value["video"])
        etags = []
        for part in value["uploadInstructions"]:
            first, last = int(part["firstByte"]), int(part["lastByte"])
            piece = Segment(0, first, last - first + 1).read(media.path)
            etags.append(_put_part(http, str(part["uploadUrl"]), piece, what))
        http.call(
            "POST",
            "/rest/videos?action=finalizeUpload",
            what=what,
            creates=False,
            json={
                "finalizeUploadRequest": {
                    "video": urn,
                    "uploadToken": value.get("uploadToken", ""),
                    "uploadedPartIds": etags,
                }
            },
        )

        def state() -> State:
            got = http.json("GET", f"/rest/videos/{quote(urn, safe='')}", what=what)
            status = str(got.get("status", ""))
            return State(
                done=status == "AVAILABLE",
                failed=status == "PROCESSING_FAILED",
                reason=str(got.get("processingFailureReason") or status),
            )

        wait_until(
            self.account,
            _("processing {name} on LinkedIn").format(name=media.path.name),
            state,
            limit=self.video_wait,
            pause=self.poll_interval,
        )
        return urn

    # -- retract ------------------------------------------------------------------

    deletes: ClassVar[bool] = True

    def delete(self, request: DeleteRequest) -> None:
        """``DELETE /rest/posts/{encoded urn}``; 404 and 410 are gone.

        https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api#delete-posts
        """
        from urllib.parse import quote

        http = self.http()
        try:
            for urn in reversed(request.remote_ids):
                if urn.startswith("urn:li:comment:"):  # a reply is a comment
                    from . import linkedin_replies

                    linkedin_replies.delete(self, http, urn)
                    continue
                http.delete(
                    f"/rest/posts/{quote(urn, safe='')}",
                    what=_("deleting {id}").format(id=urn),
                    headers={"X-RestLi-Method": "DELETE"},
                )
        finally:
            http.close()


def _put_part(http: Http, url: str, piece: bytes, what: str) -> str:
    """PUT one part of a video upload (again when its answer was lost): its ETag."""
    for attempt in range(PART_TRIES):
        try:
            response = http.call(
                "PUT",
                url,
                what=what,
                creates=False,
                content=piece,
                headers={"Content-Type": "application/octet-stream"},
            )
            return str(response.headers.get("etag", ""))
        except SendError as exc:  # a part whose answer was lost is sent again
            if not exc.retryable or attempt == PART_TRIES - 1:
                raise
    raise AssertionError("unreachable: the last try returns or raises")


def _duplicate_of(body: Any) -> str | None:
    """The URN a 422 ``DUPLICATE_POST`` answer names, else None."""
    if not isinstance(body, dict):
        return None
    details = body.get("errorDetails")
    inputs = details.get("inputErrors", []) if isinstance(details, dict) else []
    codes = {e.get("code") for e in inputs if isinstance(e, dict)}
    if "DUPLICATE_POST" not in codes:
        return None
    m = _DUPLICATE_OF.search(str(body.get("message", "")))
    return m.group(1) if m else None


def _image(urn: str, alt: str | None) -> dict[str, str]:
    return {"id": urn, **({"altText": alt} if alt else {})}


ADAPTER = LinkedInAdapter

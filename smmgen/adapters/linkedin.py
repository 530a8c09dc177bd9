"""LinkedIn: the versioned Posts API and Images API (over httpx, OAuth bearer token)."""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import quote

from .base import Adapter, SendError, SendRequest, SendResult
from .http import Http, comparable, secret

API_BASE = "https://api.linkedin.com"
# Versioned APIs need "LinkedIn-Version: YYYYMM"; each version is supported for
# at least a year: https://learn.microsoft.com/en-us/linkedin/marketing/versioning
LINKEDIN_VERSION = "202510"
# Posts API: POST /rest/posts, the new post's URN in the x-restli-id header;
# GET /rest/posts?q=author finds an author's posts:
# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
# Images API: POST /rest/images?action=initializeUpload, then PUT the bytes to uploadUrl:
# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api

# "little text" format: these characters must be backslash-escaped in commentary,
# or the text is cut off at them:
# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format
_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")


def little_text(text: str) -> str:
    """``text`` in LinkedIn's little text format: reserved characters escaped, hashtags linked."""
    out: list[str] = []
    pos = 0
    for m in _HASHTAG.finditer(text):
        out.append(_RESERVED.sub(r"\\\1", text[pos : m.start()]))
        out.append("{hashtag|\\#|" + _RESERVED.sub(r"\\\1", m.group(1)) + "}")
        pos = m.end()
    out.append(_RESERVED.sub(r"\\\1", text[pos:]))
    return "".join(out)


def plain_text(commentary: str) -> str:
    """Commentary back to plain text: hashtag templates resolved, escapes removed."""
    commentary = re.sub(r"\{hashtag\|\\?#\|([^}]*)\}", r"#\1", commentary)
    return re.sub(r"\\(.)", r"\1", commentary)


def post_url(urn: str) -> str:
    """Where a post (urn:li:share:… or urn:li:ugcPost:…) is shown."""
    return f"https://www.linkedin.com/feed/update/{urn}/"


class LinkedInAdapter(Adapter):
    """Posts to a member profile or an organization page."""

    secret_settings: ClassVar[tuple[str, ...]] = ("token_env",)

    def _http(self) -> Http:
        token = secret(self.account, self.secrets, "token_env")
        return Http(
            self.account,
            str(self.account.settings.get("api_base") or API_BASE),
            secret_settings=self.secret_settings,
            secrets=[token],
            timeout=self.timeout,
            headers={
                "Authorization": f"Bearer {token}",
                "LinkedIn-Version": LINKEDIN_VERSION,
                "X-Restli-Protocol-Version": "2.0.0",
            },
        )

    def find_existing(self, request: SendRequest) -> SendResult | None:
        author = str(self.account.settings["author_urn"])
        wanted = comparable("\n\n".join(request.parts))
        http = self._http()
        try:
            # Rest.li 2.0 wants URNs in query strings percent-encoded.
            body = http.json(
                "GET",
                f"/rest/posts?author={quote(author, safe='')}&q=author&count=20",
                what="listing recent posts",
                headers={"X-RestLi-Method": "FINDER"},
            )
        finally:
            http.close()
        for post in body.get("elements", []):
            if comparable(plain_text(str(post.get("commentary", "")))) == wanted:
                return SendResult(str(post["id"]), post_url(str(post["id"])))
        return None

    def send(self, request: SendRequest) -> SendResult:
        http = self._http()
        try:
            return self._send(http, request)
        finally:
            http.close()

    def _send(self, http: Http, request: SendRequest) -> SendResult:
        author = str(self.account.settings["author_urn"])
        images = [self._upload(http, author, m.path.read_bytes()) for m in request.media]
        post: dict[str, Any] = {
            "author": author,
            # LinkedIn has no threads: the parts of a thread form one post.
            "commentary": little_text("\n\n".join(request.parts)),
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
        if len(images) == 1:
            post["content"] = {"media": _image(images[0], alts[0])}
        elif images:
            # https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/multiimage-post-api
            post["content"] = {
                "multiImage": {"images": [_image(i, a) for i, a in zip(images, alts, strict=True)]}
            }
        response = http.call("POST", "/rest/posts", what="creating the post", json=post)
        urn = response.headers.get("x-restli-id")
        if not urn:
            raise SendError(f"account '{self.account.name}': LinkedIn returned no post id")
        return SendResult(urn, post_url(urn))

    def _upload(self, http: Http, owner: str, data: bytes) -> str:
        body = http.json(
            "POST",
            "/rest/images?action=initializeUpload",
            what="starting an image upload",
            json={"initializeUploadRequest": {"owner": owner}},
        )
        value = body["value"]
        # The upload URL is absolute (another host in production) and takes the same token.
        http.call(
            "PUT",
            value["uploadUrl"],
            what="uploading an image",
            content=data,
            headers={"Content-Type": "application/octet-stream"},
        )
        return str(value["image"])


def _image(urn: str, alt: str | None) -> dict[str, str]:
    return {"id": urn, **({"altText": alt} if alt else {})}


ADAPTER = LinkedInAdapter

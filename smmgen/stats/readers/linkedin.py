"""LinkedIn Pages: share statistics for many posts per call (Community Management API).

- ``GET /rest/organizationalEntityShareStatistics?q=organizationalEntity
  &organizationalEntity={org}&shares=List(…)&ugcPosts=List(…)``
  (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics)
  returns per post ``totalShareStatistics``: ``likeCount``, ``commentCount``,
  ``shareCount``, ``clickCount``, ``impressionCount``,
  ``uniqueImpressionsCount`` (organic only, posts of the last 12 months).
  URNs inside ``List(…)`` are URL-encoded (Rest.li protocol 2.0).
- A post missing from the answer is looked up (``GET /rest/posts/{urn}``):
  404 = deleted.
- Followers: ``GET /rest/networkSizes/{org}?edgeType=COMPANY_FOLLOWED_BY_MEMBER``
  ``firstDegreeSize``.
- Needs the Community Management API product (vetted) and
  ``rw_organization_admin``; without it (403) the account is skipped with one
  message. Posts on a member profile have no statistics API: skipped too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar
from urllib.parse import quote

from ...adapters.http import who
from ...adapters.linkedin import LinkedInAdapter
from ...i18n import _
from ...model import Account
from ..metrics import Counts, count, counts_from
from .base import AccessDenied, NotFound, Reader, get_json

BATCH = 20  # no documented maximum; kept well under URL length limits


class LinkedInReader(Reader):
    """Reads one LinkedIn organization's share statistics."""

    batch = BATCH
    native: ClassVar[Mapping[str, str]] = {
        "likes": "likeCount",
        "replies": "commentCount",
        "reposts": "shareCount",
        "clicks": "clickCount",
        "views": "impressionCount",
        "reach": "uniqueImpressionsCount",
    }
    secret_settings = ("token_env",)

    def __init__(self, account: Account, secrets: Mapping[str, str]) -> None:
        super().__init__(account, secrets)
        self.org = str(account.settings["author_urn"])
        self.http = LinkedInAdapter(account, secrets).http()

    def close(self) -> None:
        """Release connections."""
        self.http.close()

    def _organization(self) -> str:
        if not self.org.startswith("urn:li:organization:"):
            raise AccessDenied(
                _(
                    "{who}: posts on a member profile have no statistics API (only organization "
                    "pages, with the Community Management API); skipped"
                ).format(who=who(self.account))
            )
        return self.org

    def read(self, ids: Sequence[str]) -> dict[str, Counts | None]:
        """Statistics per post URN; None for deleted posts."""
        org = self._organization()
        shares = [i for i in ids if i.startswith("urn:li:share:")]
        ugc = [i for i in ids if not i.startswith("urn:li:share:")]
        query = f"q=organizationalEntity&organizationalEntity={quote(org, safe='')}"
        for name, urns in (("shares", shares), ("ugcPosts", ugc)):
            if urns:
                query += f"&{name}=List(" + ",".join(quote(u, safe="") for u in urns) + ")"
        body = self._get(
            f"/rest/organizationalEntityShareStatistics?{query}", _("reading statistics")
        )
        found: dict[str, Counts | None] = {}
        for element in body.get("elements") or [] if isinstance(body, dict) else []:
            if not isinstance(element, dict):
                continue
            urn = str(element.get("share") or element.get("ugcPost") or "")
            stats = element.get("totalShareStatistics")
            if urn in ids and isinstance(stats, dict):
                found[urn] = counts_from(stats, self.native, self.warn(urn))
        for urn in ids:
            if urn not in found:
                try:
                    self._get(
                        f"/rest/posts/{quote(urn, safe='')}", _("looking up {id}").format(id=urn)
                    )
                except NotFound:
                    found[urn] = None
        return found

    def followers(self) -> int | None:
        """``firstDegreeSize``: the organization's followers."""
        org = self._organization()
        body = self._get(
            f"/rest/networkSizes/{quote(org, safe='')}?edgeType=COMPANY_FOLLOWED_BY_MEMBER",
            _("reading the follower count"),
        )
        return count(body.get("firstDegreeSize")) if isinstance(body, dict) else None

    def _get(self, url: str, what: str) -> object:
        try:
            return get_json(self.http, url, what=what)
        except AccessDenied as exc:
            raise AccessDenied(
                _(
                    "{error} (statistics need LinkedIn's Community Management API product and "
                    "rw_organization_admin); skipped"
                ).format(error=exc)
            ) from None


READER = LinkedInReader

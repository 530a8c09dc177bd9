"""UTM parameters on links, from schedule.yaml's ``utm:`` settings.

::

    utm:
      source: "{network}"       # default
      medium: social            # default
      campaign: "{campaign}"    # default; left out for posts without a campaign
      content: "{post}"         # optional
      domains: [example.com]    # optional: only links to these sites (and subdomains)

Without a ``utm:`` section links stay as written. Parameters a link already
has are never added again (so a hand-made ``utm_source`` wins), and a value
whose placeholders are all empty is left out.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from .counting import strip_trailing_punct
from .fields import Field, declare

PLACEHOLDERS = ("network", "account", "campaign", "post")
_PARAMS = ("source", "medium", "campaign", "content", "term")

UTM = declare(
    Field("source", "str", "`utm_source`; placeholders {network} {account} {campaign} {post}",
          "{network}"),
    Field("medium", "str", "`utm_medium`", "social"),
    Field("campaign", "str", "`utm_campaign` (left out when the post has no campaign)",
          "{campaign}"),
    Field("content", "str", "`utm_content`, e.g. `{post}` to tell posts apart"),
    Field("term", "str", "`utm_term`"),
    Field("domains", "str-list",
          "only links to these domains (and their subdomains) get UTM parameters; "
          "default: every link"),
)  # fmt: skip

# Like counting.find_urls, but never running into the link markers of markdown_text.
_URL = re.compile(r"https?://[^\s<>\"\ue000-\ue002]+", re.IGNORECASE)


def bad_placeholders(value: str) -> list[str]:
    """Placeholders in ``value`` that are not one of :data:`PLACEHOLDERS`."""
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(value) if f is not None]
    except ValueError:
        return [value]
    return [n for n in names if n not in PLACEHOLDERS]


@dataclass(frozen=True)
class Utm:
    """Resolved settings: parameter templates and the domain filter."""

    params: Mapping[str, str]  # e.g. {"source": "{network}", ...}
    domains: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Mapping[str, object] | None) -> Utm | None:
        """From the checked ``utm:`` mapping; None when UTM is off."""
        if settings is None:
            return None
        params = {k: str(settings[k]) for k in _PARAMS if isinstance(settings.get(k), str)}
        domains = settings.get("domains") or ()
        assert isinstance(domains, Sequence)
        return cls(params, tuple(str(d).lower().strip(".") for d in domains))

    def values(self, **context: str | None) -> list[tuple[str, str]]:
        """``[(utm_source, value), …]`` for one post on one account."""
        ctx = {k: context.get(k) or "" for k in PLACEHOLDERS}
        out = []
        for key, template in self.params.items():
            if bad_placeholders(template):
                continue  # reported by the schedule check
            names = _fields(template)
            if names and all(not ctx[f] for f in names):
                continue  # e.g. {campaign} on a post without a campaign
            value = template.format(**ctx).strip()
            if value:
                out.append((f"utm_{key}", value))
        return out

    def applies_to(self, host: str) -> bool:
        """Whether a link to ``host`` gets parameters."""
        host = host.lower().strip(".")
        return not self.domains or any(host == d or host.endswith("." + d) for d in self.domains)


def _fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


def tag_url(url: str, params: list[tuple[str, str]]) -> str:
    """``url`` with the ``params`` it does not have yet, before any ``#fragment``."""
    parts = urlsplit(url)
    have = {k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    extra = "&".join(f"{k}={quote(v, safe='')}" for k, v in params if k not in have)
    if not extra:
        return url
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit(parts._replace(query=query))


def add_utm(text: str, utm: Utm, **context: str | None) -> str:
    """Every ``http(s)://`` link in ``text`` that ``utm`` applies to, tagged."""
    params = utm.values(**context)
    if not params or "://" not in text:
        return text

    def sub(m: re.Match[str]) -> str:
        raw = m.group(0)
        url = strip_trailing_punct(raw)
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            return raw
        if not host or not utm.applies_to(host):
            return raw
        return tag_url(url, params) + raw[len(url) :]

    return _URL.sub(sub, text)

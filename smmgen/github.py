"""GitHub from the workflows: the sticky preview comment and the manual-posting issue.

Settings come only from the environment GitHub Actions provides
(``GITHUB_TOKEN``, ``GITHUB_REPOSITORY``, ``GITHUB_API_URL``). Every API error
becomes a :class:`GitHubError` (exit 2) with a plain message in which the token
never appears; rate limits are waited out when the wait is short.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .errors import ConfigError
from .i18n import _, number
from .preview import GITHUB_COMMENT_LIMIT, MARKER
from .secrets import Redactor
from .untrusted_markdown import neutralise

PUBLIC_API = "https://api.github.com"
ACTIONS_BOT = "github-actions[bot]"
MANUAL_LABEL = "smmgen-manual"
MAX_TRIES = 4
T = TypeVar("T")


class GitHubError(ConfigError):
    """A GitHub API call that failed in a way the user has to fix (exit 2)."""


@dataclass(frozen=True)
class Settings:
    """Where to talk to and as whom."""

    token: str
    owner: str
    repo: str
    api_url: str

    def __repr__(self) -> str:  # never show the token, not even in a debugger
        return f"Settings(owner={self.owner!r}, repo={self.repo!r}, api_url={self.api_url!r})"


def link_hosts(settings: Settings) -> frozenset[str]:
    """Hosts the preview comment may link to: GitHub, the repository's Pages, the networks."""
    from .networks import NETWORKS

    api_host = (urlsplit(settings.api_url).hostname or "").lower()
    github_host = api_host.removeprefix("api.")  # api.github.com, api.NAME.ghe.com, GHES
    return frozenset(
        {
            "github.com",
            github_host,
            f"{settings.owner.lower()}.github.io",
            *(host for network in NETWORKS.values() for host in network.web_hosts),
        }
    )


def settings_from_env(env: Mapping[str, str] | None = None) -> Settings:
    """Read the token, repository and API URL from the environment."""
    env = os.environ if env is None else env
    token = env.get("GITHUB_TOKEN", "").strip()
    if not token:
        raise GitHubError(
            _(
                "GITHUB_TOKEN is not set; in a workflow pass it with "
                "`env: GITHUB_TOKEN: ${{{{ github.token }}}}`"
            ).format()
        )
    full = env.get("GITHUB_REPOSITORY", "")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+", full):
        raise GitHubError(
            _("GITHUB_REPOSITORY must be OWNER/NAME, got {value}").format(value=repr(full))
            if full
            else _("GITHUB_REPOSITORY is not set (OWNER/NAME, set by GitHub Actions)")
        )
    owner, repo = full.split("/")
    api_url = (env.get("GITHUB_API_URL") or PUBLIC_API).rstrip("/")
    if not api_url.startswith(("https://", "http://")):
        raise GitHubError(
            _("GITHUB_API_URL must be an http(s) URL, got {value}").format(value=repr(api_url))
        )
    return Settings(token, owner, repo, api_url)


class Client:
    """The few GitHub operations smmgen needs, through github3.py."""

    def __init__(
        self,
        settings: Settings,
        *,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        import github3

        self.settings = settings
        self.max_wait = max_wait
        self._sleep = sleep
        self._clock = clock
        if settings.api_url == PUBLIC_API:
            self.gh: Any = github3.GitHub(token=settings.token)
        elif settings.api_url.endswith("/api/v3"):
            # GitHub Enterprise Server: github3 appends /api/v3 itself.
            self.gh = github3.GitHubEnterprise(
                settings.api_url.removesuffix("/api/v3"), token=settings.token
            )
        else:  # an API at its own host (GHE.com data residency: https://api.NAME.ghe.com)
            self.gh = github3.GitHub(token=settings.token)
            self.gh.session.base_url = settings.api_url
        self._login: str | None = None

    # ─── errors and rate limits ─────────────────────────────────────────────

    def _redact(self, text: str) -> str:
        return Redactor([self.settings.token]).line(text)

    def _wait_for(self, response: Any) -> float | None:
        """Seconds to wait before retrying, or None if this is not a rate limit."""
        if response is None or response.status_code not in (403, 429):
            return None
        headers = response.headers
        retry_after = headers.get("Retry-After", "")
        if retry_after.strip().isdigit():
            return float(retry_after)
        reset = headers.get("X-RateLimit-Reset", "")
        if headers.get("X-RateLimit-Remaining") == "0" and reset.strip().isdigit():
            return max(0.0, float(reset) - self._clock() + 1.0)  # +1 s: reset is rounded
        # A secondary limit without headers: GitHub asks for at least a minute.
        return 60.0 if response.status_code == 429 else None

    def call(self, what: str, fn: Callable[[], T], *, needs: str = "") -> T:
        """Run ``fn`` (one or more API requests), waiting out short rate limits.

        ``what`` says what was being done and ``needs`` which permission it
        takes, for the error message.
        """
        from github3 import exceptions

        for attempt in range(1, MAX_TRIES + 1):
            try:
                return fn()
            except (
                exceptions.IncompleteResponse,
                exceptions.UnexpectedResponse,
                exceptions.UnprocessableResponseBody,
            ) as exc:
                raise GitHubError(
                    self._redact(
                        _("unexpected answer from GitHub while {what}: {error}").format(
                            what=what, error=exc
                        )
                    )
                ) from None
            except exceptions.ResponseError as exc:
                wait = self._wait_for(exc.response)
                if wait is None:
                    raise self._error(what, exc, needs) from None
                if wait > self.max_wait or attempt == MAX_TRIES:
                    at = dt.datetime.fromtimestamp(self._clock() + wait, dt.UTC)
                    raise GitHubError(
                        _(
                            "GitHub's rate limit stopped {what}: it lifts in {seconds} s "
                            "(at {at} UTC), longer than the {limit} s smmgen waits; run again later"
                        ).format(
                            what=what,
                            seconds=f"{wait:.0f}",
                            at=f"{at:%H:%M:%S}",
                            limit=f"{self.max_wait:.0f}",
                        )
                    ) from None
                self._sleep(wait)
            except exceptions.ConnectionError as exc:
                raise GitHubError(
                    self._redact(
                        _("cannot reach {url} while {what}: {error}").format(
                            url=self.settings.api_url, what=what, error=exc.msg
                        )
                    )
                ) from None
        raise AssertionError("unreachable")  # the loop returns or raises

    def _error(self, what: str, exc: Any, needs: str) -> GitHubError:
        status = exc.code
        message = str(getattr(exc, "msg", "") or "").strip() or _("no details")
        repo = f"{self.settings.owner}/{self.settings.repo}"
        if status == 401:
            text = _("GitHub did not accept GITHUB_TOKEN while {what} (401: {message})").format(
                what=what, message=message
            )
        elif status == 403:
            hint = _("; the token needs `{needs}`").format(needs=needs) if needs else ""
            text = _("GitHub refused {what} (403: {message}){hint}").format(
                what=what, message=message, hint=hint
            )
        elif status == 404:
            text = _(
                "not found while {what} (404): check that {repo} exists, the number is right "
                "and the token can see the repository"
            ).format(what=what, repo=repo)
        else:
            text = _("GitHub answered {status} while {what}: {message}").format(
                status=status, what=what, message=message
            )
        return GitHubError(self._redact(text))

    # ─── who we are ──────────────────────────────────────────────────────────

    def login(self) -> str:
        """The login of the token's user; the Actions token is ``github-actions[bot]``."""
        if self._login is None:
            user = self.call(_("reading the token's user (GET /user)"), self.gh.me)
            if user is None:
                raise GitHubError(_("GitHub did not say which user GITHUB_TOKEN belongs to"))
            self._login = str(user.login)
        return self._login

    def whoami(self, author: str | None) -> str:
        """``author`` if given, else the token's user (the Actions bot when /user is closed)."""
        if author:
            return author
        try:
            return self.login()
        except GitHubError as exc:
            # GET /user answers 403 "Resource not accessible by integration" for the
            # GITHUB_TOKEN of a workflow, whose comments are by github-actions[bot].
            if "(403:" in str(exc) and "integration" in str(exc):
                return ACTIONS_BOT
            raise

    # ─── the sticky preview comment ─────────────────────────────────────────

    def upsert_comment(
        self, number: int, body: str, *, head_sha: str | None = None, author: str | None = None
    ) -> str:
        """Create, edit or delete our one marked comment on PR ``number``.

        Returns what happened: created, updated, unchanged, deleted, none or stale
        (``head_sha`` is no longer the PR's head: a newer run will comment).
        """
        body = self._comment_body(body)
        empty = body in ("", MARKER)
        me = self.whoami(author)
        what = _("reading pull request #{number}").format(number=number)
        pr = self.call(
            what,
            lambda: self.gh.pull_request(self.settings.owner, self.settings.repo, number),
            needs="pull-requests: read",
        )
        if head_sha is not None and pr.head.sha != head_sha:
            return "stale"
        comments = self.call(
            _("listing the comments of #{number}").format(number=number),
            lambda: list(pr.issue_comments()),
            needs="pull-requests: read",
        )
        ours = [c for c in comments if _marked_by(c, me)]
        needs = "pull-requests: write"
        # Extra copies (two runs racing) go: there is one sticky comment.
        for extra in ours[1:]:
            self.call(
                _("deleting a duplicate comment on #{number}").format(number=number),
                extra.delete,
                needs=needs,
            )
        if empty:
            if not ours:
                return "none"
            self.call(
                _("deleting the preview comment on #{number}").format(number=number),
                ours[0].delete,
                needs=needs,
            )
            return "deleted"
        if ours:
            if (ours[0].body or "").strip() == body:
                return "unchanged"
            self.call(
                _("editing the preview comment on #{number}").format(number=number),
                lambda: ours[0].edit(body),
                needs=needs,
            )
            return "updated"
        self.call(
            _("commenting on #{number}").format(number=number),
            lambda: pr.create_comment(body),
            needs=needs,
        )
        return "created"

    def _comment_body(self, body: str) -> str:
        """The preview comment as posted: disarmed, marked, within GitHub's limit."""
        # The body comes from the pull request's own run (a fork's, maybe): never
        # let it mention people, show images or link elsewhere as our bot.
        body = neutralise(body.strip(), link_hosts(self.settings))
        if body and not body.startswith(MARKER):
            body = f"{MARKER}\n{body}"
        if len(body.encode("utf-16-le")) // 2 > GITHUB_COMMENT_LIMIT:
            raise GitHubError(
                _("the comment is longer than GitHub's limit of {limit} characters").format(
                    limit=number(GITHUB_COMMENT_LIMIT)
                )
            )
        return body

    # ─── the manual-posting issue ───────────────────────────────────────────

    def upsert_issue(
        self, title: str, body: str, *, label: str = MANUAL_LABEL, author: str | None = None
    ) -> str:
        """Open, update or close our one open issue labelled ``label``.

        Boxes someone ticked stay ticked. Returns created, updated, unchanged,
        closed or none.
        """
        s = self.settings
        me = self.whoami(author)
        issues = self.call(
            _("listing open issues labelled {label}").format(label=label),
            lambda: list(_open_issues(self.gh, s, label)),
            needs="issues: read",
        )
        ours = [i for i in issues if i.user.login == me and i.pull_request_urls is None]
        needs = "issues: write"
        if not body.strip():
            for issue in ours:
                self.call(
                    _("closing issue #{number}").format(number=issue.number),
                    issue.close,
                    needs=needs,
                )
            return "closed" if ours else "none"
        if ours:
            issue = ours[0]
            merged = keep_ticks(issue.body or "", body)
            if issue.title == title and (issue.body or "").strip() == merged.strip():
                return "unchanged"
            self.call(
                _("updating issue #{number}").format(number=issue.number),
                lambda: issue.edit(title=title, body=merged),
                needs=needs,
            )
            return "updated"
        repo = self.call(
            _("reading {repo}").format(repo=f"{s.owner}/{s.repo}"),
            lambda: self.gh.repository(s.owner, s.repo),
        )
        self.call(
            _("opening the manual-posting issue"),
            lambda: repo.create_issue(title, body=body, labels=[label]),
            needs=needs,
        )
        return "created"

    # ─── the weekly report ──────────────────────────────────────────────────

    def upsert_weekly(self, title: str, body: str, *, label: str, author: str | None = None) -> str:
        """The one open issue ``title`` labelled ``label``: opened or updated.

        Our open issues with the label and another title (earlier weeks) are
        closed, so one report stays open. Returns created, updated or unchanged.
        """
        s = self.settings
        me = self.whoami(author)
        issues = self.call(
            _("listing open issues labelled {label}").format(label=label),
            lambda: list(_open_issues(self.gh, s, label)),
            needs="issues: read",
        )
        ours = [i for i in issues if i.user.login == me and i.pull_request_urls is None]
        needs = "issues: write"
        result = "created"
        for issue in ours:
            if issue.title != title:
                self.call(
                    _("closing issue #{number}").format(number=issue.number),
                    issue.close,
                    needs=needs,
                )
            elif (issue.body or "").strip() == body.strip():
                result = "unchanged"
            elif result == "created":
                self.call(
                    _("updating issue #{number}").format(number=issue.number),
                    partial(issue.edit, body=body),
                    needs=needs,
                )
                result = "updated"
        if result == "created":
            repo = self.call(
                _("reading {repo}").format(repo=f"{s.owner}/{s.repo}"),
                lambda: self.gh.repository(s.owner, s.repo),
            )
            self.call(
                _("opening the report issue"),
                lambda: repo.create_issue(title, body=body, labels=[label]),
                needs=needs,
            )
        return result

    # ─── the inbox ───────────────────────────

    def is_private(self) -> bool:
        """Whether the repository is private (other people's messages may go into issues)."""
        s = self.settings
        repo = self.call(
            _("reading {repo}").format(repo=f"{s.owner}/{s.repo}"),
            lambda: self.gh.repository(s.owner, s.repo),
        )
        return bool(repo.private)

    def inbox_issues(self, convs: list[dict[str, Any]], *, label: str) -> dict[str, int]:
        """One issue per conversation, new items as comments; closed issues stay closed.

        Returns counts: opened, commented, unchanged.
        """
        from .inbox.issues import conversation_marker, issue_body, item_text, new_items, title

        s = self.settings
        hosts = link_hosts(s)
        issues: list[Any] = self.call(
            _("listing issues labelled {label}").format(label=label),
            lambda: list(self.gh.issues_on(s.owner, s.repo, state="all", labels=label)),
            needs="issues: read",
        )
        by_marker = {(i.body or "").split("\n", 1)[0].strip(): i for i in issues}
        counts = {"opened": 0, "commented": 0, "unchanged": 0}
        for conv in convs:
            issue = by_marker.get(conversation_marker(conv))
            if issue is None:
                self._open_issue(title(conv), issue_body(conv, conv["items"], hosts), label)
                counts["opened"] += 1
                continue
            fresh = new_items(conv, self._issue_text(issue))
            if not fresh:
                counts["unchanged"] += 1
                continue
            self._comment_issue(issue, "\n".join(item_text(i, hosts) for i in fresh))
            counts["commented"] += 1
        return counts

    def _open_issue(self, title: str, body: str, label: str) -> None:
        s = self.settings
        repo = self.call(
            _("reading {repo}").format(repo=f"{s.owner}/{s.repo}"),
            lambda: self.gh.repository(s.owner, s.repo),
        )
        self.call(
            _("opening an inbox issue"),
            lambda: repo.create_issue(title, body=body, labels=[label]),
            needs="issues: write",
        )

    def _issue_text(self, issue: Any) -> str:
        """An issue's body and all its comments, to find the markers already there."""
        comments: list[Any] = self.call(
            _("reading the comments of #{number}").format(number=issue.number),
            lambda: list(issue.comments()),
            needs="issues: read",
        )
        return (issue.body or "") + "".join(c.body or "" for c in comments)

    def _comment_issue(self, issue: Any, text: str) -> None:
        self.call(
            _("commenting on #{number}").format(number=issue.number),
            lambda: issue.create_comment(text),
            needs="issues: write",
        )

    def issue_and_comments(self, number: int) -> str:
        """Issue ``number``'s body and every comment, as one text (to find markers in)."""
        s = self.settings
        issue = self.call(
            _("reading issue #{number}").format(number=number),
            lambda: self.gh.issue(s.owner, s.repo, number),
            needs="issues: read",
        )
        return self._issue_text(issue)

    def comment_issue(self, number: int, text: str) -> None:
        """Add a comment to issue ``number``."""
        s = self.settings
        issue = self.call(
            _("reading issue #{number}").format(number=number),
            lambda: self.gh.issue(s.owner, s.repo, number),
            needs="issues: read",
        )
        self._comment_issue(issue, text)


def _open_issues(gh: Any, s: Settings, label: str) -> Any:
    """Open issues with ``label`` (GitHub lists pull requests among issues too)."""
    return gh.issues_on(s.owner, s.repo, state="open", labels=label)


_BOX = re.compile(r"^(\s*[-*] )\[([ xX])\] (.*)$")


def keep_ticks(old: str, new: str) -> str:
    """``new``, with the boxes that are ticked in ``old`` (same line text) ticked."""
    ticked = {
        m.group(3).strip() for m in map(_BOX.match, old.splitlines()) if m and m.group(2) != " "
    }
    out = []
    for line in new.splitlines():
        m = _BOX.match(line)
        if m and m.group(2) == " " and m.group(3).strip() in ticked:
            line = f"{m.group(1)}[x] {m.group(3)}"
        out.append(line)
    return "\n".join(out) + ("\n" if new.endswith("\n") else "")


def _marked_by(comment: Any, login: str) -> bool:
    """Whether ``comment`` is a preview comment of ``login`` (our marker first)."""
    return (
        comment.user is not None
        and comment.user.login == login
        and (comment.body or "").lstrip().startswith(MARKER)
    )

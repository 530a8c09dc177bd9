"""A "New post" issue becomes a post file, and its pull request is kept in step.

Who may: the issue's author has write access to the repository, or someone
with write access put the ``post-approved`` label on it. Everything the issue
says is data: it is parsed, quoted into YAML and neutralised in Markdown;
nothing of it reaches a shell.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .github import Client, GitHubError, Settings
from .i18n import _
from .issue_form import APPROVED_LABEL, FormAnswers, parse_issue, strip_title_prefix
from .model import Schedule

WRITERS = frozenset({"admin", "maintain", "write"})
BRANCH_PREFIX = "smmgen/new-post-"


def api(client: Client, method: str, path: str, what: str, **kw: Any) -> Any:
    """One REST call through the client's session and its error and rate-limit handling."""
    from github3 import exceptions

    def go() -> Any:
        response = client.gh.session.request(method, client.settings.api_url + path, **kw)
        if response.status_code >= 400:
            raise exceptions.error_for(response)
        return response.json() if response.content else None

    return client.call(what, go)


def web_url(settings: Settings) -> str:
    """https://github.com, or the GHES / GHE.com server the API belongs to."""
    base = settings.api_url.removesuffix("/api/v3")
    return (
        "https://github.com" if base == "https://api.github.com" else base.replace("//api.", "//")
    )


@dataclass(frozen=True)
class Issue:
    """What smmgen reads of an issue."""

    number: int
    title: str
    body: str
    body_html: str
    author: str
    state: str


def read_issue(client: Client, number: int) -> Issue:
    """The issue, with its text as typed and as GitHub rendered it."""
    s = client.settings
    data = api(
        client,
        "GET",
        f"/repos/{s.owner}/{s.repo}/issues/{number}",
        _("reading issue #{number}").format(number=number),
        headers={"Accept": "application/vnd.github.full+json"},
    )
    if data.get("pull_request"):
        raise GitHubError(_("#{number} is a pull request, not an issue").format(number=number))
    return Issue(
        number=number,
        title=str(data.get("title") or ""),
        body=str(data.get("body") or ""),
        body_html=str(data.get("body_html") or ""),
        author=str((data.get("user") or {}).get("login") or ""),
        state=str(data.get("state") or "open"),
    )


def can_write(client: Client, login: str) -> bool:
    """Whether ``login`` has write access to the repository."""
    s = client.settings
    data = api(
        client,
        "GET",
        f"/repos/{s.owner}/{s.repo}/collaborators/{quote(login, safe='')}/permission",
        _("reading {login}'s permission").format(login=login),
    )
    role = str(data.get("role_name") or data.get("permission") or "")
    return role in WRITERS or str(data.get("permission")) in WRITERS


def approved_by(client: Client, issue: Issue) -> str | None:
    """Who may convert this issue: its author if a writer, else a writer who approved it."""
    if issue.author and can_write(client, issue.author):
        return issue.author
    s = client.settings
    events = api(
        client,
        "GET",
        f"/repos/{s.owner}/{s.repo}/issues/{issue.number}/events?per_page=100",
        _("reading the events of #{number}").format(number=issue.number),
    )
    labelled = [
        str((e.get("actor") or {}).get("login") or "")
        for e in events or []
        if e.get("event") == "labeled" and (e.get("label") or {}).get("name") == APPROVED_LABEL
    ]
    for login in reversed(labelled):
        if login and can_write(client, login):
            return login
    return None


def draft_from_issue(
    client: Client, issue: Issue, schedule: Schedule, answers: FormAnswers, workdir: Path
) -> Any:
    """A :class:`~smmgen.newpost.Draft` from the form, images downloaded into ``workdir``."""
    from .attachments import attachment_id, fetch, image_urls, signed_urls
    from .content import parse_publish_at
    from .newpost import Draft, Image, slot_for

    publish_at, slot = None, None
    if answers.when:
        parsed, now, problem = parse_publish_at(answers.when)
        if problem or (parsed is None and not now):
            raise GitHubError(
                _("issue #{number}, Date and time: {problem}").format(
                    number=issue.number, problem=problem
                )
            )
        publish_at = "now" if now else _time_text(parsed)
    else:
        slot = slot_for(schedule, answers.accounts)
        if slot is None:
            raise GitHubError(
                _(
                    "issue #{number}: no slot posts to all of {accounts}; give a date and time "
                    "in the form"
                ).format(number=issue.number, accounts=", ".join(answers.accounts))
            )
    urls = image_urls(answers.images)
    if len(answers.alts) != len(urls):
        raise GitHubError(
            _(
                "issue #{number}: {images} image(s) but {alts} alt text line(s); write one line "
                "of alt text per image"
            ).format(number=issue.number, images=len(urls), alts=len(answers.alts))
        )
    signed = signed_urls(issue.body_html)
    s = client.settings
    images = []
    for i, (url, alt) in enumerate(zip(urls, answers.alts, strict=True), 1):
        key = attachment_id(url)
        source = signed.get(key, url) if key else url
        got = fetch(source, web_url(s), s.owner, s.repo)
        if isinstance(got, str):
            raise GitHubError(f"issue #{issue.number}, image {i}: {got}")
        path = workdir / f"issue-{issue.number}-{i}.{got.ext}"
        path.write_bytes(got.data)
        images.append(Image(path, alt))
    title = strip_title_prefix(issue.title) or f"issue {issue.number}"
    return Draft(
        body=answers.text,
        accounts=answers.accounts,
        publish_at=publish_at,
        slot=slot,
        campaign=answers.campaign or None,
        link=answers.link or None,
        sponsored=answers.sponsored,
        images=tuple(images),
        title=title,
    )


def _time_text(parsed: dt.datetime | None) -> str:
    assert parsed is not None
    return parsed.strftime("%Y-%m-%d %H:%M") if parsed.tzinfo is None else parsed.isoformat()


def convert(root: Path, schedule: Schedule, number: int, settings: Settings) -> tuple[Any, str]:
    """The draft for issue ``number`` and who allowed it (GitHubError when not allowed)."""
    client = Client(settings)
    issue = read_issue(client, number)
    who = approved_by(client, issue)
    if who is None:
        raise GitHubError(
            _(
                "issue #{number} is by {author}, who has no write access, and nobody with write "
                "access labelled it {label}; not converted"
            ).format(number=number, author=issue.author or _("someone"), label=APPROVED_LABEL)
        )
    answers = parse_issue(issue.body, schedule)
    if isinstance(answers, str):
        raise GitHubError(_("issue #{number}: {why}").format(number=number, why=answers))
    workdir = Path(tempfile.mkdtemp(prefix="smmgen-issue-"))
    return draft_from_issue(client, issue, schedule, answers, workdir), who


# ─── the pull request ────────────────────────────────────────────────────────


def pr_body(issue: Issue, answers: FormAnswers | None, approver: str, hosts: frozenset[str]) -> str:
    """The pull request's description: the issue it closes and the reviewers' notes."""
    from .untrusted_markdown import neutralise

    lines = [
        _("Closes #{number} (the New post form; edit the issue to change this post).").format(
            number=issue.number
        ),
        "",
        (
            _("Converted because {approver} has write access and approved it.")
            if approver != issue.author
            else _("Converted because {approver} has write access.")
        ).format(approver=approver),
    ]
    if answers is not None and answers.notes:
        lines += ["", "### " + _("Notes for reviewers"), "", neutralise(answers.notes, hosts)]
    return "\n".join(lines) + "\n"


def upsert_pr(settings: Settings, number: int, branch: str, base: str | None) -> tuple[int, str]:
    """Open the PR for issue ``number``'s branch, or update it; (PR number, what happened)."""
    from .github import link_hosts
    from .schedule import read_schedule

    client = Client(settings)
    issue = read_issue(client, number)
    who = approved_by(client, issue)
    if who is None:
        raise GitHubError(
            _("issue #{number} is not approved; no pull request").format(number=number)
        )
    answers = None
    root = Path.cwd()
    if (root / "schedule.yaml").is_file():
        schedule, _problems = read_schedule(root, root / "schedule.yaml")
        if schedule is not None:
            parsed = parse_issue(issue.body, schedule)
            answers = parsed if not isinstance(parsed, str) else None
    s = settings
    title = strip_title_prefix(issue.title) or _("issue #{number}").format(number=number)
    title = _("New post: {title}").format(title=title)[:200]
    body = pr_body(issue, answers, who, link_hosts(s))
    existing = _open_pr(client, branch)
    if existing is not None:
        api(
            client,
            "PATCH",
            f"/repos/{s.owner}/{s.repo}/pulls/{existing}",
            _("updating pull request #{number}").format(number=existing),
            json={"title": title, "body": body},
        )
        return existing, "updated"
    if base is None:
        what = _("reading {repo}").format(repo=f"{s.owner}/{s.repo}")
        repo = api(client, "GET", f"/repos/{s.owner}/{s.repo}", what)
        base = str(repo["default_branch"])
    created = api(
        client,
        "POST",
        f"/repos/{s.owner}/{s.repo}/pulls",
        _("opening the pull request"),
        json={"title": title, "head": branch, "base": base, "body": body},
    )
    return int(created["number"]), "created"


def close_pr(settings: Settings, branch: str) -> int | None:
    """Close the open PR of ``branch`` (its issue was closed); its number, or None."""
    client = Client(settings)
    existing = _open_pr(client, branch)
    if existing is None:
        return None
    s = settings
    api(
        client,
        "PATCH",
        f"/repos/{s.owner}/{s.repo}/pulls/{existing}",
        _("closing pull request #{number}").format(number=existing),
        json={"state": "closed"},
    )
    return existing


def _open_pr(client: Client, branch: str) -> int | None:
    s = client.settings
    found = api(
        client,
        "GET",
        f"/repos/{s.owner}/{s.repo}/pulls?state=open&head={quote(s.owner + ':' + branch)}",
        _("looking for the pull request of {branch}").format(branch=branch),
    )
    return int(found[0]["number"]) if found else None

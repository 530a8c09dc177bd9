"""`smmgen github comment|checklist` against a local server speaking GitHub's REST API.

The fake keeps comments and issues in memory and answers with the full
payloads GitHub documents, so github3.py parses them as it would in a workflow.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.cli import main
from smmgen.github import keep_ticks
from smmgen.preview import MARKER

TOKEN = "ghs_s3cr3tT0kenValue000000000000000000"
OWNER, REPO = "bergwerk", "social"
NOW = "2026-11-25T18:00:00Z"
BOT = "github-actions[bot]"


def user(base: str, login: str, uid: int, kind: str = "User") -> dict[str, Any]:
    u = f"{base}/users/{login}"
    return {
        "login": login,
        "id": uid,
        "node_id": f"MDQ6VXNlcj{uid}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?v=4",
        "gravatar_id": "",
        "url": u,
        "html_url": f"https://github.com/{login}",
        "followers_url": f"{u}/followers",
        "following_url": f"{u}/following{{/other_user}}",
        "gists_url": f"{u}/gists{{/gist_id}}",
        "starred_url": f"{u}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{u}/subscriptions",
        "organizations_url": f"{u}/orgs",
        "repos_url": f"{u}/repos",
        "events_url": f"{u}/events{{/privacy}}",
        "received_events_url": f"{u}/received_events",
        "type": kind,
        "user_view_type": "public",
        "site_admin": False,
    }


def me(base: str, login: str, uid: int) -> dict[str, Any]:
    """GET /user for a personal access token."""
    return {
        **user(base, login, uid),
        "name": "Social Bot",
        "company": "Bergwerk Outdoor",
        "blog": "",
        "location": "München",
        "email": None,
        "hireable": None,
        "bio": None,
        "twitter_username": None,
        "public_repos": 2,
        "public_gists": 0,
        "followers": 0,
        "following": 0,
        "created_at": "2024-01-10T09:00:00Z",
        "updated_at": NOW,
        "private_gists": 0,
        "total_private_repos": 1,
        "owned_private_repos": 1,
        "disk_usage": 120,
        "collaborators": 0,
        "two_factor_authentication": True,
        "plan": {"name": "free", "space": 976562499, "collaborators": 0, "private_repos": 10000},
    }


def repository(base: str) -> dict[str, Any]:
    r = f"{base}/repos/{OWNER}/{REPO}"
    urls = {
        f"{k}_url": f"{r}/{v}"
        for k, v in {
            "archive": "{archive_format}{/ref}",
            "assignees": "assignees{/user}",
            "blobs": "git/blobs{/sha}",
            "branches": "branches{/branch}",
            "collaborators": "collaborators{/collaborator}",
            "comments": "comments{/number}",
            "commits": "commits{/sha}",
            "compare": "compare/{base}...{head}",
            "contents": "contents/{+path}",
            "contributors": "contributors",
            "deployments": "deployments",
            "downloads": "downloads",
            "events": "events",
            "forks": "forks",
            "git_commits": "git/commits{/sha}",
            "git_refs": "git/refs{/sha}",
            "git_tags": "git/tags{/sha}",
            "hooks": "hooks",
            "issue_comment": "issues/comments{/number}",
            "issue_events": "issues/events{/number}",
            "issues": "issues{/number}",
            "keys": "keys{/key_id}",
            "labels": "labels{/name}",
            "languages": "languages",
            "merges": "merges",
            "milestones": "milestones{/number}",
            "notifications": "notifications{?since,all,participating}",
            "pulls": "pulls{/number}",
            "releases": "releases{/id}",
            "stargazers": "stargazers",
            "statuses": "statuses/{sha}",
            "subscribers": "subscribers",
            "subscription": "subscription",
            "tags": "tags",
            "teams": "teams",
            "trees": "git/trees{/sha}",
        }.items()
    }
    return {
        "id": 1296269,
        "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
        "name": REPO,
        "full_name": f"{OWNER}/{REPO}",
        "owner": user(base, OWNER, 9919, "Organization"),
        "private": False,
        "html_url": f"https://github.com/{OWNER}/{REPO}",
        "description": "Our posts, as code",
        "fork": False,
        "url": r,
        **urls,
        "git_url": f"git://github.com/{OWNER}/{REPO}.git",
        "ssh_url": f"git@github.com:{OWNER}/{REPO}.git",
        "clone_url": f"https://github.com/{OWNER}/{REPO}.git",
        "svn_url": f"https://github.com/{OWNER}/{REPO}",
        "mirror_url": None,
        "homepage": None,
        "language": "Python",
        "forks_count": 0,
        "forks": 0,
        "stargazers_count": 3,
        "watchers_count": 3,
        "watchers": 3,
        "size": 108,
        "default_branch": "main",
        "open_issues_count": 1,
        "open_issues": 1,
        "is_template": True,
        "topics": [],
        "has_issues": True,
        "has_projects": False,
        "has_wiki": False,
        "has_pages": True,
        "has_downloads": True,
        "has_discussions": False,
        "archived": False,
        "disabled": False,
        "visibility": "public",
        "pushed_at": NOW,
        "created_at": "2026-01-05T10:00:00Z",
        "updated_at": NOW,
        "permissions": {"admin": False, "push": True, "pull": True},
        "allow_forking": True,
        "license": None,
        "network_count": 0,
        "subscribers_count": 2,
    }


def branch(base: str, ref: str, sha: str) -> dict[str, Any]:
    return {
        "label": f"{OWNER}:{ref}",
        "ref": ref,
        "sha": sha,
        "user": user(base, OWNER, 9919, "Organization"),
        "repo": repository(base),
    }


def pull_request(base: str, number: int, head_sha: str, author: dict[str, Any]) -> dict[str, Any]:
    r = f"{base}/repos/{OWNER}/{REPO}"
    pr = f"{r}/pulls/{number}"
    return {
        "url": pr,
        "id": 1000 + number,
        "node_id": f"PR_kwDO{number}",
        "html_url": f"https://github.com/{OWNER}/{REPO}/pull/{number}",
        "diff_url": f"https://github.com/{OWNER}/{REPO}/pull/{number}.diff",
        "patch_url": f"https://github.com/{OWNER}/{REPO}/pull/{number}.patch",
        "issue_url": f"{r}/issues/{number}",
        "commits_url": f"{pr}/commits",
        "review_comments_url": f"{pr}/comments",
        "review_comment_url": f"{r}/pulls/comments{{/number}}",
        "comments_url": f"{r}/issues/{number}/comments",
        "statuses_url": f"{r}/statuses/{head_sha}",
        "number": number,
        "state": "open",
        "locked": False,
        "title": "Post: Adventswanderung",
        "user": author,
        "body": "New post for December.",
        "body_text": "New post for December.",
        "body_html": "<p>New post for December.</p>",
        "labels": [],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": "2026-11-24T08:00:00Z",
        "updated_at": NOW,
        "closed_at": None,
        "merged_at": None,
        "merge_commit_sha": None,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": branch(base, "post/advent", head_sha),
        "base": branch(base, "main", "c" * 40),
        "_links": {
            "self": {"href": pr},
            "html": {"href": f"https://github.com/{OWNER}/{REPO}/pull/{number}"},
            "issue": {"href": f"{r}/issues/{number}"},
            "comments": {"href": f"{r}/issues/{number}/comments"},
            "review_comments": {"href": f"{pr}/comments"},
            "review_comment": {"href": f"{r}/pulls/comments{{/number}}"},
            "commits": {"href": f"{pr}/commits"},
            "statuses": {"href": f"{r}/statuses/{head_sha}"},
        },
        "author_association": "MEMBER",
        "auto_merge": None,
        "draft": False,
        "merged": False,
        "mergeable": True,
        "rebaseable": True,
        "mergeable_state": "clean",
        "merged_by": None,
        "comments": 0,
        "review_comments": 0,
        "maintainer_can_modify": False,
        "commits": 1,
        "additions": 20,
        "deletions": 0,
        "changed_files": 1,
    }


@dataclass
class FakeGitHub:
    """GitHub's REST API for one repository: PRs, issue comments, issues, rate limits."""

    server: HTTPServer
    login: str | None = "social-bot"  # None: GET /user is closed (the Actions token)
    head_sha: str = "a" * 40
    page_size: int = 100
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    fail: list[tuple[int, dict[str, str], str]] = field(default_factory=list)  # next answers
    next_id: int = 500

    @property
    def base(self) -> str:
        return self.server.url_for("/api/v3").rstrip("/")

    def me_user(self) -> dict[str, Any]:
        return user(self.base, self.login or BOT, 41898282, "User" if self.login else "Bot")

    def comment(self, author: dict[str, Any], body: str, number: int = 7) -> int:
        self.next_id += 1
        cid = self.next_id
        r = f"{self.base}/repos/{OWNER}/{REPO}"
        self.comments[cid] = {
            "id": cid,
            "node_id": f"IC_kwDO{cid}",
            "url": f"{r}/issues/comments/{cid}",
            "html_url": f"https://github.com/{OWNER}/{REPO}/pull/{number}#issuecomment-{cid}",
            "body": body,
            "body_text": body,
            "body_html": f"<p>{body}</p>",
            "user": author,
            "created_at": NOW,
            "updated_at": NOW,
            "issue_url": f"{r}/issues/{number}",
            "author_association": "NONE",
            "performed_via_github_app": None,
            "reactions": {"url": f"{r}/issues/comments/{cid}/reactions", "total_count": 0},
        }
        return cid

    def issue(self, author: dict[str, Any], title: str, body: str, labels: list[str]) -> int:
        number = 40 + len(self.issues)
        r = f"{self.base}/repos/{OWNER}/{REPO}"
        i = f"{r}/issues/{number}"
        self.issues[number] = {
            "id": 9000 + number,
            "node_id": f"I_kwDO{number}",
            "url": i,
            "repository_url": r,
            "labels_url": f"{i}/labels{{/name}}",
            "comments_url": f"{i}/comments",
            "events_url": f"{i}/events",
            "html_url": f"https://github.com/{OWNER}/{REPO}/issues/{number}",
            "number": number,
            "state": "open",
            "state_reason": None,
            "title": title,
            "body": body,
            "body_text": body,
            "body_html": f"<p>{body}</p>",
            "user": author,
            "labels": [self.label(name) for name in labels],
            "assignee": None,
            "assignees": [],
            "milestone": None,
            "locked": False,
            "active_lock_reason": None,
            "comments": 0,
            "closed_at": None,
            "created_at": NOW,
            "updated_at": NOW,
            "closed_by": None,
            "author_association": "NONE",
        }
        return number

    def label(self, name: str) -> dict[str, Any]:
        return {
            "id": 208045946,
            "node_id": "MDU6TGFiZWwyMDgwNDU5NDY=",
            "url": f"{self.base}/repos/{OWNER}/{REPO}/labels/{name}",
            "name": name,
            "description": "Posts to publish by hand",
            "color": "f29513",
            "default": False,
        }

    def handle(self, request: Request) -> Response:
        path = request.path.removeprefix("/api/v3")
        query = request.query_string.decode()
        self.log.append(f"{request.method} {path}" + (f"?{query}" if query else ""))
        if request.headers.get("Authorization") != f"token {TOKEN}":
            return self.json(401, {"message": "Bad credentials"})
        if self.fail:
            status, headers, message = self.fail.pop(0)
            return self.json(status, {"message": message}, headers)
        repo = f"/repos/{OWNER}/{REPO}"
        body = json.loads(request.data) if request.data else {}
        if path == "/user":
            if self.login is None:
                return self.json(403, {"message": "Resource not accessible by integration"})
            return self.json(200, me(self.base, self.login, 583231))
        if path == repo:
            return self.json(200, repository(self.base))
        if m := re.fullmatch(rf"{repo}/pulls/(\d+)", path):
            if int(m[1]) != 7:
                return self.json(404, {"message": "Not Found"})
            author = user(self.base, "marie", 77)
            return self.json(200, pull_request(self.base, 7, self.head_sha, author))
        if m := re.fullmatch(rf"{repo}/issues/(\d+)/comments", path):
            if request.method == "POST":
                cid = self.comment(self.me_user(), body["body"], int(m[1]))
                return self.json(201, self.comments[cid])
            items = [c for c in self.comments.values() if c["issue_url"].endswith(f"/{m[1]}")]
            return self.page(request, path, items)
        if m := re.fullmatch(rf"{repo}/issues/comments/(\d+)", path):
            cid = int(m[1])
            if request.method == "PATCH":
                self.comments[cid] = {**self.comments[cid], "body": body["body"]}
                return self.json(200, self.comments[cid])
            if request.method == "DELETE":
                del self.comments[cid]
                return Response(status=204)
        if path == f"{repo}/issues":
            if request.method == "POST":
                number = self.issue(self.me_user(), body["title"], body["body"], body["labels"])
                return self.json(201, self.issues[number])
            label = request.args.get("labels", "")
            items = [
                i
                for i in self.issues.values()
                if i["state"] == request.args.get("state", "open")
                and label in [x["name"] for x in i["labels"]]
            ]
            return self.page(request, path, items)
        if (m := re.fullmatch(rf"{repo}/issues/(\d+)", path)) and request.method == "PATCH":
            if "labels" in body:  # names in the request, objects in the answer
                body["labels"] = [self.label(name) for name in body["labels"]]
            self.issues[int(m[1])].update(body)
            return self.json(200, self.issues[int(m[1])])
        return self.json(404, {"message": "Not Found"})

    def page(self, request: Request, path: str, items: list[dict[str, Any]]) -> Response:
        """GitHub's pagination: per_page up to the server's page size, a Link to the next."""
        size = min(int(request.args.get("per_page", 30)), self.page_size)
        page = int(request.args.get("page", 1))
        chunk = items[(page - 1) * size : page * size]
        headers = {}
        if page * size < len(items):
            args = {**request.args, "page": str(page + 1)}
            query = "&".join(f"{k}={v}" for k, v in args.items())
            headers["Link"] = f'<{self.base}{path}?{query}>; rel="next"'
        return self.json(200, chunk, headers)

    @staticmethod
    def json(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
        return Response(
            json.dumps(payload),
            status=status,
            headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        )


@pytest.fixture
def gh(httpserver: HTTPServer) -> FakeGitHub:
    fake = FakeGitHub(httpserver)
    httpserver.expect_request(re.compile(r"/api/v3/.*")).respond_with_handler(fake.handle)
    return fake


def run(gh: FakeGitHub, *args: str, env: dict[str, str | None] | None = None) -> Result:
    environment: dict[str, str | None] = {
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_REPOSITORY": f"{OWNER}/{REPO}",
        "GITHUB_API_URL": gh.base,
        **(env or {}),
    }
    result = CliRunner().invoke(main, ["github", *args], env=environment)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"smmgen crashed: {result.exception!r}") from result.exception
    assert "Traceback" not in result.output
    assert TOKEN not in result.output  # the token is never printed
    return result


def body_file(tmp_path: Path, text: str, name: str = "preview.md") -> str:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return str(path)


def ours(gh: FakeGitHub) -> list[dict[str, Any]]:
    return [c for c in gh.comments.values() if c["user"]["login"] == (gh.login or BOT)]


def test_sticky_comment_created_once_then_edited(gh: FakeGitHub, tmp_path: Path) -> None:
    first = body_file(tmp_path, f"{MARKER}\n## smmgen preview\n\nfirst\n")
    result = run(gh, "comment", "--pr", "7", "--body-file", first)
    assert result.exit_code == 0, result.output
    assert result.stdout == "#7: preview comment created\n"
    assert [c["body"] for c in ours(gh)] == [f"{MARKER}\n## smmgen preview\n\nfirst"]

    second = body_file(tmp_path, f"{MARKER}\n## smmgen preview\n\nsecond\n")
    result = run(gh, "comment", "--pr", "7", "--body-file", second)
    assert result.stdout == "#7: preview comment updated\n"
    assert [c["body"] for c in ours(gh)] == [f"{MARKER}\n## smmgen preview\n\nsecond"]
    assert "POST /repos/bergwerk/social/issues/7/comments" in gh.log
    assert gh.log.count("POST /repos/bergwerk/social/issues/7/comments") == 1
    assert any(e.startswith("PATCH /repos/bergwerk/social/issues/comments/") for e in gh.log)

    # The same body again: nothing is written.
    gh.log.clear()
    assert run(gh, "comment", "--pr", "7", "--body-file", second).stdout.endswith("up to date\n")
    assert not [e for e in gh.log if not e.startswith("GET")]


def test_foreign_comments_with_the_marker_are_untouched(gh: FakeGitHub, tmp_path: Path) -> None:
    # Someone quoting our marker, on a server that pages 2 comments at a time.
    gh.page_size = 2
    stranger = user(gh.base, "mallory", 666)
    foreign = gh.comment(stranger, f"{MARKER}\nfake preview by someone else")
    for i in range(3):
        gh.comment(user(gh.base, "marie", 77), f"review remark {i}")
    mine = gh.comment(gh.me_user(), f"{MARKER}\nold")
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, "new text"))
    assert result.stdout == "#7: preview comment updated\n", result.output
    assert gh.comments[foreign]["body"] == f"{MARKER}\nfake preview by someone else"
    assert gh.comments[mine]["body"] == f"{MARKER}\nnew text"
    assert len(gh.comments) == 5
    # All three pages were read: our comment is on the last one.
    assert sum(e.startswith("GET /repos/bergwerk/social/issues/7/comments") for e in gh.log) == 3


def test_empty_body_deletes_our_comment_only(gh: FakeGitHub, tmp_path: Path) -> None:
    foreign = gh.comment(user(gh.base, "mallory", 666), f"{MARKER}\nnot yours")
    gh.comment(gh.me_user(), f"{MARKER}\nold preview")
    gh.comment(gh.me_user(), f"{MARKER}\nduplicate from a race")
    empty = body_file(tmp_path, "")
    result = run(gh, "comment", "--pr", "7", "--body-file", empty, "--delete-if-empty")
    assert result.stdout == "#7: no posts changed any more, preview comment deleted\n"
    assert list(gh.comments) == [foreign]
    result = run(gh, "comment", "--pr", "7", "--body-file", empty)
    assert result.stdout == "#7: no posts changed, nothing to comment\n"


def test_actions_token_comments_as_the_bot(gh: FakeGitHub, tmp_path: Path) -> None:
    gh.login = None  # GET /user → 403 "Resource not accessible by integration"
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, "hello"))
    assert result.exit_code == 0, result.output
    assert [c["user"]["login"] for c in gh.comments.values()] == [BOT]
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, "again"))
    assert result.stdout == "#7: preview comment updated\n"
    assert len(gh.comments) == 1


def test_stale_head_sha_is_skipped(gh: FakeGitHub, tmp_path: Path) -> None:
    preview = body_file(tmp_path, "x")
    result = run(gh, "comment", "--pr", "7", "--body-file", preview, "--head-sha", "b" * 40)
    assert result.exit_code == 0
    assert "no longer the head" in result.stdout
    assert gh.comments == {}
    result = run(gh, "comment", "--pr", "7", "--body-file", preview, "--head-sha", "a" * 40)
    assert result.stdout == "#7: preview comment created\n"


def test_forbidden_is_reported_clearly(gh: FakeGitHub, tmp_path: Path) -> None:
    gh.fail = [(403, {}, "Resource not accessible by integration")]
    f = body_file(tmp_path, "x")
    result = run(gh, "comment", "--pr", "7", "--body-file", f, "--author", "social-bot")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: GitHub refused reading pull request #7 (403: Resource not accessible by "
        "integration); the token needs `pull-requests: read`\n"
    )
    # A 403 on the write itself names the missing permission.
    gh.fail = []
    mine = gh.comment(gh.me_user(), f"{MARKER}\nold")
    del mine
    calls = len(gh.log)

    def refuse_patch(request: Request) -> Response:
        if request.method == "PATCH":
            return gh.json(403, {"message": "Resource not accessible by integration"})
        return gh.handle(request)

    gh.server.clear_all_handlers()
    gh.server.expect_request(re.compile(r"/api/v3/.*")).respond_with_handler(refuse_patch)
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, "new"))
    assert result.exit_code == 2
    assert "GitHub refused editing the preview comment on #7 (403:" in result.stderr
    assert "the token needs `pull-requests: write`" in result.stderr
    assert len(gh.log) > calls


def test_not_found_is_reported_clearly(gh: FakeGitHub, tmp_path: Path) -> None:
    result = run(gh, "comment", "--pr", "99", "--body-file", body_file(tmp_path, "x"))
    assert result.exit_code == 2
    assert "not found while reading pull request #99 (404)" in result.stderr
    assert "bergwerk/social" in result.stderr


def test_bad_token_and_missing_settings(gh: FakeGitHub, tmp_path: Path) -> None:
    f = body_file(tmp_path, "x")
    result = run(gh, "comment", "--pr", "7", "--body-file", f, env={"GITHUB_TOKEN": None})
    assert result.exit_code == 2
    assert "GITHUB_TOKEN is not set" in result.stderr
    result = run(gh, "comment", "--pr", "7", "--body-file", f, env={"GITHUB_REPOSITORY": "x"})
    assert result.exit_code == 2 and "OWNER/NAME" in result.stderr
    wrong = "ghp_wrongwrongwrong"
    result = run(gh, "comment", "--pr", "7", "--body-file", f, env={"GITHUB_TOKEN": wrong})
    assert result.exit_code == 2
    assert (
        "did not accept GITHUB_TOKEN" in result.stderr and "401: Bad credentials" in result.stderr
    )
    assert wrong not in result.output
    result = run(gh, "comment", "--pr", "abc", "--body-file", f)
    assert result.exit_code == 2


def test_rate_limit_short_wait_is_retried(gh: FakeGitHub, tmp_path: Path) -> None:
    # A secondary rate limit asking to retry right away, then a primary one already reset.
    gh.fail = [
        (403, {"Retry-After": "0"}, "You have exceeded a secondary rate limit."),
        (
            429,
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1000000000"},
            "API rate limit exceeded",
        ),
    ]
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, "x"))
    assert result.exit_code == 0, result.output
    assert len(ours(gh)) == 1


def test_rate_limit_long_wait_fails_clearly(gh: FakeGitHub, tmp_path: Path) -> None:
    gh.fail = [(403, {"Retry-After": "3600"}, "You have exceeded a secondary rate limit.")]
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, "x"))
    assert result.exit_code == 2
    assert "rate limit stopped reading the token's user" in result.stderr
    assert "lifts in 3600 s" in result.stderr and "run again later" in result.stderr
    assert gh.comments == {}


def test_checklist_issue_opened_updated_and_closed(
    gh: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Outside any content repository: English (this repository's example speaks German).
    monkeypatch.chdir(tmp_path)
    first = "Due now:\n\n- [ ] xing: content/a.md\n- [ ] xing: content/b.md\n"
    result = run(gh, "checklist", "--body-file", body_file(tmp_path, first))
    assert result.stdout == "opened the 'smmgen-manual' issue\n", result.output
    (number,) = gh.issues
    assert [x["name"] for x in gh.issues[number]["labels"]] == ["smmgen-manual"]
    # Someone published a.md by hand and ticked it; a new post became due.
    gh.issues[number]["body"] = first.replace("[ ] xing: content/a.md", "[x] xing: content/a.md")
    second = first + "- [ ] xing: content/c.md\n"
    assert run(gh, "checklist", "--body-file", body_file(tmp_path, second)).stdout == (
        "updated the 'smmgen-manual' issue\n"
    )
    assert (
        "- [x] xing: content/a.md\n- [ ] xing: content/b.md\n- [ ] xing: content/c.md"
        in (gh.issues[number]["body"])
    )
    assert len(gh.issues) == 1
    # Someone else's issue with the label is left alone; ours closes when nothing is due.
    other = gh.issue(user(gh.base, "marie", 77), "My own list", "- [ ] x", ["smmgen-manual"])
    result = run(gh, "checklist", "--body-file", body_file(tmp_path, ""))
    assert result.stdout == "nothing to post by hand: closed the 'smmgen-manual' issue\n"
    assert gh.issues[number]["state"] == "closed"
    assert gh.issues[other]["state"] == "open"


def test_keep_ticks() -> None:
    old = "- [x] one\n- [ ] two\n* [X] three\n"
    assert keep_ticks(old, "- [ ] one\n- [ ] two\n- [ ] four\n") == (
        "- [x] one\n- [ ] two\n- [ ] four\n"
    )


MANUAL_SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  xing:
    network: manual
    platform: XING
    max_length: 3000
    url: https://www.xing.com/pages/example
"""


def test_checklist_from_the_plan(gh: FakeGitHub, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "content").mkdir(parents=True)
    (root / "schedule.yaml").write_text(MANUAL_SCHEDULE, "utf-8")
    (root / "content/fair.md").write_text(
        "---\npublish_at: 2027-01-11 09:30\nnetworks: [xing]\nvariants:\n  xing:\n"
        "    body: 'See you at the fair, hall B. ```code``` </details>'\n---\nbody\n",
        "utf-8",
    )
    args = ("checklist", "--root", str(root), "--at")
    result = run(gh, *args, "2027-01-11 08:00")  # not due yet: nothing to open
    assert result.stdout == "nothing to post by hand\n", result.output
    assert gh.issues == {}
    result = run(gh, *args, "2027-01-11 10:00")
    assert result.stdout == "opened the 'smmgen-manual' issue\n", result.output
    (issue,) = gh.issues.values()
    body = issue["body"]
    assert "- [ ] XING (xing): ` content/fair.md `, due 2027-01-11 09:30 Europe/Berlin" in body
    assert "  ````text\n  See you at the fair, hall B. ```code``` </details>\n  ````" in body
    assert "smmgen mark-published fair --account xing --url URL --commit" in body


def test_rate_limit_waits_until_the_reset(gh: FakeGitHub) -> None:
    """A primary limit resetting in 30 s: one wait of 31 s (fixed clock), then success."""
    from smmgen.github import Client, Settings

    waits: list[float] = []
    gh.fail = [
        (
            403,
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1000000030"},
            "API rate limit exceeded for installation.",
        )
    ]
    client = Client(
        Settings(TOKEN, OWNER, REPO, gh.base),
        sleep=waits.append,
        clock=lambda: 1_000_000_000.0,
    )
    assert client.upsert_comment(7, "hello", author="social-bot") == "created"
    assert waits == [31.0]
    assert OWNER in repr(client.settings) and TOKEN not in repr(client.settings)


def test_a_body_file_that_is_a_link_is_refused(
    gh: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The artifact is a pull request's: a link in it must not leak the job's token (review I1)."""
    monkeypatch.chdir(tmp_path)  # outside this repository, whose example speaks German
    fake_token = "ghs_FAKEtokenFROMtheRUNNERenvironment0000"
    target = tmp_path / "environ"
    target.write_text(f"GITHUB_TOKEN={fake_token}\n", "utf-8")
    link = tmp_path / "preview.md"
    link.symlink_to(target)
    for args in (("comment", "--pr", "7"), ("checklist",)):
        result = run(gh, *args, "--body-file", str(link))
        assert result.exit_code == 2, result.output
        assert "is a symbolic link; the body must be an ordinary file" in result.output
        assert fake_token not in result.output
    assert fake_token not in json.dumps(gh.comments)
    assert not [e for e in gh.log if not e.startswith("GET")]  # nothing was written
    os.mkfifo(tmp_path / "pipe.md")  # not waited for
    result = run(gh, "comment", "--pr", "7", "--body-file", str(tmp_path / "pipe.md"))
    assert result.exit_code == 2 and "not an ordinary file" in result.output

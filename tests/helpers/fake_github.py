"""A local server speaking the parts of GitHub's REST API smmgen uses, and
`smmgen github` through the CLI."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.cli import main

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
def gh(
    httpserver: HTTPServer,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> FakeGitHub:
    # `smmgen github` speaks the language of the repository it runs in: not smmgen's own
    # checkout, whose example schedule.yaml says German (a test's `repo` stays where it is).
    if (Path.cwd() / "smmgen" / "cli.py").is_file():
        monkeypatch.chdir(tmp_path_factory.mktemp("outside"))
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


def private_github(httpserver: HTTPServer) -> FakeGitHub:
    """The fake GitHub of a private repository (also for tests/test_fast_reply.py)."""
    fake = FakeGitHub(httpserver)
    fake.private = True  # type: ignore[attr-defined]

    def handle(request: Request) -> Response:
        path = request.path.removeprefix("/api/v3")
        if path == f"/repos/{OWNER}/{REPO}/issues" and request.args.get("state") == "all":
            # GitHub's state=all (the shared fake knows open and closed only)
            label = request.args.get("labels", "")
            found = [i for i in fake.issues.values() if label in [x["name"] for x in i["labels"]]]
            return fake.json(200, found)
        one = re.fullmatch(rf"/repos/{OWNER}/{REPO}/issues/(\d+)", path)
        if one and request.method == "GET":
            return fake.json(200, fake.issues[int(one[1])])
        response = fake.handle(request)
        if request.path.removeprefix("/api/v3") == f"/repos/{OWNER}/{REPO}":
            data = json.loads(response.get_data())
            data["private"] = fake.private  # type: ignore[attr-defined]
            response.set_data(json.dumps(data))
        return response

    httpserver.expect_request(re.compile(r"/api/v3/.*")).respond_with_handler(handle)
    return fake

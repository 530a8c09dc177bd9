"""Posts from the New post issue form: the form, `smmgen new --from-issue`, `smmgen github pr`.

GitHub is a local server speaking its REST API (tests/test_github.py's fake,
with the routes these commands use) and serving attachments the way
github.com does, under /user-attachments/assets/ID.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.cli import main
from smmgen.content import read_post
from tests.helpers.content_repo import SCHEDULE, Repo
from tests.helpers.fake_github import OWNER, REPO, TOKEN, FakeGitHub, user

ROOT = Path(__file__).resolve().parents[1]
UUID = "0b1e5d4c-3a2f-4e6d-9c8b-7a6f5e4d3c2b"
UUID2 = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"


def jpeg(size: tuple[int, int] = (640, 480)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def form_body(
    text: str = "Tipp: Die Röstmaschine läuft wieder #Kaffee",
    accounts: tuple[str, ...] = ("bsky (Bluesky)", "masto (Mastodon)"),
    when: str = "2026-12-03 09:30",
    images: str = "_No response_",
    alt: str = "_No response_",
    notes: str = "Bitte @marie fragen",
) -> str:
    boxes = "\n".join(
        f"- [{'X' if label in accounts else ' '}] {label}"
        for label in ("bsky (Bluesky)", "masto (Mastodon)", "li (LinkedIn)", "insta (Instagram)")
    )
    return (
        f"### Text of the post\n\n{text}\n\n### Accounts\n\n{boxes}\n\n"
        f"### Date and time\n\n{when or '_No response_'}\n\n### Images\n\n{images}\n\n"
        f"### Alt text\n\n{alt}\n\n### Campaign\n\nWinter: 2026\n\n### Link\n\n_No response_\n\n"
        f"### Sponsored\n\nNo\n\n### Notes for reviewers\n\n{notes}"
    )


@dataclass
class FormGitHub(FakeGitHub):
    """The fake GitHub, plus permissions, issue events, pull requests and attachments."""

    permissions: dict[str, str] = field(default_factory=lambda: {"marie": "write"})
    events: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    html: dict[int, str] = field(default_factory=dict)
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, tuple[int, bytes, dict[str, str]]] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)

    @property
    def web(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def attach(self, data: bytes, uuid: str = UUID, **headers: str) -> str:
        self.files[f"/user-attachments/assets/{uuid}"] = (200, data, headers)
        return f"{self.web}/user-attachments/assets/{uuid}"

    def serve_file(self, request: Request) -> Response:
        self.fetched.append(request.full_path.rstrip("?"))
        assert "Authorization" not in request.headers  # never a token to a file host
        status, data, headers = self.files.get(request.path, (404, b"Not Found", {}))
        if "jwt" in headers and request.args.get("jwt") != headers["jwt"]:
            return Response(b"Not Found", status=404)
        return Response(
            data, status=status, headers={k: v for k, v in headers.items() if k != "jwt"}
        )

    def handle(self, request: Request) -> Response:
        path = request.path.removeprefix("/api/v3")
        repo = f"/repos/{OWNER}/{REPO}"
        if request.headers.get("Authorization") != f"token {TOKEN}":
            return super().handle(request)
        if (m := re.fullmatch(rf"{repo}/issues/(\d+)", path)) and request.method == "GET":
            self.log.append(f"GET {path}")
            number = int(m[1])
            if number not in self.issues:
                return self.json(404, {"message": "Not Found"})
            issue = {**self.issues[number], "body_html": self.html.get(number, "")}
            return self.json(200, issue)
        if m := re.fullmatch(rf"{repo}/collaborators/([^/]+)/permission", path):
            self.log.append(f"GET {path}")
            level = self.permissions.get(m[1], "read")
            return self.json(
                200, {"permission": level, "role_name": level, "user": user(self.base, m[1], 5)}
            )
        if m := re.fullmatch(rf"{repo}/issues/(\d+)/events", path):
            self.log.append(f"GET {path}")
            return self.json(200, self.events.get(int(m[1]), []))
        if path == f"{repo}/pulls":
            self.log.append(f"{request.method} {path}")
            if request.method == "POST":
                body = json.loads(request.data)
                number = 100 + len(self.pulls)
                self.pulls[number] = {"number": number, "state": "open", **body}
                return self.json(201, self.pulls[number])
            head = request.args.get("head", "")
            found = [
                p
                for p in self.pulls.values()
                if p["state"] == request.args.get("state") and f"{OWNER}:{p['head']}" == head
            ]
            return self.json(200, found)
        if (m := re.fullmatch(rf"{repo}/pulls/(\d+)", path)) and request.method == "PATCH":
            self.log.append(f"PATCH {path}")
            self.pulls[int(m[1])].update(json.loads(request.data))
            return self.json(200, self.pulls[int(m[1])])
        return super().handle(request)


@pytest.fixture
def gh(httpserver: HTTPServer) -> FormGitHub:
    fake = FormGitHub(httpserver, login=None)
    httpserver.expect_request(re.compile(r"/api/v3/.*")).respond_with_handler(fake.handle)
    httpserver.expect_request(re.compile(r"/(user-attachments|elsewhere)/.*")).respond_with_handler(
        fake.serve_file
    )
    return fake


def run(gh: FormGitHub, *args: str) -> Result:
    env = {
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_REPOSITORY": f"{OWNER}/{REPO}",
        "GITHUB_API_URL": gh.base,
        "GITHUB_ACTIONS": None,
        "SMMGEN_AT": "2026-11-30 08:00",
    }
    result = CliRunner().invoke(main, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"smmgen crashed: {result.exception!r}") from result.exception
    assert "Traceback" not in result.output and TOKEN not in result.output
    return result


def open_issue(
    gh: FormGitHub, body: str, author: str = "marie", labels: tuple[str, ...] = ("new-post",)
) -> int:
    return gh.issue(user(gh.base, author, 77), "New post: Röstmaschine", body, list(labels))


def posts(repo: Repo) -> list[Path]:
    return sorted((repo.root / "content").rglob("*.md"))


# ─── the form ────────────────────────────────────────────────────────────────


def test_forms_writes_the_accounts_and_check_warns_when_it_is_stale(repo: Repo) -> None:
    result = repo.run("github", "forms")
    assert result.exit_code == 0 and result.stdout == ".github/ISSUE_TEMPLATE/new-post.yml\n"
    form = yaml.safe_load((repo.root / ".github/ISSUE_TEMPLATE/new-post.yml").read_text("utf-8"))
    boxes = next(f for f in form["body"] if f.get("id") == "accounts")
    assert [o["label"] for o in boxes["attributes"]["options"]] == [
        "bsky (Bluesky)", "masto (Mastodon)", "li (LinkedIn)", "insta (Instagram)"
    ]  # fmt: skip
    assert form["labels"] == ["new-post"]
    assert repo.check() == []
    repo.write(
        "schedule.yaml",
        SCHEDULE.replace(
            "  masto:\n",
            "  tg:\n    network: telegram\n"
            "    chat_id: '@bergwerk'\n"
            "    token_env: TELEGRAM_BOT_TOKEN\n  masto:\n",
        ),
    )
    problems = repo.check()
    assert [(p["path"], p["rule"], p["severity"]) for p in problems] == [
        (".github/ISSUE_TEMPLATE/new-post.yml", "github/form-outdated", "warning")
    ]
    assert "smmgen github forms" in problems[0]["message"]
    repo.run("github", "forms")
    assert repo.check() == []


def test_init_writes_the_form_of_its_schedule(tmp_path: Path) -> None:
    dest = tmp_path / "social"
    assert CliRunner().invoke(main, ["init", str(dest)]).exit_code == 0
    assert (dest / ".github/ISSUE_TEMPLATE/new-post.yml").is_file()
    assert (dest / ".github/workflows/new-post.yml").is_file()
    check = CliRunner().invoke(main, ["check", "--root", str(dest), "--format", "json"])
    assert json.loads(check.stdout) == []


# ─── smmgen new --from-issue ─────────────────────────────────────────────────


def test_a_writers_issue_becomes_a_post_with_its_image(repo: Repo, gh: FormGitHub) -> None:
    data = jpeg()
    url = gh.attach(data, **{"Content-Type": "image/jpeg"})
    number = open_issue(gh, form_body(images=f"![foto]({url})", alt="Tipp: zwei Becher #Kaffee"))
    result = run(gh, "new", "--from-issue", str(number))
    assert result.exit_code == 0, result.output
    rel = result.stdout.splitlines()[0]
    assert rel == "content/2026-12/2026-12-03-roestmaschine.md"
    post, problems = read_post(repo.root, repo.root / rel)
    assert post is not None and problems == []
    assert post.body == "Tipp: Die Röstmaschine läuft wieder #Kaffee"
    assert post.networks == ("bsky", "masto")
    assert post.campaign == "Winter: 2026"
    assert [(m.alt) for m in post.media] == ["Tipp: zwei Becher #Kaffee"]
    assert (repo.root / post.media[0].path).read_bytes() == data


def test_an_empty_time_takes_the_slot(repo: Repo, gh: FormGitHub) -> None:
    number = open_issue(gh, form_body(when=""))
    result = run(gh, "new", "--from-issue", str(number))
    assert result.exit_code == 0, result.output
    post, _ = read_post(repo.root, repo.root / result.stdout.splitlines()[0])
    assert post is not None and post.slot == "mornings" and post.publish_at is None


def test_an_outsiders_issue_is_not_converted(repo: Repo, gh: FormGitHub) -> None:
    number = open_issue(gh, form_body(), author="zoe")
    result = run(gh, "new", "--from-issue", str(number))
    assert result.exit_code == 2
    assert "no write access" in result.output and "post-approved" in result.output
    assert posts(repo) == []


def test_approval_counts_only_from_someone_with_write_access(repo: Repo, gh: FormGitHub) -> None:
    number = open_issue(gh, form_body(), author="zoe", labels=("new-post", "post-approved"))
    gh.events[number] = [
        {"event": "labeled", "label": {"name": "post-approved"}, "actor": {"login": "zoe"}}
    ]
    assert run(gh, "new", "--from-issue", str(number)).exit_code == 2
    assert posts(repo) == []
    gh.events[number].append(
        {"event": "labeled", "label": {"name": "post-approved"}, "actor": {"login": "marie"}}
    )
    result = run(gh, "new", "--from-issue", str(number))
    assert result.exit_code == 0, result.output
    assert "write access: marie" in result.stderr


@pytest.mark.parametrize(
    ("images", "said"),
    [
        (
            "![x](https://example.org/user-attachments/assets/" + UUID + ")",
            "not a GitHub attachment",
        ),
        ("![x](WEB/elsewhere/" + UUID + ".jpg)", "not a GitHub attachment"),
        ("![x](WEB/user-attachments/assets/" + UUID2 + ")", "could not be downloaded (404)"),
    ],
    ids=["other-host", "other-path", "missing"],
)
def test_images_only_from_githubs_attachment_addresses(
    repo: Repo, gh: FormGitHub, images: str, said: str
) -> None:
    gh.files[f"/elsewhere/{UUID}.jpg"] = (200, jpeg(), {})
    number = open_issue(gh, form_body(images=images.replace("WEB", gh.web), alt="Ein Bild"))
    result = run(gh, "new", "--from-issue", str(number))
    assert result.exit_code == 2 and said in result.output, result.output
    assert posts(repo) == []
    assert not any(f.startswith("/elsewhere/") for f in gh.fetched)


def test_a_redirect_away_from_github_is_not_followed(repo: Repo, gh: FormGitHub) -> None:
    gh.files[f"/user-attachments/assets/{UUID}"] = (
        302, b"", {"Location": f"{gh.web}/elsewhere/{UUID}.jpg"}
    )  # fmt: skip
    gh.files[f"/elsewhere/{UUID}.jpg"] = (200, jpeg(), {})
    url = f"{gh.web}/user-attachments/assets/{UUID}"
    number = open_issue(gh, form_body(images=f"![x]({url})", alt="Ein Bild"))
    result = run(gh, "new", "--from-issue", str(number))
    assert result.exit_code == 2 and "not a GitHub attachment" in result.output
    assert gh.fetched == [f"/user-attachments/assets/{UUID}"]


def test_size_and_type_are_checked(
    repo: Repo, gh: FormGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = gh.attach(b"<html>not an image</html>")
    number = open_issue(gh, form_body(images=f"![x]({url})", alt="Ein Bild"))
    result = run(gh, "new", "--from-issue", str(number))
    assert result.exit_code == 2 and "is not an image" in result.output
    monkeypatch.setattr("smmgen.attachments.MAX_BYTES", 1000)
    gh.attach(jpeg((1600, 1200)))
    result = run(gh, "new", "--from-issue", str(number))
    assert result.exit_code == 2 and "is larger than" in result.output
    assert posts(repo) == []


def test_a_private_repositorys_image_comes_from_the_signed_address(
    repo: Repo, gh: FormGitHub
) -> None:
    data = jpeg()
    gh.attach(data, jwt="signed-for-5-minutes")
    url = f"{gh.web}/user-attachments/assets/{UUID}"
    number = open_issue(gh, form_body(images=f'<img alt="x" src="{url}" />', alt="Ein Bild"))
    gh.html[number] = f'<p><img alt="x" src="{url}?jwt=signed-for-5-minutes" /></p>'
    result = run(gh, "new", "--from-issue", str(number))
    assert result.exit_code == 0, result.output
    post, _ = read_post(repo.root, repo.root / result.stdout.splitlines()[0])
    assert post is not None and (repo.root / post.media[0].path).read_bytes() == data


def test_one_alt_text_per_image(repo: Repo, gh: FormGitHub) -> None:
    url = gh.attach(jpeg())
    number = open_issue(gh, form_body(images=f"![x]({url})"))
    result = run(gh, "new", "--from-issue", str(number))
    assert result.exit_code == 2 and "one line of alt text per image" in result.output


# ─── the pull request ────────────────────────────────────────────────────────


def test_pr_is_opened_updated_and_closed_with_the_issue(repo: Repo, gh: FormGitHub) -> None:
    number = open_issue(gh, form_body())
    opened = run(gh, "github", "pr", "--issue", str(number))
    assert opened.exit_code == 0, opened.output
    pr_number = int(opened.stdout)
    pr = gh.pulls[pr_number]
    assert pr["head"] == f"smmgen/new-post-{number}" and pr["base"] == "main"
    assert pr["title"] == "New post: Röstmaschine"
    assert f"Closes #{number}" in pr["body"]
    assert "@\u200bmarie" in pr["body"]  # notes are data: nobody is mentioned by the bot
    gh.issues[number]["title"] = "New post: Röstmaschine läuft"
    again = run(gh, "github", "pr", "--issue", str(number))
    assert int(again.stdout) == pr_number and len(gh.pulls) == 1
    assert gh.pulls[pr_number]["title"] == "New post: Röstmaschine läuft"
    closed = run(gh, "github", "pr", "--issue", str(number), "--close")
    assert closed.exit_code == 0 and gh.pulls[pr_number]["state"] == "closed"
    nothing = run(gh, "github", "pr", "--issue", str(number), "--close")
    assert nothing.exit_code == 0 and nothing.stdout == ""


def test_no_pr_for_an_outsiders_issue(repo: Repo, gh: FormGitHub) -> None:
    number = open_issue(gh, form_body(), author="zoe")
    result = run(gh, "github", "pr", "--issue", str(number))
    assert result.exit_code == 2 and gh.pulls == {}


# ─── the workflow ────────────────────────────────────────────────────────────


def test_workflow_passes_only_the_issue_number_and_tokens() -> None:
    for path in (
        ROOT / ".github/workflows/new-post.yml",
        ROOT / "smmgen/scaffold/dot-github/workflows/new-post.yml",
    ):
        text = path.read_text("utf-8")
        expressions = set(re.findall(r"\$\{\{\s*(.*?)\s*\}\}", text))
        assert expressions == {
            "github.event.issue.number",
            "github.token",
            "steps.pr.outputs.number",
        }, expressions
        wf = yaml.safe_load(text)
        wf["on"] = wf.pop(True)
        assert wf["on"] == {
            "issues": {"types": ["opened", "edited", "labeled", "reopened", "closed"]}
        }
        convert = wf["jobs"]["convert"]
        assert convert["permissions"] == {
            "contents": "write", "pull-requests": "write", "issues": "read"
        }  # fmt: skip
        runs = "\n".join(s.get("run", "") for s in convert["steps"])
        # Checked and previewed here: a PR opened with GITHUB_TOKEN starts no check.yml.
        assert 'smmgen new --from-issue "$ISSUE"' in runs
        assert "smmgen check --format github" in runs and "smmgen github comment" in runs
        assert (
            'smmgen github pr --issue "$ISSUE" --close' in wf["jobs"]["close"]["steps"][-1]["run"]
        )

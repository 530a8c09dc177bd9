"""Posts from the New post issue form: the form, `smmgen new --from-issue`, `smmgen github pr`.

GitHub is a local server speaking its REST API (tests/test_github.py's fake,
with the routes these commands use) and serving attachments the way
github.com does, under /user-attachments/assets/ID.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from smmgen.cli import main
from smmgen.content import read_post
from tests.helpers.content_repo import SCHEDULE, Repo
from tests.helpers.form_github import UUID, UUID2, FormGitHub, form_body, jpeg, open_issue, run

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def gh(httpserver: HTTPServer) -> FormGitHub:
    fake = FormGitHub(httpserver, login=None)
    httpserver.expect_request(re.compile(r"/api/v3/.*")).respond_with_handler(fake.handle)
    httpserver.expect_request(re.compile(r"/(user-attachments|elsewhere)/.*")).respond_with_handler(
        fake.serve_file
    )
    return fake


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

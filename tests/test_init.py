"""`smmgen init DIR`: a new content repository that passes `smmgen check` right away."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from smmgen.cli import main
from smmgen.pin import smmgen_pin

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), env={"GITHUB_ACTIONS": None})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"smmgen crashed: {result.exception!r}") from result.exception
    return result


def test_init_writes_a_repo_that_passes_check(tmp_path: Path) -> None:
    dest = tmp_path / "social"
    result = run("init", str(dest))
    assert result.exit_code == 0, result.output
    # How to keep the ledger branch from being deleted or rewritten (review F4(c)).
    said = " ".join(result.output.split())
    assert "branch ruleset" in said and "target branch smmgen-state" in said
    assert '"Restrict deletions" and "Block force pushes"' in said
    for rel in (
        "schedule.yaml",
        "content/examples/welcome.md",
        "templates/README.md",
        ".gitignore",
        "requirements.txt",
        "requirements.lock",
        ".github/dependabot.yml",
        ".github/workflows/accounts.yml",
        ".github/workflows/check.yml",
        ".github/workflows/preview-comment.yml",
        ".github/workflows/publish.yml",
        ".github/workflows/site.yml",
        ".github/workflows/pause.yml",
        ".github/workflows/retract.yml",
        ".github/workflows/inbox.yml",
        ".github/workflows/inbox-reply.yml",
        ".github/ISSUE_TEMPLATE/post-idea.yml",
        ".github/CODEOWNERS",
        ".github/pull_request_template.md",
    ):
        assert (dest / rel).is_file(), rel
    # The smmgen running the tests (tests/test_install.py installs real releases and commits).
    assert (dest / "requirements.txt").read_text("utf-8").splitlines()[-1] == (
        smmgen_pin().requirement
    )
    assert "#" in (dest / "schedule.yaml").read_text("utf-8").splitlines()[0]  # commented
    check = run("check", "--root", str(dest), "--format", "json")
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout) == []
    # The example is a draft: nothing goes out before the team has set up.
    plan = run("plan", "--root", str(dest), "--at", "2027-01-04 10:00", "--format", "json")
    assert plan.exit_code == 0, plan.output
    due = [e for a in json.loads(plan.stdout)["accounts"] for e in a["due"]]
    assert due == []


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    dest = tmp_path / "social"
    dest.mkdir()
    (dest / "schedule.yaml").write_text("timezone: UTC\n", "utf-8")
    result = run("init", str(dest))
    assert result.exit_code == 2
    assert "already has schedule.yaml" in result.stderr and "--force" in result.stderr
    assert (dest / "schedule.yaml").read_text("utf-8") == "timezone: UTC\n"
    assert not (dest / "content").exists()  # all or nothing
    result = run("init", str(dest), "--force")
    assert result.exit_code == 0
    assert "accounts:" in (dest / "schedule.yaml").read_text("utf-8")


def test_init_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", "utf-8")
    assert run("init", str(target)).exit_code == 2


def test_onboarding_files_match_the_template(tmp_path: Path) -> None:
    """The issue form, CODEOWNERS and PR template in this repo are the ones init writes."""
    run("init", str(tmp_path / "r"))
    for rel in ("ISSUE_TEMPLATE/post-idea.yml", "CODEOWNERS", "pull_request_template.md"):
        assert (tmp_path / "r/.github" / rel).read_text("utf-8") == (
            ROOT / ".github" / rel
        ).read_text("utf-8")


def test_issue_form_asks_for_everything() -> None:
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/post-idea.yml").read_text("utf-8"))
    fields = {item.get("id"): item for item in form["body"] if "id" in item}
    assert set(fields) == {"idea", "draft", "networks", "assets", "date", "sponsored"}
    assert fields["idea"]["validations"]["required"] is True
    assert fields["networks"]["type"] == "checkboxes"
    assert fields["sponsored"]["attributes"]["options"][:2] == ["No", "Yes"]
    codeowners = (ROOT / ".github/CODEOWNERS").read_text("utf-8")
    assert "/content/" in codeowners and "legal" in codeowners


def _owners(codeowners: str, path: str) -> list[str]:
    """The owners of ``path`` (from the root, no leading slash): the last matching line wins."""
    owners: list[str] = []
    for line in codeowners.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *names = line.split()
        assert pattern.startswith("/") and "*" not in pattern, pattern  # anchored, no globs
        rule = pattern[1:]
        # As in .gitignore: "/x/" matches the folder x; "/x" the file, folder or link x.
        if (path == rule.rstrip("/") and not rule.endswith("/")) or path.startswith(
            rule.rstrip("/") + "/"
        ):
            owners = names
    return owners


@pytest.mark.parametrize(
    "path",
    [
        "schedule.yaml",
        "people.yaml",
        "templates/mastodon.j2",
        "requirements.txt",
        "requirements.lock",
        ".github/workflows/publish.yml",
        ".github/dependabot.yml",
        ".github/CODEOWNERS",
        "state/published.jsonl",
        "_site/index.html",
        "_site",  # a committed link has an owner too
        ".smmgen-cache/check.jsonl",
        ".smmgen-cache",
    ],
)
def test_codeowners_give_the_setup_to_engineering(path: str) -> None:
    """What steers the job with the tokens needs engineering's approval, not anyone's."""
    codeowners = (ROOT / "smmgen/scaffold/dot-github/CODEOWNERS").read_text("utf-8")
    assert _owners(codeowners, path) == ["@your-org/engineering"]


def test_codeowners_keep_posts_with_the_social_team() -> None:
    codeowners = (ROOT / "smmgen/scaffold/dot-github/CODEOWNERS").read_text("utf-8")
    assert _owners(codeowners, "content/launch.md") == ["@your-org/social-team"]
    assert _owners(codeowners, "content/sponsored/ad.md") == [
        "@your-org/social-team",
        "@your-org/legal",
    ]

"""The GitHub Actions workflows (and the copies `smmgen init` writes), read as data."""

from __future__ import annotations

import base64
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
SCAFFOLD = ROOT / "smmgen" / "scaffold" / "dot-github" / "workflows"
NAMES = (
    "accounts.yml",
    "check.yml",
    "preview-comment.yml",
    "publish.yml",
    "site.yml",
    "new-post.yml",
    "stats.yml",
    "pause.yml",
    "retract.yml",
    "inbox.yml",
    "inbox-reply.yml",
)
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
UNTRUSTED = re.compile(r"\$\{\{[^}]*(github\.event|github\.head_ref|inputs\.|steps\.)[^}]*\}\}")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def all_workflows() -> list[Path]:
    return [WORKFLOWS / n for n in (*NAMES, "release.yml")] + [SCAFFOLD / n for n in NAMES]


def steps(wf: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in wf["jobs"].values() for s in job.get("steps", [])]


@pytest.mark.parametrize(
    "path", all_workflows(), ids=lambda p: p.parent.parent.parent.name + "/" + p.name
)
def test_least_privilege_and_pinned(path: Path) -> None:
    wf = load(path)
    text = path.read_text("utf-8")
    assert wf["permissions"] == {}, "nothing at the top; each job asks for what it needs"
    for name, job in wf["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"job {name} sets its permissions"
        assert "write-all" not in str(job["permissions"])
        assert "timeout-minutes" in job
    for step in steps(wf):
        if "uses" in step:
            assert SHA_PIN.match(step["uses"]), step["uses"]
        if "run" in step:
            # Untrusted values reach shell scripts only through env:.
            assert not UNTRUSTED.search(step["run"]), step["run"]
            assert "${{" not in step["run"], step["run"]
    # Every pin carries the version it stands for.
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line
    for step in steps(wf):
        if step.get("uses", "").startswith("actions/checkout@"):
            creds = step.get("with", {}).get("persist-credentials")
            # Not even publish: git gets its token in the one step that pushes.
            assert creds is False


def test_check_is_read_only_and_hands_over_an_artifact() -> None:
    for base in (WORKFLOWS, SCAFFOLD):
        wf = load(base / "check.yml")
        assert list(wf["on"]) == ["pull_request"]
        assert wf["jobs"]["check"]["permissions"] == {"contents": "read"}
        runs = [s.get("run", "") for s in steps(wf)]
        assert any("smmgen check --format github" in r for r in runs)
        preview = next(r for r in runs if "smmgen preview" in r)
        assert '--changed-since "$BASE_SHA"' in preview and "GITHUB_STEP_SUMMARY" in preview
        assert "pr-number" in preview and "head-sha" in preview
        upload = next(
            s for s in steps(wf) if s.get("uses", "").startswith("actions/upload-artifact")
        )
        assert upload["with"]["name"] == "smmgen-preview"
        setup = next(s for s in steps(wf) if s.get("uses", "").startswith("actions/setup-python"))
        assert setup["with"]["cache"] == "pip"


def test_preview_comment_never_runs_pr_code() -> None:
    for base in (WORKFLOWS, SCAFFOLD):
        wf = load(base / "preview-comment.yml")
        assert wf["on"] == {"workflow_run": {"workflows": ["check"], "types": ["completed"]}}
        (job,) = wf["jobs"].values()
        assert job["permissions"] == {"pull-requests": "write", "actions": "read"}
        for step in steps(wf):
            # No ref: the checkout is the default branch, never the PR head.
            if step.get("uses", "").startswith("actions/checkout@"):
                assert "ref" not in step.get("with", {})
            assert "cache" not in step.get("with", {})
        download = next(
            s for s in steps(wf) if s.get("uses", "").startswith("actions/download-artifact")
        )
        assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
        assert download["with"]["github-token"] == "${{ github.token }}"
        validate = next(s for s in steps(wf) if s.get("id") == "artifact")
        assert "^[1-9][0-9]{0,9}$" in validate["run"]  # the PR number is an integer
        assert '"$sha" != "$RUN_HEAD_SHA"' in validate["run"]  # the SHA is the checked one
        assert "262144" in validate["run"]  # the size is bounded
        comment = steps(wf)[-1]
        assert "smmgen github comment" in comment["run"] and "--head-sha" in comment["run"]


def test_publish_one_at_a_time_with_secrets_in_the_environment() -> None:
    for base in (WORKFLOWS, SCAFFOLD):
        wf = load(base / "publish.yml")
        assert wf["on"]["push"] == {"branches": ["main"]}
        # The cron itself follows schedule.yaml's active_hours (tests/test_actions_cost.py).
        assert len(wf["on"]["schedule"]) == 1
        assert wf["on"]["workflow_dispatch"]["inputs"]["dry-run"]["type"] == "boolean"
        assert wf["concurrency"] == {"group": "smmgen-publish", "cancel-in-progress": False}
        publish = wf["jobs"]["publish"]
        assert publish["environment"] == "social"
        assert publish["permissions"] == {"contents": "write"}
        for step in publish["steps"]:
            assert "cache" not in step.get("with", {}), "no caches where the secrets are"
            assert not step.get("uses", "").startswith("actions/cache")
        run = next(s for s in publish["steps"] if s.get("name") == "Publish")
        assert "smmgen publish --commit" in run["run"]
        assert run["env"].pop("PUSH_TOKEN") == "${{ github.token }}"
        assert run["env"].pop("SMMGEN_PAUSE") == "${{ vars.SMMGEN_PAUSE }}"
        assert all(v.startswith("${{ secrets.") for k, v in run["env"].items() if k != "DRY_RUN")
        checklist = wf["jobs"]["checklist"]
        # Only when `smmgen publish` says so: a scheduled run costs one job.
        assert publish["outputs"] == {"checklist": "${{ steps.publish.outputs.checklist }}"}
        assert run["id"] == "publish"
        assert checklist["if"] == "${{ !cancelled() && needs.publish.outputs.checklist == 'true' }}"
        assert checklist["permissions"] == {"contents": "read", "issues": "write"}
        assert "environment" not in checklist  # the issue token never sees the secrets
        assert any("smmgen github checklist" in s.get("run", "") for s in checklist["steps"])


def test_accounts_check_hands_its_report_to_the_job_that_writes_the_issue() -> None:
    for base in (WORKFLOWS, SCAFFOLD):
        wf = load(base / "accounts.yml")
        assert set(wf["on"]) == {"schedule", "workflow_dispatch"}
        check, issue = wf["jobs"]["check"], wf["jobs"]["issue"]
        # The secrets and the issue-writing token never meet in one job.
        assert check["environment"] == "social" and check["permissions"] == {"contents": "read"}
        assert "environment" not in issue and issue["needs"] == "check"
        assert issue["permissions"] == {"contents": "read", "issues": "write"}
        run = next(s for s in check["steps"] if s.get("name") == "Check the accounts")
        assert "smmgen accounts check --format json" in run["run"]
        assert all(v.startswith("${{ secrets.") for v in run["env"].values())
        # Every secret the publish job passes is checked too.
        publish = load(base / "publish.yml")["jobs"]["publish"]
        sent = next(s for s in publish["steps"] if s.get("name") == "Publish")["env"]
        assert set(sent) - {"DRY_RUN", "PUSH_TOKEN", "SMMGEN_PAUSE"} <= set(run["env"])
        upload = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/upload"))
        assert upload["if"] == "${{ !cancelled() }}"  # also when an account failed
        assert not any("secrets." in str(s) for s in issue["steps"])
        assert any("smmgen github accounts --report" in s.get("run", "") for s in issue["steps"])


def test_stats_keeps_network_tokens_and_the_issue_token_apart() -> None:
    for base in (WORKFLOWS, SCAFFOLD):
        wf = load(base / "stats.yml")
        collect, report = wf["jobs"]["collect"], wf["jobs"]["report"]
        assert collect["environment"] == "social"
        assert collect["permissions"] == {"contents": "write"}
        assert "environment" not in report
        assert report["permissions"] == {"contents": "read", "issues": "write"}
        assert "secrets." not in yaml.safe_dump(report)
        assert any("smmgen stats collect --commit" in s.get("run", "") for s in collect["steps"])
        used = [s["uses"].split("@")[0] for s in report["steps"] if "uses" in s]
        assert "actions/download-artifact" in used
        assert any("smmgen github report" in s.get("run", "") for s in report["steps"])
        assert wf["concurrency"]["cancel-in-progress"] is False


def test_site_deploys_with_the_pages_actions() -> None:
    for base in (WORKFLOWS, SCAFFOLD):
        wf = load(base / "site.yml")
        assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
        assert wf["jobs"]["build"]["permissions"] == {"contents": "read"}
        used = {s["uses"].split("@")[0] for s in steps(wf) if "uses" in s}
        assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= used
        assert any("smmgen build" in s.get("run", "") for s in steps(wf))


def test_release_builds_on_a_version_tag_and_publishes_without_a_token() -> None:
    wf = load(WORKFLOWS / "release.yml")
    assert wf["on"] == {"push": {"tags": ["v*"]}}
    build, publish = wf["jobs"]["build"], wf["jobs"]["publish"]
    assert build["permissions"] == {"contents": "read"}
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    assert "python -m hatchling build" in runs and 'tomllib.load(open("pyproject.toml"' in runs
    assert "--version" in runs  # the built smmgen says the tag's version
    # Trusted publishing: an OIDC token, no password; provenance for what was built.
    assert publish["permissions"] == {"id-token": "write", "attestations": "write"}
    assert publish["environment"]["name"] == "pypi"
    used = [s["uses"].split("@")[0] for s in publish["steps"] if "uses" in s]
    assert used[-2:] == ["actions/attest-build-provenance", "pypa/gh-action-pypi-publish"]
    assert "secrets." not in (WORKFLOWS / "release.yml").read_text("utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_scaffold_matches_the_template(name: str) -> None:
    """`smmgen init` writes the same workflows, installing smmgen from PyPI instead of `.`."""
    ours = (WORKFLOWS / name).read_text("utf-8")
    theirs = (SCAFFOLD / name).read_text("utf-8")
    assert (
        theirs.replace(
            "python -m pip install --no-deps -r requirements.txt",
            "python -m pip install --no-deps --no-build-isolation .",
        )
        == ours
    )


def test_composite_action() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"command", "args", "python-version"}
    run_steps = action["runs"]["steps"]
    for step in run_steps:
        if "uses" in step:
            assert SHA_PIN.match(step["uses"]), step["uses"]
        if "run" in step:
            assert "${{" not in step["run"]  # inputs reach the shell only through env:
    install = next(s for s in run_steps if "pip install" in s.get("run", ""))
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '"$ACTION_PATH"' in install["run"]


def _run_validate_step(
    base: Path, artifact: Path, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    """Run preview-comment.yml's "Validate the artifact" script with bash, as the runner does."""
    wf = load(base / "preview-comment.yml")
    validate = next(s for s in steps(wf) if s.get("id") == "artifact")
    output = tmp_path / "github-output"
    output.write_text("", "utf-8")
    env = {
        "PATH": os.environ["PATH"],
        "DIR": str(artifact),
        "RUN_HEAD_SHA": "a" * 40,
        "GITHUB_OUTPUT": str(output),
    }
    return subprocess.run(
        ["bash", "-e", "-c", validate["run"]], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("base", [WORKFLOWS, SCAFFOLD], ids=["ours", "scaffold"])
@pytest.mark.parametrize("linked", ["preview.md", "pr-number", "head-sha"])
def test_artifact_files_must_be_regular_files(base: Path, linked: str, tmp_path: Path) -> None:
    """A symlink in the artifact (e.g. preview.md -> /proc/self/environ) stops the job."""
    artifact = tmp_path / "smmgen-preview"
    artifact.mkdir()
    secret = tmp_path / "environ"
    secret.write_text("GITHUB_TOKEN=ghs_secret\n", "utf-8")
    files = {"preview.md": "## smmgen preview\n", "pr-number": "7\n", "head-sha": "a" * 40 + "\n"}
    for name, text in files.items():
        (artifact / name).write_text(text, "utf-8")
    assert _run_validate_step(base, artifact, tmp_path).returncode == 0  # the good case passes

    target = tmp_path / f"target-{linked}"
    target.write_text(files[linked], "utf-8")  # the link's target itself is harmless-looking
    (artifact / linked).unlink()
    (artifact / linked).symlink_to(target)
    result = _run_validate_step(base, artifact, tmp_path)
    assert result.returncode != 0
    assert f"::error::{linked} in the artifact is not a regular file" in result.stdout
    assert (tmp_path / "github-output").read_text("utf-8") == ""

    (artifact / linked).unlink()  # a missing file is refused the same way
    result = _run_validate_step(base, artifact, tmp_path)
    assert result.returncode != 0
    assert f"::error::{linked} in the artifact is not a regular file" in result.stdout


def _installs(run: str) -> list[str]:
    joined = re.sub(r"\s*\\\n\s*", " ", run)  # continuation lines
    return [line for line in joined.splitlines() if "pip install" in line]


@pytest.mark.parametrize(
    "path", [*all_workflows(), ROOT / "action.yml"], ids=lambda p: p.parent.name + "/" + p.name
)
def test_installs_only_hashed_pins(path: Path) -> None:
    """Dependencies come from requirements.lock with --require-hashes; nothing resolves freely."""
    data = yaml.safe_load(path.read_text("utf-8"))
    jobs = data["jobs"].values() if "jobs" in data else [data["runs"]]
    for job in jobs:
        for step in job.get("steps", []):
            lines = _installs(step.get("run", ""))
            if not lines:
                continue
            # First the locked dependencies with their hashes, then smmgen alone.
            assert "--require-hashes --no-deps -r" in lines[0], lines
            assert lines[0].rstrip().rstrip('"').endswith("requirements.lock"), lines
            assert all("--no-deps" in line for line in lines), lines
            assert "--no-build-isolation" in lines[1] or "requirements.txt" in lines[1], lines


@pytest.mark.parametrize("base", [WORKFLOWS, SCAFFOLD], ids=["ours", "scaffold"])
def test_publish_gives_git_the_token_in_its_step_only(base: Path, tmp_path: Path) -> None:
    """Run the Publish step with a stand-in `smmgen` that reports what git would send."""
    wf = load(base / "publish.yml")
    step = next(s for s in wf["jobs"]["publish"]["steps"] if s.get("name") == "Publish")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "smmgen"
    fake.write_text(
        "#!/bin/sh\n"
        'echo "args: $*"\n'
        'echo "header: $(git config --get "http.https://github.com/.extraheader")"\n'
        'echo "token: ${PUSH_TOKEN:-unset}"\n',
        "utf-8",
    )
    fake.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "GITHUB_SERVER_URL": "https://github.com",
        "DRY_RUN": "false",
        "PUSH_TOKEN": "ghs_pushtoken",
    }
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    auth = base64.b64encode(b"x-access-token:ghs_pushtoken").decode()
    lines = result.stdout.splitlines()
    # While smmgen runs, workflow commands are off: nothing it prints (post text,
    # a server's answer) can act as one; a fresh random token turns them back on.
    stop = re.fullmatch(r"::stop-commands::([0-9a-f]{32})", lines[1])
    assert stop is not None, lines
    assert lines == [
        f"::add-mask::{auth}",
        lines[1],
        "args: publish --commit",
        f"header: AUTHORIZATION: basic {auth}",
        "token: unset",
        f"::{stop[1]}::",
    ]
    # smmgen's exit status is the step's, and commands come back on after a failure too.
    fake.write_text("#!/bin/sh\necho '::error::from a post'\nexit 1\n", "utf-8")
    failed = subprocess.run(
        ["bash", "-e", "-c", step["run"]], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    out = failed.stdout.splitlines()
    assert failed.returncode == 1
    assert out[1].startswith("::stop-commands::") and out[-1] == f"::{out[1].split('::')[2]}::"
    # The checkout leaves nothing behind for the install steps to read.
    (checkout,) = [s for s in wf["jobs"]["publish"]["steps"] if "checkout@" in s.get("uses", "")]
    assert checkout["with"]["persist-credentials"] is False


@pytest.mark.parametrize(
    "path",
    [ROOT / ".github" / "dependabot.yml", SCAFFOLD.parent / "dependabot.yml"],
    ids=["ours", "scaffold"],
)
def test_dependabot_proposes_updates(path: Path) -> None:
    config = yaml.safe_load(path.read_text("utf-8"))
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["directory"] == "/"
        assert update["cooldown"]["default-days"] >= 7  # no release younger than a week


@pytest.mark.parametrize("base", [WORKFLOWS, SCAFFOLD], ids=["ours", "scaffold"])
def test_pause_button_writes_the_state_branch_with_its_own_token(
    base: Path, tmp_path: Path
) -> None:
    """Pause now: a manual button, no secrets, contents: write only, the reason as data."""
    wf = load(base / "pause.yml")
    assert list(wf["on"]) == ["workflow_dispatch"]
    inputs = wf["on"]["workflow_dispatch"]["inputs"]
    assert inputs["action"]["options"] == ["pause", "resume"]
    assert wf["concurrency"]["group"] != "smmgen-publish"  # never waits for a publish run
    (job,) = wf["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    assert "environment" not in job  # no network secrets
    assert "secrets." not in (base / "pause.yml").read_text("utf-8")
    step = next(s for s in job["steps"] if s.get("name") == "Switch")
    assert step["env"]["REASON"] == "${{ inputs.reason }}"  # reaches the shell as data
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "smmgen"
    fake.write_text(
        '#!/bin/sh\nfor a in "$@"; do echo "arg: $a"; done\n'
        'echo "header: $(git config --get "http.https://github.com/.extraheader")"\n'
        'echo "token: ${PUSH_TOKEN:-unset}"\n',
        "utf-8",
    )
    fake.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "GITHUB_SERVER_URL": "https://github.com",
        "PUSH_TOKEN": "ghs_pushtoken",
        "ACTION": "pause",
        "REASON": 'wrong price"; echo pwned',
    }

    def run(**extra: str) -> list[str]:
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            env=env | extra,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.splitlines()

    auth = base64.b64encode(b"x-access-token:ghs_pushtoken").decode()
    assert run()[1:] == [
        "arg: pause",
        "arg: --commit",
        "arg: --reason",
        'arg: wrong price"; echo pwned',
        f"header: AUTHORIZATION: basic {auth}",
        "token: unset",
    ]
    assert run(ACTION="resume")[1:3] == ["arg: resume", "arg: --commit"]


@pytest.mark.parametrize("base", [WORKFLOWS, SCAFFOLD], ids=["ours", "scaffold"])
def test_retract_button_passes_inputs_as_data(base: Path, tmp_path: Path) -> None:
    """The post id, account and reason reach smmgen as arguments, never as shell code."""
    wf = load(base / "retract.yml")
    assert list(wf["on"]) == ["workflow_dispatch"]
    (job,) = wf["jobs"].values()
    assert job["environment"] == "social" and job["permissions"] == {"contents": "write"}
    step = next(s for s in job["steps"] if s.get("name") == "Retract")
    publish = load(base / "publish.yml")["jobs"]["publish"]["steps"]
    secrets = next(s for s in publish if s.get("name") == "Publish")["env"]
    assert {k: v for k, v in step["env"].items() if v.startswith("${{ secrets.")} == {
        k: v for k, v in secrets.items() if v.startswith("${{ secrets.")
    }
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "smmgen"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do echo "arg: $a"; done\n', "utf-8")
    fake.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "GITHUB_SERVER_URL": "https://github.com",
        "PUSH_TOKEN": "ghs_pushtoken",
        "POST": "2026-12/a; echo pwned",
        "ACCOUNT": "",
        "REASON": "$(echo pwned)",
    }
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    args = [line for line in done.stdout.splitlines() if line.startswith("arg: ")]
    assert args == [
        "arg: retract",
        "arg: 2026-12/a; echo pwned",
        "arg: --commit",
        "arg: --reason",
        "arg: $(echo pwned)",
    ]
    assert "pwned" not in done.stdout.replace("arg: 2026-12/a; echo pwned", "").replace(
        "arg: $(echo pwned)", ""
    )


@pytest.mark.parametrize("base", [WORKFLOWS, SCAFFOLD], ids=["ours", "scaffold"])
def test_inbox_splits_the_network_tokens_from_the_issue_token(base: Path) -> None:
    wf = load(base / "inbox.yml")
    assert set(wf["on"]) == {"schedule", "workflow_dispatch"}
    fetch, issues = wf["jobs"]["fetch"], wf["jobs"]["issues"]
    # The job with the network secrets can read, nothing more; it hands over an artifact.
    assert fetch["environment"] == "social" and fetch["permissions"] == {"contents": "read"}
    step = next(s for s in fetch["steps"] if s.get("name") == "Fetch")
    assert any(v.startswith("${{ secrets.") for v in step["env"].values())
    assert "smmgen inbox fetch" in step["run"] and "--public" in step["run"]
    assert step["env"]["PRIVATE"] == "${{ github.event.repository.private }}"
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in fetch["steps"])
    # The job that writes issues holds no network secret.
    assert issues["needs"] == "fetch" and "environment" not in issues
    assert issues["permissions"] == {"contents": "read", "issues": "write"}
    assert "secrets." not in yaml.safe_dump(issues)
    assert any("smmgen github inbox" in s.get("run", "") for s in issues["steps"])


@pytest.mark.parametrize("base", [WORKFLOWS, SCAFFOLD], ids=["ours", "scaffold"])
def test_inbox_reply_holds_no_network_secret_and_passes_the_comment_as_data(base: Path) -> None:
    wf = load(base / "inbox-reply.yml")
    assert wf["on"] == {"issue_comment": {"types": ["created"]}}
    job = wf["jobs"]["reply"]
    assert "environment" not in job and "secrets." not in yaml.safe_dump(job)
    assert job["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
        "issues": "write",
    }
    assert "smmgen-inbox" in job["if"] and "/reply" in job["if"]
    step = next(s for s in job["steps"] if s.get("name") == "Write the reply")
    assert step["env"]["COMMENT_BODY"] == "${{ github.event.comment.body }}"
    assert "smmgen github reply" in step["run"] and "--comment-id" in step["run"]
    pr = next(s for s in job["steps"] if s.get("name") == "Open the pull request")
    assert "fast != 'true'" in pr["if"]


@pytest.mark.parametrize("base", [WORKFLOWS, SCAFFOLD], ids=["ours", "scaffold"])
def test_fast_reply_keeps_network_tokens_and_the_issue_token_apart(base: Path) -> None:
    wf = load(base / "inbox-reply.yml")
    send, answer = wf["jobs"]["send"], wf["jobs"]["answer"]
    # Sent only on the fast path, by a job with the secrets that cannot write issues.
    assert send["needs"] == "reply" and "needs.reply.outputs.fast == 'true'" in send["if"]
    assert send["environment"] == "social" and send["permissions"] == {"contents": "write"}
    step = next(s for s in send["steps"] if s.get("name") == "Send")
    assert any(v.startswith("${{ secrets.") for v in step["env"].values())
    assert step["env"]["FILE"] == "${{ needs.reply.outputs.file }}"
    assert "smmgen github fast-reply --file" in step["run"] and "-L" in step["run"]
    # The answer: issues only, no network secret.
    assert answer["permissions"] == {"issues": "write"} and "environment" not in answer
    assert "secrets." not in yaml.safe_dump(answer)
    assert any("smmgen github fast-reply-answer" in s.get("run", "") for s in answer["steps"])


@pytest.mark.parametrize("base", [WORKFLOWS, SCAFFOLD], ids=["ours", "scaffold"])
@pytest.mark.parametrize(
    ("file", "link", "ok"),
    [
        ("replies/2026-12-02-inbox-40-c1.md", False, True),
        ("replies/2026-12-02-inbox-40-c1.md", True, False),  # a link (to the environ, say)
        ("replies/../schedule.yaml.md", False, False),  # outside replies/
        ("content/post.md", False, False),
    ],
)
def test_fast_reply_takes_only_a_plain_reply_file_from_the_artifact(
    base: Path, file: str, link: bool, ok: bool, tmp_path: Path
) -> None:
    send = load(base / "inbox-reply.yml")["jobs"]["send"]
    script = next(s for s in send["steps"] if s.get("name") == "Send")["run"]
    copy = script.split("auth=", 1)[0]  # the part that takes the file over
    artifact = tmp_path / "fast-reply"
    artifact.mkdir()
    name = file.split("/")[-1]
    if link:
        (tmp_path / "environ").write_text("TOKEN=secret\n", "utf-8")
        (artifact / name).symlink_to(tmp_path / "environ")
    else:
        (artifact / name).write_text("---\n", "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run(
        ["bash", "-e", "-c", copy],
        cwd=work,
        env={"FILE": file, "RUNNER_TEMP": str(tmp_path), "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode == 0) is ok, done.stdout + done.stderr
    assert (work / file).is_file() is ok

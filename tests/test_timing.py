"""`check` knows about time: passed publish_at times (per the ledger), posts too close
together, and secrets the publish workflow does not pass."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from smmgen.cli import main
from tests.helpers.content_repo import SCHEDULE, Repo, one
from tests.helpers.publishing import git

ROOT = Path(__file__).resolve().parent.parent
POST = "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, masto]\n---\n\nHallo\n"


def sent(post: str, account: str) -> str:
    record = {"post": post, "account": account, "key": "k", "event": "sent", "run": "r1"}
    record["at"] = "2026-11-01T08:30:05+00:00"  # not in the future of the wall clock
    return json.dumps(record) + "\n"


def test_a_passed_time_that_never_went_out_is_an_error(repo: Repo) -> None:
    path = repo.post("p", POST)
    p = one(repo.check("--at", "2026-12-03 10:00"), "post/missed")
    assert (p["path"], p["line"], p["severity"]) == (path, 2, "error")
    assert p["message"] == (
        "publish_at 2026-12-01 09:30 has passed (2d ago, more than max_delay 6h) and the post "
        "has not gone out on bsky, masto, so it would be held as missed forever; set a new "
        "publish_at, or send it anyway with smmgen publish --include-missed p"
    )


def test_within_max_delay_it_is_a_warning(repo: Repo) -> None:
    path = repo.post("p", POST)
    result = repo.run("check", "--at", "2026-12-01 11:00")
    assert result.exit_code == 0
    assert (
        f"{path}:2:1: warning: publish_at 2026-12-01 09:30 has passed (1h30m ago) and the "
        "post has not gone out on bsky, masto yet; it goes out at the next run (within "
        "max_delay 6h) [post/overdue]"
    ) in result.stdout


def test_the_ledger_says_what_went_out(repo: Repo) -> None:
    repo.post("p", POST)
    repo.write("state/published.jsonl", sent("p", "bsky"))
    p = one(repo.check("--at", "2026-12-03 10:00"), "post/missed")
    assert "has not gone out on masto," in p["message"]
    repo.write("state/published.jsonl", sent("p", "bsky") + sent("p", "masto"))
    assert repo.check("--at", "2026-12-03 10:00") == []


def test_the_ledger_on_the_state_branch_counts(repo: Repo) -> None:
    """In CI the ledger is not in the checkout: it is on the smmgen-state branch."""
    repo.post("p", POST)
    git(repo.root, "init", "-q", "-b", "main")
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "posts")
    git(repo.root, "checkout", "-q", "--orphan", "smmgen-state")
    git(repo.root, "rm", "-rq", "--cached", ".")
    repo.write("state/published.jsonl", sent("p", "bsky") + sent("p", "masto"))
    git(repo.root, "add", "state/published.jsonl")
    git(repo.root, "commit", "-qm", "ledger")
    (repo.root / "state/published.jsonl").unlink()
    git(repo.root, "checkout", "-q", "-f", "main")
    assert not (repo.root / "state").exists()
    assert repo.check("--at", "2026-12-03 10:00") == []


def test_future_posts_and_drafts_are_fine(repo: Repo) -> None:
    repo.post("p", POST)
    repo.post("d", POST.replace("networks:", "status: draft\nnetworks:"))
    assert repo.check("--at", "2026-11-30 10:00") == []
    assert [p["path"] for p in repo.check("--at", "2026-12-03 10:00")] == ["content/p.md"]


def test_smmgen_at_is_the_default_time(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.post("p", POST)
    monkeypatch.setenv("SMMGEN_AT", "2026-12-03 10:00")
    one(repo.check(), "post/missed")
    assert repo.run("check", "--at", "yesterday").exit_code == 2


def test_posts_closer_than_min_gap_are_a_warning(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE.replace("min_gap: 0m\n", ""))  # default: 30m
    repo.post("a", POST)
    path = repo.post("b", POST.replace("09:30", "09:50").replace("bsky, masto", "bsky"))
    p = one(repo.check(), "post/too-close")
    assert (p["path"], p["line"], p["severity"]) == (path, 2, "warning")
    assert p["message"] == (
        "bsky: 20m after content/a.md (2026-12-01 09:30); min_gap is 30m: move one of them"
    )
    repo.write("schedule.yaml", SCHEDULE.replace("min_gap: 0m", "min_gap: 15m"))
    assert repo.check() == []


PUBLISH_YML = """\
name: publish
on: push
permissions: {}
jobs:
  publish:
    runs-on: ubuntu-latest
    environment: social
    permissions:
      contents: write
    steps:
      - name: Publish
        env:
          BLUESKY_APP_PASSWORD: ${{ secrets.BLUESKY_APP_PASSWORD }}
          LINKEDIN_TOKEN: ${{ secrets.LINKEDIN_TOKEN }}
          INSTAGRAM_TOKEN: ${{ secrets.INSTAGRAM_TOKEN }}
        run: smmgen publish --commit
"""


def test_a_secret_the_publish_workflow_does_not_pass_is_an_error(repo: Repo) -> None:
    repo.write(".github/workflows/publish.yml", PUBLISH_YML)
    p = one(repo.check(), "schedule/secret-wiring")
    assert (p["path"], p["line"], p["severity"]) == ("schedule.yaml", 8, "error")
    assert p["message"] == (
        "account 'masto': token_env names MASTODON_TOKEN, but .github/workflows/publish.yml "
        "does not pass it to `smmgen publish`; add `MASTODON_TOKEN: ${{ "
        "secrets.MASTODON_TOKEN }}` under env: of its Publish step (and the secret to the "
        "social environment)"
    )
    fixed = PUBLISH_YML.replace(
        "    steps:", "    env:\n      MASTODON_TOKEN: ${{ secrets.MASTODON_TOKEN }}\n    steps:"
    )
    repo.write(".github/workflows/publish.yml", fixed)
    assert repo.check() == []


def test_the_scaffold_and_this_repository_pass_their_secrets(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path / "r")]).exit_code == 0
    for root in (tmp_path / "r", ROOT):
        result = runner.invoke(main, ["check", "--root", str(root), "--no-cache"])
        assert result.exit_code == 0, result.output


def test_the_example_content_passes_on_any_date(tmp_path: Path) -> None:
    """Its dated posts are recorded as if published in state/examples.jsonl."""
    for at in ("2026-11-20 12:00", "2027-01-02 12:00", "2031-06-01 12:00"):
        result = CliRunner().invoke(
            main, ["check", "--root", str(ROOT), "--no-cache", "--at", at, "--format", "json"]
        )
        assert (result.exit_code, json.loads(result.stdout)) == (0, []), at
    # Without that ledger the same content has missed posts: the check is not idle.
    copy = tmp_path / "copy"
    for part in ("content", "templates"):
        shutil.copytree(ROOT / part, copy / part)
    shutil.copy(ROOT / "schedule.yaml", copy / "schedule.yaml")
    result = CliRunner().invoke(
        main, ["check", "--root", str(copy), "--at", "2031-06-01 12:00", "--format", "json"]
    )
    assert result.exit_code == 1
    assert {p["rule"] for p in json.loads(result.stdout)} == {"post/missed"}


def test_a_slot_time_a_fixed_post_takes_goes_to_the_next_queued_time(repo: Repo) -> None:
    from tests.helpers.planning import ENV, plan, slot_times
    from tests.helpers.publishing import post_text, publishing

    pub = publishing(repo)  # slot "morning": mon, wed, fri 09:30; 2026-12-02 is a Wednesday
    pub.post("fixed", post_text("2026-12-02 09:30"))
    pub.post("queued", post_text(None, networks="chat, xing", slot="morning"))
    data = plan(pub, "2026-12-01 12:00")
    assert slot_times(data, "chat") == {"queued": "2026-12-04T09:30:00+01:00"}
    block = next(a for a in data["accounts"] if a["account"] == "chat")
    (entry,) = [e for e in block["upcoming"] if e["post"] == "queued"]
    assert (
        entry["detail"] == "slot morning at 2026-12-04 09:30 (2026-12-02 09:30 is taken by fixed)"
    )
    # Another account of the same slot without a fixed post keeps Wednesday.
    assert slot_times(data, "xing") == {"queued": "2026-12-02T09:30:00+01:00"}
    text = pub.run("plan", "--at", "2026-12-01 12:00", env=ENV).stdout
    assert "2026-12-04 09:30  queued  [slot morning]  slot morning at 2026-12-04 09:30" in text


def test_plan_warns_about_posts_closer_than_min_gap(repo: Repo) -> None:
    from tests.helpers.planning import ENV, plan
    from tests.helpers.publishing import post_text, publishing

    pub = publishing(repo)  # min_gap not set: 30 minutes
    pub.post("a", post_text("2026-12-02 09:00"))
    pub.post("b", post_text("2026-12-02 09:10"))
    pub.post("c", post_text("2026-12-02 10:00"))
    data = plan(pub, "2026-12-01 12:00")
    assert data["warnings"] == ["chat: b at 2026-12-02 09:10 is 10m after a; min_gap is 30m"]
    text = pub.run("plan", "--at", "2026-12-01 12:00", env=ENV).stdout
    assert "warning: chat: b at 2026-12-02 09:10 is 10m after a; min_gap is 30m" in text


def test_a_damaged_timing_in_the_cache_loses_no_other_post(repo: Repo) -> None:
    # The cached timings are read in one parse; a damaged one must not cost the others.
    for name in ("a", "b", "c"):
        repo.post(name, POST)
    assert len(repo.check("--at", "2026-12-03 10:00")) == 3  # fills the cache
    cache = repo.root / ".smmgen-cache/check.jsonl"
    head, *lines = cache.read_text("utf-8").splitlines()
    damaged = [json.loads(line) for line in lines]
    damaged[0][3] = damaged[0][3][:-1]  # an unclosed list
    damaged[1][3] = damaged[1][3] + "," + damaged[1][3]  # two values in one
    cache.write_text("\n".join([head, *map(json.dumps, damaged)]) + "\n", "utf-8")
    found = repo.check("--at", "2026-12-03 10:00")
    assert {(p["path"], p["rule"]) for p in found} == {(damaged[2][0], "post/missed")}

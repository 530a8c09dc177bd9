"""smmgen in German: the pull-request comment, the New post form, check messages.

Each repository here says ``ui_language: de`` in its schedule.yaml; the tests
run with an English locale (tests/conftest.py), so the German comes from there.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from smmgen.issue_form import parse_issue
from smmgen.preview import MARKER
from smmgen.schedule import read_schedule
from tests.helpers.content_repo import SCHEDULE, Repo
from tests.helpers.fake_github import FakeGitHub, body_file, run

GERMAN = SCHEDULE.replace("timezone: Europe/Berlin\n", "timezone: Europe/Berlin\nui_language: de\n")


@pytest.fixture
def german(repo: Repo) -> Repo:
    repo.write("schedule.yaml", GERMAN)
    return repo


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_the_pull_request_comment_is_german(german: Repo) -> None:
    head = "---\npublish_at: 2026-12-02 17:00\nnetworks: [bsky, masto]\n---\n"
    german.post("a", head + "Post A.\n")
    git(german.root, "init", "-q", "-b", "main")
    git(german.root, "add", "-A")
    git(german.root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "a")
    git(german.root, "checkout", "-q", "-b", "pr")
    german.post("a", head + "x" * 320)
    git(german.root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "longer")
    result = german.run("preview", "--format", "markdown", "--changed-since", "main")
    out = result.stdout
    assert "## smmgen-Vorschau" in out
    assert "1 Post geändert · ❌ 1 Fehler" in out
    assert "<summary>❌ bsky (Bluesky) — 320 / 300 Grapheme</summary>" in out
    assert "**Wann:** Mi 2026-12-02 17:00 CET (Europe/Berlin)" in out
    assert "Korrigier die Fehler oben" in out
    assert "(` bluesky/length `)" in out  # rule ids stay as they are


def test_the_new_post_form_is_german_and_issues_read_back_in_both_languages(
    german: Repo,
) -> None:
    assert german.run("github", "forms").exit_code == 0
    form = yaml.safe_load((german.root / ".github/ISSUE_TEMPLATE/new-post.yml").read_text("utf-8"))
    assert form["name"] == "Neuer Post" and form["title"] == "Neuer Post: "
    labels = [f["attributes"].get("label") for f in form["body"] if f["type"] != "markdown"]
    assert labels[:3] == ["Text des Posts", "Accounts", "Datum und Uhrzeit"]
    sponsored = next(f for f in form["body"] if f.get("id") == "sponsored")
    assert sponsored["attributes"]["options"] == ["Nein", "Ja"]
    assert german.check() == []  # the German form is the current one

    schedule, _problems = read_schedule(german.root, german.root / "schedule.yaml")
    assert schedule is not None
    german_issue = (
        "### Text des Posts\n\nServus!\n\n### Accounts\n\n- [X] bsky (Bluesky)\n\n"
        "### Datum und Uhrzeit\n\n2026-12-03 09:30\n\n### Gesponsert\n\nJa\n"
    )
    answers = parse_issue(german_issue, schedule)
    assert not isinstance(answers, str), answers
    assert (answers.text, answers.accounts, answers.sponsored) == ("Servus!", ("bsky",), True)
    english_issue = german_issue.replace("Text des Posts", "Text of the post").replace(
        "### Gesponsert\n\nJa", "### Sponsored\n\nNo"
    )
    answers = parse_issue(english_issue, schedule)
    assert not isinstance(answers, str), answers
    assert (answers.text, answers.sponsored) == ("Servus!", False)


BROKEN = {
    "unknown": "---\npublish_at: 2026-12-02 17:00\nnetworks: [bsky, nobody]\n---\nHallo.\n",
    "long": "---\npublish_at: 2026-12-02 17:00\nnetworks: [bsky]\n---\n" + "x" * 320 + "\n",
    "alt": "---\npublish_at: 2026-12-02 17:00\nnetworks: [bsky]\nmedia:\n  - path: a.png\n"
    "---\nBild.\n",
    "yaml": "---\npublish_at: 2026-12-02 17:00\nnetworks: [bsky]\nalt: Tipp: Kaffee\n---\nx\n",
    "none": "---\nnetworks: [bsky]\n---\nWann?\n",
}


def test_check_speaks_german_and_keeps_rule_ids_and_exit_codes(repo: Repo) -> None:
    repo.image("content/a.png")
    for name, text in BROKEN.items():
        repo.post(name, text)
    english_json = repo.run("check", "--format", "json")
    english_text = repo.run("check")
    repo.write("schedule.yaml", GERMAN)
    german_json = repo.run("check", "--format", "json")
    german_text = repo.run("check")

    def shape(result: Result) -> list[tuple[str, int, int, str, str]]:
        return [
            (p["path"], p["line"], p["column"], p["severity"], p["rule"])
            for p in json.loads(result.stdout)
        ]

    # The same problems, keys, severities and exit codes; only the words differ.
    assert shape(german_json) == shape(english_json) and len(shape(german_json)) >= 5
    assert german_json.exit_code == english_json.exit_code == 1
    assert german_text.exit_code == 1
    assert "content/unknown.md:3:1: error: no account 'nobody' in schedule.yaml" in (
        english_text.stdout
    )
    out = german_text.stdout
    assert "content/unknown.md:3:1: Fehler: kein Account 'nobody' in schedule.yaml" in out
    assert "[post/unknown-account]" in out
    assert "320/300 Grapheme — kürz um 20" in out
    assert "hat keinen Alt-Text" in out
    assert "Fehler, " in german_text.stderr and " in 5 Posts" in german_text.stderr
    english_messages = {p["message"] for p in json.loads(english_json.stdout)}
    german_messages = {p["message"] for p in json.loads(german_json.stdout)}
    assert not english_messages & german_messages


def test_publish_summary_and_manual_checklist_are_german(german: Repo) -> None:
    german.write(
        "schedule.yaml",
        GERMAN.replace(
            "accounts:\n",
            "accounts:\n  xing:\n    network: manual\n    platform: XING\n    max_length: 500\n",
        ),
    )
    german.post("due", "---\npublish_at: 2026-12-02 17:00\nnetworks: [xing]\n---\nServus!\n")
    result = german.run("publish", "--dry-run", "--at", "2026-12-02 17:05")
    assert result.exit_code == 0, result.output
    assert "Veröffentlichen mit Stand 2026-12-02 17:05 (Europe/Berlin)" in result.stdout
    assert "Von Hand posten:" in result.stdout
    assert "☐ von Hand posten auf XING: due" in result.stdout
    assert "danach: smmgen mark-published due --account xing --url URL_DES_POSTS" in result.stdout


def test_a_missing_required_key_is_explained_in_german(german: Repo) -> None:
    german.post("ohne", "---\npublish_at: 2026-12-02 17:00\n---\n\nOhne Accounts.\n")
    missing = [p for p in german.check() if p["rule"] == "front-matter/missing-key"]
    assert [p["message"] for p in missing] == [
        "Front Matter braucht 'networks': Account-Namen aus `accounts` in schedule.yaml, auf "
        "denen veröffentlicht wird"
    ]
    german.write("schedule.yaml", GERMAN.replace("    handle: example.bsky.social\n", ""))
    handle = [p["message"] for p in german.check() if p["rule"] == "schedule/missing-key"]
    assert any("der Handle des Accounts, z. B. example.bsky.social" in m for m in handle), handle


def test_smmgen_github_speaks_the_repositorys_language_in_ci(
    german: Repo, gh: FakeGitHub, tmp_path: Path
) -> None:
    """A workflow runs `smmgen github` in the checked-out repository with LANG=C: its log
    lines and errors follow schedule.yaml's ui_language."""
    body = body_file(tmp_path, f"{MARKER}\n## smmgen-Vorschau\n\nText\n")
    gh.fail = [(403, {}, "Resource not accessible by integration")]
    refused = run(gh, "comment", "--pr", "7", "--body-file", body, "--author", "social-bot")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Fehler: GitHub hat das Lesen von Pull Request #7 abgelehnt (403: Resource not "
        "accessible by integration); das Token braucht `pull-requests: read`\n"
    )
    done = run(gh, "comment", "--pr", "7", "--body-file", body)
    assert done.stdout == "#7: Vorschau-Kommentar angelegt\n"


def test_the_manual_networks_name_is_german(german: Repo) -> None:
    german.write(
        "schedule.yaml",
        GERMAN.replace(
            "accounts:\n",
            "accounts:\n  xing:\n    network: manual\n    platform: XING\n    max_length: 9\n"
            "    colour: red\n",
        ),
    )
    messages = [p["message"] for p in german.check()]
    assert any("Account 'xing' (Posten von Hand)" in m for m in messages), messages


def test_media_and_yaml_messages_and_fix_are_german(german: Repo) -> None:
    german.post("bild", "---\npublish_at: 2026-12-02 17:00\nnetworks: [bsky]\n"
                "media:\n  - path: fehlt.png\n    alt: Berg\n---\nBild.\n")  # fmt: skip
    german.post("doppelt", "---\npublish_at: 2026-12-02 17:00\nnetworks: [bsky]\n"
                "networks: [masto]\n---\nZweimal.\n")  # fmt: skip
    german.post("datum", "---\npublish_at: 31.12.2026 15:00\nnetworks: [bsky]\n---\nDatum.\n")
    messages = {p["rule"]: p["message"] for p in german.check()}
    assert messages["media/missing"] == (
        "Bild 'content/fehlt.png' gibt es nicht; prüf den Pfad (er ist relativ zur Post-Datei)"
    )
    assert messages["yaml/duplicate-key"] == "'networks' steht zweimal da; behalte eins"
    fixed = german.run("fix", "--check")
    assert fixed.exit_code == 1
    assert (
        "'31.12.2026 15:00' → '2026-12-31 15:00' (das Datumsformat, das YAML und smmgen lesen)"
        in (fixed.output)
    )

"""`smmgen schema`: the JSON Schemas agree with `smmgen check`.

The example content validates; each invalid document fails both the schema and
check (the editor never calls good what check refuses, nor the other way round).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from smmgen.yamlsrc import YamlDoc, load_yaml
from tests.helpers.content_repo import SCHEDULE, Repo

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT, ROOT / "smmgen" / "scaffold"]


def _schema(repo: Repo, kind: str) -> jsonschema.Draft202012Validator:
    result = repo.run("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _yaml(text: str) -> Any:
    doc = load_yaml(text)
    assert isinstance(doc, YamlDoc), doc
    return doc.value


def _front_matter(text: str) -> Any:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    return _yaml("\n".join(lines[1:end]))


def _errors(validator: jsonschema.Draft202012Validator, value: Any) -> list[str]:
    return [e.message for e in validator.iter_errors(value)]


@pytest.mark.parametrize("base", EXAMPLES, ids=["example", "scaffold"])
def test_example_content_and_schedule_validate(repo: Repo, base: Path) -> None:
    schedule = _schema(repo, "schedule")
    front = _schema(repo, "front-matter")
    assert _errors(schedule, _yaml((base / "schedule.yaml").read_text("utf-8"))) == []
    posts = sorted((base / "content").rglob("*.md"))
    assert posts
    for post in posts:
        assert _errors(front, _front_matter(post.read_text("utf-8"))) == [], post


BAD_FRONT_MATTER = {
    "unknown key": "publish_at: 2026-12-01 09:30\nnetworks: [bsky]\nthred: true",
    "networks not a list": "publish_at: 2026-12-01 09:30\nnetworks: bsky",
    "no networks": "publish_at: 2026-12-01 09:30",
    "empty networks": "publish_at: 2026-12-01 09:30\nnetworks: []",
    "twice the same account": "publish_at: 2026-12-01 09:30\nnetworks: [bsky, bsky]",
    "German date": "publish_at: 31.12.2026 15:00\nnetworks: [bsky]",
    "time and slot": "publish_at: 2026-12-01 09:30\nslot: mornings\nnetworks: [bsky]",
    "no time": "networks: [bsky]",
    "unknown status": "publish_at: 2026-12-01 09:30\nnetworks: [bsky]\nstatus: later",
    "media without path": "publish_at: 2026-12-01 09:30\nnetworks: [bsky]\nmedia:\n  - alt: x",
    "not a URL": "publish_at: 2026-12-01 09:30\nnetworks: [bsky]\nlink: ftp://example.org",
    "bad language": "publish_at: 2026-12-01 09:30\nnetworks: [bsky]\nlanguage: Deutsch!",
    "thread as text": "publish_at: 2026-12-01 09:30\nnetworks: [bsky]\nthread: sometimes",
    "variant typo": "publish_at: 2026-12-01 09:30\nnetworks: [bsky]\nvariants: {bsky: {bdy: x}}",
}


@pytest.mark.parametrize("front", BAD_FRONT_MATTER.values(), ids=BAD_FRONT_MATTER.keys())
def test_bad_front_matter_fails_schema_and_check(repo: Repo, front: str) -> None:
    validator = _schema(repo, "front-matter")
    assert _errors(validator, _yaml(front)), "the schema accepts it"
    repo.post("a", f"---\n{front}\n---\n\nHello\n")
    errors = [p for p in repo.check() if p["severity"] == "error"]
    assert errors, "check accepts it"


def test_good_front_matter_passes_both(repo: Repo) -> None:
    validator = _schema(repo, "front-matter")
    for front in (
        "publish_at: 2026-12-01 09:30\nnetworks: [bsky, masto]",
        "publish_at: 2026-12-01T09:30+01:00\nnetworks: [bsky]",
        "publish_at: now\nnetworks: [bsky]\nsponsored: false",
        "slot: mornings\nnetworks: [bsky]",
        "status: draft\nnetworks: [bsky]",
    ):
        assert _errors(validator, _yaml(front)) == [], front
        repo.post("a", f"---\n{front}\n---\n\nHello\n")
        assert [p for p in repo.check() if p["severity"] == "error"] == [], front


BAD_SCHEDULE = {
    "no time zone": ("timezone: Europe/Berlin\n", ""),
    "unknown network": ("network: linkedin", "network: linkdin"),
    "unknown account key": ("    token_env: MASTODON_TOKEN\n", "    token_env: X\n    tokn: y\n"),
    "secret in the file": ("token_env: MASTODON_TOKEN", "token_env: abc-secret-123"),
    "instance not https": ("https://mastodon.social", "mastodon.social"),
    "unknown weekday": ("[mon, wed, fri]", "[mon, funday]"),
    "time out of range": ('["09:30"]', '["25:00"]'),
    "German blackout date": ("from: 2026-12-24", "from: 24.12.2026"),
    "blackout without reason": ("    reason: Christmas holidays\n", ""),
    "duration in words": ("disclosure:", "max_delay: 6 hours\ndisclosure:"),
    "gap in words": ("min_gap: 0m", "min_gap: half an hour"),
    "paused as text": ("timezone: Europe/Berlin\n", "timezone: Europe/Berlin\npaused: maybe\n"),
    "unknown top-level key": ("timezone: Europe/Berlin\n", "timezone: Europe/Berlin\nslot: x\n"),
}


@pytest.mark.parametrize("change", BAD_SCHEDULE.values(), ids=BAD_SCHEDULE.keys())
def test_bad_schedule_fails_schema_and_check(repo: Repo, change: tuple[str, str]) -> None:
    old, new = change
    assert old in SCHEDULE
    text = SCHEDULE.replace(old, new, 1)
    validator = _schema(repo, "schedule")
    assert _errors(validator, _yaml(text)), "the schema accepts it"
    repo.write("schedule.yaml", text)
    errors = [p for p in repo.check() if p["severity"] == "error"]
    assert errors, "check accepts it"


def test_schema_of_the_test_schedule_is_clean(repo: Repo) -> None:
    assert _errors(_schema(repo, "schedule"), _yaml(SCHEDULE)) == []
    assert [p for p in repo.check() if p["severity"] == "error"] == []


def test_init_maps_the_schemas_for_the_editor(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from smmgen.cli import main

    dest = tmp_path / "social"
    assert CliRunner().invoke(main, ["init", str(dest)]).exit_code == 0
    settings = json.loads((dest / ".vscode" / "settings.json").read_text("utf-8"))
    mapped = settings["yaml.schemas"]
    assert mapped == {"./.smmgen/schemas/schedule.schema.json": ["schedule.yaml"]}
    for kind in ("schedule", "front-matter"):
        written = json.loads((dest / f".smmgen/schemas/{kind}.schema.json").read_text("utf-8"))
        printed = CliRunner().invoke(main, ["schema", kind]).stdout
        assert written == json.loads(printed)
    # The schema init wrote accepts the schedule init wrote, and the example post.
    schedule = jsonschema.Draft202012Validator(
        json.loads((dest / ".smmgen/schemas/schedule.schema.json").read_text("utf-8"))
    )
    assert _errors(schedule, _yaml((dest / "schedule.yaml").read_text("utf-8"))) == []
    container = json.loads((dest / ".devcontainer" / "devcontainer.json").read_text("utf-8"))
    assert "redhat.vscode-yaml" in container["customizations"]["vscode"]["extensions"]
    install = container["postCreateCommand"]
    # It installs smmgen exactly as the workflows do, from files init wrote.
    assert "--require-hashes --no-deps -r requirements.lock" in install
    assert "-r requirements.txt" in install
    assert (dest / "requirements.lock").is_file() and (dest / "requirements.txt").is_file()

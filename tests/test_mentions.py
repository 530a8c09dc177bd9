"""`@{alias}` mentions from people.yaml or schedule.yaml `people:`."""

from __future__ import annotations

import json
from typing import Any

from tests.helpers.content_repo import Repo, one, where

PEOPLE = """\
anna:
  name: Anna Berg
  bluesky: anna.bsky.social
  mastodon: "@anna@mastodon.social"
toni:
  name: Toni Brandl
  masto: toni@bergsteiger.social   # an account name overrides the network
"""

HEAD = "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, masto, li]\n---\n"


def parts(repo: Repo, path: str) -> dict[str, Any]:
    result = repo.run("render", path, "--format", "json")
    assert result.exit_code == 0, result.output
    return {a["account"]: a["parts"][0] for a in json.loads(result.stdout)["accounts"]}


def test_alias_renders_per_network_or_as_the_name(repo: Repo) -> None:
    repo.write("people.yaml", PEOPLE)
    path = repo.post("m", HEAD + "Touren mit @{anna} und @{toni}.\n")
    got = parts(repo, path)
    assert got["bsky"]["text"] == "Touren mit @anna.bsky.social und Toni Brandl."
    assert got["masto"]["text"] == "Touren mit @anna@mastodon.social und @toni@bergsteiger.social."
    assert got["li"]["text"] == "Touren mit Anna Berg und Toni Brandl."
    # Bluesky: a mention facet carrying the handle (the publisher resolves the DID).
    (facet,) = got["bsky"]["facets"]
    assert facet == {
        "index": {"byteStart": 11, "byteEnd": 28},
        "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "anna.bsky.social"}],
    }
    assert repo.check() == []


def test_people_section_in_schedule_yaml(repo: Repo) -> None:
    schedule = (repo.root / "schedule.yaml").read_text()
    repo.write("schedule.yaml", schedule + "people:\n  anna:\n    bluesky: anna.bsky.social\n")
    path = repo.post("m", HEAD + "Mit @{anna}!\n")
    got = parts(repo, path)
    assert got["bsky"]["text"] == "Mit @anna.bsky.social!"
    assert got["li"]["text"] == "Mit anna!"  # no name given: the alias


def test_unknown_alias_is_reported_at_its_line_and_column(repo: Repo) -> None:
    repo.write("people.yaml", PEOPLE)
    path = repo.post(
        "m",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, masto]\nvariants:\n  masto:\n"
        "    body: |-\n      Hallo\n      und @{tony}\n---\n\nErste Zeile\nmit @{ana} hier.\n",
    )
    problems = [p for p in repo.check() if p["rule"] == "post/unknown-mention"]
    assert {(p["line"], p["column"]) for p in problems} == {(8, 11), (12, 5)}
    ana = next(p for p in problems if p["line"] == 12)
    assert ana["path"] == path
    assert (
        "no person 'ana' in people.yaml" in ana["message"]
        and "did you mean 'anna'" in ana["message"]
    )
    # The preview shows it unresolved, as written.
    assert parts(repo, path)["bsky"]["text"] == "Erste Zeile\nmit @{ana} hier."


def test_people_yaml_mistakes_are_problems(repo: Repo) -> None:
    repo.write("people.yaml", "anna:\n  blusky: anna.bsky.social\nbob: just a name\n")
    repo.post("m", HEAD + "Hi\n")
    problems = repo.check()
    assert ("people.yaml", 2, "people/unknown-key") in where(problems)
    assert "did you mean 'bluesky'" in one(problems, "people/unknown-key")["message"]
    assert ("people.yaml", 3, "people/type") in where(problems)


def test_alias_defined_twice(repo: Repo) -> None:
    schedule = (repo.root / "schedule.yaml").read_text()
    repo.write("schedule.yaml", schedule + "people:\n  anna:\n    name: Anna\n")
    repo.write("people.yaml", PEOPLE)
    p = one(repo.check(), "people/duplicate")
    assert (p["path"], p["line"]) == ("people.yaml", 1)


def test_unknown_alias_line_counts_only_real_line_breaks(repo: Repo) -> None:
    # U+2028 and U+0085 are characters inside a line for an editor (YAML alone breaks
    # lines there): the variant's mention stays on line 8, where an editor shows it.
    repo.write("people.yaml", PEOPLE)
    path = repo.post(
        "m",
        "---\n# note\u2028# more\x85# more\npublish_at: 2026-12-01 09:30\n"
        "networks: [bsky, masto]\nvariants:\n  masto:\n    body: |-\n      und @{tony}\n"
        "---\n\nHi\n",
    )
    problems = [p for p in repo.check() if p["rule"] == "post/unknown-mention"]
    assert [(p["path"], p["line"], p["column"]) for p in problems] == [(path, 8, 11)]


def test_unknown_alias_line_in_a_file_with_old_mac_line_endings(repo: Repo) -> None:
    # Lone \r ends a line (as in \r\n files and in YAML): the mention is on line 5 of 5.
    repo.write("people.yaml", PEOPLE)
    path = repo.post("m", "---\rpublish_at: 2026-12-01 09:30\rnetworks: [bsky]\r---\rmit @{ana}")
    problems = [p for p in repo.check() if p["rule"] == "post/unknown-mention"]
    assert [(p["path"], p["line"], p["column"]) for p in problems] == [(path, 5, 5)]

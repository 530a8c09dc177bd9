"""UTM parameters: per network and campaign, never duplicated, only for our domains."""

from __future__ import annotations

import json
from typing import Any

from smmgen.utm import Utm, add_utm, tag_url
from tests.helpers.content_repo import Repo, one

UTM = """\
utm:
  medium: social
  content: "{post}"
  domains: [example.com]
"""


def test_tag_url_keeps_query_and_fragment_and_existing_keys() -> None:
    params = [("utm_source", "bluesky"), ("utm_medium", "social")]
    assert tag_url("https://example.com/a?x=1#top", params) == (
        "https://example.com/a?x=1&utm_source=bluesky&utm_medium=social#top"
    )
    assert tag_url("https://example.com/?utm_source=news", params) == (
        "https://example.com/?utm_source=news&utm_medium=social"
    )
    assert tag_url("https://example.com/?UTM_SOURCE=a&utm_medium=b", params) == (
        "https://example.com/?UTM_SOURCE=a&utm_medium=b"
    )


def test_domains_and_trailing_punctuation() -> None:
    utm = Utm({"source": "{network}", "campaign": "{campaign}"}, ("example.com",))
    text = "See https://shop.example.com/x. Not https://other.org/y or https://notexample.com."
    assert add_utm(text, utm, network="x", campaign=None) == (
        "See https://shop.example.com/x?utm_source=x. Not https://other.org/y or "
        "https://notexample.com."
    )


def render(repo: Repo, path: str) -> dict[str, Any]:
    result = repo.run("render", path, "--format", "json")
    assert result.exit_code == 0, result.output
    return {a["account"]: a for a in json.loads(result.stdout)["accounts"]}


def test_utm_through_render(repo: Repo) -> None:
    schedule = (repo.root / "schedule.yaml").read_text()
    repo.write("schedule.yaml", schedule + UTM)
    path = repo.post(
        "w/launch",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [masto, bsky]\ncampaign: winter 2026\n"
        "link: https://example.com/jacke\n---\n\n"
        "[Shop](https://example.com/shop?utm_source=newsletter) und https://elsewhere.org/\n",
    )
    got = render(repo, path)
    masto = got["masto"]["parts"][0]["text"]
    assert masto == (
        "Shop (https://example.com/shop?utm_source=newsletter&utm_medium=social"
        "&utm_campaign=winter%202026&utm_content=w%2Flaunch) und https://elsewhere.org/\n\n"
        "https://example.com/jacke?utm_source=mastodon&utm_medium=social"
        "&utm_campaign=winter%202026&utm_content=w%2Flaunch"
    )
    assert got["masto"]["link"].startswith("https://example.com/jacke?utm_source=mastodon&")
    # Bluesky: the facets carry the tagged URL; the text shows the short form.
    uris = [f["features"][0]["uri"] for f in got["bsky"]["parts"][0]["facets"]]
    assert uris[-1].startswith("https://example.com/jacke?utm_source=bluesky&utm_medium=social")
    assert got["bsky"]["parts"][0]["text"].endswith("example.com/jacke?utm_so...")


def test_no_utm_section_leaves_links_alone(repo: Repo) -> None:
    path = repo.post(
        "a", "---\npublish_at: 2026-12-01 09:30\nnetworks: [masto]\n---\nhttps://example.com/\n"
    )
    assert render(repo, path)["masto"]["parts"][0]["text"] == "https://example.com/"


def test_bad_utm_settings_are_reported(repo: Repo) -> None:
    schedule = (repo.root / "schedule.yaml").read_text()
    repo.write(
        "schedule.yaml",
        schedule + 'utm:\n  source: "{netwrok}"\n  domains: [https://example.com]\n  mediun: x\n',
    )
    problems = repo.check()
    bad = [p for p in problems if p["rule"] == "schedule/utm"]
    assert [p["message"].split(":")[0] for p in bad] == ["utm 'source'", "utm domains"]
    assert "did you mean 'medium'" in one(problems, "schedule/unknown-key")["message"]

"""`smmgen render`: what goes out per account, through the real CLI on real files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers.content_repo import Repo, one

ROOT = Path(__file__).resolve().parents[1]


def render_json(repo: Repo, path: str, *args: str) -> dict[str, Any]:
    result = repo.run("render", path, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def by_account(data: dict[str, Any]) -> dict[str, Any]:
    return {a["account"]: a for a in data["accounts"]}


POST = """\
---
publish_at: 2026-12-01 09:30
networks: [bsky, masto, li]
media:
  - path: bild.png
    alt: Eine rote Jacke.
---

## Neu im Shop

Die **Firn Pro** ist _da_ – [Jetzt ansehen](https://example.com/firn-pro).
Zweite Zeile im selben Absatz. #Winterjacke

- warm
- leicht
"""


def test_json_contract_per_account(repo: Repo) -> None:
    repo.image("content/bild.png")
    accounts = by_account(render_json(repo, repo.post("p", POST)))
    bsky, masto, li = accounts["bsky"], accounts["masto"], accounts["li"]
    assert bsky["publish_at"] == "2026-12-01T09:30:00+01:00"
    assert bsky["media"] == [
        {"path": "content/bild.png", "alt": "Eine rote Jacke.", "decorative": False}
    ]
    # Headings and emphasis lose their markers; lists get bullets; line breaks stay.
    assert masto["parts"][0]["text"] == (
        "Neu im Shop\n\n"
        "Die Firn Pro ist da – Jetzt ansehen (https://example.com/firn-pro).\n"
        "Zweite Zeile im selben Absatz. #Winterjacke\n\n"
        "• warm\n• leicht"
    )
    # Mastodon counts the URL as 23.
    url = "https://example.com/firn-pro"
    assert masto["parts"][0]["length"] == len(masto["parts"][0]["text"]) - len(url) + 23
    assert masto["parts"][0]["limit"] == 500
    assert "facets" not in masto["parts"][0] and "facets" not in li["parts"][0]
    # Bluesky shows the label, linked by a facet; the hashtag is a tag facet.
    part = bsky["parts"][0]
    assert "Die Firn Pro ist da – Jetzt ansehen.\n" in part["text"]
    assert part["limit"] == 300 and part["length"] == len(part["text"])
    raw = part["text"].encode("utf-8")
    shown = {
        raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode(): f["features"][0]
        for f in part["facets"]
    }
    assert shown == {
        "Jetzt ansehen": {
            "$type": "app.bsky.richtext.facet#link",
            "uri": "https://example.com/firn-pro",
        },
        "#Winterjacke": {"$type": "app.bsky.richtext.facet#tag", "tag": "Winterjacke"},
    }


def test_publish_at_in_the_schedule_time_zone(repo: Repo) -> None:
    summer = repo.post("s", "---\npublish_at: 2026-07-01 09:30\nnetworks: [masto]\n---\nHi\n")
    utc = repo.post("u", "---\npublish_at: 2026-12-01T08:30:00Z\nnetworks: [masto]\n---\nHi\n")
    slot = repo.post("q", "---\nslot: mornings\nnetworks: [masto]\n---\nHi\n")
    assert render_json(repo, summer)["accounts"][0]["publish_at"] == "2026-07-01T09:30:00+02:00"
    assert render_json(repo, utc)["accounts"][0]["publish_at"] == "2026-12-01T09:30:00+01:00"
    data = render_json(repo, slot)
    assert data["slot"] == "mornings" and data["accounts"][0]["publish_at"] is None


def test_language_per_post_and_per_variant(repo: Repo) -> None:
    post = repo.post(
        "l",
        "---\npublish_at: now\nnetworks: [bsky, masto, li]\nlanguage: en\nvariants:\n"
        "  masto:\n    body: Servus!\n    language: de-AT\n---\n\nHello!\n",
    )
    accounts = by_account(render_json(repo, post))
    assert {name: a["language"] for name, a in accounts.items()} == {
        "bsky": "en",
        "masto": "de-AT",
        "li": "en",
    }
    plain = repo.post("p", "---\npublish_at: now\nnetworks: [masto]\n---\n\nHallo!\n")
    assert render_json(repo, plain)["accounts"][0]["language"] is None  # the account's own
    text = repo.run("render", post, "--account", "masto").stdout
    assert "language: de-AT\n" in text


def test_text_format_shows_each_part_and_counts(repo: Repo) -> None:
    body = "\n\n".join(f"Absatz {i}: " + "Wort " * 40 for i in range(3))
    path = repo.post(
        "t", f"---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\nthread: true\n---\n\n{body}\n"
    )
    result = repo.run("render", path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "=== bsky (Bluesky) · 2026-12-01 09:30 CET (UTC+0100)"
    headers = [ln for ln in lines if ln.startswith("--- part")]
    assert headers == ["--- part 1/3: 213/300 graphemes", "--- part 2/3: 213/300 graphemes",
                       "--- part 3/3: 213/300 graphemes"]  # fmt: skip
    assert lines[2] == "Absatz 0: " + "Wort " * 39 + "Wort 1/3"


def test_thread_parts_fit_and_facets_point_into_their_part(repo: Repo) -> None:
    para = "Schichten helfen. " * 12
    body = f"{para}\n\n{para}\n\nMehr: https://example.com/ratgeber/zwiebelprinzip-im-winter #Tipp"
    path = repo.post(
        "z",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, masto, li]\nthread: true\n---\n\n"
        + body,
    )
    accounts = by_account(render_json(repo, path))
    bsky = accounts["bsky"]["parts"]
    assert len(bsky) == 2 and all(p["length"] <= 300 for p in bsky)
    last = bsky[-1]
    assert last["text"].endswith("Mehr: example.com/ratgeber/zwi... #Tipp 2/2")
    raw = last["text"].encode()
    (link,) = [f for f in last["facets"] if "uri" in f["features"][0]]
    assert (
        raw[link["index"]["byteStart"] : link["index"]["byteEnd"]] == b"example.com/ratgeber/zwi..."
    )
    assert link["features"][0]["uri"] == "https://example.com/ratgeber/zwiebelprinzip-im-winter"
    # LinkedIn has no threads: one part, split marker-free, no numbering.
    (li,) = accounts["li"]["parts"]
    assert not li["text"].endswith("1/2")


def test_thread_on_a_network_without_threads_is_an_error(repo: Repo) -> None:
    body = "Satz. " * 600  # 3600 characters, LinkedIn takes 3000
    repo.post(
        "l", f"---\npublish_at: 2026-12-01 09:30\nnetworks: [li]\nthread: true\n---\n\n{body}\n"
    )
    p = one(repo.check(), "linkedin/length")
    assert p["message"].startswith("li: 3599/3000")
    assert "(LinkedIn has no threads, so thread: true cannot split it)" in p["message"]


def test_split_markers_become_paragraph_breaks_where_a_network_has_no_threads(
    repo: Repo,
) -> None:
    path = repo.post(
        "m",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky, li]\nthread: true\n---\n\n"
        "Erster Teil.\n\n<!-- split -->\n\nZweiter Teil.\n",
    )
    accounts = by_account(render_json(repo, path))
    bsky = [p["text"] for p in accounts["bsky"]["parts"]]
    assert bsky == ["Erster Teil. 1/2", "Zweiter Teil. 2/2"]
    assert [p["text"] for p in accounts["li"]["parts"]] == ["Erster Teil.\n\nZweiter Teil."]


def test_unknown_account_option_is_a_usage_error(repo: Repo) -> None:
    path = repo.post("a", "---\npublish_at: 2026-12-01 09:30\nnetworks: [masto]\n---\nHi\n")
    result = repo.run("render", path, "--account", "mastodn")
    assert result.exit_code == 2
    assert "does not go to 'mastodn'" in result.output and "did you mean 'masto'" in result.output


def test_variant_is_sent_as_written(repo: Repo) -> None:
    path = repo.post(
        "v",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [masto]\nvariants:\n  masto:\n"
        "    body: |-\n      **nicht fett**\n      Zeile zwei\n---\nText\n",
    )
    (masto,) = render_json(repo, path)["accounts"]
    assert masto["parts"][0]["text"] == "**nicht fett**\nZeile zwei"
    assert masto["from_variant"] is True


def test_example_content_renders_and_checks_clean() -> None:
    from click.testing import CliRunner

    from smmgen.cli import main

    result = CliRunner().invoke(
        main, ["check", "--root", str(ROOT), "--no-cache", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert [p for p in json.loads(result.stdout) if p["severity"] == "error"] == []
    thread = "content/2026-12/2026-12-10-zwiebelprinzip-thread.md"
    result = CliRunner().invoke(
        main, ["render", str(ROOT / thread), "--root", str(ROOT), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    for account in json.loads(result.stdout)["accounts"]:
        assert all(p["length"] <= p["limit"] for p in account["parts"])

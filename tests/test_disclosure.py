"""A sponsored post's label is one readers understand, and visible without expanding the post."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from smmgen.cli import main
from tests.helpers.content_repo import Repo, one

LONG = "Unsere neue Winterjacke ist da: leicht, warm, fair produziert und in fünf Farben. " * 3


def init(dest: Path, *args: str, tz: str = "UTC") -> str:
    result = CliRunner().invoke(
        main, ["init", str(dest), *args], env={"TZ": tz, "GITHUB_ACTIONS": None}
    )
    assert result.exit_code == 0, result.output
    return str(yaml.safe_load((dest / "schedule.yaml").read_text("utf-8"))["disclosure"])


def test_init_in_german_labels_with_anzeige(tmp_path: Path) -> None:
    assert init(tmp_path / "de", "--language", "de") == "#Anzeige"
    assert init(tmp_path / "en", "--language", "en", tz="Europe/Berlin") == "#ad"


def test_init_defaults_to_german_in_a_german_time_zone(tmp_path: Path) -> None:
    assert init(tmp_path / "berlin", tz="Europe/Berlin") == "#Anzeige"
    assert init(tmp_path / "utc", tz="UTC") == "#ad"


def test_init_follows_ui_language_of_the_schedule_it_replaces(tmp_path: Path) -> None:
    dest = tmp_path / "r"
    dest.mkdir()
    (dest / "schedule.yaml").write_text("timezone: UTC\nui_language: de\n", "utf-8")
    assert init(dest, "--force") == "#Anzeige"


def sponsored(repo: Repo, network: str, body: str, extra: str = "") -> str:
    if network == "insta":
        repo.image("content/j.jpg", fmt="JPEG")
        extra += "media:\n  - path: j.jpg\n    alt: Eine Jacke\n"
    return repo.post(
        "ad",
        f"---\npublish_at: 2026-12-01 09:30\nnetworks: [{network}]\nsponsored: true\n"
        f"{extra}---\n\n{body}\n",
    )


@pytest.mark.parametrize(
    ("account", "title", "cut"), [("insta", "Instagram", 125), ("li", "LinkedIn", 210)]
)
def test_label_after_the_more_cut_is_an_error(
    repo: Repo, account: str, title: str, cut: int
) -> None:
    path = sponsored(repo, account, LONG + "\n\n#Anzeige")
    line = (repo.root / path).read_text("utf-8").splitlines().index("#Anzeige") + 1
    p = one(repo.check(), "post/disclosure-hidden")
    assert (p["path"], p["line"], p["column"], p["severity"]) == (path, line, 1, "error")
    assert p["message"] == (
        f"{account}: the disclosure label '#Anzeige' stands at character {len(LONG.rstrip()) + 3}, "
        f"after {title}'s “… more” cut at {cut} characters, so readers see it only after "
        f"expanding the post; move it into the first {cut} characters, e.g. to the start"
    )


@pytest.mark.parametrize("account", ["insta", "li", "bsky"])
def test_label_in_front_passes(repo: Repo, account: str) -> None:
    sponsored(repo, account, "#Anzeige " + LONG[:200])
    assert [p for p in repo.check() if p["rule"].startswith("post/")] == []


def test_a_short_post_may_carry_the_label_at_its_end(repo: Repo) -> None:
    sponsored(repo, "insta", "Die neue Winterjacke ist da. #Anzeige")
    assert [p for p in repo.check() if p["rule"].startswith("post/")] == []


def test_label_behind_a_content_warning_is_hidden(repo: Repo) -> None:
    path = sponsored(repo, "masto", "#Anzeige Die neue Jacke", "content_warning: Werbung\n")
    p = one(repo.check(), "post/disclosure-hidden")
    assert (p["path"], p["line"], p["column"]) == (path, 8, 1)
    assert "behind the content warning" in p["message"]
    assert "'#Anzeige Werbung'" in p["message"]


def test_a_hidden_label_is_reported_at_its_own_column(repo: Repo) -> None:
    path = sponsored(repo, "masto", "Die neue Jacke #Anzeige", "content_warning: Werbung\n")
    p = one(repo.check(), "post/disclosure-hidden")
    assert (p["path"], p["line"], p["column"]) == (path, 8, 16)


def test_a_label_a_template_adds_after_the_cut_is_reported_at_the_text(repo: Repo) -> None:
    # The label is not in the post file: the problem points at the text's first line.
    repo.write("templates/linkedin.txt.j2", "{{ body }}\n\n#Anzeige\n")
    path = sponsored(repo, "li", LONG)
    p = one(repo.check(), "post/disclosure-hidden")
    assert (p["path"], p["line"], p["column"]) == (path, 7, 1)


def test_a_hidden_label_in_a_variant_is_found_in_its_body_not_in_the_key_above(
    repo: Repo,
) -> None:
    body = f'    body: "{LONG}#Anzeige"\n'
    variant = f'variants:\n  li:\n    first_comment: "Mehr: #Anzeige"\n{body}'
    path = sponsored(repo, "li", "Kurz.", variant)
    p = one(repo.check(), "post/disclosure-hidden")
    assert (p["path"], p["line"], p["column"]) == (path, 8, body.index("#Anzeige") + 1)

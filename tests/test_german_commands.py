"""More of smmgen in German: render, ledger problems, accounts, inbox, new, cost, init.

Each run is a real ``smmgen`` process with an English locale in a repository whose
schedule.yaml says ``ui_language: de`` (or ``smmgen init --language de``); what it
shows must contain none of our English texts (tests/test_german_run.py decides
that without a dictionary) and the German ones users will look for.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers.content_repo import SCHEDULE, make_image
from tests.test_german_run import marked, pattern, smmgen_de, unmarked

GERMAN = SCHEDULE.replace("timezone: Europe/Berlin\n", "timezone: Europe/Berlin\nui_language: de\n")


def english_in(out: str) -> list[str]:
    """Our English texts (marked or not) that ``out`` shows."""
    found = [m for m in marked() if (p := pattern(m)) and p.search(out)]
    return found + sorted(f for f in unmarked() if f in out)


def german_repo(root: Path, schedule: str = GERMAN) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "schedule.yaml").write_text(schedule, "utf-8")
    return root


def test_render_is_german(tmp_path: Path) -> None:
    root = german_repo(tmp_path / "repo")
    make_image(root / "content" / "bild.png")
    (root / "content" / "a.md").write_text(
        "---\nslot: mornings\nnetworks: [bsky, masto]\ncontent_warning: Spoiler\n"
        "language: de\nmedia:\n  - path: bild.png\n    alt: Eine Röstmaschine\n---\n\n"
        + "Servus https://example.com/ein/sehr/langer/link " * 12
        + "\n",
        "utf-8",
    )
    run = smmgen_de(root, "render", "content/a.md")
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    assert "nächste freie Zeit des Slots 'mornings'" in out
    assert "Inhaltswarnung: Spoiler" in out and "Sprache: de" in out
    assert "über dem Limit" in out and "Grapheme" in out
    assert "Zeichen (jeder Link zählt 23)" in out
    assert "--- Bild content/bild.png (Alt-Text: Eine Röstmaschine)" in out
    assert not english_in(out), out

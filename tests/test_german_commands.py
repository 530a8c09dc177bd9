"""More of smmgen in German: render, ledger problems, accounts, inbox, new, cost, init.

Each run is a real ``smmgen`` process with an English locale in a repository whose
schedule.yaml says ``ui_language: de`` (or ``smmgen init --language de``); what it
shows must contain none of our English texts (tests/test_german_run.py decides
that without a dictionary) and the German ones users will look for.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from smmgen.stats.store import HEADER
from tests.helpers.content_repo import SCHEDULE, make_image
from tests.test_german_run import marked, pattern, smmgen_de, unmarked

GERMAN = SCHEDULE.replace("timezone: Europe/Berlin\n", "timezone: Europe/Berlin\nui_language: de\n")


def english_in(out: str) -> list[str]:
    """Our English texts (marked or not) that ``out`` shows.

    Not sentences, so the same in every language: git commands, paths, and the
    README's headings, which German texts quote by name („If the ledger branch
    is gone“) so that people find them.
    """
    found = [m for m in marked() if (p := pattern(m)) and p.search(out)]
    quoted = " ".join(re.findall(r"„([^“]*)“", out))
    return found + sorted(
        f
        for f in unmarked()
        if f in out and not f.startswith("git ") and " " in f and f not in quoted
    )


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


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_ledger_and_statistics_problems_are_german(tmp_path: Path) -> None:
    root = german_repo(tmp_path / "repo")
    (root / "content" / "a.md").write_text(
        "---\npublish_at: 2026-12-02 09:00\nnetworks: [masto]\n---\n\nServus!\n", "utf-8"
    )
    claim = '{"post": "a", "account": "masto", "key": "k", "event": "claimed", "run": "r"'
    (root / "state").mkdir()
    (root / "state" / "published.jsonl").write_text(
        "[1, 2]\n"
        + claim + ', "at": "2026-12-02T10:00:00"}\n'
        + claim + ', "at": "gestern"}\n'
        + claim + ', "at": "2026-12-02T10:00:00+00:00", "event": "weg"}\n'
        + claim + ', "at": "2026-12-02T10:00:00+00:00", "pid": "x"}\n'
        + '{"post": 5}\n',
        "utf-8",
    )  # fmt: skip
    (root / "stats").mkdir()
    (root / "stats" / "2026-11.csv").write_text(
        HEADER + "gestern,a,masto,mastodon,1d,ok,1,2,3,4,5,6,7,8,9\n"
        "2026-11-02T09:00:00Z,a,masto,mastodon,1d,weg,1,2,3,4,5,6,7,8,9\n"
        "2026-11-02T09:00:00Z,a,masto\n",
        "utf-8",
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a")
    # The ledger branch was here once (its tag says so) and is gone now.
    git(root, "tag", "smmgen-state-root", "HEAD")
    check = smmgen_de(root, "check", "--no-cache", "--at", "2026-11-20 12:00")
    plan = smmgen_de(root, "plan", "--at", "2026-11-20 12:00")
    stats = smmgen_de(root, "stats")
    out = "\n".join(r.stdout + r.stderr for r in (check, plan, stats))
    assert "Traceback" not in out
    assert "Ledger-Zeile übersprungen: ein JSON-list, kein Objekt" in out
    assert "'at' hat keine Zeitzone" in out and "'pid' muss eine ganze Zahl sein" in out
    assert "der Ledger-Branch smmgen-state fehlt, dabei lag dort vorher der Ledger" in out
    assert "keine UTC-Zeit" in out and "verwende ok oder deleted" in out
    assert "[ledger/invalid]" in out and "[ledger/missing]" in out  # rule ids stay
    assert not english_in(out), out

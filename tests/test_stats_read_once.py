"""Each command reads stats/ and the ledger once (DESIGN: each file is read once per command).

The build shows the statistics on four kinds of page (the Statistics page, each
post page, the heat map, the best times on the week pages) and `plan` shows the
best times beside the plan: all from one reading. Counted in a real process by
an audit hook on ``open``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from smmgen.stats.store import HEADER
from tests.helpers.stats import ledger, repo_with

ACCOUNTS = "  bsky:\n    network: bluesky\n    handle: ours.test\n    password_env: BSKY_PW\n"
ROOT = Path(__file__).resolve().parent.parent
# Runs smmgen with a hook that counts each file opened for reading, printed as JSON on exit.
COUNTING = """
import atexit, json, os, sys
opened = {}
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, os.PathLike)) and args[1] in (None, "r", "rb"):
        name = os.fspath(args[0])
        opened[name] = opened.get(name, 0) + 1
sys.addaudithook(hook)
atexit.register(lambda: print("OPENED " + json.dumps(opened), file=sys.stderr))
from smmgen.cli import main
sys.argv = ["smmgen", *sys.argv[1:]]
main()
"""


def repository(tmp_path: Path) -> Path:
    """Three posts published on Tuesdays at 09 UTC with snapshots in two month files."""
    root = repo_with(tmp_path / "repo", ACCOUNTS)
    for n in range(3):
        day = f"2026-11-{3 + 7 * n:02d}"
        (root / "content" / f"p{n}.md").write_text(
            f"---\npublish_at: {day} 09:00\nnetworks: [bsky]\n---\n\nText {n}\n", "utf-8"
        )
        ledger(root, [(f"p{n}", "bsky", f"at://d/p/{n}")], at=f"{day}T09:00:00+00:00")
    (root / "stats").mkdir()
    lines = [f"2026-11-25T00:00:00Z,p{n},bsky,bluesky,24h,ok,{n},0,0,0,,,,,\n" for n in range(3)]
    (root / "stats" / "2026-11.csv").write_text(HEADER + "".join(lines), "utf-8")
    (root / "stats" / "2026-12.csv").write_text(
        HEADER + "2026-12-01T00:00:00Z,,bsky,bluesky,,ok,,,,,,,,,12\n", "utf-8"
    )
    return root


def opened(root: Path, *args: str) -> Counter[str]:
    """How often each file of the repository was opened while smmgen ran ``args``."""
    result = subprocess.run(
        [sys.executable, "-c", COUNTING, *args, "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("OPENED "))
    counts: dict[str, int] = json.loads(line.removeprefix("OPENED "))
    repo = str(root.resolve())
    return Counter(
        {
            Path(name).resolve().relative_to(repo).as_posix(): n
            for name, n in counts.items()
            if Path(name).resolve().is_relative_to(repo)
        }
    )


def test_a_build_reads_the_snapshots_and_the_ledger_once(tmp_path: Path) -> None:
    root = repository(tmp_path)
    counts = opened(root, "build", "--out", str(tmp_path / "site"), "--at", "2026-12-02 00:00")
    assert counts["stats/2026-11.csv"] == 1
    assert counts["stats/2026-12.csv"] == 1
    assert counts["state/published.jsonl"] == 1
    site = tmp_path / "site"
    assert "p2" in (site / "stats.html").read_text("utf-8")
    assert "Tue 09:00 (3 posts, 1.0 on average)" in (site / "week.html").read_text("utf-8")


def test_plan_reads_the_snapshots_and_the_ledger_once(tmp_path: Path) -> None:
    root = repository(tmp_path)
    counts = opened(root, "plan", "--at", "2026-12-02 00:00")
    assert counts["stats/2026-11.csv"] == 1
    assert counts["state/published.jsonl"] == 1


def test_the_collector_is_on_again_after_the_statistics(tmp_path: Path) -> None:
    """The cycle collector pauses while the statistics are read and added up, not longer."""
    import gc

    from click.testing import CliRunner

    from smmgen.cli import main

    root = repository(tmp_path)
    assert gc.isenabled()
    for args in (["build", "--out", str(tmp_path / "site")], ["plan"], ["stats"]):
        result = CliRunner().invoke(main, [*args, "--root", str(root), "--at", "2026-12-02 00:00"])
        assert result.exit_code == 0, result.output
        assert gc.isenabled(), args
    (root / "stats" / "2026-12.csv").write_bytes(b"\xff not text")  # unreadable: reported
    result = CliRunner().invoke(main, ["stats", "--root", str(root), "--at", "2026-12-02 00:00"])
    assert "stats/2026-12.csv:1: cannot read" in result.output
    assert gc.isenabled()


def test_collect_reads_no_post_file_when_the_ledger_says_enough(tmp_path: Path) -> None:
    """Collection needs schedule.yaml, the ledger and stats/; a post file only for a
    thread whose parts the ledger does not list (see test_stats_collect)."""
    root = repository(tmp_path)
    # Nothing due and the followers counted today: no network call is made.
    counts = opened(root, "stats", "collect", "--at", "2026-12-01 12:00")
    assert counts["state/published.jsonl"] == 1
    assert counts["stats/2026-11.csv"] == 1
    assert not [name for name in counts if name.startswith("content/")], counts

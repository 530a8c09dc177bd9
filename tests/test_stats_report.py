"""`smmgen stats`: the report from stats/*.csv and the ledger, in four formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner, Result

from smmgen.cli import main
from smmgen.stats.store import HEADER
from tests.helpers.stats import stats_repo


def stats(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["stats", "--root", str(root), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"smmgen crashed: {result.exception!r}") from result.exception
    return result


def test_json_groups_ranks_and_growth(tmp_path: Path) -> None:
    root = stats_repo(tmp_path)
    result = stats(root, "--at", "2026-12-10 12:00", "--since", "7d", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    posts = {(p["post"], p["account"]): p for p in data["posts"]}
    assert set(posts) == {("winter", "bsky"), ("winter", "xacct"), ("summer", "bsky"),
                          ("summer", "xacct")}  # fmt: skip
    # The latest snapshot counts; what a network does not give stays null.
    assert posts[("winter", "bsky")]["metrics"]["likes"] == 10
    assert posts[("winter", "bsky")]["metrics"]["views"] is None
    assert posts[("winter", "bsky")]["rate"] is None
    assert posts[("summer", "xacct")]["rate"] == 10 / 50
    # X posts (views) are ranked by rate, Bluesky posts by interactions: never mixed.
    assert [p["post"] for p in data["top_by_rate"]] == ["summer", "winter"]
    assert [(p["post"], p["interactions"]) for p in data["top_by_interactions"]] == [
        ("winter", 16),
        ("summer", 3),
    ]
    campaigns = {g["name"]: g for g in data["campaigns"]}
    assert campaigns["advent"]["posts"] == 2 and campaigns["advent"]["metrics"]["likes"] == 14
    assert campaigns["advent"]["metrics"]["views"] == 100
    tags = {g["name"]: g["posts"] for g in data["tags"]}
    assert tags == {"berge": 4, "schnee": 2}
    networks = {g["name"]: g["metrics"]["saves"] for g in data["networks"]}
    assert networks == {"bluesky": None, "x": 1}  # Bluesky sent no saves at all
    # Beside our names, what each network calls them.
    names = {g["name"]: g["names"] for g in data["networks"]}
    assert names["bluesky"]["likes"] == "likeCount" and names["x"]["views"] == "impression_count"
    growth = {g["account"]: (g["start"], g["end"], g["change"]) for g in data["followers"]}
    assert growth == {"bsky": (100, 112, 12), "xacct": (50, 49, -1)}
    heat = {(c["network"], c["weekday"], c["hour"]): c["mean"] for c in data["heat"]}
    # All history: winter (16) and old (40) were both published on a Monday at 09:00.
    assert heat[("bluesky", "Mon", 9)] == 28.0 and heat[("bluesky", "Tue", 17)] == 3.0


def test_from_to_is_inclusive_and_everything_is_the_default(tmp_path: Path) -> None:
    root = stats_repo(tmp_path)
    one_day = stats(root, "--from", "2026-12-07", "--to", "2026-12-07", "--format", "json")
    assert {p["post"] for p in json.loads(one_day.stdout)["posts"]} == {"winter"}
    everything = stats(root, "--at", "2026-12-10 12:00", "--format", "json")
    assert {p["post"] for p in json.loads(everything.stdout)["posts"]} == {
        "winter",
        "summer",
        "old",
    }
    assert stats(root, "--since", "7d", "--from", "2026-12-01").exit_code == 2
    assert stats(root, "--since", "a week").exit_code == 2
    assert stats(root, "--from", "yesterday").exit_code == 2


def test_text_and_markdown_and_csv(tmp_path: Path) -> None:
    root = stats_repo(tmp_path)
    text = stats(root, "--at", "2026-12-10 12:00", "--since", "7d").stdout
    assert "4 posts measured" in text and "Followers" in text
    assert "bsky     bluesky  100               112            +12" in text
    md = stats(root, "--at", "2026-12-10 12:00", "--since", "7d", "--format", "markdown").stdout
    assert md.startswith("## Statistics: 2026-12-03 12:00 – 2026-12-10 12:00 (UTC)")
    assert "### Top posts by engagement rate" in md
    assert "| a\\|b \\<i\\>x\\</i\\> | 2 |" in md  # a campaign name cannot break the table
    table = list(csv.DictReader(io.StringIO(
        stats(root, "--at", "2026-12-10 12:00", "--since", "7d", "--format", "csv").stdout
    )))  # fmt: skip
    assert len(table) == 4
    assert table[0]["post"] == "winter" and table[0]["likes"] == "10"
    assert table[0]["views"] == "" and table[1]["views"] == "100"


def test_a_nonsense_row_is_reported_and_the_report_still_comes(tmp_path: Path) -> None:
    root = stats_repo(tmp_path)
    path = root / "stats" / "2026-12.csv"
    lines = path.read_text("utf-8").splitlines()
    lines[4] = lines[4].replace(",10,2,3,1,", ",ten,2,3,1,")  # line 5: winter on bsky, 24h
    path.write_text("\n".join([*lines, "2026-13-45T99:00:00Z,x,y"]) + "\n", "utf-8")
    result = stats(root, "--at", "2026-12-10 12:00", "--since", "7d", "--format", "json")
    assert result.exit_code == 0
    assert "stats/2026-12.csv:5: 'likes' is 'ten'" in result.stderr
    assert f"stats/2026-12.csv:{len(lines) + 1}: 3 values" in result.stderr
    posts = {(p["post"], p["account"]): p for p in json.loads(result.stdout)["posts"]}
    assert posts[("winter", "bsky")]["checkpoint"] == "1h"  # the last good snapshot


def test_rows_edited_by_hand_are_reported_with_their_line_and_skipped(tmp_path: Path) -> None:
    root = stats_repo(tmp_path)
    good = (root / "stats" / "2026-12.csv").read_text("utf-8")
    (root / "stats" / "2026-11.csv").write_text(
        HEADER
        + '2026-11-20T09:00:00Z,"old",bsky,bluesky,7d,ok,3,0,0,0,,,,,\n'  # quoted: fine
        + "2026-11-21T09:00:00Z,old,bsky,bluesky,7d,gone,3,0,0,0,,,,,\n"
        + "2026-11-31T09:00:00Z,old,bsky,bluesky,7d,ok,3,0,0,0,,,,,\n"
        + "2026-11-22T09:00:00Z,old,bsky,bluesky,7d,ok,3,0,-1,0,,,,,\n"
        + "2026-11-22T09:00:00Z,old,,bluesky,7d,ok,3,0,0,0,,,,,\n"
        + "2026-11-22T09:00:00Z,old,bsky,bluesky,7d,ok,3,0,0,0,,,\n"
        + "2026-11-23T09:00:00Z,old,bsky,bluesky,7d,ok,99999999999999999999,0,0,0,,,,,\n",
        "utf-8",
    )
    result = stats(root, "--at", "2026-12-10 12:00", "--format", "json")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: stats/2026-11.csv:3: 'status' is 'gone'; use ok or deleted; "
        "this row is skipped [stats/bad-row]",
        "warning: stats/2026-11.csv:4: 'at' is '2026-11-31T09:00:00Z', not a UTC time like "
        "2026-12-01T09:30:00Z; this row is skipped [stats/bad-row]",
        "warning: stats/2026-11.csv:5: 'replies' is '-1', not a whole number ≥ 0 (or empty); "
        "this row is skipped [stats/bad-row]",
        "warning: stats/2026-11.csv:6: 'account' is empty; this row is skipped [stats/bad-row]",
        "warning: stats/2026-11.csv:7: 13 values where 15 columns (at, post, account, network, "
        "checkpoint, status, likes, reposts, replies, quotes, saves, clicks, views, reach, "
        "followers) are expected; this row is skipped [stats/bad-row]",
        "warning: stats/2026-11.csv:8: 'likes' is '99999999999999999999', not a whole number "
        "≥ 0 (or empty); this row is skipped [stats/bad-row]",
    ]
    # The quoted row counts; the good month is untouched by the bad one.
    assert (root / "stats" / "2026-12.csv").read_text("utf-8") == good
    old = [p for p in json.loads(result.stdout)["posts"] if p["post"] == "old"]
    assert old[0]["metrics"]["likes"] == 30  # the 30d row of December is the latest


def test_the_report_speaks_the_repository_language_and_csv_keeps_its_keys(
    tmp_path: Path,
) -> None:
    root = stats_repo(tmp_path)
    schedule = root / "schedule.yaml"
    schedule.write_text("ui_language: de\n" + schedule.read_text("utf-8"), "utf-8")
    text = stats(root, "--at", "2026-12-10 12:00", "--since", "7d").stdout
    assert "4 Posts gemessen" in text and "Follower vorher" in text
    md = stats(root, "--at", "2026-12-10 12:00", "--since", "7d", "--format", "markdown").stdout
    assert md.startswith("## Statistik: 2026-12-03 12:00 – 2026-12-10 12:00 (UTC)")
    assert "### Top-Posts nach Engagement-Rate" in md
    assert "Leere Zellen: Das Netzwerk liefert diese Zahl nicht." in md
    table = list(csv.DictReader(io.StringIO(
        stats(root, "--at", "2026-12-10 12:00", "--since", "7d", "--format", "csv").stdout
    )))  # fmt: skip
    assert table[0]["post"] == "winter" and table[0]["likes"] == "10"


def test_the_docs_name_each_metric_as_its_network_calls_it() -> None:
    """docs/guide/statistics.md keeps the network's own name beside ours, as the readers read it."""
    from smmgen.stats.report import native_names

    docs = (Path(__file__).parent.parent / "docs/guide/statistics.md").read_text("utf-8")
    rows = {
        line.split("|")[1].strip().split(" ")[0].lower(): line
        for line in docs.splitlines()
        if line.startswith("| ") and line.count("|") == 6
    }
    for network in ("bluesky", "mastodon", "x", "linkedin", "instagram", "facebook", "discord"):
        for ours, theirs in native_names(network).items():
            assert f"{ours} (`{theirs}`" in rows[network], (network, ours, theirs)
    assert "same names" in rows["threads"]
    assert set(native_names("threads").items()) == {(m, m) for m in native_names("threads")}

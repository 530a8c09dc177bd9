"""The Statistics page and the post pages' numbers: static SVG, tables equal to the CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from smmgen.cli import main
from smmgen.stats.store import HEADER
from tests.helpers.stats import build, git, stats_repo


class Tables(HTMLParser):
    """The cells of every table, by table id (or its position)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append((dict(attrs).get("id") or "", []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(path: Path) -> dict[str, list[dict[str, str]]]:
    parser = Tables()
    parser.feed(path.read_text("utf-8"))
    out = {}
    for i, (name, rows) in enumerate(parser.tables):
        out[name or str(i)] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    return out


def test_the_tables_under_the_charts_equal_the_csv(tmp_path: Path) -> None:
    root = stats_repo(tmp_path / "repo")
    site = build(root, tmp_path / "site")
    page = (site / "stats.html").read_text("utf-8")
    assert page.count('<svg class="chart"') >= 4  # networks, campaigns, followers, heat
    assert not re.search(r"(?:src|href)=\"https?:", page)
    assert "<script>" not in page and "style=" not in page  # the CSP allows neither

    snapshots = list(csv.DictReader(io.StringIO((root / "stats/2026-12.csv").read_text("utf-8"))))
    latest: dict[tuple[str, str], dict[str, str]] = {}
    for r in snapshots:
        if r["post"]:
            latest[(r["post"], r["account"])] = r  # rows are in time order per post
    got = tables(site / "stats.html")
    posts = {(r["post"], r["account"]): r for r in got["posts-table"]}
    assert set(posts) == set(latest)
    for key, row in latest.items():
        for metric in ("likes", "reposts", "replies", "quotes", "saves", "views"):
            assert posts[key][metric] == row[metric], (key, metric)
    followers = [(r["account"], r["followers"]) for r in got["followers-table"]]
    assert followers == [("bsky", "100"), ("bsky", "112"), ("xacct", "50"), ("xacct", "49")]
    networks = {r["network"]: r for r in got["0"]}
    bluesky_likes = sum(int(r["likes"]) for k, r in latest.items() if k[1] == "bsky")
    assert networks["bluesky"]["likes"] == str(bluesky_likes)
    assert networks["bluesky"]["saves"] == ""  # nobody measured saves on Bluesky

    post_page = tables(site / "posts" / "winter.html")["post-stats-table"]
    assert [(r["account"], r["after"], r["likes"]) for r in post_page] == [
        ("bsky", "1h", "1"),
        ("bsky", "24h", "10"),
        ("xacct", "24h", "4"),
    ]
    assert 'href="stats.html">Statistics' in (site / "index.html").read_text("utf-8")


def test_hostile_names_are_escaped_in_the_charts(tmp_path: Path) -> None:
    root = stats_repo(tmp_path / "repo")
    site = build(root, tmp_path / "site")
    page = (site / "stats.html").read_text("utf-8")
    assert "<i>x</i>" not in page
    assert "a|b &lt;i&gt;x&lt;/i&gt;" in page


def test_a_nonsense_row_is_listed_on_the_page_and_the_build_goes_on(tmp_path: Path) -> None:
    root = stats_repo(tmp_path / "repo")
    with (root / "stats/2026-12.csv").open("a", encoding="utf-8") as fh:
        fh.write('garbage,"unclosed\n')
    site = build(root, tmp_path / "site")
    page = (site / "stats.html").read_text("utf-8")
    assert "stats/2026-12.csv:12:" in page


def test_without_statistics_the_page_says_so(tmp_path: Path) -> None:
    root = stats_repo(tmp_path / "repo")
    for f in (root / "stats").iterdir():
        f.unlink()
    page = (build(root, tmp_path / "site") / "stats.html").read_text("utf-8")
    assert "No post has been measured yet." in page


def test_a_post_page_with_statistics_is_reused_by_the_next_build(tmp_path: Path) -> None:
    # Its key once held the chart and table drawn while it was rendered, so a
    # later build (keying it before drawing them) never found it again.
    root = stats_repo(tmp_path / "repo")
    site = tmp_path / "site"
    args = ["build", "--root", str(root), "--out", str(site), "--at", "2026-12-10 12:00"]
    assert CliRunner().invoke(main, args).exit_code == 0
    page = site / "posts" / "winter.html"
    assert "post-stats-table" in page.read_text("utf-8")
    first = page.stat().st_ino
    assert CliRunner().invoke(main, args).exit_code == 0
    assert page.stat().st_ino == first  # the earlier file, not written again


def test_statistics_read_for_a_failed_build_are_not_shown_later(tmp_path: Path) -> None:
    # A build reads the statistics while the posts are checked; one that never
    # got to show them must not leave its reading to a later command.
    root = stats_repo(tmp_path / "repo")
    schedule = (root / "schedule.yaml").read_text("utf-8")
    (root / "schedule.yaml").write_text("accounts: [", "utf-8")
    args = ["build", "--root", str(root), "--out", str(tmp_path / "site")]
    assert CliRunner().invoke(main, [*args, "--at", "2026-12-10 12:00"]).exit_code == 1
    (root / "schedule.yaml").write_text(schedule, "utf-8")
    csv_file = root / "stats/2026-12.csv"
    csv_file.write_text(csv_file.read_text("utf-8").replace(",ok,10,2,3,1,", ",ok,77,2,3,1,"))
    report = ["stats", "--root", str(root), "--at", "2026-12-10 12:00", "--format", "json"]
    result = CliRunner().invoke(main, report)
    assert result.exit_code == 0, result.output
    posts = {(p["post"], p["account"]): p for p in json.loads(result.stdout)["posts"]}
    assert posts[("winter", "bsky")]["metrics"]["likes"] == 77


def test_a_german_build_after_an_english_one_speaks_german(tmp_path: Path) -> None:
    # The pages' texts are kept per language for the build (one process may
    # build in both, as here and in a test run).
    english = build(stats_repo(tmp_path / "en"), tmp_path / "en-site")
    root = stats_repo(tmp_path / "de")
    schedule = root / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8") + "ui_language: de\n", "utf-8")
    german = build(root, tmp_path / "de-site")
    assert '<h2 id="post-stats-h">Statistics</h2>' in (english / "posts/winter.html").read_text()
    assert '<h2 id="post-stats-h">Statistik</h2>' in (german / "posts/winter.html").read_text()


def test_a_build_shows_the_snapshots_up_to_its_clock(tmp_path: Path) -> None:
    root = stats_repo(tmp_path / "repo")
    site = tmp_path / "site"
    args = ["build", "--root", str(root), "--out", str(site), "--at", "2026-12-08 08:00"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    winter = tables(site / "posts" / "winter.html")["post-stats-table"]
    assert [(r["account"], r["after"], r["likes"]) for r in winter] == [("bsky", "1h", "1")]
    # Measured only after the clock: no statistics on its page.
    assert "post-stats-table" not in (site / "posts" / "summer.html").read_text("utf-8")
    followers = tables(site / "stats.html")["followers-table"]
    assert [(r["account"], r["followers"]) for r in followers] == [("bsky", "100"), ("xacct", "50")]


def test_a_post_page_shows_its_rows_by_time_and_account_as_the_files_have_them(
    tmp_path: Path,
) -> None:
    # The build keeps the rows as their text: a count written 007 is still 7, a
    # row quoted by hand reads as the others, rows out of order are sorted, a
    # deleted post has no numbers, and the latest row of equal times is the
    # last in the files.
    root = stats_repo(tmp_path / "repo")
    (root / "stats/2026-11.csv").write_text(
        HEADER + "2026-11-30T09:00:00Z,winter,bsky,bluesky,1h,ok,007,0,0,0,,,,,\n", "utf-8"
    )
    (root / "stats/2026-12.csv").write_text(
        HEADER
        + "2026-12-08T09:00:00Z,winter,xacct,x,24h,ok,4,1,0,0,0,,100,,\n"
        + '"2026-12-08T09:00:00Z","winter","bsky","bluesky","24h","ok",10,2,3,1,,,,,\n'
        + "2026-12-08T09:00:00Z,winter,bsky,bluesky,24h,ok,12,2,3,1,,,,,\n"
        + "2026-12-07T10:00:00Z,winter,bsky,bluesky,7d,ok,0,0,0,0,,,,,\n"
        + "2026-12-09T18:00:00Z,summer,bsky,bluesky,24h,deleted,,,,,,,,,\n",
        "utf-8",
    )
    site = build(root, tmp_path / "site")
    winter = tables(site / "posts" / "winter.html")["post-stats-table"]
    assert [(r["measured"], r["account"], r["after"], r["interactions"], r["likes"])
            for r in winter] == [
        ("2026-11-30 09:00 UTC", "bsky", "1h", "7", "7"),
        ("2026-12-07 10:00 UTC", "bsky", "7d", "0", "0"),
        ("2026-12-08 09:00 UTC", "bsky", "24h", "16", "10"),
        ("2026-12-08 09:00 UTC", "bsky", "24h", "18", "12"),
        ("2026-12-08 09:00 UTC", "xacct", "24h", "5", "4"),
    ]  # fmt: skip
    assert "post-stats-table" not in (site / "posts" / "summer.html").read_text("utf-8")
    latest = {
        (r["post"], r["account"]): r["likes"] for r in tables(site / "stats.html")["posts-table"]
    }
    assert latest == {("winter", "bsky"): "12", ("winter", "xacct"): "4"}


def test_rows_only_the_state_branch_has_are_shown_and_its_bad_rows_reported(
    tmp_path: Path,
) -> None:
    # `collect --commit` in another checkout put them there; this one has fetched it.
    root = stats_repo(tmp_path / "repo")
    g = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, *g, "commit", "-qm", "posts")
    git(root, "checkout", "-q", "-b", "smmgen-state")
    csv_file = root / "stats/2026-12.csv"
    mine = csv_file.read_text("utf-8")
    csv_file.write_text(
        mine
        + "2026-12-09T09:00:00Z,winter,bsky,bluesky,48h,ok,20,2,3,1,,,,,\n"
        + "2026-12-09T09:00:00Z,winter,bsky,bluesky,48h,ok,-1,,,,,,,,\n",
        "utf-8",
    )
    git(root, *g, "commit", "-qam", "stats")
    git(root, "checkout", "-q", "main")
    assert csv_file.read_text("utf-8") == mine
    site = build(root, tmp_path / "site")
    winter = tables(site / "posts" / "winter.html")["post-stats-table"]
    assert [(r["after"], r["likes"]) for r in winter if r["account"] == "bsky"] == [
        ("1h", "1"),
        ("24h", "10"),
        ("48h", "20"),
    ]
    page = (site / "stats.html").read_text("utf-8")
    assert "stats/2026-12.csv on smmgen-state:3: &#39;likes&#39; is &#39;-1&#39;" in page

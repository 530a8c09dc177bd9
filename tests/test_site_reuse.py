"""`smmgen build` reuses earlier pages: the result is the cold build's, byte for byte."""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from smmgen.site.collect import SHOWN, PostView
from tests.helpers.content_repo import Repo
from tests.helpers.git_repo import commit, git, post

EXAMPLE = Path(__file__).resolve().parent.parent  # the repo ships example content
AT = "2026-12-01 08:00"
EDITED = "content/2026-12/2026-12-14-lvs-kurs.md"
UNTOUCHED = "posts/2026-12--2026-12-02-adventswanderung.html"


def repo(tmp_path: Path) -> Repo:
    root = tmp_path / "repo"
    for name in ("content", "templates", "state"):
        shutil.copytree(EXAMPLE / name, root / name)
    shutil.copyfile(EXAMPLE / "schedule.yaml", root / "schedule.yaml")
    return Repo(root)


def build(r: Repo, out: Path, *more: str) -> None:
    result = r.run("build", "--root", str(r.root), "--out", str(out), "--at", AT, *more)
    assert result.exit_code == 0, result.output


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit_body(root: Path) -> None:
    path = root / EDITED
    path.write_text(path.read_text("utf-8") + "\nNeu: Treffpunkt am Parkplatz.\n", "utf-8")


def reschedule(root: Path) -> None:
    path = root / EDITED
    text = path.read_text("utf-8").replace("publish_at: 2026-12-14", "publish_at: 2026-12-16")
    assert text != path.read_text("utf-8")
    path.write_text(text, "utf-8")


def rename(root: Path) -> None:
    (root / EDITED).rename(root / "content/2026-12/2026-12-14-lawinenkurs.md")


def rename_to_the_same_slug(root: Path) -> None:
    # The same content and page name (2027-01--2027-01-01-neujahr), another post id and file.
    (root / "content/2027-01/2027-01-01-neujahr.md").rename(
        root / "content/2027-01--2027-01-01-neujahr.md"
    )


def delete(root: Path) -> None:
    (root / EDITED).unlink()


def change_schedule(root: Path) -> None:
    path = root / "schedule.yaml"
    text = path.read_text("utf-8").replace("timezone: Europe/Berlin", "timezone: Europe/Vienna")
    path.write_text(text, "utf-8")


def add_stats(root: Path) -> None:
    (root / "stats").mkdir(exist_ok=True)
    (root / "stats/bsky.csv").write_text(
        "post,account,network,collected_at,likes,reposts,replies\n"
        "2026-12/2026-12-02-adventswanderung,bsky,bluesky,2026-12-03T10:00:00Z,12,3,1\n",
        "utf-8",
    )


def forget_ledger(root: Path) -> None:
    (root / "state/examples.jsonl").unlink()  # what was published is not known any more


def add_post(root: Path) -> None:
    text = (root / EDITED).read_text("utf-8").replace("2026-12-14", "2026-12-17")
    (root / "content/2026-12/2026-12-17-neu.md").write_text(text, "utf-8")


def join_campaign(root: Path, rel: str = EDITED, campaign: str = "winter") -> None:
    path = root / rel
    text = path.read_text("utf-8").replace(
        "\npublish_at:", f"\ncampaign: {campaign}\npublish_at:", 1
    )
    assert text != path.read_text("utf-8")
    path.write_text(text, "utf-8")


def change_template(root: Path) -> None:
    (root / "templates/mastodon.txt.j2").write_text("{{ body }}\n\n(Mastodon)", "utf-8")


@pytest.mark.parametrize(
    "change",
    [
        edit_body,
        reschedule,
        rename,
        rename_to_the_same_slug,
        delete,
        add_post,
        change_schedule,
        change_template,
        join_campaign,
        add_stats,
        forget_ledger,
    ],
)
def test_a_warm_build_writes_what_a_cold_build_writes(
    tmp_path: Path, change: Callable[[Path], None]
) -> None:
    r = repo(tmp_path)
    warm_and_cold(r, tmp_path, change)
    assert not (tmp_path / "cold" / ".smmgen-cache").exists()
    assert not list((tmp_path / "cold").glob("*.json"))


def warm_and_cold(r: Repo, tmp_path: Path, change: Callable[[Path], None]) -> Path:
    """Build, ``change`` the repository, build again in place and from nothing: the same
    site (the warm one's folder returned)."""
    site, cold = tmp_path / "site", tmp_path / "cold"
    build(r, site)
    change(r.root)
    build(r, site)
    build(r, cold, "--no-cache")
    assert tree(site) == tree(cold)
    return site


@pytest.mark.parametrize("change", [edit_body, reschedule, delete, lambda root: None])
def test_a_warm_build_of_posts_in_campaigns_writes_what_a_cold_build_writes(
    tmp_path: Path, change: Callable[[Path], None]
) -> None:
    r = repo(tmp_path)
    join_campaign(r.root)
    join_campaign(r.root, UNTOUCHED_FILE)
    join_campaign(r.root, "content/2027-01/2027-01-01-neujahr.md", "neujahr")
    site = warm_and_cold(r, tmp_path, change)
    assert (site / "calendar-2026-12--winter.html").is_file()


@pytest.mark.parametrize("later", ["2026-12-01 08:20", "2026-12-14 12:00", "2027-02-01 00:00"])
def test_a_warm_build_at_a_later_clock_writes_what_a_cold_build_writes(
    tmp_path: Path, later: str
) -> None:
    r = repo(tmp_path)
    site, cold = tmp_path / "site", tmp_path / "cold"
    build(r, site)
    for out, more in ((site, ()), (cold, ("--no-cache",))):
        result = r.run("build", "--root", str(r.root), "--out", str(out), "--at", later, *more)
        assert result.exit_code == 0, result.output
    assert tree(site) == tree(cold)


def test_the_overview_takes_the_rows_of_unchanged_posts_from_the_last_one(
    tmp_path: Path,
) -> None:
    r = repo(tmp_path)
    site = tmp_path / "site"
    build(r, site)
    index = site / "index.html"
    page, st = index.read_bytes(), os.stat(index)
    title = b"Adventswanderung"
    assert page.count(title) == 1
    # Marked by hand where the file was recorded (same size, time and file):
    # only a build that copies the row from here shows the mark.
    with index.open("r+b") as fh:
        fh.write(page.replace(title, title.upper()))
    os.utime(index, ns=(st.st_atime_ns, st.st_mtime_ns))
    edit_body(r.root)
    build(r, site)
    assert title.upper() in index.read_bytes()


def test_only_the_pages_an_edit_touches_are_rendered_again(tmp_path: Path) -> None:
    r = repo(tmp_path)
    site = tmp_path / "site"
    build(r, site)
    before = {p: os.stat(site / p).st_ino for p in (UNTOUCHED, "index.html")}
    edited = site / "posts/2026-12--2026-12-14-lvs-kurs.html"
    old_page = edited.read_bytes()
    edit_body(r.root)
    build(r, site)
    # The untouched post's page is the old file, linked into the new site;
    # the index and the edited post's page are new.
    assert os.stat(site / UNTOUCHED).st_ino == before[UNTOUCHED]
    assert os.stat(site / "index.html").st_ino != before["index.html"]
    assert edited.read_bytes() != old_page
    assert b"Treffpunkt am Parkplatz" in edited.read_bytes()


def test_a_page_changed_by_hand_in_the_site_is_rendered_again(tmp_path: Path) -> None:
    r = repo(tmp_path)
    site, cold = tmp_path / "site", tmp_path / "cold"
    build(r, site)
    page = site / UNTOUCHED
    page.write_bytes(b"defaced")
    build(r, site)
    build(r, cold, "--no-cache")
    assert filecmp.cmp(page, cold / UNTOUCHED, shallow=False)
    assert (site / ".smmgen-site").is_file()  # still a site smmgen may replace


def test_no_cache_neither_reuses_nor_records(tmp_path: Path) -> None:
    r = repo(tmp_path)
    site = tmp_path / "site"
    build(r, site, "--no-cache")
    ino = os.stat(site / UNTOUCHED).st_ino
    build(r, site, "--no-cache")
    assert os.stat(site / UNTOUCHED).st_ino != ino
    assert not list((r.root / ".smmgen-cache").glob("site-*.json"))


def test_calendar_ics_is_written_again_only_when_its_events_change(tmp_path: Path) -> None:
    r = repo(tmp_path)
    site = tmp_path / "site"
    build(r, site)
    ino = os.stat(site / "calendar.ics").st_ino
    build(r, site)
    assert os.stat(site / "calendar.ics").st_ino == ino
    reschedule(r.root)
    build(r, site)
    assert os.stat(site / "calendar.ics").st_ino != ino
    assert b"20261216T093000" in (site / "calendar.ics").read_bytes()


def test_calendar_ics_keeps_the_unchanged_events_and_encodes_the_changed_one(
    tmp_path: Path,
) -> None:
    r = repo(tmp_path)
    site, cold = tmp_path / "site", tmp_path / "cold"
    build(r, site)
    reschedule(r.root)
    build(r, site)  # the old feed's other events are copied, the moved one is new
    build(r, cold, "--no-cache")
    assert (site / "calendar.ics").read_bytes() == (cold / "calendar.ics").read_bytes()


LATER = "2026-12-01 08:20"  # twenty minutes on: no post changes state (the next is at 09:30)


def test_a_later_clock_changes_only_the_pages_that_show_it(tmp_path: Path) -> None:
    r = repo(tmp_path)
    site, cold = tmp_path / "site", tmp_path / "cold"
    build(r, site)
    before = tree(site)
    inodes = {p: os.stat(site / p).st_ino for p in before}
    result = r.run("build", "--root", str(r.root), "--out", str(site), "--at", LATER)
    assert result.exit_code == 0, result.output
    after = tree(site)
    changed = sorted(p for p in after if after[p] != before.get(p))
    # The build's time is on the overview and ends the statistics; every
    # other page and calendar.ics are the same bytes, linked from the last site.
    assert changed == ["index.html", "stats.html"]
    assert b"08:20" in after["index.html"] and b"08:20" not in after[UNTOUCHED]
    linked = [p for p in after if p.endswith((".html", ".ics")) and p not in changed]
    assert [p for p in linked if os.stat(site / p).st_ino != inodes[p]] == []
    result = r.run("build", "--root", str(r.root), "--out", str(cold), "--at", LATER, "--no-cache")
    assert result.exit_code == 0, result.output
    assert tree(cold) == after


def test_calendar_ics_stamps_each_event_with_its_start(tmp_path: Path) -> None:
    from icalendar import Calendar

    r = repo(tmp_path)
    site = tmp_path / "site"
    build(r, site)
    events = Calendar.from_ical((site / "calendar.ics").read_bytes()).walk("VEVENT")
    assert events
    for event in events:
        start = event.decoded("dtstart").astimezone(dt.UTC)
        assert event.decoded("dtstamp") == start


VIEWS = ".smmgen-cache/site-views.jsonl"
UNTOUCHED_FILE = "content/2026-12/2026-12-02-adventswanderung.md"


def cached_lines(root: Path) -> dict[str, str]:
    lines = (root / VIEWS).read_text("utf-8").splitlines()
    return {json.loads(line.partition("\t")[0])[0]: line for line in lines[1:]}


def test_unchanged_posts_come_from_the_view_cache_not_rendered_again(tmp_path: Path) -> None:
    r = repo(tmp_path)
    site = tmp_path / "site"
    build(r, site)
    lines = cached_lines(r.root)
    light, tab, texts = lines[UNTOUCHED_FILE].partition("\t")
    value = json.loads(light)
    value[3] = "Aus dem Cache"  # the title as kept: only a build that reads it shows it
    kept = json.dumps(value) + tab + texts
    text = (r.root / VIEWS).read_text("utf-8").replace(lines[UNTOUCHED_FILE], kept)
    (r.root / VIEWS).write_text(text, "utf-8")
    edit_body(r.root)
    build(r, site)
    assert b"Aus dem Cache" in (site / "index.html").read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        lambda line: line[: line.index("\t") // 2],  # cut off: not JSON
        lambda line: line.replace('"ready"', "17", 1),  # a number where a status belongs
        lambda line: line.replace("[", "{", 1),  # not a list
        lambda line: line.replace('["mastodon","bluesky"', '[17,"bluesky"', 1),  # in a tuple
        lambda line: line.replace('{"publish_at":5', '{"publish_at":"5"', 1),  # in a mapping
        lambda line: line.replace('"2026-12-02T17:00:00"', '"Advent"', 1),  # not a time
        lambda line: line.replace(',null,[["content/', ',null,[17,["content/', 1),  # an image
        lambda line: line.replace('["community","event"', '"community",["event"', 1),
        lambda line: line.replace('"Mastodon"', "null", 1),  # None where text belongs
    ],
)
def test_a_damaged_view_cache_line_renders_that_post_again(
    tmp_path: Path, damage: Callable[[str], str]
) -> None:
    r = repo(tmp_path)
    site, cold = tmp_path / "site", tmp_path / "cold"
    build(r, site)
    line = cached_lines(r.root)[UNTOUCHED_FILE]
    assert damage(line) != line
    text = (r.root / VIEWS).read_text("utf-8").replace(line, damage(line))
    (r.root / VIEWS).write_text(text, "utf-8")
    edit_body(r.root)
    build(r, site)
    build(r, cold, "--no-cache")
    assert tree(site) == tree(cold)
    assert cached_lines(r.root)[UNTOUCHED_FILE] == line  # made again and kept


def test_a_view_cache_of_garbage_renders_every_post_again(tmp_path: Path) -> None:
    r = repo(tmp_path)
    site, cold = tmp_path / "site", tmp_path / "cold"
    build(r, site)
    (r.root / VIEWS).write_bytes(b"\xff\x00 not json\n[1,2]\n")
    build(r, site)
    build(r, cold, "--no-cache")
    assert tree(site) == tree(cold)
    assert UNTOUCHED_FILE in cached_lines(r.root)


def test_the_views_from_the_cache_equal_the_rendered_ones(tmp_path: Path) -> None:
    from smmgen.site.collect import collect

    r = repo(tmp_path)
    at = dt.datetime(2026, 12, 1, 8, 0)
    rendered = collect(r.root, at, include_drafts=True)
    assert (r.root / VIEWS).is_file()
    kept = collect(r.root, at, include_drafts=True)  # every post from the cache
    assert [v.source for v in kept.posts] == [v.source for v in rendered.posts]
    assert [kept.full(v) for v in kept.posts] == rendered.posts
    # Only what the site shows outside a post's own page, until asked for (SiteData.full).
    assert {a.parts for v in kept.posts for a in v.accounts} == {()}
    assert [shown(v) for v in kept.posts] == [shown(v) for v in rendered.posts]
    assert collect(r.root, at, use_cache=False, include_drafts=True).posts == rendered.posts


PLANNED = ("problems", "when", "published", "url", "plan_state", "reason", "detail", "failed")


def shown(view: PostView) -> tuple[PostView, list[tuple[object, ...]]]:
    """The view as the overview, the calendar and the links page show it."""
    accounts = [tuple(getattr(a, name) for name in (*SHOWN, *PLANNED)) for a in view.accounts]
    return replace(view, accounts=()), accounts


def test_a_post_whose_kept_whole_view_is_damaged_is_rendered_again_for_its_page(
    tmp_path: Path,
) -> None:
    r = repo(tmp_path)
    site, cold = tmp_path / "site", tmp_path / "cold"
    build(r, site)
    line = cached_lines(r.root)[UNTOUCHED_FILE]
    light, tab, whole = line.partition("\t")
    damaged = light + tab + whole.replace('"Mastodon"', "17", 1)
    (r.root / VIEWS).write_text((r.root / VIEWS).read_text("utf-8").replace(line, damaged))
    (site / UNTOUCHED).unlink()  # its page is made again, with its texts
    edit_body(r.root)
    build(r, site)
    build(r, cold, "--no-cache")
    assert tree(site) == tree(cold)


def manifests(root: Path) -> list[Path]:
    return list((root / ".smmgen-cache").glob("site-*.json"))


def test_a_warm_build_updates_the_site_in_place(tmp_path: Path) -> None:
    r = repo(tmp_path)
    site, cold = tmp_path / "site", tmp_path / "cold"
    build(r, site)
    folder = os.stat(site).st_ino
    untouched = os.stat(site / UNTOUCHED)
    (site / "posts/left-over.html").write_text("from an old build", "utf-8")
    edit_body(r.root)
    build(r, site)
    # The same folder; the untouched page neither written nor moved; a file
    # no build made is gone.
    assert os.stat(site).st_ino == folder
    assert os.stat(site / UNTOUCHED)[:9] == untouched[:9]
    assert not (site / "posts/left-over.html").exists()
    build(r, cold, "--no-cache")
    assert tree(site) == tree(cold)


def test_a_site_holding_a_link_is_built_anew_not_written_through(tmp_path: Path) -> None:
    r = repo(tmp_path)
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    build(r, site)
    shutil.move(site / "posts", elsewhere)
    (site / "posts").symlink_to(elsewhere)
    edit_body(r.root)
    before = tree(elsewhere)
    build(r, site)
    assert tree(elsewhere) == before  # nothing written through the link
    assert not (site / "posts").is_symlink()
    assert (
        b"Treffpunkt am Parkplatz"
        in (site / "posts/2026-12--2026-12-14-lvs-kurs.html").read_bytes()
    )


def test_a_build_killed_while_updating_the_site_is_followed_by_a_full_one(
    tmp_path: Path,
) -> None:
    import signal
    import subprocess
    import sys
    import time

    r = repo(tmp_path)
    for i in range(40):  # enough pages that the update takes a while
        shutil.copytree(r.root / "content/2026-12", r.root / f"content/copy-{i:02d}")
    site, cold = tmp_path / "site", tmp_path / "cold"
    command = [sys.executable, "-m", "smmgen", "build", "--root", str(r.root), "--out", str(site)]
    command += ["--at", AT]
    subprocess.run(command, check=True, capture_output=True)
    [manifest] = manifests(r.root)
    folder = os.stat(site).st_ino
    change_schedule(r.root)  # every page changes
    build_ = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while manifest.exists() and build_.poll() is None:
        time.sleep(0.001)
    build_.send_signal(signal.SIGKILL)
    build_.wait()
    assert build_.returncode == -signal.SIGKILL, "the build ended before it was killed"
    assert os.stat(site).st_ino == folder  # it was updating the site in place
    assert not manifest.exists()
    subprocess.run(command, check=True, capture_output=True)
    assert os.stat(site).st_ino != folder  # built anew, then swapped in
    subprocess.run([*command[:-3], str(cold), "--at", AT, "--no-cache"], check=True)
    assert tree(site) == tree(cold)


def test_a_build_run_in_process_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    import gc

    r = repo(tmp_path)
    before = gc.get_threshold()
    build(r, tmp_path / "site")  # the build makes the collector's passes rare meanwhile
    assert gc.get_threshold() == before


def test_a_page_kept_by_one_warm_build_is_recorded_for_the_next(tmp_path: Path) -> None:
    r = repo(tmp_path)
    site, cold = tmp_path / "site", tmp_path / "cold"
    build(r, site)
    untouched = os.stat(site / UNTOUCHED)
    edit_body(r.root)
    build(r, site)  # kept, and recorded as it is, without looking at it again
    edit_body(r.root)
    build(r, site)
    assert os.stat(site / UNTOUCHED)[:9] == untouched[:9]
    (site / UNTOUCHED).write_bytes(b"defaced")  # the record no longer fits: made again
    build(r, site)
    build(r, cold, "--no-cache")
    assert tree(site) == tree(cold)


def test_a_warm_build_after_new_commits_writes_what_a_cold_build_writes(
    git_repo: Repo, tmp_path: Path
) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(git_repo.root), str(origin))
    git(git_repo.root, "remote", "add", "origin", str(origin))
    git(git_repo.root, "fetch", "-q", "origin")
    site, cold = tmp_path / "site", tmp_path / "cold"

    def same_as_cold() -> None:
        build(git_repo, site)
        shutil.rmtree(cold, ignore_errors=True)
        build(git_repo, cold, "--no-cache")
        assert tree(site) == tree(cold)

    def weeks() -> bytes:
        return b"".join(text for name, text in tree(site).items() if name.startswith("week-"))

    build(git_repo, site)
    # A post that goes out when git first saw it, in review on this branch.
    git_repo.post("c", post("Post C.", at="now"))
    commit(git_repo, "post c")
    same_as_cold()
    assert b"review-in-review" in weeks()
    # Merged on the default branch: approved, with no file changed here.
    git(git_repo.root, "push", "-q", "origin", "pr:main")
    git(git_repo.root, "fetch", "-q", "origin")
    same_as_cold()
    assert b"review-in-review" not in weeks()


@pytest.mark.parametrize("change", [edit_body, reschedule, change_schedule])
def test_a_warm_build_rewrites_only_the_files_whose_bytes_change(
    tmp_path: Path, change: Callable[[Path], None]
) -> None:
    r = repo(tmp_path)
    site = tmp_path / "site"
    build(r, site)
    before = {p: (data, os.stat(site / p).st_ino) for p, data in tree(site).items()}
    change(r.root)
    build(r, site)
    after = tree(site)
    rewritten = [p for p in after if p in before and os.stat(site / p).st_ino != before[p][1]]
    assert rewritten  # the change shows somewhere
    assert [p for p in rewritten if after[p] == before[p][0]] == []


def test_a_warm_build_appends_the_changed_posts_views_to_the_view_cache(tmp_path: Path) -> None:
    r = repo(tmp_path)
    site = tmp_path / "site"
    build(r, site)
    before = (r.root / VIEWS).read_bytes()
    edit_body(r.root)
    build(r, site)
    after = (r.root / VIEWS).read_bytes()
    assert after.startswith(before)  # appended to, not written again
    [added] = after[len(before) :].decode().splitlines()
    assert json.loads(added.partition("\t")[0])[0] == EDITED
    assert cached_lines(r.root)[EDITED] == added  # the later line counts

    def replaced() -> int:
        lines = (r.root / VIEWS).read_text("utf-8").splitlines()[1:]
        return len(lines) - len({json.loads(line.partition("\t")[0])[0] for line in lines})

    counts = []
    for _ in range(len(cached_lines(r.root))):  # replaced lines pile up, then it is rewritten
        edit_body(r.root)
        build(r, site)
        counts.append(replaced())
    assert counts[0] == 2 and 0 in counts

"""`smmgen build`: the static preview site, built from real content repositories."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smmgen.project import load_project
from smmgen.repo import post_files
from tests.helpers.content_repo import Repo
from tests.helpers.site_html import refs_of

EXAMPLE = Path(__file__).resolve().parent.parent  # the repo ships example content
BERLIN = ZoneInfo("Europe/Berlin")

HOSTILE = """\
---
publish_at: 2026-12-02 10:00
networks: [bsky, masto, li]
campaign: "\\"><script>window.__pwned=4</script>"
variants:
  li:
    body: "Klick <a href=\\"javascript:window.__pwned=5\\">hier</a> javascript:window.__pwned=6"
---

Hallo <script>window.__pwned=1</script> und [Link](javascript:window.__pwned=2)

<img src=x onerror="window.__pwned=3"> echt: https://example.com/ok?a=1&b=2
"""


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example content, built once (no cache written into the repo)."""
    from click.testing import CliRunner

    from smmgen.cli import main

    out = tmp_path_factory.mktemp("site") / "_site"
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--root",
            str(EXAMPLE),
            "--no-cache",
            "--out",
            str(out),
            "--at",
            "2026-12-05 12:00",
            "--include-drafts",  # every example post gets its page
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def example_posts() -> list[tuple[str, str | None]]:
    """(post id, publish_at as written) of every example post, read from the files."""
    out = []
    for file in post_files(EXAMPLE):
        text = file.read_text("utf-8")
        m = re.search(r"^publish_at:\s*(\S+ \S+)", text, re.M)
        out.append((file.relative_to(EXAMPLE / "content").as_posix()[:-3], m and m.group(1)))
    return out


def test_example_site_has_every_page(example_site: Path) -> None:
    assert (example_site / "index.html").is_file()
    assert (example_site / "calendar.ics").is_file()
    assert (example_site / "assets" / "site.css").is_file()
    for post_id, when in example_posts():
        assert (example_site / "posts" / f"{post_id.replace('/', '--')}.html").is_file(), post_id
        if when:
            month = (example_site / f"calendar-{when[:7]}.html").read_text("utf-8")
            cell = re.search(rf'id="d-{when[:10]}".*?</td>', month, re.S)
            assert cell is not None and f"posts/{post_id.replace('/', '--')}.html" in cell[0]
    # Per-campaign calendars are the filter without JavaScript.
    assert (example_site / "calendar-2026-12--winterjacke-2026.html").is_file()
    # Images are copied into the site, under their repository path.
    assert (
        example_site / "media/content/campaigns/winterjacke/bilder/firn-pro-launch.jpg"
    ).is_file()


def test_pages_are_self_contained_and_accessible(example_site: Path) -> None:
    pages = sorted(example_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text("utf-8")
        assert '<html lang="de">' in html  # the example says ui_language: de
        assert "<main" in html and "<h1>" in html
        if page.name != "links.html":  # the link-in-bio page is for followers: no plan navigation
            assert "<header" in html and "<nav" in html
        for tag, attr, value in refs_of(html):
            if tag == "a" and value.startswith(("http://", "https://")):
                continue  # links in post texts: clicked by a person, not loaded
            assert not re.match(r"^[a-z]+:|^/", value, re.I), (page.name, tag, attr, value)
            target = (page.parent / value.split("#")[0]).resolve()
            from urllib.parse import unquote

            assert Path(unquote(str(target))).exists(), (page.name, value)
        for img in re.findall(r"<img [^>]*>", html):
            assert 'alt="' in img, img


def test_post_page_shows_each_network_text(example_site: Path) -> None:
    html = (example_site / "posts/campaigns--winterjacke--02-launch.html").read_text("utf-8")
    mocks = dict(re.findall(r'data-account="([^"]+)">(.*?)</section>', html, re.S))
    assert set(mocks) >= {"bluesky", "mastodon", "x", "linkedin", "instagram"}
    assert "Skitour, Hütte und Arbeitsweg" in mocks["bluesky"]
    assert "Zwei Jahre Entwicklung" in mocks["linkedin"]
    assert "Zwei Jahre Entwicklung" not in mocks["x"]
    # LinkedIn cuts the feed after ~210 characters: the page marks where.
    assert "mehr anzeigen" in mocks["linkedin"] and "mehr anzeigen" not in mocks["bluesky"]
    assert re.search(r"\d+ / 300 Grapheme", mocks["bluesky"])
    # Instagram shows the image above the caption, the others below their text.
    for account, image_first in (("instagram", True), ("bluesky", False), ("linkedin", False)):
        image = mocks[account].index('<div class="media')
        text = mocks[account].index("Zwei Jahre" if account == "linkedin" else "Firn")
        assert (image < text) is image_first, account
    assert 'alt="Grafik im Querformat' in mocks["linkedin"]


def test_each_text_carries_its_language(example_site: Path) -> None:
    # The English post says `language: en`; German posts take the account's language.
    html = (example_site / "posts/2027-01--2027-01-05-ski-touring-checklist-en.html").read_text(
        "utf-8"
    )
    mocks = dict(re.findall(r'data-account="([^"]+)">(.*?)</section>', html, re.S))
    for account in ("bluesky", "mastodon", "x"):
        assert '<p class="text" lang="en">' in mocks[account], account
    german = (example_site / "posts/campaigns--winterjacke--02-launch.html").read_text("utf-8")
    mocks = dict(re.findall(r'data-account="([^"]+)">(.*?)</section>', german, re.S))
    assert '<p class="text" lang="de">' in mocks["mastodon"]  # the account's `language: de`


def test_thread_parts_render_as_a_reply_chain(example_site: Path) -> None:
    html = (example_site / "posts/2026-12--2026-12-10-zwiebelprinzip-thread.html").read_text(
        "utf-8"
    )
    bluesky = re.search(r'data-account="bluesky">(.*?)</section>', html, re.S)
    assert bluesky is not None
    assert bluesky[1].count('<li class="card">') >= 2
    assert "Thread aus" in bluesky[1]


def test_index_lists_every_problem_with_file_and_line(repo: Repo, tmp_path: Path) -> None:
    repo.post(
        "bad/unknown", "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\ncolour: red\n---\nHi\n"
    )
    repo.post("bad/nofm", "just text\n")
    repo.post("bad/long", "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\n---\n" + "x" * 400)
    repo.post("ok", "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\n---\nHallo\n")
    out = tmp_path / "site"
    result = repo.run("build", "--out", str(out), "--at", "2026-11-30 12:00")
    assert result.exit_code == 0, result.output
    problems = load_project(repo.root, cache=False).problems
    assert sorted(p.rule for p in problems) == [
        "bluesky/length",
        "front-matter/missing",
        "front-matter/unknown-key",
    ]
    index = (out / "index.html").read_text("utf-8")
    for p in problems:
        assert f"{p.path}:{p.line}:{p.column}" in index, p
        assert f"[{p.rule}]" in index
    assert "; 3 errors, 0 warnings (listed on index.html)." in result.output
    # The over-long post still gets its page, with the count against the limit.
    long_page = (out / "posts/bad--long.html").read_text("utf-8")
    assert "400 / 300 graphemes — over by 100" in long_page


def test_calendar_ics_has_berlin_times_and_stable_uids(example_site: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    from smmgen.site.ics import event_uid

    cal = Calendar.from_ical((example_site / "calendar.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    # One UID per post (and time): the same in every build.
    launch = [e for e in events if e["UID"] == event_uid("campaigns/winterjacke/02-launch")]
    # 02-launch goes to seven accounts at 2026-12-03 09:30 local time: one event naming them.
    (event,) = launch
    accounts = ["bluesky", "mastodon", "x", "linkedin", "instagram", "telegram", "discord"]
    assert str(event["SUMMARY"]).endswith(f"({', '.join(accounts)})")
    assert str(event["DESCRIPTION"]).startswith("bluesky (Bluesky), mastodon (Mastodon), x (X)")
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2026, 12, 3, 9, 30, tzinfo=BERLIN)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert str(event["CATEGORIES"].cats[0]) == "winterjacke-2026"
    assert any(c.name == "VTIMEZONE" for c in cal.walk())
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    # A second build gives the same feed: calendar apps update instead of duplicating.
    from click.testing import CliRunner

    from smmgen.cli import main

    out = tmp_path / "again"
    args = ["build", "--root", str(EXAMPLE), "--no-cache", "--out", str(out)]
    assert CliRunner().invoke(main, [*args, "--at", "2026-12-05 12:00"]).exit_code == 0
    assert (out / "calendar.ics").read_bytes() == (example_site / "calendar.ics").read_bytes()


def test_summer_time_is_kept_in_ics(repo: Repo, tmp_path: Path) -> None:
    from icalendar import Calendar

    repo.post("summer", "---\npublish_at: 2027-07-01 09:30\nnetworks: [bsky]\n---\nSommer\n")
    repo.run("build", "--out", str(tmp_path / "s"), "--at", "2027-06-01 00:00")
    (event,) = Calendar.from_ical((tmp_path / "s/calendar.ics").read_bytes()).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(hours=2)
    assert start.astimezone(dt.UTC) == dt.datetime(2027, 7, 1, 7, 30, tzinfo=dt.UTC)


def test_hostile_text_is_inert(repo: Repo, tmp_path: Path) -> None:
    repo.post("hostile", HOSTILE)
    out = tmp_path / "site"
    assert repo.run("build", "--out", str(out), "--at", "2026-12-01 00:00").exit_code == 0
    for page in out.rglob("*.html"):
        html = page.read_text("utf-8")
        assert "<script>window" not in html
        assert "<img src=x" not in html
        assert not re.search(r"""href=["']?\s*javascript:""", html, re.I)
        assert "onerror=" not in html.replace("onerror=&#34;", "").replace("onerror=&quot;", "")
    post = (out / "posts/hostile.html").read_text("utf-8")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in post
    # Only the http(s) URL became a link, with its query string escaped.
    links = [v for t, a, v in refs_of(post) if t == "a" and not v.startswith(("../", "#"))]
    assert set(links) == {"https://example.com/ok?a=1&b=2"}


def test_slot_posts_sit_on_their_planned_time(repo: Repo, tmp_path: Path) -> None:
    from icalendar import Calendar

    repo.post("queue/a", "---\nslot: mornings\nnetworks: [bsky, masto]\n---\nErster\n")
    repo.post("queue/b", "---\nslot: mornings\nnetworks: [bsky]\n---\nZweiter\n")
    out = tmp_path / "site"
    # Tuesday 1 Dec 2026: the mornings slot (Mon/Wed/Fri 09:30) next has Wed 2, then Fri 4.
    repo.run("build", "--out", str(out), "--at", "2026-12-01 08:00")
    month = (out / "calendar-2026-12.html").read_text("utf-8")
    wed = re.search(r'id="d-2026-12-02".*?</td>', month, re.S)
    fri = re.search(r'id="d-2026-12-04".*?</td>', month, re.S)
    assert wed is not None and fri is not None
    assert "posts/queue--a.html" in wed[0] and "posts/queue--b.html" in fri[0]
    starts = {
        (str(e["SUMMARY"]), e.decoded("DTSTART"))
        for e in Calendar.from_ical((out / "calendar.ics").read_bytes()).walk("VEVENT")
    }
    assert starts == {
        ("Erster (bsky, masto)", dt.datetime(2026, 12, 2, 9, 30, tzinfo=BERLIN)),
        ("Zweiter (bsky)", dt.datetime(2026, 12, 4, 9, 30, tzinfo=BERLIN)),
    }


def test_post_on_several_times_gets_an_event_per_time(repo: Repo, tmp_path: Path) -> None:
    from icalendar import Calendar

    # a takes bsky's Wednesday slot, so b goes out on masto Wednesday but on bsky Friday.
    repo.post("queue/a", "---\nslot: mornings\nnetworks: [bsky]\n---\nErster\n")
    repo.post("queue/b", "---\nslot: mornings\nnetworks: [bsky, masto]\n---\nZweiter\n")
    out = tmp_path / "site"
    repo.run("build", "--out", str(out), "--at", "2026-12-01 08:00")
    events = Calendar.from_ical((out / "calendar.ics").read_bytes()).walk("VEVENT")
    starts = {(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events}
    assert starts == {
        ("Erster (bsky)", dt.datetime(2026, 12, 2, 9, 30, tzinfo=BERLIN)),
        ("Zweiter (masto)", dt.datetime(2026, 12, 2, 9, 30, tzinfo=BERLIN)),
        ("Zweiter (bsky)", dt.datetime(2026, 12, 4, 9, 30, tzinfo=BERLIN)),
    }
    assert len({str(e["UID"]) for e in events}) == 3


def test_published_posts_come_from_the_ledger(repo: Repo, tmp_path: Path) -> None:
    repo.post("done", "---\npublish_at: 2026-11-20 09:30\nnetworks: [bsky]\n---\nSchon raus\n")
    record = {
        "post": "done",
        "account": "bsky",
        "key": "k",
        "event": "sent",
        "at": "2026-11-20T08:30:05+00:00",
        "run": "r1",
        "url": "https://bsky.app/profile/example.bsky.social/post/3abc",
    }
    repo.write("state/published.jsonl", json.dumps(record) + "\n")
    out = tmp_path / "site"
    repo.run("build", "--out", str(out), "--at", "2026-12-01 00:00")
    index = (out / "index.html").read_text("utf-8")
    assert re.search(r'id="published-h">Published \(1\)', index)
    page = (out / "posts/done.html").read_text("utf-8")
    assert 'href="https://bsky.app/profile/example.bsky.social/post/3abc"' in page


def test_blackout_days_and_slot_times_are_marked(example_site: Path) -> None:
    month = (example_site / "calendar-2026-12.html").read_text("utf-8")
    assert re.search(r'class="day blackout[^"]*" id="d-2026-12-24"', month)
    assert "Sperrzeit: Weihnachten" in month
    mon = re.search(r'id="d-2026-12-07".*?</td>', month, re.S)
    assert mon is not None and "Slot 09:30 weekday-morning" in mon[0]
    # No slot times on blackout days: nothing goes out then.
    xmas = re.search(r'id="d-2026-12-24".*?</td>', month, re.S)
    assert xmas is not None and "Slot " not in xmas[0]


def test_bad_at_and_broken_schedule(repo: Repo, tmp_path: Path) -> None:
    result = repo.run("build", "--out", str(tmp_path / "x"), "--at", "tomorrow")
    assert result.exit_code == 2 and "--at" in result.output
    # A schedule problem is listed like any other; the site is still built.
    repo.write("schedule.yaml", "timezone: Mars/Olympus\naccounts: {}\n")
    assert repo.run("build", "--out", str(tmp_path / "y")).exit_code == 0
    assert "schedule.yaml:1:11" in (tmp_path / "y/index.html").read_text("utf-8")
    # An unreadable schedule: nothing can be rendered, the index says why, exit 1.
    repo.write("schedule.yaml", "timezone: [Europe/Berlin\n")
    assert repo.run("build", "--out", str(tmp_path / "z")).exit_code == 1
    assert "[yaml/syntax]" in (tmp_path / "z/index.html").read_text("utf-8")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_parallel_and_cached_builds_write_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cold or warm cache, one process or forked workers: byte for byte the same site."""
    import shutil

    from click.testing import CliRunner

    from smmgen import project
    from smmgen.cli import main
    from smmgen.site import builder

    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE / "content", root / "content")
    shutil.copy(EXAMPLE / "schedule.yaml", root / "schedule.yaml")
    (root / "content/hostile.md").write_text(HOSTILE.replace("[bsky, masto, li]", "[bluesky]"))

    def build(name: str) -> dict[str, bytes]:
        out = tmp_path / name
        args = ["build", "--root", str(root), "--out", str(out), "--at", "2026-12-05 12:00"]
        args.append("--include-drafts")  # a page for every post
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        return _tree(out)

    cold = build("cold")  # few posts: checked and written in this process
    assert (root / ".smmgen-cache/check.jsonl").is_file()
    assert build("warm") == cold  # nothing parsed by the check: the site loads the posts itself
    # Thresholds at 1: every post goes through the forked workers.
    monkeypatch.setattr(project, "PARALLEL_MIN", 1)
    monkeypatch.setattr(builder, "PARALLEL_MIN", 1)
    assert build("warm-parallel") == cold
    shutil.rmtree(root / ".smmgen-cache")
    parallel = build("cold-parallel")
    assert parallel == cold
    assert len([k for k in parallel if k.startswith("posts/")]) == len(post_files(root))

"""The calendar for the Monday meeting: the week page, whole month grids, the overview."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.helpers.content_repo import Repo


def build(repo: Repo, tmp_path: Path, at: str, *args: str) -> Path:
    out = tmp_path / "site"
    result = repo.run("build", "--out", str(out), "--at", at, *args)
    assert result.exit_code in (0, 1), result.output
    return out


def record(post: str, account: str, event: str, **extra: str) -> str:
    base = {"post": post, "account": account, "key": "k", "event": event}
    return json.dumps({**base, "at": "2026-11-30T08:31:00+00:00", "run": "r1", **extra})


def test_the_month_grid_shows_posts_on_the_adjacent_months_days(repo: Repo, tmp_path: Path) -> None:
    # Monday 30 November opens December's first row.
    repo.post("launch", "---\npublish_at: 2026-11-30 09:30\nnetworks: [bsky]\n---\nLaunch!\n")
    repo.post("later", "---\npublish_at: 2026-12-10 09:30\nnetworks: [bsky]\n---\nLater\n")
    out = build(repo, tmp_path, "2026-11-28 12:00")
    december = (out / "calendar-2026-12.html").read_text("utf-8")
    cell = re.search(
        r'<td class="day outside[^"]*" data-date="2026-11-30">.*?</td>', december, re.S
    )
    assert cell is not None and "posts/launch.html" in cell[0] and "Nov" in cell[0]
    # In its own month the day is an ordinary cell with its anchor.
    november = (out / "calendar-2026-11.html").read_text("utf-8")
    assert re.search(r'<td class="day[^"]*" id="d-2026-11-30"', november)


def test_this_week_runs_monday_to_sunday_across_the_month_end(repo: Repo, tmp_path: Path) -> None:
    repo.image("img/jacke.png")
    repo.post(
        "mon",
        "---\npublish_at: 2026-11-30 09:30\nnetworks: [bsky, masto]\nmedia:\n"
        "  - path: ../img/jacke.png\n    alt: Eine Jacke\n---\nMontag\n",
    )
    repo.post("sun", "---\npublish_at: 2026-12-06 18:00\nnetworks: [masto]\n---\nSonntag\n")
    repo.post("next", "---\npublish_at: 2026-12-07 09:00\nnetworks: [masto]\n---\nNächste\n")
    out = build(repo, tmp_path, "2026-11-29 12:00")  # a Sunday: this week is the one before
    this_week = (out / "week.html").read_text("utf-8")
    assert "This week · Week 48: 23 Nov – 29 Nov 2026" in this_week
    week = (out / "week-2026-W49.html").read_text("utf-8")
    assert "Week 49: 30 Nov – 6 Dec 2026" in week
    assert [d for d in re.findall(r'<time datetime="(2026-\d\d-\d\d)">', week)] == [
        "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05",
        "2026-12-06",
    ]  # fmt: skip
    assert "posts/mon.html" in week and "posts/sun.html" in week
    assert "posts/next.html" not in week
    # A thumbnail of the first image, with its alt text.
    assert '<img class="thumb" src="media/img/jacke.png" alt="Eine Jacke"' in week
    assert 'href="week-2026-W50.html" rel="next"' in week
    assert 'href="week-2026-W48.html" rel="prev"' in week


def test_each_account_shows_where_the_post_stands(repo: Repo, tmp_path: Path) -> None:
    repo.post("sent", "---\npublish_at: 2026-11-30 09:00\nnetworks: [bsky, masto]\n---\nRaus\n")
    repo.post("gone", "---\npublish_at: 2026-11-30 04:00\nnetworks: [masto]\n---\nZu spät\n")
    repo.post(
        "draft", "---\npublish_at: 2026-12-01 09:00\nnetworks: [masto]\nstatus: draft\n---\nX\n"
    )
    repo.post("soon", "---\npublish_at: 2026-12-02 09:00\nnetworks: [masto]\n---\nBald\n")
    repo.post("clash", "---\npublish_at: 2026-12-02 09:10\nnetworks: [masto, bsky]\n---\nDicht\n")
    repo.write(
        "state/published.jsonl",
        record("sent", "bsky", "sent", url="https://bsky.app/profile/x/post/1")
        + "\n"
        + record("sent", "masto", "failed", error="422 Validation failed: Text too long")
        + "\n"
        + record("gone", "masto", "failed", error="503 Service Unavailable")
        + "\n",
    )
    # Drafts are shown only on request (a local build; review F13).
    out = build(repo, tmp_path, "2026-11-30 12:00", "--include-drafts")
    week = (out / "week.html").read_text("utf-8")

    def state(post: str, account: str) -> str:
        article = re.search(rf"posts/{post}\.html.*?</article>", week, re.S)
        assert article is not None, post
        item = re.search(
            rf'<li class="acc-state st-(\w+)">(?:(?!</li>).)*?>{account}<.*?</li>',
            article[0],
            re.S,
        )
        assert item is not None, (post, account)
        return item[1] + " " + re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item[0])).strip()

    assert state("sent", "bsky").startswith("sent")
    assert 'href="https://bsky.app/profile/x/post/1"' in week
    # Failed but still within max_delay: the next run tries again.
    masto = state("sent", "masto")
    assert masto.startswith("due") and "last attempt failed: 422 Validation failed" in masto
    # Failed and now too late: it stays failed, and its date has passed.
    gone = state("gone", "masto")
    assert gone.startswith("failed") and "503 Service Unavailable" in gone
    assert "date has passed" in gone
    assert state("draft", "masto").startswith("draft")
    soon = state("soon", "masto")
    assert soon.startswith("scheduled") and "less than 30 minutes from clash" in soon
    assert "less than 30 minutes from soon" in state("clash", "masto")
    assert "less than 30 minutes" not in state("clash", "bsky")  # another account


def test_held_posts_say_why(repo: Repo, tmp_path: Path) -> None:
    # The fixture's schedule has a blackout from 24 to 26 December.
    repo.post("xmas", "---\npublish_at: 2026-12-24 10:00\nnetworks: [masto]\n---\nFrohes Fest\n")
    out = build(repo, tmp_path, "2026-12-24 12:00")
    week = (out / "week.html").read_text("utf-8")
    item = re.search(r'<li class="acc-state st-held">.*?</li>', week, re.S)
    assert item is not None and "blackout" in item[0]


def test_the_overview_keeps_broken_posts_apart_from_the_queue(repo: Repo, tmp_path: Path) -> None:
    repo.post("queued", "---\nslot: mornings\nnetworks: [bsky]\n---\nIn der Schlange\n")
    repo.post("broken", "---\nslot: mornings\nnetworks: [bsky, nope]\n---\nKaputt\n")
    repo.post("fixed", "---\npublish_at: 2027-02-01 09:00\nnetworks: [li]\n---\n" + "x" * 3100)
    out = build(repo, tmp_path, "2026-11-30 12:00")
    index = (out / "index.html").read_text("utf-8")
    fixing = re.search(r'id="fixing-h">Needs fixing \((\d+)\)</h2>(.*?)</section>', index, re.S)
    assert fixing is not None and fixing[1] == "2"
    assert "posts/broken.html" in fixing[2] and "posts/fixed.html" in fixing[2]
    queued = re.search(r'id="queued-h">Queued in slots \(1\)</h2>(.*?)</section>', index, re.S)
    assert queued is not None and "posts/queued.html" in queued[1]
    assert "posts/broken.html" not in queued[1]
    upcoming = re.search(r'id="upcoming-h">.*?</section>', index, re.S)
    assert upcoming is None or "posts/fixed.html" not in upcoming[0]


def test_titles_name_the_person_behind_an_alias(repo: Repo, tmp_path: Path) -> None:
    repo.write(
        "people.yaml",
        'anna:\n  name: Anna Berger\n  bluesky: "@anna.bsky.social"\n',
    )
    repo.post("hi", "---\npublish_at: 2026-12-01 09:00\nnetworks: [bsky]\n---\nDanke @{anna}!\n")
    out = build(repo, tmp_path, "2026-11-30 12:00")
    for page in ("index.html", "week.html", "calendar-2026-12.html", "posts/hi.html"):
        html = (out / page).read_text("utf-8")
        assert "Danke Anna Berger!" in html, page
        assert "@{anna}" not in html, page


def test_mockups_follow_each_networks_layout(repo: Repo, tmp_path: Path) -> None:
    schedule = (repo.root / "schedule.yaml").read_text("utf-8")
    extra = "  xa:\n    network: x\n" + "".join(
        f"    {k}_env: X_{k.upper()}\n"
        for k in ("api_key", "api_secret", "access_token", "access_token_secret")
    )
    repo.write("schedule.yaml", schedule.replace("accounts:\n", "accounts:\n" + extra, 1))
    repo.post(
        "links",
        "---\npublish_at: 2026-12-01 09:00\nnetworks: [xa, masto, bsky, li]\n---\n"
        "Erst https://example.com/erster dann https://shop.example.org/zweiter\n",
    )
    repo.image("content/quadrat.jpg", (1080, 1080), "JPEG")
    repo.post(
        "insta",
        "---\npublish_at: 2026-12-01 10:00\nnetworks: [insta]\nmedia:\n"
        "  - path: quadrat.jpg\n    alt: Ein Quadrat\n---\nBildunterschrift hier.\n",
    )
    out = build(repo, tmp_path, "2026-11-30 12:00")
    page = (out / "posts/links.html").read_text("utf-8")

    def mock(account: str) -> str:
        m = re.search(
            rf'<section class="mock[^"]*"[^>]*data-account="{account}">.*?</section>', page, re.S
        )
        assert m is not None, account
        return m[0]

    # X shows the card of the last link, Mastodon of the first; Bluesky and LinkedIn none.
    assert re.search(r'class="card-host">shop\.example\.org<', mock("xa"))
    assert re.search(r'class="card-host">example\.com<', mock("masto"))
    assert "preview-card" not in mock("bsky") and "preview-card" not in mock("li")
    # Instagram: the image first, then the caption.
    insta = (out / "posts/insta.html").read_text("utf-8")
    card = insta[insta.index('<li class="card">') :]
    assert card.index('alt="Ein Quadrat"') < card.index("Bildunterschrift hier.")


def test_the_week_says_what_is_approved_and_what_is_still_in_review(
    repo: Repo, tmp_path: Path
) -> None:
    import subprocess

    def git(*args: str, cwd: Path = repo.root) -> None:
        env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
        env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": "/tmp"}
        subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)

    repo.post("merged", "---\npublish_at: 2026-12-01 09:00\nnetworks: [masto]\n---\nDrin\n")
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "merged")
    # Without a default branch to compare with, nothing is claimed either way.
    week = (build(repo, tmp_path / "a", "2026-11-30 12:00") / "week.html").read_text("utf-8")
    assert "review-approved" not in week and "review-in-review" not in week

    origin = tmp_path / "origin.git"
    git("init", "-q", "--bare", str(origin), cwd=tmp_path)
    git("remote", "add", "origin", str(origin))
    git("push", "-q", "origin", "main")
    git("remote", "set-head", "origin", "main")
    git("checkout", "-q", "-b", "new-post")
    repo.post("branch", "---\npublish_at: 2026-12-02 09:00\nnetworks: [masto]\n---\nNeu\n")
    git("add", "-A")
    git("commit", "-qm", "branch")
    repo.post("local", "---\npublish_at: 2026-12-03 09:00\nnetworks: [masto]\n---\nLokal\n")
    week = (build(repo, tmp_path / "b", "2026-11-30 12:00") / "week.html").read_text("utf-8")

    def review(post: str) -> str:
        m = re.search(rf'posts/{post}\.html">.*?<span class="review review-([\w-]+)">', week, re.S)
        assert m is not None, post
        return m[1]

    assert (review("merged"), review("branch"), review("local")) == (
        "approved", "in-review", "in-review",
    )  # fmt: skip


def test_a_retracted_post_is_shown_as_retracted_with_the_reason(repo: Repo, tmp_path: Path) -> None:
    repo.post("oops", "---\npublish_at: 2026-11-30 09:00\nnetworks: [masto]\n---\nFalsch\n")
    url = "https://mastodon.social/@x/1"
    assert repo.run("mark-published", "oops", "--account", "masto", "--url", url).exit_code == 0
    done = repo.run("retract", "oops", "--by-hand", "--reason", "wrong price")
    assert done.exit_code == 0, done.output
    week = (build(repo, tmp_path, "2026-11-30 12:00") / "week.html").read_text("utf-8")
    item = re.search(r'<li class="acc-state st-retracted">.*?</li>', week, re.S)
    assert item is not None and "wrong price" in item[0], week

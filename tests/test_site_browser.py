"""The preview site in a real headless Chromium (Debian's package), opened from file:// URLs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from smmgen.cli import main
from smmgen.content import read_post
from smmgen.render import Renderer
from smmgen.repo import post_files
from smmgen.schedule import read_schedule
from tests.helpers.browser import CHROMIUM, Browser
from tests.helpers.content_repo import SCHEDULE

if not Path(CHROMIUM).is_file():
    pytest.skip("no chromium binary (apt-get install chromium)", allow_module_level=True)

EXAMPLE = Path(__file__).resolve().parent.parent
SHOTS = EXAMPLE / "build" / "screenshots"
HOSTILE = """\
---
publish_at: 2026-12-02 10:00
networks: [bsky, masto, li]
variants:
  li:
    body: 'Klick <a href="javascript:window.__pwned=5">hier</a> javascript:alert(6)'
---

Hallo <script>window.__pwned=1</script> [Link](javascript:window.__pwned=2)

<img src=x onerror="window.__pwned=3"><svg onload="alert(4)"></svg> https://example.com/ok
"""


def _build(root: Path, out: Path, at: str) -> Path:
    args = ["build", "--root", str(root), "--no-cache", "--out", str(out), "--at", at]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example content, and a repository with a hostile post."""
    base = tmp_path_factory.mktemp("browser")
    hostile = base / "hostile-repo"
    (hostile / "content").mkdir(parents=True)
    (hostile / "schedule.yaml").write_text(SCHEDULE, "utf-8")
    (hostile / "content" / "hostile.md").write_text(HOSTILE, "utf-8")
    return {
        "example": _build(EXAMPLE, base / "example", "2026-12-05 12:00"),
        "hostile": _build(hostile, base / "hostile", "2026-12-01 00:00"),
    }


def test_pages_load_without_console_errors(sites: dict[str, Path], browser: Browser) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    site = sites["example"]
    shots = {
        "index.png": site / "index.html",
        "calendar.png": site / "calendar-2026-12.html",
        "post.png": site / "posts/campaigns--winterjacke--02-launch.html",
    }
    for name, path in shots.items():
        page = browser.open(path)
        assert page.locator("h1").count() == 1
        # Every image on the page loaded from the site folder.
        broken = page.evaluate(
            "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length"
        )
        assert broken == 0, path
        page.screenshot(path=str(SHOTS / name), full_page=True)
        page.close()
    assert browser.errors == []


def test_calendar_shows_each_post_on_its_day(sites: dict[str, Path], browser: Browser) -> None:
    site = sites["example"]
    pages: dict[str, Any] = {}
    for file in post_files(EXAMPLE):
        text = file.read_text("utf-8")
        m = re.search(r"^publish_at:\s*(\d{4}-\d\d)-(\d\d) ", text, re.M)
        if not m:
            continue
        month, day = m.group(1), m.group(2)
        if month not in pages:
            pages[month] = browser.open(site / f"calendar-{month}.html")
        slug = file.relative_to(EXAMPLE / "content").as_posix()[:-3].replace("/", "--")
        link = pages[month].locator(f'#d-{month}-{day} a[href="posts/{slug}.html"]')
        assert link.count() == 1, (slug, month, day)
        assert link.is_visible()
    assert browser.errors == []


def test_campaign_filter_works_in_place(sites: dict[str, Path], browser: Browser) -> None:
    page = browser.open(sites["example"] / "calendar-2026-12.html")
    entries = page.locator("a.entry")
    total = entries.count()
    page.get_by_role("link", name="winterjacke-2026", exact=True).click()
    assert page.url.endswith("calendar-2026-12.html")  # filtered here, no navigation
    visible = [e for e in entries.all() if e.is_visible()]
    assert 0 < len(visible) < total
    for e in visible:
        assert e.get_attribute("data-campaign") == "winterjacke-2026"
    page.get_by_role("link", name="Alle Posts", exact=True).click()
    assert sum(e.is_visible() for e in entries.all()) == total


def test_post_page_shows_the_rendered_text_per_network(
    sites: dict[str, Path], browser: Browser
) -> None:
    schedule, _ = read_schedule(EXAMPLE, EXAMPLE / "schedule.yaml")
    assert schedule is not None
    renderer = Renderer(EXAMPLE, schedule)
    post, _ = read_post(EXAMPLE, EXAMPLE / "content/campaigns/winterjacke/02-launch.md")
    assert post is not None
    page = browser.open(sites["example"] / "posts/campaigns--winterjacke--02-launch.html")
    for account in ("bluesky", "mastodon", "x", "telegram", "discord"):
        rendered = renderer.render(post, account)
        assert rendered is not None
        shown = page.locator(f'[data-account="{account}"] .text').first.inner_text()
        # innerText keeps the line breaks (white-space: pre-wrap): exactly what is sent.
        assert shown == rendered.parts[0], account
    linkedin = page.locator('[data-account="linkedin"] .text').first.inner_text()
    assert linkedin.startswith("Zwei Jahre Entwicklung")
    assert "mehr anzeigen" in page.locator('[data-account="linkedin"] .fold').inner_text()


def test_phone_width_needs_no_sideways_scrolling(sites: dict[str, Path], browser: Browser) -> None:
    site = sites["example"]
    for path in (
        site / "index.html",
        site / "calendar-2026-12.html",
        site / "posts/campaigns--winterjacke--02-launch.html",
    ):
        page = browser.open(path, width=360)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path.name
        page.close()


def test_hostile_post_does_not_execute(sites: dict[str, Path], browser: Browser) -> None:
    site = sites["hostile"]
    for path in (site / "posts/hostile.html", site / "index.html", site / "calendar-2026-12.html"):
        page = browser.open(path)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("script:not([src])").count() == 0
        assert page.locator('a[href^="javascript" i]').count() == 0
        assert page.locator("svg, img[src='x']").count() == 0
        page.close()
    page = browser.open(site / "posts/hostile.html")
    assert "<script>window.__pwned=1</script>" in page.locator(".text").first.inner_text()
    hrefs = page.eval_on_selector_all(".text a", "els => els.map(a => a.href)")
    assert set(hrefs) == {"https://example.com/ok"}
    assert browser.dialogs == []

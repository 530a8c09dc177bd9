"""The Statistics page and a post page in real headless Chromium, at phone and desktop widths."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.browser import Browser
from tests.helpers.stats import build, stats_repo


def test_statistics_render_without_errors_requests_or_sideways_scrolling(
    tmp_path: Path,
    browser: Browser,
) -> None:
    site = build(stats_repo(tmp_path / "repo"), tmp_path / "site")
    for path in (site / "stats.html", site / "posts" / "winter.html"):
        for width in (360, 1280):
            requests: list[str] = []
            page = browser.open(path, width=width)
            page.on("request", lambda r, seen=requests: seen.append(r.url))
            page.reload()
            page.wait_for_load_state("load")
            assert all(u.startswith("file://") for u in requests), requests
            charts = page.locator("svg.chart")
            assert charts.count() >= (4 if path.name == "stats.html" else 1)
            box = charts.first.bounding_box()
            assert box is not None and 0 < box["width"] <= width
            if width == 360:
                assert page.evaluate("document.documentElement.scrollWidth") <= 360, path.name
            page.close()
    assert browser.errors == [] and browser.dialogs == []

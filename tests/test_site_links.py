"""The link-in-bio page: published Instagram posts with their links, newest first."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.content_repo import Repo
from tests.helpers.site_html import refs_of


def sent(post: str, account: str, at: str) -> str:
    return json.dumps({"post": post, "account": account, "key": "k", "event": "sent",
                       "at": at, "run": "r1", "url": "https://www.instagram.com/p/x/"})  # fmt: skip


def test_links_page_lists_published_instagram_posts_with_links(repo: Repo, tmp_path: Path) -> None:
    repo.image("content/a.jpg", (1080, 1080), "JPEG")
    media = "media:\n  - path: a.jpg\n    alt: Shoes\n"
    repo.post("old", "---\npublish_at: 2026-11-10 09:30\nnetworks: [insta]\n"
              f"link: https://shop.example/old\n{media}---\nOld shoes\n")  # fmt: skip
    repo.post("new", "---\npublish_at: 2026-11-18 09:30\nnetworks: [insta]\n"
              f"link: https://shop.example/new\n{media}---\nNew shoes\n")  # fmt: skip
    repo.post("later", "---\npublish_at: 2026-12-18 09:30\nnetworks: [insta]\n"
              f"link: https://shop.example/later\n{media}---\nNot out yet\n")  # fmt: skip
    repo.post("nolink", "---\npublish_at: 2026-11-12 09:30\nnetworks: [insta]\n"
              f"{media}---\nNo link\n")  # fmt: skip
    repo.post("bsky", "---\npublish_at: 2026-11-12 09:30\nnetworks: [bsky]\n"
              "link: https://shop.example/bsky\n---\nBluesky links work\n")  # fmt: skip
    ledger = [
        sent("old", "insta", "2026-11-10T08:30:05+00:00"),
        sent("new", "insta", "2026-11-18T08:30:05+00:00"),
        sent("nolink", "insta", "2026-11-12T08:30:05+00:00"),
        sent("bsky", "bsky", "2026-11-12T08:30:05+00:00"),
    ]
    repo.write("state/published.jsonl", "\n".join(ledger) + "\n")
    out = tmp_path / "site"
    result = repo.run("build", "--out", str(out), "--at", "2026-12-01 00:00")
    assert result.exit_code == 0, result.output

    page = (out / "links.html").read_text("utf-8")
    links = [v for tag, attr, v in refs_of(page) if tag == "a"]
    assert links == ["https://shop.example/new", "https://shop.example/old"]
    assert page.index("New shoes") < page.index("Old shoes")
    assert '<img src="media/content/a.jpg"' in page
    # Phone first, nothing from elsewhere, no script, no tracking.
    assert 'name="viewport"' in page and "<script" not in page
    assert all(
        v.startswith(("media/", "assets/", "https://shop.example/")) for _, _, v in refs_of(page)
    )
    assert 'rel="noopener noreferrer"' in page and 'name="referrer" content="no-referrer"' in page
    assert (out / "assets/links.css").is_file()

"""Security: the preview comment posts a fork's `preview.md` only after disarming it.

A pull request controls what its check run uploads, so `smmgen github comment`
must not let that body notify people, show images or link to other hosts as the
repository's bot (review finding F6). Driven through the CLI against the local
GitHub API of test_github.py; the assertions read what the server received.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pytest_httpserver import HTTPServer

from smmgen.preview import MARKER
from smmgen.untrusted_markdown import ZWSP
from tests.helpers.content_repo import Repo
from tests.helpers.fake_github import OWNER, REPO, TOKEN, FakeGitHub, body_file, ours, run

# Each payload from the review, and the tricks around it.
HOSTILE = """\
## smmgen preview

@your-org/social-leads urgent: re-authorise at [github.com/login](https://evil.example/login)
cc @marie, @bergwerk/engineering and &#64;bergwerk/legal and &#x40;anna and &commat;ben
and &&#35;64;double-encoded, mail me: phish@evil.example or mailto:phish@evil.example

![](https://tracker.example/p.png)
![logo][logo]
<img src="https://tracker.example/i.gif">
<picture><source srcset="https://tracker.example/s.png"></picture>
<a href="https://evil.example/a">a link</a>
<details open><summary>click</summary><script>alert(1)</script></details>
<!-- hidden: @hidden-person -->

[Re-authorise][auth] · [again] · <https://evil.example/auto> · https://evil.example/bare
· www.evil.example · https&#58;//evil.example/entity · HTTPS://EVIL.EXAMPLE/upper
· [x](<https://evil.example/pointy>) · [y](https://github.com@evil.example/)
· [z](https://github.com.evil.example/) · [t](https://evil.example "title")

[auth]: https://evil.example/auth
[again]:
  https://evil.example/next-line
[logo]: https://tracker.example/logo.png

```text
inside a fence @fenced-person ![](https://tracker.example/f.png) <img src=x>
```

Fine: [the PR](https://github.com/bergwerk/social/pull/7), https://bergwerk.github.io/social/,
[the post](https://bsky.app/profile/bergwerk.example/post/3k), www.linkedin.com/company/x
"""


@pytest.fixture
def gh(httpserver: HTTPServer) -> FakeGitHub:
    fake = FakeGitHub(httpserver)
    httpserver.expect_request(re.compile(r"/api/v3/.*")).respond_with_handler(fake.handle)
    return fake


def rendered(markdown: str) -> str:
    """HTML as a CommonMark renderer with raw HTML on (like GitHub's) makes it."""
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def posted(gh: FakeGitHub, tmp_path: Path, text: str) -> str:
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, text))
    assert result.exit_code == 0, result.output
    (comment,) = ours(gh)
    body = comment["body"]
    assert isinstance(body, str)
    return body


def test_hostile_preview_is_disarmed(gh: FakeGitHub, tmp_path: Path) -> None:
    body = posted(gh, tmp_path, HOSTILE)
    html = rendered(body)

    # No mention can notify anyone: every @ (also from &#64; and friends) is followed by a ZWSP.
    assert not re.search(f"@(?!{ZWSP})", body)
    assert "&#64;" not in body and "&#x40;" not in body and "&commat;" not in body

    # No image, no raw HTML but the preview's own <details>/<summary> and marker.
    assert "<img" not in html and "<picture" not in html and "<source" not in html
    assert "<script" not in html and '<a href="https://evil' not in html
    tags = set(re.findall(r"<(/?[a-zA-Z!][^\s>]*)", body))
    assert tags <= {"!--", "details", "/details", "summary", "/summary"}, tags
    assert "<details open>" not in body and "<!-- hidden" not in body

    # Links: only to GitHub, the repository's Pages and the networks.
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == [
        "https://github.com/bergwerk/social/pull/7",
        "https://bsky.app/profile/bergwerk.example/post/3k",
    ]
    # Bare URLs and www. words to other hosts are no longer autolinked by GitHub.
    assert not re.search(
        r"(?i)\b[a-z][a-z0-9+.-]*://(?!github\.com/|bergwerk\.github\.io/|bsky\.app/)", body
    )
    assert not re.search(r"(?i)(?<![\w.-])www\.(?!linkedin\.com/)", body)
    assert "https://bergwerk.github.io/social/" in body and "www.linkedin.com/company/x" in body

    # Nothing was deleted: with the invisible ZWSPs removed, a reviewer reads what the PR sent.
    entities = {"&#64;": "@", "&#x40;": "@", "&commat;": "@", "&&#35;64;": "@", "&#58;": ":"}
    expected = HOSTILE.strip()
    for ref, char in entities.items():
        expected = expected.replace(ref, char)
    assert body.replace(ZWSP, "") == f"{MARKER}\n{expected}"


def test_review_reproduction_is_posted_disarmed(gh: FakeGitHub, tmp_path: Path) -> None:
    """The review's F6 proof of concept, through Client.upsert_comment as it called it."""
    from smmgen.github import Client, Settings

    body = (
        "## smmgen preview\n@your-org/social-leads urgent: re-authorise at "
        "[github.com/login](https://evil.example/login)\n![](https://tracker.example/p.png)"
    )
    client = Client(Settings(TOKEN, OWNER, REPO, gh.base))
    assert client.upsert_comment(7, body, head_sha="a" * 40, author="social-bot") == "created"
    (comment,) = ours(gh)
    html = rendered(comment["body"])
    assert "<img" not in html and "href" not in html
    assert "@\u200byour-org/social-leads" in comment["body"]


def test_our_own_preview_renders_the_same(gh: FakeGitHub, repo: Repo, tmp_path: Path) -> None:
    """`smmgen preview`'s comment keeps every table, summary and fence; only ZWSPs are added."""
    repo.post(
        "launch",
        "---\npublish_at: 2026-12-02 17:00\nnetworks: [bsky, masto]\n---\n"
        "Thanks @{anna} and @bob@mastodon.social! We <3 you & [the shop](https://shop.example.com/x?a=1&b=2).\n"
        "Details at www.example.com — `code` *stars* _under_ #hashtag\n",
    )
    repo.write(
        "people.yaml", "anna:\n  bluesky: anna.bsky.social\n  mastodon: '@anna@mastodon.social'\n"
    )
    repo.image("content/pic.png")
    repo.post(
        "pic",
        "---\npublish_at: 2026-12-03 09:30\nnetworks: [bsky]\nmedia:\n"
        "  - path: pic.png\n    alt: A <red> square by @carol\n---\nWith a picture.\n",
    )
    result = repo.run("preview", "--format", "markdown", "content/launch.md", "content/pic.md")
    assert result.exit_code == 0, result.output
    preview = result.stdout
    assert "<details><summary>" in preview and "```text" in preview  # the shapes we keep

    body = posted(gh, tmp_path, preview)
    assert body.replace(ZWSP, "") == preview.strip().replace(ZWSP, "")
    assert rendered(body).replace(ZWSP, "") == rendered(preview.strip()).replace(ZWSP, "")

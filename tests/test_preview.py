"""`smmgen preview`: the pull-request comment, on a real git repository."""

from __future__ import annotations

from markdown_it import MarkdownIt

from smmgen.preview import GITHUB_COMMENT_LIMIT, MARKER
from tests.helpers.content_repo import Repo
from tests.helpers.git_repo import commit, git, post, preview


def test_changed_post_only(git_repo: Repo) -> None:
    git_repo.post("a", post("Post A, now better. " + "x" * 300))
    commit(git_repo)
    out = preview(git_repo, "--changed-since", "main")
    assert out.startswith(MARKER + "\n")
    assert "content/a.md" in out and "content/b.md" not in out
    assert "1 post changed · ❌ 1 error" in out
    # Per account: a collapsible block with the count against the limit.
    assert "<summary>❌ bsky (Bluesky) — 320 / 300 graphemes</summary>" in out
    assert "<summary>✅ masto (Mastodon) — 320 / 500" in out
    # The scheduled time in the schedule's time zone, and the error with file:line.
    assert "**When:** Wed 2026-12-02 17:00 CET (Europe/Berlin)" in out
    assert "- ❌ ` content/a.md:5 ` bsky: 320/300 graphemes" in out
    assert "Post A, now better." in out


def test_image_change_and_removed_post(git_repo: Repo) -> None:
    git_repo.image("content/img/pic.png", size=(640, 480))
    (git_repo.root / "content/b.md").unlink()
    commit(git_repo)
    out = preview(git_repo, "--changed-since", "main")
    assert "### ` content/content/pic.md `" not in out
    assert "### ` content/pic.md `" in out
    assert "🖼️ ` content/img/pic.png `: A red square" in out
    assert "### ` content/b.md `\n\nRemoved in this pull request." in out
    assert "content/a.md" not in out


def test_nothing_changed_prints_nothing(git_repo: Repo) -> None:
    git_repo.write("README.md", "docs only\n")
    commit(git_repo)
    result = git_repo.run("preview", "--changed-since", "main")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No posts changed." in result.stderr


def test_bad_ref_is_a_usage_error(git_repo: Repo) -> None:
    result = git_repo.run("preview", "--changed-since", "no-such-branch")
    assert result.exit_code == 2
    assert "cannot compare with 'no-such-branch'" in result.stderr
    assert "Traceback" not in result.output


def test_paths_without_git(repo: Repo) -> None:
    repo.post(
        "thread",
        "---\npublish_at: 2026-07-01 08:00\nnetworks: [bsky]\nthread: true\n---\n"
        + ("Sentence number one is here. " * 30),
    )
    out = preview(repo, "content/thread.md")
    assert "CEST (Europe/Berlin)" in out
    assert "in 3 parts</summary>" in out
    assert "Part 1/3" in out and "Part 3/3" in out


def test_size_cap_with_300_changed_posts(git_repo: Repo) -> None:
    for i in range(300):
        git_repo.post(f"many/p{i:03}", post(f"Post {i}: " + "Lorem ipsum dolor sit amet. " * 15))
    commit(git_repo)
    out = preview(git_repo, "--changed-since", "main")
    assert len(out.encode("utf-16-le")) // 2 <= GITHUB_COMMENT_LIMIT
    assert out.startswith(MARKER)
    assert "300 posts changed" in out
    # The summary table lists posts; the details stop with a note.
    assert "| content/many/p000\\.md |" not in out  # '.' is not escaped
    assert "| content/many/p000.md |" in out
    assert "posts are not shown in detail" in out
    assert "### ` content/many/p000.md `" in out
    # Every opened block is closed even though the output was cut.
    assert out.count("<details>") == out.count("</details>")


HOSTILE = (
    "Nice </details> <!-- hidden --> <script>alert(1)</script> @everyone\n\n"
    "````\n```\n</details><img src=x onerror=alert(1)>\n"
)


def test_hostile_text_stays_inert(repo: Repo) -> None:
    repo.post(
        "evil",
        "---\npublish_at: 2026-12-02 17:00\nnetworks: [bsky]\n"
        "variants:\n  bsky:\n    body: |-\n"
        + "".join(f"      {line}\n" for line in HOSTILE.splitlines())
        + 'media:\n  - path: x.png\n    alt: "</details><b>bold</b> `tick` | pipe @alice"\n'
        "---\nbody\n",
    )
    repo.image("content/x.png")
    out = preview(repo, "content/evil.md")
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    html_blocks = [t.content for t in tokens if t.type == "html_block"]
    # The only raw HTML is ours: the marker, and balanced details/summary blocks.
    assert html_blocks[0] == MARKER + "\n"
    for block in html_blocks[1:]:
        assert block.startswith(("<details><summary>", "</details>")), block
        assert "<script" not in block and "<img" not in block and "<b>" not in block
    # The hostile body is shown verbatim inside one fence that it cannot close.
    fences = [t for t in tokens if t.type == "fence"]
    assert any(t.content == HOSTILE.rstrip("\n") + "\n" for t in fences)
    # The alt text is literal text: no HTML tags, no @mention.
    inline_html = [
        c.content for t in tokens if t.children for c in t.children if c.type == "html_inline"
    ]
    assert inline_html == []
    assert "@alice" not in out.replace("@\u200balice", "")
    assert "@everyone" in out  # inside the code fence, where GitHub does not notify


PEOPLE = (
    "anna:\n  mastodon: '@anna@mastodon.social'\n  bluesky: anna.bsky.social\n"
    "ben:\n  mastodon: '@ben@mastodon.social'\n"
)


def test_people_change_shows_every_post_it_rewrites(git_repo: Repo) -> None:
    """A PR that only edits people.yaml still changes posts: they are shown, before and after."""
    git_repo.write("people.yaml", PEOPLE)
    git_repo.post("hello", post("Thanks @{anna}!"))
    git_repo.post("ben", post("Hi @{ben}."))
    git(git_repo.root, "checkout", "-q", "main")
    commit(git_repo, "people and posts")
    git(git_repo.root, "checkout", "-q", "-b", "people-pr")
    git_repo.write(
        "people.yaml", PEOPLE.replace("'@anna@mastodon.social'", "'@scammer@evil.example'")
    )
    commit(git_repo, "only people.yaml")

    out = preview(git_repo, "--changed-since", "main")
    assert "` content/hello.md `" in out
    assert "content/ben.md" not in out and "content/a.md" not in out  # not rewritten
    assert "people changed \\(@\u200b{anna}\\): their mentions read differently in 1 post," in out
    masto, bsky = (out.split("<details><summary>")[i] for i in (2, 1))
    assert "(Mastodon)" in masto and "(Bluesky)" in bsky
    assert masto.index("Thanks @scammer@evil.example!") < masto.index("Before this pull request:")
    assert "Before this pull request:\n\n```text\nThanks @anna@mastodon.social!\n```" in masto
    assert "Before" not in bsky and "Thanks @anna.bsky.social!" in bsky  # unchanged there


def test_people_section_in_the_schedule_and_new_people(git_repo: Repo) -> None:
    """A person added (in schedule.yaml's people:) turns `@{carla}` from text into a handle."""
    git_repo.post("carla", post("Welcome @{carla}!"))
    commit(git_repo, "a post mentioning someone unknown")
    schedule = (git_repo.root / "schedule.yaml").read_text("utf-8")
    git_repo.write(
        "schedule.yaml", schedule + "people:\n  carla:\n    mastodon: carla@example.social\n"
    )
    commit(git_repo, "carla joins")

    out = preview(git_repo, "--changed-since", "main")
    assert "` content/carla.md `" in out
    assert "Welcome @carla@example.social!" in out
    assert "Before this pull request:\n\n```text\nWelcome @{carla}!\n```" in out

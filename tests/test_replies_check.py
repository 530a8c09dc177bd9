"""Reply files: `smmgen reply URL` starts one, `smmgen check` validates it like a post."""

from __future__ import annotations

from tests.helpers.content_repo import Repo, one, where

BSKY_URL = "https://bsky.app/profile/anna.example.com/post/3lbqzxyz2ab2c"
MASTO_URL = "https://social.example/@anna/113500000000000042"
X_URL = "https://x.com/anna/status/1861000000000000042"


def reply_file(url: str, account: str, body: str = "Danke für die Frage!") -> str:
    return f"---\nin_reply_to: {url}\naccount: {account}\n---\n\n{body}\n"


def test_reply_command_writes_a_file_to_fill_in(repo: Repo) -> None:
    result = repo.run("reply", BSKY_URL, "--name", "Kundenfrage")
    assert result.exit_code == 0, result.output
    [path] = list((repo.root / "replies").glob("*-kundenfrage.md"))
    text = path.read_text("utf-8")
    assert text.startswith(f'---\nin_reply_to: "{BSKY_URL}"\naccount: bsky\n---\n')
    rel = f"replies/{path.name}"
    # Nothing written yet: check says so, on the line where the text goes.
    assert (rel, 5, "post/empty") in where(repo.check())
    path.write_text(text + "Danke für die Frage! Die Tour startet um 9 Uhr.\n", "utf-8")
    assert repo.check() == []


def test_reply_command_needs_an_account_on_the_links_network(repo: Repo) -> None:
    wrong = repo.run("reply", X_URL)
    assert wrong.exit_code == 2 and "accounts on x: none" in wrong.output
    other = repo.run("reply", MASTO_URL, "--account", "bsky")
    assert other.exit_code == 2 and "is on bluesky" in other.output
    assert repo.run("reply", "https://example.com/hello").exit_code == 2


def test_a_link_of_another_network_is_an_error_on_its_line(repo: Repo) -> None:
    repo.write("replies/2026-12-03-a.md", reply_file(MASTO_URL, "bsky"))
    problem = one(repo.check(), "reply/wrong-network")
    assert (problem["path"], problem["line"]) == ("replies/2026-12-03-a.md", 2)
    assert "mastodon link" in problem["message"] and "bsky is on bluesky" in problem["message"]


def test_a_link_that_names_no_post_is_an_error(repo: Repo) -> None:
    repo.write("replies/2026-12-03-a.md", reply_file("https://bsky.app/profile/anna", "bsky"))
    problem = one(repo.check(), "reply/not-a-post")
    assert problem["line"] == 2 and "bsky.app/profile/HANDLE/post/ID" in problem["message"]


def test_an_empty_body_is_an_error(repo: Repo) -> None:
    repo.write("replies/2026-12-03-a.md", reply_file(BSKY_URL, "bsky", body=""))
    problem = one(repo.check(), "post/empty")
    # Where the text would go: line 5, column 1 (reply_file leaves the body's line empty).
    assert (problem["path"], problem["line"], problem["column"]) == (
        "replies/2026-12-03-a.md",
        5,
        1,
    )


def test_a_body_over_the_limit_is_counted_exactly(repo: Repo) -> None:
    # 301 graphemes of two code points each (a + combining diaeresis): 602 code points.
    body = "a\u0308" * 301
    repo.write("replies/2026-12-03-a.md", reply_file(BSKY_URL, "bsky", body=body))
    problem = one(repo.check(), "bluesky/length")
    assert (problem["line"], problem["column"]) == (6, 1) and "301/300" in problem["message"]
    repo.write("replies/2026-12-03-a.md", reply_file(BSKY_URL, "bsky", body="a\u0308" * 300))
    assert repo.check() == []


def test_networks_without_reply_support_say_so(repo: Repo) -> None:
    schedule = (repo.root / "schedule.yaml").read_text("utf-8")
    repo.write(
        "schedule.yaml",
        schedule.replace(
            "slots:", "  dc:\n    network: discord\n    webhook_env: DISCORD_WEBHOOK_URL\nslots:"
        ),
    )
    repo.write(
        "replies/2026-12-03-a.md",
        reply_file("https://discord.com/channels/1/2/3", "dc"),
    )
    problem = one(repo.check(), "reply/unsupported-network")
    assert "cannot send replies on discord" in problem["message"]


def test_unknown_keys_and_missing_target_are_front_matter_errors(repo: Repo) -> None:
    repo.write("replies/2026-12-03-a.md", "---\naccount: bsky\nnetworks: [bsky]\n---\n\nHi\n")
    found = {(p["rule"], p["line"]) for p in repo.check()}
    assert found == {("front-matter/missing-key", 2), ("front-matter/unknown-key", 3)}

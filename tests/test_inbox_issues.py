"""`smmgen github inbox`: one issue per conversation in a private repository, new messages as
comments, closed issues stay closed; a public repository gets a digest of links and counts.
Against the fake GitHub REST API of tests/test_github.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from tests.helpers.content_repo import Repo
from tests.helpers.fake_github import FakeGitHub, private_github, run


def item(
    n: int, text: str | None = "Wann geht es los? @octocat ![x](https://evil.example/x.png)"
) -> dict[str, Any]:
    return {
        "network": "bluesky", "account": "bsky", "id": f"at://did:plc:anna/app.bsky.feed.post/{n}",
        "url": f"https://bsky.app/profile/anna.test/post/{n}", "author": "anna.test", "text": text,
        "at": f"2026-12-01T08:0{n}:00+00:00", "kind": "reply", "answers": "at://ours/1",
        "root": "at://ours/1", "opted_out": text is None,
    }  # fmt: skip


def conv(*items: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"account": "bsky", "network": "bluesky", "root": "at://ours/1", "ours": "2026-12/tour",
             "items": list(items), "answers": []}]  # fmt: skip


@pytest.fixture
def gh_private(httpserver: HTTPServer) -> FakeGitHub:
    return private_github(httpserver)


def write(tmp_path: Path, data: list[dict[str, Any]]) -> str:
    path = tmp_path / "inbox.json"
    path.write_text(json.dumps(data), "utf-8")
    return str(path)


def test_private_repo_one_issue_per_conversation_then_comments(
    repo: Repo, gh_private: FakeGitHub, tmp_path: Path
) -> None:
    gh = gh_private
    first = run(gh, "inbox", "--from", write(tmp_path, conv(item(1), item(2, None))))
    assert first.exit_code == 0, first.output
    assert "1 issue(s) opened" in first.output
    [issue] = gh.issues.values()
    assert issue["title"] == "Inbox: bsky (bluesky) on 2026-12/tour"
    assert [label["name"] for label in issue["labels"]] == ["smmgen-inbox"]
    body = issue["body"]
    assert "> Wann geht es los?" in body and "`anna.test`" in body
    assert "@octocat" not in body  # nobody on GitHub is pinged
    assert "![x](https://evil.example" not in body  # no image from elsewhere
    assert "opted out of bots" in body

    # The same items again: nothing new. A new item: one comment, also on a closed issue.
    again = run(gh, "inbox", "--from", write(tmp_path, conv(item(1), item(2, None))))
    assert "1 unchanged" in again.output and gh.comments == {}
    issue["state"] = "closed"
    more = run(gh, "inbox", "--from", write(tmp_path, conv(item(1), item(2, None), item(3))))
    assert "1 updated" in more.output, more.output
    [comment] = gh.comments.values()
    assert "post/3" in comment["body"] and "post/1)" not in comment["body"]
    assert issue["state"] == "closed" and len(gh.issues) == 1


def test_public_repo_gets_a_digest_without_texts(
    repo: Repo, gh_private: FakeGitHub, tmp_path: Path
) -> None:
    gh_private.private = False  # type: ignore[attr-defined]
    done = run(gh_private, "inbox", "--from", write(tmp_path, conv(item(1), item(2))))
    assert done.exit_code == 0 and "digest" in done.output, done.output
    [issue] = gh_private.issues.values()
    assert "Wann geht es los" not in issue["body"]
    assert "https://bsky.app/profile/anna.test/post/1" in issue["body"]
    assert "2 message(s)" in issue["body"]


def test_inbox_json_for_a_public_repository_has_no_texts(repo: Repo) -> None:
    from smmgen.inbox import Item
    from smmgen.inbox.store import Store

    Store(repo.root).save(
        [Item("bluesky", "bsky", "at://x/1", "https://bsky.app/profile/a/post/1", "a",
              "Privat", "2026-12-01T08:00:00+00:00", "reply")],
        {},
    )  # fmt: skip
    public = repo.run("inbox", "--format", "json", "--public")
    assert "Privat" not in public.stdout and '"withheld": true' in public.stdout
    repo.write("schedule.yaml", repo.root.joinpath("schedule.yaml").read_text()
               + "inbox:\n  public_issues: true\n")  # fmt: skip
    allowed = repo.run("inbox", "--format", "json", "--public")
    assert "Privat" in allowed.stdout


def reply_setup(repo: Repo, gh: FakeGitHub, owners: str) -> int:
    """An inbox issue for a conversation, CODEOWNERS naming ``owners`` for replies/."""
    repo.write(".github/CODEOWNERS", f"/content/  @bergwerk/social\n/replies/  {owners}\n")
    from smmgen.inbox.issues import issue_body

    conversation = conv(item(1))[0]
    return gh.issue(gh.me_user(), "Inbox: bsky", issue_body(conversation, [item(1)], []),
                    ["smmgen-inbox"])  # fmt: skip


def test_reply_command_from_a_code_owner_writes_a_checked_reply_file(
    repo: Repo, gh_private: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gh = gh_private
    number = reply_setup(repo, gh, "@social-bot @bergwerk/legal")
    comment = tmp_path / "comment.txt"
    comment.write_text("/reply Um 9 Uhr am Bahnhof!\nBis dann.", "utf-8")
    out = tmp_path / "github-output"
    done = run(gh, "reply", "--issue", str(number), "--author", "Social-Bot",
               "--comment-file", str(comment), env={"GITHUB_OUTPUT": str(out)})  # fmt: skip
    assert done.exit_code == 0, done.output
    [written] = list((repo.root / "replies").glob("*-inbox-*.md"))
    text = written.read_text("utf-8")
    assert '"https://bsky.app/profile/anna.test/post/1"' in text and 'account: "bsky"' in text
    assert text.endswith("Um 9 Uhr am Bahnhof!\nBis dann.\n")
    assert out.read_text() == f"reply-file=replies/{written.name}\n"
    assert gh.comments == {}


def test_reply_command_from_anyone_else_is_ignored_with_a_note(
    repo: Repo, gh_private: FakeGitHub, tmp_path: Path
) -> None:
    gh = gh_private
    number = reply_setup(repo, gh, "@maria @bergwerk/social")
    comment = tmp_path / "comment.txt"
    comment.write_text("/reply Schnell!", "utf-8")
    done = run(gh, "reply", "--issue", str(number), "--author", "mallory",
               "--comment-file", str(comment))  # fmt: skip
    assert done.exit_code == 0 and "ignored" in done.output
    assert not (repo.root / "replies").exists()
    [note] = gh.comments.values()
    assert "`mallory`" in note["body"] and "@maria" in note["body"]


def test_reply_command_with_errors_comments_them_and_writes_nothing(
    repo: Repo, gh_private: FakeGitHub, tmp_path: Path
) -> None:
    gh = gh_private
    number = reply_setup(repo, gh, "@social-bot")
    comment = tmp_path / "comment.txt"
    comment.write_text("/reply " + "x" * 301, "utf-8")
    done = run(gh, "reply", "--issue", str(number), "--author", "social-bot",
               "--comment-file", str(comment))  # fmt: skip
    assert done.exit_code == 1, done.output
    assert list((repo.root / "replies").glob("*.md")) == []
    [note] = gh.comments.values()
    assert "301/300" in note["body"] and "bluesky/length" in note["body"]
    other = tmp_path / "other.txt"
    other.write_text("Danke, erledigt", "utf-8")
    assert "not a /reply" in run(gh, "reply", "--issue", str(number), "--author", "x",
                                 "--comment-file", str(other)).output  # fmt: skip

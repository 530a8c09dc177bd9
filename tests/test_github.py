"""`smmgen github comment|checklist` against a local server speaking GitHub's REST API.

The fake keeps comments and issues in memory and answers with the full
payloads GitHub documents, so github3.py parses them as it would in a workflow.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from werkzeug import Request, Response

from smmgen.github import keep_ticks
from smmgen.preview import MARKER
from tests.helpers.fake_github import (
    BOT,
    OWNER,
    REPO,
    TOKEN,
    FakeGitHub,
    body_file,
    ours,
    run,
    user,
)


def test_sticky_comment_created_once_then_edited(gh: FakeGitHub, tmp_path: Path) -> None:
    first = body_file(tmp_path, f"{MARKER}\n## smmgen preview\n\nfirst\n")
    result = run(gh, "comment", "--pr", "7", "--body-file", first)
    assert result.exit_code == 0, result.output
    assert result.stdout == "#7: preview comment created\n"
    assert [c["body"] for c in ours(gh)] == [f"{MARKER}\n## smmgen preview\n\nfirst"]

    second = body_file(tmp_path, f"{MARKER}\n## smmgen preview\n\nsecond\n")
    result = run(gh, "comment", "--pr", "7", "--body-file", second)
    assert result.stdout == "#7: preview comment updated\n"
    assert [c["body"] for c in ours(gh)] == [f"{MARKER}\n## smmgen preview\n\nsecond"]
    assert "POST /repos/bergwerk/social/issues/7/comments" in gh.log
    assert gh.log.count("POST /repos/bergwerk/social/issues/7/comments") == 1
    assert any(e.startswith("PATCH /repos/bergwerk/social/issues/comments/") for e in gh.log)

    # The same body again: nothing is written.
    gh.log.clear()
    assert run(gh, "comment", "--pr", "7", "--body-file", second).stdout.endswith("up to date\n")
    assert not [e for e in gh.log if not e.startswith("GET")]


def test_foreign_comments_with_the_marker_are_untouched(gh: FakeGitHub, tmp_path: Path) -> None:
    # Someone quoting our marker, on a server that pages 2 comments at a time.
    gh.page_size = 2
    stranger = user(gh.base, "mallory", 666)
    foreign = gh.comment(stranger, f"{MARKER}\nfake preview by someone else")
    for i in range(3):
        gh.comment(user(gh.base, "marie", 77), f"review remark {i}")
    mine = gh.comment(gh.me_user(), f"{MARKER}\nold")
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, "new text"))
    assert result.stdout == "#7: preview comment updated\n", result.output
    assert gh.comments[foreign]["body"] == f"{MARKER}\nfake preview by someone else"
    assert gh.comments[mine]["body"] == f"{MARKER}\nnew text"
    assert len(gh.comments) == 5
    # All three pages were read: our comment is on the last one.
    assert sum(e.startswith("GET /repos/bergwerk/social/issues/7/comments") for e in gh.log) == 3


def test_empty_body_deletes_our_comment_only(gh: FakeGitHub, tmp_path: Path) -> None:
    foreign = gh.comment(user(gh.base, "mallory", 666), f"{MARKER}\nnot yours")
    gh.comment(gh.me_user(), f"{MARKER}\nold preview")
    gh.comment(gh.me_user(), f"{MARKER}\nduplicate from a race")
    empty = body_file(tmp_path, "")
    result = run(gh, "comment", "--pr", "7", "--body-file", empty, "--delete-if-empty")
    assert result.stdout == "#7: no posts changed any more, preview comment deleted\n"
    assert list(gh.comments) == [foreign]
    result = run(gh, "comment", "--pr", "7", "--body-file", empty)
    assert result.stdout == "#7: no posts changed, nothing to comment\n"


def test_actions_token_comments_as_the_bot(gh: FakeGitHub, tmp_path: Path) -> None:
    gh.login = None  # GET /user → 403 "Resource not accessible by integration"
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, "hello"))
    assert result.exit_code == 0, result.output
    assert [c["user"]["login"] for c in gh.comments.values()] == [BOT]
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, "again"))
    assert result.stdout == "#7: preview comment updated\n"
    assert len(gh.comments) == 1


def test_stale_head_sha_is_skipped(gh: FakeGitHub, tmp_path: Path) -> None:
    preview = body_file(tmp_path, "x")
    result = run(gh, "comment", "--pr", "7", "--body-file", preview, "--head-sha", "b" * 40)
    assert result.exit_code == 0
    assert "no longer the head" in result.stdout
    assert gh.comments == {}
    result = run(gh, "comment", "--pr", "7", "--body-file", preview, "--head-sha", "a" * 40)
    assert result.stdout == "#7: preview comment created\n"


def test_forbidden_is_reported_clearly(gh: FakeGitHub, tmp_path: Path) -> None:
    gh.fail = [(403, {}, "Resource not accessible by integration")]
    f = body_file(tmp_path, "x")
    result = run(gh, "comment", "--pr", "7", "--body-file", f, "--author", "social-bot")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: GitHub refused reading pull request #7 (403: Resource not accessible by "
        "integration); the token needs `pull-requests: read`\n"
    )
    # A 403 on the write itself names the missing permission.
    gh.fail = []
    mine = gh.comment(gh.me_user(), f"{MARKER}\nold")
    del mine
    calls = len(gh.log)

    def refuse_patch(request: Request) -> Response:
        if request.method == "PATCH":
            return gh.json(403, {"message": "Resource not accessible by integration"})
        return gh.handle(request)

    gh.server.clear_all_handlers()
    gh.server.expect_request(re.compile(r"/api/v3/.*")).respond_with_handler(refuse_patch)
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, "new"))
    assert result.exit_code == 2
    assert "GitHub refused editing the preview comment on #7 (403:" in result.stderr
    assert "the token needs `pull-requests: write`" in result.stderr
    assert len(gh.log) > calls


def test_not_found_is_reported_clearly(gh: FakeGitHub, tmp_path: Path) -> None:
    result = run(gh, "comment", "--pr", "99", "--body-file", body_file(tmp_path, "x"))
    assert result.exit_code == 2
    assert "not found while reading pull request #99 (404)" in result.stderr
    assert "bergwerk/social" in result.stderr


def test_bad_token_and_missing_settings(gh: FakeGitHub, tmp_path: Path) -> None:
    f = body_file(tmp_path, "x")
    result = run(gh, "comment", "--pr", "7", "--body-file", f, env={"GITHUB_TOKEN": None})
    assert result.exit_code == 2
    assert "GITHUB_TOKEN is not set" in result.stderr
    result = run(gh, "comment", "--pr", "7", "--body-file", f, env={"GITHUB_REPOSITORY": "x"})
    assert result.exit_code == 2 and "OWNER/NAME" in result.stderr
    wrong = "ghp_wrongwrongwrong"
    result = run(gh, "comment", "--pr", "7", "--body-file", f, env={"GITHUB_TOKEN": wrong})
    assert result.exit_code == 2
    assert (
        "did not accept GITHUB_TOKEN" in result.stderr and "401: Bad credentials" in result.stderr
    )
    assert wrong not in result.output
    result = run(gh, "comment", "--pr", "abc", "--body-file", f)
    assert result.exit_code == 2


def test_rate_limit_short_wait_is_retried(gh: FakeGitHub, tmp_path: Path) -> None:
    # A secondary rate limit asking to retry right away, then a primary one already reset.
    gh.fail = [
        (403, {"Retry-After": "0"}, "You have exceeded a secondary rate limit."),
        (
            429,
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1000000000"},
            "API rate limit exceeded",
        ),
    ]
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, "x"))
    assert result.exit_code == 0, result.output
    assert len(ours(gh)) == 1


def test_rate_limit_long_wait_fails_clearly(gh: FakeGitHub, tmp_path: Path) -> None:
    gh.fail = [(403, {"Retry-After": "3600"}, "You have exceeded a secondary rate limit.")]
    result = run(gh, "comment", "--pr", "7", "--body-file", body_file(tmp_path, "x"))
    assert result.exit_code == 2
    assert "rate limit stopped reading the token's user" in result.stderr
    assert "lifts in 3600 s" in result.stderr and "run again later" in result.stderr
    assert gh.comments == {}


def test_checklist_issue_opened_updated_and_closed(
    gh: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Outside any content repository: English (this repository's example speaks German).
    monkeypatch.chdir(tmp_path)
    first = "Due now:\n\n- [ ] xing: content/a.md\n- [ ] xing: content/b.md\n"
    result = run(gh, "checklist", "--body-file", body_file(tmp_path, first))
    assert result.stdout == "opened the 'smmgen-manual' issue\n", result.output
    (number,) = gh.issues
    assert [x["name"] for x in gh.issues[number]["labels"]] == ["smmgen-manual"]
    # Someone published a.md by hand and ticked it; a new post became due.
    gh.issues[number]["body"] = first.replace("[ ] xing: content/a.md", "[x] xing: content/a.md")
    second = first + "- [ ] xing: content/c.md\n"
    assert run(gh, "checklist", "--body-file", body_file(tmp_path, second)).stdout == (
        "updated the 'smmgen-manual' issue\n"
    )
    assert (
        "- [x] xing: content/a.md\n- [ ] xing: content/b.md\n- [ ] xing: content/c.md"
        in (gh.issues[number]["body"])
    )
    assert len(gh.issues) == 1
    # Someone else's issue with the label is left alone; ours closes when nothing is due.
    other = gh.issue(user(gh.base, "marie", 77), "My own list", "- [ ] x", ["smmgen-manual"])
    result = run(gh, "checklist", "--body-file", body_file(tmp_path, ""))
    assert result.stdout == "nothing to post by hand: closed the 'smmgen-manual' issue\n"
    assert gh.issues[number]["state"] == "closed"
    assert gh.issues[other]["state"] == "open"


def test_keep_ticks() -> None:
    old = "- [x] one\n- [ ] two\n* [X] three\n"
    assert keep_ticks(old, "- [ ] one\n- [ ] two\n- [ ] four\n") == (
        "- [x] one\n- [ ] two\n- [ ] four\n"
    )


MANUAL_SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  xing:
    network: manual
    platform: XING
    max_length: 3000
    url: https://www.xing.com/pages/example
"""


def test_checklist_from_the_plan(gh: FakeGitHub, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "content").mkdir(parents=True)
    (root / "schedule.yaml").write_text(MANUAL_SCHEDULE, "utf-8")
    (root / "content/fair.md").write_text(
        "---\npublish_at: 2027-01-11 09:30\nnetworks: [xing]\nvariants:\n  xing:\n"
        "    body: 'See you at the fair, hall B. ```code``` </details>'\n---\nbody\n",
        "utf-8",
    )
    args = ("checklist", "--root", str(root), "--at")
    result = run(gh, *args, "2027-01-11 08:00")  # not due yet: nothing to open
    assert result.stdout == "nothing to post by hand\n", result.output
    assert gh.issues == {}
    result = run(gh, *args, "2027-01-11 10:00")
    assert result.stdout == "opened the 'smmgen-manual' issue\n", result.output
    (issue,) = gh.issues.values()
    body = issue["body"]
    assert "- [ ] XING (xing): ` content/fair.md `, due 2027-01-11 09:30 Europe/Berlin" in body
    assert "  ````text\n  See you at the fair, hall B. ```code``` </details>\n  ````" in body
    assert "smmgen mark-published fair --account xing --url URL --commit" in body


def test_rate_limit_waits_until_the_reset(gh: FakeGitHub) -> None:
    """A primary limit resetting in 30 s: one wait of 31 s (fixed clock), then success."""
    from smmgen.github import Client, Settings

    waits: list[float] = []
    gh.fail = [
        (
            403,
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1000000030"},
            "API rate limit exceeded for installation.",
        )
    ]
    client = Client(
        Settings(TOKEN, OWNER, REPO, gh.base),
        sleep=waits.append,
        clock=lambda: 1_000_000_000.0,
    )
    assert client.upsert_comment(7, "hello", author="social-bot") == "created"
    assert waits == [31.0]
    assert OWNER in repr(client.settings) and TOKEN not in repr(client.settings)


def test_a_body_file_that_is_a_link_is_refused(
    gh: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The artifact is a pull request's: a link in it must not leak the job's token (review I1)."""
    monkeypatch.chdir(tmp_path)  # outside this repository, whose example speaks German
    fake_token = "ghs_FAKEtokenFROMtheRUNNERenvironment0000"
    target = tmp_path / "environ"
    target.write_text(f"GITHUB_TOKEN={fake_token}\n", "utf-8")
    link = tmp_path / "preview.md"
    link.symlink_to(target)
    for args in (("comment", "--pr", "7"), ("checklist",)):
        result = run(gh, *args, "--body-file", str(link))
        assert result.exit_code == 2, result.output
        assert "is a symbolic link; the body must be an ordinary file" in result.output
        assert fake_token not in result.output
    assert fake_token not in json.dumps(gh.comments)
    assert not [e for e in gh.log if not e.startswith("GET")]  # nothing was written
    os.mkfifo(tmp_path / "pipe.md")  # not waited for
    result = run(gh, "comment", "--pr", "7", "--body-file", str(tmp_path / "pipe.md"))
    assert result.exit_code == 2 and "not an ordinary file" in result.output

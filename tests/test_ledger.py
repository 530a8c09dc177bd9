"""The ledger: torn lines, union merges, folding events; the git compare-and-swap; redaction."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from smmgen import gitstate
from smmgen.ledger import Ledger, Record, fold, key_of, parse, union
from smmgen.model import MediaRef
from smmgen.render import Rendered
from smmgen.secrets import Redactor
from tests.helpers.publishing import commit_all, git


def rec(event: str, run: str = "r1", post: str = "p", **extra: str | bool) -> Record:
    return Record(post, "chat", "k1", event, "2026-12-02T10:00:00+00:00", run, **extra)  # type: ignore[arg-type]


def test_torn_last_line_is_skipped_and_closed_before_the_next_append(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "state" / "published.jsonl")
    ledger.append([rec("claimed")])
    with ledger.path.open("a") as fh:
        fh.write('{"post": "p", "account": "chat", "ev')  # a crash mid-write
    assert [r.event for r in ledger.records()] == ["claimed"]
    ledger.append([rec("sent", remote_id="1")])
    assert [r.event for r in ledger.records()] == ["claimed", "sent"]
    assert ledger.text().endswith("\n")


def test_union_keeps_order_and_drops_duplicates() -> None:
    a = rec("claimed").line() + rec("sent").line()
    b = rec("claimed").line() + rec("claimed", run="r2", post="q").line()
    merged = union(a, b)
    assert [(r.post, r.event) for r in parse(merged)] == [
        ("p", "claimed"),
        ("p", "sent"),
        ("q", "claimed"),
    ]
    assert union(merged, a) == merged


def test_fold_claims_outcomes_and_failures() -> None:
    first_send = rec("sent", post="sent", remote_id="9")
    open_claim = rec("claimed", post="open")
    other_claim = rec("claimed", post="other-run")
    last_failure = rec("failed", post="failed", error="HTTP 503")
    states = fold(
        [
            rec("claimed", post="sent"),
            first_send,
            # A later duplicate send (a resend) and a stale claim change nothing: the first
            # send is the post's record, and no claim reopens a published post.
            rec("sent", run="r2", post="sent", remote_id="10"),
            rec("claimed", run="r3", post="sent"),
            open_claim,
            rec("claimed", post="failed"),
            rec("failed", post="failed", error="HTTP 400"),
            last_failure,
            other_claim,
            rec("failed", run="r2", post="other-run"),
        ]
    )
    assert states[("sent", "chat")].published == first_send
    assert states[("sent", "chat")].claim is None
    assert len(states[("sent", "chat")].events) == 4
    assert states[("open", "chat")].claim == open_claim
    assert states[("open", "chat")].published is None and states[("open", "chat")].failed is None
    assert states[("failed", "chat")].claim is None
    assert states[("failed", "chat")].failed == last_failure
    assert states[("failed", "chat")].published is None
    assert states[("other-run", "chat")].claim == other_claim  # r2's failure does not settle r1


def test_lines_with_an_unknown_event_kind_are_skipped() -> None:
    good = rec("sent", remote_id="1").line()
    foreign = good.replace('"event": "sent"', '"event": "deleted"')
    assert [r.event for r in parse(foreign + good)] == ["sent"]


def test_swap_is_a_compare_and_swap_on_the_state_branch(tmp_path: Path) -> None:
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(tmp_path, "init", "-q", "-b", "main", str(work))
    (work / "schedule.yaml").write_text("timezone: UTC\n")
    commit_all(work, "init", "2026-12-01T00:00:00+00:00")
    git(work, "remote", "add", "origin", str(origin))
    git(work, "push", "-q", "origin", "main")

    assert gitstate.fetch(work) is None
    assert gitstate.swap(work, None, "state/published.jsonl", "a\n", "one")
    assert not gitstate.swap(work, None, "state/published.jsonl", "b\n", "stale parent")
    head = gitstate.fetch(work)
    assert gitstate.read(work, head, "state/published.jsonl") == "a\n"
    assert gitstate.swap(work, head, "state/published.jsonl", "a\nc\n", "two")
    assert not gitstate.swap(work, head, "state/published.jsonl", "a\nd\n", "lost race")
    assert gitstate.read(work, gitstate.fetch(work), "state/published.jsonl") == "a\nc\n"
    # The default branch and the working tree are untouched.
    assert git(work, "log", "--format=%s", "main").strip() == "init"
    assert git(work, "status", "--porcelain").strip() == ""
    assert not (work / "state").exists()


def test_swap_without_remote_uses_the_local_branch(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "f").write_text("x")
    commit_all(tmp_path, "init", "2026-12-01T00:00:00+00:00")
    assert gitstate.swap(tmp_path, None, "state/published.jsonl", "a\n", "one")
    assert not gitstate.swap(tmp_path, None, "state/published.jsonl", "b\n", "stale")
    head = gitstate.fetch(tmp_path)
    assert gitstate.known_copies(tmp_path, "state/published.jsonl") == ["a\n"]
    assert head is not None


def test_added_times_from_git(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "ä b.md").write_text("x")
    commit_all(tmp_path, "one", "2026-12-01T10:00:00+00:00")
    (tmp_path / "content" / "two.md").write_text("x")
    (tmp_path / "content" / "ä b.md").write_text("changed")
    commit_all(tmp_path, "two", "2026-12-02T10:00:00+00:00")
    times = {k: v.isoformat() for k, v in gitstate.added_times(tmp_path).items()}
    assert times == {
        "content/ä b.md": "2026-12-01T10:00:00+00:00",
        "content/two.md": "2026-12-02T10:00:00+00:00",
    }


def test_redactor_masks_values_encodings_and_url_parts() -> None:
    url = "https://discord.com/api/webhooks/123/abcDEFghiJKLmnoPQR"
    redact = Redactor([url, "tok3n-value"])
    assert redact(f"POST {url}?wait=true failed") == "POST ***?wait=true failed"
    assert redact("path /api/webhooks/123/abcDEFghiJKLmnoPQR") == "path /api/webhooks/123/***"
    assert redact("x tok3n-value y") == "x *** y"
    assert Redactor(["a b/c"])("sent a%20b%2Fc") == "sent ***"


def test_a_language_changes_the_content_key_only_when_set() -> None:
    from smmgen.ledger import content_key, key_of
    from smmgen.render import Rendered

    base = Rendered(
        post_id="2026/launch",
        account="masto",
        network="mastodon",
        text="Hallo",
        parts=("Hallo",),
        media=(),
        link="https://example.com",
        content_warning=None,
        line=6,
        from_variant=False,
    )
    # Keys recorded before posts had a language stay valid: nothing looks edited.
    old = {"parts": ["Hallo"], "media": [], "link": "https://example.com", "content_warning": None}
    assert key_of(base) == content_key("2026/launch", "masto", old)
    english = Rendered(**{**base.__dict__, "language": "en"})
    assert key_of(english) != key_of(base)


def test_an_uncertain_outcome_keeps_the_post_open_and_old_lines_still_read() -> None:
    from smmgen.ledger import ClaimState
    from smmgen.shared_ledger import claim_state

    old = '{"account": "chat", "at": "2026-12-02T10:00:00+00:00", "event": "claimed", '
    old += '"host": "ci", "key": "k1", "pid": 7, "post": "p", "run": "r1"}\n'
    new = rec("uncertain", error="timed out", url="https://x.example/1")
    text = old + new.line().replace('"url"', '"parts": ["1", "2"], "url"')
    [claim, uncertain] = parse(text)
    assert claim.parts is None and claim.checkout is None  # written before these fields
    assert uncertain.parts == ("1", "2")
    status = fold(parse(text))[("p", "chat")]
    assert status.claim == uncertain and status.published is None
    assert claim_state(uncertain) == ClaimState.UNCERTAIN
    # A later sent settles it; a 'failed' of another run does not.
    assert fold(parse(text + rec("failed", run="r9").line()))[("p", "chat")].claim == uncertain
    assert fold(parse(text + rec("sent").line()))[("p", "chat")].claim is None


# A fixed rendered post and its content key. The key is in every ledger and is Mastodon's
# Idempotency-Key: if this value changes, every published post shows as "edited" after
# an upgrade. Change it only with a migration.
GOLDEN = Rendered(
    post_id="2026-12/adventswanderung",
    account="masto",
    network="mastodon",
    text="Teil 1\n\nTeil 2 ü",
    parts=("Teil 1", "Teil 2 ü"),
    media=(MediaRef("content/2026-12/gipfel.jpg", "Der Gipfel im Schnee", False, 5),),
    link="https://example.com/tour",
    content_warning=None,
    line=8,
    from_variant=False,
)


def test_the_content_key_of_a_fixed_post_never_changes() -> None:
    assert key_of(GOLDEN) == "fc882362e667b77253274f0ea881176e"
    assert key_of(replace(GOLDEN, language="de")) == "16b990cd784ed5536c74f340913fcbc3"
    # Where the text comes from and how it was counted are no content.
    assert key_of(replace(GOLDEN, line=1, from_variant=True, lengths=(6, 8))) == key_of(GOLDEN)


@pytest.mark.parametrize(
    "change",
    [
        {"media": (MediaRef("content/2026-12/gipfel.jpg", "Gipfel, verschneit", False, 5),)},
        {"media": (MediaRef("content/2026-12/tal.jpg", "Der Gipfel im Schnee", False, 5),)},
        {"media": ()},
        {"parts": ("Teil 1", "Teil 2 u")},
        {"link": "https://example.com/tour2"},
        {"content_warning": "Höhe"},
        {"post_id": "2026-12/andere"},
        {"account": "masto2"},
    ],
    ids=["alt", "image", "no-image", "text", "link", "warning", "post", "account"],
)
def test_the_content_key_changes_with_what_is_sent(change: dict[str, object]) -> None:
    assert key_of(replace(GOLDEN, **change)) != key_of(GOLDEN)  # type: ignore[arg-type]


def test_appends_add_exactly_their_lines_and_leave_no_file_open(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "state" / "published.jsonl")
    fds = len(os.listdir("/proc/self/fd"))
    ledger.append([rec("claimed")])
    ledger.append([rec("sent", remote_id="1")])
    assert ledger.text() == rec("claimed").line() + rec("sent", remote_id="1").line()
    ledger.replace(rec("manual", url="https://x/1").line())
    assert ledger.text() == rec("manual", url="https://x/1").line()
    assert len(os.listdir("/proc/self/fd")) == fds
    assert os.listdir(ledger.path.parent) == ["published.jsonl"]  # no temporary file left


def test_a_failed_replace_leaves_no_temporary_file(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "state" / "published.jsonl")
    ledger.path.mkdir(parents=True)  # a folder where the file should be: the rename fails
    with pytest.raises(OSError):
        ledger.replace(rec("claimed").line())
    assert os.listdir(ledger.path.parent) == ["published.jsonl"]


def test_the_merged_ledger_is_parsed_once_and_reads_the_same(tmp_path: Path) -> None:
    """read_known finds the bad lines and keeps what it parsed for records()."""
    from smmgen.shared_ledger import read_known

    good = [
        Record(f"p{i}", "bsky", f"k{i}", "sent", "2026-01-01T09:00:00+00:00", "r") for i in (1, 2)
    ]
    text = good[0].line() + '{"post": 3}\n' + good[1].line()
    (tmp_path / "state").mkdir()
    (tmp_path / "state/published.jsonl").write_text(text, "utf-8")
    known = read_known(tmp_path)
    assert [p.line for p in known.problems] == [2]
    assert len(known.memo) == 3  # every line, parsed while looking for problems
    assert known.records() == parse(text) == good

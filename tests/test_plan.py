"""`smmgen plan`: due, upcoming and held (with reasons), slot queues, late runs — fixed clocks."""

from __future__ import annotations

import pytest

from smmgen.ledger import LEDGER_FILE, Ledger, Record
from tests.helpers.content_repo import Repo
from tests.helpers.planning import ENV, plan, slot_times, states
from tests.helpers.publishing import NOON, SCHEDULE, commit_all, git, post_text, publishing


@pytest.fixture
def pub(repo: Repo) -> Repo:
    return publishing(repo)


def test_due_upcoming_and_every_held_reason(pub: Repo) -> None:
    pub.post("due", post_text("2026-12-02 09:00"))
    pub.post("late-ok", post_text("2026-12-02 06:30"))  # 5h30 late: within max_delay 6h
    pub.post("missed", post_text("2026-12-02 05:30"))  # 6h30 late
    pub.post("next", post_text("2026-12-03 09:00"))
    pub.post("draft", post_text("2026-12-02 09:00", status="draft"))
    pub.post("both", post_text("2026-12-02 09:00", networks="chat, chat2, xing"))
    pub.post("now", post_text("now"))  # not in git: due at the time asked about
    pub.post("broken", post_text("2026-12-02 09:00", body="x" * 2100))
    data = plan(pub, NOON)
    assert data["at"] == "2026-12-02T12:00:00+01:00"
    assert states(data, "chat") == {
        "due": ("due", None),
        "late-ok": ("due", None),
        "missed": ("held", "missed"),
        "next": ("upcoming", None),
        "draft": ("held", "draft"),
        "both": ("due", None),
        "now": ("due", None),
        "broken": ("held", "invalid"),
    }
    assert states(data, "chat2") == {"both": ("held", "credentials")}
    assert states(data, "xing") == {"both": ("due", None)}
    block = next(a for a in data["accounts"] if a["account"] == "chat2")
    assert "SMMGEN_TEST_DISCORD_2 is not set" in block["held"][0]["detail"]
    missed = next(a for a in data["accounts"] if a["account"] == "chat")["held"]
    assert any("smmgen publish --include-missed missed" in e["detail"] for e in missed)

    text = pub.run("plan", "--at", NOON, env=ENV).output
    assert "Plan at 2026-12-02 12:00 (Europe/Berlin)" in text
    assert "post by hand on XING (https://www.xing.com/pages/bergwerk): both" in text
    assert "    Hallo Berge." in text


def test_paused_holds_everything_due(pub: Repo) -> None:
    pub.write("schedule.yaml", "paused: true\n" + SCHEDULE)
    pub.post("due", post_text())
    pub.post("next", post_text("2026-12-03 09:00"))
    assert states(plan(pub, NOON), "chat") == {
        "due": ("held", "paused"),
        "next": ("upcoming", None),
    }


def test_blackout_holds_a_late_post_on_a_blackout_day(pub: Repo) -> None:
    pub.post("eve", post_text("2026-12-23 23:00"))
    assert states(plan(pub, "2026-12-24 01:00"), "chat") == {"eve": ("held", "blackout")}
    assert states(plan(pub, "2026-12-23 23:30"), "chat") == {"eve": ("due", None)}


def test_include_missed_publishes_anyway_in_a_dry_run(pub: Repo) -> None:
    pub.post("missed", post_text("2026-12-01 09:00"))
    args = ("publish", "--at", NOON, "--dry-run", "--only", "chat")
    assert "would send" not in pub.run(*args, env=ENV).output
    result = pub.run(*args, "--include-missed", "missed", env=ENV)
    assert "would send to chat: missed" in result.output


def test_publish_at_now_is_due_from_the_commit_that_added_it(pub: Repo) -> None:
    git(pub.root, "init", "-q", "-b", "main")
    pub.post("now", post_text("now"))
    commit_all(pub.root, "add", "2026-12-02T11:00:00+01:00")
    data = plan(pub, "2026-12-02 11:30")
    block = next(a for a in data["accounts"] if a["account"] == "chat")
    assert block["due"][0]["when"] == "2026-12-02T11:00:00+01:00"
    assert states(plan(pub, "2026-12-02 10:00"), "chat") == {"now": ("upcoming", None)}


def slot_post(name: str) -> str:
    return post_text(None, slot="morning")


def test_slot_queue_order_blackout_and_stability(pub: Repo) -> None:
    git(pub.root, "init", "-q", "-b", "main")
    pub.post("z-first", slot_post("z"))  # added first: first in the queue despite its name
    commit_all(pub.root, "first", "2026-11-30T08:00:00+01:00")
    pub.post("b-second", slot_post("b"))
    pub.post("a-second", slot_post("a"))  # same commit: by path
    commit_all(pub.root, "more", "2026-11-30T09:00:00+01:00")

    # Mon/Wed/Fri 09:30; 2026-11-30 is a Monday.
    first = slot_times(plan(pub, "2026-11-30 07:00"), "chat")
    assert first == {
        "z-first": "2026-11-30T09:30:00+01:00",
        "a-second": "2026-12-02T09:30:00+01:00",
        "b-second": "2026-12-04T09:30:00+01:00",
    }
    # Later runs, within max_delay of the first occurrence: nothing moves.
    assert slot_times(plan(pub, "2026-11-30 09:31"), "chat") == first
    assert slot_times(plan(pub, "2026-11-30 15:00"), "chat") == first

    # z-first went out (the ledger keeps its occurrence); the rest stay put.
    ledger = Ledger(pub.root / LEDGER_FILE)
    ledger.append(
        [
            Record(
                "z-first",
                "chat",
                "k",
                e,
                "2026-11-30T08:31:00+00:00",
                "r1",
                scheduled=first["z-first"],
            )
            for e in ("claimed", "sent")
        ]
    )
    later = plan(pub, "2026-12-01 12:00")
    assert slot_times(later, "chat") == first
    assert states(later, "chat")["z-first"] == ("held", "edited")  # key "k" is not its content

    # A post added now goes after the others; the blackout Friday 25th is skipped.
    pub.post("new", slot_post("n"))
    commit_all(pub.root, "new", "2026-12-21T08:00:00+01:00")
    times = slot_times(plan(pub, "2026-12-21 08:00"), "chat")
    # a- and b-second were never published: their occurrences passed beyond
    # max_delay, so they move on to the next free ones (Mon 21st, Wed 23rd).
    assert times["a-second"] == "2026-12-21T09:30:00+01:00"
    assert times["b-second"] == "2026-12-23T09:30:00+01:00"
    assert times["new"] == "2026-12-28T09:30:00+01:00"  # Fri 25th is in the blackout
    assert len(set(times.values())) == len(times)  # never two posts in one occurrence


def test_bad_at_is_a_usage_error(pub: Repo) -> None:
    result = pub.run("plan", "--at", "tomorrow", env=ENV)
    assert result.exit_code == 2 and "--at 'tomorrow' is not a time" in result.output


def test_every_missing_credential_is_named(pub: Repo) -> None:
    schedule = SCHEDULE.replace(
        "slots:",
        "  xacct:\n    network: x\n    api_key_env: SMMGEN_T_XK\n    api_secret_env: SMMGEN_T_XS\n"
        "    access_token_env: SMMGEN_T_XT\n    access_token_secret_env: SMMGEN_T_XTS\nslots:",
    )
    pub.write("schedule.yaml", schedule)
    pub.post("tweet", post_text("2026-12-02 09:00", networks="xacct"))
    env = {**ENV, "SMMGEN_T_XK": "k", "SMMGEN_T_XT": "t"}
    block = next(a for a in plan(pub, NOON, env)["accounts"] if a["account"] == "xacct")
    detail = block["held"][0]["detail"]
    assert detail == "environment variables SMMGEN_T_XS, SMMGEN_T_XTS are not set"


def _sent(pub: Repo, post: str, scheduled: str) -> None:
    """The ledger says ``post`` went out on chat at its slot occurrence ``scheduled``."""
    Ledger(pub.root / LEDGER_FILE).append(
        [
            Record(post, "chat", "k", e, "2026-11-30T08:31:00+00:00", "r1", scheduled=scheduled)
            for e in ("claimed", "sent")
        ]
    )


def test_a_used_slot_occurrence_is_never_given_to_the_next_post(pub: Repo) -> None:
    git(pub.root, "init", "-q", "-b", "main")
    pub.post("a", slot_post("a"))
    commit_all(pub.root, "a", "2026-11-29T08:00:00+01:00")
    pub.post("b", slot_post("b"))
    commit_all(pub.root, "b", "2026-11-29T09:00:00+01:00")
    # Monday 09:30 went to a; half an hour later (well within max_delay) b stays on Wednesday.
    _sent(pub, "a", "2026-11-30T09:30:00+01:00")
    data = plan(pub, "2026-11-30 10:00")
    assert slot_times(data, "chat") == {
        "a": "2026-11-30T09:30:00+01:00",
        "b": "2026-12-02T09:30:00+01:00",
    }
    assert states(data, "chat")["b"] == ("upcoming", None)


def test_a_slot_post_never_takes_an_occurrence_from_before_it_was_added(pub: Repo) -> None:
    git(pub.root, "init", "-q", "-b", "main")
    pub.post("late-add", slot_post("l"))
    commit_all(pub.root, "add", "2026-11-30T11:00:00+01:00")  # Monday, after 09:30
    data = plan(pub, "2026-11-30 11:30")
    assert slot_times(data, "chat") == {"late-add": "2026-12-02T09:30:00+01:00"}
    assert states(data, "chat") == {"late-add": ("upcoming", None)}


def test_a_draft_slot_post_takes_no_occurrence(pub: Repo) -> None:
    git(pub.root, "init", "-q", "-b", "main")
    pub.post("draft", post_text(None, slot="morning", status="draft"))  # first in the queue
    commit_all(pub.root, "draft", "2026-11-29T08:00:00+01:00")
    pub.post("ready", slot_post("r"))
    commit_all(pub.root, "ready", "2026-11-29T09:00:00+01:00")
    times = slot_times(plan(pub, "2026-11-30 07:00"), "chat")
    assert times["ready"] == "2026-11-30T09:30:00+01:00"
    assert times.get("draft") is None


def test_exactly_max_delay_late_is_still_due_a_minute_more_is_missed(pub: Repo) -> None:
    pub.post("p", post_text("2026-12-02 06:00"))
    assert states(plan(pub, NOON), "chat") == {"p": ("due", None)}  # 6h late: max_delay 6h
    assert states(plan(pub, "2026-12-02 12:01"), "chat") == {"p": ("held", "missed")}


def test_a_slot_occurrence_exactly_max_delay_ago_is_still_due(pub: Repo) -> None:
    git(pub.root, "init", "-q", "-b", "main")
    pub.post("s", slot_post("s"))
    commit_all(pub.root, "s", "2026-11-29T08:00:00+01:00")
    data = plan(pub, "2026-11-30 15:30")  # Monday 09:30 + 6h
    assert slot_times(data, "chat") == {"s": "2026-11-30T09:30:00+01:00"}
    assert states(data, "chat") == {"s": ("due", None)}


def test_how_late_a_missed_post_is_reads_in_days_hours_and_minutes(pub: Repo) -> None:
    pub.post("m-6h30", post_text("2026-12-02 05:30"))
    pub.post("m-7h", post_text("2026-12-02 05:00"))
    pub.post("m-47h", post_text("2026-11-30 13:00"))
    pub.post("m-3d", post_text("2026-11-29 11:00"))
    held = next(a for a in plan(pub, NOON)["accounts"] if a["account"] == "chat")["held"]
    details = {e["post"]: e["detail"] for e in held}
    late = {post: detail.split(" late,")[0] for post, detail in details.items()}
    assert late == {"m-6h30": "6h30m", "m-7h": "7h", "m-47h": "47h", "m-3d": "3d"}
    assert details["m-7h"] == (
        "7h late, more than max_delay 6h; to publish anyway: smmgen publish --include-missed m-7h"
    )


def test_a_published_post_keeps_its_time_in_the_plan(pub: Repo) -> None:
    pub.post("p", post_text("2026-12-02 09:00"))
    Ledger(pub.root / LEDGER_FILE).append(
        [Record("p", "chat", "k", "sent", "2026-12-02T08:00:05+00:00", "r1", remote_id="1")]
    )
    block = next(a for a in plan(pub, NOON)["accounts"] if a["account"] == "chat")
    assert [(e["post"], e["reason"], e["when"]) for e in block["held"]] == [
        ("p", "edited", "2026-12-02T09:00:00+01:00")
    ]

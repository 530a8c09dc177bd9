"""`smmgen plan`: where slot posts go around fixed-time posts (min_gap), what the plan
says about a moved post, the order of each list, min_gap warnings, and the planning horizon.
"""

from __future__ import annotations

from typing import Any

from tests.helpers.content_repo import Repo
from tests.helpers.planning import plan, slot_times, states
from tests.helpers.publishing import commit_all, git, post_text

# Two slot times a day, so one day can show a skipped occurrence and the taken one.
SCHEDULE = """\
timezone: Europe/Berlin
min_gap: 1h
accounts:
  chat:
    network: discord
    webhook_env: SMMGEN_TEST_DISCORD
slots:
  morning:
    days: [mon, wed, fri]
    times: ["09:30", "11:00"]
    accounts: [chat]
"""
ENV = {"SMMGEN_TEST_DISCORD": "https://discord.invalid/api/webhooks/1/x"}


def entry(data: dict[str, Any], post: str) -> dict[str, Any]:
    """The plan entry of ``post`` on chat, with its state."""
    [block] = [a for a in data["accounts"] if a["account"] == "chat"]
    return next(
        e | {"state": s} for s in ("due", "upcoming", "held") for e in block[s] if e["post"] == post
    )


def around_fixed_posts(repo: Repo) -> None:
    """Two slot posts and the fixed-time posts they must keep min_gap (1h) from.

    2026-12-02 is a Wednesday, 2026-12-04 a Friday.
    """
    git(repo.root, "init", "-q", "-b", "main")
    repo.write("schedule.yaml", SCHEDULE)
    repo.post("a-fixed", post_text("2026-12-02 09:00"))  # 30 min before Wed 09:30
    repo.post("b-slot", post_text(None, slot="morning"))
    repo.post("c-fixed", post_text("2026-12-02 12:00"))  # exactly 1h after Wed 11:00
    repo.post("f-fixed", post_text("2026-12-04 09:50"))  # 20 min after Fri 09:30
    commit_all(repo.root, "first", "2026-11-29T08:00:00+01:00")
    repo.post("z-slot", post_text(None, slot="morning"))  # added later: second in the queue
    commit_all(repo.root, "second", "2026-11-29T09:00:00+01:00")


def test_a_slot_post_skips_occurrences_within_min_gap_of_a_fixed_post_and_says_so(
    repo: Repo,
) -> None:
    around_fixed_posts(repo)
    data = plan(repo, "2026-12-02 08:00", ENV)
    assert slot_times(data, "chat") == {
        "b-slot": "2026-12-02T11:00:00+01:00",  # a fixed post exactly min_gap away is fine
        "z-slot": "2026-12-04T11:00:00+01:00",
    }
    assert entry(data, "b-slot")["state"] == "upcoming"
    assert entry(data, "b-slot")["detail"] == (
        "slot morning at 2026-12-02 11:00 (2026-12-02 09:30 is taken by a-fixed)"
    )
    # Each post names only the occurrences it skipped itself.
    assert entry(data, "z-slot")["detail"] == (
        "slot morning at 2026-12-04 11:00 (2026-12-04 09:30 is taken by f-fixed)"
    )
    assert data["warnings"] == []  # b-slot and c-fixed are exactly min_gap apart

    due = entry(plan(repo, "2026-12-02 11:05", ENV), "b-slot")
    assert (due["state"], due["detail"]) == (
        "due",
        "slot morning at 2026-12-02 11:00 (2026-12-02 09:30 is taken by a-fixed)",
    )
    # A held post says why it is held, not where its slot went.
    repo.write("schedule.yaml", "paused: true\n" + SCHEDULE)
    held = entry(plan(repo, "2026-12-02 11:05", ENV), "b-slot")
    assert (held["state"], held["reason"], held["detail"]) == (
        "held",
        "paused",
        "schedule.yaml has paused: true",
    )


def test_with_min_gap_0_only_a_fixed_post_at_the_same_minute_blocks_an_occurrence(
    repo: Repo,
) -> None:
    git(repo.root, "init", "-q", "-b", "main")
    repo.write("schedule.yaml", SCHEDULE.replace("min_gap: 1h", "min_gap: 0m"))
    repo.post("a-fixed", post_text("2026-12-02 09:30"))
    repo.post("b-slot", post_text(None, slot="morning"))
    repo.post("c-fixed", post_text("2026-12-02 11:01"))
    commit_all(repo.root, "all", "2026-11-29T08:00:00+01:00")
    data = plan(repo, "2026-12-02 08:00", ENV)
    assert slot_times(data, "chat") == {"b-slot": "2026-12-02T11:00:00+01:00"}
    assert entry(data, "b-slot")["detail"] == (
        "slot morning at 2026-12-02 11:00 (2026-12-02 09:30 is taken by a-fixed)"
    )


def test_posts_closer_than_min_gap_are_warned_about_once_per_pair(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE)
    repo.post("p1", post_text("2026-12-03 10:00"))
    repo.post("p2", post_text("2026-12-03 10:59"))
    repo.post("p3", post_text("2026-12-03 11:59"))  # exactly 1h after p2
    repo.post("p4", post_text("2026-12-03 12:10", status="draft"))  # not going out
    repo.post("p5", post_text("2026-12-02 09:00"))  # due, 1 day before p1
    data = plan(repo, "2026-12-02 12:00", ENV)
    assert data["warnings"] == [
        "chat: p2 at 2026-12-03 10:59 is 59m after p1; min_gap is 1h",
    ]


def test_each_list_is_in_time_order_and_a_post_without_time_comes_last(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE)
    repo.post("a-late", post_text("2026-12-03 10:00"))
    repo.post("b-early", post_text("2026-12-03 09:00"))
    repo.post("c-early", post_text("2026-12-03 09:00"))
    repo.post("a-no-slot", post_text(None, slot="evening"))  # no such slot: no time
    repo.post("b-draft", post_text("2026-12-05 09:00", status="draft"))
    repo.post("c-draft", post_text("2026-12-04 09:00", status="draft"))
    [block] = plan(repo, "2026-12-02 12:00", ENV)["accounts"]
    assert [(e["post"], e["when"]) for e in block["upcoming"]] == [
        ("b-early", "2026-12-03T09:00:00+01:00"),
        ("c-early", "2026-12-03T09:00:00+01:00"),
        ("a-late", "2026-12-03T10:00:00+01:00"),
    ]
    assert [(e["post"], e["reason"]) for e in block["held"]] == [
        ("c-draft", "draft"),
        ("b-draft", "draft"),
        ("a-no-slot", "invalid"),
    ]


def test_a_time_with_an_offset_is_shown_in_the_plans_time_zone(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE)
    repo.post("utc", post_text("2026-12-03T08:00:00+00:00"))
    data = plan(repo, "2026-12-02 12:00", ENV)
    assert entry(data, "utc")["when"] == "2026-12-03T09:00:00+01:00"


def test_an_unknown_account_of_a_post_leaves_its_other_accounts_planned(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE)
    repo.post("p", post_text("2026-12-03 09:00", networks="nowhere, chat"))
    data = plan(repo, "2026-12-02 12:00", ENV)
    assert entry(data, "p")["when"] == "2026-12-03T09:00:00+01:00"


def test_slot_occurrences_are_looked_for_until_the_year_9990(repo: Repo) -> None:
    daily = SCHEDULE.replace("[mon, wed, fri]", "[mon, tue, wed, thu, fri, sat, sun]")
    repo.write("schedule.yaml", daily.replace('"09:30", "11:00"', '"13:00"'))
    repo.post("a", post_text(None, slot="morning"))
    repo.post("b", post_text(None, slot="morning"))
    data = plan(repo, "9989-12-31 12:00", ENV)
    assert entry(data, "a")["when"] == "9989-12-31T13:00:00+01:00"
    # No occurrence in 9990 or later (the years 9999+ overflow): b has no time.
    assert states(data, "chat")["b"] == ("held", "invalid")
    assert entry(data, "b")["detail"] == "no time: fix the post (smmgen check)"

"""Ledger records as they are read back: what a valid line is, what each invalid line is
reported as (file, line, what is wrong), and how retraction events fold into a post's status.
"""

from __future__ import annotations

import datetime as dt
import json

from smmgen.ledger import LEDGER_FILE, Record, fold, line_problems, parse
from tests.helpers.content_repo import Repo

AT = "2026-11-01T08:00:00+00:00"
SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  chat:
    network: discord
    webhook_env: SMMGEN_TEST_DISCORD
"""
BASE = {"post": "p", "account": "chat", "key": "k", "event": "claimed", "at": AT, "run": "r1"}


def jsonl(*lines: object) -> str:
    return "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)


def test_every_invalid_line_is_reported_with_its_line_and_the_valid_ones_still_count(
    repo: Repo,
) -> None:
    full = BASE | {
        "event": "sent",
        "remote_id": "1",
        "url": "https://d.example/1",
        "scheduled": "2026-11-01T09:30:00+01:00",
        "host": "h",
        "checkout": "c",
        "pid": 7,
        "attempt": True,
        "parts": ["1", "2"],
    }
    no_run = {k: v for k, v in BASE.items() if k != "run"}
    repo.write("schedule.yaml", SCHEDULE)
    repo.write(
        LEDGER_FILE,
        jsonl(
            full,  # 1
            [1, 2],
            None,
            no_run,
            BASE | {"run": 5},  # 5
            BASE | {"event": "deleted"},
            BASE | {"url": 5},
            BASE | {"pid": True},
            BASE | {"pid": "7"},
            BASE | {"attempt": "yes"},  # 10
            BASE | {"parts": "ab"},
            BASE | {"parts": [1]},
            BASE | {"at": "2026-11-01T08:00:00"},
            BASE | {"scheduled": "soon"},
            "",  # 15: an empty line is no record and no problem
            "not json: torn by a crash",
            BASE | {"post": "q", "url": None, "pid": None, "attempt": False},  # null: not set
        ),
    )
    result = repo.run("plan", "--at", "2026-11-02 12:00", "--format", "json")
    assert result.exit_code == 0, result.output

    events = "claimed, sent, failed, manual, uncertain, retracting, retracted, retract-failed"
    why = {
        2: "a JSON list, not an object",
        3: "a JSON null, not an object",
        4: "'run' must be a string, it is missing",
        5: "'run' must be a string",
        6: f"'event' must be one of {events}, not 'deleted'",
        7: "'url' must be a string",
        8: "'pid' must be a whole number",
        9: "'pid' must be a whole number",
        10: "'attempt' must be true or false",
        11: "'parts' must be a list of strings",
        12: "'parts' must be a list of strings",
        13: "'at' has no time zone: '2026-11-01T08:00:00' (write e.g. 2026-11-01T08:00:00+00:00)",
        14: "'scheduled' is not an ISO 8601 time: 'soon'",
    }
    assert result.stderr.splitlines() == [
        f"{LEDGER_FILE}:{n}:1: warning: ledger line skipped: {message}; fix or remove the line "
        "(every other line still counts) [ledger/invalid]"
        for n, message in why.items()
    ]

    read = parse((repo.root / LEDGER_FILE).read_text("utf-8"))
    assert read == [
        Record(
            "p",
            "chat",
            "k",
            "sent",
            AT,
            "r1",
            remote_id="1",
            url="https://d.example/1",
            scheduled="2026-11-01T09:30:00+01:00",
            host="h",
            pid=7,
            attempt=True,
            parts=("1", "2"),
            checkout="c",
        ),
        Record("q", "chat", "k", "claimed", AT, "r1", attempt=False),
    ]


def test_a_record_is_one_json_line_that_reads_back_as_itself() -> None:
    record = Record("p", "chat", "k", "uncertain", AT, "r1", error="Zeitüberschreitung")
    line = record.line()
    assert line == (
        '{"account": "chat", "at": "2026-11-01T08:00:00+00:00", "error": "Zeitüberschreitung", '
        '"event": "uncertain", "key": "k", "post": "p", "run": "r1"}\n'
    )
    assert parse(line) == [record]


def test_a_key_from_a_newer_version_is_passed_over_and_the_record_still_counts() -> None:
    text = jsonl(BASE | {"event": "sent", "remote_id": "1", "audience": "all"}, BASE)
    assert parse(text) == [
        Record("p", "chat", "k", "sent", AT, "r1", remote_id="1"),
        Record("p", "chat", "k", "claimed", AT, "r1"),
    ]
    assert line_problems(text, LEDGER_FILE) == []


def test_a_time_more_than_five_minutes_ahead_of_the_clock_is_reported() -> None:
    now = dt.datetime(2020, 1, 1, 12, 0, tzinfo=dt.UTC)
    text = jsonl(
        BASE | {"at": "2020-01-01T12:00:00+00:00"},  # now
        BASE | {"at": "2020-01-01T12:05:00+00:00"},  # within the allowed clock skew
        BASE | {"at": "2020-01-01T12:05:01+00:00"},
        "torn",
        BASE | {"at": "2020-01-01T13:05:01+01:00"},  # the same time in another zone
    )
    found = [(p.line, p.rule, p.message) for p in line_problems(text, "ledger.jsonl", now=now)]
    message = "'at' {} lies in the future; a claim with it is not taken for a run in progress"
    assert found == [
        (3, "ledger/future-time", message.format("2020-01-01T12:05:01+00:00")),
        (5, "ledger/future-time", message.format("2020-01-01T13:05:01+01:00")),
    ]


def test_lines_the_caller_has_seen_already_are_not_reported_again() -> None:
    first, second = jsonl(BASE | {"run": 1}), jsonl(BASE | {"pid": "x"})
    problems = line_problems(first + second, "ledger.jsonl", skip=lambda raw: raw + "\n" == first)
    assert [(p.path, p.line, p.rule) for p in problems] == [("ledger.jsonl", 2, "ledger/invalid")]
    assert [p.line for p in line_problems(first + second, "ledger.jsonl")] == [1, 2]


def rec(event: str, run: str = "r1", **extra: str) -> Record:
    return Record("p", "chat", "k1", event, AT, run, **extra)  # type: ignore[arg-type]


def test_a_retraction_is_under_way_only_for_a_published_post_until_its_run_gives_up() -> None:
    assert fold([rec("retracting")])[("p", "chat")].retracting is None  # nothing to take down
    sent, retracting = rec("sent", remote_id="1"), rec("retracting", run="r2", remote_id="1")
    status = fold([sent, retracting, rec("retract-failed", run="r3")])[("p", "chat")]
    assert status.retracting == retracting  # another run's failure does not end r2's attempt
    assert status.published == sent and status.retracted is None
    status = fold([sent, retracting, rec("retract-failed", run="r2")])[("p", "chat")]
    assert status.retracting is None and status.published == sent
    # A failure without a retraction under way (its claim line lost) changes nothing.
    status = fold([sent, rec("retract-failed", run="r2")])[("p", "chat")]
    assert status.retracting is None and status.published == sent


def test_a_retracted_post_stands_as_unpublished_and_may_be_sent_again() -> None:
    sent, retracting = rec("sent", remote_id="1"), rec("retracting", run="r2", remote_id="1")
    retracted = rec("retracted", run="r2", remote_id="1", reason="Tippfehler")
    status = fold([rec("claimed"), sent, retracting, retracted])[("p", "chat")]
    assert (status.published, status.claim, status.retracting) == (None, None, None)
    assert status.retracted == retracted
    assert [r.event for r in status.events] == ["claimed", "sent", "retracting", "retracted"]
    claim, again = rec("claimed", run="r3"), rec("sent", run="r3", remote_id="2")
    assert fold([sent, retracted, claim])[("p", "chat")].claim == claim
    assert fold([sent, retracted, claim, again])[("p", "chat")].published == again

"""A broken schedule.yaml: clear problems at the right line of schedule.yaml, never a traceback."""

from __future__ import annotations

import pytest

from tests.helpers.content_repo import SCHEDULE, Repo, one, where

# Line numbers in SCHEDULE (see conftest): timezone 1, accounts 3, bsky 4, its handle 6 and
# password_env 7, masto 8, slots 20, mornings 21, its times 23 and accounts 24, blackout 25.


def _schedule(repo: Repo, old: str, new: str) -> None:
    assert old in SCHEDULE
    repo.write("schedule.yaml", SCHEDULE.replace(old, new, 1))


def test_the_fixture_schedule_is_valid(repo: Repo) -> None:
    repo.post("a", "---\nslot: mornings\nnetworks: [bsky, masto]\n---\n\nHi\n")
    assert repo.check() == []


def test_bad_timezone_suggests_a_name(repo: Repo) -> None:
    _schedule(repo, "Europe/Berlin", "Europe/Berln")
    problems = repo.check()
    assert where(problems) == {("schedule.yaml", 1, "schedule/timezone")}
    assert problems[0]["column"] == 11
    assert problems[0]["message"] == (
        "'Europe/Berln' is not a time zone name; use an IANA name like Europe/Berlin; "
        "did you mean 'Europe/Berlin'?"
    )


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "../../etc/passwd", "", "UTC+2"])
def test_timezone_that_is_no_name(repo: Repo, tz: str) -> None:
    _schedule(repo, "timezone: Europe/Berlin", f'timezone: "{tz}"')
    assert where(repo.check()) == {("schedule.yaml", 1, "schedule/timezone")}


def test_schedule_problems_come_with_post_problems(repo: Repo) -> None:
    _schedule(repo, "Europe/Berlin", "Europe/Berln")
    repo.post("a", "no front matter\n")
    result = repo.run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("content/a.md:1:1: error: ")
    assert result.stdout.splitlines()[1].startswith("schedule.yaml:1:11: error: ")


def test_yaml_syntax_error_in_schedule(repo: Repo) -> None:
    _schedule(repo, "    handle: example.bsky.social", "    handle: example.bsky.social\n  bad")
    problems = repo.check()
    p = one(problems, "yaml/syntax")
    assert (p["path"], p["line"]) == ("schedule.yaml", 8)


def test_posts_are_still_read_when_the_schedule_is_broken(repo: Repo) -> None:
    repo.write("schedule.yaml", "timezone: [\n")
    repo.post("a", "---\npubish_at: now\nnetworks: [bsky]\n---\n\nHi\n")
    assert {(p["path"], p["rule"]) for p in repo.check()} == {
        ("schedule.yaml", "yaml/syntax"),
        ("content/a.md", "front-matter/unknown-key"),
        ("content/a.md", "front-matter/no-time"),
    }


@pytest.mark.parametrize(
    ("text", "what"),
    [("- a\n- b\n", "a list"), ("hello\n", "the text 'hello'"), ("", "nothing")],
    ids=["list", "string", "empty"],
)
def test_schedule_must_be_a_mapping(repo: Repo, text: str, what: str) -> None:
    repo.write("schedule.yaml", text)
    p = one(repo.check(), "schedule/not-mapping")
    assert (p["path"], p["line"]) == ("schedule.yaml", 1)
    assert p["message"].endswith(f"not {what}")


def test_unknown_key_suggests_the_right_one(repo: Repo) -> None:
    _schedule(repo, "blackout:", "blackouts:")
    p = one(repo.check(), "schedule/unknown-key")
    assert (p["path"], p["line"]) == ("schedule.yaml", 25)
    assert p["message"] == "unknown key 'blackouts' in schedule.yaml; did you mean 'blackout'?"


def test_missing_timezone(repo: Repo) -> None:
    _schedule(repo, "timezone: Europe/Berlin\n", "")
    p = one(repo.check(), "schedule/missing-key")
    assert p["path"] == "schedule.yaml"
    assert p["message"].startswith("schedule.yaml needs 'timezone'")


def test_unknown_network_suggests_one(repo: Repo) -> None:
    _schedule(repo, "network: bluesky", "network: blusky")
    problems = repo.check()
    p = one(problems, "schedule/unknown-network")
    assert (p["path"], p["line"]) == ("schedule.yaml", 5)
    assert "unknown network 'blusky'" in p["message"]
    assert "did you mean 'bluesky'?" in p["message"]


def test_account_without_a_required_setting(repo: Repo) -> None:
    _schedule(repo, "    handle: example.bsky.social\n", "")
    p = one(repo.check(), "schedule/missing-key")
    assert (p["path"], p["line"]) == ("schedule.yaml", 4)
    assert p["message"].startswith("account 'bsky' (Bluesky) needs 'handle'")


def test_secret_must_be_an_environment_variable_name(repo: Repo) -> None:
    _schedule(repo, "password_env: BLUESKY_APP_PASSWORD", "password_env: hunter2-abcd-efgh")
    p = one(repo.check(), "schedule/type")
    assert (p["path"], p["line"], p["column"]) == ("schedule.yaml", 7, 19)
    assert p["message"].startswith("'password_env' must be the NAME of an environment variable")


def test_unknown_account_setting_suggests_one(repo: Repo) -> None:
    _schedule(repo, "token_env: MASTODON_TOKEN", "token_evn: MASTODON_TOKEN")
    problems = repo.check()
    p = one(problems, "schedule/unknown-key")
    assert (p["path"], p["line"], p["column"]) == ("schedule.yaml", 11, 5)
    assert "did you mean 'token_env'?" in p["message"]


def test_duplicate_account_name(repo: Repo) -> None:
    _schedule(repo, "  li:\n", "  bsky:\n")
    assert where(repo.check()) == {("schedule.yaml", 12, "yaml/duplicate-key")}


def test_slot_with_an_unknown_account(repo: Repo) -> None:
    _schedule(repo, "accounts: [bsky, masto]", "accounts: [bsky, mastodon]")
    p = one(repo.check(), "schedule/unknown-account")
    assert (p["path"], p["line"], p["column"]) == ("schedule.yaml", 24, 22)
    assert "no account 'mastodon'" in p["message"]
    assert "did you mean 'masto'?" in p["message"]


def test_slot_days_and_times(repo: Repo) -> None:
    text = SCHEDULE.replace("days: [mon, wed, fri]", "days: [mon, wednesday, fry]")
    repo.write("schedule.yaml", text.replace('times: ["09:30"]', 'times: ["9.30"]'))
    problems = repo.check()
    assert where(problems) == {
        ("schedule.yaml", 22, "schedule/slot-day"),
        ("schedule.yaml", 23, "schedule/slot-time"),
    }
    assert "'fry' is not a weekday" in one(problems, "schedule/slot-day")["message"]


def test_unquoted_slot_time_is_read_as_a_time(repo: Repo) -> None:
    # YAML 1.1 would read 09:30 as the number 570; it must stay a time.
    _schedule(repo, 'times: ["09:30"]', "times: [09:30, 18:00]")
    repo.post("a", "---\nslot: mornings\nnetworks: [bsky]\n---\n\nHi\n")
    assert repo.check() == []


def test_blackout_problems(repo: Repo) -> None:
    _schedule(
        repo,
        "    reason: Christmas holidays\n",
        "    reason: Christmas holidays\n  - from: 2026-13-01\n    reason: Typo\n"
        "  - from: 2026-08-10\n    to: 2026-08-01\n    reason: Backwards\n"
        "  - from: 2026-05-01\n",
    )
    problems = repo.check()
    assert where(problems) == {
        ("schedule.yaml", 29, "schedule/blackout-date"),
        ("schedule.yaml", 31, "schedule/blackout-date"),
        ("schedule.yaml", 34, "schedule/missing-key"),
    }


def test_bad_max_delay(repo: Repo) -> None:
    _schedule(repo, "disclosure:", "max_delay: soon\ndisclosure:")
    p = one(repo.check(), "schedule/type")
    assert (p["path"], p["line"], p["column"]) == ("schedule.yaml", 2, 12)
    assert "6h, 90m or 1d" in p["message"]


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (SCHEDULE.encode().replace(b"Christmas", b"Wei\xdfnachten"), 28, 16),
        (b"\xef\xbb\xbf" + SCHEDULE.encode().replace(b"Europe/Berlin", b"Europe/Z\xfcrich"), 1, 19),
    ],
    ids=["latin-1", "bom-then-latin-1"],
)
def test_schedule_that_is_not_utf8(repo: Repo, data: bytes, line: int, column: int) -> None:
    repo.write("schedule.yaml", data)
    p = one(repo.check(), "file/encoding")
    assert (p["path"], p["line"], p["column"]) == ("schedule.yaml", line, column)
    assert "is not UTF-8" in p["message"]


def test_control_character_in_schedule(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE.replace("reason: Christmas", "reason: Fête\x00"))
    problems = repo.check()
    assert where(problems) == {("schedule.yaml", 28, "yaml/syntax")}
    assert problems[0]["column"] == 17
    assert problems[0]["message"] == (
        "YAML syntax error: control characters are not allowed (found U+0000)"
    )


def test_unsafe_tag_in_schedule(repo: Repo) -> None:
    _schedule(repo, "timezone: Europe/Berlin", 'timezone: !!python/object/apply:os.system ["id"]')
    assert where(repo.check()) == {("schedule.yaml", 1, "yaml/unsafe-tag")}


def test_unknown_account_in_a_post_lists_the_known_ones(repo: Repo) -> None:
    path = repo.post("a", "---\npublish_at: now\nnetworks: [bsky, tiktok]\n---\n\nHi\n")
    p = one(repo.check(), "post/unknown-account")
    assert (p["path"], p["line"], p["account"]) == (path, 3, "tiktok")
    assert "(accounts: bsky, masto, li, insta)" in p["message"]


def test_mastodon_limit_per_account(repo: Repo) -> None:
    _schedule(
        repo,
        "    token_env: MASTODON_TOKEN\n",
        "    token_env: MASTODON_TOKEN\n    max_characters: 1000\n",
    )
    repo.post("a", "---\npublish_at: now\nnetworks: [masto]\n---\n\n" + "word " * 180 + "\n")
    assert repo.check() == []
    _schedule(
        repo,
        "    token_env: MASTODON_TOKEN\n",
        "    token_env: MASTODON_TOKEN\n    max_characters: 0\n",
    )
    p = one(repo.check(), "schedule/type")
    assert (p["path"], p["line"]) == ("schedule.yaml", 12)

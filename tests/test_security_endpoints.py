"""Where secrets go: the hosts and variables in schedule.yaml (security review F3).

schedule.yaml decides which server gets each account's secret (``api_base``,
``instance``, ``service``) and which environment variable it is read from
(``*_env``). Plain http to another machine is refused by check and publish; a
host other than the network's usual one is a warning with file and line, and
the pull-request preview says when a change sends a secret somewhere new; the
CI runner's own variables (``GITHUB_TOKEN`` …) cannot be named.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from smmgen.ledger import LEDGER_FILE
from tests.helpers.content_repo import Repo, one, where
from tests.helpers.git_repo import commit

POST = "---\npublish_at: 2026-12-02 09:00\nnetworks: [{accounts}]\n---\n\nHallo Berge.\n"
NOON = "2026-12-02 12:00"


def schedule(repo: Repo, accounts: str) -> None:
    """schedule.yaml with ``accounts`` (indented YAML lines); accounts start on line 3."""
    repo.write("schedule.yaml", "timezone: Europe/Berlin\naccounts:\n" + accounts)


TELEGRAM = "  tg:\n    network: telegram\n    chat_id: '@chan'\n    token_env: TELEGRAM_TOKEN\n"
MASTODON = "  masto:\n    network: mastodon\n    token_env: MASTODON_TOKEN\n"


def publish(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    done = subprocess.run(
        [sys.executable, "-m", "smmgen", "publish", "--at", NOON],
        cwd=root,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


# ── plain http ──────────────────────────────────────────────────────────────

ENDPOINTS = [
    ("telegram", "api_base", "chat_id: '@chan'", "token_env", "Telegram token"),
    ("mastodon", "instance", "", "token_env", "Mastodon token"),
    ("bluesky", "service", "handle: a.bsky.social", "password_env", "Bluesky password"),
    ("linkedin", "api_base", "author_urn: urn:li:person:1", "token_env", "LinkedIn token"),
    ("facebook", "api_base", "page_id: '1'", "token_env", "Facebook token"),
    ("instagram", "api_base", "user_id: '1'", "token_env", "Instagram token"),
    ("threads", "api_base", "user_id: '1'", "token_env", "Threads token"),
]


@pytest.mark.parametrize(("network", "setting", "extra", "env", "secret"), ENDPOINTS)
def test_plain_http_to_another_machine_is_an_error(
    repo: Repo, network: str, setting: str, extra: str, env: str, secret: str
) -> None:
    lines = [f"network: {network}", f"{env}: SECRET_VAR", f"{setting}: http://api.example.org/"]
    if extra:
        lines.append(extra)
    schedule(repo, "  acct:\n" + "".join(f"    {line}\n" for line in lines))

    problems = repo.check()

    p = one(problems, "schedule/insecure-endpoint")
    assert (p["path"], p["line"], p["column"]) == ("schedule.yaml", 6, 5 + len(setting) + 2)
    assert p["severity"] == "error"
    assert f"the {secret} ($SECRET_VAR)" in p["message"]
    assert "api.example.org" in p["message"] and "https://" in p["message"]


def test_x_sends_all_four_secrets(repo: Repo) -> None:
    names = ("api_key", "api_secret", "access_token", "access_token_secret")
    lines = ["network: x", *(f"{n}_env: X_{n.upper()}" for n in names)]
    schedule(repo, "  x:\n" + "".join(f"    {line}\n" for line in lines))
    repo.write("schedule.yaml", repo.root.joinpath("schedule.yaml").read_text() + (
        "    api_base: http://api.example.org\n"))  # fmt: skip
    p = one(repo.check(), "schedule/insecure-endpoint")
    assert "($X_API_KEY)" in p["message"] and "($X_ACCESS_TOKEN_SECRET)" in p["message"]


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8080",
        "http://127.0.0.1:9/",
        "http://[::1]:8080/api",
        "HTTP://LOCALHOST:1",
    ],
)
def test_http_to_this_machine_is_allowed_for_tests(repo: Repo, url: str) -> None:
    schedule(repo, TELEGRAM + f"    api_base: {url}\n")
    problems = repo.check()
    assert where(problems) == {("schedule.yaml", 7, "schedule/custom-endpoint")}


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.2:8080",  # loopback, but not one of the three names
        "http://localhost.evil.example",
        "http://localhost@evil.example",  # the host is evil.example
        "http://evil.example\\@localhost",
        "https://user:pw@api.telegram.org",
        "ftp://api.telegram.org",
    ],
)
def test_lookalikes_of_this_machine_are_refused(repo: Repo, url: str) -> None:
    schedule(repo, TELEGRAM + f"    api_base: '{url}'\n")
    problems = repo.check()
    assert any(p["severity"] == "error" and p["line"] == 7 for p in problems), problems
    assert not any(p["rule"] == "schedule/custom-endpoint" for p in problems)


# ── hosts other than the usual one ───────────────────────────────────────────


def test_another_host_than_the_usual_is_a_warning_naming_the_secret(repo: Repo) -> None:
    schedule(repo, TELEGRAM + "    api_base: https://api.telegram.org.example.net/\n")
    [p] = repo.check()
    assert (p["path"], p["line"], p["rule"], p["severity"]) == (
        "schedule.yaml",
        7,
        "schedule/custom-endpoint",
        "warning",
    )
    assert p["message"] == (
        "account 'tg': this sends the Telegram token ($TELEGRAM_TOKEN) to "
        "api.telegram.org.example.net, not to Telegram's own api.telegram.org; "
        "remove 'api_base' unless you run this server"
    )


def test_usual_hosts_and_any_https_mastodon_instance_are_quiet(repo: Repo) -> None:
    schedule(
        repo,
        TELEGRAM
        + "    api_base: https://api.telegram.org\n"
        + MASTODON
        + "    instance: https://mastodon.socia1.net\n"
        + "  bsky:\n    network: bluesky\n    handle: a.bsky.social\n"
        + "    password_env: BLUESKY_APP_PASSWORD\n",
    )
    assert repo.check() == []


def test_mastodon_on_this_machine_is_a_warning(repo: Repo) -> None:
    schedule(repo, MASTODON + "    instance: http://127.0.0.1:8080\n")
    p = one(repo.check(), "schedule/custom-endpoint")
    assert p["line"] == 6 and "the Mastodon token ($MASTODON_TOKEN) to 127.0.0.1" in p["message"]


# ── environment variables ────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "name",
    ["GITHUB_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_RUNTIME_TOKEN", "RUNNER_TEMP",
     "INPUT_TOKEN",
     # git's push token in publish.yml's Publish step
     "PUSH_TOKEN", "GIT_CONFIG_VALUE_0"],
)  # fmt: skip
def test_the_runners_own_variables_cannot_be_named(repo: Repo, name: str) -> None:
    schedule(repo, TELEGRAM.replace("TELEGRAM_TOKEN", name))
    p = one(repo.check(), "schedule/reserved-env")
    assert (p["line"], p["column"], p["severity"]) == (6, 16, "error")
    assert name in p["message"] and "GITHUB_*" in p["message"]


def test_one_variable_for_two_networks_is_a_warning(repo: Repo) -> None:
    # The review's reproduction: a "Telegram" account reads the Mastodon token.
    schedule(
        repo,
        TELEGRAM.replace("TELEGRAM_TOKEN", "MASTODON_TOKEN")
        + "    api_base: http://127.0.0.1:18082\n"
        + MASTODON
        + "    instance: https://mastodon.social\n"
        + "  tg2:\n    network: telegram\n    chat_id: '@b'\n    token_env: MASTODON_TOKEN\n",
    )
    problems = repo.check()
    assert where(problems) == {
        ("schedule.yaml", 7, "schedule/custom-endpoint"),
        ("schedule.yaml", 10, "schedule/shared-env"),
    }
    shared = one(problems, "schedule/shared-env")
    assert "$MASTODON_TOKEN" in shared["message"] and "'tg'" in shared["message"]


# ── publish refuses ──────────────────────────────────────────────────────────


@pytest.fixture
def elsewhere() -> Iterator[HTTPServer]:
    """A server on 127.0.0.2: loopback, but not a name smmgen treats as this machine."""
    server = HTTPServer(host="127.0.0.2")
    server.start()
    yield server
    server.clear()
    server.stop()


def test_publish_sends_no_secret_over_plain_http(repo: Repo, elsewhere: HTTPServer) -> None:
    elsewhere.expect_request("/").respond_with_data("")  # never asked
    schedule(repo, TELEGRAM + f"    api_base: {elsewhere.url_for('/')}\n")
    repo.post("hello", POST.format(accounts="tg"))

    done = publish(repo.root, {"TELEGRAM_TOKEN": "1234:secret-token"})

    assert done.returncode == 2, done.stdout + done.stderr
    assert "schedule.yaml" in done.stderr
    assert elsewhere.log == []
    assert not (repo.root / LEDGER_FILE).exists()


def test_a_discord_webhook_over_plain_http_is_not_called(repo: Repo, elsewhere: HTTPServer) -> None:
    schedule(repo, "  chat:\n    network: discord\n    webhook_env: SMMGEN_TEST_HOOK\n")
    repo.post("hello", POST.format(accounts="chat"))
    url = elsewhere.url_for("/api/webhooks/1/token-abcdefghijklmnop")

    done = publish(repo.root, {"SMMGEN_TEST_HOOK": url})

    assert done.returncode == 1
    assert elsewhere.log == []
    assert "https://" in done.stdout + done.stderr
    assert "token-abcdefghijklmnop" not in done.stdout + done.stderr


# ── the pull-request preview ─────────────────────────────────────────────────


def preview_of(repo: Repo) -> str:
    result = repo.run("preview", "--changed-since", "main")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_preview_says_when_a_change_sends_a_secret_to_another_host(git_repo: Repo) -> None:
    text = (git_repo.root / "schedule.yaml").read_text()
    text = text.replace("https://mastodon.social", "https://mastodon.socia1.net")
    git_repo.write("schedule.yaml", text.replace("slots:\n", TELEGRAM
        + "    api_base: https://telegram-proxy.example\nslots:\n"))  # fmt: skip
    commit(git_repo)

    out = preview_of(git_repo)

    assert (
        "this change sends the Mastodon token ` $MASTODON_TOKEN ` to ` mastodon.socia1.net ` "
        "(was ` mastodon.social `)"
    ) in out
    assert (
        "this change sends the Telegram token ` $TELEGRAM_TOKEN ` to ` telegram-proxy.example ` "
        "(a new account), not to Telegram's own ` api.telegram.org `"
    ) in out
    head = out.split("###", 1)[0]  # prominent: before any post
    assert "mastodon.socia1.net" in head and "telegram-proxy.example" in head
    assert "[!WARNING]" in head


def test_preview_names_a_changed_variable(git_repo: Repo) -> None:
    text = (git_repo.root / "schedule.yaml").read_text()
    git_repo.write("schedule.yaml", text.replace("MASTODON_TOKEN", "BLUESKY_APP_PASSWORD"))
    commit(git_repo)
    out = preview_of(git_repo)
    assert "the Mastodon token ` $BLUESKY_APP_PASSWORD ` (was ` $MASTODON_TOKEN `)" in out


def test_preview_is_quiet_when_no_secret_moves(git_repo: Repo) -> None:
    text = (git_repo.root / "schedule.yaml").read_text()
    git_repo.write("schedule.yaml", text.replace("Christmas holidays", "Weihnachten"))
    git_repo.post("a", "---\npublish_at: 2026-12-02 17:00\nnetworks: [masto]\n---\nNeu.\n")
    commit(git_repo)
    out = preview_of(git_repo)
    assert "content/a.md" in out
    assert "this change sends" not in out and "[!WARNING]" not in out

"""What API servers answer reaches the publish log and the ledger masked, cut and on one line.

Reproductions of the security review's F9 (a secret echoed near the 300th
character left its prefix in the log and the ledger, because the text was cut
before it was masked) and F10 (server text with newlines injected GitHub
workflow commands such as ``::error`` and ``::stop-commands::`` into the log).
``smmgen publish`` runs as a real process against local fake servers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.adapters.http import MAX_DETAIL
from smmgen.ledger import LEDGER_FILE
from smmgen.secrets import Redactor
from tests.helpers.content_repo import Repo

MASTODON_SECRET = "MASTOsecretBBBB1234567890"
TELEGRAM_SECRET = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
POST = "---\npublish_at: 2026-12-02 09:00\nnetworks: [{account}]\n---\n\nHallo Berge.\n"
NOON = "2026-12-02 12:00"


def publish(root: Path, env: dict[str, str]) -> tuple[str, str]:
    """``smmgen publish`` as its own process: (everything it printed, the ledger's text)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    done = subprocess.run(
        [sys.executable, "-m", "smmgen", "publish", "--at", NOON],
        cwd=root,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = done.stdout + done.stderr
    assert "Traceback" not in out, out
    assert done.returncode == 1, out  # the send failed, and says so
    return out, (root / LEDGER_FILE).read_text("utf-8")


def prefixes(secret: str) -> list[str]:
    """Every prefix of ``secret`` long enough to narrow a guess (8 characters and more)."""
    return [secret[:n] for n in range(8, len(secret) + 1)]


# Where the cut at 300 characters falls inside the echoed secret: "Bearer " starts
# at padding + 7, so the secret starts at padding + 14.
@pytest.mark.parametrize("padding", [262, 270, 276, 279])
def test_a_secret_echoed_at_the_cut_leaves_no_prefix(
    repo: Repo, httpserver: HTTPServer, padding: int
) -> None:
    def refuse(request: Request) -> Response:
        text = "x" * padding + " token " + str(request.headers.get("Authorization"))
        return Response(json.dumps({"error": text}), 401, content_type="application/json")

    httpserver.expect_request("/api/v1/statuses", method="POST").respond_with_handler(refuse)
    repo.write(
        "schedule.yaml",
        "timezone: Europe/Berlin\naccounts:\n  masto:\n    network: mastodon\n"
        f"    instance: {httpserver.url_for('/')}\n    token_env: SMMGEN_TEST_MASTODON\n",
    )
    repo.post("hello", POST.format(account="masto"))

    out, ledger = publish(repo.root, {"SMMGEN_TEST_MASTODON": MASTODON_SECRET})

    assert "HTTP 401" in out and "$SMMGEN_TEST_MASTODON" in out
    assert "xxxxxxxx token" in ledger  # the server's text is kept, only the secret is not
    for prefix in prefixes(MASTODON_SECRET):
        assert prefix not in out
        assert prefix not in ledger


def test_a_telegram_error_echoing_the_url_leaves_no_prefix(
    repo: Repo, httpserver: HTTPServer
) -> None:
    def refuse(request: Request) -> Response:
        text = "y" * 280 + " for " + request.path  # /bot<token>/sendMessage
        body = {"ok": False, "error_code": 400, "description": text}
        return Response(json.dumps(body), 400, content_type="application/json")

    httpserver.expect_request(f"/bot{TELEGRAM_SECRET}/sendMessage").respond_with_handler(refuse)
    repo.write(
        "schedule.yaml",
        "timezone: Europe/Berlin\naccounts:\n  tg:\n    network: telegram\n"
        f"    chat_id: '@chan'\n    token_env: SMMGEN_TEST_TELEGRAM\n"
        f"    api_base: {httpserver.url_for('/')}\n",
    )
    repo.post("hello", POST.format(account="tg"))

    out, ledger = publish(repo.root, {"SMMGEN_TEST_TELEGRAM": TELEGRAM_SECRET})

    assert "HTTP 400" in out
    for prefix in prefixes(TELEGRAM_SECRET):
        assert prefix not in out
        assert prefix not in ledger


INJECTION = "\n::error title=Injected::x\n::stop-commands::y\r::warning::z\u2028::notice::w\x1b[2J"


def workflow_commands(out: str) -> list[str]:
    """Lines the Actions runner would read as workflow commands (it trims leading blanks)."""
    return [line for line in out.splitlines() if line.lstrip().startswith("::")]


def telegram(repo: Repo, httpserver: HTTPServer, answer: Response) -> tuple[str, str]:
    """Publish one post to a fake Telegram that gives ``answer`` to sendMessage."""
    httpserver.expect_request(f"/bot{TELEGRAM_SECRET}/sendMessage").respond_with_response(answer)
    repo.write(
        "schedule.yaml",
        "timezone: Europe/Berlin\naccounts:\n  tg:\n    network: telegram\n"
        f"    chat_id: '@chan'\n    token_env: SMMGEN_TEST_TELEGRAM\n"
        f"    api_base: {httpserver.url_for('/')}\n",
    )
    repo.post("hello", POST.format(account="tg"))
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    done = subprocess.run(
        [sys.executable, "-m", "smmgen", "publish", "--at", NOON],
        cwd=repo.root,
        env=clean | {"SMMGEN_TEST_TELEGRAM": TELEGRAM_SECRET},
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = done.stdout + done.stderr
    assert "Traceback" not in out, out
    return out, (repo.root / LEDGER_FILE).read_text("utf-8")


@pytest.mark.parametrize(
    ("status", "parameters"), [(429, {"retry_after": 0}), (400, {}), (500, {"retry_after": 0})]
)
def test_server_errors_cannot_inject_workflow_commands(
    repo: Repo, httpserver: HTTPServer, status: int, parameters: dict[str, int]
) -> None:
    body = {"ok": False, "error_code": status, "description": "Too Many Requests" + INJECTION}
    if parameters:
        body["parameters"] = parameters
    answer = Response(json.dumps(body), status, content_type="application/json")

    out, ledger = telegram(repo, httpserver, answer)

    assert workflow_commands(out) == []
    assert "\x1b" not in out and "\u2028" not in out
    assert f"HTTP {status}" in out and "Too Many Requests" in out
    # A 500 after the send may mean it went out: recorded as uncertain, not failed.
    errors = [r["error"] for r in map(json.loads, ledger.splitlines()) if "error" in r]
    assert errors and all("\n" not in e and "\x1b" not in e for e in errors)


def test_a_sent_message_link_cannot_inject_workflow_commands(
    repo: Repo, httpserver: HTTPServer
) -> None:
    chat = {"id": -1001, "type": "channel", "username": "chan" + INJECTION}
    body = {"ok": True, "result": {"message_id": 7, "chat": chat, "date": 1}}
    answer = Response(json.dumps(body), 200, content_type="application/json")

    out, _ = telegram(repo, httpserver, answer)

    assert "sent" in out
    assert workflow_commands(out) == []
    assert "\x1b" not in out and "\u2028" not in out


@given(
    secret=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-_", min_size=8, max_size=60),
    before=st.integers(min_value=0, max_value=320),
    after=st.text(alphabet="xyz \n", max_size=40),
)
def test_no_cut_leaves_a_start_of_a_secret(secret: str, before: int, after: str) -> None:
    text = Redactor([secret]).clip("a" * before + secret + after, MAX_DETAIL)
    assert len(text) <= MAX_DETAIL + 1  # the ellipsis
    assert not any(secret[:n] in text for n in range(8, len(secret) + 1))

"""Publishing test helpers: a git content repository, a local webhook that records posts,
the ledger's events."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.ledger import LEDGER_FILE, Ledger
from tests.helpers.adapter_calls import hang_up
from tests.helpers.content_repo import Repo

TOKEN = "s3cr3t-webhook-token-abcdefghijklmnop"


SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  chat:
    network: discord
    webhook_env: SMMGEN_TEST_DISCORD
    username: Bergwerk
  chat2:
    network: discord
    webhook_env: SMMGEN_TEST_DISCORD_2
  xing:
    network: manual
    platform: XING
    max_length: 3000
    url: https://www.xing.com/pages/bergwerk
slots:
  morning:
    days: [mon, wed, fri]
    times: ["09:30"]
    accounts: [chat, chat2, xing]
blackout:
  - from: 2026-12-24
    to: 2026-12-26
    reason: Christmas
"""


# 2026-12-02 is a Wednesday.
NOON = "2026-12-02 12:00"


def post_text(when: str | None = "2026-12-02 09:00", networks: str = "chat", **front: str) -> str:
    """A post file; ``when=None`` leaves publish_at out (for slot posts)."""
    body = front.pop("body", "Hallo Berge.")
    lines = [f"networks: [{networks}]"]
    if when is not None:
        lines.insert(0, f"publish_at: {when}")
    lines += [f"{k}: {v}" for k, v in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def git(root: Path, *args: str, date: str | None = None) -> str:
    """Run git in ``root``; ``date`` fixes the author and committer date."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    if date is not None:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def commit_all(root: Path, message: str, date: str) -> None:
    """Stage everything and commit at ``date`` (ISO 8601)."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)


class Webhook:
    """A Discord channel webhook on the local server: answers like Execute Webhook.

    The created message has ``channel_id`` but no ``guild_id`` (message object:
    https://discord.com/developers/docs/resources/message#message-object);
    ``GET`` on the webhook URL is "Get Webhook with Token", whose webhook object
    has ``guild_id`` (https://discord.com/developers/docs/resources/webhook#get-webhook-with-token).
    ``after_store`` lists faults for the next executions, applied *after* the
    message is stored, as a lost answer or a gateway error can come then:
    "hang-up" (no answer) or an HTTP status such as 502.
    """

    def __init__(
        self, server: HTTPServer, token: str = TOKEN, path: str = "/api/webhooks/1"
    ) -> None:
        self.server = server
        self.path = f"{path}/{token}"
        self.url = server.url_for(self.path)
        self.messages: list[dict[str, Any]] = []
        self.after_store: list[str | int] = []
        self._ids = itertools.count(1000)
        server.expect_request(self.path, method="POST").respond_with_handler(self.handle)
        server.expect_request(self.path, method="GET").respond_with_json(
            {"id": "1", "type": 1, "guild_id": "55", "channel_id": "77", "name": "Spidey Bot"}
        )

    def handle(self, request: Request) -> Response:
        assert request.args.get("wait") == "true", "wait=true is how we learn the message id"
        if request.mimetype == "multipart/form-data":
            payload = json.loads(request.form["payload_json"])
            payload["files"] = {k: (f.filename, f.read()) for k, f in request.files.items()}
        else:
            payload = request.get_json()
        message = {"id": str(next(self._ids)), "channel_id": "77", "webhook_id": "1", **payload}
        self.messages.append(message)
        if self.after_store:
            fault = self.after_store.pop(0)
            if fault == "hang-up":
                return hang_up(request)
            return Response("upstream error", status=int(fault))
        answer = {k: v for k, v in message.items() if k != "files"}
        return Response(json.dumps(answer), content_type="application/json")


def publishing(repo: Repo) -> Repo:
    """The shared repo fixture with the publishing schedule."""
    repo.write("schedule.yaml", SCHEDULE)
    return repo


def env_for(*hooks: Webhook) -> dict[str, str]:
    names = ["SMMGEN_TEST_DISCORD", "SMMGEN_TEST_DISCORD_2"]
    return {name: hook.url for name, hook in zip(names, hooks, strict=False)}


def publish_run(clone: Path, hook: Webhook) -> subprocess.Popen[str]:
    """Start ``smmgen publish --commit`` in ``clone`` as its own process, sending to ``hook``.

    Neither the caller's smmgen settings nor a surrounding GitHub Actions run
    (GITHUB_ACTIONS, GITHUB_TOKEN, GITHUB_RUN_ID) leak into the run.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    env |= {"SMMGEN_TEST_DISCORD": hook.url}
    return subprocess.Popen(
        [sys.executable, "-m", "smmgen", "publish", "--commit", "--at", NOON, "--only", "chat"],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def events(root: Path) -> list[tuple[str, str, str]]:
    return [(r.post, r.account, r.event) for r in Ledger(root / LEDGER_FILE).records()]


def publish(
    repo: Repo, hook: Webhook, *args: str, fault: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``smmgen publish`` as a real process (so SIGKILL really kills it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMMGEN_")}
    env |= {"SMMGEN_TEST_DISCORD": hook.url, "GITHUB_ACTIONS": ""}
    if fault is not None:
        env["SMMGEN_FAULT"] = fault
    return subprocess.run(
        [sys.executable, "-m", "smmgen", "publish", "--at", NOON, "--only", "chat", *args],
        cwd=repo.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def smmgen(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    return subprocess.run(
        [sys.executable, "-m", "smmgen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

"""`smmgen publish` through the real Discord adapter against a local webhook server.

Also holds the helpers the other publishing tests share: a test schedule with
two Discord accounts and a manual one, git with fixed commit dates, and a
fake Discord webhook that answers like the documented Execute Webhook.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Repo
from fake_apis import hang_up
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.ledger import LEDGER_FILE, Ledger

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


@pytest.fixture
def pub(repo: Repo) -> Repo:
    return publishing(repo)


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


def test_publishes_due_post_once_and_records_it(pub: Repo, httpserver: HTTPServer) -> None:
    hook = Webhook(httpserver)
    pub.post("a", post_text(body="Neue Tour **heute**!"))
    pub.post("later", post_text("2026-12-03 09:00"))
    env = {"SMMGEN_TEST_DISCORD": hook.url, "SMMGEN_TEST_DISCORD_2": ""}
    result = pub.run("publish", "--at", NOON, "--only", "chat", env=env)
    assert result.exit_code == 0, result.output
    assert len(hook.messages) == 1
    msg = hook.messages[0]
    assert msg["content"] == "Neue Tour heute!"
    assert msg["username"] == "Bergwerk"
    assert msg["allowed_mentions"] == {"parse": []}
    assert "https://discord.com/channels/55/77/1000" in result.output
    assert TOKEN not in result.output
    assert TOKEN not in (pub.root / LEDGER_FILE).read_text()
    # The batch claim, the claim as the send starts (attempt), the result.
    assert events(pub.root) == [("a", "chat", "claimed")] * 2 + [("a", "chat", "sent")]
    records = Ledger(pub.root / LEDGER_FILE).records()
    assert [r.attempt for r in records] == [None, True, None]
    sent = records[2]
    assert (sent.remote_id, sent.scheduled) == ("1000", "2026-12-02T09:00:00+01:00")
    assert sent.parts is None  # one message, no thread: no list of parts to retract

    again = pub.run("publish", "--at", "2026-12-02 12:30", "--only", "chat", env=env)
    assert again.exit_code == 0 and len(hook.messages) == 1, again.output
    plan = json.loads(pub.run("plan", "--at", NOON, "--format", "json", env=env).stdout)
    chat = next(a for a in plan["accounts"] if a["account"] == "chat")
    assert [(h["post"], h["reason"]) for h in chat["held"]] == [("a", "published")]


def test_missing_credentials_name_the_variable_and_others_still_publish(
    pub: Repo, httpserver: HTTPServer
) -> None:
    hook = Webhook(httpserver)
    pub.post("a", post_text(networks="chat, chat2"))
    result = pub.run("publish", "--at", NOON, env={"SMMGEN_TEST_DISCORD": hook.url})
    assert result.exit_code == 1
    assert len(hook.messages) == 1
    assert "SMMGEN_TEST_DISCORD_2 is not set" in result.output
    assert TOKEN not in result.output


def test_images_go_as_files_with_alt_text(pub: Repo, httpserver: HTTPServer) -> None:
    hook = Webhook(httpserver)
    pub.image("content/bild.png", (40, 30))
    pub.post(
        "a",
        post_text().replace(
            "networks: [chat]", "networks: [chat]\nmedia:\n  - path: bild.png\n    alt: Ein Gipfel"
        ),
    )
    result = pub.run("publish", "--at", NOON, "--only", "chat", env=env_for(hook))
    assert result.exit_code == 0, result.output
    msg = hook.messages[0]
    assert msg["attachments"] == [{"id": 0, "filename": "bild.png", "description": "Ein Gipfel"}]
    name, data = msg["files"]["files[0]"]
    assert name == "bild.png" and data == (pub.root / "content/bild.png").read_bytes()


def test_retries_honour_retry_after_then_give_up_and_exit_1(
    pub: Repo, httpserver: HTTPServer
) -> None:
    from smmgen.plan import parse_time
    from smmgen.publish import Options, Publisher, load

    path = f"/api/webhooks/1/{TOKEN}"
    limited = {"message": "You are being rate limited.", "retry_after": 1.5, "global": False}
    httpserver.expect_ordered_request(path, method="POST").respond_with_json(limited, status=429)
    httpserver.expect_ordered_request(path, method="POST").respond_with_data("", status=429)
    httpserver.expect_ordered_request(path, method="POST").respond_with_json(
        {"id": "9", "channel_id": "77"}
    )
    pub.post("a", post_text())
    ctx = load(pub.root)
    waits: list[float] = []
    lines: list[str] = []
    environ = {"SMMGEN_TEST_DISCORD": httpserver.url_for(path)}
    at = parse_time(NOON, "Europe/Berlin")
    assert at is not None
    options = Options(
        at, only=("chat",), environ=environ, sleep=waits.append, progress=lines.append
    )
    report = Publisher(ctx, options).execute()
    assert waits == [1.5, 4.0]  # the server's retry_after, then backoff (2 s, doubled)
    assert [o.result for o in report.outcomes] == ["sent"] and report.ok
    assert not any(TOKEN in line for line in lines)

    # A 400 is not retried; the failure is recorded and the run exits 1.
    httpserver.clear()
    httpserver.expect_request(path, method="POST").respond_with_json(
        {"message": f"Invalid Form Body {TOKEN}", "code": 50035}, status=400
    )
    pub.post("b", post_text())
    result = pub.run("publish", "--at", NOON, "--only", "chat", env=environ)
    assert result.exit_code == 1
    assert "failed" in result.output and "Invalid Form Body ***" in result.output
    assert TOKEN not in result.output
    assert TOKEN not in (pub.root / LEDGER_FILE).read_text()
    assert events(pub.root)[-1] == ("b", "chat", "failed")
    assert len(httpserver.log) == 1  # (clear() emptied the log) one try for b, none for a


def test_post_edited_after_publishing_is_reported_not_resent(
    pub: Repo, httpserver: HTTPServer
) -> None:
    hook = Webhook(httpserver)
    pub.post("a", post_text())
    assert pub.run("publish", "--at", NOON, "--only", "chat", env=env_for(hook)).exit_code == 0
    pub.post("a", post_text(body="Korrigierter Text."))
    result = pub.run("publish", "--at", NOON, "--only", "chat", env=env_for(hook))
    assert len(hook.messages) == 1
    assert "edited" in result.output and "not published again" in result.output


def test_dry_run_sends_and_records_nothing(pub: Repo, httpserver: HTTPServer) -> None:
    hook = Webhook(httpserver)
    pub.post("a", post_text(body="Probelauf."))
    result = pub.run("publish", "--at", NOON, "--dry-run", "--only", "chat", env=env_for(hook))
    assert result.exit_code == 0
    assert "would send to chat: a" in result.output and "Probelauf." in result.output
    assert hook.messages == [] and not (pub.root / LEDGER_FILE).exists()


def test_manual_account_checklist_and_mark_published(pub: Repo, httpserver: HTTPServer) -> None:
    hook = Webhook(httpserver)
    pub.post("a", post_text(networks="chat, xing", body="Von Hand zu posten."))
    result = pub.run("publish", "--at", NOON, env=env_for(hook, hook))
    assert result.exit_code == 0, result.output
    assert "post by hand on XING (https://www.xing.com/pages/bergwerk): a" in result.output
    assert "    Von Hand zu posten." in result.output
    assert "smmgen mark-published a --account xing --url" in result.output
    assert len(hook.messages) == 1  # chat only

    marked = pub.run("mark-published", "a", "--account", "xing", "--url", "https://xing.example/1")
    assert marked.exit_code == 0, marked.output
    assert events(pub.root)[-1] == ("a", "xing", "manual")
    again = pub.run("publish", "--at", NOON, env=env_for(hook, hook))
    assert "post by hand" not in again.output and len(hook.messages) == 1

    bad = pub.run("mark-published", "nope", "--account", "xing", "--url", "https://x.example")
    assert bad.exit_code == 2 and "no post 'nope'" in bad.output


def test_posts_with_check_errors_are_refused(pub: Repo, httpserver: HTTPServer) -> None:
    hook = Webhook(httpserver)
    pub.post("long", post_text(body="x" * 2100))
    result = pub.run("publish", "--at", NOON, "--only", "chat", env=env_for(hook))
    assert result.exit_code == 1
    assert "invalid" in result.output and hook.messages == []


def test_unreadable_post_files_do_not_stop_the_others(pub: Repo, httpserver: HTTPServer) -> None:
    hook = Webhook(httpserver)
    pub.post("fine", post_text(body="Alles gut."))
    (pub.root / "content/gone.md").symlink_to(pub.root / "nowhere.md")
    os.mkfifo(pub.root / "content/pipe.md")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    done = subprocess.run(
        [sys.executable, "-m", "smmgen", "publish", "--at", NOON, "--only", "chat"],
        cwd=pub.root,
        env=env | {"SMMGEN_TEST_DISCORD": hook.url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    # No traceback and no wait on the pipe: files without a readable post have no
    # time or accounts to plan (`smmgen check` reports them); the rest go out.
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stdout + done.stderr
    assert [m["content"] for m in hook.messages] == ["Alles gut."]


def test_images_go_with_their_media_type(pub: Repo, httpserver: HTTPServer) -> None:
    types: list[str | None] = []

    def handle(request: Request) -> Response:
        types.extend(f.content_type for f in request.files.values())
        body = {"id": "9", "channel_id": "77", "guild_id": "55"}
        return Response(json.dumps(body), content_type="application/json")

    path = f"/api/webhooks/1/{TOKEN}"
    httpserver.expect_request(path, method="POST").respond_with_handler(handle)
    pub.image("content/bild.png", (40, 30))
    pub.image("content/foto.jpg", (40, 30), "JPEG")
    media = "media:\n  - path: bild.png\n    alt: A\n  - path: foto.jpg\n    alt: B"
    pub.post("a", post_text().replace("networks: [chat]", "networks: [chat]\n" + media))
    env = {"SMMGEN_TEST_DISCORD": httpserver.url_for(path)}
    result = pub.run("publish", "--at", NOON, "--only", "chat", env=env)
    assert result.exit_code == 0, result.output
    assert types == ["image/png", "image/jpeg"]


TELEGRAM = """\
timezone: Europe/Berlin
accounts:
  tg:
    network: telegram
    chat_id: "@examplenews"
    token_env: SMMGEN_TEST_TELEGRAM
    api_base: {api}
"""
BOT_TOKEN = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_a_video_goes_out_as_a_video_with_its_size_and_length(
    repo: Repo, httpserver: HTTPServer
) -> None:
    from fake_apis import multipart
    from video_files import make_video

    chat = {"id": -1001234567890, "username": "examplenews", "type": "channel"}
    answer = {"message_id": 44, "chat": chat, "date": 1795600000, "video": {"file_id": "BAAC"}}
    video_path = f"/bot{BOT_TOKEN}/sendVideo"
    httpserver.expect_oneshot_request(video_path, method="POST").respond_with_json(
        {"ok": True, "result": answer}
    )
    repo.write("schedule.yaml", TELEGRAM.format(api=httpserver.url_for("/")))
    make_video(repo.root / "content/clip.mp4", size=(64, 48), seconds=2, fps=4, audio=None)
    media = "media:\n  - path: clip.mp4\n    alt: Ein Gipfel"
    repo.post("a", post_text(networks="tg").replace("networks: [tg]", "networks: [tg]\n" + media))
    result = repo.run("publish", "--at", NOON, env={"SMMGEN_TEST_TELEGRAM": BOT_TOKEN})
    assert result.exit_code == 0, result.output
    [(request, _)] = httpserver.log
    assert request.path == video_path
    parts = multipart(request)
    assert parts["video"][1] == (repo.root / "content/clip.mp4").read_bytes()
    assert (parts["width"][1], parts["height"][1], parts["duration"][1]) == (b"64", b"48", b"2")
    assert "https://t.me/examplenews/44" in result.output

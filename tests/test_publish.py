"""`smmgen publish` through the real Discord adapter against a local webhook server.

Also holds the helpers the other publishing tests share: a test schedule with
two Discord accounts and a manual one, git with fixed commit dates, and a
fake Discord webhook that answers like the documented Execute Webhook.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.ledger import LEDGER_FILE, Ledger
from tests.helpers.content_repo import Repo
from tests.helpers.publishing import NOON, TOKEN, Webhook, env_for, events, post_text, publishing


@pytest.fixture
def pub(repo: Repo) -> Repo:
    return publishing(repo)


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
    from tests.helpers.adapter_calls import multipart
    from tests.helpers.video_files import make_video

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

"""A publisher killed (SIGKILL) in the middle of a video upload: the next run publishes once.

No fault hook: the local Mastodon server itself kills the ``smmgen publish``
process the moment the video's upload request reaches it, so the process dies
with the upload half done and its claim in the ledger. The next run looks the
post up (nothing there), uploads the video again in full and publishes exactly
one status with it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.ledger import LEDGER_FILE, Ledger
from tests.helpers.content_repo import Repo
from tests.helpers.fake_mastodon import TOKEN, FakeMastodon, serve_mastodon
from tests.helpers.video_files import make_video

NOON = "2026-12-02 12:00"
POST = """---
publish_at: 2026-12-02 09:00
networks: [masto]
media:
  - path: tour.mp4
    alt: Der Grat im Abendlicht
---

Unsere Tour im Video.
"""


class KillingMastodon(FakeMastodon):
    """Kills ``victim`` when the first upload arrives, before answering it."""

    victim: int | None = None

    def upload(self, req: Request) -> Response:
        if self.victim is not None:
            pid, self.victim = self.victim, None
            os.kill(pid, signal.SIGKILL)
            return Response("", 500)  # nobody is listening any more
        return super().upload(req)


def publish(root: Path, fake: KillingMastodon | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMMGEN_")}
    env |= {"SMMGEN_TEST_MASTODON_TOKEN": TOKEN, "GITHUB_ACTIONS": ""}
    cmd = [sys.executable, "-m", "smmgen", "publish", "--at", NOON, "--only", "masto"]
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    if fake is not None:
        fake.victim = proc.pid
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def test_killed_during_a_video_upload_publishes_once_with_the_whole_video(
    repo: Repo, httpserver: HTTPServer
) -> None:
    fake = serve_mastodon(httpserver, KillingMastodon())
    assert isinstance(fake, KillingMastodon)
    instance = httpserver.url_for("/").rstrip("/")
    repo.write(
        "schedule.yaml",
        "timezone: Europe/Berlin\naccounts:\n  masto:\n    network: mastodon\n"
        f"    instance: {instance}\n    token_env: SMMGEN_TEST_MASTODON_TOKEN\n",
    )
    video = make_video(repo.root / "content/tour.mp4", size=(320, 240), seconds=2, noise=True)
    repo.post("tour", POST)

    died = publish(repo.root, fake)
    assert died.returncode == -signal.SIGKILL, died.stdout + died.stderr
    assert fake.statuses == [] and fake.media == []
    events = [r.event for r in Ledger(repo.root / LEDGER_FILE).records()]
    assert "claimed" in events and "sent" not in events  # claimed before the upload began

    again = publish(repo.root)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Traceback" not in again.stdout + again.stderr
    [status] = fake.statuses
    [media] = fake.media
    assert media["_bytes"] == video.read_bytes()  # uploaded again, whole
    assert [m["id"] for m in status["media_attachments"]] == [media["id"]]
    sent = [r for r in Ledger(repo.root / LEDGER_FILE).records() if r.event == "sent"]
    assert [(r.post, r.remote_id) for r in sent] == [("tour", status["id"])]
    assert TOKEN not in died.stdout + died.stderr + again.stdout + again.stderr

    third = publish(repo.root)
    assert third.returncode == 0 and "nothing due" in third.stdout
    assert len(fake.statuses) == 1 and len(fake.media) == 1

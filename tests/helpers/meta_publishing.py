"""A content project publishing to the local Meta fakes (Threads, Instagram, Facebook)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.ledger import LEDGER_FILE, Ledger, Record
from tests.helpers.content_repo import Repo

NOON = "2026-12-02 12:00"  # three hours after the posts' publish_at


TOKEN = "EAAGm0PX4ZCpsBAMetaTestToken0123456789abcdef"


USER, PAGE = "25134529492829847", "104817238712345"


def post(account: str, body: str, **front: str) -> str:
    lines = ["publish_at: 2026-12-02 09:00", f"networks: [{account}]"]
    lines += [f"{k}: {v}" for k, v in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


class Project:
    """A content repo with one account on a local server, and ``smmgen publish`` runs."""

    def __init__(self, repo: Repo, account: str, settings: dict[str, str], env: str) -> None:
        self.repo = repo
        self.account = account
        lines = "".join(f"    {k}: {json.dumps(v)}\n" for k, v in settings.items())
        repo.write("schedule.yaml", f"timezone: Europe/Berlin\naccounts:\n  {account}:\n{lines}")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("SMMGEN_")}
        self.env |= {"GITHUB_ACTIONS": "", **{settings["token_env"]: env}}
        self.secret = env

    def publish(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "smmgen", "publish", "--at", NOON, *args],
            cwd=self.repo.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        out = done.stdout + done.stderr
        assert "Traceback" not in out, out
        assert self.secret not in out
        return done

    def records(self, event: str) -> list[Record]:
        return [r for r in Ledger(self.repo.root / LEDGER_FILE).records() if r.event == event]

    def runs(self, n: int) -> list[subprocess.CompletedProcess[str]]:
        return [self.publish() for _ in range(n)]


def serve_image(server: HTTPServer, path: str) -> dict[str, bool]:
    """The image where Instagram will fetch it (the media-only Pages site); 404 until deployed."""
    site = {"deployed": True}

    def answer(request: Request) -> Response:
        if not site["deployed"]:
            return Response("Not Found", status=404, content_type="text/html")
        return Response(b"\xff\xd8\xff", content_type="image/jpeg")

    server.expect_request(path).respond_with_handler(answer)
    return site

"""A fake GitHub for the New post form: permissions, issue events, pull requests and
attachments served the way github.com does (for tests/test_issue_form.py and
tests/test_german_commands.py)."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from click.testing import CliRunner, Result
from PIL import Image
from werkzeug import Request, Response

from smmgen.cli import main
from tests.helpers.fake_github import OWNER, REPO, TOKEN, FakeGitHub, user

UUID = "0b1e5d4c-3a2f-4e6d-9c8b-7a6f5e4d3c2b"
UUID2 = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"


def jpeg(size: tuple[int, int] = (640, 480)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def form_body(
    text: str = "Tipp: Die Röstmaschine läuft wieder #Kaffee",
    accounts: tuple[str, ...] = ("bsky (Bluesky)", "masto (Mastodon)"),
    when: str = "2026-12-03 09:30",
    images: str = "_No response_",
    alt: str = "_No response_",
    notes: str = "Bitte @marie fragen",
) -> str:
    boxes = "\n".join(
        f"- [{'X' if label in accounts else ' '}] {label}"
        for label in ("bsky (Bluesky)", "masto (Mastodon)", "li (LinkedIn)", "insta (Instagram)")
    )
    return (
        f"### Text of the post\n\n{text}\n\n### Accounts\n\n{boxes}\n\n"
        f"### Date and time\n\n{when or '_No response_'}\n\n### Images\n\n{images}\n\n"
        f"### Alt text\n\n{alt}\n\n### Campaign\n\nWinter: 2026\n\n### Link\n\n_No response_\n\n"
        f"### Sponsored\n\nNo\n\n### Notes for reviewers\n\n{notes}"
    )


@dataclass
class FormGitHub(FakeGitHub):
    """The fake GitHub, plus permissions, issue events, pull requests and attachments."""

    permissions: dict[str, str] = field(default_factory=lambda: {"marie": "write"})
    events: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    html: dict[int, str] = field(default_factory=dict)
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, tuple[int, bytes, dict[str, str]]] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)

    @property
    def web(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def attach(self, data: bytes, uuid: str = UUID, **headers: str) -> str:
        self.files[f"/user-attachments/assets/{uuid}"] = (200, data, headers)
        return f"{self.web}/user-attachments/assets/{uuid}"

    def serve_file(self, request: Request) -> Response:
        self.fetched.append(request.full_path.rstrip("?"))
        assert "Authorization" not in request.headers  # never a token to a file host
        status, data, headers = self.files.get(request.path, (404, b"Not Found", {}))
        if "jwt" in headers and request.args.get("jwt") != headers["jwt"]:
            return Response(b"Not Found", status=404)
        return Response(
            data, status=status, headers={k: v for k, v in headers.items() if k != "jwt"}
        )

    def handle(self, request: Request) -> Response:
        path = request.path.removeprefix("/api/v3")
        repo = f"/repos/{OWNER}/{REPO}"
        if request.headers.get("Authorization") != f"token {TOKEN}":
            return super().handle(request)
        if (m := re.fullmatch(rf"{repo}/issues/(\d+)", path)) and request.method == "GET":
            self.log.append(f"GET {path}")
            number = int(m[1])
            if number not in self.issues:
                return self.json(404, {"message": "Not Found"})
            issue = {**self.issues[number], "body_html": self.html.get(number, "")}
            return self.json(200, issue)
        if m := re.fullmatch(rf"{repo}/collaborators/([^/]+)/permission", path):
            self.log.append(f"GET {path}")
            level = self.permissions.get(m[1], "read")
            return self.json(
                200, {"permission": level, "role_name": level, "user": user(self.base, m[1], 5)}
            )
        if m := re.fullmatch(rf"{repo}/issues/(\d+)/events", path):
            self.log.append(f"GET {path}")
            return self.json(200, self.events.get(int(m[1]), []))
        if path == f"{repo}/pulls":
            self.log.append(f"{request.method} {path}")
            if request.method == "POST":
                body = json.loads(request.data)
                number = 100 + len(self.pulls)
                self.pulls[number] = {"number": number, "state": "open", **body}
                return self.json(201, self.pulls[number])
            head = request.args.get("head", "")
            found = [
                p
                for p in self.pulls.values()
                if p["state"] == request.args.get("state") and f"{OWNER}:{p['head']}" == head
            ]
            return self.json(200, found)
        if (m := re.fullmatch(rf"{repo}/pulls/(\d+)", path)) and request.method == "PATCH":
            self.log.append(f"PATCH {path}")
            self.pulls[int(m[1])].update(json.loads(request.data))
            return self.json(200, self.pulls[int(m[1])])
        return super().handle(request)


def run(gh: FormGitHub, *args: str) -> Result:
    env = {
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_REPOSITORY": f"{OWNER}/{REPO}",
        "GITHUB_API_URL": gh.base,
        "GITHUB_ACTIONS": None,
        "SMMGEN_AT": "2026-11-30 08:00",
    }
    result = CliRunner().invoke(main, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"smmgen crashed: {result.exception!r}") from result.exception
    assert "Traceback" not in result.output and TOKEN not in result.output
    return result


def open_issue(
    gh: FormGitHub, body: str, author: str = "marie", labels: tuple[str, ...] = ("new-post",)
) -> int:
    return gh.issue(user(gh.base, author, 77), "New post: Röstmaschine", body, list(labels))

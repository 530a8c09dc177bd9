"""Small things a new team trips over: mark-published, UTM for manual accounts, plan
listings, where messages go, LinkedIn mentions."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.ledger import LEDGER_FILE, Ledger
from tests.helpers.content_repo import SCHEDULE, Repo
from tests.helpers.publishing import NOON, post_text, publishing

MANUAL = """\
  xing:
    network: manual
    platform: XING
    max_length: 3000
    host: www.xing.com
  pinterest:
    network: manual
    platform: Pinterest
    max_length: 500
"""


def with_manual(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE.replace("accounts:\n", "accounts:\n" + MANUAL, 1))


def recorded(repo: Repo) -> list[tuple[str, str, str | None]]:
    return [(r.post, r.account, r.url) for r in Ledger(repo.root / LEDGER_FILE).records()]


def test_mark_published_takes_the_post_file(repo: Repo) -> None:
    with_manual(repo)
    repo.post(
        "2026-12/fair", "---\npublish_at: 2026-12-01 09:30\nnetworks: [xing, bsky]\n---\nHi\n"
    )
    url = "https://www.xing.com/pages/bergwerk/posts/1"
    for given in ("content/2026-12/fair.md", "2026-12/fair.md", "2026-12/fair"):
        result = repo.run("mark-published", given, "--account", "xing", "--url", url)
        assert result.exit_code == 0, result.output
        assert result.stdout == f"recorded: 2026-12/fair on xing at {url}\n"
        assert result.stderr == ""
    absolute = str(repo.root / "content/2026-12/fair.md")
    assert repo.run("mark-published", absolute, "--account", "xing", "--url", url).exit_code == 0
    assert recorded(repo) == [("2026-12/fair", "xing", url)] * 4


def test_mark_published_url_must_be_the_post_on_its_network(repo: Repo) -> None:
    with_manual(repo)
    networks = "[xing, bsky, masto, pinterest]"
    repo.post("p", f"---\npublish_at: 2026-12-01 09:30\nnetworks: {networks}\n---\nHi\n")
    cases = [
        ("bsky", "https://bsky.app/profile/example.bsky.social/post/3k", True),
        ("bsky", "https://evil.example/bsky.app", False),
        ("bsky", "http://bsky.app/profile/x/post/1", False),
        ("masto", "https://mastodon.social/@bergwerk/1131", True),
        ("masto", "https://mastodon.online/@bergwerk/1131", False),
        ("xing", "https://www.xing.com/pages/bergwerk/posts/1", True),
        ("xing", "https://xing.example/1", False),
        ("pinterest", "https://www.pinterest.com/pin/1/", True),  # no host declared: any https
        ("pinterest", "javascript:alert(1)", False),
        ("pinterest", "ftp://files.example/1", False),
    ]
    for account, url, ok in cases:
        result = repo.run("mark-published", "p", "--account", account, "--url", url)
        assert result.exit_code == (0 if ok else 2), (account, url, result.output)
    bad = repo.run("mark-published", "p", "--account", "bsky", "--url", "https://evil.example/x")
    assert bad.stderr.strip().endswith(
        "--url 'https://evil.example/x' is not on bsky.app, where the posts of 'bsky' "
        "(Bluesky) are; copy the address of the post itself"
    )
    assert [a for _, a, _ in recorded(repo)] == ["bsky", "masto", "xing", "pinterest"]


def test_utm_source_of_a_manual_account_is_the_platform(repo: Repo) -> None:
    with_manual(repo)
    repo.write(
        "schedule.yaml",
        (repo.root / "schedule.yaml").read_text("utf-8") + "utm:\n  campaign: winter\n",
    )
    path = repo.post(
        "p",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [xing, masto]\n---\nhttps://example.com/a\n",
    )
    out = json.loads(repo.run("render", path, "--format", "json").stdout)
    texts = {a["account"]: a["parts"][0]["text"] for a in out["accounts"]}
    assert "utm_source=xing&" in texts["xing"]
    assert "utm_source=mastodon&" in texts["masto"]


def test_plan_lists_everything_into_a_pipe_and_with_all(repo: Repo) -> None:
    pub = publishing(repo)
    for day in range(1, 29):
        pub.post(f"d{day:02d}", post_text(f"2027-02-{day:02d} 09:00"))
    piped = pub.run("plan", "--at", NOON).stdout  # CliRunner's output is no terminal
    assert "d28" in piped and "more upcoming" not in piped

    # On a terminal: the first ten per account, and --all for the rest.
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}

    def on_terminal(*args: str) -> str:
        leader, follower = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "smmgen", "plan", "--at", NOON, *args],
            cwd=pub.root, stdout=follower, stderr=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed when the process ends
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
        os.close(leader)
        return b"".join(chunks).decode("utf-8")

    short = on_terminal()
    assert "d10" in short and "d11" not in short
    assert "… and 18 more upcoming (--all lists them)" in short
    full = on_terminal("--all")
    assert "d28" in full and "more upcoming" not in full


def test_success_goes_to_stdout_and_problems_to_stderr(repo: Repo) -> None:
    repo.post("p", "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\n---\nHi\n")
    ok = repo.run("check")
    assert (ok.exit_code, ok.stdout, ok.stderr) == (0, "The post is fine.\n", "")
    repo.post("q", "---\npublish_at: 2026-12-01 09:30\nnetworks: [nope]\n---\nHi\n")
    bad = repo.run("check")
    assert bad.exit_code == 1 and "[post/unknown-account]" in bad.stdout
    assert bad.stderr == "1 error, 0 warnings in 2 posts\n"


PEOPLE = """\
bergwerk:
  name: Bergwerk Outdoor
  linkedin: urn:li:organization:81234567
  bluesky: bergwerk-outdoor.bsky.social
"""


def test_linkedin_mentions_are_real_mentions(repo: Repo, httpserver: HTTPServer) -> None:
    sent: list[dict[str, object]] = []

    def created(request: Request) -> Response:
        sent.append(request.get_json())
        return Response(status=201, headers={"x-restli-id": "urn:li:share:1"})

    httpserver.expect_request("/rest/posts", method="POST").respond_with_handler(created)
    repo.write(
        "schedule.yaml",
        SCHEDULE.replace(
            "    token_env: LINKEDIN_TOKEN\n",
            f"    token_env: LINKEDIN_TOKEN\n    api_base: {httpserver.url_for('/')}\n",
        ),
    )
    repo.write("people.yaml", PEOPLE)
    path = repo.post(
        "p",
        "---\npublish_at: 2026-12-01 09:30\nnetworks: [li, bsky]\n---\n"
        "Danke an @{bergwerk} (#Team) für die Jacken!\n",
    )
    # The local server standing in for LinkedIn is reported as such; nothing else is wrong.
    assert [p["rule"] for p in repo.check()] == ["schedule/custom-endpoint"]
    out = json.loads(repo.run("render", path, "--format", "json").stdout)
    texts = {a["account"]: a["parts"][0]["text"] for a in out["accounts"]}
    assert (
        texts["li"] == "Danke an Bergwerk Outdoor (#Team) für die Jacken!"
    )  # as LinkedIn shows it
    assert texts["bsky"].startswith("Danke an @bergwerk-outdoor.bsky.social")

    result = repo.run(
        "publish", "--at", "2026-12-01 09:31", "--only", "li", env={"LINKEDIN_TOKEN": "t0ken"}
    )
    assert result.exit_code == 0, result.output
    assert [body["commentary"] for body in sent] == [
        r"Danke an @[Bergwerk Outdoor](urn:li:organization:81234567) \({hashtag|\#|Team}\) "
        "für die Jacken!"
    ]


def test_a_linkedin_handle_must_be_a_urn(repo: Repo) -> None:
    repo.write("people.yaml", PEOPLE.replace("urn:li:organization:81234567", "bergwerk"))
    problems = repo.check()
    assert [(p["path"], p["line"], p["rule"]) for p in problems] == [
        ("people.yaml", 3, "people/handle")
    ]
    assert "need a URN like urn:li:organization:123" in problems[0]["message"]


def test_plain_text_reads_mentions_back() -> None:
    from smmgen.adapters.linkedin import little_text, plain_text

    text = "Mit Bergwerk Outdoor [und] #Freunden"
    mentions = (("Bergwerk Outdoor", "urn:li:organization:1"),)
    assert plain_text(little_text(text, mentions)) == text


def test_build_reports_success_on_stdout(repo: Repo, tmp_path: Path) -> None:
    repo.post("p", "---\npublish_at: 2026-12-01 09:30\nnetworks: [bsky]\n---\nHi\n")
    result = repo.run("build", "--out", str(tmp_path / "site"), "--at", "2026-11-20 12:00")
    assert result.exit_code == 0
    assert result.stdout.startswith("Built ") and result.stderr == ""

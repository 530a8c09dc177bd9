"""The message a reply answers, read over real HTTPS without credentials for the preview."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from pytest_httpserver import HTTPServer

from smmgen.model import Account
from smmgen.reply_target import MAX_TEXT, read_target
from tests.helpers.content_repo import SCHEDULE, Repo


@pytest.fixture
def https(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HTTPServer]:
    """A local HTTPS server with a certificate the client trusts (through SSL_CERT_FILE)."""
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("localhost").configure_cert(context)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    server = HTTPServer(host="localhost", ssl_context=context)
    server.start()
    yield server
    server.clear()
    server.stop()


def base(server: HTTPServer) -> str:
    return f"https://localhost:{server.port}"


MASTO = Account("masto", "mastodon", {"instance": "https://social.example"}, 1)


def test_a_public_mastodon_status_is_read_from_its_own_server(https: HTTPServer) -> None:
    https.expect_request("/api/v1/statuses/109876", headers={}).respond_with_json({
        "id": "109876", "account": {"acct": "anna@other.example"}, "spoiler_text": "Kaffee",
        "content": "<p>Wann öffnet ihr &amp; wo?</p><p>Danke!</p>",
    })  # fmt: skip
    target = read_target(f"{base(https)}/@anna@other.example/109876", MASTO)
    assert (target.author, target.note) == ("@anna@other.example", "")
    assert target.text == "[CW: Kaffee] Wann öffnet ihr & wo?\nDanke!"
    [(request, _)] = https.log
    assert "Authorization" not in request.headers  # read as anyone would


def test_a_deleted_or_private_status_is_a_note_not_an_error(https: HTTPServer) -> None:
    https.expect_request("/api/v1/statuses/5").respond_with_json({"error": "Not found"}, 404)
    target = read_target(f"{base(https)}/@anna/5", MASTO)
    assert target.text == ""
    assert target.note == "could not read it: HTTP 404 (deleted, or not public)"


def test_a_redirect_is_not_followed(https: HTTPServer) -> None:
    https.expect_request("/api/v1/statuses/6").respond_with_data(
        "", 302, headers={"Location": "https://169.254.169.254/latest/meta-data"}
    )
    assert read_target(f"{base(https)}/@anna/6", MASTO).note == "could not read it: HTTP 302"


def test_plain_http_is_never_read() -> None:
    target = read_target("http://social.example/@anna/7", MASTO)
    assert target.text == "" and target.note  # not even recognised as a post link


def test_a_long_message_is_cut(https: HTTPServer) -> None:
    https.expect_request("/api/v1/statuses/8").respond_with_json(
        {"account": {"acct": "anna"}, "content": "<p>" + "x" * 5000 + "</p>"}
    )
    text = read_target(f"{base(https)}/@anna/8", MASTO).text
    assert len(text) == MAX_TEXT and text.endswith("…")


def test_a_bluesky_post_is_read_from_the_public_appview(https: HTTPServer) -> None:
    did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
    https.expect_request(
        "/xrpc/com.atproto.identity.resolveHandle", query_string={"handle": "anna.example"}
    ).respond_with_json({"did": did})
    https.expect_request(
        "/xrpc/app.bsky.feed.getPosts", query_string={"uris": f"at://{did}/app.bsky.feed.post/3kq"}
    ).respond_with_json(
        {
            "posts": [
                {
                    "uri": f"at://{did}/app.bsky.feed.post/3kq",
                    "author": {"did": did, "handle": "anna.example"},
                    "record": {"text": "Habt ihr noch Plätze frei?"},
                }
            ]
        }
    )
    https.expect_request("/xrpc/app.bsky.feed.getPosts").respond_with_json({"posts": []})
    bsky = Account("bsky", "bluesky", {"appview": base(https)}, 1)
    target = read_target("https://bsky.app/profile/anna.example/post/3kq", bsky)
    assert (target.author, target.text, target.note) == (
        "@anna.example",
        "Habt ihr noch Plätze frei?",
        "",
    )
    gone = read_target(f"https://bsky.app/profile/{did}/post/3zz", bsky)
    assert gone.note == "could not read it: the post is gone (deleted, or not visible to everyone)"


def test_x_posts_are_shown_as_a_link_only() -> None:
    x = Account("xacct", "x", {}, 1)
    target = read_target("https://x.com/anna/status/1861234567890123456", x)
    assert target.text == "" and target.note == "x posts cannot be read without API access"


def test_a_link_of_another_network_is_not_read() -> None:
    target = read_target("https://x.com/anna/status/1", MASTO)
    assert target.note == "not a post link of this account's network"


def test_the_pr_comment_shows_a_reply_under_the_message_it_answers(
    repo: Repo, https: HTTPServer
) -> None:
    did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
    https.expect_request("/xrpc/com.atproto.identity.resolveHandle").respond_with_json({"did": did})
    https.expect_request("/xrpc/app.bsky.feed.getPosts").respond_with_json(
        {"posts": [{"author": {"handle": "anna.example"},
                    "record": {"text": "Habt ihr **noch** Plätze frei? <script>x</script>"}}]}
    )  # fmt: skip
    https.expect_request("/api/v1/statuses/404").respond_with_json({"error": "gone"}, 404)
    schedule = SCHEDULE.replace(
        "    password_env: BLUESKY_APP_PASSWORD\n",
        f"    password_env: BLUESKY_APP_PASSWORD\n    appview: {base(https)}\n",
    )
    repo.write("schedule.yaml", schedule)
    repo.write(
        "replies/2026-12-03-plaetze.md",
        "---\nin_reply_to: https://bsky.app/profile/anna.example/post/3kq\naccount: bsky\n"
        "---\n\nJa, am Samstag sind noch drei frei!\n",
    )
    repo.write(
        "replies/2026-12-03-weg.md",
        f"---\nin_reply_to: {base(https)}/@anna/404\naccount: masto\n---\n\nDanke!\n",
    )
    result = repo.run(
        "preview", "--format", "markdown",
        "replies/2026-12-03-plaetze.md", "replies/2026-12-03-weg.md",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.stdout
    # The handle is shown without pinging anyone on GitHub (a zero-width space after @).
    answered = out.index(
        "↩️ Answers @\u200banna.example: https://bsky.app/profile/anna.example/post/3kq"
    )
    # Their text in a code block (inert: no Markdown, no HTML), then ours.
    quoted = out.index("```text\nHabt ihr **noch** Plätze frei? <script>x</script>\n```", answered)
    assert out.index("The reply:", quoted) < out.index("Ja, am Samstag sind noch drei frei!")
    assert "_could not read it: HTTP 404 \\(deleted, or not public\\)_" in out
    assert "Danke!" in out

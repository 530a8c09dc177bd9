"""`smmgen accounts check` against local servers speaking each network's documented API.

Valid, expired, revoked and missing-scope tokens; a report per feature
("publishing works; crash lookup needs r_organization_social"); exit 1 when an
account fails; the JSON the weekly workflow hands to the job that writes the
issue; and that issue, on a fake GitHub API.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smmgen.cli import main
from smmgen.model import Account
from smmgen.secrets import account_secrets
from tests.helpers.fake_github import OWNER, REPO, FakeGitHub
from tests.helpers.fake_github import TOKEN as GH_TOKEN
from tests.helpers.fake_linkedin import FakeLinkedIn
from tests.helpers.fake_meta import FB_SCOPES, THREADS_SCOPES, FakeFacebook, FakeThreads, Token

if TYPE_CHECKING:
    from tests.helpers.pds import LocalPds

pytest_plugins = ["tests.helpers.pds"]  # the session-scoped `pds` fixture: a real Bluesky PDS

TOKEN = "EAAGm0PX4ZCpsBAAccountsCheckToken0123456789"
PAGE, USER = "104817238712345", "25134529492829847"
DAY = 86400


def schedule(root: Path, accounts: dict[str, dict[str, str]]) -> None:
    lines = ["timezone: Europe/Berlin", "accounts:"]
    for name, settings in accounts.items():
        lines.append(f"  {name}:")
        lines += [f"    {k}: {json.dumps(v)}" for k, v in settings.items()]
    (root / "schedule.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    (root / "content").mkdir(exist_ok=True)


def run(root: Path, *args: str, env: dict[str, str]) -> Result:
    result = CliRunner().invoke(
        main, ["accounts", "check", "--root", str(root), *args], env={"GITHUB_ACTIONS": None, **env}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def report(result: Result) -> dict[str, Any]:
    data = json.loads(result.stdout)
    return {a["account"]: a for a in data["accounts"]}


def facebook(server: HTTPServer, token: Token) -> dict[str, str]:
    FakeFacebook(token).install(server, PAGE)
    return {"network": "facebook", "page_id": PAGE, "token_env": "SMMGEN_TEST_FB",
            "api_base": server.url_for("/").rstrip("/")}  # fmt: skip


def test_valid_expiring_and_expired_meta_tokens(httpserver: HTTPServer, tmp_path: Path) -> None:
    schedule(tmp_path, {"fb": facebook(httpserver, Token(TOKEN, FB_SCOPES, type="PAGE"))})
    ok = run(tmp_path, env={"SMMGEN_TEST_FB": TOKEN})
    assert ok.exit_code == 0, ok.output
    assert "✓ fb (facebook): ok — page token valid, does not expire" in ok.stdout
    assert "publishing works; crash lookup works; deleting works" in ok.stdout
    assert "statistics needs read_insights" in ok.stdout
    assert TOKEN not in ok.output


def test_expiring_token_is_reported_expired_fails(httpserver: HTTPServer, tmp_path: Path) -> None:
    token = Token(TOKEN, FB_SCOPES, expires_at=int(time.time()) + 5 * DAY)
    schedule(tmp_path, {"fb": facebook(httpserver, token)})
    soon = run(tmp_path, "--format", "json", env={"SMMGEN_TEST_FB": TOKEN})
    assert soon.exit_code == 0
    fb = report(soon)["fb"]
    assert fb["status"] == "expiring" and "the token expires" in fb["message"]
    assert fb["expires_at"] is not None
    token.valid = False  # expired (debug_token: is_valid false with an error)
    gone = run(tmp_path, env={"SMMGEN_TEST_FB": TOKEN})
    assert gone.exit_code == 1
    assert "✗ fb (facebook): failed — the token is not valid" in gone.stdout


def test_missing_publish_permission_fails(httpserver: HTTPServer, tmp_path: Path) -> None:
    fake = FakeThreads(Token(TOKEN, THREADS_SCOPES - {"threads_manage_replies"}))
    fake.install(httpserver, USER)
    settings = {"network": "threads", "user_id": USER, "token_env": "SMMGEN_TEST_TH",
                "api_base": httpserver.url_for("/").rstrip("/")}  # fmt: skip
    schedule(tmp_path, {"th": settings})
    result = run(tmp_path, env={"SMMGEN_TEST_TH": TOKEN})
    assert result.exit_code == 1
    assert "publishing needs threads_manage_replies" in result.stdout
    assert "crash lookup works" in result.stdout


def linkedin(server: HTTPServer, author: str, **extra: str) -> dict[str, str]:
    return {"network": "linkedin", "author_urn": author, "token_env": "SMMGEN_TEST_LI",
            "api_base": server.url_for("/").rstrip("/"),
            "oauth_base": server.url_for("/").rstrip("/"), **extra}  # fmt: skip


LI_TOKEN = "AQXdSP_W41_UPs5ioT_t8HESyODB4FqbkJ8LrV_5mff4gPODzOYR"
LI_ENV = {"SMMGEN_TEST_LI": LI_TOKEN, "SMMGEN_TEST_LI_ID": "client-id",
          "SMMGEN_TEST_LI_SECRET": "client-secret"}  # fmt: skip
CLIENT = {"client_id_env": "SMMGEN_TEST_LI_ID", "client_secret_env": "SMMGEN_TEST_LI_SECRET"}


def test_linkedin_missing_lookup_scope_is_reported_not_failed(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    FakeLinkedIn(LI_TOKEN, frozenset({"w_organization_social"})).install(httpserver)
    schedule(tmp_path, {"li": linkedin(httpserver, "urn:li:organization:2414183", **CLIENT)})
    result = run(tmp_path, env=LI_ENV)
    assert result.exit_code == 0, result.output
    assert "publishing works; crash lookup needs r_organization_social" in result.stdout
    assert "client-secret" not in result.output


def test_linkedin_revoked_and_expired_tokens_fail(httpserver: HTTPServer, tmp_path: Path) -> None:
    fake = FakeLinkedIn(LI_TOKEN, frozenset({"w_member_social"})).install(httpserver)
    schedule(tmp_path, {"li": linkedin(httpserver, "urn:li:person:8675309", **CLIENT)})
    member = run(tmp_path, env=LI_ENV)
    assert member.exit_code == 0
    assert "crash lookup needs r_member_social (restricted to approved LinkedIn partners" in (
        member.stdout
    )
    fake.status = "revoked"
    revoked = run(tmp_path, env=LI_ENV)
    assert revoked.exit_code == 1 and "the token is refused (expired or revoked)" in revoked.stdout


def test_linkedin_without_client_credentials_still_checks_the_token(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    FakeLinkedIn(LI_TOKEN, frozenset({"w_organization_social"})).install(httpserver)
    schedule(tmp_path, {"li": linkedin(httpserver, "urn:li:organization:2414183")})
    result = run(tmp_path, env={"SMMGEN_TEST_LI": LI_TOKEN})
    assert result.exit_code == 0
    assert "set client_id_env and client_secret_env" in result.stdout
    assert "publishing: cannot tell; needs w_organization_social" in result.stdout
    assert "crash lookup needs r_organization_social" in result.stdout


def test_retired_linkedin_version(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/rest/posts").respond_with_json(
        {"status": 426, "code": "NONEXISTENT_VERSION",
         "message": "Requested version 20240101 is not active"}, status=426,
    )  # fmt: skip
    acct = linkedin(httpserver, "urn:li:organization:1", api_version="202401")
    schedule(tmp_path, {"li": acct})
    result = run(tmp_path, env={"SMMGEN_TEST_LI": LI_TOKEN})
    assert result.exit_code == 1 and "set api_version to a current YYYYMM" in result.stdout


def test_mastodon_scopes_telegram_rights_discord_webhook(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    bot = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
    auth = {"Authorization": "Bearer masto-token"}
    # Mastodon 4.3+: apps/verify_credentials lists the scopes; "write" covers write:*.
    httpserver.expect_request("/api/v1/apps/verify_credentials", headers=auth).respond_with_json(
        {"name": "smmgen", "scopes": ["write"]}
    )
    httpserver.expect_request(
        "/api/v1/accounts/verify_credentials", headers=auth
    ).respond_with_json({"error": "This action is outside the authorized scopes"}, status=403)

    def telegram(req: Request) -> Response:
        method = req.path.rsplit("/", 1)[1]
        if not req.path.startswith(f"/bot{bot}/"):
            body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return Response(json.dumps(body), 401, content_type="application/json")
        result = {
            "getMe": {"id": 42, "is_bot": True, "username": "roastery_bot"},
            "getChat": {"id": -1001234567890, "type": "channel", "title": "Rösterei"},
            "getChatMember": {"status": "administrator", "can_post_messages": True,
                              "can_delete_messages": False},
        }[method]  # fmt: skip
        return Response(json.dumps({"ok": True, "result": result}), content_type="application/json")

    httpserver.expect_request(re.compile(r"/bot.*")).respond_with_handler(telegram)
    httpserver.expect_request("/api/webhooks/1/gone").respond_with_json(
        {"message": "Unknown Webhook", "code": 10015}, status=404
    )
    base = httpserver.url_for("/").rstrip("/")
    schedule(tmp_path, {
        "masto": {"network": "mastodon", "instance": base, "token_env": "SMMGEN_TEST_MASTO"},
        "tg": {"network": "telegram", "chat_id": "@roastery", "token_env": "SMMGEN_TEST_TG",
               "api_base": base},
        "dc": {"network": "discord", "webhook_env": "SMMGEN_TEST_DC"},
    })  # fmt: skip
    env = {"SMMGEN_TEST_MASTO": "masto-token", "SMMGEN_TEST_TG": bot,
           "SMMGEN_TEST_DC": f"{base}/api/webhooks/1/gone"}  # fmt: skip
    result = run(tmp_path, "--format", "json", env=env)
    accounts = report(result)
    assert result.exit_code == 1  # the Discord webhook is gone
    masto = accounts["masto"]["features"]
    assert masto["publish"]["works"] and masto["delete"]["works"]
    assert masto["lookup"] == {"works": False, "detail": "needs read:accounts, read:statuses"}
    tg = accounts["tg"]
    assert tg["status"] == "ok" and tg["features"]["publish"]["works"]
    assert tg["features"]["delete"] == {"works": False, "detail": "needs can_delete_messages"}
    assert accounts["dc"]["status"] == "failed" and "Unknown Webhook" in accounts["dc"]["message"]
    assert bot not in result.output and "/gone" not in result.output
    # A wrong bot token: 401 from getMe.
    wrong = run(tmp_path, "--only", "tg", env=env | {"SMMGEN_TEST_TG": "1:wrong"})
    assert wrong.exit_code == 1 and "the bot token is refused: Unauthorized" in wrong.stdout


def test_missing_variable_and_unknown_account(tmp_path: Path) -> None:
    schedule(tmp_path, {"fb": {"network": "facebook", "page_id": PAGE, "token_env": "NOPE"}})
    result = run(tmp_path, env={})
    assert result.exit_code == 1 and "environment variable NOPE is not set" in result.stdout
    unknown = run(tmp_path, "--only", "fbb", env={})
    assert unknown.exit_code == 2 and "--only fbb: no such account" in unknown.output


def test_unreachable_network_fails_without_traceback(tmp_path: Path) -> None:
    acct = {"network": "facebook", "page_id": PAGE, "token_env": "SMMGEN_TEST_FB",
            "api_base": "http://127.0.0.1:9"}  # fmt: skip
    schedule(tmp_path, {"fb": acct})
    result = run(tmp_path, env={"SMMGEN_TEST_FB": TOKEN})
    assert result.exit_code == 1 and "no answer from 127.0.0.1" in result.stdout


def test_the_issue_job_opens_and_closes_one_issue(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the job runs in the repository (not smmgen's German example)
    gh = FakeGitHub(httpserver)
    httpserver.expect_request(re.compile(r"/api/v3/.*")).respond_with_handler(gh.handle)
    token = Token(TOKEN, FB_SCOPES, valid=False)
    schedule(tmp_path, {"fb": facebook(httpserver, token)})
    out = tmp_path / "accounts.json"
    out.write_text(run(tmp_path, "--format", "json", env={"SMMGEN_TEST_FB": TOKEN}).stdout)
    env = {"GITHUB_TOKEN": GH_TOKEN, "GITHUB_REPOSITORY": f"{OWNER}/{REPO}",
           "GITHUB_API_URL": gh.base}  # fmt: skip
    args = ["github", "accounts", "--report", str(out)]
    opened = CliRunner().invoke(main, args, env=env)
    assert opened.exit_code == 0, opened.output
    (issue,) = gh.issues.values()
    assert "**fb** (facebook) fails: the token is not valid" in issue["body"]
    assert issue["state"] == "open"
    token.valid = True
    out.write_text(run(tmp_path, "--format", "json", env={"SMMGEN_TEST_FB": TOKEN}).stdout)
    closed = CliRunner().invoke(main, args, env=env)
    assert closed.exit_code == 0 and "closed the 'smmgen-accounts' issue" in closed.output
    assert next(iter(gh.issues.values()))["state"] == "closed"
    out.write_text("{}")
    bad = CliRunner().invoke(main, args, env=env)
    assert bad.exit_code == 2 and "not an accounts report" in bad.output


@pytest.mark.parametrize("level", ["read-write", "read"])
def test_x_access_level(httpserver: HTTPServer, tmp_path: Path, level: str) -> None:
    httpserver.expect_request("/2/users/me").respond_with_json(
        {"data": {"id": "2244994945", "name": "X Dev", "username": "XDevelopers"}},
        headers={"x-access-level": level},
    )
    keys = {"api_key_env": "K", "api_secret_env": "S", "access_token_env": "T",
            "access_token_secret_env": "TS"}  # fmt: skip
    settings = {k: f"SMMGEN_TEST_X_{v}" for k, v in keys.items()}
    schedule(tmp_path, {"x": {"network": "x", **settings,
                              "api_base": httpserver.url_for("/").rstrip("/")}})  # fmt: skip
    env = {v: f"secret-{v.lower()}" for v in settings.values()}
    result = run(tmp_path, env=env)
    if level == "read":
        assert result.exit_code == 1 and "publishing needs Read and write" in result.stdout
    else:
        assert result.exit_code == 0 and "publishing works" in result.stdout


def test_bluesky_app_password_on_a_real_pds(pds: LocalPds, tmp_path: Path) -> None:
    user = pds.create_account("acctcheck")
    acct = {"network": "bluesky", "handle": user.handle, "service": pds.url,
            "password_env": "SMMGEN_TEST_BSKY"}  # fmt: skip
    schedule(tmp_path, {"bsky": acct})
    ok = run(tmp_path, env={"SMMGEN_TEST_BSKY": user.password})
    assert ok.exit_code == 0, ok.output
    assert f"app password accepted (@{user.handle})" in ok.stdout
    wrong = run(tmp_path, env={"SMMGEN_TEST_BSKY": "aaaa-bbbb-cccc-dddd"})
    assert wrong.exit_code == 1 and "login refused" in wrong.stdout
    assert "aaaa-bbbb" not in wrong.output


def test_instagram_login_token_is_checked_by_reading(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    # graph.instagram.com has no token debugger: /me and the media list decide.
    ig = "IGAAExampleInstagramLoginToken0123456789"
    auth = {"Authorization": f"Bearer {ig}"}
    httpserver.expect_request("/v24.0/me", headers=auth).respond_with_json(
        {"user_id": USER, "username": "roastery"}
    )
    httpserver.expect_request(f"/v24.0/{USER}/media", headers=auth).respond_with_json(
        {"error": {"message": "(#10) Application does not have permission for this action",
                   "type": "OAuthException", "code": 10}}, status=403,
    )  # fmt: skip
    acct = {"network": "instagram", "user_id": USER, "token_env": "SMMGEN_TEST_IG",
            "login": "instagram", "api_base": httpserver.url_for("/").rstrip("/")}  # fmt: skip
    httpserver.expect_request("/v24.0/me").respond_with_json(
        {"error": {"message": "Invalid OAuth access token - Cannot parse access token",
                   "type": "OAuthException", "code": 190}}, status=400,
    )  # fmt: skip
    schedule(tmp_path, {"insta": acct})
    result = run(tmp_path, env={"SMMGEN_TEST_IG": ig})
    assert result.exit_code == 0, result.output
    assert "token accepted (instagram login" in result.stdout
    assert "crash lookup needs instagram_business_basic" in result.stdout
    assert "publishing: cannot tell; needs instagram_business_basic, " in result.stdout
    revoked = run(tmp_path, env={"SMMGEN_TEST_IG": "IGAAother"})
    assert revoked.exit_code == 1 and "the token is refused" in revoked.stdout


def test_optional_secrets_never_hold_up_publishing() -> None:
    # client_id_env is only for `accounts check`: unset, it is simply absent.
    settings = {"author_urn": "urn:li:person:1", "token_env": "LI", "client_id_env": "LI_ID",
                "client_secret_env": "LI_S"}  # fmt: skip
    acct = Account("li", "linkedin", settings, 1)
    creds = account_secrets(acct, {"LI": "token"})
    assert creds.missing == () and dict(creds.values) == {"token_env": "token"}
    assert account_secrets(acct, {}).missing == ("LI",)


def test_threads_token_meta_will_not_describe_is_checked_by_reading(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    # debug_token answers only for tokens of the app's testers; others are read.
    httpserver.expect_request("/v1.0/debug_token").respond_with_json(
        {"error": {"message": "(#100) The access token must belong to a Threads tester",
                   "type": "OAuthException", "code": 100}}, status=400,
    )  # fmt: skip
    httpserver.expect_request("/v1.0/me").respond_with_json({"id": USER, "username": "roastery"})
    httpserver.expect_request(f"/v1.0/{USER}/replies").respond_with_json({"data": []})
    settings = {"network": "threads", "user_id": USER, "token_env": "SMMGEN_TEST_TH",
                "api_base": httpserver.url_for("/").rstrip("/")}  # fmt: skip
    schedule(tmp_path, {"th": settings})
    result = run(tmp_path, env={"SMMGEN_TEST_TH": TOKEN})
    assert result.exit_code == 0, result.output
    assert "scopes and expiry unknown" in result.stdout and "crash lookup works" in result.stdout


def test_a_surprising_answer_fails_that_account_only(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    # getChat says ok but carries no chat: the Telegram check cannot go on.
    httpserver.expect_request(re.compile(r"/bot[^/]+/getMe")).respond_with_json(
        {"ok": True, "result": {"id": 42, "is_bot": True, "username": "bot"}}
    )
    httpserver.expect_request(re.compile(r"/bot[^/]+/getChat")).respond_with_json({"ok": True})
    base = httpserver.url_for("/").rstrip("/")
    schedule(tmp_path, {
        "tg": {"network": "telegram", "chat_id": "@c", "token_env": "SMMGEN_TEST_TG",
               "api_base": base},
        "fb": facebook(httpserver, Token(TOKEN, FB_SCOPES, type="PAGE")),
    })  # fmt: skip
    result = run(tmp_path, env={"SMMGEN_TEST_TG": "1:secret", "SMMGEN_TEST_FB": TOKEN})
    assert result.exit_code == 1
    assert "✗ tg (telegram): failed — internal error in the telegram check" in result.stdout
    assert "✓ fb (facebook): ok" in result.stdout
    assert "1:secret" not in result.output


def test_secrets_go_only_where_publishing_may_send_them(tmp_path: Path) -> None:
    # A webhook URL over plain http to another machine: not even a GET is made.
    schedule(tmp_path, {"dc": {"network": "discord", "webhook_env": "SMMGEN_TEST_DC"}})
    hook = "http://example.com/api/webhooks/1/abcdefghijklmnop"
    result = run(tmp_path, env={"SMMGEN_TEST_DC": hook})
    assert result.exit_code == 1 and "must start with https://" in result.stdout
    # An http api_base elsewhere is an error in schedule.yaml: nothing is checked.
    acct = {"network": "facebook", "page_id": PAGE, "token_env": "SMMGEN_TEST_FB",
            "api_base": "http://example.com"}  # fmt: skip
    schedule(tmp_path, {"fb": acct})
    refused = run(tmp_path, env={"SMMGEN_TEST_FB": TOKEN})
    assert refused.exit_code == 2 and "schedule.yaml has errors" in refused.output


def test_youtube_refresh_token_scopes_and_channel(httpserver: HTTPServer, tmp_path: Path) -> None:
    scope = "https://www.googleapis.com/auth/"
    refresh = {"good": "1//0good-refresh-token", "revoked": "1//0revoked-refresh-token"}

    def token(req: Request) -> Response:
        if req.form["refresh_token"] != refresh["good"]:
            body = {"error": "invalid_grant", "error_description": "Token has been expired or "
                    "revoked."}  # fmt: skip
            return Response(json.dumps(body), 400, content_type="application/json")
        body = {"access_token": "ya29.check-access", "expires_in": 3599, "token_type": "Bearer"}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/token", method="POST").respond_with_handler(token)
    httpserver.expect_request(
        "/tokeninfo", query_string={"access_token": "ya29.check-access"}
    ).respond_with_json({"azp": "123.apps.googleusercontent.com", "expires_in": "3598",
                         "scope": f"{scope}youtube.upload {scope}youtube.readonly"})  # fmt: skip
    httpserver.expect_request(
        "/youtube/v3/channels", headers={"Authorization": "Bearer ya29.check-access"}
    ).respond_with_json({"items": [{"id": "UC1", "snippet": {"title": "Bergwerk Outdoor"}}]})
    base = httpserver.url_for("/").rstrip("/")
    schedule(tmp_path, {"tube": {
        "network": "youtube", "client_id_env": "SMMGEN_TEST_YT_ID",
        "client_secret_env": "SMMGEN_TEST_YT_SECRET", "refresh_token_env": "SMMGEN_TEST_YT",
        "made_for_kids": False, "api_base": base, "oauth_base": base}})  # fmt: skip
    env = {
        "SMMGEN_TEST_YT_ID": "123.apps.googleusercontent.com",
        "SMMGEN_TEST_YT_SECRET": "GOCSPX-check-secret",
        "SMMGEN_TEST_YT": refresh["good"],
    }
    result = run(tmp_path, "--format", "json", env=env)
    tube = report(result)["tube"]
    assert result.exit_code == 0 and tube["status"] == "ok", result.output
    assert tube["message"] == "refresh token valid (channel 'Bergwerk Outdoor')"
    assert tube["features"]["publish"]["works"] and tube["features"]["lookup"]["works"]
    assert tube["features"]["captions"] == {
        "works": False,
        "detail": f"needs {scope}youtube.force-ssl",
    }
    revoked = run(tmp_path, env=env | {"SMMGEN_TEST_YT": refresh["revoked"]})
    assert revoked.exit_code == 1
    assert "the refresh token is refused: Token has been expired or revoked." in revoked.stdout
    assert all(v not in revoked.output + result.output for v in [*refresh.values(),
               "GOCSPX-check-secret", "ya29.check-access"])  # fmt: skip


def test_pinterest_token_board_and_pin_reads(httpserver: HTTPServer, tmp_path: Path) -> None:
    auth = {"Authorization": "Bearer pina_check_token"}
    httpserver.expect_request("/v5/user_account", headers=auth).respond_with_json(
        {"username": "bergwerk", "account_type": "BUSINESS"}
    )
    httpserver.expect_request("/v5/user_account").respond_with_json(
        {"code": 2, "message": "Authentication failed."}, status=401
    )
    httpserver.expect_request("/v5/boards/549755885175", headers=auth).respond_with_json(
        {"id": "549755885175", "name": "Wanderungen"}
    )
    httpserver.expect_request("/v5/boards/549755885175/pins", headers=auth).respond_with_json(
        {"code": 3, "message": "Not authorized to access the pins of this board."}, status=403
    )
    httpserver.expect_request("/v5/boards/1", headers=auth).respond_with_json(
        {"code": 40, "message": "Board not found."}, status=404
    )
    base = httpserver.url_for("/").rstrip("/")
    schedule(tmp_path, {
        "pins": {"network": "pinterest", "board_id": "549755885175",
                 "token_env": "SMMGEN_TEST_PIN", "api_base": base},
        "gone": {"network": "pinterest", "board_id": "1", "token_env": "SMMGEN_TEST_PIN",
                 "api_base": base},
    })  # fmt: skip
    env = {"SMMGEN_TEST_PIN": "pina_check_token"}
    accounts = report(result := run(tmp_path, "--format", "json", env=env))
    assert result.exit_code == 1  # the board of "gone" does not exist
    pins = accounts["pins"]
    assert (
        pins["status"] == "ok" and pins["message"] == "token valid (@bergwerk, board 'Wanderungen')"
    )
    denied = "needs pins:read (Not authorized to access the pins of this board.)"
    assert pins["features"]["lookup"] == {"works": False, "detail": denied}
    assert pins["features"]["publish"]["works"] is None  # pins:write cannot be tried harmlessly
    assert accounts["gone"]["status"] == "failed"
    assert "board 1 does not exist for this account" in accounts["gone"]["message"]
    wrong = run(tmp_path, "--only", "pins", env={"SMMGEN_TEST_PIN": "pina_wrong"})
    assert wrong.exit_code == 1 and "the token is refused: Authentication failed." in wrong.stdout

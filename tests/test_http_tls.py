"""The TLS settings all HTTP clients of a process share still follow $SSL_CERT_FILE."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
import trustme
from pytest_httpserver import HTTPServer

from smmgen.adapters.base import SendError
from smmgen.adapters.http import Http
from smmgen.model import Account

ACCOUNT = Account("masto", "mastodon", {"instance": "https://social.example"}, 1)


def test_a_client_made_after_ssl_cert_file_changed_trusts_the_new_roots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("localhost").configure_cert(context)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    server = HTTPServer(host="localhost", ssl_context=context)
    server.expect_request("/ok").respond_with_json({"ok": True})
    server.start()
    try:
        url = f"https://localhost:{server.port}"
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        monkeypatch.delenv("SSL_CERT_DIR", raising=False)
        plain = Http(ACCOUNT, url, secret_settings=(), secrets=())
        with pytest.raises(SendError):  # our test CA is no public root
            plain.call("GET", "/ok", what="reading")
        plain.close()

        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
        trusting = Http(ACCOUNT, url, secret_settings=(), secrets=())
        assert trusting.call("GET", "/ok", what="reading").json() == {"ok": True}
        again = Http(ACCOUNT, url, secret_settings=(), secrets=())  # the same settings, shared
        assert again.call("GET", "/ok", what="reading").json() == {"ok": True}
        trusting.close()
        again.close()
    finally:
        server.clear()
        server.stop()

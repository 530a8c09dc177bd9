"""A real Bluesky PDS (and its PLC directory) on loopback, started by the test run.

``LocalPds`` drives ``tests/pds/start.mjs`` (the npm packages are installed by
``.ci/run`` into ``tests/pds/node_modules``); the ``pds`` fixture starts one
per test session with fresh data and stops it at the end. Tests that use it
are skipped only when the packages are not installed.

Also used by ``benchmarks/publish.py``.
"""

from __future__ import annotations

import json
import os
import secrets
import selectors
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PDS_DIR = Path(__file__).resolve().parents[1] / "pds"
NODE_MODULES = PDS_DIR / "node_modules"
PLC_PORT, PDS_PORT = 2582, 2583
START_TIMEOUT = 60.0  # seconds; about 2 s normally, more on a loaded machine
INSTALL_HINT = (
    "the local Bluesky PDS is not installed: run `cd tests/pds && "
    "npm_config_build_from_source=true npm install --foreground-scripts --no-audit --no-fund`"
)


@dataclass(frozen=True)
class PdsAccount:
    """An account created on the local PDS."""

    handle: str
    password: str
    did: str


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _any_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalPds:
    """A PLC directory + PDS pair in one node process, with data under ``data_dir``."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        # The documented ports when free; a colleague's concurrent test run may hold them.
        if _free(PLC_PORT) and _free(PDS_PORT):
            self.plc_port, self.pds_port = PLC_PORT, PDS_PORT
        else:
            self.plc_port, self.pds_port = _any_port(), _any_port()
        self.url = f"http://127.0.0.1:{self.pds_port}"
        self._proc: subprocess.Popen[bytes] | None = None
        self._log = data_dir.parent / f"{data_dir.name}.log"

    def start(self) -> None:
        """Start both servers and return once the PDS answers ``/xrpc/_health``."""
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is not on PATH; the local PDS needs Node.js 20")
        args = [node, str(PDS_DIR / "start.mjs"), "--data", str(self.data_dir)]
        args += ["--plc-port", str(self.plc_port), "--pds-port", str(self.pds_port)]
        env = {**os.environ, "LOG_ENABLED": "false"}
        with self._log.open("wb") as log:
            # stdin stays open as a lifeline: the launcher exits when it closes.
            self._proc = subprocess.Popen(
                args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT
        with selectors.DefaultSelector() as sel:
            sel.register(self._proc.stdout, selectors.EVENT_READ)
            # Blocks on the launcher's "ready" line (or its exit), not on a sleep.
            if not sel.select(max(0.0, deadline - time.monotonic())):
                self.stop()
                raise RuntimeError(f"the local PDS did not start in {START_TIMEOUT:.0f} s")
        line = self._proc.stdout.readline()
        if not line:
            self.stop()
            raise RuntimeError(f"the local PDS exited while starting:\n{self._log_tail()}")
        ready = json.loads(line)
        if ready["pds"] != self.url:
            raise RuntimeError(f"the PDS came up at {ready['pds']}, expected {self.url}")
        health = self.xrpc("GET", "_health")
        if not isinstance(health, dict):
            raise RuntimeError(f"unexpected /xrpc/_health answer: {health!r}")

    def _log_tail(self) -> str:
        try:
            return self._log.read_text("utf-8", "replace")[-2000:]
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop both servers (gracefully, then by force)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            proc.stdin.close()
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()

    def xrpc(self, method: str, nsid: str, body: dict[str, Any] | None = None) -> Any:
        """One XRPC call without auth (health, account creation)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}/xrpc/{nsid}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"} if data else {},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{nsid}: HTTP {exc.code} {exc.read()[:300]!r}") from None

    def create_account(self, name: str) -> PdsAccount:
        """A new account ``<name>.test`` with a random password."""
        handle = f"{name}.test"
        password = secrets.token_urlsafe(16)
        made = self.xrpc(
            "POST",
            "com.atproto.server.createAccount",
            {"handle": handle, "password": password, "email": f"{name}@example.test"},
        )
        return PdsAccount(handle=made["handle"], password=password, did=made["did"])


@pytest.fixture(scope="session")
def pds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalPds]:
    """A fresh local PDS for the test session; skipped when its packages are not installed."""
    if not NODE_MODULES.is_dir():
        pytest.skip(INSTALL_HINT)
    server = LocalPds(tmp_path_factory.mktemp("pds") / "data")
    server.start()
    try:
        yield server
    finally:
        server.stop()

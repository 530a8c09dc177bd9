"""The ledger names no machine (review F14): records carry a random machine id, not the hostname.

The id only has to tell "a claim by this machine whose process is gone" from
another machine's claim. ``smmgen publish`` runs as a real process against a
local Discord webhook, with its cache folder (where the id is kept) in tmp.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from smmgen.ledger import LEDGER_FILE
from tests.helpers.content_repo import Repo
from tests.helpers.publishing import NOON, Webhook, events, post_text, publishing


@pytest.fixture
def pub(repo: Repo) -> Repo:
    return publishing(repo)


def smmgen(root: Path, cache: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``smmgen ARGS`` as its own process, keeping its per-user cache in ``cache``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    done = subprocess.run(
        [sys.executable, "-m", "smmgen", *args],
        cwd=root,
        env=clean | {"XDG_CACHE_HOME": str(cache), "GITHUB_ACTIONS": ""} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def ledger(root: Path) -> list[dict[str, Any]]:
    lines = (root / LEDGER_FILE).read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def names_the_machine(record: dict[str, Any]) -> bool:
    hostname = socket.gethostname()
    values = [v for v in record.values() if isinstance(v, str)]
    # A short hostname ("vm") also occurs inside ordinary words; compare whole values then.
    return any(v == hostname or (len(hostname) >= 6 and hostname in v) for v in values)


def test_no_record_names_the_machine_and_the_id_stays(
    pub: Repo, httpserver: HTTPServer, tmp_path: Path
) -> None:
    hook = Webhook(httpserver)
    cache = tmp_path / "cache"
    pub.post("a", post_text(networks="chat, xing", body="Post a."))
    first = smmgen(pub.root, cache, "publish", "--at", NOON, SMMGEN_TEST_DISCORD=hook.url)
    assert first.returncode == 0, first.stdout + first.stderr
    pub.post("b", post_text(body="Post b."))
    second = smmgen(pub.root, cache, "publish", "--at", NOON, SMMGEN_TEST_DISCORD=hook.url)
    assert second.returncode == 0, second.stdout + second.stderr
    marked = smmgen(
        pub.root, cache, "mark-published", "a", "--account", "xing", "--url", "https://x.example/1"
    )
    assert marked.returncode == 0, marked.stdout + marked.stderr

    records = ledger(pub.root)
    assert {r["event"] for r in records} == {"claimed", "sent", "manual"}
    assert not any(names_the_machine(r) for r in records)
    # One machine, one id, in every record of both runs (that is what tells a dead
    # local run from another machine's); it is kept outside the repository.
    assert len({r["host"] for r in records}) == 1
    # The working tree's path (/home/anna/...) is hashed with the machine's salt too.
    plain = hashlib.sha256(str(pub.root.resolve()).encode()).hexdigest()[:12]
    assert all(r.get("checkout") not in (plain, None) for r in records if r["event"] != "manual")
    assert list(cache.glob("smmgen/*")) != []
    assert not any(p.name.startswith("machine") for p in pub.root.rglob("*"))


def test_a_dead_claim_recorded_with_the_hostname_is_still_this_machines(
    pub: Repo, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """Ledgers written before the machine id name the host; their dead claims are ours."""
    hook = Webhook(httpserver)
    cache = tmp_path / "cache"
    for name in ("a", "b"):
        pub.post(name, post_text(body=f"Post {name}."))
    died = smmgen(
        pub.root, cache, "publish", "--at", NOON, "--only", "chat",
        SMMGEN_TEST_DISCORD=hook.url, SMMGEN_FAULT="after-send",
    )  # fmt: skip
    assert died.returncode == -signal.SIGKILL, died.stderr
    # As an older smmgen wrote it: the hostname in every record.
    old = [r | {"host": socket.gethostname()} for r in ledger(pub.root)]
    (pub.root / LEDGER_FILE).write_text("".join(json.dumps(r) + "\n" for r in old), "utf-8")

    again = smmgen(pub.root, cache, "publish", "--at", NOON, "--only", "chat",
                   SMMGEN_TEST_DISCORD=hook.url)  # fmt: skip

    # b was only claimed by the dead run: sent now (not "in progress" for 15
    # minutes, as another machine's claim would be); a may have gone out: a
    # person decides (Discord cannot look it up).
    assert sorted(m["content"] for m in hook.messages) == ["Post a.", "Post b."]
    assert ("b", "chat", "sent") in events(pub.root)
    assert again.returncode == 1 and "uncertain" in again.stdout, again.stdout

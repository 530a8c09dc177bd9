"""One registry line per network (issue 14 §3): both halves, and a missing SDK named.

The registry is checked against the modules on disk, so a network cannot be
half added; and a real ``smmgen publish`` process whose Bluesky SDK cannot be
imported (blocked by a ``sitecustomize`` on PYTHONPATH, as on a machine
without it) says which package to install.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smmgen.adapters import load
from smmgen.adapters.base import Adapter
from smmgen.ledger import LEDGER_FILE, Record
from smmgen.networks import HOMES, NETWORKS, by_hand
from smmgen.stats.readers import load as load_reader
from smmgen.stats.readers.base import Reader
from tests.helpers.content_repo import Repo
from tests.helpers.imported import modules_after

SMMGEN = Path(__file__).resolve().parents[1] / "smmgen"

# Imported by Python at start-up: refuses one top-level package, like a machine without it.
BLOCKER = """\
import importlib.abc
import sys

BLOCKED = {blocked!r}


class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, Blocker())
"""

SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  sky:
    network: bluesky
    handle: example.bsky.social
    password_env: SMMGEN_TEST_BSKY
  chat:
    network: discord
    webhook_env: SMMGEN_TEST_DISCORD
"""
NOON = "2026-12-02 12:00"
POST = """\
---
publish_at: 2026-12-02 09:00
networks: [sky]
---

Hallo Berge.
"""


@pytest.mark.parametrize("entry", HOMES, ids=lambda h: h.network.name)
def test_each_registry_line_names_modules_that_exist(entry: object) -> None:
    from smmgen.networks import Home

    assert isinstance(entry, Home)
    network = entry.network
    assert NETWORKS[network.name] is network
    if not entry.adapter:  # posted by hand: nothing to load anywhere
        assert network.publishes_by_hand and by_hand(network.name)
        assert load(network.name) is None and load_reader(network.name) is None
        return
    assert not network.publishes_by_hand and not by_hand(network.name)
    cls = load(network.name)
    assert cls is not None and issubclass(cls, Adapter)
    assert (SMMGEN / "accounts" / f"{entry.adapter}.py").is_file() is entry.checks
    if entry.checks:
        assert callable(importlib.import_module(f"smmgen.accounts.{entry.adapter}").inspect)
    reader = load_reader(network.name)
    assert (reader is not None and issubclass(reader, Reader)) is entry.stats
    assert (SMMGEN / "stats" / "readers" / f"{entry.adapter}.py").is_file() is entry.stats


def test_every_network_that_publishes_by_api_has_an_account_check() -> None:
    assert [e.network.name for e in HOMES if not e.checks and not e.network.publishes_by_hand] == []


def test_unknown_networks_have_no_halves() -> None:
    assert load("myspace") is None and load_reader("myspace") is None
    assert not by_hand("myspace")


def test_a_check_imports_only_the_networks_its_schedule_uses(repo: Repo) -> None:
    # A check of one edited post starts a process: importing all twelve networks'
    # limits would be a good part of its time.
    repo.write("schedule.yaml", SCHEDULE)
    repo.post("a", POST)
    found = modules_after(repo.root, "check", "--at", "2026-12-01 09:00")
    networks = sorted(m[16:] for m in found if m.startswith("smmgen.networks."))
    assert networks == ["base", "bluesky", "discord"]


def without(
    blocked: list[str], root: Path, *args: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """``smmgen ARGS`` as its own process in ``root``, on a Python where ``blocked`` is missing."""
    shim = root.parent / "shim"
    shim.mkdir(exist_ok=True)
    (shim / "sitecustomize.py").write_text(BLOCKER.format(blocked=blocked))
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    clean["PYTHONPATH"] = os.pathsep.join([str(shim), str(SMMGEN.parent)])
    return subprocess.run(
        [sys.executable, "-m", "smmgen", *args],
        cwd=root,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_publish_without_the_bluesky_sdk_says_which_package_to_install(repo: Repo) -> None:
    repo.write("schedule.yaml", SCHEDULE)
    repo.post("a", POST)
    env = {"SMMGEN_TEST_BSKY": "app-pass-word-1234"}
    run = without(["atproto", "atproto_client"], repo.root, "publish", "--at", NOON, env=env)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "install atproto to publish to Bluesky" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    records = [json.loads(line) for line in (repo.root / LEDGER_FILE).read_text().splitlines()]
    assert [(r["post"], r["account"], r["event"]) for r in records][-1] == ("a", "sky", "failed")


X_KEYS = {
    "X_KEY": "key-1234567890",
    "X_SECRET": "secret-1234567890",
    "X_TOKEN": "token-1234567890",
    "X_TOKEN_SECRET": "token-secret-1234567890",
}
X_SCHEDULE = """\
timezone: Europe/Berlin
accounts:
  xacct:
    network: x
    api_key_env: X_KEY
    api_secret_env: X_SECRET
    access_token_env: X_TOKEN
    access_token_secret_env: X_TOKEN_SECRET
"""


def test_checks_statistics_and_retracting_without_tweepy_say_which_package_to_install(
    repo: Repo,
) -> None:
    repo.write("schedule.yaml", X_SCHEDULE)
    check = without(["tweepy"], repo.root, "accounts", "check", env=X_KEYS)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "install tweepy to check accounts on X" in check.stdout
    # A post on the ledger makes the account due for measuring.
    sent = Record("a", "xacct", "k-a", "sent", "2026-12-01T09:00:00+00:00", "run-1", remote_id="1")
    repo.write(LEDGER_FILE, sent.line())
    stats = without(["tweepy"], repo.root, "stats", "collect", "--at", NOON, env=X_KEYS)
    assert stats.returncode == 1, stats.stdout + stats.stderr
    assert "xacct: install tweepy to read statistics from X" in stats.stdout + stats.stderr
    repo.post("a", POST.replace("[sky]", "[xacct]"))
    retract = without(["tweepy"], repo.root, "retract", "a", env=X_KEYS)
    assert retract.returncode == 1, retract.stdout + retract.stderr
    assert "install tweepy to delete posts on X" in retract.stdout
    for run in (check, stats, retract):
        assert "Traceback" not in run.stdout + run.stderr
        assert not any(key in run.stdout + run.stderr for key in X_KEYS.values())


def test_the_blocker_really_blocks(tmp_path: Path) -> None:
    """The shim above is what makes the SDK missing: without it, atproto imports."""
    (tmp_path / "sitecustomize.py").write_text(BLOCKER.format(blocked=["atproto"]))
    code = "import importlib.util, sys\ntry:\n import atproto\nexcept ImportError:\n sys.exit(3)"
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    blocked = subprocess.run([sys.executable, "-c", code], env=env, timeout=120)
    free = subprocess.run([sys.executable, "-c", code], timeout=120)
    assert (blocked.returncode, free.returncode) == (3, 0)

"""`smmgen plan` through the CLI, as JSON, and the slot times it names."""

from __future__ import annotations

import json
from typing import Any

from tests.helpers.content_repo import Repo

ENV = {
    "SMMGEN_TEST_DISCORD": "https://discord.invalid/api/webhooks/1/x",
    "SMMGEN_TEST_DISCORD_2": "",
}


def plan(repo: Repo, at: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = repo.run("plan", "--at", at, "--format", "json", env=ENV if env is None else env)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def states(data: dict[str, Any], account: str) -> dict[str, tuple[str, str | None]]:
    """post → (state, reason) on one account."""
    block = next(a for a in data["accounts"] if a["account"] == account)
    return {
        e["post"]: (state, e["reason"])
        for state in ("due", "upcoming", "held")
        for e in block[state]
    }


def slot_times(data: dict[str, Any], account: str) -> dict[str, str]:
    block = next(a for a in data["accounts"] if a["account"] == account)
    return {
        e["post"]: e["when"] for s in ("due", "upcoming", "held") for e in block[s] if e["slot"]
    }

"""The account check's outputs: a table for people, JSON for workflows, an issue body."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from ..i18n import N_, _
from ..networks.base import FEATURES
from . import EXPIRING, FAILED, OK, AccountReport, FeatureState

SCHEMA = 1  # of the JSON report; the issue job reads it
# The statuses as people read them (the JSON keeps the values themselves).
STATUS_WORDS = {OK: N_("ok"), EXPIRING: N_("expiring"), FAILED: N_("failed")}


def text(reports: Sequence[AccountReport]) -> str:
    """One block per account: verdict, message, and what works per feature."""
    mark = {OK: "✓", EXPIRING: "!", FAILED: "✗"}
    lines = []
    for r in reports:
        status = _(STATUS_WORDS[r.status])
        lines.append(f"{mark[r.status]} {r.account} ({r.network}): {status} — {r.message}")
        if r.features:
            lines.append(f"    {r.summary()}")
    return "\n".join(lines)


def to_json(reports: Sequence[AccountReport], *, checked_at: dt.datetime) -> str:
    """The reports as JSON (``schema``, ``checked_at``, ``accounts``)."""
    data = {
        "schema": SCHEMA,
        "checked_at": checked_at.isoformat(timespec="seconds"),
        "accounts": [
            {
                "account": r.account,
                "network": r.network,
                "status": r.status,
                "message": r.message,
                "expires_at": r.expires_at.isoformat(timespec="seconds") if r.expires_at else None,
                "features": {f.feature: {"works": f.works, "detail": f.detail} for f in r.features},
            }
            for r in reports
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class ReportError(ValueError):
    """The JSON report cannot be read (the message says why)."""


def from_json(raw: str) -> list[AccountReport]:
    """Reports back from :func:`to_json`'s output (for the job that writes the issue)."""
    try:
        data: Any = json.loads(raw)
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise ReportError(_("not an accounts report of schema {schema}").format(schema=SCHEMA))
        out = []
        for a in data["accounts"]:
            status = str(a["status"])
            if status not in (OK, EXPIRING, FAILED):
                raise ReportError(f"unknown status {status!r}")
            features = tuple(
                FeatureState(str(k), v["works"], str(v.get("detail", "")))
                for k, v in a.get("features", {}).items()
                if k in FEATURES
            )
            expires = dt.datetime.fromisoformat(a["expires_at"]) if a.get("expires_at") else None
            out.append(
                AccountReport(
                    str(a["account"]), str(a["network"]), status, str(a["message"]), features,
                    expires,
                )
            )  # fmt: skip
        return out
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, ReportError):
            raise
        raise ReportError(_("malformed accounts report: {exc}").format(exc=exc)) from None


def issue_body(reports: Sequence[AccountReport]) -> str:
    """The issue text listing accounts that failed or expire soon; empty when all are fine."""
    from ..preview import inline

    trouble = [r for r in reports if r.status != OK]
    if not trouble:
        return ""
    lines = [
        _(
            "`smmgen accounts check` found accounts that need attention. Renew or fix the "
            "credentials (the README's account settings list each network's permissions), "
            "update the repository secrets, and re-run the *accounts* workflow; this issue "
            "closes itself when every account passes."
        ),
        "",
    ]
    for r in trouble:
        what = _("expires soon") if r.status == EXPIRING else _("fails")
        lines.append(
            f"- [ ] **{inline(r.account)}** ({inline(r.network)}) {what}: {inline(r.message)}"
        )
        missing = [f for f in r.features if f.works is False]
        if missing:
            lines.append(f"  - {inline(r.summary())}")
    return "\n".join(lines) + "\n"

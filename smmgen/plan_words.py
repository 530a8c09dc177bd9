"""How the plan's states and reasons read to people (``plan`` text, the preview site).

The words themselves (``due``, ``draft``, …) stay as they are in ``--format json``
and the ledger; these are their translatable labels (smmgen.i18n).
"""

from __future__ import annotations

from .i18n import N_, _

STATE_WORDS = {"due": N_("due"), "upcoming": N_("upcoming"), "held": N_("held")}
REASON_WORDS = {
    "draft": N_("draft"),
    "invalid": N_("invalid"),
    "paused": N_("paused"),
    "blackout": N_("blackout"),
    "missed": N_("missed"),
    "credentials": N_("credentials"),
    "published": N_("published"),
    "edited": N_("edited"),
    "in-progress": N_("in-progress"),
    "uncertain": N_("uncertain"),
    "unreachable": N_("unreachable"),
    "renamed": N_("renamed"),
    "retracted": N_("retracted"),
    "target-gone": N_("target-gone"),
}


# How a publishing run's result for one post reads (``smmgen publish``).
RESULT_WORDS = {
    "sent": N_("sent"),
    "found": N_("found"),
    "failed": N_("failed"),
    "uncertain": N_("uncertain"),
    "held": N_("held"),
}


def result_label(result: str) -> str:
    """A publishing result (or a held entry's reason) in the language in use."""
    if result in RESULT_WORDS:
        return _(RESULT_WORDS[result])
    return reason_label(result)


def state_label(state: str) -> str:
    """``state`` in the language in use (unknown words as they are)."""
    return _(STATE_WORDS[state]) if state in STATE_WORDS else state


def reason_label(reason: str) -> str:
    """``reason`` in the language in use (unknown words as they are)."""
    return _(REASON_WORDS[reason]) if reason in REASON_WORDS else reason

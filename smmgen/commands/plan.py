"""`smmgen plan`: per account, what is due now, what comes next, and what is held back."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import _, ngettext
from ..plan_words import STATE_WORDS, reason_label, state_label
from ._common import AT_OPTION, checklist, echo_problems, when_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..ledger import Record
    from ..pause import Switch
    from ..plan import Entry, Plan
    from ..run_context import Context

UPCOMING_SHOWN = 10  # per account in text output on a terminal; --all, a pipe or json: all


def format_text(
    plan: Plan,
    ctx: Context,
    shown: int | None = UPCOMING_SHOWN,
    switches: Sequence[Switch] = (),
    records: Sequence[Record] | None = None,
) -> str:
    """The plan as text: which pause switch is on, then one block per account, at most
    ``shown`` upcoming posts each (None: all). ``records``: the ledger the plan was made
    from (for the best times; None: read again)."""
    from ..networks import by_hand
    from ..plan import Reason, State

    lines = [
        _("Plan at {time} ({zone})").format(
            time=plan.at.strftime("%Y-%m-%d %H:%M"), zone=plan.timezone
        )
    ]
    lines += [_("PAUSED: {switch}").format(switch=s.describe()) for s in switches]
    width = max(9, *(len(_(word)) for word in STATE_WORDS.values()))  # 9: as before i18n
    manual: list[tuple[Entry, str]] = []
    for name, account in ctx.schedule.accounts.items():
        mine = [e for e in plan.entries if e.account == name]
        if not mine:
            continue
        lines.append(f"\n{name} ({account.network})")
        published = sum(e.reason == Reason.PUBLISHED for e in mine)
        upcoming = [e for e in mine if e.state == State.UPCOMING]
        hidden = set(map(id, upcoming[shown:])) if shown is not None else set()
        for e in mine:
            if e.reason == Reason.PUBLISHED or id(e) in hidden:
                continue
            slot = "  [" + _("slot {name}").format(name=e.slot) + "]" if e.slot else ""
            reason = reason_label(e.reason) if e.reason else ""
            why = f"  {reason}: {e.detail}" if e.reason else (f"  {e.detail}" if e.detail else "")
            state = state_label(e.state)
            lines.append(f"  {state:<{width}} {when_text(e, plan):<16}  {e.post}{slot}{why}")
            if e.state == State.DUE and by_hand(e.network):
                post = next(p for p in ctx.posts if p.id == e.post)
                manual.append((e, "\n\n".join(ctx.rendered(post, name).parts)))
        lines += _counts(len(hidden), published)
    close = gap_warnings(plan, ctx)
    if close:
        lines += ["", *(_("warning: {message}").format(message=w) for w in close)]
    from ..stats.suggest import best_times, best_times_text

    best = best_times(ctx.root, ctx.schedule, ctx.posts, plan.at, records=records)
    lines += best_times_text(best, ctx.schedule)
    if manual:
        lines += ["", _("Post by hand:"), checklist(manual, ctx)]
    return "\n".join(lines) + "\n"


def _counts(hidden: int, published: int) -> list[str]:
    """The lines under an account's entries: upcoming posts not listed, posts already out."""
    lines = []
    if hidden:
        more = ngettext(
            "… and {n} more upcoming (--all lists them)",
            "… and {n} more upcoming (--all lists them)",
            hidden,
        )
        lines.append("  " + more.format(n=hidden))
    if published:
        out = ngettext("{n} already published", "{n} already published", published)
        lines.append("  " + out.format(n=published))
    return lines


def gap_warnings(plan: Plan, ctx: Context) -> list[str]:
    """One line per pair of posts on an account closer than schedule.yaml's min_gap."""
    from ..plan import too_close
    from ..timing import duration

    gap = ctx.schedule.min_gap
    return [
        _("{account}: {post} at {time} is {gap} after {earlier}; min_gap is {min_gap}").format(
            account=b.account,
            post=b.post,
            time=when_text(b, plan),
            gap=duration(b.when - a.when),
            earlier=a.post,
            min_gap=duration(gap),
        )
        for a, b in too_close(plan, gap)
        if a.when is not None and b.when is not None
    ]


def to_json(
    plan: Plan,
    ctx: Context,
    switches: Sequence[Switch] = (),
    records: Sequence[Record] | None = None,
) -> dict[str, Any]:
    """The plan as data: the pause switches on, accounts → due, upcoming, held (with reasons).

    ``records``: as for :func:`format_text`."""
    from ..plan import State
    from ..stats.suggest import best_times, best_times_json

    accounts: list[dict[str, Any]] = []
    for name, account in ctx.schedule.accounts.items():
        block: dict[str, Any] = {"account": name, "network": account.network}
        for state in State:
            block[state] = [
                {
                    "post": e.post,
                    "path": e.path,
                    "when": e.when.isoformat() if e.when else None,
                    "slot": e.slot,
                    "reason": e.reason,
                    "detail": e.detail,
                }
                for e in plan.entries
                if e.account == name and e.state == state
            ]
        accounts.append(block)
    return {
        "at": plan.at.isoformat(),
        "timezone": plan.timezone,
        "paused": [s.to_json() for s in switches],
        "accounts": accounts,
        "warnings": gap_warnings(plan, ctx),
        "best_times": best_times_json(
            best_times(ctx.root, ctx.schedule, ctx.posts, plan.at, records=records)
        ),
    }


@click.command(cls=Command)
@ROOT_OPTION
@AT_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    # A plain text, so the catalog finds it: the 10 is UPCOMING_SHOWN.
    help="List every upcoming post. On a terminal text output shows 10 per "
    "account; into a pipe or file it lists all.",
)
def plan(root: Path | None, at_text: str | None, fmt: str, show_all: bool) -> None:
    """Show, per account, what is due at TIME, what is upcoming and what is held back, and why."""
    import os

    from ..plan import resolve_at
    from ..publish import build_plan, load, switches_now
    from ..repo import find_root
    from ..shared_ledger import read_known

    ctx = load(find_root(explicit=root))
    at = resolve_at(at_text, ctx.schedule.timezone)
    known = read_known(ctx.root)
    echo_problems(known.problems)
    switches = switches_now(ctx, os.environ)
    records = known.records()
    result = build_plan(ctx, records, at, switches=switches)
    if fmt == "json":
        data = to_json(result, ctx, switches, records)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        terminal = sys.stdout.isatty()
        shown = UPCOMING_SHOWN if terminal and not show_all else None
        click.echo(format_text(result, ctx, shown, switches, records), nl=False)
    sys.exit(0)

"""`smmgen github ...`: the sticky PR preview comment and the manual-posting issue."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..cli import ROOT_OPTION, Group
from ..i18n import _
from ._common import AT_OPTION, echo_problems, when_text
from ._common import read_body as _read_body

if TYPE_CHECKING:
    from ..github import Client
    from ..problems import Problem

MAX_WAIT = click.option(
    "--max-wait",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Longest wait in seconds for GitHub's rate limit to lift before giving up.",
)
AUTHOR = click.option(
    "--author",
    metavar="LOGIN",
    help="Whose comment or issue is ours. Default: the token's user "
    "(github-actions[bot] for a workflow's GITHUB_TOKEN).",
)


@click.group(cls=Group)
def github() -> None:
    """Talk to GitHub from a workflow (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL)."""
    from .. import i18n
    from ..repo import locate_root

    # A workflow runs these in the checked-out repository, whose schedule.yaml names
    # the team's language (the runner's locale is C); --root refines it where given.
    i18n.use(i18n.for_root(locate_root()))


@github.command()
@click.option("--pr", "number", type=click.IntRange(min=1), required=True, help="PR number.")
@click.option(
    "--body-file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The comment (from `smmgen preview`), an ordinary file (links are refused); "
    "empty means the PR touches no posts.",
)
@click.option(
    "--head-sha",
    metavar="SHA",
    help="Only comment if this is still the PR's head commit (skip stale runs).",
)
@click.option(
    "--delete-if-empty/--keep-if-empty",
    default=True,
    show_default=True,
    help="Delete our comment when the body is empty.",
)
@AUTHOR
@MAX_WAIT
def comment(
    number: int,
    body_file: Path,
    head_sha: str | None,
    delete_if_empty: bool,
    author: str | None,
    max_wait: float,
) -> None:
    """Create or update the one preview comment (marker <!-- smmgen-preview -->) on a PR.

    Only a comment by us with the marker is edited; other people's comments are
    never touched. Exit status: 0, or 2 when GitHub refuses (the reason is printed).
    """
    from ..github import Client, GitHubError, settings_from_env

    if head_sha is not None and not all(c in "0123456789abcdef" for c in head_sha.lower()):
        raise GitHubError(_("--head-sha must be a commit SHA (hex digits)"))
    body = _read_body(body_file)
    if not body.strip() and not delete_if_empty:
        click.echo(_("#{number}: empty preview, comment kept").format(number=number))
        return
    client = Client(settings_from_env(), max_wait=max_wait)
    result = client.upsert_comment(number, body, head_sha=head_sha, author=author)
    click.echo(
        {
            "created": _("#{number}: preview comment created"),
            "updated": _("#{number}: preview comment updated"),
            "unchanged": _("#{number}: preview comment already up to date"),
            "deleted": _("#{number}: no posts changed any more, preview comment deleted"),
            "none": _("#{number}: no posts changed, nothing to comment"),
            "stale": _("#{number}: skipped, {sha} is no longer the head of the PR"),
        }[result].format(number=number, sha=head_sha)
    )


def manual_checklist(root: Path | None, at_text: str | None) -> str:
    """The issue body: manual-network posts that are due (or late), with the text to copy."""
    from ..networks import by_hand
    from ..plan import Reason, State, resolve_at
    from ..preview import code_span, fence, inline
    from ..publish import build_plan, load
    from ..repo import find_root
    from ..shared_ledger import read_known

    ctx = load(find_root(explicit=root))
    known = read_known(ctx.root)
    echo_problems(known.problems)
    plan = build_plan(ctx, known.records(), resolve_at(at_text, ctx.schedule.timezone))
    entries = [
        e
        for e in plan.entries
        if by_hand(e.network) and (e.state == State.DUE or e.reason == Reason.MISSED)
    ]
    if not entries:
        return ""
    posts = {p.id: p for p in ctx.posts}
    lines = [
        _(
            "These posts are due on accounts smmgen cannot post to. Post each by hand, tick "
            "its box, and record it with the command shown (the ledger then drops it from "
            "this list)."
        ),
        "",
    ]
    for e in entries:
        account = ctx.schedule.accounts[e.account]
        platform = str(account.settings.get("platform", account.name))
        late = " — **" + _("late") + "**" if e.reason == "missed" else ""
        text = "\n\n".join(ctx.rendered(posts[e.post], e.account).parts)
        command = f"smmgen mark-published {e.post} --account {e.account} --url URL --commit"
        lines += [
            f"- [ ] {inline(platform)} ({inline(e.account)}): {code_span(e.path)}, "
            + _("due {time}").format(time=f"{when_text(e, plan)} {inline(plan.timezone)}")
            + late,
            "",
            "  <details><summary>" + _("Text to copy") + "</summary>",
            "",
            *(f"  {line}" if line else "" for line in fence(text).splitlines()),
            "",
            "  </details>",
            "",
            "  " + _("Then: {command}").format(command=code_span(command)),
            "",
        ]
    return "\n".join(lines)


@github.command()
@click.option(
    "--body-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The checklist in Markdown (empty closes the issue). Default: made from the plan.",
)
@ROOT_OPTION
@AT_OPTION
@click.option(
    "--title",
    help="The issue's title. Default: “Posts to publish by hand” (in the repository's language).",
)
@click.option("--label", default="smmgen-manual", show_default=True)
@AUTHOR
@MAX_WAIT
def checklist(
    body_file: Path | None,
    root: Path | None,
    at_text: str | None,
    title: str | None,
    label: str,
    author: str | None,
    max_wait: float,
) -> None:
    """Open or update the one issue listing manual-network posts that are due.

    Closes it when nothing is due. Boxes already ticked stay ticked. Exit
    status: 0, or 2 when GitHub refuses.
    """
    from ..github import Client, settings_from_env

    body = _read_body(body_file) if body_file is not None else manual_checklist(root, at_text)
    client = Client(settings_from_env(), max_wait=max_wait)
    title = title or _("Posts to publish by hand")
    result = client.upsert_issue(title, body, label=label, author=author)
    click.echo(
        {
            "created": _("opened the '{label}' issue"),
            "updated": _("updated the '{label}' issue"),
            "unchanged": _("the '{label}' issue is up to date"),
            "closed": _("nothing to post by hand: closed the '{label}' issue"),
            "none": _("nothing to post by hand"),
        }[result].format(label=label)
    )


@github.command()
@ROOT_OPTION
@click.option(
    "--workflow",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".github/workflows/publish.yml"),
    show_default=True,
    help="The publish workflow whose schedule is billed (relative to the repository).",
)
@click.option(
    "--pushes",
    type=click.IntRange(min=0),
    default=40,
    show_default=True,
    help="Merges to the default branch a month.",
)
@click.option(
    "--pr-pushes",
    type=click.IntRange(min=0),
    default=60,
    show_default=True,
    help="Pushes to pull requests a month.",
)
@click.option(
    "--publish-minutes",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Billed minutes of one publish job (GitHub rounds each job up).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def cost(
    root: Path | None,
    workflow: Path,
    pushes: int,
    pr_pushes: int,
    publish_minutes: int,
    fmt: str,
) -> None:
    """Estimate this repository's GitHub Actions minutes a month, and the cron for active_hours.

    Reads schedule.yaml (timezone, slots, active_hours, manual accounts) and the
    publish workflow's cron lines. Exit status: 0 within GitHub Free's 2,000
    minutes, 1 over them, 2 when schedule.yaml or the workflow cannot be read.
    """
    from ..actions_cost import cost_report
    from ..errors import ConfigError
    from ..repo import SCHEDULE_FILE, find_root
    from ..schedule import read_schedule

    base = find_root(explicit=root)
    schedule, problems = read_schedule(base, base / SCHEDULE_FILE)
    if schedule is None or any(p.is_error for p in problems):
        raise ConfigError(_("schedule.yaml has errors; run smmgen check"))
    report = cost_report(
        base, schedule, workflow, pushes=pushes, pr_pushes=pr_pushes,
        publish_minutes=publish_minutes,
    )  # fmt: skip
    click.echo(report.as_json() if fmt == "json" else report.as_text())
    sys.exit(0 if report.within_free else 1)


@github.command("accounts")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The JSON of `smmgen accounts check --format json` (from the job with the tokens).",
)
@click.option(
    "--title",
    help="The issue's title. Default: “Social media accounts need attention” "
    "(in the repository's language).",
)
@click.option("--label", default="smmgen-accounts", show_default=True)
@AUTHOR
@MAX_WAIT
def accounts_issue(
    report_file: Path, title: str | None, label: str, author: str | None, max_wait: float
) -> None:
    """Open or update the one issue listing accounts that fail or whose token expires soon.

    Closes it when every account passes. Exit status: 0, or 2 when the report
    cannot be read or GitHub refuses.
    """
    from ..accounts.report import ReportError, from_json, issue_body
    from ..github import Client, GitHubError, settings_from_env

    try:
        reports = from_json(_read_body(report_file))
    except ReportError as exc:
        raise GitHubError(
            _("{report_file}: {exc}").format(report_file=report_file, exc=exc)
        ) from None
    client = Client(settings_from_env(), max_wait=max_wait)
    # The issue is found again by its label, so its title may follow the language.
    title = title or _("Social media accounts need attention")
    result = client.upsert_issue(title, issue_body(reports), label=label, author=author)
    click.echo(
        {
            "created": _("opened the '{label}' issue"),
            "updated": _("updated the '{label}' issue"),
            "unchanged": _("the '{label}' issue is up to date"),
            "closed": _("every account passes: closed the '{label}' issue"),
            "none": _("every account passes"),
        }[result].format(label=label)
    )


@github.command()
@click.option(
    "--body-file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The report in Markdown (`smmgen stats --since 7d --format markdown`).",
)
@click.option("--week", metavar="YYYY-Www", help="The report's week. Default: this week (UTC).")
@click.option("--label", default="smmgen-report", show_default=True)
@AUTHOR
@MAX_WAIT
def report(
    body_file: Path, week: str | None, label: str, author: str | None, max_wait: float
) -> None:
    """Open or update this week's report issue; close the earlier weeks' ones.

    The body is treated as untrusted text: mentions, images and foreign links
    are disarmed before posting. Exit status: 0, or 2 when GitHub refuses.
    """
    import datetime as dt

    from ..errors import ConfigError
    from ..github import Client, link_hosts, settings_from_env
    from ..untrusted_markdown import neutralise

    if week is None:
        year, number, _unused = dt.datetime.now(dt.UTC).isocalendar()
        week = f"{year}-W{number:02d}"
    elif not re.fullmatch(r"\d{4}-W\d{2}", week):
        raise ConfigError(_("--week '{week}' is not a week; write e.g. 2026-W49").format(week=week))
    settings = settings_from_env()
    body = neutralise(_read_body(body_file), link_hosts(settings))
    client = Client(settings, max_wait=max_wait)
    result = client.upsert_weekly(f"Statistics {week}", body, label=label, author=author)
    click.echo(
        {
            "created": _("created the '{label}' issue for {week}"),
            "updated": _("updated the '{label}' issue for {week}"),
            "unchanged": _("unchanged the '{label}' issue for {week}"),
        }[result].format(label=label, week=week)
    )


# Posts from the New post issue form (smmgen/commands/github_forms.py).
from .github_forms import forms, pr  # noqa: E402

github.add_command(forms)
github.add_command(pr)

# Fast replies (smmgen/commands/github_fast.py).
from .github_fast import fast_reply, fast_reply_answer  # noqa: E402

github.add_command(fast_reply)
github.add_command(fast_reply_answer)


@github.command()
@ROOT_OPTION
@click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The JSON of `smmgen inbox --format json` (the inbox workflow's artifact).",
)
@click.option("--label", default="smmgen-inbox", show_default=True)
@MAX_WAIT
def inbox(root: Path | None, source: Path, label: str, max_wait: float) -> None:
    """Turn each new inbox conversation into an issue (new items become comments).

    Only in a private repository, or where schedule.yaml has
    `inbox: {public_issues: true}`; otherwise one digest issue with links and
    counts. Exit status: 0, or 2 when GitHub refuses or the file is not
    inbox JSON.
    """
    import json

    from ..errors import ConfigError
    from ..github import Client, settings_from_env
    from ..inbox.issues import DIGEST_TITLE, digest
    from ..repo import SCHEDULE_FILE, find_root
    from ..schedule import read_schedule

    try:
        convs = json.loads(_read_body(source))
    except ValueError as exc:
        raise ConfigError(
            _("{source}: not inbox JSON ({exc})").format(source=source, exc=exc)
        ) from None
    if not isinstance(convs, list) or not all(
        isinstance(c, dict) and isinstance(c.get("items"), list) for c in convs
    ):
        raise ConfigError(
            _("{source}: not the JSON of smmgen inbox --format json").format(source=source)
        )
    repo = find_root(explicit=root)
    schedule, _unused = read_schedule(repo, repo / SCHEDULE_FILE)
    settings = (schedule.settings.get("inbox") or {}) if schedule is not None else {}
    allowed = isinstance(settings, dict) and settings.get("public_issues") is True
    client = Client(settings_from_env(), max_wait=max_wait)
    if not client.is_private() and not allowed:
        result = client.upsert_issue(_(DIGEST_TITLE), digest(convs), label=label)
        click.echo(
            _("public repository: digest of links and counts only ({result})").format(result=result)
        )
        return
    counts = client.inbox_issues(convs, label=label)
    click.echo(
        _(
            "{counts} issue(s) opened, {counts2} updated with new messages, {counts3} unchanged"
        ).format(counts=counts["opened"], counts2=counts["commented"], counts3=counts["unchanged"])
    )


@github.command("reply")
@ROOT_OPTION
@click.option("--issue", "number", type=click.IntRange(min=1), required=True, help="Issue number.")
@click.option("--author", required=True, help="Who wrote the comment (GitHub login).")
@click.option(
    "--comment-file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The comment's text.",
)
@click.option(
    "--comment-id",
    type=click.IntRange(min=1),
    help="The comment's id: a fast reply's file is named by it, so a rerun writes the same.",
)
@MAX_WAIT
def reply_command(
    root: Path | None,
    number: int,
    author: str,
    comment_file: Path,
    comment_id: int | None,
    max_wait: float,
) -> None:
    """`/reply TEXT` on an inbox issue: write a checked reply file for a pull request.

    Only the people CODEOWNERS names for replies/ (as @login); anyone else gets
    a note. Writes `reply-file=PATH` to $GITHUB_OUTPUT for the workflow's next
    step, and `fast=true` where schedule.yaml allows fast replies (the file is
    then sent at once by `smmgen github fast-reply`, not reviewed). Exit
    status: 0 (a reply file, or nothing to do), 1 the reply has check errors
    (they are commented), 2 GitHub refused.
    """
    import os

    from ..github import Client, settings_from_env
    from ..inbox import reply_command as cmd
    from ..project import load_project
    from ..repo import find_root

    text = cmd.parse(_read_body(comment_file))
    if text is None:
        click.echo(_("not a /reply comment"))
        return
    repo = find_root(explicit=root)
    client = Client(settings_from_env(), max_wait=max_wait)
    names = cmd.owners(repo, "replies/reply.md")
    if not cmd.allowed(author, names):
        _ignore_reply(client, number, author, names)
        return
    found = cmd.target(client.issue_and_comments(number))
    if found is None:
        client.comment_issue(number, _("`/reply`: this issue names no message to answer."))
        sys.exit(1)
    account, url = found
    fast = _fast_replies(repo)  # a fast reply is named by its comment (reruns: one file)
    rel = cmd.write(repo, account, url, text, number, comment_id if fast else None)
    errors = [p for p in load_project(repo, [repo / rel], cache=False).problems if p.is_error]
    if errors:
        (repo / rel).unlink()
        _refuse_reply(client, number, rel, errors)
        sys.exit(1)
    if output := os.environ.get("GITHUB_OUTPUT"):
        with open(output, "a", encoding="utf-8") as out:
            out.write(f"reply-file={rel}\n" + ("fast=true\n" if fast else ""))
    said = _("{rel}: answers {url} as {account}").format(rel=rel, url=url, account=account)
    click.echo(said + (_(" (fast reply: sent next)") if fast else ""))


def _refuse_reply(client: Client, number: int, rel: str, errors: list[Problem]) -> None:
    """Comment why a ``/reply`` was not turned into a reply file (its check errors)."""
    lines = "\n".join(
        _("- line {line}: {message} [{rule}]").format(line=p.line, message=p.message, rule=p.rule)
        for p in errors
    )
    client.comment_issue(number, _("`/reply` not sent for review, it has errors:") + f"\n\n{lines}")
    click.echo(
        _("{rel}: {len} error(s); commented on #{number}").format(
            rel=rel, len=len(errors), number=number
        )
    )


def _ignore_reply(client: Client, number: int, author: str, names: list[str]) -> None:
    """Answer a ``/reply`` of someone CODEOWNERS does not name for replies/ with a note."""
    people = ", ".join(n for n in names if "/" not in n) or _("nobody by name")
    client.comment_issue(
        number,
        _(
            "`/reply` from `{author}` ignored: only the code owners of `replies/` named as "
            "people in CODEOWNERS can answer from here ({people}; teams cannot be checked by "
            "the workflow's token). Anyone can propose a reply: `smmgen reply URL` and a pull "
            "request."
        ).format(author=author, people=people),
    )
    click.echo(_("ignored: {author} is not a code owner of replies/").format(author=author))


def _fast_replies(repo: Path) -> bool:
    """Whether schedule.yaml allows fast replies (``inbox: {fast_replies: true}``)."""
    from ..inbox.fast import enabled
    from ..schedule import read_schedule

    schedule, _problems = read_schedule(repo, repo / "schedule.yaml")
    return enabled(schedule)

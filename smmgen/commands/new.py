"""`smmgen new`: write a new post file in the right folder, then check it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import N_, _

if TYPE_CHECKING:
    from ..model import Post, Schedule
    from ..newpost import Draft, Image


_FROM_ISSUE_ALONE = N_("--from-issue takes everything from the issue; give no other options")


@click.command(cls=Command)
@click.argument("title", required=False)
@click.option("--accounts", help="Accounts from schedule.yaml, separated by commas.")
@click.option("--at", "at_text", metavar="TIME", help="When: 'YYYY-MM-DD HH:MM' (schedule's zone).")
@click.option(
    "--slot",
    "use_slot",
    is_flag=True,
    help="Join the queue of the slot that posts to these accounts.",
)
@click.option("--campaign", help="Campaign name.")
@click.option("--link", help="The URL the post is about.")
@click.option(
    "--sponsored", is_flag=True, help="Paid or partner content (needs the disclosure label)."
)
@click.option(
    "--image",
    "images",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An image (repeatable); each needs an --alt.",
)
@click.option("--alt", "alts", multiple=True, help="Alt text of the --image at the same position.")
@click.option(
    "--body-file",
    type=click.File("r", encoding="utf-8"),
    help="The post's text from a file, or '-' for standard input.",
)
@click.option(
    "--from-issue",
    "issue",
    type=click.IntRange(min=1),
    metavar="N",
    help="Write the post a New post issue form describes (in a workflow: GITHUB_TOKEN, "
    "GITHUB_REPOSITORY); images are downloaded from GitHub's attachment hosts only.",
)
@ROOT_OPTION
@click.pass_context
def new(
    ctx: click.Context,
    title: str | None,
    accounts: str | None,
    at_text: str | None,
    use_slot: bool,
    campaign: str | None,
    link: str | None,
    sponsored: bool,
    images: tuple[Path, ...],
    alts: tuple[str, ...],
    body_file: TextIO | None,
    issue: int | None,
    root: Path | None,
) -> None:
    """Write a new post: content/YYYY-MM/YYYY-MM-DD-TITLE.md, print its path, check it.

    Without any argument it asks for the text, the accounts (a choice from
    schedule.yaml), the time (the next free slot suggested), a campaign and an
    image. The text is TITLE unless --body-file gives it. Exit status: 0 the
    post is fine, 1 check found errors in it (the file is written anyway),
    2 a usage problem (nothing written).
    """
    from ..errors import ConfigError
    from ..newpost import Draft, Image, write_post
    from ..repo import find_root
    from ..schedule import read_schedule

    repo = find_root(explicit=root)
    schedule, _unused = read_schedule(repo, repo / "schedule.yaml")
    if schedule is None:
        raise ConfigError(_("schedule.yaml has errors; run `smmgen check` and fix them first"))
    now = _now(schedule.timezone)
    posts = _posts(repo)
    given = (title, accounts, at_text, use_slot, campaign, link, sponsored, images, body_file)
    if issue is not None:
        if any(given):
            raise ConfigError(_(_FROM_ISSUE_ALONE))
        draft = _from_issue(repo, schedule, issue)
    elif not any(given):
        draft = _ask(schedule, posts, now)
    else:
        if len(images) != len(alts):
            raise ConfigError(_("each --image needs an --alt (the alt text, in the same order)"))
        body = body_file.read() if body_file is not None else (title or "")
        if not body.strip():
            raise ConfigError(_("the post has no text; give TITLE or --body-file"))
        chosen = _accounts(schedule, accounts)
        publish_at, slot = _when(schedule, chosen, at_text, use_slot)
        pictures = tuple(Image(p, a) for p, a in zip(images, alts, strict=True))
        draft = Draft(body, chosen, publish_at, slot, campaign, link, sponsored, pictures, title)
    day = _day(schedule, posts, draft, now)
    rel, copied = write_post(repo, draft, day)
    click.echo(rel)
    for image in copied:
        click.echo(_("  copied {image}").format(image=image), err=True)
    from .check import check

    ctx.invoke(check, paths=(repo / rel,), root=repo, fmt=None, no_cache=False)


def _from_issue(repo: Path, schedule: Schedule, issue: int) -> Draft:
    """The post a New post issue form describes (see :mod:`smmgen.from_issue`)."""
    from ..from_issue import convert
    from ..github import settings_from_env
    from ..newpost import Draft

    draft, who = convert(repo, schedule, issue, settings_from_env())
    click.echo(
        _("issue #{issue}: converted (write access: {who})").format(issue=issue, who=who), err=True
    )
    assert isinstance(draft, Draft)
    return draft


def _now(timezone: str) -> dt.datetime:
    from ..plan import resolve_at

    # The clock check and plan use (SMMGEN_AT in tests and dry runs), else now.
    return resolve_at(os.environ.get("SMMGEN_AT") or None, timezone)


def _posts(repo: Path) -> list[Post]:
    from ..content import read_post
    from ..repo import post_files

    found = []
    for f in post_files(repo):
        post, _ = read_post(repo, f)
        if post is not None:
            found.append(post)
    return found


def _accounts(schedule: Schedule, text: str | None) -> tuple[str, ...]:
    from ..errors import ConfigError
    from ..fields import suggest

    if not text:
        raise ConfigError(
            _("say where: --accounts {items} (or some of them)").format(
                items=",".join(schedule.accounts)
            )
        )
    names = tuple(dict.fromkeys(a.strip() for a in text.split(",") if a.strip()))
    for name in names:
        if name not in schedule.accounts:
            raise ConfigError(
                _("'{name}' is not an account in schedule.yaml; use {items}{suggest}").format(
                    name=name,
                    items=", ".join(schedule.accounts),
                    suggest=suggest(name, schedule.accounts),
                )
            )
    return names


def _when(
    schedule: Schedule, accounts: tuple[str, ...], at_text: str | None, use_slot: bool
) -> tuple[str | None, str | None]:
    from ..content import parse_publish_at
    from ..errors import ConfigError
    from ..newpost import slot_for

    if at_text and use_slot:
        raise ConfigError(_("give --at or --slot, not both"))
    if use_slot:
        slot = slot_for(schedule, accounts)
        if slot is None:
            raise ConfigError(
                _("no slot in schedule.yaml posts to all of {items}; give --at").format(
                    items=", ".join(accounts)
                )
            )
        return None, slot
    if not at_text:
        raise ConfigError(_("say when: --at 'YYYY-MM-DD HH:MM' or --slot (the next free slot)"))
    parsed, now, problem = parse_publish_at(at_text)
    if problem or (parsed is None and not now):
        raise ConfigError(_("--at: {problem}").format(problem=problem))
    if now:
        return "now", None
    assert parsed is not None
    text = parsed.strftime("%Y-%m-%d %H:%M") if parsed.tzinfo is None else parsed.isoformat()
    return text, None


def _day(schedule: Schedule, posts: list[Post], draft: Draft, now: dt.datetime) -> dt.date:
    """The date in the file name: the post's time, its slot's next free time, or today."""
    from zoneinfo import ZoneInfo

    from ..content import parse_publish_at
    from ..newpost import next_free

    if draft.publish_at and draft.publish_at != "now":
        parsed, _, _ = parse_publish_at(draft.publish_at)
        if parsed is not None:
            tz = ZoneInfo(schedule.timezone)
            return (parsed if parsed.tzinfo is None else parsed.astimezone(tz)).date()
    if draft.slot:
        when = next_free(schedule, posts, draft.slot, draft.accounts, now)
        if when is not None:
            return when.date()
    return now.date()


def _ask(schedule: Schedule, posts: list[Post], now: dt.datetime) -> Draft:
    """The questions asked in a terminal when `smmgen new` gets no arguments."""
    from functools import partial

    from ..i18n import weekday_name
    from ..newpost import Draft, next_free, slot_for

    body = click.prompt(_("Text of the post (one paragraph; longer texts with --body-file)"))
    names = list(schedule.accounts)
    click.echo(_("Accounts:"))
    for i, name in enumerate(names, 1):
        click.echo(f"  {i}) {name} ({schedule.accounts[name].network})")
    accounts: tuple[str, ...] = click.prompt(
        _("Accounts (numbers or names, separated by commas)"),
        default="1",
        value_proc=partial(_pick_accounts, schedule),
    )
    slot = slot_for(schedule, accounts)
    suggestion = next_free(schedule, posts, slot, accounts, now) if slot else None
    hint = (
        _("; Enter: the next free slot, {when} ('{slot}')").format(
            when=f"{weekday_name(suggestion.weekday(), short=True)} {suggestion:%Y-%m-%d %H:%M}",
            slot=slot,
        )
        if suggestion
        else ""
    )
    publish_at, chosen_slot = click.prompt(
        _("When? YYYY-MM-DD HH:MM{hint}").format(hint=hint),
        default="slot" if suggestion else None,
        show_default=False,
        value_proc=partial(_time_answer, slot),
    )
    campaign = click.prompt(_("Campaign (Enter for none)"), default="", show_default=False)
    return Draft(
        body=body,
        accounts=accounts,
        publish_at=publish_at,
        slot=chosen_slot,
        campaign=campaign or None,
        images=_ask_image(),
    )


def _pick_accounts(schedule: Schedule, answer: str) -> tuple[str, ...]:
    """The accounts an answer names, by number in the list shown or by name."""
    names = list(schedule.accounts)
    chosen = []
    for part in (p.strip() for p in answer.replace(" ", ",").split(",")):
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= len(names):
            chosen.append(names[int(part) - 1])
        elif part in schedule.accounts:
            chosen.append(part)
        else:
            wrong = _("'{part}' is neither a number from the list nor an account")
            raise click.BadParameter(wrong.format(part=part))
    if not chosen:
        raise click.BadParameter(_("choose at least one account"))
    return tuple(dict.fromkeys(chosen))


def _time_answer(slot: str | None, answer: str) -> tuple[str | None, str | None]:
    """(publish_at, slot) for an answer to "When?": a time, ``now``, or ``slot``."""
    from ..content import parse_publish_at

    if answer == "slot" and slot:
        return None, slot
    parsed, is_now, problem = parse_publish_at(answer)
    if problem:
        raise click.BadParameter(problem)
    if is_now:
        return "now", None
    assert parsed is not None
    return (
        parsed.strftime("%Y-%m-%d %H:%M") if parsed.tzinfo is None else parsed.isoformat()
    ), None


def _ask_image() -> tuple[Image, ...]:
    """An image file and its alt text, or none."""
    from ..newpost import Image

    image_path = click.prompt(_("Image file (Enter for none)"), default="", show_default=False)
    if not image_path:
        return ()
    path = Path(image_path).expanduser()
    if not path.is_file():
        click.echo(_("no file {path}; add the image later").format(path=path), err=True)
        return ()
    alt = click.prompt(_("Alt text: what the image shows, for people who cannot see it"))
    return (Image(path, alt),)

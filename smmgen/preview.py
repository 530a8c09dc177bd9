"""The pull-request preview: changed posts as each account will send them, in Markdown.

Two stages: :func:`collect` turns post files into :class:`PostPreview` values
(rendered through the same :class:`~smmgen.render.Renderer` that publishing
uses, problems from :func:`~smmgen.project.load_project`), and :func:`to_markdown`
writes the comment, escaping every piece of user text and staying under
GitHub's comment limit.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .endpoints import Change, changes, phrase
from .errors import ConfigError
from .i18n import _, ngettext, number, weekday_name
from .limit_words import unit_label
from .mentions import PEOPLE_FILE
from .model import MediaRef, Person, Post, Schedule
from .problems import Problem
from .repo import CONTENT_DIR, SCHEDULE_FILE

if TYPE_CHECKING:
    from .render import Renderer
    from .reply_target import Target

MARKER = "<!-- smmgen-preview -->"
# GitHub rejects comments over 65,536 characters; keep a margin for the note.
GITHUB_COMMENT_LIMIT = 65_536
BUDGET = 60_000


@dataclass(frozen=True)
class AccountPreview:
    """One post on one account: the parts sent, their counts, images and problems."""

    account: str
    network: str  # the network's title, e.g. "Mastodon"
    parts: tuple[tuple[str, int], ...]  # (text, length as the network counts it)
    limit: int
    unit: str
    media: tuple[MediaRef, ...]
    problems: tuple[Problem, ...]
    before: tuple[str, ...] | None = None  # the parts before the pull request, when they differ
    videos: tuple[tuple[str, str], ...] = ()  # (path, "0:42, 1080×1920, 30 fps, 12.3 MB")
    answers: Target | None = None  # a reply: the message it answers, read for the preview


@dataclass(frozen=True)
class PostPreview:
    """One changed post file."""

    path: str
    when: str
    accounts: tuple[AccountPreview, ...]
    problems: tuple[Problem, ...]  # about the post, not one account
    removed: bool = False

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(p for a in self.accounts for p in a.problems)]


@dataclass(frozen=True)
class Preview:
    """Everything the comment shows."""

    posts: tuple[PostPreview, ...]
    other_problems: tuple[Problem, ...]  # schedule.yaml, templates
    timezone: str
    notes: tuple[str, ...] = ()
    secrets_moved: tuple[Change, ...] = ()  # accounts whose secrets go somewhere new


def changed_files(root: Path, ref: str) -> list[str]:
    """Paths (relative to ``root``) changed between the merge base of ``ref`` and HEAD."""
    if ref.startswith("-"):
        raise ConfigError(_("--changed-since {ref!r} is not a git revision").format(ref=ref))
    proc = subprocess.run(
        ["git", "diff", "--name-only", "--relative", "-z", f"{ref}...HEAD", "--"],
        cwd=root,
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConfigError(
            _("cannot compare with {ref!r}: {value}").format(
                ref=ref, value=reason[0] if reason else "git diff failed"
            )
        )
    return [p for p in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


@dataclass(frozen=True)
class Selection:
    """What a pull request's preview shows, from its changed paths."""

    files: list[Path]  # post files to preview
    removed: list[str]  # post paths removed
    notes: list[str]
    people_before: Mapping[str, Person] | None = None  # when the people behind mentions changed
    secrets_moved: tuple[Change, ...] = ()  # accounts whose server or variables changed


def affected_posts(root: Path, changed: list[str], ref: str | None = None) -> Selection:
    """The posts a list of changed paths affects.

    A post is affected when its file changed, when an image it uses changed,
    or (given the ``ref`` compared with) when its text changes because a person
    in people.yaml or schedule.yaml's ``people:`` changed. Given ``ref``, the
    selection also lists the accounts whose secrets go somewhere new.
    """
    from .content import read_post
    from .repo import post_files

    posts: set[Path] = set()
    removed: list[str] = []
    others: set[str] = set()
    for rel in changed:
        if rel.startswith(f"{CONTENT_DIR}/") and rel.endswith(".md"):
            if (root / rel).is_file():
                posts.add(root / rel)
            else:
                removed.append(rel)
        else:
            others.add(rel)
    notes = []
    if others & {SCHEDULE_FILE} or any(o.startswith("templates/") for o in others):
        notes.append(
            "schedule.yaml or templates changed: `smmgen check` has checked every post; "
            "only posts changed in this pull request are shown."
        )
    if others and (root / CONTENT_DIR).is_dir():
        for file in post_files(root):
            if file in posts:
                continue
            post, _found = read_post(root, file)
            if post is not None and any(m.path in others for m in _media_refs(post)):
                posts.add(file)
    people_before = None
    if ref is not None and others & {PEOPLE_FILE, SCHEDULE_FILE}:
        people_before = _people_changes(root, ref, changed, posts, notes)
    moved = _secrets_moved(root, ref) if ref is not None and SCHEDULE_FILE in others else ()
    return Selection(sorted(posts), sorted(removed), notes, people_before, moved)


def _secrets_moved(root: Path, ref: str) -> tuple[Change, ...]:
    """Accounts whose server or secret variables differ from schedule.yaml at the merge base.

    A schedule.yaml that is new or unreadable there counts as having no
    accounts, so every account is shown.
    """
    from .preview_people import merge_base, schedule_at
    from .schedule import read_schedule

    now, _found = read_schedule(root, root / SCHEDULE_FILE)
    if now is None:
        return ()
    base = merge_base(root, ref)
    before = schedule_at(root, base) if base is not None else None
    return tuple(changes(before.accounts if before is not None else {}, now.accounts))


def _people_changes(
    root: Path, ref: str, changed: list[str], posts: set[Path], notes: list[str]
) -> Mapping[str, Person] | None:
    """Add the posts whose mentions the people change rewrites; the people as they were."""
    from .preview_people import affected, people_change
    from .repo import post_files
    from .schedule import read_schedule

    schedule, _found = read_schedule(root, root / SCHEDULE_FILE)
    if schedule is None:
        return None
    change = people_change(root, ref, changed, schedule)
    if change is None:
        return None
    rewritten = affected(root, post_files(root), schedule, change)
    posts.update(rewritten)
    aliases = ", ".join(f"@{{{a}}}" for a in sorted(change.aliases))
    notes.append(
        ngettext(
            "people changed ({aliases}): their mentions read differently in {n} post, shown "
            "with the text before this pull request.",
            "people changed ({aliases}): their mentions read differently in {n} posts, shown "
            "with the text before this pull request.",
            len(rewritten),
        ).format(aliases=aliases, n=len(rewritten))
    )
    return change.before


def _media_refs(post: Post) -> list[MediaRef]:
    refs = list(post.media)
    for v in post.variants.values():
        refs.extend(v.media or ())
    return refs


def _when(post: Post, schedule: Schedule) -> str:
    from .render import publish_time

    if post.status == "draft":
        return _("draft (not published)")
    if post.publish_now:
        return _("right after merge")
    t = publish_time(post, schedule)
    if t is not None:
        return f"{weekday_name(t.weekday(), short=True)} {t:%Y-%m-%d %H:%M} {t.tzname()}"
    if post.slot:
        return _("next free slot in {slot}").format(slot=post.slot)
    return _("not scheduled")


def collect(
    root: Path,
    files: list[Path],
    removed: Sequence[str] = (),
    notes: Sequence[str] = (),
    people_before: Mapping[str, Person] | None = None,
    moved: Sequence[Change] = (),
) -> Preview:
    """Render every post in ``files`` for each of its accounts, with its problems.

    With ``people_before`` (the people behind mentions before the pull request),
    each account also gets its text as it was, where that differs. ``moved``
    (accounts whose secrets go somewhere new) is shown first, as a warning.
    """
    from .project import load_project
    from .render import Renderer

    project = load_project(root, files)
    by_path: dict[str, list[Problem]] = {}
    for p in project.problems:
        by_path.setdefault(p.path, []).append(p)
    wanted = set(project.files)
    other = tuple(p for p in project.problems if p.path not in wanted)
    schedule, renderer = project.schedule, project.renderer
    old_renderer = None
    if schedule is not None and people_before is not None:
        from .preview_people import with_people

        old_renderer = Renderer(root, with_people(schedule, people_before))
    posts: list[PostPreview] = []
    for rel in project.files:
        found = by_path.get(rel, [])
        post = project.post(rel)
        if post is None or schedule is None or renderer is None:
            posts.append(PostPreview(rel, "unknown (the post cannot be read)", (), tuple(found)))
            continue
        accounts = [
            a
            for name in post.networks
            if (a := _account_preview(root, post, name, found, renderer, old_renderer))
        ]
        shown = {a.account for a in accounts}
        problems = tuple(p for p in found if p.account not in shown)
        posts.append(PostPreview(rel, _when(post, schedule), tuple(accounts), problems))
    posts.extend(PostPreview(rel, "removed", (), (), removed=True) for rel in removed)
    tz = schedule.timezone if schedule is not None else _("the schedule's time zone")
    return Preview(tuple(posts), other, tz, tuple(notes), tuple(moved))


def _account_preview(
    root: Path,
    post: Post,
    name: str,
    problems: list[Problem],
    renderer: Renderer,
    old_renderer: Renderer | None,
) -> AccountPreview | None:
    """``post`` on account ``name``; None for an unknown account or a failing template
    (the check reports it, with the template's file and line)."""
    from jinja2 import TemplateError

    from .networks import NETWORKS

    account = renderer.schedule.accounts.get(name)
    try:
        rendered = renderer.render(post, name)
        old = old_renderer.render(post, name) if old_renderer is not None else None
    except TemplateError:
        return None
    if account is None or rendered is None:
        return None
    network = NETWORKS[account.network]
    answers = None
    if post.in_reply_to:
        from .reply_target import read_target

        answers = read_target(post.in_reply_to, account)  # shown, never stored
    return AccountPreview(
        account=name,
        network=_(network.title),
        parts=tuple(zip(rendered.parts, rendered.lengths, strict=True)),
        limit=rendered.limit,
        unit=rendered.unit,
        media=rendered.media,
        problems=tuple(p for p in problems if p.account == name),
        before=old.parts if old is not None and old.parts != rendered.parts else None,
        videos=_video_facts(root, rendered.media),
        answers=answers,
    )


def _video_facts(root: Path, media: tuple[MediaRef, ...]) -> tuple[tuple[str, str], ...]:
    """Duration, size and frame rate of each readable video among ``media``."""
    from .video import is_video_path

    refs = [m for m in media if is_video_path(m.path)]
    if not refs:
        return ()
    from .media import inspect
    from .video import VideoInfo

    out = []
    for m in refs:
        info = inspect(root, m.path)
        if isinstance(info, VideoInfo):
            out.append((m.path, info.summary()))
    return tuple(out)


# ─── Markdown ────────────────────────────────────────────────────────────────

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()|~!#])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _plain(text: str) -> str:
    # One line, no control characters, no @mentions that would notify people.
    return _CONTROL.sub("", " ".join(text.split())).replace("@", "@\u200b")


def inline(text: str) -> str:
    """User text in a Markdown paragraph or table cell: rendered as literal text."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", _plain(text)))


def in_html(text: str) -> str:
    """User text inside an HTML element (``<summary>``), where Markdown is not parsed."""
    return html.escape(_plain(text))


def code_span(text: str) -> str:
    """Inline code whose delimiters are longer than any backtick run inside."""
    text = _plain(text)
    ticks = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks} {text} {ticks}"


def fence(text: str) -> str:
    """A fenced block that no line of ``text`` can close (fence longer than any run)."""
    text = _CONTROL.sub("", text)
    ticks = "`" * max(3, max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks}text\n{text}\n{ticks}"


def _size(text: str) -> int:
    # GitHub counts in UTF-16 code units at worst; never under-count.
    return len(text.encode("utf-16-le")) // 2


def _status(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if errors:
        return "❌ " + ngettext("{n} error", "{n} errors", errors).format(n=errors)
    if warnings:
        return "⚠️ " + ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
    return "✅"


def _moved_block(moved: Sequence[Change], schedule: str) -> list[str]:
    """The warning at the top: each account that sends its secrets somewhere new."""
    lines = [
        "> [!WARNING]",
        "> **"
        + _("This pull request changes where secrets go.")
        + "** "
        + _("Check every host and variable before merging:"),
        ">",
    ]
    for change in moved:
        route, was = change.route, change.was
        secrets = phrase(route, lambda variable: code_span(f"${variable}"), was)
        where = code_span(f"{schedule}:{change.line}")
        if route.host is None:
            text = _("this change uses {secrets}").format(secrets=secrets)
        else:
            text = _("this change sends {secrets} to {host}").format(
                secrets=secrets, host=code_span(route.host)
            )
            if was is None:
                text += _(" (a new account)")
            elif was.host != route.host:
                text += _(" (was {host})").format(host=code_span(str(was.host)))
            if route.insecure:
                text += _(", over plain http")
            if route.custom and route.usual is not None:
                text += _(", not to {network}'s own {host}").format(
                    network=inline(route.network), host=code_span(route.usual)
                )
            elif route.local:
                text += _(", a server on this machine")
        account = _("account {name}").format(name=code_span(route.account))
        lines.append(f"> - ⚠️ {account} ({where}): {text}")
    return [*lines, ""]


def _problem_line(p: Problem) -> str:
    where = code_span(f"{p.path}:{p.line}")
    return f"- {'❌' if p.is_error else '⚠️'} {where} {inline(p.message)} ({code_span(p.rule)})"


def _account_block(a: AccountPreview, *, full: bool) -> str:
    counts = ", ".join(number(n) for _text, n in a.parts)
    over = any(n > a.limit for _text, n in a.parts)
    mark = "❌" if over or any(p.is_error for p in a.problems) else "✅"
    thread = _(" in {n} parts").format(n=len(a.parts)) if len(a.parts) > 1 else ""
    summary = (
        f"{mark} {in_html(a.account)} ({in_html(a.network)}) — {counts} / {number(a.limit)} "
        f"{in_html(unit_label(a.unit))}{thread}"
    )
    lines = [f"<details><summary>{summary}</summary>", ""]
    if full:
        lines += _answered(a.answers) if a.answers is not None else []
        for i, (text, n) in enumerate(a.parts, 1):
            if len(a.parts) > 1:
                part = _("Part {i}/{count}").format(i=i, count=len(a.parts))
                lines += [f"{part} ({number(n)} / {number(a.limit)})", ""]
            lines += [fence(text), ""]
        if a.before is not None:
            lines += [_("Before this pull request:"), ""]
            lines += [line for text in a.before for line in (fence(text), "")]
        facts = dict(a.videos)
        for m in a.media:
            alt = (
                _("decorative")
                if m.decorative
                else inline(m.alt)
                if m.alt
                else "**" + _("no alt text") + "**"
            )
            if m.path in facts:
                lines.append(f"- 🎬 {code_span(m.path)} ({in_html(facts[m.path])}): {alt}")
            else:
                lines.append(f"- 🖼️ {code_span(m.path)}: {alt}")
    else:
        lines.append(
            "_" + _("Text not shown: the comment would be too long. Run `smmgen render`.") + "_"
        )
    lines += [*(_problem_line(p) for p in a.problems), "", "</details>"]
    return "\n".join(lines)


def _answered(target: Target) -> list[str]:
    """The message a reply answers, above the reply: who wrote it, its text (or why not)."""
    who = inline(target.author) if target.author else _("the message")
    lines = [_("↩️ Answers {who}: {link}").format(who=who, link=inline(target.url)), ""]
    if target.text:
        return [*lines, fence(target.text), "", _("The reply:"), ""]
    return [*lines, "_" + inline(target.note) + "_", ""]


def _post_section(post: PostPreview, tz: str, *, full: bool) -> str:
    lines = [f"### {code_span(post.path)}", ""]
    if post.removed:
        return "\n".join([*lines, _("Removed in this pull request."), ""])
    when = _("When:")
    lines += [f"**{when}** {inline(post.when)} ({inline(tz)})", ""]
    lines += [_problem_line(p) for p in post.problems]
    if post.problems:
        lines.append("")
    for a in post.accounts:
        lines += [_account_block(a, full=full), ""]
    return "\n".join(lines)


def _table(posts: tuple[PostPreview, ...], tz: str, budget: int) -> tuple[str, int]:
    head = (
        "| "
        + _("Post | When ({zone}) | Accounts | Status").format(zone=inline(tz))
        + " |\n|---|---|---|---|\n"
    )
    out, used, shown = [head], _size(head), 0
    for post in posts:
        accounts = inline(", ".join(a.account for a in post.accounts)) or "–"
        row = (
            f"| {inline(post.path)} | {inline(post.when)} | {accounts} | "
            f"{_status(post.all_problems)} |\n"
        )
        if used + _size(row) > budget:
            break
        out.append(row)
        used += _size(row)
        shown += 1
    return "".join(out), shown


def _header(preview: Preview, problems: list[Problem]) -> str:
    """The comment's top: marker, heading, counts, moved secrets, notes, other problems."""
    changed = ngettext("{n} post changed", "{n} posts changed", len(preview.posts))
    header = [
        MARKER,
        "## " + _("smmgen preview"),
        "",
        changed.format(n=len(preview.posts)) + f" · {_status(problems)}",
        "",
        *(_moved_block(preview.secrets_moved, SCHEDULE_FILE) if preview.secrets_moved else ()),
        *(f"> {inline(n)}\n" for n in preview.notes),
    ]
    if preview.other_problems:
        other = map(_problem_line, preview.other_problems)
        header += ["#### " + _("Other problems"), "", *other, ""]
    return "\n".join(header) + "\n"


def to_markdown(preview: Preview, budget: int = BUDGET) -> str:
    """The PR comment: marker, summary table, then per post the text per account.

    Sections that would push the comment over ``budget`` characters are shown
    compactly, then left out with a note; the result never exceeds GitHub's limit.
    """
    posts = preview.posts
    problems = [p for post in posts for p in post.all_problems] + list(preview.other_problems)
    errors = sum(p.is_error for p in problems)
    text = _header(preview, problems)
    reserve = 600  # for the closing note
    left = budget - reserve - _size(text)
    omitted_rows = 0
    if len(posts) > 1:
        table, shown = _table(posts, preview.timezone, left // 2 if len(posts) > 20 else left)
        omitted_rows = len(posts) - shown
        text += table
        if omitted_rows:
            more = ngettext(
                "…and {n} more post not listed.", "…and {n} more posts not listed.", omitted_rows
            ).format(n=omitted_rows)
            text += f"\n_{more}_\n"
        text += "\n"
    detailed = 0
    for post in posts:
        for full in (True, False):
            section = _post_section(post, preview.timezone, full=full)
            if _size(text) + _size(section) <= budget - reserve:
                text += section + "\n"
                detailed += 1
                break
        else:
            break
    if detailed < len(posts):
        note = _(
            "{hidden} of {n} posts are not shown in detail to stay under GitHub's comment size "
            "limit. Run `smmgen preview` or `smmgen render PATH` locally to see them."
        ).format(hidden=len(posts) - detailed, n=len(posts))
        text += f"\n---\n_{note}_\n"
    if errors:
        fix = _("Fix the errors above; the check of this pull request fails until then.")
        text += f"\n{fix}\n"
    assert _size(text) <= GITHUB_COMMENT_LIMIT
    return text

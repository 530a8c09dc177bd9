"""`smmgen render`: exactly what would be sent, per account."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import _

if TYPE_CHECKING:
    from ..model import Post
    from ..render import Rendered


@click.command(cls=Command)
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--account", "accounts", multiple=True, help="Only this account (repeatable).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format."
)
@ROOT_OPTION
def render(path: Path, accounts: tuple[str, ...], fmt: str, root: Path | None) -> None:
    """Print exactly what PATH sends on each of its accounts (or --account NAME).

    Text: a block per account with each thread part and its length against the
    limit. JSON: per account `parts` (text, length, limit, and `facets` on
    Bluesky), `media` with alt text, `publish_at` in the schedule's time zone
    (ISO 8601) and `language` (null: the account's default). Exit status: 0
    rendered, 1 the post cannot be read or a template fails, 2 usage problem.
    """
    from jinja2 import TemplateError

    from ..content import read_post
    from ..errors import ConfigError
    from ..fields import suggest
    from ..problems import error, format_text
    from ..render import Renderer, template_fault
    from ..repo import SCHEDULE_FILE, find_root, post_files
    from ..schedule import read_schedule

    repo = find_root(explicit=root)
    files = post_files(repo, [path])
    if not files:
        raise ConfigError(_("{path} is not a post file (.md)").format(path=path))
    file = files[0]
    schedule, sched_problems = read_schedule(repo, repo / SCHEDULE_FILE)
    post, problems = read_post(repo, file)
    if schedule is None or post is None:
        click.echo(format_text([*sched_problems, *problems]), nl=False, err=True)
        sys.exit(1)
    for name in accounts:
        if name not in post.networks:
            wrong = _("{path} does not go to '{name}' (networks: {items}){suggest}")
            items, hint = ", ".join(post.networks), suggest(name, post.networks)
            raise ConfigError(wrong.format(path=post.path, name=name, items=items, suggest=hint))
    renderer = Renderer(repo, schedule)
    results: list[Rendered] = []
    failed = []
    for name in accounts or post.networks:
        if name not in schedule.accounts:
            failed.append(
                error(post.path, post.line_of("networks"), "post/unknown-account",
                      _("no account '{name}' in schedule.yaml").format(name=name))
            )  # fmt: skip
            continue
        try:
            rendered = renderer.render(post, name)
        except TemplateError as exc:
            fault = template_fault(repo, exc)
            failed.append(error(fault.path, fault.line, fault.rule, fault.message))
            continue
        assert rendered is not None
        results.append(rendered)
    if fmt == "json":
        click.echo(json.dumps(_as_json(post, results), ensure_ascii=False, indent=2))
    else:
        click.echo(_as_text(post, results), nl=False)
    if failed:
        click.echo(format_text(failed), nl=False, err=True)
        sys.exit(1)


def _as_json(post: Post, results: list[Rendered]) -> dict[str, Any]:
    accounts = []
    for r in results:
        parts = []
        for i, part in enumerate(r.parts):
            entry: dict[str, Any] = {"text": part, "length": r.lengths[i], "limit": r.limit}
            if r.facets:
                entry["facets"] = [f.record() for f in r.facets[i]]
            parts.append(entry)
        accounts.append(
            {
                "account": r.account,
                "network": r.network,
                "publish_at": r.publish_at.isoformat() if r.publish_at else None,
                "unit": r.unit,
                "parts": parts,
                "media": [
                    {"path": m.path, "alt": m.alt, "decorative": m.decorative} for m in r.media
                ],
                "link": r.link,
                "content_warning": r.content_warning,
                "language": r.language,
                "from_variant": r.from_variant,
            }
        )
    return {
        "post": post.id,
        "path": post.path,
        "status": post.status,
        "slot": post.slot,
        "publish_now": post.publish_now,
        "accounts": accounts,
    }


def _when(post: Post, r: Rendered) -> str:
    if r.publish_at is not None:
        return r.publish_at.strftime("%Y-%m-%d %H:%M %Z (UTC%z)")
    if post.publish_now:
        return _("with the first run after merge")
    if post.slot:
        return _("next free time of slot '{slot}'").format(slot=post.slot)
    return _("not scheduled (draft)") if post.status == "draft" else _("not scheduled")


def _as_text(post: Post, results: list[Rendered]) -> str:
    from ..limit_words import unit_label
    from ..networks import NETWORKS

    out = []
    for r in results:
        title = _(NETWORKS[r.network].title)
        out.append(f"=== {r.account} ({title}) · {_when(post, r)}")
        if r.content_warning:
            out.append(_("content warning: {text}").format(text=r.content_warning))
        if r.language:
            out.append(_("language: {code}").format(code=r.language))
        n = len(r.parts)
        for i, part in enumerate(r.parts):
            over = r.lengths[i] - r.limit
            status = _(" — {n} over the limit").format(n=over) if over > 0 else ""
            label = _("part {i}/{n}: ").format(i=i + 1, n=n) if n > 1 else ""
            unit = unit_label(r.unit)
            out.append(f"--- {label}{r.lengths[i]}/{r.limit} {unit}{status}")
            out.append(part)
            links = [f for f in (r.facets[i] if r.facets else ()) if f.kind == "link"]
            for f in links:
                shown = part.encode("utf-8")[f.start : f.end].decode("utf-8")
                if shown != f.value:
                    out.append(_("    link: {shown} → {url}").format(shown=shown, url=f.value))
        for m in r.media:
            if m.decorative:
                alt = _("decorative, no alt text")
            else:
                alt = _("alt: {text}").format(text=m.alt or _("(missing)"))
            out.append(_("--- image {path} ({alt})").format(path=m.path, alt=alt))
        out.append("")
    return "\n".join(out) + ("\n" if out else "")

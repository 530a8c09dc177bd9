"""`smmgen build`: the static preview site with the editorial calendar."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..cli import ROOT_OPTION, Command
from ..i18n import _, ngettext

if TYPE_CHECKING:
    from ..site.builder import BuildResult


@click.command(cls=Command)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write the site to (replaced; only a new, empty or earlier site folder). "
    "Default: _site in the repository.",
)
@click.option(
    "--at",
    "at_text",
    default=None,
    help="The time to build as of ('YYYY-MM-DD HH:MM' in the schedule's zone, or ISO 8601). "
    "Default: now.",
)
@ROOT_OPTION
@click.option("--no-cache", is_flag=True, help="Ignore and do not update .smmgen-cache/.")
@click.option(
    "--include-drafts",
    is_flag=True,
    help="Show drafts too (for a local look; keep them off a site others can reach).",
)
@click.option(
    "--media-only",
    is_flag=True,
    help="Only the images Instagram and Threads fetch by URL, for posts due soon; no pages.",
)
@click.option(
    "--within",
    default="48h",
    show_default=True,
    metavar="DURATION",
    help="With --media-only: the images of posts due this far ahead (e.g. 48h, 3d).",
)
def build(
    out: Path | None,
    at_text: str | None,
    root: Path | None,
    no_cache: bool,
    include_drafts: bool,
    media_only: bool,
    within: str,
) -> None:
    """Build the preview site: overview, calendar, a page per post, calendar.ics.

    Drafts are left out unless --include-drafts is given. Every page carries
    noindex and the site a robots.txt, unless schedule.yaml has
    `site: {public: true}`.

    With --media-only the site holds nothing but the images that Instagram and
    Threads fetch from media_base_url, for posts due within --within: the
    plan stays private while those networks can reach the images.

    Problems are listed on the overview page; the build itself succeeds (exit 0)
    unless schedule.yaml is unusable (exit 1) or the setup is wrong (exit 2).
    """
    from ..errors import ConfigError
    from ..repo import find_root
    from ..schedule import parse_duration
    from ..site.builder import build_media_site, build_site, update_site
    from ..site.collect import collect
    from ..site.output import replace_folder

    repo = find_root(explicit=root)
    ahead = parse_duration(within)
    if ahead is None:
        raise ConfigError(
            _("--within: '{within}' is not a duration like 48h, 90m or 3d").format(within=within)
        )
    at = _at(at_text)
    # Before anything is read: a folder smmgen must not replace stops the build.
    target = _target(repo, out)
    started = time.perf_counter()
    try:
        with _few_collections():
            data = collect(repo, at, use_cache=not no_cache, include_drafts=include_drafts)
            if media_only:
                result = replace_folder(target, lambda new: build_media_site(data, new, ahead))
            else:
                previous = None if no_cache else target
                # The earlier site, recorded: only what changed is written.
                found = update_site(data, target) if previous is not None else None
                result = found or replace_folder(
                    target, lambda new: build_site(data, new, previous)
                )
    except OSError as exc:
        raise ConfigError(
            _("cannot write the site to {target}: {value}").format(
                target=target, value=exc.strerror or exc
            )
        ) from None
    _summary(result, target, time.perf_counter() - started, within if media_only else None)
    if data.schedule is None:
        raise SystemExit(1)


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """The garbage collector's passes made rare while the site is built.

    A build keeps some 100,000 objects to its end and makes little cyclic
    garbage (a few hundred objects): the default passes over them cost a
    tenth of a warm build and find next to nothing. Forked workers inherit
    the setting. Afterwards what is there is frozen (never looked at by the
    collector again; freed as usual when no longer used), so neither the
    next pass nor the one at the process's exit goes over it all once more.
    """
    old = gc.get_threshold()
    gc.set_threshold(1_000_000, 50, 100)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*old)


def _summary(result: BuildResult, target: Path, seconds: float, within: str | None) -> None:
    """One line on what was written; ``within``: the --within of a --media-only build."""
    if within is not None:
        click.echo(
            ngettext(
                "Wrote {n} image of posts due within {within} on Instagram/Threads accounts "
                "into {target} in {seconds} s.",
                "Wrote {n} images of posts due within {within} on Instagram/Threads accounts "
                "into {target} in {seconds} s.",
                result.pages,
            ).format(n=result.pages, within=within, target=target, seconds=f"{seconds:.2f}"),
            err=True,
        )
        return
    warnings = result.problems - result.errors
    click.echo(
        _(
            "Built {pages} pages for {posts} posts into {target} in {seconds} s; "
            "{errors}, {warnings} (listed on index.html)."
        ).format(
            pages=result.pages,
            posts=result.posts,
            target=target,
            seconds=f"{seconds:.2f}",
            errors=ngettext("{n} error", "{n} errors", result.errors).format(n=result.errors),
            warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        ),
        err=result.problems > 0,  # success on stdout, problems on stderr
    )


def _at(at_text: str | None) -> dt.datetime | None:
    """The ``--at`` time: a date and time (in the schedule's zone unless it has an offset,
    applied once the schedule is read), or None for now."""
    from ..content import parse_publish_at
    from ..errors import ConfigError

    if at_text is None:
        return None
    parsed, now, message = parse_publish_at(at_text)
    if parsed is None or now:
        raise ConfigError(_("--at: {value}").format(value=message or "give a date and time"))
    return parsed


def _target(repo: Path, out: Path | None) -> Path:
    """The folder to write the site to, once it is certain smmgen may replace it."""
    from ..errors import ConfigError
    from ..site.output import site_folder

    try:
        home = Path.home()
    except RuntimeError:  # no HOME and no user entry: nothing more to protect than /
        home = Path("/")
    target = site_folder(repo, out, cwd=Path.cwd(), home=home)
    if isinstance(target, str):
        raise ConfigError(target)
    return target

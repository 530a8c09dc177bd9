"""Write the site: HTML pages from Jinja2 templates (autoescaped), assets, images, calendar.ics.

Every link is relative, so the site works from ``file://``, offline, and from
any sub-path of a web server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import filecmp
import hashlib
import os
import shutil
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import i18n
from ..i18n import N_, _, month_name, weekday_name
from ..limit_words import unit_label
from ..networks import NETWORKS
from ..problems import SEVERITY_WORDS
from ..video import is_video_path
from .calendar import CalEntry, all_entries, month_keys
from .calendar_pages import CalendarPage, Page, calendar_pages, month_file
from .collect import AccountView, PostView, SiteData, safe_url
from .ics import (
    EventFact,
    Facts,
    event_key,
    events_of,
    ics_bytes,
    ics_facts,
    ics_head,
    ics_patched,
)
from .reuse import UNPICKLABLE, Reuse
from .rows import Rows, old_rows

HERE = Path(__file__).parent
# Every registered network gets its own CSS class; the stylesheet colours the
# ones it knows and gives the rest (and unknown names, as "other") a neutral look.
NETWORK_CLASSES = frozenset(NETWORKS)


# Unless schedule.yaml says the site is public: the plan is internal, so
# crawlers are asked to stay away (and every page carries noindex as well).
ROBOTS = "User-agent: *\nDisallow: /\n"


@dataclass(frozen=True)
class BuildResult:
    """What was written."""

    out: Path
    pages: int
    posts: int
    problems: int
    errors: int


def linkify(text: str) -> Any:
    """Escape ``text`` and make its http(s) URLs links; nothing else becomes markup."""
    from markupsafe import Markup, escape

    from ..counting import find_urls, strip_trailing_punct

    out: list[Any] = []
    pos = 0
    for m in find_urls(text):
        url = strip_trailing_punct(m.group())
        if m.start() < pos or not url:
            continue
        out.append(escape(text[pos : m.start()]))
        shown = escape(url)  # an f-string of escaped text: Markup.format costs 5 times as much
        out.append(Markup(f'<a href="{shown}" rel="noopener noreferrer">{shown}</a>'))
        pos = m.start() + len(url)
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def netclass(network: str) -> str:
    """The CSS class suffix for a network (``other`` for names smmgen does not know)."""
    return network if network in NETWORK_CLASSES else "other"


def badge(acc: AccountView) -> Any:
    """An account's badge: its name, coloured per network, with the network for screen readers."""
    return _badge(acc.account, acc.network, acc.network_title, _(" on {network}"))


@cache
def _badge(account: str, network: str, title: str, on: str) -> Any:
    # Cached: a site shows the same few badges thousands of times. ``on`` is the
    # translated " on {network}" (part of the key, so each language has its own).
    from markupsafe import Markup

    html = '<span class="badge net-{0}" title="{1}">{2}<span class="sr">{3}</span></span>'
    return Markup(html).format(netclass(network), title, account, on.format(network=title))


def url_host(url: str) -> str:
    """The host of ``url`` without ``www.``, as preview cards show it."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def media_href(path: str) -> str:
    """Where a repository image is copied to in the site, URL-quoted."""
    return "media/" + quote(path)


def poster_href(path: str) -> str:
    """Where the poster frame of a repository video is in the site, URL-quoted."""
    return "media/" + quote(path) + POSTER


POSTER = ".poster.jpg"  # the first frame of a video, written next to its copy


def fmt_when(value: dt.datetime | None) -> str:
    """``Thu 3 Dec 2026, 09:30 CET`` (German: ``Do, 3. Dez. 2026, 09:30 CET``)."""
    if value is None:
        return ""
    return (
        _("{weekday} {day} {month} {year}, {time} {zone}")
        .format(
            weekday=weekday_name(value.weekday(), short=True),
            day=value.day,
            month=month_name(value.month, short=True),
            year=value.year,
            time=f"{value:%H:%M}",
            zone=f"{value:%Z}",
        )
        .rstrip()
    )


# How a post's state, an account's status and a review state read on the site.
STATE_WORDS = {
    "upcoming": N_("upcoming"),
    "now": N_("now"),
    "queued": N_("queued"),
    "past": N_("past"),
    "published": N_("published"),
    "draft": N_("draft"),
    "sent": N_("sent"),
    "retracted": N_("retracted"),
    "failed": N_("failed"),
    "held": N_("held"),
    "due": N_("due"),
    "scheduled": N_("scheduled"),
    "in review": N_("in review"),
    "approved": N_("approved"),
}


def state_word(state: str) -> str:
    """A state word in the language in use (the word itself when it has no entry)."""
    return _(STATE_WORDS[state]) if state in STATE_WORDS else state


@cache
def _env() -> Any:
    return make_env(compiled=True)


def make_env(*, compiled: bool) -> Any:
    """The site's Jinja2 environment; ``compiled``: with the shipped compiled templates
    if they are up to date (:mod:`smmgen.site.precompiled`)."""
    import jinja2

    from .precompiled import COMPILED, TEMPLATES, fresh

    loader: jinja2.BaseLoader = (
        jinja2.ModuleLoader(str(COMPILED))
        if compiled and fresh()
        else jinja2.FileSystemLoader(str(TEMPLATES))
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,  # every user text is escaped; only linkify() makes links
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Looked up at each call, so one environment serves every language (smmgen.i18n).
    env.install_gettext_callables(i18n._, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["gettext"] = _gettext(env.globals["gettext"])  # type: ignore[arg-type]
    env.globals["ui_language"] = i18n.language
    env.filters["severity"] = lambda s: i18n._(SEVERITY_WORDS[s])
    env.filters["state"] = state_word
    env.filters["unit"] = unit_label
    env.filters["weekday_name"] = lambda d: weekday_name(d.weekday())
    env.filters["weekday_abbr"] = lambda i: weekday_name(i, short=True)
    env.filters["month_name"] = lambda d: month_name(d.month)
    env.filters["month_abbr"] = lambda d: month_name(d.month, short=True)
    env.filters["linkify"] = linkify
    env.filters["safe_url"] = safe_url
    env.filters["media_href"] = media_href
    env.filters["poster_href"] = poster_href
    env.tests["video"] = is_video_path
    env.filters["when"] = fmt_when
    env.filters["netclass"] = netclass
    env.filters["badge"] = badge
    env.filters["host"] = url_host
    env.filters["initial"] = lambda s: (s.lstrip("@#") or "?")[:1].upper()
    return env


def _gettext(jinja_gettext: Callable[..., Any]) -> Callable[..., Any]:
    """Jinja's ``gettext`` (``{% trans %}``), its texts without placeholders kept per
    language: a large site's pages show the same few dozen texts 100,000s of times."""
    from jinja2 import pass_context
    from markupsafe import Markup

    done: dict[tuple[str, str], Any] = {}

    @pass_context
    def gettext(context: Any, message: str, **variables: Any) -> Any:
        if variables or not context.eval_ctx.autoescape:
            return jinja_gettext(context, message, **variables)
        key = (i18n.language(), message)
        text = done.get(key)
        if text is None:
            text = done[key] = Markup(i18n._(message)) % {}
        return text

    return gettext


def _copy_media(
    data: SiteData,
    out: Path,
    wanted: Callable[[PostView, AccountView], bool] | None = None,
    wrote: set[str] | None = None,
) -> set[str]:
    """Copy every image and video the posts use that passed the checks; returns those copied.

    A video's WebVTT captions come along (for the preview's ``<track>``).

    ``wrote``: collects the files written, relative to ``out`` (then each is
    replaced atomically: the site is being updated in place).

    Only files read as images or videos (not too large, inside the repository) are
    copied, and never from a hidden folder such as ``.git``: a post must not
    be able to put any other file of the repository on a public site.
    """
    from ..media import ImageInfo, inspect
    from ..video import VideoInfo, is_captions_file, poster

    root = data.root.resolve()
    copied: set[str] = set()
    refused: set[str] = set()
    for view in data.posts:
        for acc in view.accounts:
            if wanted is not None and not wanted(view, acc):
                continue
            for ref in acc.media:
                if ref.path in copied or ref.path in refused:
                    continue
                hidden = any(part.startswith(".") for part in ref.path.split("/"))
                info = None if hidden else inspect(root, ref.path)
                if not isinstance(info, ImageInfo | VideoInfo):
                    refused.add(ref.path)  # check reports why
                    continue
                src = (root / ref.path).resolve()
                dest = out / "media" / ref.path
                _copy(src, dest, wrote, out)
                if isinstance(info, VideoInfo) and wanted is None:
                    # The preview shows the first frame until someone presses play.
                    frame = dest.with_name(dest.name + POSTER)
                    if wrote is None:
                        poster(src, frame)
                    else:
                        tmp = _temp(frame)
                        if poster(src, tmp):
                            os.replace(tmp, frame)
                            wrote.add(frame.relative_to(out).as_posix())
                    if ref.captions and is_captions_file(root, ref.captions):
                        _copy(root / ref.captions, out / "media" / ref.captions, wrote, out)
                        copied.add(ref.captions)
                copied.add(ref.path)
    return copied


def _temp(path: Path) -> Path:
    """A new file's temporary name beside ``path`` (hidden: never part of a site)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _put(path: Path, data: bytes, atomic: bool) -> None:
    """Write ``path``; ``atomic``: through a temporary file (a reader sees old or new),
    unless it holds these bytes already (a page made again as it was: left alone)."""
    if not atomic:
        path.write_bytes(data)
        return
    with contextlib.suppress(OSError):
        st = os.lstat(path)
        if stat.S_ISREG(st.st_mode) and st.st_size == len(data) and path.read_bytes() == data:
            return
    tmp = _temp(path)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _copy(src: Path, dest: Path, wrote: set[str] | None, out: Path) -> None:
    """Copy ``src`` to ``dest``; when ``wrote`` is given, atomically, and noted there."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if wrote is None:
        shutil.copyfile(src, dest)
        return
    wrote.add(dest.relative_to(out).as_posix())
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.lstat(dest).st_mode) and filecmp.cmp(src, dest, shallow=False):
            return  # the same bytes there already (the site is updated in place)
    tmp = _temp(dest)
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)


# Pages are independent, so a large site is written by forked workers (like a
# cold ``check``); below this many pages starting them costs more than it saves.
PARALLEL_MIN = 300
# Many small jobs rather than a few large ones: while the last job is written
# the other workers wait, and a job of a large site's pages is a few 0.01 s.
JOBS_PER_WORKER = 16
# The site, the pages, the shared context, calendar.ics's facts, who keys the
# pages for the next build's reuse (when the workers do it, on a first build),
# and whether each file is replaced atomically (the site is updated in place).
_JOB: tuple[Path, list[Page], dict[str, Any], Facts | None, Reuse | None, bool] | None = None
ICS = -1  # the job number that writes calendar.ics


Written = tuple[int, dict[str, str], dict[str, list[Any]]]  # how many, keys, notes


def _write_pages(span: tuple[int, int]) -> Written:
    """Write pages ``span`` of the job (or calendar.ics for :data:`ICS`): how many,
    their keys and what the manifest notes about them (the overview's rows)."""
    assert _JOB is not None
    out, pages, common, facts, keyer, atomic = _JOB
    start, stop = span
    if start == ICS:
        assert facts is not None
        _put(out / "calendar.ics", ics_bytes(facts), atomic)
        return 0, {}, {}
    keys: dict[str, str] = {}
    notes: dict[str, list[Any]] = {}
    env = _env()
    made: set[Path] = set()
    for name, dest, base, extra in pages[start:stop]:
        view = extra.get("view")  # a post's page: with its view whole (SiteData.full)
        shown = extra if view is None else {**extra, "view": common["data"].full(view)}
        html = env.get_template(name).render(**common, base=base, **shown)
        path = out / dest
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        _put(path, html.encode(), atomic)
        rows = extra.get("rows")
        if isinstance(rows, Rows):
            notes[dest] = [rows.spans(html)]
        key = None
        if keyer is not None and name not in ALWAYS_RENDERED and dest not in keyer.new:
            key = keyer.key((name, dest, base, extra))  # (not one keyed by its signature)
        if key is not None:
            keys[dest] = key
    return stop - start, keys, notes


def _run(
    out: Path,
    pages: list[Page],
    common: dict[str, Any],
    ics: Facts | None,
    keyer: Reuse | None,
    atomic: bool = False,
) -> Written:
    """Write ``pages`` (and calendar.ics from ``ics`` unless None): how many, keys, notes.

    ``keyer``: key the pages for the next build as they are written.
    """
    global _JOB
    workers = min(os.cpu_count() or 1, 8)
    jobs = [(ICS, ICS)] if ics is not None else []
    parallel = len(pages) >= PARALLEL_MIN and workers > 1
    if parallel:
        import multiprocessing as mp  # not imported for the few pages of a warm build

        parallel = "fork" in mp.get_all_start_methods()
    size = -(-len(pages) // (workers * JOBS_PER_WORKER)) if parallel else len(pages)
    jobs += [(i, min(i + size, len(pages))) for i in range(0, len(pages), max(size, 1))]
    _JOB = (out, pages, common, ics, keyer, atomic)
    # The language settled once: otherwise each of the pages' texts asks the
    # environment's locale variables again (a large site has 100,000s of texts).
    try:
        with i18n.speaking(i18n.language()):
            if not parallel:
                return _merge(map(_write_pages, jobs))
            for name in ("index.html", "month.html", "week.html", "post.html", "stats.html"):
                _env().get_template(name)  # compiled once, inherited by the workers
            # fork: the workers inherit the site data instead of having it pickled.
            with mp.get_context("fork").Pool(workers) as pool:
                return _merge(pool.imap_unordered(_write_pages, jobs))
    finally:
        _JOB = None


def _merge(results: Iterable[Written]) -> Written:
    count: int = 0
    keys: dict[str, str] = {}
    notes: dict[str, list[Any]] = {}
    for n, more, noted in results:
        count += n
        keys.update(more)
        notes.update(noted)
    return count, keys, notes


LINKS_MAX = 30  # entries on the link-in-bio page


def link_in_bio(data: SiteData, present: set[str]) -> list[dict[str, Any]]:
    """The published Instagram posts with a link, newest first, for ``links.html``.

    Instagram captions cannot carry a tappable link, so the profile links to
    this page instead: each entry is the post's title, time, thumbnail and link.
    """
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    for view in data.posts:
        for acc in view.accounts:
            if not acc.published or not acc.link:
                continue  # (first: most accounts of a large site's posts are not out yet)
            network = NETWORKS.get(acc.network)
            if network is None or network.clickable_links or view.post.id in seen:
                continue
            seen.add(view.post.id)
            first = acc.media[0].path if acc.media else None
            thumb = None
            if first in present:
                thumb = poster_href(first) if is_video_path(first) else media_href(first)
            entries.append(
                {"title": view.title, "when": acc.when, "link": acc.link, "thumb": thumb}
            )
    far_past = dt.datetime.min.replace(tzinfo=dt.UTC)
    entries.sort(key=lambda e: e["when"] or far_past, reverse=True)
    return entries[:LINKS_MAX]


def _video_facts(root: Path, present: set[str]) -> dict[str, str]:
    """``{path: "0:42, 1080×1920, 30 fps, 12.3 MB"}`` for the videos in the site."""
    from ..media import inspect
    from ..video import VideoInfo

    out: dict[str, str] = {}
    for path in sorted(present):
        if is_video_path(path):
            info = inspect(root, path)
            if isinstance(info, VideoInfo):
                out[path] = info.summary()
    return out


def build_media_site(data: SiteData, out: Path, within: dt.timedelta) -> BuildResult:
    """Write only the images networks fetch by URL, for posts due soon, into ``out``.

    Instagram and Threads download a post's images from ``media_base_url``, so
    those must be public; the editorial plan need not be. This site holds just
    ``media/<path>`` of the images of posts that go out on such accounts from
    ``max_delay`` ago to ``within`` from now (nothing published, draft or
    broken), at the same addresses as the full preview site, and no page.
    """
    from ..networks import NETWORKS

    late = data.schedule.max_delay if data.schedule is not None else dt.timedelta(0)
    start, end = data.at - late, data.at + within

    def wanted(view: PostView, acc: AccountView) -> bool:
        network = NETWORKS.get(acc.network)
        return (
            network is not None
            and network.media_by_url
            and not acc.published
            and not view.errors
            and view.state != "draft"
            and acc.when is not None
            and start <= acc.when <= end
        )

    (out / "robots.txt").write_text(ROBOTS, "utf-8")
    present = _copy_media(data, out, wanted)
    errors = sum(p.is_error for p in data.problems)
    return BuildResult(out, len(present), len(data.posts), len(data.problems), errors)


def update_site(data: SiteData, site: Path) -> BuildResult | None:
    """Bring the site an earlier build wrote to ``site`` up to date, in place.

    Unchanged pages stay where they are; the others are written, each through
    a temporary file (a reader sees the old page or the new one), and files
    the site no longer has are deleted. None (nothing done): there is no
    record of the earlier build (:mod:`smmgen.site.reuse`), or the folder
    holds a link or anything but files and folders; then the site is built
    anew. The record is deleted first and written last, so a build that
    is interrupted leaves none and the next build is a full one.
    """
    found = _files(site)
    if found is None or not Reuse.recorded(data.root, site):
        return None
    return build_site(data, site, site, existing=found)


def _files(site: Path) -> tuple[set[str], list[str]] | None:
    """The files and folders in ``site`` (relative), or None if anything else is there."""
    files: set[str] = set()
    folders: list[str] = []
    try:
        if not _is_marked(site):
            return None
        stack = [""]
        while stack:
            rel = stack.pop()
            with os.scandir(site / rel if rel else site) as entries:
                for entry in entries:
                    path = f"{rel}/{entry.name}" if rel else entry.name
                    if entry.is_symlink():
                        return None
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(path)
                        stack.append(path)
                    elif entry.is_file(follow_symlinks=False):
                        files.add(path)
                    else:
                        return None
    except OSError:
        return None
    return files, folders


def _is_marked(site: Path) -> bool:
    from .output import MARKER

    try:
        return stat.S_ISREG(os.lstat(site / MARKER).st_mode) and not site.is_symlink()
    except OSError:
        return False


def _sweep(site: Path, existing: tuple[set[str], list[str]], keep: set[str]) -> None:
    """Delete what an earlier build left in ``site`` that this one did not make."""
    files, folders = existing
    for rel in files - keep:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(site / rel)
    # Folders left empty go too (a cold build has none), deepest first.
    for rel in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        if rel != "posts":
            with contextlib.suppress(OSError):
                os.rmdir(site / rel)


def _assets(out: Path, wrote: set[str] | None) -> None:
    """The stylesheet and scripts; in place (``wrote``), only those that differ."""
    if wrote is None:
        shutil.copytree(HERE / "static", out / "assets")
        return
    static = HERE / "static"
    for src in static.rglob("*"):
        if not src.is_file():
            continue
        rel = "assets/" + src.relative_to(static).as_posix()
        dest = out / rel
        data = src.read_bytes()
        try:
            same = dest.read_bytes() == data
        except OSError:
            same = False
        if not same:
            dest.parent.mkdir(parents=True, exist_ok=True)
            _put(dest, data, True)
        wrote.add(rel)


def _files_besides_pages(
    data: SiteData, out: Path, in_place: bool
) -> tuple[set[str] | None, set[str]]:
    """The assets, robots.txt and the media; what was written (in place only), what was copied."""
    from .output import MARKER

    wrote: set[str] | None = {MARKER} if in_place else None
    (out / "posts").mkdir(parents=True, exist_ok=in_place)
    _assets(out, wrote)
    if not data.public:
        _put(out / "robots.txt", ROBOTS.encode(), in_place)
        if wrote is not None:
            wrote.add("robots.txt")
    return wrote, _copy_media(data, out, wrote=wrote)


def build_site(
    data: SiteData,
    out: Path,
    previous: Path | None = None,
    *,
    existing: tuple[set[str], list[str]] | None = None,
) -> BuildResult:
    """Write the whole site into ``out``, a new empty folder.

    :func:`smmgen.site.output.replace_folder` puts it where the site belongs.
    ``previous``: the site folder an earlier build wrote (None: no reuse, no
    record): its pages made from the same inputs are linked instead of
    rendered (:mod:`smmgen.site.reuse`). ``existing``: ``out`` is that
    folder, with these files and folders (see :func:`update_site`).
    """
    in_place = existing is not None
    wrote, present = _files_besides_pages(data, out, in_place)
    from ..stats.site_page import build_stats

    stats = build_stats(
        data.root, data.schedule, [v.post for v in data.posts], data.at, data.ledger
    )
    campaigns = data.campaigns()
    common = _common(data, campaigns, present)
    pages = _pages(data, campaigns, present, stats)
    reuse = _reuse(data, previous, common, present)
    pages[0][3]["rows"] = _rows(reuse)
    week_extra = {"present": present, "best": _best(stats.suggested)}
    cal = calendar_pages(data, campaigns, week_extra, reuse.known)
    if in_place and reuse.manifest is not None:
        # Read, then deleted before a page changes: a build interrupted from
        # here on leaves no record, and the next one writes the whole site.
        Reuse.forget(data.root, out)
    # Nothing to link (a first build): the pages are keyed where they are
    # rendered, in the workers, rather than one by one here.
    first = not reuse.old
    todo = [*pages] if first else [page for page in pages if not _linked(reuse, page, out)]
    todo += _calendar_todo(reuse, cal, out, first)
    keyer = reuse if first and reuse.manifest is not None else None
    ics = _calendar(reuse, data, out)
    written, keys, notes = _run(out, todo, common, ics, keyer, in_place)
    reuse.new.update(keys)
    for dest, noted in notes.items():
        reuse.new.setdefault(dest, "")  # recorded for its notes; never linked (always rendered)
        reuse.note(dest, *noted)
    written += len(pages) + len(cal) - len(todo)
    if existing is not None and wrote is not None:
        wrote.add("calendar.ics")
        wrote.update(page[1] for page in pages)
        wrote.update(page.dest for page in cal)
        _sweep(out, existing, wrote)
    reuse.save(out)
    errors = sum(p.is_error for p in data.problems)
    return BuildResult(out, written, len(data.posts), len(data.problems), errors)


def _common(data: SiteData, campaigns: list[str], present: set[str]) -> dict[str, Any]:
    """What every page's template gets besides its own context."""
    from ..stats.metrics import METRICS
    from ..stats.site_page import day_name, metric_cells

    return {
        "data": data,
        "metrics": METRICS,
        "metric_cells": metric_cells,
        "day_name": day_name,
        "calendar_href": month_file(_start_month(data)),
        "month_file": month_file,
        "campaigns": campaigns,
        "videos": _video_facts(data.root, present),
    }


def _best(suggested: dict[str, list[Any]]) -> list[tuple[str, list[str]]]:
    """The best times to post (``stats.suggested``) as the week pages show them."""
    from ..stats.suggest import slot_text

    return [(network, [slot_text(c) for c in cells]) for network, cells in suggested.items()]


def _calendar_todo(reuse: Reuse, cal: list[CalendarPage], out: Path, first: bool) -> list[Page]:
    """The calendar's pages to render (their grids made); the others are linked
    from the earlier build, keyed by what they show (:mod:`smmgen.site.calendar_pages`)."""
    todo = []
    for cal_page in cal:
        if reuse.manifest is None or cal_page.signature is None:
            page = cal_page.page()
            if first or not _linked(reuse, page, out):
                todo.append(page)
            continue
        key = reuse.signed(cal_page.dest, cal_page.signature)
        if first or not reuse.link(cal_page.dest, key, out):
            todo.append(cal_page.page())
    return todo


def _pages(data: SiteData, campaigns: list[str], present: set[str], stats: Any) -> list[Page]:
    """Every page of the site but the calendar's (:mod:`smmgen.site.calendar_pages`)."""
    # The build's clock is shown on the overview (and is where the statistics
    # end): the other pages do not change with it, so a later build reuses them.
    built = fmt_when(data.at)
    index = {"sections": _sections(data.posts), "built": built}
    pages: list[Page] = [("index.html", "index.html", "", index)]
    pages.append(("stats.html", "stats.html", "", {"stats": stats, "built": built}))
    for view in data.posts:
        extra = {"view": view, "present": present, "post_stats": stats.posts.get(view.post.id)}
        pages.append(("post.html", f"posts/{view.slug}.html", "../", extra))
    pages.append(("links.html", "links.html", "", {"entries": link_in_bio(data, present)}))
    return pages


# Rendered on every build: the index lists every post and problem; the
# Statistics page shows the build's clock and every snapshot up to it (keying
# its summary costs more than rendering it, its tables being made before).
ALWAYS_RENDERED = frozenset({"index.html", "stats.html"})


def _reuse(
    data: SiteData, previous: Path | None, common: dict[str, Any], present: set[str]
) -> Reuse:
    """The earlier build's pages, keyed by the site-wide values the templates read."""
    # What the templates use of ``data`` and the other shared values besides the
    # page's own context (the index, which reads all of ``data``, is never reused).
    # Not the clock: what a page shows of it is in its own context (a post's
    # state, a week's ``now``, a month's today), so most pages outlive it.
    shared = (
        data.schedule,
        data.public,
        data.planned,
        data.drafts_left_out,
        present,
        {k: v for k, v in common.items() if k in ("calendar_href", "campaigns", "videos")},
    )
    reuse = Reuse.open(data.root, previous, shared)
    if reuse.manifest is not None:
        reuse.known = _stand_ins(data)
        reuse.known_types = frozenset({PostView, AccountView, CalEntry})
    return reuse


def _stand_ins(data: SiteData) -> dict[int, str]:
    """What stands for each post view and account view in the pages' keys.

    A view is its source (file content and environment, see
    :attr:`PostView.source`) and what the plan, the ledger and the checks add
    to it: keying that is the same as keying all of its text, and cheaper.
    """
    import io
    import pickle
    from zoneinfo import ZoneInfo

    known: dict[int, str] = {}
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    # A zone by its name (ZoneInfo's own way looks its unpickler up for every
    # view): the same bytes for the same views, a third faster.
    pickler.dispatch_table = {ZoneInfo: _zone_by_name}
    for view in data.posts:
        if not view.source:
            continue  # keyed by its content
        added = [
            (a.account, a.problems, a.when, a.published, a.url, a.plan_state, a.reason,
             a.detail, a.failed)
            for a in view.accounts
        ]  # fmt: skip
        # (The source is the file's content: the same content may be another file.)
        mine = (
            view.source,
            view.post.path,
            view.slug,
            view.title,
            view.when,
            view.state,
            view.review,
        )
        buffer.seek(0)
        buffer.truncate()
        pickler.clear_memo()
        try:
            pickler.dump((mine, view.problems, added))
        except UNPICKLABLE:
            continue
        key = hashlib.sha256(buffer.getvalue()).hexdigest()
        known[id(view)] = key
        for acc in view.accounts:
            known[id(acc)] = f"{key}:{acc.account}"
    # A calendar entry is its view's i-th (the entries are a function of the
    # view): one stand-in instead of one per view and account in a month's key.
    for view, found in zip(data.posts, all_entries(data), strict=True):
        of_view = known.get(id(view))
        if of_view is not None:
            for i, entry in enumerate(found):
                known[id(entry)] = f"{of_view}#{i}"
    return known


def _zone_by_name(zone: Any) -> Any:
    # (A zone read from a file has no name: pickled, or refused, as ZoneInfo does.)
    return (type(zone), (zone.key,)) if zone.key is not None else zone.__reduce_ex__(5)


def _rows(reuse: Reuse) -> Rows:
    """The overview's rows: the earlier build's for unchanged views (:mod:`smmgen.site.rows`)."""
    found = reuse.previous("index.html")
    old = old_rows(Path(found[0]), found[1][4]) if found is not None and len(found[1]) > 4 else {}
    return Rows(_row_macro, reuse.known, old)


def _row_macro() -> Any:
    return _env().get_template("_macros.html").module.post_row


def _linked(reuse: Reuse, page: Page, out: Path) -> bool:
    """Whether the page was linked from the earlier build (else it is to be rendered)."""
    if page[0] in ALWAYS_RENDERED:
        return False
    key = reuse.key(page)
    return key is not None and reuse.link(page[1], key, out)  # in place: kept


def _calendar(reuse: Reuse, data: SiteData, out: Path) -> Facts | None:
    """calendar.ics from the earlier build's where it can be (None: done), else what to write.

    The same events: the old file is linked. Some changed: the old file's lines
    of the unchanged events are kept and only the others are made again.
    """
    dest = "calendar.ics"
    if reuse.manifest is None:
        return ics_facts(data)
    timezone = data.schedule.timezone if data.schedule is not None else None
    keys, event, starts = _event_keys(reuse, data)
    # Keyed by the text of its events (not pickled: how many of its datetimes
    # are one shared object changes the pickle, not the feed).
    head = ics_head(timezone, starts)
    key = hashlib.sha256("\0".join([head, *keys]).encode()).hexdigest()
    reuse.new[dest] = key
    reuse.note(dest, head, keys)
    if reuse.link(dest, key, out):
        return None
    found = reuse.previous(dest)
    entry = found[1] if found is not None else []
    if found is None or len(entry) < 6 or entry[4] != head or not _strings(entry[5]):
        return ics_facts(data)  # another head (zones) or no record: all of it again
    patched = ics_patched(keys, event, Path(found[0]).read_bytes(), entry[5])
    if patched is None:
        return ics_facts(data)
    _put(out / dest, patched, out == reuse.old_site)
    return None


def _event_keys(
    reuse: Reuse, data: SiteData
) -> tuple[list[str], Callable[[int], EventFact], list[dt.datetime]]:
    """calendar.ics's event keys in order, its i-th event (made when asked for) and
    the events' starts.

    An event of a view with a stand-in is keyed by the stand-in of its
    calendar entry: the events are a function of the view, so a post whose
    view is unchanged has the same events (and they are not made).
    """
    keys: list[str] = []
    starts: list[dt.datetime] = []
    of: list[tuple[PostView, list[CalEntry], int]] = []  # by event: its view, entries, index
    made: dict[int, EventFact] = {}
    known = reuse.known
    for view, found in zip(data.posts, all_entries(data), strict=True):
        timed = [e for e in found if e.accounts]
        stand_ins = [known.get(id(e)) for e in timed]
        if all(stand_ins):
            keys += [f"{s[:32]}{s[s.rfind('#') :]}" for s in stand_ins if s]
            starts += [e.when for e in timed]
            of += [(view, found, j) for j in range(len(timed))]
            continue
        for j, fact in enumerate(events_of(data, view, found)):
            made[len(keys)] = fact
            keys.append(event_key(fact))
            starts.append(fact[1])
            of.append((view, found, j))

    def event(i: int) -> EventFact:
        if i not in made:
            view, found, j = of[i]
            made[i] = events_of(data, view, found)[j]
        return made[i]

    return keys, event, starts


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _start_month(data: SiteData) -> str:
    """The month the calendar opens at: this month if it has a page, else the first."""
    keys = [f"{y:04d}-{m:02d}" for y, m in month_keys(data)]
    this_month = f"{data.at:%Y-%m}"
    return this_month if this_month in keys else keys[0]


def _sections(posts: list[PostView]) -> list[tuple[str, str, list[PostView]]]:
    """Index sections in reading order: (id, heading, posts).

    A post with errors is listed under "Needs fixing" only, never mixed into
    the queue or the upcoming posts it cannot join until it is fixed.
    """
    order = [
        ("fixing", N_("Needs fixing")),
        ("now", N_("Going out with the next run")),
        ("upcoming", N_("Upcoming")),
        ("queued", N_("Queued in slots")),
        ("published", N_("Published")),
        ("past", N_("Time passed, not recorded as published")),
        ("draft", N_("Drafts")),
    ]
    found: dict[str, list[PostView]] = {key: [] for key, _title in order}
    for view in posts:  # (in one pass: a site lists thousands)
        state = view.state
        if state != "published" and view.errors:
            state = "fixing"
        elif view.post.slot and state in ("upcoming", "now"):
            # A slot post waits in its slot's queue until it is out, whatever
            # time the plan expects it at.
            state = "queued"
        found.setdefault(state, []).append(view)
    return [(key, title, found[key]) for key, title in order]

"""Load the repository into plain view objects for the preview site.

Every text shown comes from :class:`smmgen.render.Renderer`, the same source
``publish`` sends, so the preview cannot drift from what goes out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

from ..counting import fold
from ..i18n import _
from ..model import MediaRef, Person, Post, Schedule
from ..plan_words import reason_label
from ..problems import Problem, sort_problems
from ..render import Rendered, Renderer
from .planning import Placement, place

if TYPE_CHECKING:
    from ..ledger import Record
    from ..project import Project
    from .view_cache import ViewCache

STATES = ("upcoming", "now", "queued", "past", "published", "draft")


@dataclass(frozen=True)
class PartView:
    """One part of a (possibly threaded) text with its count against the limit."""

    text: str
    length: int
    limit: int
    unit: str
    fold: int  # where the feed cuts it ("see more"), in code points; len(text): no fold

    @property
    def before_fold(self) -> str:
        """What the feed shows before "see more"; all of it if there is no fold."""
        return self.text[: self.fold]

    @property
    def after_fold(self) -> str:
        """What the feed hides behind "see more" ("" if there is no fold)."""
        return self.text[self.fold :]

    @property
    def over(self) -> int:
        """How far over the limit, 0 when it fits."""
        return max(0, self.length - self.limit)


@dataclass(frozen=True)
class AccountView:
    """A post as it looks on one account."""

    post_id: str
    account: str
    network: str
    network_title: str
    handle: str
    parts: tuple[PartView, ...]
    media: tuple[MediaRef, ...]
    link: str | None
    content_warning: str | None
    see_more_at: int | None
    from_variant: bool
    problems: tuple[Problem, ...] = ()
    when: dt.datetime | None = None  # this account's time (slot queues differ per account)
    published: bool = False
    url: str | None = None  # where it went, from the ledger
    language: str | None = None  # the text's language tag, if the post or account names one
    card_url: str | None = None  # the link the network itself shows as a preview card
    media_first: bool = False  # the network shows the images above the text (Network.media_first)
    plan_state: str = ""  # the plan's: due | upcoming | held ("" without a plan)
    reason: str | None = None  # why the plan holds it
    detail: str = ""
    failed: str | None = None  # the last failed attempt's error, while it is not out

    @property
    def status(self) -> str:
        """One word for the week view: sent, retracted, failed, held, due, scheduled or draft."""
        if self.published:
            return "sent"
        if self.reason in ("draft", "retracted"):
            return self.reason
        if self.failed is not None and self.plan_state != "due":
            return "failed"
        if self.plan_state == "held":
            return "held"
        return "due" if self.plan_state == "due" else "scheduled"

    @property
    def status_detail(self) -> str:
        """Why, for a failed, held or retried entry ("" otherwise)."""
        status = self.status
        if status == "failed":
            return self.failed or ""
        if status == "held":
            reason = reason_label(str(self.reason))
            return f"{reason}: {self.detail}" if self.detail else reason
        if status == "retracted":
            return self.detail
        if status == "due":
            retry = (
                _("; last attempt failed: {error}").format(error=self.failed) if self.failed else ""
            )
            return _("goes out with the next publishing run") + retry
        return ""


# What the site shows of an account view outside its post's own page (the
# overview, the calendar, the links page, the media it copies): a view kept in
# the view cache is read with these fields only, the others blank (without
# texts) until SiteData.full reads the whole view (smmgen.site.view_cache).
SHOWN = ("post_id", "account", "network", "network_title", "media", "link")
BLANK = {
    "handle": "", "parts": (), "content_warning": None, "see_more_at": None, "from_variant": False
}  # fmt: skip


@dataclass(frozen=True)
class PostView:
    """One post with its time, state and per-account previews."""

    post: Post
    slug: str  # page file name without .html
    title: str
    when: dt.datetime | None  # aware, in the schedule's time zone
    state: str  # one of STATES
    accounts: tuple[AccountView, ...]
    problems: tuple[Problem, ...] = ()
    # "in review" (not on the default branch yet), "approved" (merged), or ""
    # (no default branch to compare with, e.g. no origin).
    review: str = ""
    # What the post and its account views were made from: the file's content
    # hash and the environment key (smmgen.project.environment_key); "" unknown.
    source: str = ""

    @property
    def errors(self) -> int:
        """Number of error-severity problems in this post's file."""
        return sum(p.is_error for p in self.problems)


@dataclass
class SiteData:
    """Everything the pages are made from."""

    root: Path
    schedule: Schedule | None
    tz: dt.tzinfo
    at: dt.datetime
    posts: list[PostView] = field(default_factory=list)  # some not whole: see full
    problems: list[Problem] = field(default_factory=list)
    planned: bool = False  # whether smmgen.plan placed slot posts on their times
    drafts_left_out: int = 0  # drafts not shown (smmgen build without --include-drafts)
    public: bool = False  # schedule.yaml site.public: search engines may index the site
    # The ledger's records as known here, read once (the statistics use them too);
    # None when nothing could be rendered and the ledger was not read.
    ledger: list[Record] | None = None
    # By id() of a view with only the SHOWN fields of its accounts: how it is had whole.
    whole_of: dict[int, Callable[[], PostView]] = field(default_factory=dict, repr=False)

    def campaigns(self) -> list[str]:
        """Campaign names in use, sorted."""
        return sorted({p.post.campaign for p in self.posts if p.post.campaign})

    def full(self, view: PostView) -> PostView:
        """``view`` with all of its account views' fields.

        A view of a post kept in the view cache is made with only the fields
        the site shows outside the post's own page (:data:`SHOWN`; its texts
        are the rest): only that page and calendar.ics show the others, and a
        build after an edit makes those for few posts.
        """
        make = self.whole_of.get(id(view))
        if make is None:
            return view
        made = make()
        self.whole_of[id(view)] = lambda: made
        return made


_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def slugify(text: str) -> str:
    """A file-name-safe, readable form of ``text`` (post ids keep their folders as ``--``)."""
    return _SLUG.sub("-", text.replace("/", "--")).strip("-.") or "post"


def _title(plain: str, people: Mapping[str, Person]) -> str:
    """The first line of the text, with ``@{alias}`` as the person's name."""
    from ..mentions import MENTION

    first = next((line.strip() for line in plain.splitlines() if line.strip()), "")
    if "@{" in first:
        first = MENTION.sub(
            lambda m: people[m.group(1)].name if m.group(1) in people else m.group(0), first
        )
    return first if len(first) <= 70 else first[:69].rstrip() + "…"


def _handle(settings: dict[str, object], name: str) -> str:
    for key in ("handle", "username", "chat_id", "platform"):
        value = settings.get(key)
        if isinstance(value, str) and value:
            return value
    return name


def when_of(post: Post, tz: dt.tzinfo) -> dt.datetime | None:
    """The post's fixed time in the schedule's zone (naive times are local there)."""
    if post.publish_at is None:
        return None
    if post.publish_at.tzinfo is None:
        return post.publish_at.replace(tzinfo=tz)
    return post.publish_at.astimezone(tz)


def _account_view(renderer: Renderer, post: Post, name: str) -> AccountView | None:
    """The preview for one account, without its problems and plan times; None when
    its template fails (reported by check)."""
    from jinja2 import TemplateError

    from ..networks import NETWORKS

    try:
        rendered = renderer.render(post, name)
    except TemplateError:
        return None
    if rendered is None:
        return None
    account = renderer.schedule.accounts[name]
    network = NETWORKS[account.network]
    limits = network.limits(account)
    parts = _part_views(rendered, limits.see_more_at)
    title = network.title_for(account)
    return AccountView(
        post_id=post.id,
        account=name,
        network=account.network,
        network_title=title,
        handle=_handle(dict(account.settings), name),
        parts=parts,
        media=rendered.media,
        link=rendered.link,
        content_warning=rendered.content_warning,
        see_more_at=limits.see_more_at,
        from_variant=rendered.from_variant,
        language=rendered.language or network.account_language(account),
        media_first=network.media_first,
        card_url=_card_url(
            network.link_card,
            rendered.parts[0] if rendered.parts else "",
            rendered.media,
            rendered.link,
        ),
    )


def _part_views(rendered: Rendered, see_more_at: int | None) -> tuple[PartView, ...]:
    """Each part with its length as the renderer counted it (the network's way)."""
    views = []
    for i, (text, length) in enumerate(zip(rendered.parts, rendered.lengths, strict=True)):
        before, _after = fold(text, see_more_at if i == 0 else None)
        views.append(PartView(text, length, rendered.limit, rendered.unit, len(before)))
    return tuple(views)


def _card_url(which: str, text: str, media: tuple[MediaRef, ...], link: str | None) -> str | None:
    """The link the network shows as a preview card under a post without images."""
    from ..counting import find_urls, strip_trailing_punct

    if not which or media:
        return None
    urls = [u for u in (strip_trailing_punct(m.group()) for m in find_urls(text)) if u]
    if link and link not in urls:
        urls.append(link)
    if not urls:
        return None
    return urls[-1] if which == "last" else urls[0]


def _placed(
    view: AccountView,
    fixed: dt.datetime | None,
    placed: dict[tuple[str, str], Placement] | None,
) -> AccountView:
    """The account view with its planned time and ledger status."""
    where = placed.get((view.post_id, view.account)) if placed is not None else None
    if where is None:
        return _changed(view, when=fixed)
    # As _changed(view, when=..., ...) does, without its per-call checks (a build
    # places thousands of views; these are AccountView's field names).
    new: Any = object.__new__(AccountView)
    fields = new.__dict__
    fields.update(view.__dict__)
    fields["when"] = where.when or fixed
    fields["published"] = where.published
    fields["url"] = safe_url(where.url)
    fields["plan_state"] = where.state
    fields["reason"] = where.reason
    fields["detail"] = where.detail
    fields["failed"] = where.failed
    return new  # type: ignore[no-any-return]


V = TypeVar("V", "AccountView", "PostView")


def _changed(view: V, **changes: Any) -> V:
    """``dataclasses.replace(view, **changes)`` without the frozen ``__init__``'s cost.

    For the site's views (AccountView, PostView): each sets every field in
    ``__init__`` and has no ``__post_init__``; a build changes a few fields
    of thousands of them.
    """
    new: Any = object.__new__(type(view))
    new.__dict__.update(view.__dict__)
    for name in changes:
        if name not in new.__dict__:
            raise TypeError(f"{type(view).__name__} has no field {name!r}")
    new.__dict__.update(changes)
    return new  # type: ignore[no-any-return]


def safe_url(url: str | None) -> str | None:
    """``url`` if it is http(s) — the only links a preview may make clickable."""
    if not url:
        return None  # (before the import: asked for every account view of every post)
    from urllib.parse import urlsplit

    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _state(
    post: Post, when: dt.datetime | None, at: dt.datetime, accounts: tuple[AccountView, ...]
) -> str:
    if post.status == "draft":
        return "draft"
    if accounts and all(a.published for a in accounts):
        return "published"
    if post.publish_now:
        return "now"
    if when is None:
        return "queued"
    return "upcoming" if when >= at else "past"


def collect(
    root: Path, at: dt.datetime | None, *, use_cache: bool = True, include_drafts: bool = False
) -> SiteData:
    """Read schedule.yaml, every post and every problem into :class:`SiteData`.

    ``at`` is the build's clock (naive = in the schedule's zone; None = now).
    Drafts (and their problems) are left out unless ``include_drafts``: a
    site on a public server must not show what is not meant to go out yet.
    """
    from ..project import load_project
    from ..shared_ledger import read_known

    # The check renders every changed post for validation; its workers make the
    # site's views of it then, instead of the site rendering them once more.
    project = load_project(root, cache=use_cache, make=_render_kept if use_cache else _render)
    schedule = project.schedule
    tz: dt.tzinfo = dt.UTC if schedule is None else ZoneInfo(schedule.timezone)
    if at is None:
        now = dt.datetime.now(tz)
    elif at.tzinfo is None:
        now = at.replace(tzinfo=tz)  # a naive time is local to the schedule, like publish_at
    else:
        now = at.astimezone(tz)
    data = SiteData(root=root, schedule=schedule, tz=tz, at=now, problems=project.problems)
    if schedule is None or project.renderer is None:
        return data  # nothing can be rendered without accounts; the index lists why
    data.public = bool(schedule.settings.get("site", {}).get("public", False))
    ledger = read_known(root)
    data.problems = sort_problems([*project.problems, *ledger.problems])
    made, whole = _made(project, use_cache)
    posts = [entry[0] for entry in made.values()]
    from ..renames import keys_as

    data.ledger = ledger.records()
    placed = place(root, posts, schedule, now, data.ledger, keys_as(project.renderer))
    data.planned = placed is not None
    if not include_drafts:
        drafts = {post.path for post in posts if post.status == "draft"}
        data.drafts_left_out = len(drafts)
        data.problems = [p for p in data.problems if p.path not in drafts]
        posts = [post for post in posts if post.path not in drafts]
    _add_views(data, project, posts, (made, whole), placed)
    return data


def _add_views(
    data: SiteData,
    project: Project,
    posts: list[Post],
    made: tuple[dict[str, Made], dict[str, Callable[[], Made]]],
    placed: dict[tuple[str, str], Placement] | None,
) -> None:
    """The view of each of ``posts`` (made of ``made``, see :func:`_made`) into
    ``data.posts``, in time order."""
    from ..gitstate import unmerged_paths

    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in project.problems:
        by_file[p.path].append(p)
    unmerged = unmerged_paths(project.root)
    now = data.at
    used: set[str] = set()
    for post in posts:
        slug = slugify(post.id)
        while slug in used:
            slug += "-"
        used.add(slug)
        review = "" if unmerged is None else "in review" if post.path in unmerged else "approved"
        digest = project.digests.get(post.path)
        source = f"{project.cache_key}:{digest}" if digest and project.cache_key else ""
        mine = by_file.get(post.path, [])
        names = (slug, review, source)
        view = _post_view(made[0][post.path], mine, placed, now, names)
        data.posts.append(view)
        made_whole = made[1].get(post.path)
        if made_whole is not None:
            data.whole_of[id(view)] = partial(_whole_view, made_whole, mine, placed, now, names)
    data.posts.sort(key=lambda v: (v.when is None, v.when or now, v.post.id))


Made = tuple[Post, str, list[AccountView]]  # a post, its title, its account views


def _made(
    project: Project, use_cache: bool
) -> tuple[dict[str, Made], dict[str, Callable[[], Made]]]:
    """By file: each usable post with its title and account views; and for those whose
    account views have only the SHOWN fields, how they are had whole.

    Rendered here only for the posts changed since the last build; the others
    come from :mod:`smmgen.site.view_cache`, unrendered, the rest of their fields
    (mostly their texts) unparsed.
    """
    from ..cache_files import CACHE_DIR
    from .code_digest import code_digest
    from .view_cache import ViewCache

    renderer = project.renderer
    assert renderer is not None
    cache = None
    if use_cache:
        memo = project.root / CACHE_DIR
        key, code = project.cache_key, code_digest(memo)
        cache = ViewCache(project.root, key, code, AccountView, SHOWN, BLANK)
    out: dict[str, Made] = {}
    whole: dict[str, Callable[[], Made]] = {}
    for rel in project.files:
        digest = project.digests.get(rel)
        found, kept = _split(project.made.get(rel))
        if found is None and cache is not None and digest is not None:
            found = cache.get(rel, digest)
            if found is not None:
                whole[found[0].path] = partial(_whole, cache, rel, found, renderer)
        elif found is not None and cache is not None and digest is not None:
            cache.put(rel, digest, kept or found)
        if found is None:
            post = project.post(rel)
            if post is None:
                continue
            found = _render(post, renderer)
            if cache is not None and digest is not None:
                cache.put(rel, digest, found)
        out[found[0].path] = found
    if cache is not None:
        cache.keep_only(set(project.files))
        cache.save()
    return out, whole


def _whole(cache: ViewCache, rel: str, made: Made, renderer: Renderer) -> Made:
    """``made`` (from the view cache, with the SHOWN fields only) whole: as kept, or
    rendered again if what is kept is damaged."""
    post, title, views = made
    whole = cache.views(rel, len(views))
    return (post, title, whole) if whole is not None else _render(post, renderer)


def _whole_view(
    made: Callable[[], Made],
    problems: list[Problem],
    placed: dict[tuple[str, str], Placement] | None,
    now: dt.datetime,
    names: tuple[str, str, str],
) -> PostView:
    return _post_view(made(), problems, placed, now, names)


def _render_kept(post: Post, renderer: Renderer) -> tuple[Made, str]:
    """:func:`_render`, and the result as the view cache keeps it (encoded where it is made)."""
    from .view_cache import entry_json

    made = _render(post, renderer)
    return made, entry_json(made, SHOWN)


def _split(made: Made | tuple[Made, str] | None) -> tuple[Made | None, str]:
    if made is None:
        return None, ""
    if len(made) == 2:
        return made[0], made[1]
    return made, ""


def _render(post: Post, renderer: Renderer) -> Made:
    """A post's title and account views, rendered."""
    views = (_account_view(renderer, post, name) for name in post.networks)
    title = _title(renderer.plain_body(post), renderer.schedule.people) or post.id
    return post, title, [v for v in views if v is not None]


def _post_view(
    made: Made,
    problems: list[Problem],
    placed: dict[tuple[str, str], Placement] | None,
    now: dt.datetime,
    names: tuple[str, str, str] = ("", "", ""),
) -> PostView:
    """One post's page: its time, state and the view for each account; ``names``:
    its slug, review state and source (see :class:`PostView`)."""
    post, title, views = made
    tz = now.tzinfo
    assert tz is not None
    fixed = when_of(post, tz)
    mine: dict[str | None, tuple[Problem, ...]] = {}
    for p in problems:
        mine[p.account] = (*mine.get(p.account, ()), p)
    accounts = tuple(
        _placed(_changed(v, problems=mine[v.account]) if v.account in mine else v, fixed, placed)
        for v in views
    )
    times = [a.when for a in accounts if a.when is not None]
    when = fixed or (min(times) if times else None)
    slug, review, source = names
    return PostView(
        post=post,
        slug=slug,
        title=title,
        when=when,
        state=_state(post, when, now, accounts),
        accounts=accounts,
        problems=tuple(problems),
        review=review,
        source=source,
    )

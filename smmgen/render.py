"""Render each account's text: the single source of what is counted, previewed and sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from zoneinfo import ZoneInfo

from .i18n import _
from .markdown_text import FACET, LinkSpan, resolve_links, to_plain
from .mentions import resolve, urn_mentions
from .model import Account, MediaRef, Post, Schedule, Variant
from .networks import NETWORKS
from .thread_split import Part, join_sections, split_thread

if TYPE_CHECKING:
    from .networks.base import Limits
    from .networks.bluesky_facets import Facet
    from .utm import Utm

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Rendered:
    """One post as it goes out on one account."""

    post_id: str
    account: str
    network: str
    text: str  # the whole text, before any thread split
    parts: tuple[str, ...]  # what is sent: one part, or a thread
    media: tuple[MediaRef, ...]
    link: str | None
    content_warning: str | None
    line: int  # where the text comes from in the post file
    from_variant: bool
    lengths: tuple[int, ...] = ()  # each part's length as the network counts it
    limit: int = 0  # the text limit that applies (the caption limit with images)
    unit: str = ""  # what the limit counts, in words
    # Bluesky rich text, per part (empty elsewhere). Mention facets carry the
    # handle; the publisher resolves the DID (see smmgen/networks/bluesky_facets.py).
    facets: tuple[tuple[Facet, ...], ...] = ()
    publish_at: dt.datetime | None = None  # in the schedule's time zone; None: slot/now/draft
    language: str | None = None  # the text's language tag; None: the account's default
    # (name, URN) of people mentioned by URN (LinkedIn): the text shows the name.
    mentions: tuple[tuple[str, str], ...] = ()
    in_reply_to: str | None = None  # a reply: the link of the message it answers


def publish_time(post: Post, schedule: Schedule) -> dt.datetime | None:
    """The post's fixed time in the schedule's time zone (None for slot, now and drafts)."""
    return post.fixed_time(ZoneInfo(schedule.timezone))


@cache
def _environment(templates_dir: Path | None) -> Any:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from .template_loader import RepoTemplateLoader

    loaders: list[Any] = []
    if templates_dir is not None:
        loaders.append(RepoTemplateLoader(templates_dir))
    loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
    # Templates come from pull requests like posts do: they are data, so they
    # run sandboxed (no attribute of Python's internals, no changing values).
    return ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # plain text for networks; the preview site escapes on its own
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )


@cache
def _template(templates_dir: Path | None, network: str) -> Any:
    return _environment(templates_dir).select_template([f"{network}.txt.j2", "default.txt.j2"])


@cache
def _globals(template: Any) -> dict[str, Any]:
    return dict(template.globals)


def _run_template(template: Any, **values: Any) -> str:
    """Render; a Python error inside the template becomes a template error, not a crash.

    What ``template.render()`` does, except that the template's globals are
    merged once, not on every call: two thirds of its time for a short post.
    """
    from jinja2.runtime import new_context

    env = template.environment
    known = _globals(template)
    # As template.new_context(..., shared=True), with the globals as a dict: Jinja's
    # own is a ChainMap, which the context copies its keys from on every call.
    context = new_context(env, template.name, template.blocks, {**known, **values}, True, known)
    try:
        return str(env.concat(template.root_render_func(context)))
    except Exception:
        _raise_again(env)


def _raise_again(env: Any) -> NoReturn:
    """Raise the error being handled again: Jinja's own as Jinja reports it (with the
    template's lines in the traceback), any other as a :class:`TemplateCrash`."""
    from jinja2 import TemplateError

    from .template_loader import TemplateCrash

    try:
        env.handle_exception()
    except TemplateError:
        raise
    except Exception as exc:  # the template's own code failed: report it like a typo
        raise TemplateCrash(f"{type(exc).__name__}: {exc}") from exc
    raise AssertionError("handle_exception always raises")


def _post_fields(post: Post) -> dict[str, Any]:
    """What a template may read of a post: plain values, never the Python object."""
    return {
        "id": post.id,
        "path": post.path,
        "status": post.status,
        "publish_at": post.publish_at,
        "publish_now": post.publish_now,
        "slot": post.slot,
        "link": post.link,
        "campaign": post.campaign,
        "tags": post.tags,
        "thread": post.thread,
        "sponsored": post.sponsored,
        "content_warning": post.content_warning,
        "language": post.language,
        "media": tuple(
            {"path": m.path, "alt": m.alt, "decorative": m.decorative} for m in post.media
        ),
    }


@dataclass(frozen=True)
class TemplateFault:
    """A template that cannot be loaded or rendered, and where."""

    path: str  # relative to the repository root (or the packaged template's name)
    line: int
    message: str
    rule: str = "template/error"


def template_fault(root: Path, exc: Exception) -> TemplateFault:
    """Describe a Jinja2 error by template file and line, for the problem report."""
    import traceback

    import jinja2
    from jinja2.exceptions import SecurityError

    from .template_loader import TemplateCrash, TemplateRefused

    filename = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None)
    if filename is None:
        # Runtime errors carry the template position only in the traceback (of
        # the Python error itself when a template crashed).
        cause = exc.__cause__ if isinstance(exc, TemplateCrash) and exc.__cause__ else exc
        for frame in reversed(traceback.extract_tb(cause.__traceback__)):
            if frame.filename.endswith(".j2"):
                filename, line = frame.filename, frame.lineno
                break
    shown = str(filename or "templates")
    if filename and Path(filename).is_relative_to(root):
        shown = Path(filename).relative_to(root).as_posix()
    message = str(getattr(exc, "message", None) or exc)
    if isinstance(exc, TemplateRefused):
        return TemplateFault(shown, 1, f"template refused: {message}", exc.rule)
    if isinstance(exc, SecurityError):
        message = _(
            "{rstrip}; templates run sandboxed and can use only the "
            "variables listed in templates/README.md"
        ).format(rstrip=message.rstrip("."))
    what = "syntax error" if isinstance(exc, jinja2.TemplateSyntaxError) else "error"
    return TemplateFault(shown, line or 1, f"template {what}: {message}")


class Renderer:
    """Renders posts for accounts; caches the Markdown conversion per post body.

    The steps, in order: Markdown → plain text (or the variant body), the
    network's template, ``@{alias}`` mentions, UTM parameters, links written
    the network's way, thread split, Bluesky facets per part.
    """

    def __init__(self, root: Path, schedule: Schedule, *, facets: bool = True) -> None:
        self.schedule = schedule
        # Bluesky's rich text matters to what is sent, not to what is checked or
        # shown: made when a render is asked for while this is on (it may be
        # switched on later; renders made before get theirs then).
        self.facets = facets
        self.templates_dir = root / "templates"
        self.utm: Utm | None = None
        self._tz = ZoneInfo(schedule.timezone)
        # An account's limits depend on its settings only; asked for once per render.
        self._limits: dict[str, Limits] = {}
        self._kind_limits: dict[tuple[str, str], Limits] = {}  # the validator's, by kind
        if schedule.settings.get("utm") is not None:
            from .utm import Utm

            self.utm = Utm.from_settings(schedule.settings["utm"])
        self._plain: dict[str, str] = {}
        # Every render by (post object, account): the check, the preview site and
        # publishing ask for the same texts, and each is made once per command.
        # By identity, so a changed copy of a post (a rename's old id) renders anew.
        # With each: the thread parts and link spans its facets are made from, until then.
        self._memo: dict[tuple[int, str], tuple[Post, Rendered, _Spans | None]] = {}

    def limits_for(self, account: Account, kind: str) -> Limits:
        """The limits of a post of ``kind`` on ``account`` (made once per account and kind)."""
        if self.schedule.accounts.get(account.name) is not account:
            return NETWORKS[account.network].limits_for(account, kind)  # not this schedule's
        key = (account.name, kind)
        limits = self._kind_limits.get(key)
        if limits is None:
            limits = NETWORKS[account.network].limits_for(account, kind)
            self._kind_limits[key] = limits
        return limits

    def forget(self) -> None:
        """Drop the renders made so far (a worker hands none of them back)."""
        self._memo.clear()
        self._plain.clear()

    def plain_body(self, post: Post) -> str:
        """The post's Markdown body as plain text (shared by all accounts)."""
        if post.path not in self._plain:
            self._plain[post.path] = to_plain(post.body)
        return self._plain[post.path]

    def render(self, post: Post, account_name: str) -> Rendered | None:
        """Render ``post`` for one account (once); None if the account is unknown."""
        key = (id(post), account_name)
        known = self._memo.get(key)
        if known is None or known[0] is not post:
            made = self._render(post, account_name)
            if made is None:
                return None
            known = self._memo[key] = (post, *made)
        _, rendered, spans = known
        if self.facets and spans is not None:
            rendered = replace(rendered, facets=_facets(*spans, rendered.parts))
            self._memo[key] = (post, rendered, None)
        return rendered

    def _render(self, post: Post, account_name: str) -> tuple[Rendered, _Spans | None] | None:
        account = self.schedule.accounts.get(account_name)
        if account is None:
            return None
        network = NETWORKS[account.network]
        variant = post.variants.get(account_name)
        from_variant = variant is not None and variant.body is not None
        cw = (variant.content_warning if variant is not None else None) or post.content_warning
        text, link, mentions = self._text(post, account, variant)
        limits = self._limits.get(account_name)
        if limits is None:
            limits = self._limits[account_name] = network.limits(account)
        media = post.media_for(account_name)
        text_limit = limits.text_for(media)
        threaded = post.thread and limits.threads
        if not threaded:
            text = join_sections(text)
        text, spans = resolve_links(text, network.link_style)

        def count(t: str) -> int:
            return network.count(t, account, content_warning=cw or "")

        pieces = [Part(0, len(text))]
        if threaded:
            numbering = bool(self.schedule.settings.get("thread_numbering", True))
            keep = [(s.start, s.end) for s in spans]
            pieces = split_thread(text, count, text_limit.max, numbering=numbering, keep=keep)
        parts = tuple(p.text(text) for p in pieces)
        rendered = Rendered(
            post_id=post.id,
            account=account_name,
            network=account.network,
            text=join_sections(text) if threaded else text,
            parts=parts,
            media=media,
            link=link,
            content_warning=cw,
            line=variant.body_line if from_variant and variant is not None else post.body_line,
            from_variant=from_variant,
            lengths=tuple(count(p) for p in parts),
            limit=text_limit.max,
            unit=text_limit.unit,
            mentions=mentions,
            publish_at=post.fixed_time(self._tz),
            language=post.language_for(account_name),
            in_reply_to=post.in_reply_to,
        )
        return rendered, ((pieces, spans) if network.link_style == FACET else None)

    def _text(
        self, post: Post, account: Account, variant: Variant | None
    ) -> tuple[str, str | None, tuple[tuple[str, str], ...]]:
        """The template's text with mentions and UTM parameters; the link; URN mentions."""
        body = variant.body if variant is not None else None
        link = post.link_for(account.name)
        text = _run_template(
            _template(self.templates_dir, account.network),
            body=self.plain_body(post) if body is None else body,
            link=link,
            post=_post_fields(post),
            account=account.name,
            network=account.network,
            campaign=post.campaign,
            tags=post.tags,
            sponsored=post.sponsored,
            disclosure=self.schedule.disclosure,
        ).strip()
        people = self.schedule.people
        mentions = urn_mentions(text, people, account.name, account.network) if "@{" in text else ()
        text = resolve(text, people, account.name, account.network)
        if self.utm is not None:
            from .utm import add_utm

            context = {
                "network": NETWORKS[account.network].source_name(account),
                "account": account.name,
                "campaign": post.campaign,
                "post": post.id,
            }
            text = add_utm(text, self.utm, **context)
            link = add_utm(link, self.utm, **context) if link else link
        return text, link, mentions


_Spans = tuple[list[Part], list[LinkSpan]]  # a render's thread parts and link spans


def _facets(
    pieces: list[Part], spans: list[LinkSpan], parts: tuple[str, ...]
) -> tuple[tuple[Facet, ...], ...]:
    """Bluesky rich text for each part; link spans moved to the part's own offsets."""
    from .networks.bluesky_facets import detect

    return tuple(
        detect(
            part,
            [
                type(s)(s.start - p.start, s.end - p.start, s.uri)
                for s in spans
                if p.start <= s.start and s.end <= p.end
            ],
        )
        for p, part in zip(pieces, parts, strict=True)
    )

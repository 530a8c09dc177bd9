"""Check posts against the schedule and each network's declared limits.

Generic: every rule reads :class:`~smmgen.networks.base.Limits`; nothing here
asks which network it is dealing with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import TemplateError

from .counting import fold, graphemes
from .fields import suggest
from .i18n import _, ngettext
from .limit_words import unit_label
from .model import Account, MediaRef, Post, Schedule
from .networks import NETWORKS
from .networks.base import Limits, Network
from .problems import Problem, error, file_lines, warning
from .render import Rendered, Renderer, publish_time, template_fault

if TYPE_CHECKING:
    from .media import ImageInfo

Emit = Callable[[Problem], None]


def validate_post(root: Path, post: Post, schedule: Schedule, renderer: Renderer) -> list[Problem]:
    """Every problem with ``post`` for every account it targets."""
    problems: list[Problem] = []
    emit = problems.append
    _check_accounts(post, schedule, emit)
    _check_time(post, schedule, emit)
    _check_media_files(root, post, emit)
    _check_mentions(root, post, schedule, emit)
    if post.in_reply_to is not None:
        from .replies import reply_problems

        problems += reply_problems(post, schedule)
    for name in post.networks:
        account = schedule.accounts.get(name)
        if account is None:
            continue
        try:
            rendered = renderer.render(post, name)
        except TemplateError as exc:
            fault = template_fault(root, exc)
            emit(
                error(
                    fault.path,
                    fault.line,
                    fault.rule,
                    fault.message,
                    account=name,
                    network=account.network,
                )
            )
            continue
        assert rendered is not None
        network = NETWORKS[account.network]
        limits_for = renderer.limits_for
        _check_account(root, post, account, network, rendered, schedule, emit, limits_for)
    return problems


def _check_mentions(root: Path, post: Post, schedule: Schedule, emit: Emit) -> None:
    texts = [post.body, *(v.body or "" for v in post.variants.values())]
    if not any("@{" in t for t in texts):
        return
    from .mentions import unknown_mentions, unknown_message

    try:
        lines = file_lines((root / post.path).read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        lines = []
    for m in unknown_mentions(post, schedule.people, lines):
        emit(
            error(
                post.path,
                m.line,
                "post/unknown-mention",
                unknown_message(m.alias, schedule.people),
                column=m.column,
            )
        )


def _check_accounts(post: Post, schedule: Schedule, emit: Emit) -> None:
    line = post.line_of("networks")
    for name in post.networks:
        if name not in schedule.accounts:
            known = ", ".join(schedule.accounts) or "none yet"
            emit(
                error(
                    post.path,
                    line,
                    "post/unknown-account",
                    _("no account '{name}' in schedule.yaml (accounts: {known}){suggest}").format(
                        name=name, known=known, suggest=suggest(name, schedule.accounts)
                    ),
                    account=name,
                )
            )
    for name, variant in post.variants.items():
        if name not in schedule.accounts:
            emit(
                error(
                    post.path,
                    variant.line,
                    "post/unknown-account",
                    _("variants: no account '{name}' in schedule.yaml{suggest}").format(
                        name=name, suggest=suggest(name, schedule.accounts)
                    ),
                    account=name,
                )
            )
        elif name not in post.networks:
            emit(
                warning(
                    post.path,
                    variant.line,
                    "post/unused-variant",
                    _(
                        "variants: '{name}' is not in 'networks', so this text is "
                        "never sent; add it to networks or remove the variant"
                    ).format(name=name),
                    account=name,
                )
            )


def _check_time(post: Post, schedule: Schedule, emit: Emit) -> None:
    if post.slot is not None:
        slot = schedule.slots.get(post.slot)
        if slot is None:
            emit(
                error(
                    post.path,
                    post.line_of("slot"),
                    "post/unknown-slot",
                    _("no slot '{slot}' in schedule.yaml (slots: {value}){suggest}").format(
                        slot=post.slot,
                        value=", ".join(schedule.slots) or "none",
                        suggest=suggest(post.slot, schedule.slots),
                    ),
                )
            )
        else:
            for name in post.networks:
                if name in schedule.accounts and name not in slot.accounts:
                    emit(
                        error(
                            post.path,
                            post.line_of("networks"),
                            "post/slot-account",
                            _(
                                "slot '{name}' does not post to '{name2}'; add it to the "
                                "slot's accounts or give the post a publish_at"
                            ).format(name=slot.name, name2=name),
                            account=name,
                        )
                    )
    when = publish_time(post, schedule)
    if when is not None:
        blackout = schedule.blackout_on(when.date())
        if blackout is not None:
            emit(
                error(
                    post.path,
                    post.line_of("publish_at"),
                    "post/blackout",
                    _(
                        "{when:%Y-%m-%d} is in a blackout ({start} to {end}: "
                        "{reason}); pick another date"
                    ).format(
                        when=when, start=blackout.start, end=blackout.end, reason=blackout.reason
                    ),
                )
            )


def _media_refs(post: Post) -> list[MediaRef]:
    refs = list(post.media)
    for v in post.variants.values():
        refs.extend(v.media or ())
    return refs


def _check_media_files(root: Path, post: Post, emit: Emit) -> None:
    refs = _media_refs(post)
    if not refs:
        return
    from .media import MediaError, inspect  # Pillow's header reader, only for posts with images

    for ref in refs:
        info = inspect(root, ref.path)
        if isinstance(info, MediaError):
            emit(error(post.path, ref.line, info.rule, info.message, column=ref.column))
        if ref.captions is not None:
            _check_captions_file(root, post, ref, emit)
        if not ref.decorative and not ref.alt:
            emit(
                error(
                    post.path,
                    ref.line,
                    "media/alt-missing",
                    _(
                        "'{path}' has no alt text; add 'alt:' describing the image "
                        "for people who cannot see it (or 'decorative: true' if it "
                        "is decoration)"
                    ).format(path=ref.path),
                    column=ref.column,
                )
            )


def _check_captions_file(root: Path, post: Post, ref: MediaRef, emit: Emit) -> None:
    from .video import is_video_path

    assert ref.captions is not None
    problem = ""
    if not is_video_path(ref.path):
        problem = _("'captions' belongs to a video; remove it from this image")
    elif ref.captions.startswith("../") or not ref.captions.endswith(".vtt"):
        problem = _("captions '{captions}' must be a .vtt file inside the repository").format(
            captions=ref.captions
        )
    else:
        try:
            with (root / ref.captions).open("rb") as fh:
                head = fh.read(16)
        except OSError:
            problem = _(
                "captions '{captions}' does not exist; check the path (it is "
                "relative to the post file)"
            ).format(captions=ref.captions)
        else:
            if not head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
                problem = _(
                    "captions '{captions}' is not a WebVTT file (it must start "
                    "with 'WEBVTT'); export the captions as WebVTT"
                ).format(captions=ref.captions)
    if problem:
        emit(error(post.path, ref.line, "media/captions", problem, column=ref.column))


@dataclass(frozen=True)
class _AccountReport:
    """Where problems about one post on one account go, with file, account and network set."""

    path: str
    account: str
    network: str
    emit: Emit

    def error(self, line: int, rule: str, message: str, col: int = 1) -> None:
        """An error with the full ``rule`` id and ``message`` as given."""
        self.emit(self._where(error, line, rule, message, col))

    def warning(self, line: int, rule: str, message: str, col: int = 1) -> None:
        """A warning with the full ``rule`` id and ``message`` as given."""
        self.emit(self._where(warning, line, rule, message, col))

    def _where(
        self, make: Callable[..., Problem], line: int, rule: str, message: str, col: int
    ) -> Problem:
        return make(
            self.path, line, rule, message, column=col, account=self.account, network=self.network
        )

    def network_error(self, line: int, rule: str, message: str, col: int = 1) -> None:
        """An error of the network's own rule (``bluesky/length``), message after the account."""
        self.error(
            line,
            f"{self.network}/{rule}",
            _("{account}: {message}").format(account=self.account, message=message),
            col,
        )


def _check_account(
    root: Path,
    post: Post,
    account: Account,
    network: Network,
    rendered: Rendered,
    schedule: Schedule,
    emit: Emit,
    limits_for: Callable[[Account, str], Limits],
) -> None:
    name = account.name
    report = _AccountReport(post.path, name, network.name, emit)
    kind = _kind_for(post, name, network, report)
    limits = limits_for(account, kind)
    if post.in_reply_to is not None and network.reply_links is not None:
        limits = network.reply_links.limits(limits)
    if not rendered.text.strip() and not rendered.media:
        report.error(
            rendered.line,
            "post/empty",
            _(
                "{name}: nothing to post — the body is empty and there are "
                "no images; write a text or add media"
            ).format(name=name),
        )
        return
    _check_length(post, account, network, limits, rendered, report.network_error)
    _check_what_is_shown(post, network, limits, kind, rendered, report)
    _check_first_comment(post, account, network, report)
    _check_text(network, account, rendered, report)
    for f in network.check_tags(post.tags, account) if post.tags else ():
        report.network_error(post.line_of("tags"), f.rule, f.message)
    _check_media_rules(root, post, limits, _(network.title), rendered, report.network_error)
    _check_captions_sent(network, limits, rendered, report)
    if post.sponsored:
        _check_disclosure(root, post, account, network, limits, rendered, schedule, emit)


def _kind_for(post: Post, name: str, network: Network, report: _AccountReport) -> str:
    """The post's kind on this account; a kind the network lacks is reported, its first used."""
    kind = post.kind_for(name, network.kinds, network.name)
    if kind in network.kinds:
        return kind
    report.error(
        post.variants[name].line,
        f"{network.name}/kind",
        _(
            "{name}: {title} posts have no kind '{kind}'; use {items} or "
            "remove 'kind' from this variant"
        ).format(name=name, title=_(network.title), kind=kind, items=" or ".join(network.kinds)),
    )
    return network.kinds[0]


def _check_what_is_shown(
    post: Post,
    network: Network,
    limits: Limits,
    kind: str,
    rendered: Rendered,
    report: _AccountReport,
) -> None:
    """Warn about text that is not sent: a first comment not posted, a caption not shown."""
    name, net = report.account, network.name
    if post.first_comment_for(name) and (not network.first_comment or not limits.caption_shown):
        line = (
            post.line_of("first_comment") if name not in post.variants else post.variants[name].line
        )
        if limits.caption_shown:
            message = _("{name}: smmgen posts no first comment on {title}; it is not sent").format(
                name=name, title=_(network.title)
            )
        else:
            kinds = {"story": _("stories"), "reel": _("reels")}.get(kind, _("posts"))
            message = _(
                "{name}: smmgen posts no first comment on {title} {kinds}; it is not sent"
            ).format(name=name, title=_(network.title), kinds=kinds)
        report.warning(line, f"{net}/first-comment-unsupported", message)
    if not limits.caption_shown and rendered.text.strip():
        report.warning(
            rendered.line,
            f"{net}/caption-not-shown",
            _(
                "{name}: a {title} {kind} shows no text, so the text is not "
                "sent; put what matters into the image or video"
            ).format(name=name, title=_(network.title), kind=kind),
        )


def _check_first_comment(
    post: Post, account: Account, network: Network, report: _AccountReport
) -> None:
    """A first comment is a comment: held to the network's comment limit (LinkedIn 1,250).

    It is sent after the post is out, so a refused one would be found too late.
    """
    text = post.first_comment_for(account.name)
    limit = network.reply_links.text if network.reply_links is not None else None
    if not text or not network.first_comment or limit is None:
        return
    n = network.count(text, account)
    if n <= limit.max:
        return
    name = account.name
    line = post.line_of("first_comment") if name not in post.variants else post.variants[name].line
    report.network_error(
        line,
        "length",
        _("{n}/{max} {unit_label}{where} — {hint}{caption}").format(
            n=n,
            max=limit.max,
            unit_label=unit_label(limit.unit),
            where=" (first_comment)",  # the key's name, the same in every language
            hint=_("shorten by {n}").format(n=n - limit.max),
            caption="",
        ),
    )


def _check_text(
    network: Network, account: Account, rendered: Rendered, report: _AccountReport
) -> None:
    """The network's own text rules, for each part of the rendered text."""
    for part in rendered.parts:
        for f in network.check_text(part, account):
            if f.severity == "error":
                report.network_error(rendered.line, f.rule, f.message)
            else:
                report.warning(
                    rendered.line,
                    f"{network.name}/{f.rule}",
                    _("{name}: {message}").format(name=account.name, message=f.message),
                )


def _check_captions_sent(
    network: Network, limits: Limits, rendered: Rendered, report: _AccountReport
) -> None:
    """Warn when a network that takes videos takes no captions file for them."""
    if limits.video is None or limits.video.captions:
        return
    for ref in rendered.media:
        if ref.captions is not None:
            report.warning(
                ref.line,
                f"{network.name}/captions-unsupported",
                _(
                    "{account}: {title} takes no captions file, so '{captions}' "
                    "is not sent; burn the captions into the video for this "
                    "account"
                ).format(account=report.account, title=_(network.title), captions=ref.captions),
                ref.column,
            )


def _check_disclosure(
    root: Path,
    post: Post,
    account: Account,
    network: Network,
    limits: Limits,
    rendered: Rendered,
    schedule: Schedule,
    emit: Emit,
) -> None:
    name, net = account.name, network.name
    label = schedule.disclosure
    if not _has_label(rendered.parts[0], label):
        # In a thread the label belongs in the first part: that is what people see first.
        emit(
            error(
                post.path,
                rendered.line,
                "post/disclosure-missing",
                _missing_label(name, label, rendered),
                account=name,
                network=net,
            )
        )
        return
    # German law (UWG § 5a (4), MStV § 22 (1)) wants advertising recognisable at first
    # sight: not behind a content warning, not after the feed's "… more".
    where = _label_hidden(label, network, limits, rendered)
    if where:
        line, col = _source_of(root, post, rendered, label)
        emit(
            error(
                post.path,
                line,
                "post/disclosure-hidden",
                _("{name}: the disclosure label '{label}' stands {where}").format(
                    name=name, label=label, where=where
                ),
                column=col,
                account=name,
                network=net,
            )
        )


def _missing_label(name: str, label: str, rendered: Rendered) -> str:
    """Why a sponsored post's text lacks the disclosure label, and where to put it."""
    text = (
        _(
            "{name}: sponsored post without the disclosure label '{label}'; "
            "add it to the variant body"
        )
        if rendered.from_variant
        else _("{name}: sponsored post without the disclosure label '{label}'; add it to the text")
    ).format(name=name, label=label)
    return text + (_(" (in the first part of the thread)") if len(rendered.parts) > 1 else "")


def _label_hidden(label: str, network: Network, limits: Limits, rendered: Rendered) -> str:
    """Where the label stands out of first sight ("" when readers see it at once)."""
    cw = rendered.content_warning
    if cw and not _has_label(cw, label):
        return _(
            "behind the content warning, which hides the text until it is opened; put the "
            "label into content_warning (e.g. '{label} {cw}')"
        ).format(label=label, cw=cw)
    shown, _after = fold(rendered.parts[0], limits.see_more_at)
    if _has_label(shown, label):
        return ""
    at = graphemes(rendered.parts[0][: _label_at(rendered.parts[0], label)]) + 1
    return _(
        "at character {at}, after {network}'s “… more” cut at {cut} characters, so "
        "readers see it only after expanding the post; move it into the first {cut} "
        "characters, e.g. to the start"
    ).format(at=at, network=_(network.title), cut=limits.see_more_at)


def _label_at(text: str, label: str) -> int:
    m = re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)
    return m.start() if m else 0


def _source_of(root: Path, post: Post, rendered: Rendered, label: str) -> tuple[int, int]:
    """Line and column of ``label`` in the post file, from the rendered text's line on."""
    try:
        lines = (root / post.path).read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return rendered.line, 1
    for i in range(max(rendered.line - 1, 0), len(lines)):
        col = lines[i].find(label)
        if col >= 0:
            return i + 1, col + 1
    return rendered.line, 1


def _has_label(text: str, label: str) -> bool:
    """Whether ``label`` stands in ``text`` as a word of its own (#Anzeige, not #Anzeigen)."""
    return re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text) is not None


def _check_length(
    post: Post,
    account: Account,
    network: Network,
    limits: Limits,
    rendered: Rendered,
    err: Callable[..., None],
) -> None:
    text_limit = limits.text_for(rendered.media)
    kind = "caption" if text_limit is limits.caption else "text"
    # Rendering already counted each part as the network does; count once.
    for i, n in enumerate(rendered.lengths):
        if n <= text_limit.max:
            continue
        over = n - text_limit.max
        where = _(" (thread part {n})").format(n=i + 1) if len(rendered.parts) > 1 else ""
        fixes = [_("shorten by {n}").format(n=over)]
        if not post.thread and limits.threads:
            fixes.append(_("set thread: true"))
        if not rendered.from_variant:
            fixes.append(_("add a variants.{account} body").format(account=account.name))
        hint = (
            fixes[0]
            if len(fixes) == 1
            else _("{some}, or {last}").format(some=", ".join(fixes[:-1]), last=fixes[-1])
        )
        if post.thread and not limits.threads:
            hint += _(" ({network} has no threads, so thread: true cannot split it)").format(
                network=_(network.title)
            )
        caption = _(" (the limit with images attached)") if kind == "caption" else ""
        err(
            rendered.line,
            "length",
            _("{n}/{max} {unit_label}{where} — {hint}{caption}").format(
                n=n,
                max=text_limit.max,
                unit_label=unit_label(text_limit.unit),
                where=where,
                hint=hint,
                caption=caption,
            ),
        )


def _check_media_rules(
    root: Path,
    post: Post,
    limits: Limits,
    title: str,
    rendered: Rendered,
    err: Callable[..., None],
) -> None:
    ml = limits.media
    media = rendered.media
    if not media and not ml.min_count and (limits.video is None or not limits.video.required):
        return  # nothing attached and nothing asked for: most posts
    from .media import ImageInfo, inspect
    from .validate_video import check_counts, check_video
    from .video import VideoInfo, is_video_path

    line = post.line_of("media") if media else rendered.line
    images = [ref for ref in media if not is_video_path(ref.path)]
    if len(images) > ml.max_count:
        if ml.max_count == 0:
            err(line, "media-count", _("this network takes no images here; remove them"))
        else:
            err(
                line,
                "media-count",
                _("{len} images, at most {max_count} allowed; remove {value}").format(
                    len=len(images), max_count=ml.max_count, value=len(images) - ml.max_count
                ),
            )
    if len(media) < ml.min_count:
        err(
            line,
            "media-required",
            ngettext(
                "needs at least {n} image; add media (or a variants entry with media)",
                "needs at least {n} images; add media (or a variants entry with media)",
                ml.min_count,
            ).format(n=ml.min_count),
        )
    check_counts(len(media) - len(images), len(images), limits.video, title, line, err)
    for ref in media:
        if is_video_path(ref.path) and limits.video is None:
            continue
        info = inspect(root, ref.path)
        if isinstance(info, ImageInfo):
            _check_image(ref, info, limits, title, err)
        elif isinstance(info, VideoInfo) and limits.video is not None:
            check_video(ref, info, limits.video, title, err)


# A photo saved as JPEG at quality 85 takes about this many bytes per pixel (a
# conservative average; detailed photos take more, flat graphics far less).
_JPEG_85_BYTES_PER_PIXEL = 0.3


def megabytes(n: int) -> str:
    """Bytes as decimal megabytes, as networks and file managers state them: ``18.0 MB``."""
    return f"{n / 1_000_000:.1f} MB"


def export_hint(info: ImageInfo, max_bytes: int) -> str:
    """A concrete export setting that brings a photo under ``max_bytes``."""
    pixels = max_bytes * 0.8 / _JPEG_85_BYTES_PER_PIXEL  # 20% headroom
    width = int((pixels * info.aspect) ** 0.5) // 100 * 100 if info.aspect else info.width
    width = max(100, min(width, info.width))
    return _("export at {width} px wide as JPEG quality 85").format(width=width)


def _check_image(
    ref: MediaRef, info: ImageInfo, limits: Limits, title: str, err: Callable[..., None]
) -> None:
    ml = limits.media
    col = ref.column
    if info.format not in ml.formats:
        err(
            ref.line,
            "media-format",
            _("'{path}' is {format}; use {items}").format(
                path=ref.path, format=info.format, items=" or ".join(sorted(ml.formats))
            ),
            col,
        )
    if ml.max_bytes is not None and info.size > ml.max_bytes:
        err(
            ref.line,
            "media-size",
            _("'{path}' is {megabytes}, {title} takes {megabytes2}: {export_hint}").format(
                path=ref.path,
                megabytes=megabytes(info.size),
                title=title,
                megabytes2=megabytes(ml.max_bytes),
                export_hint=export_hint(info, ml.max_bytes),
            ),
            col,
        )
    _check_image_shape(ref, info, limits, err)
    if ref.alt and ml.alt_max is not None:
        n = graphemes(ref.alt)
        if n > ml.alt_max:
            err(
                ref.line,
                "alt-length",
                _("alt text of '{path}' is {n}/{alt_max} characters; shorten by {value}").format(
                    path=ref.path, n=n, alt_max=ml.alt_max, value=n - ml.alt_max
                ),
                col,
            )


def _check_image_shape(
    ref: MediaRef, info: ImageInfo, limits: Limits, err: Callable[..., None]
) -> None:
    """The image's aspect ratio and sides against the network's limits."""
    ml = limits.media
    col = ref.column
    if ml.min_aspect is not None and info.aspect < ml.min_aspect - 1e-3:
        err(
            ref.line,
            "media-aspect",
            _(
                "'{path}' is {width}×{height} (ratio {aspect:.2f}); the "
                "narrowest allowed is {min_aspect:.2f} — crop it wider"
            ).format(
                path=ref.path,
                width=info.width,
                height=info.height,
                aspect=info.aspect,
                min_aspect=ml.min_aspect,
            ),
            col,
        )
    if ml.max_aspect is not None and info.aspect > ml.max_aspect + 1e-3:
        err(
            ref.line,
            "media-aspect",
            _(
                "'{path}' is {width}×{height} (ratio {aspect:.2f}); the "
                "widest allowed is {max_aspect:.2f} — crop it narrower"
            ).format(
                path=ref.path,
                width=info.width,
                height=info.height,
                aspect=info.aspect,
                max_aspect=ml.max_aspect,
            ),
            col,
        )
    short, long = sorted((info.width, info.height))
    if ml.min_side is not None and short < ml.min_side:
        err(
            ref.line,
            "media-dimensions",
            _(
                "'{path}' is {width}×{height}; the short side must be at least {min_side} pixels"
            ).format(path=ref.path, width=info.width, height=info.height, min_side=ml.min_side),
            col,
        )
    if ml.max_side is not None and long > ml.max_side:
        err(
            ref.line,
            "media-dimensions",
            _(
                "'{path}' is {width}×{height}; the long side may be at most {max_side} pixels"
            ).format(path=ref.path, width=info.width, height=info.height, max_side=ml.max_side),
            col,
        )

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
        _check_account(root, post, account, network, rendered, schedule, emit)
    return problems


def _check_mentions(root: Path, post: Post, schedule: Schedule, emit: Emit) -> None:
    from .mentions import unknown_mentions, unknown_message

    texts = [post.body, *(v.body or "" for v in post.variants.values())]
    if not any("@{" in t for t in texts):
        return
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
                    f"no account '{name}' in schedule.yaml (accounts: {known})"
                    f"{suggest(name, schedule.accounts)}",
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
                    f"variants: no account '{name}' in schedule.yaml"
                    f"{suggest(name, schedule.accounts)}",
                    account=name,
                )
            )
        elif name not in post.networks:
            emit(
                warning(
                    post.path,
                    variant.line,
                    "post/unused-variant",
                    f"variants: '{name}' is not in 'networks', so this text is never "
                    "sent; add it to networks or remove the variant",
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
                    f"no slot '{post.slot}' in schedule.yaml (slots: "
                    f"{', '.join(schedule.slots) or 'none'}){suggest(post.slot, schedule.slots)}",
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
                            f"slot '{slot.name}' does not post to '{name}'; add it to the "
                            "slot's accounts or give the post a publish_at",
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
                    f"{when:%Y-%m-%d} is in a blackout ({blackout.start} to {blackout.end}: "
                    f"{blackout.reason}); pick another date",
                )
            )


def _media_refs(post: Post) -> list[MediaRef]:
    refs = list(post.media)
    for v in post.variants.values():
        refs.extend(v.media or ())
    return refs


def _check_media_files(root: Path, post: Post, emit: Emit) -> None:
    from .media import MediaError, inspect  # Pillow's header reader, only for posts with images

    for ref in _media_refs(post):
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
                    f"'{ref.path}' has no alt text; add 'alt:' describing the image for "
                    "people who cannot see it (or 'decorative: true' if it is decoration)",
                    column=ref.column,
                )
            )


def _check_captions_file(root: Path, post: Post, ref: MediaRef, emit: Emit) -> None:
    from .video import is_video_path

    assert ref.captions is not None
    problem = ""
    if not is_video_path(ref.path):
        problem = "'captions' belongs to a video; remove it from this image"
    elif ref.captions.startswith("../") or not ref.captions.endswith(".vtt"):
        problem = f"captions '{ref.captions}' must be a .vtt file inside the repository"
    else:
        try:
            with (root / ref.captions).open("rb") as fh:
                head = fh.read(16)
        except OSError:
            problem = (
                f"captions '{ref.captions}' does not exist; check the path (it is relative to "
                "the post file)"
            )
        else:
            if not head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
                problem = (
                    f"captions '{ref.captions}' is not a WebVTT file (it must start with "
                    "'WEBVTT'); export the captions as WebVTT"
                )
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
        self.emit(
            error(
                self.path,
                line,
                rule,
                message,
                column=col,
                account=self.account,
                network=self.network,
            )
        )

    def warning(self, line: int, rule: str, message: str, col: int = 1) -> None:
        """A warning with the full ``rule`` id and ``message`` as given."""
        self.emit(
            warning(
                self.path,
                line,
                rule,
                message,
                column=col,
                account=self.account,
                network=self.network,
            )
        )

    def network_error(self, line: int, rule: str, message: str, col: int = 1) -> None:
        """An error of the network's own rule (``bluesky/length``), message after the account."""
        self.error(line, f"{self.network}/{rule}", f"{self.account}: {message}", col)


def _check_account(
    root: Path,
    post: Post,
    account: Account,
    network: Network,
    rendered: Rendered,
    schedule: Schedule,
    emit: Emit,
) -> None:
    name = account.name
    report = _AccountReport(post.path, name, network.name, emit)
    kind = _kind_for(post, name, network, report)
    limits = network.limits_for(account, kind)
    if post.in_reply_to is not None and network.reply_links is not None:
        limits = network.reply_links.limits(limits)
    if not rendered.text.strip() and not rendered.media:
        report.error(
            rendered.line,
            "post/empty",
            f"{name}: nothing to post — the body is empty and there are no images; "
            "write a text or add media",
        )
        return
    _check_length(post, account, network, limits, rendered, report.network_error)
    _check_what_is_shown(post, network, limits, kind, rendered, report)
    _check_text(network, account, rendered, report)
    for f in network.check_tags(post.tags, account) if post.tags else ():
        report.network_error(post.line_of("tags"), f.rule, f.message)
    _check_media_rules(root, post, limits, network.title, rendered, report.network_error)
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
        f"{name}: {network.title} posts have no kind '{kind}'; use "
        f"{' or '.join(network.kinds)} or remove 'kind' from this variant",
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
            message = f"{name}: smmgen posts no first comment on {network.title}; it is not sent"
        else:
            message = (
                f"{name}: smmgen posts no first comment on {network.title} {kind}s; it is not sent"
            )
        report.warning(line, f"{net}/first-comment-unsupported", message)
    if not limits.caption_shown and rendered.text.strip():
        report.warning(
            rendered.line,
            f"{net}/caption-not-shown",
            f"{name}: a {network.title} {kind} shows no text, so the text is not sent; "
            "put what matters into the image or video",
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
                    rendered.line, f"{network.name}/{f.rule}", f"{account.name}: {f.message}"
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
                f"{report.account}: {network.title} takes no captions file, so "
                f"'{ref.captions}' is not sent; burn the captions into the video for this "
                "account",
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
                f"{name}: sponsored post without the disclosure label "
                f"'{schedule.disclosure}'; add it to the "
                f"{'variant body' if rendered.from_variant else 'text'}"
                + (" (in the first part of the thread)" if len(rendered.parts) > 1 else ""),
                account=name,
                network=net,
            )
        )
        return
    # German law (UWG § 5a (4), MStV § 22 (1)) wants advertising recognisable at first
    # sight: not behind a content warning, not after the feed's "… more".
    cw = rendered.content_warning
    where = ""
    if cw and not _has_label(cw, label):
        where = (
            "behind the content warning, which hides the text until it is opened; put the "
            f"label into content_warning (e.g. '{label} {cw}')"
        )
    else:
        shown, _ = fold(rendered.parts[0], limits.see_more_at)
        if not _has_label(shown, label):
            at = graphemes(rendered.parts[0][: _label_at(rendered.parts[0], label)]) + 1
            where = (
                f"at character {at}, after {network.title}'s “… more” cut at "
                f"{limits.see_more_at} characters, so readers see it only after expanding the "
                f"post; move it into the first {limits.see_more_at} characters, e.g. to the start"
            )
    if where:
        line, col = _source_of(root, post, rendered, label)
        emit(
            error(
                post.path,
                line,
                "post/disclosure-hidden",
                f"{name}: the disclosure label '{label}' stands {where}",
                column=col,
                account=name,
                network=net,
            )
        )


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
        where = f" (thread part {i + 1})" if len(rendered.parts) > 1 else ""
        fixes = [f"shorten by {over}"]
        if not post.thread and limits.threads:
            fixes.append("set thread: true")
        if not rendered.from_variant:
            fixes.append(f"add a variants.{account.name} body")
        hint = fixes[0] if len(fixes) == 1 else ", ".join(fixes[:-1]) + f", or {fixes[-1]}"
        if post.thread and not limits.threads:
            hint += f" ({network.title} has no threads, so thread: true cannot split it)"
        err(
            rendered.line,
            "length",
            f"{n}/{text_limit.max} {text_limit.unit}{where} — {hint}"
            + (" (the limit with images attached)" if kind == "caption" else ""),
        )


def _check_media_rules(
    root: Path,
    post: Post,
    limits: Limits,
    title: str,
    rendered: Rendered,
    err: Callable[..., None],
) -> None:
    from .media import ImageInfo, inspect
    from .validate_video import check_counts, check_video
    from .video import VideoInfo, is_video_path

    ml = limits.media
    media = rendered.media
    line = post.line_of("media") if media else rendered.line
    images = [ref for ref in media if not is_video_path(ref.path)]
    if len(images) > ml.max_count:
        if ml.max_count == 0:
            err(line, "media-count", "this network takes no images here; remove them")
        else:
            err(
                line,
                "media-count",
                f"{len(images)} images, at most {ml.max_count} allowed; remove "
                f"{len(images) - ml.max_count}",
            )
    if len(media) < ml.min_count:
        err(
            line,
            "media-required",
            f"needs at least {ml.min_count} image{'s' if ml.min_count > 1 else ''}; add "
            "media (or a variants entry with media)",
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
    return f"export at {width} px wide as JPEG quality 85"


def _check_image(
    ref: MediaRef, info: ImageInfo, limits: Limits, title: str, err: Callable[..., None]
) -> None:
    ml = limits.media
    col = ref.column
    if info.format not in ml.formats:
        err(
            ref.line,
            "media-format",
            f"'{ref.path}' is {info.format}; use {' or '.join(sorted(ml.formats))}",
            col,
        )
    if ml.max_bytes is not None and info.size > ml.max_bytes:
        err(
            ref.line,
            "media-size",
            f"'{ref.path}' is {megabytes(info.size)}, {title} takes {megabytes(ml.max_bytes)}: "
            f"{export_hint(info, ml.max_bytes)}",
            col,
        )
    _check_image_shape(ref, info, limits, err)
    if ref.alt and ml.alt_max is not None:
        n = graphemes(ref.alt)
        if n > ml.alt_max:
            err(
                ref.line,
                "alt-length",
                f"alt text of '{ref.path}' is {n}/{ml.alt_max} characters; shorten by "
                f"{n - ml.alt_max}",
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
            f"'{ref.path}' is {info.width}×{info.height} (ratio {info.aspect:.2f}); "
            f"the narrowest allowed is {ml.min_aspect:.2f} — crop it wider",
            col,
        )
    if ml.max_aspect is not None and info.aspect > ml.max_aspect + 1e-3:
        err(
            ref.line,
            "media-aspect",
            f"'{ref.path}' is {info.width}×{info.height} (ratio {info.aspect:.2f}); "
            f"the widest allowed is {ml.max_aspect:.2f} — crop it narrower",
            col,
        )
    short, long = sorted((info.width, info.height))
    if ml.min_side is not None and short < ml.min_side:
        err(
            ref.line,
            "media-dimensions",
            f"'{ref.path}' is {info.width}×{info.height}; the short side must be at least "
            f"{ml.min_side} pixels",
            col,
        )
    if ml.max_side is not None and long > ml.max_side:
        err(
            ref.line,
            "media-dimensions",
            f"'{ref.path}' is {info.width}×{info.height}; the long side may be at most "
            f"{ml.max_side} pixels",
            col,
        )

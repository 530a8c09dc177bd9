"""Every rule id a problem can carry, with what it means.

Rule ids are stable: scripts may rely on them. The reference page of rule ids is
generated from this table (``python -m smmgen.docs --write``), and a test fails
when the code reports a rule that is not listed here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One row of the rule table: the ids it covers and what they mean."""

    ids: tuple[str, ...]
    meaning: str
    warning: bool = False


def _r(ids: str, meaning: str, *, warning: bool = False) -> Rule:
    return Rule(tuple(ids.split()), meaning, warning)


RULES: tuple[Rule, ...] = (
    _r(
        "file/encoding file/too-large file/unreadable",
        "the file is not UTF-8, is over 1 MB, or cannot be read",
    ),
    _r(
        "file/outside-repo",
        "the post file is a link to a file outside the repository (it is not read)",
    ),
    _r(
        "front-matter/missing front-matter/unclosed front-matter/not-mapping",
        "the `---` block is absent, never closed, or not `key: value` lines",
    ),
    _r(
        "front-matter/unknown-key front-matter/type front-matter/missing-key",
        "a key is misspelt (with a suggestion), has the wrong type, or is required",
    ),
    _r(
        "front-matter/publish-at front-matter/time-and-slot front-matter/no-time",
        "a bad time; both `publish_at` and `slot`; neither (and not a draft)",
    ),
    _r(
        "front-matter/networks-empty front-matter/networks-duplicate",
        "`networks` is empty or repeats an account",
    ),
    _r(
        "yaml/syntax yaml/duplicate-key yaml/unsafe-tag yaml/too-complex yaml/bad-key",
        "YAML problems, at the line YAML reports; the message names the likely cause in plain "
        "words and says when `smmgen fix` repairs it",
    ),
    _r(
        "yaml/comment-in-text yaml/text-changed",
        "a text field whose end YAML drops as a ` #` comment, or whose value YAML reads as "
        "something else (`no` → false, `1.10` → 1.1)",
    ),
    _r(
        "post/unknown-account post/unknown-slot post/slot-account post/unused-variant",
        "names that do not match schedule.yaml",
    ),
    _r("post/blackout", "the post falls in a blackout period (the message names the reason)"),
    _r(
        "post/missed post/overdue",
        "`publish_at` has passed and the ledger has no record of the post on those accounts: "
        "more than `max_delay` ago (error), or within it (warning)",
    ),
    _r(
        "post/too-close",
        "less than `min_gap` after another post on the same account",
        warning=True,
    ),
    _r(
        "post/outside-runs",
        "`publish_at` falls outside the hours `publish.yml` runs (`active_hours`): the next run "
        "is more than `max_delay` later (error: it would be missed) or over an hour later "
        "(warning)",
    ),
    _r(
        "post/renamed-published",
        "the post was published under its old id before it was renamed or moved; it is not "
        "sent again",
        warning=True,
    ),
    _r("post/unknown-mention", "an `@{alias}` that people.yaml does not define"),
    _r(
        "schedule/cron-outdated",
        "`publish.yml`'s cron does not match `active_hours`; the message has the lines to paste",
        warning=True,
    ),
    _r(
        "schedule/secret-wiring",
        "the publish workflow does not pass an account's `*_env` variable to `smmgen publish`",
    ),
    _r("post/empty", "nothing to post for an account: no text and no images"),
    _r("post/disclosure-missing", "a `sponsored: true` text without the disclosure label"),
    _r(
        "post/disclosure-hidden",
        'the label stands after the network\'s "… more" cut or behind a content warning '
        "(the message says where)",
    ),
    _r(
        "media/missing media/outside-repo media/not-image media/too-large",
        "the image file cannot be used",
    ),
    _r(
        "media/alt-missing",
        "an image without alt text (set `decorative: true` for pure decoration)",
    ),
    _r(
        "media/not-video media/captions",
        "a file named like a video that is none; a captions file that is missing or not WebVTT",
    ),
    _r(
        "<network>/video-unsupported <network>/video-count <network>/video-mixed",
        "a video where the network takes none, too many videos, or a video next to images "
        "where the network takes one or the other",
    ),
    _r(
        "<network>/video-format <network>/video-codec <network>/video-audio "
        "<network>/video-size <network>/video-duration <network>/video-aspect "
        "<network>/video-dimensions <network>/video-frame-rate <network>/video-bitrate",
        "the video's real container, codecs, bytes, length, shape, size, frame rate or bitrate "
        "(read from the file), with what to change",
    ),
    _r(
        "<network>/first-comment-unsupported",
        "a `first_comment` where smmgen posts none (networks other than Instagram, Facebook, "
        "LinkedIn, Threads; stories)",
        warning=True,
    ),
    _r(
        "<network>/kind",
        "a variant's `kind` the network does not have (Instagram: feed, reel, story)",
    ),
    _r(
        "<network>/caption-not-shown instagram/link-not-clickable",
        "text on a story, which shows none; a link in an Instagram caption, which nobody can tap",
        warning=True,
    ),
    _r(
        "<network>/captions-unsupported",
        "a captions file for a network that takes none: it is not sent",
        warning=True,
    ),
    _r("<network>/length", "the text is too long as that network counts it"),
    _r("<network>/bytes", "Bluesky: over 3000 UTF-8 bytes"),
    _r(
        "<network>/hashtags <network>/mentions <network>/links",
        "Instagram's 30 hashtags / 20 mentions; Threads' 5 links",
    ),
    _r(
        "<network>/media-count <network>/media-required",
        "too many images, or none where the network needs one",
    ),
    _r(
        "<network>/media-format <network>/media-size <network>/media-aspect "
        "<network>/media-dimensions",
        "the image's real format, bytes, shape or size (read from the file, not its name); a "
        'size problem says how to export it, e.g. "18.0 MB, Bluesky takes 1.0 MB: export at '
        '2000 px wide as JPEG quality 85"',
    ),
    _r("<network>/alt-length", "alt text longer than the network accepts"),
    _r(
        "schedule/unknown-key schedule/type schedule/missing-key schedule/not-mapping",
        "schedule.yaml: a misspelt key (with a suggestion), a wrong type, a required key "
        "missing, or not `key: value` lines",
    ),
    _r(
        "schedule/timezone schedule/unknown-network schedule/unknown-account",
        "schedule.yaml: an unknown time zone, network or account name",
    ),
    _r(
        "schedule/slot-day schedule/slot-time schedule/blackout-date",
        "schedule.yaml: a slot's weekday or time, or a blackout's date, cannot be read",
    ),
    _r(
        "schedule/active-hours schedule/stats schedule/utm",
        "schedule.yaml: `active_hours` times, `stats` durations or `utm` placeholders that "
        "cannot be read",
    ),
    _r(
        "schedule/insecure-endpoint schedule/reserved-env",
        "a server that gets secrets over plain `http://` (other than localhost); a `*_env` "
        "naming the CI runner's own variables (`GITHUB_*` …) — see "
        "[Where secrets go](../setup.md#where-secrets-go)",
    ),
    _r(
        "schedule/custom-endpoint schedule/shared-env",
        "secrets go to a host other than the network's own; one variable is read by accounts "
        "on two networks",
        warning=True,
    ),
    _r(
        "people/not-mapping people/type people/alias people/duplicate people/handle",
        "people.yaml (or the `people:` section): not a mapping, a person that is not a mapping "
        "of network → handle, an alias with other characters than letters, digits, `_`, `.` "
        "or `-`, a person defined in both places, or a handle the network cannot mention "
        "(LinkedIn needs a URN)",
    ),
    _r(
        "reply/wrong-network reply/not-a-post reply/unsupported-network",
        "a reply's link belongs to another network than its account's, is not the link of "
        "one post, or is on a network smmgen cannot reply on yet",
    ),
    _r(
        "ledger/invalid ledger/future-time",
        "a ledger line that is not a valid record (skipped), or a claim dated more than 5 "
        "minutes in the future",
        warning=True,
    ),
    _r(
        "ledger/on-content-branch",
        "`state/published.jsonl` is committed to the content branch, where it is never read; "
        "remove it with `git rm --cached state/published.jsonl`",
    ),
    _r(
        "ledger/missing",
        "the `smmgen-state` branch is gone or was rewritten; see "
        "[If the ledger branch is gone](../guide/publishing.md#if-the-ledger-branch-is-gone)",
    ),
    _r(
        "stats/header stats/bad-row stats/unreadable",
        "a `stats/YYYY-MM.csv` file without the header line (skipped), a row that cannot be "
        "read (skipped), or a file that cannot be read",
    ),
    _r(
        "discord/username linkedin/api-version",
        "a webhook name Discord refuses; a LinkedIn-Version that is malformed (error) or close "
        "to retirement, 300 days after its month (warning)",
    ),
    _r("template/error", "a template in `templates/` cannot be loaded or rendered"),
    _r(
        "template/link",
        "a template (or `templates/` itself, or a folder in it) is a symbolic link; templates "
        "must be ordinary files inside `templates/`",
    ),
    _r(
        "github/form-outdated",
        "`.github/ISSUE_TEMPLATE/new-post.yml` no longer matches schedule.yaml; run "
        "`smmgen github forms`",
        warning=True,
    ),
)

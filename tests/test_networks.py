"""The networks' counting rules and limits, on hand-worked examples."""

from __future__ import annotations

from typing import Any

import pytest

from smmgen.fields import Field
from smmgen.model import Account
from smmgen.networks import NETWORKS
from smmgen.networks.base import Network
from smmgen.networks.discord import Discord
from smmgen.networks.facebook import Facebook
from smmgen.networks.instagram import Instagram, hashtags, mentions
from smmgen.networks.linkedin import LinkedIn
from smmgen.networks.manual import Manual
from smmgen.networks.mastodon import Mastodon, countable_text
from smmgen.networks.telegram import Telegram
from smmgen.networks.threads import Threads

THUMBS_UP = "\U0001f44d"  # 👍: 1 grapheme, 2 UTF-16 units, 4 UTF-8 bytes
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧: 1 grapheme, 8 units, 18 bytes
FLAG_DE = "\U0001f1e9\U0001f1ea"  # 🇩🇪: 1 grapheme, 4 units, 8 bytes
E_ACUTE = "e\u0301"  # é as e + combining accent: 1 grapheme, 2 code points


def account(network: str, **settings: Any) -> Account:
    return Account(name=f"{network}-test", network=network, settings=settings, line=1)


# --- Mastodon -------------------------------------------------------------------------------

MASTODON = Mastodon()
MASTO = account(
    "mastodon",
    instance="https://mastodon.social",
    token_env="MASTODON_TOKEN",
    max_characters=500,
    visibility="public",
)


def test_mastodon_url_counts_23() -> None:
    url = "https://example.com/a/very/long/path/that/is/way/longer/than/23/characters"
    assert MASTODON.count(url, MASTO) == 23
    assert MASTODON.count(f"Read {url} now", MASTO) == len("Read ") + 23 + len(" now")
    # http:// too, and each URL separately.
    assert MASTODON.count("http://a.io and https://b.io", MASTO) == 23 + 5 + 23


def test_mastodon_url_trailing_punctuation_is_not_part_of_the_url() -> None:
    assert MASTODON.count("See https://example.com/x.", MASTO) == 4 + 23 + 1


def test_mastodon_remote_mention_counts_only_username() -> None:
    assert MASTODON.count("@alice@example.social", MASTO) == len("@alice")
    assert MASTODON.count("hi @bob@mastodon.example.org!", MASTO) == len("hi @bob!")
    # A local mention is counted as written.
    assert MASTODON.count("@carol", MASTO) == 6
    # An e-mail address is no mention.
    assert MASTODON.count("mail@example.com", MASTO) == 16


def test_mastodon_mention_inside_url_is_part_of_the_url() -> None:
    assert countable_text("https://mastodon.social/@alice@example.com") == "x" * 23


def test_mastodon_mention_before_a_url_counts_both() -> None:
    # Entities in text order, whichever kind was found first.
    assert countable_text("@a@b.social https://example.com/x") == "@a " + "x" * 23
    assert MASTODON.count("@a@b.social https://example.com/x @c@d.social", MASTO) == 3 + 23 + 3


def test_mastodon_mention_the_url_pattern_already_holds_is_not_counted_again() -> None:
    # "-@bob" is a mention to the mention pattern alone; inside a URL it is part of the URL.
    assert countable_text("https://example.com/a-@bob") == "x" * 23
    assert MASTODON.count("see https://example.com/a-@bob@x.social", MASTO) == 4 + 23


def test_mastodon_no_mention_after_an_equals_sign() -> None:
    assert countable_text("x=@bob@example.social") == "x=@bob@example.social"


def test_mastodon_content_warning_counts() -> None:
    assert MASTODON.count("body", MASTO, content_warning="CW: spoilers") == 4 + 12
    # Graphemes, not code points: one emoji, one accented letter.
    assert MASTODON.count(FAMILY + E_ACUTE, MASTO, content_warning=THUMBS_UP) == 3


def test_mastodon_limit_comes_from_settings() -> None:
    assert MASTODON.limits(MASTO).text.max == 500
    big = account("mastodon", instance="https://x.example", token_env="T", max_characters=5000)
    assert MASTODON.limits(big).text.max == 5000
    limits = MASTODON.limits(MASTO)
    assert limits.threads is True
    assert limits.media.max_count == 4
    assert limits.media.max_bytes == 16 * 1024 * 1024
    assert limits.media.alt_max == 1500


# --- Telegram and Discord: UTF-16 units -----------------------------------------------------


@pytest.mark.parametrize(
    ("network", "acct"),
    [
        (Telegram(), account("telegram", chat_id="@channel", token_env="TG_TOKEN")),
        (Discord(), account("discord", webhook_env="DISCORD_WEBHOOK")),
    ],
)
def test_utf16_networks_count_emoji_as_two(network: Network, acct: Account) -> None:
    assert network.count("hello", acct) == 5
    assert network.count(THUMBS_UP, acct) == 2
    assert network.count(f"ok {THUMBS_UP}", acct) == 5
    assert network.count(FLAG_DE, acct) == 4
    assert network.count(FAMILY, acct) == 8
    # Letters outside ASCII but inside the basic plane count 1 each.
    assert network.count("Grüße", acct) == 5


def test_telegram_text_and_caption_limits() -> None:
    limits = Telegram().limits(account("telegram", chat_id="@c", token_env="T"))
    assert limits.text.max == 4096
    assert limits.caption is not None
    assert limits.caption.max == 1024
    assert limits.media.max_count == 10
    assert limits.media.alt_supported is False


def test_discord_limits() -> None:
    limits = Discord().limits(account("discord", webhook_env="HOOK"))
    assert limits.text.max == 2000
    assert limits.media.max_bytes == 10_485_760
    assert limits.media.alt_max == 1024


# --- Instagram -------------------------------------------------------------------------------

INSTAGRAM = Instagram()
IG = account("instagram", user_id="1784", token_env="IG_TOKEN")


def test_instagram_30_hashtags_pass_31_fail() -> None:
    ok = " ".join(f"#tag{i}" for i in range(30))
    assert INSTAGRAM.check_text(ok, IG) == []
    findings = INSTAGRAM.check_text(ok + " #one_more", IG)
    assert [f.rule for f in findings] == ["hashtags"]
    assert findings[0].message == "31/30 hashtags — remove 1"


def test_instagram_20_mentions_pass_21_fail() -> None:
    ok = " ".join(f"@user.{i}" for i in range(20))
    assert INSTAGRAM.check_text(ok, IG) == []
    findings = INSTAGRAM.check_text(ok + " @another_one", IG)
    assert [f.rule for f in findings] == ["mentions"]
    assert findings[0].message == "21/20 @mentions — remove 1"


def test_instagram_both_findings() -> None:
    text = " ".join(f"#t{i}" for i in range(32)) + " " + " ".join(f"@u{i}" for i in range(23))
    messages = [f.message for f in INSTAGRAM.check_text(text, IG)]
    assert messages == ["32/30 hashtags — remove 2", "23/20 @mentions — remove 3"]


def test_instagram_what_is_not_a_hashtag_or_mention() -> None:
    text = "C# rocks, mail me at me@example.com, see https://example.com/#top and x&#39;s"
    assert hashtags(text) == []
    assert mentions(text) == []
    assert hashtags("#Grüße #a_b, #2024!") == ["#Grüße", "#a_b", "#2024"]
    assert mentions("Thanks @nat.geo.") == ["@nat.geo"]


def test_instagram_limits() -> None:
    limits = INSTAGRAM.limits(IG)
    assert limits.text.max == 2200
    assert limits.hashtags_max == 30
    assert limits.mentions_max == 20
    assert limits.see_more_at == 125
    assert limits.media.min_count == 1
    assert limits.media.max_count == 10
    assert limits.media.formats == frozenset({"JPEG"})
    assert limits.media.min_aspect == pytest.approx(0.8)
    assert limits.media.max_aspect == pytest.approx(1.91)
    assert INSTAGRAM.count(f"caption {THUMBS_UP}", IG) == 10


# --- Threads, LinkedIn, Facebook -------------------------------------------------------------

THREADS = Threads()
TH = account("threads", user_id="123", token_env="THREADS_TOKEN")


def test_threads_emoji_count_utf8_bytes() -> None:
    assert THREADS.count("hello", TH) == 5
    assert THREADS.count(THUMBS_UP, TH) == 4
    assert THREADS.count(f"hi {THUMBS_UP}", TH) == 3 + 4
    assert THREADS.count(FLAG_DE, TH) == 8
    assert THREADS.count(FAMILY, TH) == 18
    # Non-emoji characters count once per grapheme.
    assert THREADS.count("Grüße " + E_ACUTE, TH) == 7


def test_threads_more_than_five_links() -> None:
    five = " ".join(f"https://example.com/{i}" for i in range(5))
    assert THREADS.check_text(five, TH) == []
    # The same link twice counts once.
    assert THREADS.check_text(five + " https://example.com/0.", TH) == []
    findings = THREADS.check_text(five + " https://example.org", TH)
    assert [f.rule for f in findings] == ["links"]
    assert findings[0].message.startswith("6/5 different links")


def test_threads_linkedin_facebook_limits() -> None:
    th = THREADS.limits(TH)
    assert (th.text.max, th.media.max_count, th.threads) == (500, 20, True)
    assert th.media.min_aspect == pytest.approx(0.1)
    li = LinkedIn().limits(account("linkedin", author_urn="urn:li:organization:1", token_env="T"))
    assert (li.text.max, li.media.max_count, li.see_more_at, li.threads) == (3000, 20, 210, False)
    fb = Facebook().limits(account("facebook", page_id="1", token_env="T"))
    assert (fb.text.max, fb.see_more_at, fb.media.alt_supported) == (63_206, 477, True)


def test_linkedin_and_facebook_count_utf16() -> None:
    li = account("linkedin", author_urn="urn:li:person:abc", token_env="T")
    fb = account("facebook", page_id="1", token_env="T")
    assert LinkedIn().count(f"Hi {THUMBS_UP}", li) == 5
    assert Facebook().count(f"Hi {THUMBS_UP}", fb) == 5


# --- Manual ----------------------------------------------------------------------------------

MANUAL = Manual()


def test_manual_limits_come_from_settings() -> None:
    acct = account(
        "manual",
        platform="XING",
        max_length=3000,
        unit="graphemes",
        max_media=1,
        alt_max=250,
        threads=True,
        url="https://www.xing.com/pages/example",
    )
    limits = MANUAL.limits(acct)
    assert limits.text.max == 3000
    assert limits.text.source == "declared in schedule.yaml"
    assert limits.media.source == "declared in schedule.yaml"
    assert limits.media.max_count == 1
    assert limits.media.alt_max == 250
    assert limits.threads is True


def test_manual_defaults() -> None:
    limits = MANUAL.limits(
        account("manual", platform="Pinterest", max_length=500, unit="graphemes", max_media=4)
    )
    assert limits.media.max_count == 4
    assert limits.media.alt_max is None
    assert limits.threads is False


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("graphemes", 3),  # 👍 + é + 👨‍👩‍👧
        ("characters", 1 + 2 + 5),  # code points
        ("utf16", 2 + 2 + 8),
    ],
)
def test_manual_counts_in_declared_unit(unit: str, expected: int) -> None:
    acct = account("manual", platform="XING", max_length=100, unit=unit, max_media=4)
    assert MANUAL.count(THUMBS_UP + E_ACUTE + FAMILY, acct) == expected


# --- Every network ----------------------------------------------------------------------------

_SAMPLES: dict[str, Any] = {
    "str": "example",
    "text": "example",
    "url": "https://example.org",
    "env": "EXAMPLE_TOKEN",
    "int": 100,
    "number": 100,
    "bool": False,
    "str-list": [],
    "list": [],
    "mapping": {},
}


def _settings(fields: dict[str, Field]) -> dict[str, Any]:
    """Settings as the schedule check hands them over: every key, defaults applied."""
    out: dict[str, Any] = {}
    for f in fields.values():
        if f.default is not None:
            out[f.name] = f.default
        elif f.choices:
            out[f.name] = f.choices[0]
        else:
            out[f.name] = _SAMPLES.get(f.kind, "example")
    return out


def test_registry_has_every_network() -> None:
    assert set(NETWORKS) >= {
        "bluesky",
        "mastodon",
        "x",
        "threads",
        "linkedin",
        "facebook",
        "instagram",
        "telegram",
        "discord",
        "manual",
    }
    for name, network in NETWORKS.items():
        assert network.name == name
        assert network.title


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_limits_have_https_sources(name: str) -> None:
    network = NETWORKS[name]
    limits = network.limits(account(name, **_settings(dict(network.settings))))
    sources = [limits.text.source, limits.media.source]
    if limits.caption is not None:
        sources.append(limits.caption.source)
    for source in sources:
        if name == "manual":
            assert source == "declared in schedule.yaml"
        else:
            assert source.startswith("https://"), source
            assert " " not in source
    assert limits.text.max > 0
    assert limits.text.unit
    assert limits.media.max_count >= limits.media.min_count


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_secrets_are_only_named(name: str) -> None:
    """Tokens and webhook URLs are never in schedule.yaml, only the variable's name."""
    for f in NETWORKS[name].settings.values():
        if any(word in f.name for word in ("token", "password", "secret", "webhook")):
            assert f.kind == "env", f.name

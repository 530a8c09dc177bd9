"""X's weighted length against twitter-text's own conformance cases, plus examples."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from smmgen.model import Account
from smmgen.networks.x import X
from smmgen.networks.x_weighted import (
    V1,
    V2,
    V3,
    WeightedConfig,
    _url_spans,
    is_valid,
    weighted_length,
)
from tests.helpers.content_repo import examples

# twitter-text's own files, vendored with their licence (tests/data/conformance/README.md).
CONFORMANCE = Path(__file__).resolve().parent / "data" / "conformance"


def _section(name: str) -> list[dict[str, Any]]:
    with (CONFORMANCE / "twitter-text-validate.yml").open(encoding="utf-8") as f:
        cases: list[dict[str, Any]] = yaml.safe_load(f)["tests"][name]
    return cases


def _cases(name: str) -> list[Any]:
    """The section's cases as pytest params, named by their descriptions."""
    return [pytest.param(case, id=case["description"]) for case in _section(name)]


# --- twitter-text conformance (conformance/validate.yml) -------------------------------------
# Upstream runs WeightedTweetsCounterTest with config v2 and the other two with v3.


@pytest.mark.parametrize("case", _cases("WeightedTweetsCounterTest"))
def test_weighted_v2(case: dict[str, Any]) -> None:
    assert weighted_length(case["text"], V2) == case["expected"]["weightedLength"]
    assert is_valid(case["text"], V2) is case["expected"]["valid"]


@pytest.mark.parametrize("case", _cases("WeightedTweetsWithDiscountedEmojiCounterTest"))
def test_weighted_v3_emoji(case: dict[str, Any]) -> None:
    assert weighted_length(case["text"], V3) == case["expected"]["weightedLength"]
    assert is_valid(case["text"], V3) is case["expected"]["valid"]


@pytest.mark.parametrize("case", _cases("UnicodeDirectionalMarkerCounterTest"))
def test_weighted_v3_directional_marks(case: dict[str, Any]) -> None:
    assert weighted_length(case["text"], V3) == case["expected"]["weightedLength"]
    assert is_valid(case["text"], V3) is case["expected"]["valid"]


@pytest.mark.parametrize("case", _cases("tweets"))
def test_tweet_validity_v1(case: dict[str, Any]) -> None:
    # Upstream checks these with config v1 (140 characters, all weigh 1).
    assert is_valid(case["text"], V1) is case["expected"]


# The `urls` sections test twitter-text's isValidUrl, a strict URL validator; X's
# counter uses the URL *extractor*, which links less. Here: a valid URL is one
# link (23) and nothing else; an invalid one is not. Four URLs the validator accepts
# are no link (or a shorter one) for the extractor, so X counts them as follows.
_URL_AS_X_COUNTS = {
    # The extractor links no URL with user:password@: all 47 characters are text.
    "Valid url: port and userinfo": 47,
    # It links only domains with a listed TLD, never an IP address: all text.
    "Valid url: ipv4": len("http://192.168.0.1/index.html?src=asdf"),
    "Valid url: ipv6": len("http://[3ffe:1900:4545:3:200:f8ff:fe21:67cf]:80/index.html"),
    # A query must end in [a-z0-9-_&=#/]: the link stops before the final '+'.
    "Valid url: sub delims and question marks": 23 + 1,
}


@pytest.mark.parametrize("case", _cases("urls") + _cases("urls_without_protocol"))
def test_url_counts_23(case: dict[str, Any]) -> None:
    expected = _URL_AS_X_COUNTS.get(case["description"])
    if expected is not None:
        assert case["expected"] is True  # the validator's verdict we knowingly differ from
        assert weighted_length(case["text"]) == expected
        return
    assert (weighted_length(case["text"]) == 23) is case["expected"]


def test_v3_matches_the_upstream_config_file() -> None:
    config = json.loads((CONFORMANCE / "twitter-text-config-v3.json").read_text())
    from_file = WeightedConfig(
        max_weighted_length=config["maxWeightedTweetLength"],
        scale=config["scale"],
        default_weight=config["defaultWeight"],
        emoji_parsing_enabled=config["emojiParsingEnabled"],
        transformed_url_length=config["transformedURLLength"],
        ranges=tuple((r["start"], r["end"], r["weight"]) for r in config["ranges"]),
    )
    assert from_file == V3
    assert replace(V3, emoji_parsing_enabled=False) == V2  # config/v2.json


# --- hand-worked examples -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("", 0),
        ("Hi 日本", 7),  # 3 Latin + 2 CJK × 2
        ("Größe", 5),  # Latin-1 and Latin Extended weigh 1
        ("e\u0301", 1),  # NFC first: e + combining accent is one é
        ("“quoted” – ok…", 15),  # U+2010–U+201F weigh 1; … (U+2026) weighs 2
        ("\U0001f44d", 2),  # 👍
        ("\U0001f44d\U0001f3fd", 2),  # 👍🏽 skin tone: one emoji
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467", 2),  # 👨‍👩‍👧 ZWJ family
        ("\U0001f1e9\U0001f1ea\U0001f1eb\U0001f1f7", 4),  # 🇩🇪🇫🇷 two flags
        ("#\ufe0f\u20e3", 2),  # #️⃣ keycap
        ("\u2764\ufe0f", 2),  # ❤️ emoji style
        ("\U0001f600\ufe0f", 4),  # 😀 is emoji-only: twemoji counts the U+FE0F apart
        ("\xa9", 1),  # © alone is a Latin-1 character
        ("\xa9\ufe0f", 2),  # ©️ is an emoji
        ("\u263a\ufe0e", 4),  # ☺︎ text style: no emoji, two characters of weight 2
        ("https://example.com/a/very/long/path?with=query", 23),
        ("see example.com.", 4 + 23 + 1),  # schemeless, sentence dot is text
        ("see http://example.com/foo.", 4 + 23 + 1),
        ("example.community", 23),  # the TLD is "community", not "com"
        ("example.notatld", 15),  # no listed TLD: no link
        ("version 1.2.3", 13),
        ("mail me@example.com", 19),  # after "@" it is no link
        ("https://t.co/abc123/extra", 23 + 6),  # a t.co link ends after its slug
        ("http://☃.net/", 23),  # Unicode domains link with a scheme
        ("日本.example.com", 4 + 1 + 23),  # without one, only the ASCII part does
        # Entities in text order: an emoji sequence before a URL.
        ("\U0001f44d\U0001f3fd https://example.com", 2 + 1 + 23),
        ("a \U0001f468\u200d\U0001f469\u200d\U0001f467 b.com x", 2 + 2 + 1 + 23 + 2),
        # An emoji sequence inside a URL is part of the URL, not counted again.
        ("http://\U0001f44d\U0001f3fd.net/", 23),
        # © is an emoji only with U+FE0F, also beside a real emoji sequence.
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467 \xa9", 2 + 1 + 1),
        # A schemeless link directly after ".", "-" or "/" is no link.
        ("see .example.com", 16),
        ("see -example.com", 16),
        ("see/example.com", 15),
        # Without a scheme only an ASCII domain links: none here, so all of it is text.
        ("見る 日本.みんな/abc", 4 + 1 + 4 + 1 + 6 + 4),
    ],
)
def test_hand_worked(text: str, length: int) -> None:
    assert weighted_length(text) == length


def test_emoji_parsing_only_in_v3() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert weighted_length(family, V3) == 2
    assert weighted_length(family, V2) == 3 * 2 + 2 * 1  # three people, two ZWJ


def test_v1_limit_is_140() -> None:
    assert is_valid("x" * 140, V1)
    assert not is_valid("x" * 141, V1)


def test_a_config_that_weighs_ascii_characters_differently_is_honoured() -> None:
    config = replace(V3, ranges=((0, 64, 100),))  # "@" and below weigh 1, letters 2
    assert weighted_length("A@", config) == 3
    assert weighted_length("@@", config) == 2


def test_an_emoji_after_one_inside_a_link_still_counts_once() -> None:
    # The family in the domain is part of the link (23); the one after it weighs 2 once.
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert weighted_length(f"https://{family}.com {family}", V3) == 23 + 1 + 2


def test_an_astral_character_weighs_as_its_low_surrogate() -> None:
    # twitter-text reads it with JavaScript's charAt() at its second UTF-16 unit; a config
    # with a weight for exactly that unit shows which one is read.
    def weighing(unit: int) -> WeightedConfig:
        return replace(V2, ranges=((unit, unit, 100),))

    assert weighted_length("\U0001f600", weighing(0xDE00)) == 1  # 😀 is D83D DE00
    assert weighted_length("\U0001f601", weighing(0xDE00)) == 2  # 😁 is D83D DE01
    assert weighted_length("\U00010000", weighing(0xDC00)) == 1  # the first astral one
    assert weighted_length("\uffff", weighing(0xFFFF)) == 1  # the last one of the BMP


def test_a_cyrillic_top_level_domain_is_found_in_capitals_too() -> None:
    # JavaScript's /i folds "РФ" to "рф" (a listed TLD): the link weighs 23 either way.
    assert weighted_length("https://example.рф", V3) == 23
    assert weighted_length("https://example.РФ", V3) == 23
    assert weighted_length("example.РФ", V3) == 23


def test_a_punycode_domain_is_a_link() -> None:
    assert weighted_length("https://xn--bcher-kva.com", V3) == 23
    # "~" in the path: past the plain-link shortcut, through the full URL rules.
    assert weighted_length("https://xn--bcher-kva.com/a~b", V3) == 23


def test_one_character_is_the_shortest_valid_post() -> None:
    assert is_valid("x", V1) and is_valid("x", V3)
    assert not is_valid("", V1) and not is_valid("", V3)


def test_limit_is_280_weighted() -> None:
    assert is_valid("x" * 280)
    assert not is_valid("x" * 281)
    assert is_valid("日" * 140)
    assert not is_valid("日" * 141)
    # Every URL counts 23, however long: 12 of them fit.
    assert is_valid(" ".join(["https://example.com/" + "p" * 100] * 11))
    assert weighted_length(" ".join(["https://example.com/" + "p" * 100] * 12)) == 12 * 23 + 11


def test_invalid_characters() -> None:
    assert not is_valid("")
    for ch in "\ufffe\ufeff\uffff":
        assert not is_valid(f"fine {ch}")
    # Directional marks are allowed (and weigh 2).
    assert is_valid("\u202bשלום\u202c")


def test_long_domain_label_is_no_link() -> None:
    label = "a" * 64  # DNS allows 63
    assert weighted_length(f"https://{label}.com") == 8 + 64 + 4
    assert weighted_length(f"https://{label[1:]}.com") == 23
    # The same boundary where the plain-link shortcut does not answer (a query string).
    assert weighted_length(f"https://{label}.com?a=b") == 8 + 64 + 4 + 4
    assert weighted_length(f"https://{label[1:]}.com?a=b") == 23
    for text in (f"https://{label}.com", f"https://{label[1:]}.com"):
        assert _url_spans(text, shortcut=False) == _url_spans(text)


def test_tco_slug_of_40_is_a_link_41_is_text() -> None:
    assert weighted_length("https://t.co/" + "a" * 40) == 23
    assert weighted_length("https://t.co/" + "a" * 41) == 13 + 41


def test_url_longer_than_4096_units_is_no_link() -> None:
    # twitter-text's isValidUrl: len(protocol) + len(url with its domain as punycode)
    # <= 4096, and a URL written with its scheme has it counted twice.
    url = "https://example.com/"
    assert weighted_length(url + "a" * (4088 - len(url))) == 23
    assert weighted_length(url + "a" * (4089 - len(url))) == 4089
    bare = "example.com/"  # without a scheme X adds "https://"
    assert weighted_length(bare + "a" * (4088 - len(bare))) == 23
    assert weighted_length(bare + "a" * (4089 - len(bare))) == 4089
    # "☃.net" is "xn--n3h.net" in punycode: 6 units more (and ☃ weighs 2 as text).
    snow = "http://\u2603.net/"
    assert weighted_length(snow + "a" * (4096 - 7 - 6 - len(snow))) == 23
    assert weighted_length(snow + "a" * (4097 - 7 - 6 - len(snow))) == 4097 - 7 - 6 + 1


# --- the network ----------------------------------------------------------------------------


def test_x_network() -> None:
    account = Account(
        name="x-test",
        network="x",
        settings={
            "api_key_env": "X_API_KEY",
            "api_secret_env": "X_API_SECRET",
            "access_token_env": "X_ACCESS_TOKEN",
            "access_token_secret_env": "X_ACCESS_TOKEN_SECRET",
        },
        line=1,
    )
    network = X()
    assert network.name == "x"
    assert network.count("Hi 日本 https://example.com", account) == 7 + 1 + 23
    # Config v3: an emoji sequence weighs 2 (v2 would weigh the family 8).
    assert network.count("\U0001f468\u200d\U0001f469\u200d\U0001f467", account) == 2
    limits = network.limits(account)
    assert limits.text.max == 280
    assert limits.media.max_count == 4
    assert limits.media.max_bytes == 5_242_880
    assert limits.media.alt_max == 1000
    assert limits.threads is True
    keys = [f for f in network.settings.values() if f.name != "api_base"]  # api_base: tests only
    assert all(field.kind == "env" and field.required for field in keys)


# --- the plain-link shortcut finds exactly what the full twitter-text regex finds ---

_label = st.from_regex(r"[a-zA-Z0-9][a-zA-Z0-9_-]{0,12}", fullmatch=True)
_tld = st.one_of(
    st.sampled_from(["com", "de", "CO", "org", "berlin", "io", "community"]),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
)
_path = st.from_regex(r"(/[a-zA-Z0-9_.~()+=%-]{0,8}){0,3}", fullmatch=True)
_word = st.builds(
    lambda lead, scheme, labels, tld, path, query, trail: (
        f"{lead}{scheme}{'.'.join(labels)}.{tld}{path}{query}{trail}"
    ),
    st.sampled_from(["", "(", "[", "<", '"', "'", "“", "-", "@", "#", "x", "."]),
    st.sampled_from(["", "http://", "https://", "HTTPS://", "ftp://"]),
    st.lists(_label, min_size=1, max_size=3),
    _tld,
    _path,
    st.sampled_from(["", "?", "?a=b", "?a=b&c", ":8080"]),
    st.sampled_from(["", ".", ",", ")", ").", "!", "?", "'", '"', "”", "...", "-", "/", "x"]),
)


# Sentence words with dots that are no links ("Edited.", "1.5", "e.g.", "z.B.").
_dotted_prose = st.from_regex(
    r"[a-zA-Zäöüß0-9]{0,6}([.…!?,:;)\]-]{1,3}[a-zA-Zä0-9]{0,3}){1,3}", fullmatch=True
)


@settings(max_examples=examples(400), deadline=None)
@given(
    words=st.lists(st.one_of(_word, _dotted_prose), min_size=1, max_size=4),
    sep=st.sampled_from([" ", "\n", " 日本 "]),
)
def test_plain_link_shortcut_agrees_with_the_full_regex(words: list[str], sep: str) -> None:
    text = "Lies " + sep.join(words) + " jetzt"
    assert _url_spans(text) == _url_spans(text, shortcut=False)

"""X's weighted post length, counted the way twitter-text v3 counts it.

X does not count characters: each code point has a *weight* (Latin, most
punctuation and the general-punctuation spaces weigh 1, everything else — CJK,
emoji — weighs 2), every URL weighs 23 whatever its length, and with v3 an emoji
sequence (ZWJ family, skin tone, flag, keycap) weighs 2 once.

This is a small re-implementation of twitter-text's ``parseTweet`` (JavaScript,
``js/src/parseTweet.js`` and ``extractUrlsWithIndices.js``), so that we need
neither the abandoned ``twitter-text-parser`` package nor its 0.4 s import:
https://github.com/twitter/twitter-text/tree/master/js/src

Differences from twitter-text 3.1 (checked on random texts against its
JavaScript build, which agrees everywhere else):

- Emoji sequences come from Unicode properties (the UTS #51 grammar, via
  `regex`), not from twemoji's frozen list. So emoji newer than the library
  (🫠, 🧑‍🤝‍🧑, ❤️‍🔥) count 2, as X counts them today; but a ZWJ chain that is
  no recommended sequence, or two regional indicators that are no flag (🇦🇦),
  also count 2 where twitter-text counts the parts. U+FE0F: see _VS16_BASE.
- It works in code points, not UTF-16 units; where JavaScript's units show
  through (an astral character's weight, the 4096-unit URL cap), it does the
  same as JavaScript.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .x_tlds import TLDS


@dataclass(frozen=True)
class WeightedConfig:
    """A twitter-text configuration (``config/v*.json``), field for field."""

    max_weighted_length: int  # maxWeightedTweetLength
    scale: int  # the length is the summed weight divided by this
    default_weight: int  # weight of a code point outside every range
    emoji_parsing_enabled: bool  # an emoji sequence weighs default_weight once
    transformed_url_length: int  # what every URL counts, after dividing by scale
    ranges: tuple[tuple[int, int, int], ...]  # (start, end, weight), end inclusive


_LIGHT_RANGES = (
    (0, 4351, 100),  # Latin … Georgian, up to U+10FF
    (8192, 8205, 100),  # U+2000–U+200D spaces, ZWNJ, ZWJ
    (8208, 8223, 100),  # U+2010–U+201F dashes and quotes
    (8242, 8247, 100),  # U+2032–U+2037 primes
)

# https://github.com/twitter/twitter-text/blob/master/config/v3.json
V3 = WeightedConfig(
    max_weighted_length=280,
    scale=100,
    default_weight=200,
    emoji_parsing_enabled=True,
    transformed_url_length=23,
    ranges=_LIGHT_RANGES,
)

# https://github.com/twitter/twitter-text/blob/master/config/v2.json
V2 = WeightedConfig(
    max_weighted_length=280,
    scale=100,
    default_weight=200,
    emoji_parsing_enabled=False,
    transformed_url_length=23,
    ranges=_LIGHT_RANGES,
)

# The legacy 140-character count, which twitter-text's `tweets` conformance
# cases still use: https://github.com/twitter/twitter-text/blob/master/config/v1.json
V1 = WeightedConfig(
    max_weighted_length=140,
    scale=1,
    default_weight=1,
    emoji_parsing_enabled=False,
    transformed_url_length=23,
    ranges=(),
)

# twitter-text's invalidChars: X rejects a post containing any of these.
# (The directional marks U+202A–U+202E, U+2066–U+2069 are allowed.)
INVALID_CHARS = frozenset("\ufffe\ufeff\uffff")


def weighted_length(text: str, config: WeightedConfig = V3) -> int:
    """The length X shows and enforces for ``text`` (280 max with ``V3``)."""
    return _weighted_sum(text, config) // config.scale


def is_valid(text: str, config: WeightedConfig = V3) -> bool:
    """Whether X accepts ``text``: not empty, within the limit, no invalid characters."""
    total = _weighted_sum(text, config)
    return 0 < total <= config.max_weighted_length * config.scale and INVALID_CHARS.isdisjoint(text)


def _weighted_sum(text: str, config: WeightedConfig) -> int:
    """Sum of weights before dividing by ``config.scale`` (twitter-text's loop)."""
    weigh = _weigher(config)
    if text.isascii() and "." not in text:
        return weigh(text)  # the common case: no URL, no emoji, nothing to normalize
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # (start, end, weight) of every URL and emoji sequence, URLs first so that
    # a URL wins when both start at the same index, as in twitter-text.
    url_weight = config.transformed_url_length * config.scale
    entities = [(start, end, url_weight) for start, end in _url_spans(text)]
    if config.emoji_parsing_enabled and not text.isascii():
        entities += [(start, end, config.default_weight) for start, end in _emoji_spans(text)]
        entities.sort(key=lambda entity: entity[0])  # stable: URLs stay first
    total = 0
    pos = 0
    for start, end, weight in entities:
        if start < pos:
            # twitter-text walks the text and only looks up entities at the
            # index it reaches, so one starting inside another is ignored.
            continue
        total += weigh(text[pos:start]) + weight
        pos = end
    return total + weigh(text[pos:])


# --- plain characters --------------------------------------------------------


@cache
def _weigher(config: WeightedConfig) -> Callable[[str], int]:
    """A function summing the weights of plain characters (outside URLs and emoji)."""
    weights = _WeightTable(config)
    ascii_weights = {weights[chr(cp)] for cp in range(128)}
    ascii_weight = ascii_weights.pop() if len(ascii_weights) == 1 else None

    def weigh(run: str) -> int:
        if ascii_weight is not None and run.isascii():
            return ascii_weight * len(run)
        return sum(map(weights.__getitem__, run))

    return weigh


class _WeightTable(dict[str, int]):
    """Character → weight under one config, filled in as characters are met."""

    def __init__(self, config: WeightedConfig) -> None:
        super().__init__()
        self.config = config

    def __missing__(self, ch: str) -> int:
        weight = self[ch] = _char_weight(ord(ch), self.config)
        return weight


def _char_weight(code_point: int, config: WeightedConfig) -> int:
    if code_point > 0xFFFF:
        # twitter-text reads an astral character with JavaScript's charAt() at
        # its second UTF-16 unit, so it gets the weight of its low surrogate.
        code_point = 0xDC00 + ((code_point - 0x10000) & 0x3FF)
    for start, end, weight in config.ranges:  # the first matching range wins
        if start <= code_point <= end:
            return weight
    return config.default_weight


# --- emoji ---------------------------------------------------------------------

# Emoji sequences after UTS #51, in `regex` (VERSION1) syntax.
#
# U+FE0F asks for the emoji style of a character that also has a text style
# (☕ ❤ ☺ 🏳); twemoji counts it into the emoji only then, and counts it on its
# own after emoji-only characters (😀). "Has a text style" is approximated as
# "in the BMP or not emoji by default", which differs from twemoji's list for 26
# characters (✅ ✨ ❌ …, where a U+FE0F is rare).
_VS16_BASE = r"[[\p{Emoji}&&[\x00-\uFFFF\P{Emoji_Presentation}]]--[#*0-9]]"
# One emoji: with a skin tone, with the emoji-style selector, or bare. Digits,
# # and * are Emoji=Yes too, but count as emoji only in a keycap.
_EMOJI_CHAR = (
    r"\p{Emoji_Modifier_Base}\p{Emoji_Modifier}"
    rf"|{_VS16_BASE}\uFE0F"
    r"|[\p{Emoji}--[#*0-9]]"
)
_EMOJI_SEQUENCE = (
    r"\p{Regional_Indicator}\p{Regional_Indicator}"  # flag: 🇩🇪
    r"|[#*0-9]\uFE0F?\u20E3"  # keycap: 1️⃣
    r"|\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F"  # subdivision flag: 🏴 + tags
    rf"|(?:{_EMOJI_CHAR})(?:\u200D(?:{_EMOJI_CHAR}))*"  # ZWJ sequence: 👨‍👩‍👧, or one emoji
)
# Every sequence of two or more code points above has one of these: a quick
# test that spares most texts the (slower) `regex` scan.
_EMOJI_JOINER = (
    "[\ufe0f\u20e3\u200d\U0001f3fb-\U0001f3ff\U0001f1e6-\U0001f1ff\U000e0020-\U000e007f]"
)


@cache
def _emoji_re() -> Any:
    # Imported lazily: `regex` costs start-up time and only counting needs it.
    import regex

    return regex.compile(_EMOJI_SEQUENCE, regex.VERSION1)


def _emoji_spans(text: str) -> list[tuple[int, int]]:
    """Spans of emoji sequences of two or more code points.

    A lone emoji code point is left to the per-character weights: it weighs
    default_weight there anyway, except © and ®, which twitter-text counts as
    emoji only with U+FE0F.
    """
    joiner = _compiled(_EMOJI_JOINER).search(text)
    if not joiner:
        return []
    # Such a sequence starts at most one code point before its first joiner, so
    # the (slower) `regex` scan can start there.
    matches = _emoji_re().finditer(text, max(joiner.start() - 1, 0))
    return [m.span() for m in matches if m.end() - m.start() > 1]


# --- URLs ----------------------------------------------------------------------
# twitter-text's extractUrl regex, rebuilt from the same pieces under the same
# names (js/src/regexp/*.js). It uses only explicit character sets, so the
# standard `re` runs it — several times faster here than `regex`.

_PUNCT_BUT_DASHES = r"!'#%&()*+,\\./:;<=>?@\[\]^{|}~$"
_PUNCT = _PUNCT_BUT_DASHES + r"_\-"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_INVALID = r"\uFFFE\uFEFF\uFFFF"
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066-\u2069"
_LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B"
    r"\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
_CYRILLIC = r"\u0400-\u04FF"

_DOMAIN_CHAR = rf"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
_LABEL_CHAR = rf"[^{_PUNCT_BUT_DASHES}{_SPACES}{_INVALID}{_DIRECTIONAL}]"  # or "_", "-"
_SUBDOMAIN = rf"(?:(?:{_DOMAIN_CHAR}(?:[_-]|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\.)"
_DOMAIN_NAME = rf"(?:(?:{_DOMAIN_CHAR}(?:-|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\.)"
# {tlds} is filled in with the TLD list. A listed TLD must end the word, so
# "example.community" is not "example.com" + "munity".
_TLD = r"(?:{tlds}(?=[^0-9a-zA-Z@+-]|$)|xn--[\-0-9a-z]+)"
_DOMAIN = rf"(?:{_SUBDOMAIN}*{_DOMAIN_NAME}{_TLD})"

_PATH_CHAR = rf"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_LATIN_ACCENTS}]"
# Up to two levels of balanced parentheses, for /wiki/Primer_(film).
_BALANCED_PARENS = rf"\((?:{_PATH_CHAR}+|(?:{_PATH_CHAR}*\({_PATH_CHAR}+\){_PATH_CHAR}*))\)"
# A path must not end in sentence punctuation: "see example.com/foo." keeps the ".".
_PATH_END = rf"[+\-a-z{_CYRILLIC}0-9=_#/{_LATIN_ACCENTS}]"
# twitter-text splices validUrlPathEndingChars ("[…]|(?:parens)") in without a
# group, so its "|" splits the whole path unit: a unit is either chars ending
# in a path-end char, or one parenthesised group, or "@user/". Kept that way:
# "/a~(x)" links "/a" only.
_PATH = (
    rf"(?:(?:{_PATH_CHAR}*(?:{_BALANCED_PARENS}{_PATH_CHAR}*)*{_PATH_END}|{_BALANCED_PARENS})"
    rf"|(?:@{_PATH_CHAR}+/))"
)
_QUERY_CHAR = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
_QUERY_END = r"[a-z0-9\-_&=#/]"

# A URL must not continue a word, @mention, $cashtag or #hashtag.
_PRECEDING = rf"(?:[^A-Za-z0-9@＠$#＃{_INVALID}]|[{_DIRECTIONAL}]|^)"

_EXTRACT_URL = (
    rf"({_PRECEDING})"  # 1 before
    r"("  # 2 url
    r"(https?://)?"  # 3 protocol
    # Not in twitter-text, and changes no result: a domain starts with a label
    # and a dot. Checking that first turns the scan of a long run of CJK text
    # with a dot after it from quadratic back to about linear.
    rf"(?={_LABEL_CHAR}*+\.)"
    rf"({_DOMAIN})"  # 4 domain
    r"(?::[0-9]+)?"  # port
    rf"(/{_PATH}*)?"  # 5 path
    rf"(?:\?{_QUERY_CHAR}*{_QUERY_END})?"  # query
    r")"
)
# Schemeless URLs count only for their ASCII part ("日本.example.com" → "example.com").
_ASCII_DOMAIN = rf"(?:[\-a-z0-9{_LATIN_ACCENTS}]+\.)+{_TLD}"
_TCO_URL = rf"https?://t\.co/([a-z0-9]+)(?:\?{_QUERY_CHAR}*{_QUERY_END})?"

_MAX_URL_UTF16 = 4096
_MAX_LABEL = 63  # DNS: a punycode-encoded label has at most 63 characters
_MAX_TCO_SLUG = 40
_IDNA_DOTS = "[.\u3002\uff0e\uff61]"
# A word (between spaces) with a dot in it. The lookbehind makes it start only
# at a word's start, so a long word without a dot is read once, not once per
# character.
_DOTTED_WORD = rf"(?<![^{_SPACES}])[^{_SPACES}.]*+\.[^{_SPACES}]*+"
# A dot before a letter: where a TLD could start. A word without one holds no URL.
_DOT_LETTER = r"\.[^\W\d_]"
# JavaScript's /i: ASCII letters in any case (see _any_case for the rest).
_IGNORECASE = re.IGNORECASE | re.ASCII


@cache
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` on first use, so that importing this module compiles nothing."""
    return re.compile(pattern, flags)


@cache
def _extract_url() -> re.Pattern[str]:
    # Compiled on first use (~50 ms, most of it the TLD list), not at import.
    return re.compile(_EXTRACT_URL.replace("{tlds}", _tld_alternation()), _IGNORECASE)


@cache
def _ascii_domain() -> re.Pattern[str]:
    return re.compile(_ASCII_DOMAIN.replace("{tlds}", _tld_alternation()), _IGNORECASE)


@cache
def _tld_alternation() -> str:
    return _prefix_tree(sorted(TLDS))


def _prefix_tree(words: list[str]) -> str:
    """A regex matching any of ``words``, factored by common prefix.

    A flat "aaa|aarp|abarth|…" of 1,500 TLDs makes the engine try every
    alternative in turn (~30 µs a try); as a prefix tree it branches on each
    character instead (~1 µs). Longer words are tried first, as in
    twitter-text's list.
    """
    by_first: dict[str, list[str]] = {}
    for word in words:
        if word:
            by_first.setdefault(word[0], []).append(word[1:])
    branches = [_any_case(first) + _prefix_tree(rest) for first, rest in by_first.items()]
    tree = "|".join(branches)
    if "" in words:
        return f"(?:{tree})?" if tree else ""
    return f"(?:{tree})" if len(branches) > 1 else tree


def _any_case(ch: str) -> str:
    """``ch`` in either case, as JavaScript's /i matches "рф" to "РФ".

    The URL regexes fold only ASCII case (re.ASCII), because Python's Unicode
    folding would also match ſ, K (Kelvin), İ and ı to ASCII letters, which
    JavaScript does not.
    """
    cases = sorted({c for c in (ch, ch.lower(), ch.upper()) if len(c) == 1})
    return f"[{''.join(cases)}]" if len(cases) > 1 and not ch.isascii() else re.escape(ch)


def _url_spans(text: str, *, shortcut: bool = True) -> list[tuple[int, int]]:
    """Spans of the URLs X links (and counts as 23), as extractUrlsWithIndices finds them."""
    spans: list[tuple[int, int]] = []
    if "." not in text:  # every URL has a dot before its TLD; most posts have none
        return spans
    # No part of a URL is a space, so only words with a dot can hold one.
    # Scanning those words alone, each with the character before it, finds the
    # same matches as scanning the whole text, many times faster.
    for word in _compiled(_DOTTED_WORD).finditer(text):
        if shortcut and not _compiled(_DOT_LETTER).search(word.group()):
            continue  # "Edited." or "1.5": every TLD starts with a letter, so no URL here
        plain = _plain_url(word.group()) if shortcut else None
        if plain is not None:
            spans.append((word.start() + plain[0], word.start() + plain[1]))
            continue
        for m in _extract_url().finditer(text, max(word.start() - 1, 0), word.end()):
            spans += _links_in_match(m)
    return spans


# Most links in posts are plain: ASCII labels, a listed TLD, a path of letters,
# digits, "/", "-" and "_", perhaps in brackets or followed by punctuation. For
# such a word the full regex above finds exactly the link (a property test
# compares the two), and the shortcut spares compiling it (~75 ms) and running it.
_PLAIN_URL = (
    r"[(\[<\"'“‘]?"
    r"((?:https?://)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}))"
    r"(?:/[a-z0-9/_-]*)?)"
    r"[)\].,;:!?'\">”’]*"
)


def _plain_url(word: str) -> tuple[int, int] | None:
    m = _compiled(_PLAIN_URL, _IGNORECASE).fullmatch(word)
    if m is None or m.group(3).lower() not in TLDS:
        return None
    if m.group(2).lower() == "t.co" or len(m.group(1)) + 8 > _MAX_URL_UTF16:
        return None  # t.co links and very long ones have rules of their own
    return m.span(1)


def _links_in_match(m: re.Match[str]) -> list[tuple[int, int]]:
    """The spans X links for one extractUrl match: usually one, maybe none."""
    before, url, protocol, domain, path = m.group(1, 2, 3, 4, 5)
    start, end = m.span(2)
    if not _valid_domain(domain):
        return []
    # twitter-text's isValidUrl: the scheme (also when `url` holds it) plus the URL with
    # its domain as punycode, at most 4096 UTF-16 units.
    length = _utf16_len(protocol or "https://") + _utf16_len(url)
    if not domain.isascii():
        punycode = ".".join(_punycode_label(label) for label in domain.split("."))
        length += len(punycode) - _utf16_len(domain)
    if length > _MAX_URL_UTF16:
        return []
    if protocol:
        tco = _compiled(_TCO_URL, _IGNORECASE).match(url)
        if tco:
            # A t.co link ends after its slug and query; a too-long slug is no link.
            if len(tco.group(1)) > _MAX_TCO_SLUG:
                return []
            end = start + tco.end()
        return [(start, end)]
    # Without a scheme: not after "-_./" (".example.com" is no link), and only
    # ASCII domains count ("日本.example.com" → "example.com"); the last one
    # takes the rest of the URL. (twitter-text tests `path`, so a bare "?query"
    # stays text; and it skips as many characters as the link's text has, the
    # URL with its domain replaced by the ASCII part, so that is the span.)
    if before[-1:] in ("-", "_", ".", "/"):
        return []
    links = [(start + a.start(), start + a.end()) for a in _ascii_domain().finditer(domain)]
    if links and path:
        ascii_start, ascii_end = links[-1]
        links[-1] = (ascii_start, ascii_end + (end - start) - len(domain))
    return links


def _valid_domain(domain: str) -> bool:
    """twitter-text's idna.toAscii check: every label fits in 63 characters as punycode."""
    if domain.startswith("xn--") and not _ascii_domain().search(domain):
        return False  # punycode cannot contain non-ASCII
    # Punycode never shortens a label, so a long one needs no encoding to fail.
    return all(
        len(label) <= _MAX_LABEL and 0 < len(_punycode_label(label)) <= _MAX_LABEL
        for label in domain.split(".")
    )


def _punycode_label(label: str) -> str:
    """``punycode.toASCII(label)`` of punycode.js 1.4.1, which also splits on 。．｡."""
    return ".".join(
        part if part.isascii() and part.isprintable() else "xn--" + _punycode(part)
        for part in _compiled(_IDNA_DOTS).split(label)
    )


def _punycode(label: str) -> str:
    return label.encode("punycode").decode("ascii")


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le", "surrogatepass")) // 2

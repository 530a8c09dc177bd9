"""Graphemes are counted word by word where a text has spaces: the count must be the
segmenter's over the whole text, whatever joins across a space."""

from __future__ import annotations

import random

import pytest
import regex

from smmgen.counting import graphemes

# One of every kind of character the grapheme rules treat apart: marks and ZWJ
# (join what comes before), spacing marks, prepended characters (join what comes
# after), regional indicators, Hangul jamo and syllables, an Indic virama, emoji
# with modifiers and variation selectors, controls and spaces of several kinds.
POOL = [
    *"ab \r\n\t\x00",
    "\u0301", "\u200d", "\u0903", "\u0600", "\u0d4e", "\U0001f1e9", "\U0001f1ea",
    "\U0001f3d4", "\ufe0f", "\u1100", "\u1161", "\u11a8", "\uac00", "\u0915", "\u094d",
    "\U0001f44d", "\U0001f3fd", "ü", "—", "\u00a0",
]  # fmt: skip


def segmenter(text: str) -> int:
    return len(regex.findall(r"\X", text))


@pytest.mark.parametrize(
    "text",
    [
        "Grüße aus den Bergen! 🏔️ #outdoor",
        "a \u0301b",  # a mark after a space belongs to the space
        "\u0600 a",  # a prepended character takes the space after it
        "\u0600 \u0301",
        "\u0600  a",
        "🇩🇪 🇩🇪🇩",
        "👍🏽 x",
    ],
)
def test_texts_count_as_the_segmenter_counts(text: str) -> None:
    assert graphemes(text) == segmenter(text)


def test_random_texts_count_as_the_segmenter_counts() -> None:
    rng = random.Random(14)
    for _ in range(50_000):
        text = "".join(rng.choice(POOL) for _ in range(rng.randint(0, 12)))
        assert graphemes(text) == segmenter(text), ascii(text)


def test_texts_without_joining_characters_count_as_the_segmenter_counts() -> None:
    # Mostly characters that join nothing (each its own cluster, counted without the
    # segmenter), now and then one that joins its neighbour.
    plain = [*"ab \n\t\x00", "ü", "—", "\u00a0", "\U0001f9e4", "\U0001f3d4", "\u0915", "語"]
    rng = random.Random(15)
    for _ in range(20_000):
        text = "".join(
            rng.choice(POOL if rng.random() < 0.05 else plain) for _ in range(rng.randint(1, 30))
        )
        assert graphemes(text) == segmenter(text), ascii(text)

"""A body without Markdown is taken as written instead of parsed: the text must be
exactly what the parser gives, whatever the body holds."""

from __future__ import annotations

import random

import pytest

from smmgen import markdown_text
from smmgen.markdown_text import parsed_plain, to_plain

# Everything that means something to CommonMark at the start of a line or inside
# one, letters (also non-ASCII ones), spaces of several kinds and line breaks.
ALPHABET = [*"aZé语1 .,:;!?#-=+~_*`[]()<>&\\/@%{}|'\"\t\u00a0\r", "\n", "\n\n", "\n\n\n"]


@pytest.mark.parametrize(
    "body",
    [
        "New trail map 5 is out: https://example.com/t/5 #hiking",
        "Grüße aus den Bergen! 🏔️ #outdoor\nZweite Zeile: 50% mehr = gut",
        "Erster Absatz.\n\nZweiter Absatz, mit - Strich und 1. Zahl",
        "Title\n===",
        "Title\n---",
        "Line one  \nLine two",
        "A &amp; B",
        "x\n\n\ny",
        "Wort\n# Überschrift",
        "Wort\n1. eins",
        "Wort\n> zitat",
        "Wort\n    code",
        "Tom & Jerry_fans *mögen* `code`",
    ],
)
def test_bodies_read_as_the_parser_reads_them(body: str) -> None:
    assert to_plain(body) == parsed_plain(body)


def test_random_bodies_read_as_the_parser_reads_them() -> None:
    rng = random.Random(14)
    taken = 0
    for _ in range(20_000):
        # Lines that start with a letter half of the time, so the shortcut is tried often.
        lines = [
            (rng.choice("aZé") if rng.random() < 0.5 else "")
            + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
            for _ in range(rng.randint(1, 3))
        ]
        body = "\n".join(lines).strip()
        if markdown_text._no_markup(body):
            taken += 1
        assert to_plain(body) == parsed_plain(body), repr(body)
    assert taken > 1000  # the shortcut was really tried

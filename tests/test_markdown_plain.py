"""A body without Markdown is taken as written, and most others are read by
pulldown-cmark instead of markdown-it-py: the text must be exactly what
markdown-it-py gives, whatever the body holds."""

from __future__ import annotations

import random

import pytest

from smmgen import markdown_text
from smmgen.markdown_pull import pulled_plain
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


# Pieces of what posts hold, and of every corner where the two parsers part.
PIECES = [
    *"ab c*_`[]()<>!#-+1.>\n\\&;:/h\t=~|\"'0",
    *("http://x.y/ä", "https://example.com/a?b=c#d", "HTTP://EX.COM/", "http://xn--mller-kva.de/"),
    *("- ", "1. ", "0. ", "7) ", "> ", ">> ", "```\n", "~~~\n", "    ", "  ", "   ", "\n\n"),
    *("**", "__", "***c***", "[a](b)", '[a](<b c> "t")', "[a](http://x.y/%20)", "![i](j)"),
    *("<b>", "</b>", "<div>\n", "</div>\n", "<!-- c -->", "&amp;", "&#35;", "&nbsp;", "ä", "🧤"),
    *("[a]: /u\n", "[a]", "<http://a.b/c%C3%A4>", "<x@y.z>", "[x](javascript:a)", "<javascript:a>"),
    *("\n===\n", "\n---\n", "\r\n", "\r", "\x00", "@user@x.y", "#tag", "\\ ", "  \n"),
    *("\xa0", "\u2003"),
]


@pytest.mark.parametrize(
    "body",
    [
        "**Tipp Nr. 641:** So bleibst du warm. 🧤\n\n- Zwiebelprinzip\n- Mütze auf\n\n"
        "Mehr im [Ratgeber](https://example.com/ratgeber/641). #Bergsport",
        "3. drei\n4. vier\n   - darunter  \n   hart umbrochen",
        "0. null\n1. eins",
        "> Zitat *mit* Betonung\n> zweite Zeile",
        "Titel\n===\n\nText <b>fett</b> &amp; <http://a.b/c%C3%A4> <x@y.z>",
        "[Link](https://example.com/ä?q=ü) und [gleich](https://example.com/x)",
        "<div>\nblock\n</div>\n\nnach dem Block\n\n---\n\n~~~\ncode\n~~~",
    ],
)
def test_pulled_bodies_read_as_markdown_it_reads_them(body: str) -> None:
    assert pulled_plain(body) == parsed_plain(body)


@pytest.mark.parametrize(
    "body",
    [
        "a `code` span",  # spans across indented lines part the parsers
        "![alt *as written*](i.png)",  # markdown-it keeps the alt text's source
        "[x](javascript:alert(1)) after",  # markdown-it refuses the link
        "<javascript:alert(1)>",
        "> [a]: /u\nlazy",  # a definition in a quote
        "a\\ \nb",
        "tab\t\nnext",
        "a\n    indented",
        "> \xa0no-break space",  # markdown-it-py strips it as Python does
        "1.\n\n1. after an empty item",
    ],
)
def test_corners_are_left_to_markdown_it(body: str) -> None:
    assert pulled_plain(body) is None
    assert to_plain(body) == parsed_plain(body)


def test_random_bodies_read_by_pulldown_as_by_markdown_it() -> None:
    rng = random.Random(15)
    pulled = 0
    for _ in range(12_000):
        body = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
        text = pulled_plain(body)
        if text is not None:
            pulled += 1
            assert text == parsed_plain(body), repr(body)
    assert pulled > 1000  # the fast path was really taken


def test_an_ordered_list_keeps_its_first_number() -> None:
    assert to_plain("0. null\n1. eins") == "0. null\n1. eins"
    assert to_plain("0. null\n1. `eins`") == "0. null\n1. eins"  # markdown-it-py's way too

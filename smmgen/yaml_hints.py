"""YAML's syntax errors in plain words: the likely cause and what to type instead.

The parser says "mapping values are not allowed here"; a person needs to hear
that the value contains ': ' and belongs in quotes. Causes `smmgen fix` repairs
say so.
"""

from __future__ import annotations

from .i18n import N_, _

FIX = N_("`smmgen fix` does this")


def explain(problem: str, text: str, line: int, column: int) -> str:
    """A plain-words message for YAML's ``problem`` at 0-based ``line``/``column`` of ``text``."""
    lines = text.split("\n")
    here = lines[line] if 0 <= line < len(lines) else ""
    char = here[column] if 0 <= column < len(here) else ""
    before = here[:column]
    if "mapping values are not allowed" in problem:
        if ": " in before.lstrip(" -"):
            return _(
                "the value contains ': ' (a colon and a space), which YAML "
                "reads as a new key; put the whole value in quotes, e.g. "
                'alt: "Tipp: …" ({fix})'
            ).format(fix=_(FIX))
        return _(
            "this line is indented more than the key above it; keys at "
            "the same level need the same number of spaces, and a text "
            "over several lines belongs in quotes or after |"
        )
    if "tab" in problem or char == "\t":
        return _("a tab character; YAML indents with spaces only — use spaces ({fix})").format(
            fix=_(FIX)
        )
    if "cannot start any token" in problem and char in ("@", "`"):
        return _(
            "a value starts with '{char}', which YAML reserves; put the "
            'value in quotes, e.g. "{char}…" ({fix})'
        ).format(char=char, fix=_(FIX))
    if "cannot start any token" in problem and char == "%":
        return _("a value starts with '%'; put the value in quotes")
    if "did not find expected key" in problem and before.rstrip().endswith(('"', "'")):
        return _(
            "a quoted value has more text after its closing quote; put "
            "the whole value in one pair of quotes, and write a quote "
            "inside it as \\\" (or use ' outside)"
        )
    if "did not find expected key" in problem:
        return _(
            "this line does not line up with the lines above; indent "
            "keys at the same level by the same number of spaces"
        )
    if "could not find expected ':'" in problem:
        return _(
            "a line above has no 'key: value' (the ':' is missing, or a "
            "text continues on a line of its own); add the ':' or put "
            "the long text in quotes"
        )
    if "end of stream" in problem or "unexpected end" in problem:
        return _("a quote or bracket is opened and never closed; add the closing one")
    return problem

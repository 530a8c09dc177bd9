"""Whether a run shows English: smmgen's own English texts, found without a dictionary
(tests/test_german_run.py explains how), and ``smmgen`` run in a German repository."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "smmgen" / "locale" / "de" / "LC_MESSAGES" / "smmgen.po"
MIN_WORDS = 3
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)s|%[sd]")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def pattern(english: str) -> re.Pattern[str] | None:
    """A regex for an English text with its placeholders as wildcards; None when the
    text is too short to be a sentence (``slot {name}``, ``due``)."""
    # A placeholder at either end matches anything: leave it out.
    pieces = PLACEHOLDER.split(english.strip())
    while pieces and not pieces[0].strip():
        pieces.pop(0)
    while pieces and not pieces[-1].strip():
        pieces.pop()
    if len(words(" ".join(pieces))) < MIN_WORDS:
        return None
    # A placeholder's value stays on one line (and is not endless): no runaway matching.
    return re.compile(r"[^\n]{0,300}?".join(re.escape(p) for p in pieces))


def marked() -> list[str]:
    """Every English msgid (and plural) in the catalog."""
    with PO.open("rb") as fh:
        po = read_po(fh)
    out: list[str] = []
    for m in po:
        if m.id:
            out.extend(m.id if isinstance(m.id, tuple) else (m.id,))
    return out


def _python_literals(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        literal = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if literal and id(node) not in docstrings:
            yield str(node.value)


def _template_texts(path: Path) -> Iterator[str]:
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", "\0", path.read_text("utf-8"), flags=re.S)
    text = re.sub(r"<[^>]*>", "\0", text)
    yield from text.split("\0")


def unmarked() -> set[str]:
    """English fragments of three or more words written in smmgen's code and templates."""
    package = ROOT / "smmgen"
    fragments: set[str] = set()
    sources = [*package.rglob("*.py")]
    for path in sources:
        for literal in _python_literals(path):
            fragments.update(PLACEHOLDER.split(literal))
    for path in (package / "site" / "templates").glob("*.html"):
        fragments.update(_template_texts(path))
    return {
        f.strip()
        for f in fragments
        if len(words(f)) >= MIN_WORDS
        and "\n" not in f.strip()
        # Command lines are the same in every language.
        and not f.strip().startswith(("--", "smmgen "))
    }


def smmgen_de(
    root: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``smmgen ARGS`` as a real process with an English locale (schedule.yaml says de),
    with the variables ``env`` added and ``input`` typed in."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SMMGEN_", "GITHUB_"))}
    environ |= {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    environ |= {"SMMGEN_TEST_MASTODON": "masto-token-1234567890"}
    environ |= {"SMMGEN_TEST_LINKEDIN": "li-tok-0987", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "smmgen", *args],
        cwd=root,
        env=environ,
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# A German team's Mastodon and LinkedIn accounts, both at a local server ({base}),
# with the tokens smmgen_de passes.
GERMAN_ACCOUNTS = """\
timezone: Europe/Berlin
ui_language: de
accounts:
  masto:
    network: mastodon
    instance: {base}
    token_env: SMMGEN_TEST_MASTODON
  li:
    network: linkedin
    author_urn: urn:li:organization:123
    token_env: SMMGEN_TEST_LINKEDIN
    api_base: {base}
"""

"""Every text in German and English: the catalog is complete, current and compiled.

The texts are extracted from the sources with Babel exactly as scripts/i18n.sh
does, so a text marked in the code but missing from the German catalog (or
left untranslated, or only in the catalog and no longer in the code) fails here.
"""

from __future__ import annotations

import gettext
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from smmgen import i18n

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "smmgen" / "locale" / "de" / "LC_MESSAGES" / "smmgen.po"
MO = PO.with_suffix(".mo")
# As pybabel's -k in scripts/i18n.sh: Babel's defaults (``gettext`` for the
# templates' trans blocks among them) and N_.
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}


def extracted() -> set[str]:
    """Every msgid marked in smmgen's Python files and site templates (babel.cfg)."""
    method_map, options_map = parse_mapping_cfg(io.StringIO((ROOT / "babel.cfg").read_text()))
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        if isinstance(message, tuple):
            found.update(m for m in message if m)
        else:
            found.add(message)
    return found


def catalog() -> dict[str, tuple[str, ...]]:
    """msgid (and msgid_plural) → translations, from the .po file; fuzzy entries fail."""
    with PO.open("rb") as fh:
        po = read_po(fh)
    out: dict[str, tuple[str, ...]] = {}
    for m in po:
        if not m.id:
            continue
        assert not m.fuzzy, f"fuzzy (unchecked) translation: {m.id!r}"
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for msgid in ids:
            out[msgid] = tuple(strings)
    return out


def fields(text: str) -> set[str]:
    """The placeholders of a text: ``{name}`` (Python) and ``%(name)s`` (templates)."""
    braces = {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
    return braces | set(re.findall(r"%\((\w+)\)s", text))


def test_every_marked_text_has_a_german_translation() -> None:
    marked, german = extracted(), catalog()
    missing = sorted(m for m in marked if not any(german.get(m, ())))
    assert not missing, "texts only in English (run scripts/i18n.sh, translate):\n" + "\n".join(
        missing
    )


def test_the_catalog_has_no_text_the_code_no_longer_uses() -> None:
    stale = sorted(set(catalog()) - extracted())
    assert not stale, "texts only in German (run scripts/i18n.sh):\n" + "\n".join(stale)


def test_translations_keep_every_placeholder() -> None:
    with PO.open("rb") as fh:
        po = read_po(fh)
    wrong = []
    for m in po:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        texts = m.string if isinstance(m.string, tuple) else (m.string,)
        if len(ids) == 1:
            wrong += [(ids[0], t) for t in texts if fields(t) != fields(ids[0])]
        else:
            # Plural forms may name different placeholders (click: {possibility} for
            # one, {possibilities} for more): the singular keeps the singular's, every
            # other form the plural's.
            singular, plural = ids
            wrong += [(singular, texts[0])] if fields(texts[0]) != fields(singular) else []
            wrong += [(plural, t) for t in texts[1:] if fields(t) != fields(plural)]
    assert not wrong


def test_the_committed_mo_is_the_compiled_po() -> None:
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for msgid, texts in catalog().items():
        if len(texts) == 1:
            assert compiled.gettext(msgid) == texts[0], msgid
    plural = [(m, t) for m, t in catalog().items() if len(t) == 2]
    assert plural
    for msgid, texts in plural:
        # In the .mo a plural entry is keyed by its singular; both forms must be there.
        with PO.open("rb") as fh:
            po = read_po(fh)
        entry = next(e for e in po if isinstance(e.id, tuple) and msgid in e.id)
        assert compiled.ngettext(entry.id[0], entry.id[1], 1) == texts[0]
        assert compiled.ngettext(entry.id[0], entry.id[1], 2) == texts[1]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de"}, "de"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, None),
        ({"LANG": "C.UTF-8"}, None),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_MESSAGES": "de_AT.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
        ({}, None),
    ],
)
def test_the_environment_names_the_language(env: dict[str, str], expected: str | None) -> None:
    assert i18n.from_environment(env) == expected


def test_schedule_yaml_wins_over_lang(tmp_path: Path) -> None:
    (tmp_path / "schedule.yaml").write_text("timezone: Europe/Berlin\nui_language: en\n")
    assert i18n.for_root(tmp_path, {"LANG": "de_DE.UTF-8"}) == "en"
    (tmp_path / "schedule.yaml").write_text("timezone: Europe/Berlin\nui_language: 'de'\n")
    assert i18n.for_root(tmp_path, {"LANG": "en_US.UTF-8"}) == "de"
    (tmp_path / "schedule.yaml").write_text("timezone: Europe/Berlin\n")
    assert i18n.for_root(tmp_path, {"LANG": "de_DE.UTF-8"}) == "de"
    assert i18n.for_root(tmp_path, {}) == "en"


@pytest.mark.parametrize(
    ("language", "locale", "fine"),
    [("de", "en_US.UTF-8", "Der Post ist in Ordnung."), ("en", "de_DE.UTF-8", "The post is fine.")],
)
def test_init_language_chooses_what_smmgen_speaks(
    tmp_path: Path, language: str, locale: str, fine: str
) -> None:
    from click.testing import CliRunner

    from smmgen.cli import main

    runner = CliRunner()
    dest = tmp_path / "social"
    made = runner.invoke(main, ["init", str(dest), "--language", language])
    assert made.exit_code == 0, made.output
    assert f"\nui_language: {language}\n" in (dest / "schedule.yaml").read_text("utf-8")
    # schedule.yaml wins over the computer's locale.
    env = {"LANG": locale, "LC_ALL": None, "LC_MESSAGES": None}
    checked = runner.invoke(main, ["check", "--root", str(dest)], env=env)
    assert (checked.exit_code, checked.stdout) == (0, fine + "\n")


def test_clicks_own_words_in_the_catalog_are_clicks() -> None:
    """smmgen/click_words.py lists click's texts for the catalog: each must be one click
    really writes (a click release that rewords one would leave it English)."""
    import click
    from babel.messages.extract import extract_from_dir

    clicks: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(Path(click.__file__).parent), [("**.py", "python")], keywords=KEYWORDS
    ):
        clicks.update(message if isinstance(message, tuple) else (message,))
    ours: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "smmgen"), [("click_words.py", "python")], keywords=KEYWORDS
    ):
        ours.update(message if isinstance(message, tuple) else (message,))
    assert len(ours) > 20 and ours <= clicks, sorted(ours - clicks)

"""Which language smmgen speaks to people, and its texts in that language.

Texts are written in English in the code, marked with ``_()`` (or ``ngettext``
for counts, ``N_()`` where a text is stored before it is shown) and formatted
after the lookup::

    _("{path} is over {limit} characters").format(path=p, limit=n)

The German catalog is ``smmgen/locale/de/LC_MESSAGES/smmgen.po``; its compiled
``smmgen.mo`` is committed beside it, so running smmgen needs only the standard
library's gettext (``tests/test_i18n.py`` fails when the ``.mo`` is stale or a
text has no translation).

The language, in this order (the first that names one wins):

1. ``ui_language`` in the repository's schedule.yaml (``en`` or ``de``);
2. the environment: ``LC_ALL``, ``LC_MESSAGES``, then ``LANG`` (``de_DE.UTF-8`` → German);
3. English.

Rule ids, JSON keys and exit codes never depend on it.

``--help`` speaks the environment's language only (:func:`help_language`): help is
asked for before, and regardless of, any repository. The help texts stay English
in the code (docstrings, ``help=``) and are looked up when shown (smmgen.cli);
click's own words ("Usage:", "Options") come from the same catalog through the
standard library's gettext, which click uses (:func:`speak_click`).
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path

DOMAIN = "smmgen"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "de")
DEFAULT = "en"
# The compiled German catalog (the check cache keys on it: new texts, new results).
CATALOG = LOCALE_DIR / "de" / "LC_MESSAGES" / f"{DOMAIN}.mo"
ENV_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

# A top-level ``ui_language:`` line, read without parsing the whole plan (the
# language is needed before schedule.yaml is checked, and must not fail on it).
_UI_LANGUAGE = re.compile(r"^ui_language:[ \t]*[\"']?([A-Za-z_-]+)", re.MULTILINE)

_language: str | None = None
_help_language: str | None = None


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog for ``language`` (English: the texts as written)."""
    if language == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


def from_environment(env: Mapping[str, str] | None = None) -> str | None:
    """The language the locale variables ask for, if smmgen speaks it.

    The first of LC_ALL, LC_MESSAGES and LANG that is set decides, as in POSIX.
    """
    env = os.environ if env is None else env
    for name in ENV_VARIABLES:
        value = env.get(name, "")
        if value:
            code = re.split(r"[_.@-]", value, maxsplit=1)[0].lower()
            return code if code in LANGUAGES else None
    return None


def from_schedule_text(text: str) -> str | None:
    """The ``ui_language`` a schedule.yaml's text names, if smmgen speaks it."""
    m = _UI_LANGUAGE.search(text)
    code = m.group(1).lower() if m else None
    return code if code in LANGUAGES else None


def for_root(root: Path | None, env: Mapping[str, str] | None = None) -> str:
    """The language for the repository at ``root``: schedule.yaml, then environment."""
    if root is not None:
        try:
            text = (root / "schedule.yaml").read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = ""
        chosen = from_schedule_text(text)
        if chosen:
            return chosen
    return from_environment(env) or DEFAULT


def use(language: str) -> None:
    """Speak ``language`` from now on (``en`` or ``de``)."""
    global _language
    _language = language if language in LANGUAGES else DEFAULT


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak ``language`` inside the ``with`` block, then what was spoken before."""
    global _language
    before = _language
    use(language)
    try:
        yield
    finally:
        _language = before


def language() -> str:
    """The language in use: the one set with :func:`use`, else the environment's."""
    return _language or from_environment() or DEFAULT


def _(message: str) -> str:
    """``message`` in the language in use."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural text for ``n``, in the language in use."""
    return translations(language()).ngettext(singular, plural, n)


def number(n: float) -> str:
    """``n`` rounded to a whole number with the language's thousands separator:
    ``2,000`` in English, ``2.000`` in German (DIN 5008)."""
    text = f"{n:,.0f}"
    return text.replace(",", ".") if language() == "de" else text


def help_language() -> str:
    """The language of ``--help``: the environment's (or one set with :func:`helping`)."""
    return _help_language or from_environment() or DEFAULT


def help_text(text: str | None) -> str | None:
    """A command's or option's English help text in the language of ``--help``.

    The text is looked up as click shows it (``inspect.cleandoc``); one without a
    translation is returned as it was, so English help stays byte-identical.
    """
    language = help_language()
    if not text or language == DEFAULT:
        return text
    import inspect  # only for help in another language: `smmgen --help` stays quick

    clean = inspect.cleandoc(text)
    translated = translations(language).gettext(clean)
    return text if translated == clean else translated


def speak_click() -> None:
    """Let click's own words ("Usage:", "Show this message and exit.") follow :func:`help_language`.

    Click marks them with the standard library's ``gettext``, i.e. the global
    text domain, which is pointed at smmgen's catalog for German. Python's
    gettext picks the catalog's language from LANGUAGE, LC_ALL, LC_MESSAGES and
    LANG itself.
    """
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN if help_language() != DEFAULT else "messages")


@contextmanager
def helping(language: str) -> Iterator[None]:
    """``--help`` in ``language`` inside the ``with`` block (the generated docs: English)."""
    global _help_language
    before = _help_language
    _help_language = language if language in LANGUAGES else DEFAULT
    speak_click()
    try:
        yield
    finally:
        _help_language = before
        speak_click()


def N_(message: str) -> str:
    """Marks a text for translation where it is stored; ``_()`` translates it when shown."""
    return message


WEEKDAYS = (
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
    N_("Saturday"), N_("Sunday"),
)  # fmt: skip
WEEKDAYS_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip
MONTHS_SHORT = (
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)  # fmt: skip


def weekday_name(weekday: int, *, short: bool = False) -> str:
    """``Monday`` (or ``Mon``) for 0, in the language in use; strftime would follow
    the process locale instead."""
    return _((WEEKDAYS_SHORT if short else WEEKDAYS)[weekday])


def month_name(month: int, *, short: bool = False) -> str:
    """``January`` (or ``Jan``) for 1, in the language in use."""
    return _((MONTHS_SHORT if short else MONTHS)[month - 1])

"""How the units of the networks' text limits read to people (smmgen.i18n).

The networks declare their units in English (``smmgen/networks/*.py``); these
are the same words marked for translation, looked up where a unit is shown.
"""

from __future__ import annotations

import re

from .i18n import N_, _

UNITS = frozenset(
    {
        N_("characters"),
        N_("graphemes"),
        N_("weighted characters"),
        N_("characters (emoji count as 2)"),
        N_("characters (each emoji counts 4 or more)"),
        N_("characters (accented letters and emoji may count as more than 1)"),
        N_("characters of description"),
        N_("bytes (UTF-8) of description"),
    }
)
_LINKS = re.compile(r"characters \(each link counts as (\d+)\)")


def unit_label(unit: str) -> str:
    """``unit`` in the language in use (as it is when it has no translation)."""
    if unit in UNITS:
        return _(unit)
    m = _LINKS.fullmatch(unit)
    if m:
        return _("characters (each link counts as {n})").format(n=m.group(1))
    return unit

"""`smmgen init`: write a new content repository from the packaged scaffold.

The scaffold lives in ``smmgen/scaffold/``. Dot-files are stored there as
``dot-<name>`` so that packaging and git treat them as plain files (a stored
``.gitignore`` would otherwise apply to the package itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import i18n
from .errors import ConfigError
from .i18n import _

SCAFFOLD = Path(__file__).parent / "scaffold"
# Files people read (the example post, the README, the pull-request template) in
# other languages: same paths as in the scaffold, used instead of the English ones.
TRANSLATED_SCAFFOLDS = {"de": Path(__file__).parent / "scaffold_de"}
REQUIREMENT_PLACEHOLDER = "__SMMGEN_REQUIREMENT__"
DISCLOSURE_PLACEHOLDER = "__SMMGEN_DISCLOSURE__"
# The scaffold's schedule.yaml speaks German (and so stays a valid plan as it is);
# init writes the language chosen instead.
UI_LANGUAGE_LINE = "\nui_language: de\n"
# The advertising label readers in each language recognise. For German readers
# "Anzeige" or "Werbung" is what UWG § 5a (4) and MStV § 22 (1) are read to expect;
# OLG Celle (13 U 53/17) held a "#ad" among the hashtags at a post's end not enough.
DISCLOSURES = {"en": "#ad", "de": "#Anzeige"}
# Time zones in which a new team most likely writes German for German readers.
GERMAN_ZONES = {"Europe/Berlin", "Europe/Busingen"}
# Where init writes the JSON Schemas that .vscode/settings.json maps.
SCHEMA_DIR = ".smmgen/schemas"


@dataclass(frozen=True)
class ScaffoldFile:
    """One file to write: where it goes in the new repository, and its text."""

    path: str  # relative, with forward slashes
    text: str


def default_language(dest: Path) -> str:
    """``de`` for a German time zone here or ``ui_language: de`` in an existing
    schedule.yaml at ``dest``; else ``en``."""
    import re

    try:
        existing = (dest / "schedule.yaml").read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        existing = ""
    m = re.search(r"^ui_language:\s*[\"']?(\w+)", existing, re.MULTILINE)
    if m and m.group(1) in DISCLOSURES:
        return m.group(1)
    return "de" if _local_zone() in GERMAN_ZONES else "en"


def _local_zone() -> str:
    """This computer's IANA time zone name, as far as it can be told."""
    import os

    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        return tz
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return ""
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""


def scaffold_files(requirement: str, language: str = "en") -> list[ScaffoldFile]:
    """Every scaffold file with its target path, the smmgen ``requirement``, the
    disclosure label for ``language`` and ``ui_language: LANGUAGE`` filled in; in
    ``language``'s own words where the scaffold has them (:data:`TRANSLATED_SCAFFOLDS`)."""
    files = []
    for source in sorted(p for p in SCAFFOLD.rglob("*") if p.is_file()):
        rel = PurePosixPath(source.relative_to(SCAFFOLD).as_posix())
        if "__pycache__" in rel.parts:
            continue
        target = PurePosixPath(*(("." + part[4:]) if part.startswith("dot-") else part
                                 for part in rel.parts))  # fmt: skip
        translated = TRANSLATED_SCAFFOLDS.get(language, SCAFFOLD) / rel
        text = (
            (translated if translated.is_file() else source)
            .read_text("utf-8")
            .replace(REQUIREMENT_PLACEHOLDER, requirement)
            .replace(DISCLOSURE_PLACEHOLDER, DISCLOSURES[language])
            .replace(UI_LANGUAGE_LINE, f"\nui_language: {language}\n")
        )
        files.append(ScaffoldFile(str(target), text))
    schedule_text = next(f.text for f in files if f.path == "schedule.yaml")
    return files + generated_files(schedule_text, language)


def generated_files(schedule_text: str, language: str = "en") -> list[ScaffoldFile]:
    """Files made by this smmgen rather than copied: editor schemas, and the New post
    form of the schedule.yaml with ``schedule_text``, in ``language``."""
    import json
    import tempfile

    from .issue_form import FORM_PATH, render_form
    from .schedule import read_schedule
    from .schema import KINDS, schema

    with i18n.speaking(language):  # the editor's hover help in the team's language
        files = [
            ScaffoldFile(
                f"{SCHEMA_DIR}/{kind}.schema.json",
                json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n",
            )
            for kind in KINDS
        ]
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "schedule.yaml").write_text(schedule_text, "utf-8")
        schedule, _ = read_schedule(Path(folder), Path(folder) / "schedule.yaml")
    if schedule is not None:  # the scaffold's plan is checked by the tests
        with i18n.speaking(language):  # the New post form in the team's language
            files.append(ScaffoldFile(FORM_PATH, render_form(schedule)))
    return files


def init_repo(
    dest: Path, requirement: str, *, language: str = "en", force: bool = False
) -> list[str]:
    """Write the scaffold into ``dest``, installing smmgen with ``requirement``;
    returns the paths written.

    Refuses (ConfigError, exit 2) to overwrite any existing file unless ``force``.
    """
    if dest.exists() and not dest.is_dir():
        raise ConfigError(_("{dest} exists and is not a folder").format(dest=dest))
    if not requirement.strip() or "\n" in requirement:
        raise ConfigError(_("--smmgen-requirement must be one pip requirement, e.g. smmgen==0.2.0"))
    files = scaffold_files(requirement.strip(), language)
    existing = [f.path for f in files if (dest / f.path).exists()]
    if existing and not force:
        shown = ", ".join(existing[:5]) + (
            f" and {len(existing) - 5} more" if len(existing) > 5 else ""
        )
        raise ConfigError(
            _(
                "{dest} already has {shown}; nothing was written. Pass --force to overwrite them."
            ).format(dest=dest, shown=shown)
        )
    for f in files:
        target = dest / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f.text, "utf-8")
    return [f.path for f in files]

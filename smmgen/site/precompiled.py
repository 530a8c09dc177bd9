"""The site's templates compiled to Python ahead of time, shipped in the package.

Compiling the templates takes about half a second, longer than a warm build
spends on everything else it renders. So they are compiled when smmgen is
developed (``python -m smmgen.site.compile_templates``) and ship beside their
sources in ``compiled/``, as code of smmgen like the rest of the package —
never compiled into or loaded from a checkout or a cache. A build loads them
only while ``compiled/sources.json`` names the very template sources and
Jinja2 version they were compiled from; otherwise it compiles the sources as
before (the same pages, only slower), and tests/test_site_templates.py fails.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
COMPILED = HERE / "compiled"
STAMP = "sources.json"


def stamp() -> dict[str, Any]:
    """What the compiled templates must have been compiled from."""
    import jinja2

    sources = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(TEMPLATES.iterdir())
        if path.is_file()
    }
    return {"jinja2": jinja2.__version__, "templates": sources}


def fresh(folder: Path = COMPILED) -> bool:
    """Whether ``folder`` holds the templates compiled from their current sources."""
    try:
        return bool(json.loads((folder / STAMP).read_bytes()) == stamp())
    except (OSError, ValueError):
        return False


def compile_into(env: Any, folder: Path) -> None:
    """Compile every template of ``env`` (which loads the sources) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("tmpl_*.py"):
        old.unlink()
    env.compile_templates(str(folder), zip=None, ignore_errors=False)
    text = json.dumps(stamp(), indent=1, sort_keys=True) + "\n"
    (folder / STAMP).write_text(text, "utf-8")

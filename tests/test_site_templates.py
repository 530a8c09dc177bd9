"""The site's templates ship compiled (smmgen.site.precompiled), and other speed-ups stay exact."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from smmgen.site.builder import make_env
from smmgen.site.precompiled import COMPILED, compile_into, fresh


def test_the_shipped_compiled_templates_are_those_of_the_sources(tmp_path: Path) -> None:
    compile_into(make_env(compiled=False), tmp_path)
    shipped = sorted(p.name for p in COMPILED.iterdir() if p.is_file())
    assert shipped == sorted(p.name for p in tmp_path.iterdir()), (
        "run `python -m smmgen.site.compile_templates` after changing a site template"
    )
    _same, mismatch, errors = filecmp.cmpfiles(COMPILED, tmp_path, shipped, shallow=False)
    assert not mismatch and not errors, (
        "run `python -m smmgen.site.compile_templates` after changing a site template"
    )
    assert fresh()


def test_a_changed_template_is_compiled_from_its_source_not_taken_stale(tmp_path: Path) -> None:
    shutil.copytree(COMPILED, tmp_path / "compiled")
    assert fresh(tmp_path / "compiled")
    stamp = tmp_path / "compiled/sources.json"
    stamp.write_text(stamp.read_text("utf-8").replace('"jinja2": "', '"jinja2": "0'), "utf-8")
    assert not fresh(tmp_path / "compiled")  # another Jinja2: compiled from the sources


def test_a_changed_view_equals_dataclasses_replace() -> None:
    import dataclasses

    import pytest

    from smmgen.site.collect import AccountView, _changed

    view = AccountView("p", "a", "bluesky", "Bluesky", "h", (), (), None, None, None, False)
    changed = _changed(view, when=None, published=True, url="https://example.com/1")
    assert changed == dataclasses.replace(view, published=True, url="https://example.com/1")
    assert view.published is False  # the original stays as it was
    with pytest.raises(TypeError, match="no field 'nope'"):
        _changed(view, nope=1)

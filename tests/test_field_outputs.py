"""The outputs built from the field declarations stay byte for byte what they were.

`smmgen schema` and the generated reference read the same declarations the
checker uses; a change to how fields are declared must not change either.
After an intended change of a declaration, regenerate the pins:

    smmgen schema front-matter > tests/data/pins/schema-front-matter.json
    smmgen schema schedule > tests/data/pins/schema-schedule.json
    python -c "import sys, smmgen.docs as d; sys.stdout.write(d.fields_reference())" \
        > tests/data/pins/reference.md
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smmgen.docs import fields_reference

PINS = Path(__file__).resolve().parent / "data" / "pins"


@pytest.mark.parametrize("kind", ["front-matter", "schedule"])
def test_schema_output_is_unchanged(kind: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "smmgen", "schema", kind],
        capture_output=True,
        check=True,
    )
    assert run.stdout.decode("utf-8") == (PINS / f"schema-{kind}.json").read_text("utf-8")


def test_generated_reference_is_unchanged() -> None:
    assert fields_reference() == (PINS / "reference.md").read_text("utf-8")

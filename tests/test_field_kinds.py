"""Each field kind's JSON Schema accepts exactly the values its check accepts.

The editor (through `smmgen schema`) and `smmgen check` judge a value by the
same kind object, so they must never disagree about one.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from smmgen.fields import KINDS

SAMPLES: list[Any] = [
    None,
    True,
    False,
    0,
    7,
    -3,
    1.5,
    "",
    "text",
    "no",
    "https://example.com/a?b=c",
    "HTTP://Example.com",
    "http://localhost:8080/api",
    "https://user@example.com/",
    "ftp://example.com",
    "http:// example.com",
    "https://[::1]:3000/x",
    "en",
    "pt-BR",
    "english",
    "BLUESKY_APP_PASSWORD",
    "bluesky_password",
    "1TOKEN",
    [],
    ["a", "b"],
    ["a", 1],
    [True],
    {},
    {"a": 1},
]


@pytest.mark.parametrize("name", sorted(KINDS))
def test_schema_and_check_agree(name: str) -> None:
    kind = KINDS[name]
    validator = jsonschema.Draft202012Validator(kind.schema())
    disagree = [v for v in SAMPLES if validator.is_valid(v) != kind.check(v)]
    assert not disagree, f"{name}: schema and check disagree on {disagree}"

"""No function in smmgen/ is longer than 60 lines (issue #14 §4).

A long function does several jobs; split it by meaning. The allowlist names the
functions other renovation branches are still splitting, each with the branch
that owns it. It may only shrink: an entry whose function is short again (or
gone) fails the second test, so it is removed when that branch lands.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "smmgen"
MAX_LINES = 60
GENERATED = (
    "site/compiled/"  # the site's templates as Jinja2 compiles them (smmgen.site.precompiled)
)

# (file under smmgen/, qualified function name) → the branch that splits it.
STILL_LONG: dict[tuple[str, str], str] = {}


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, int]]:
    """(qualified name, length in lines) of every function, nested ones included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = prefix + node.name
            assert node.end_lineno is not None
            yield name, node.end_lineno - node.lineno + 1
            yield from _functions(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + ".")
        else:
            yield from _functions(node, prefix)


def _long_functions() -> dict[tuple[str, str], int]:
    found = {}
    for file in sorted(PACKAGE.rglob("*.py")):
        rel = file.relative_to(PACKAGE).as_posix()
        if rel.startswith(GENERATED):
            continue
        for name, lines in _functions(ast.parse(file.read_text("utf-8"))):
            if lines > MAX_LINES:
                found[(rel, name)] = lines
    return found


def test_no_function_is_over_60_lines() -> None:
    too_long = {
        f"smmgen/{rel}: {name} has {lines} lines"
        for (rel, name), lines in _long_functions().items()
        if (rel, name) not in STILL_LONG
    }
    assert not too_long, f"split these by meaning (at most {MAX_LINES} lines each): {too_long}"


def test_the_allowlist_only_names_functions_that_are_still_long() -> None:
    long_now = _long_functions()
    done = {
        f"smmgen/{rel}: {name} ({owner})"
        for (rel, name), owner in STILL_LONG.items()
        if (rel, name) not in long_now
    }
    assert not done, f"remove these from STILL_LONG, they are short now: {done}"

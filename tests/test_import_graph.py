"""Layers point down only: no module of smmgen imports, directly or through others, itself.

Read with ``ast`` from the source (no module is imported), counting every
``import``, also those inside functions and under ``TYPE_CHECKING``: a circle
that only type checkers see is still two modules that cannot be understood
one without the other.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "smmgen"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> set[str]:
    """The smmgen modules ``path`` imports (a package's ``__init__`` for ``from pkg import x``
    unless ``x`` is a module of its own)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)
    return {m for m in found if m in modules and m != name}


def graph() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(f) for f in files}
    return {module_name(f): imports(f, modules) for f in files}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_reader_sees_real_imports() -> None:
    edges = graph()
    assert "smmgen.ledger" in edges["smmgen.publish"]
    assert "smmgen.adapters.base" in edges["smmgen.sending"]
    assert "smmgen.model" in edges["smmgen.plan"]


def test_the_cycle_finder_finds_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


# Circles other parts of issue #14 remove (loader, field kinds, networks); each entry goes when
# its circle does, and the test fails while a listed circle is gone but still listed.
KNOWN: list[list[str]] = []


def test_no_import_circles_in_smmgen() -> None:
    found = cycles(graph())
    assert [c for c in found if c not in KNOWN] == []
    assert [c for c in KNOWN if c not in found] == [], "a circle is gone: remove it from KNOWN"


def test_publish_and_sending_do_not_import_each_other() -> None:
    assert "smmgen.publish" not in graph()["smmgen.sending"]  # the run context is below both


def test_commands_share_pieces_through_common_not_through_each_other() -> None:
    edges = graph()
    users = sorted(m for m, to in edges.items() if "smmgen.commands.plan" in to)
    assert users == []

"""Layout rules that keep the code easy to find.

A module's name says which one it is: no name at two levels of smmgen/.
`smmgen/threads.py` (text splitting) beside `smmgen/networks/threads.py` (the Threads
network) was easy to confuse. A top-level module or package may share its name only with
its click command in `smmgen/commands/`, a thin wrapper of it.

Shared test code lives in tests/helpers/: a test module never imports another test module
or conftest (conftest is imported by pytest under a second name, so its classes existed
twice).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMMGEN = ROOT / "smmgen"


def _name(path: Path) -> str:
    return path.parent.name if path.name == "__init__.py" else path.stem


def test_no_top_level_name_repeats_below() -> None:
    top = {_name(p) for p in SMMGEN.glob("*.py")} | {
        p.name for p in SMMGEN.iterdir() if (p / "__init__.py").exists()
    }
    top -= {"__init__", "__main__"}
    clashes = sorted(
        str(p.relative_to(SMMGEN))
        for p in SMMGEN.glob("*/**/*.py")
        if _name(p) in top
        and p.parent.name != "commands"
        and not (p.name == "__init__.py" and p.parent.parent == SMMGEN)
    )
    assert clashes == []


def test_no_test_module_imports_another_or_conftest() -> None:
    found = []
    tests = ROOT / "tests"
    for path in sorted([*tests.glob("*.py"), *tests.glob("helpers/*.py")]):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                last = name.split(".")[-1]
                if last == "conftest" or last.startswith("test_"):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert found == [], "move what they share to tests/helpers/"

"""Babel's extraction for smmgen's command line: the marked texts plus click's help texts.

Click takes a command's help from its function's docstring and an option's from
``help=``; both stay English in the code and are translated when shown
(smmgen.cli.Command). Babel's Python extractor sees neither, so babel.cfg sends
the command modules here: the usual extraction, then every ``help=`` and
``short_help=`` text of an ``option``/``argument``/``command``/``group`` call and
the docstring of every function such a ``command``/``group`` call decorates,
each as click shows it (``inspect.cleandoc``); in every module, the help text of
each declared key (``Field(name, kind, help)``), shown in check messages and
in the editor schemas (smmgen.schema). Used by scripts/i18n.sh and
tests/test_i18n.py only; needs Babel (the test extra).
"""

from __future__ import annotations

import ast
import inspect
import io
from collections.abc import Collection, Iterator
from typing import IO, Any

CALLS = {"option", "argument", "command", "group", "version_option"}
DECORATORS = {"command", "group"}

# (line, function, message, comments), as Babel's extraction methods yield them.
Found = tuple[Any, ...]


def extract(
    fileobj: IO[bytes],
    keywords: Any,
    comment_tags: Collection[str],
    options: Any,
) -> Iterator[Found]:
    """Babel extraction method (babel.cfg: ``[smmgen.i18n_extract.extract: …]``)."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    yield from help_texts(ast.parse(source))


def _called(node: ast.expr) -> str | None:
    """``option`` for ``click.option(...)``, ``github.command(...)`` or ``option(...)``."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def help_texts(tree: ast.Module) -> Iterator[Found]:
    """Every help text of a click declaration or of a declared key (``Field``) in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) == "Field":
            # Field(name, kind, help, ...): its help is shown translated (check, schema).
            given = [*node.args[2:3], *(k.value for k in node.keywords if k.arg == "help")]
            for value in given:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    yield value.lineno, None, value.value, []
        if isinstance(node, ast.Call) and _called(node) in CALLS:
            for keyword in node.keywords:
                value = keyword.value
                if (
                    keyword.arg in ("help", "short_help")
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    yield value.lineno, None, inspect.cleandoc(value.value), []
        if isinstance(node, ast.FunctionDef) and any(
            _called(d) in DECORATORS for d in node.decorator_list
        ):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.lineno, None, doc, []

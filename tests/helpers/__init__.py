"""Shared fakes and builders for the tests: test modules import from here, never from
each other or from conftest."""

import pkgutil

import pytest

# Their asserts (a crash of the CLI, a wrong exit code) report values like a test's own.
pytest.register_assert_rewrite(*(f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__)))

#!/usr/bin/env bash
# The whole test suite: lint, format, types, workflow audit, the docs site, tests. Creates .venv and
# installs the real components the tests use (Chromium, a local Bluesky PDS) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
bash scripts/test-deps.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy smmgen
# GitHub Actions security audit of our workflows, the scaffold's and action.yml
# (offline: no GitHub API calls). Contributors can also run `actionlint`.
.venv/bin/zizmor --offline --quiet .github/workflows .github/dependabot.yml \
  smmgen/scaffold/dot-github/dependabot.yml smmgen/scaffold/dot-github/workflows/*.yml action.yml
# The documentation site: a broken link or a page missing from mkdocs.yml's nav fails.
# (NO_MKDOCS_2_WARNING: Material's notice about MkDocs 2.0, which we do not use.)
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict
.venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# Real components the tests run against; each step is skipped when already present.
# With CI or SMMGEN_REQUIRE_ALL=1 set (.ci/run sets CI), a component that cannot be
# installed ends the run here: the tests that need it would fail anyway (tests/conftest.py
# turns their skips into failures). Elsewhere it is a warning and those tests skip.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
# Headless Chromium for the preview site's browser tests (tests/test_site_browser.py).
if ! command -v chromium >/dev/null && [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    missing+=("chromium (as root: apt-get install chromium) for tests/test_site_browser.py")
  fi
fi
if command -v npm >/dev/null && command -v node >/dev/null; then
  # @atproto/api, to cross-check Bluesky facet byte offsets (tests/test_facets.py).
  if [ ! -d build/npm/node_modules/@atproto/api ]; then
    npm install --silent --no-audit --no-fund --prefix build/npm @atproto/api@0.19.19
  fi
  # A real Bluesky PDS + PLC directory for the Bluesky adapter tests (tests/pds/; versions
  # pinned in its package.json). better-sqlite3 builds from source: ~70 s, once.
  if [ ! -d tests/pds/node_modules/@atproto/pds ]; then
    (cd tests/pds && npm_config_build_from_source=true \
      npm install --silent --foreground-scripts --no-audit --no-fund >/dev/null)
  fi
else
  missing+=("node and npm (apt-get install nodejs npm) for the Bluesky PDS and facet tests")
fi
if [ ${#missing[@]} -gt 0 ]; then
  for m in "${missing[@]}"; do echo "test-deps: missing: $m" >&2; done
  if [ -n "${CI:-}" ] || [ "${SMMGEN_REQUIRE_ALL:-}" = 1 ]; then
    echo "test-deps: CI/SMMGEN_REQUIRE_ALL needs every test to run; install the above" >&2
    exit 1
  fi
  echo "test-deps: the tests that need them will be skipped" >&2
fi

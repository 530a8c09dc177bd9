#!/usr/bin/env bash
# Real components the tests run against; each step is skipped when already present.
set -euo pipefail
cd "$(dirname "$0")/.."
# Headless Chromium for the preview site's browser tests (tests/test_site_browser.py).
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if command -v npm >/dev/null; then
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
fi

#!/usr/bin/env bash
# Refresh the German catalog after changing texts: extract every marked text,
# merge it into smmgen/locale/de/LC_MESSAGES/smmgen.po (translate the new
# entries there), then compile smmgen.mo. tests/test_i18n.py fails until both
# are current. Needs the test extra (Babel).
set -euo pipefail
cd "$(dirname "$0")/.."
pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT
pybabel -q extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 --no-location --omit-header \
  --sort-output -o "$pot" .
po=smmgen/locale/de/LC_MESSAGES/smmgen.po
if [ -f "$po" ]; then
  pybabel -q update -i "$pot" -o "$po" -l de -D smmgen --no-wrap --ignore-obsolete \
    --no-fuzzy-matching
else
  mkdir -p "$(dirname "$po")"
  pybabel -q init -i "$pot" -o "$po" -l de -D smmgen --no-wrap
fi
pybabel compile -i "$po" -o "${po%.po}.mo" -l de -D smmgen --statistics

#!/usr/bin/env bash
# Set up and run every check coopdesk has, on a fresh Debian or Ubuntu machine:
#   1. the tests: unit, database (SQLite and a real PostgreSQL server the tests
#      start), GUI (Qt offscreen), PDFs read back, the PyInstaller bundle;
#   2. the layer contracts (import-linter);
#   3. the translation catalogs (complete and current).
# All three run even when one fails, and the last lines say how each went.
#
#   bash scripts/test.sh                  everything (see README for how long it takes)
#   bash scripts/test.sh --quick          without the bundle build and the large-data tests
#   bash scripts/test.sh --next-year      the quick tests with the machine's clock a year ahead
#                                         (time-machine): a test that reads the machine's date fails here first
#   bash scripts/test.sh tests/core -k x  any further words go to pytest
#
# COOPDESK_SKIP_POSTGRES=1 skips the PostgreSQL tests on purpose; without it, a
# PostgreSQL server that cannot start fails them.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test || exit 1
export QT_QPA_PLATFORM=offscreen

mode=full
case "${1:-}" in
  --quick) mode=quick; shift ;;
  --next-year) mode=next-year; shift ;;
esac
pytest=(.venv/bin/python -m pytest)
case "$mode" in
  quick) pytest+=(-m "not slow") ;;
  next-year)
    # time-machine moves the wall clock of the test process a year on (conftest.py);
    # monotonic clocks, waits and Qt timers stay true; the tests' own date
    # (COOPDESK_TODAY) stays. libfaketime was tried first: it breaks timed waits.
    export COOPDESK_MACHINE_DAYS_AHEAD=365
    pytest+=(-m "not slow")
    echo "The machine's clock for these tests: $(date -I -d '+365 days')"
    ;;
esac

started=$SECONDS
"${pytest[@]}" "$@"; tests=$?
.venv/bin/lint-imports; layers=$?
.venv/bin/python scripts/i18n.py --check; catalogs=$?

word() { [ "$1" -eq 0 ] && echo "passed" || echo "FAILED (exit $1)"; }
echo
echo "coopdesk checks ($mode, $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s):"
echo "  tests:                $(word $tests)"
echo "  layer contracts:      $(word $layers)"
echo "  translation catalogs: $(word $catalogs)"
[ $tests -eq 0 ] && [ $layers -eq 0 ] && [ $catalogs -eq 0 ]

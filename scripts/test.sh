#!/usr/bin/env bash
# Set up and run every test: unit, database (SQLite and a real PostgreSQL the
# tests start), GUI (Qt offscreen), PDFs, the PyInstaller bundle; then the
# layer contracts and the translation catalogs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m pytest "$@"
.venv/bin/lint-imports
.venv/bin/python scripts/i18n.py --check

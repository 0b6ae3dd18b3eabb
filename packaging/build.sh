#!/usr/bin/env bash
# Build the coopdesk bundle (PyInstaller, onedir) into dist/coopdesk/.
#   bash packaging/build.sh [DISTDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
dist=${1:-dist}
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "${dist}/.build" packaging/coopdesk.spec
echo "Bundle: $dist/coopdesk/coopdesk"

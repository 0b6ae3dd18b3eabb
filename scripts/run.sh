#!/usr/bin/env bash
# Set up and run coopdesk on the embedded SQLite default. When there is no
# cooperative yet, the demo cooperative opens (its own file, never your data).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
exec .venv/bin/coopdesk --demo-if-new "$@"

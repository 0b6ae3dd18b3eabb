#!/usr/bin/env bash
# Refresh the dependency locks after changing pyproject.toml's dependencies (or to
# take newer releases on purpose). Every package, direct and transitive, pinned
# with the hashes of all its published files, for every platform (Linux, Windows,
# macOS) and Python 3.11+:
#   requirements-app.lock    what the app needs (scripts/run.sh installs it)
#   requirements-test.lock   the app plus tests and packaging (scripts/test.sh)
# Uses uv (pinned below) in a throw-away environment; the locks are plain pip
# requirement files, so setup needs nothing but pip.
#   bash scripts/lock.sh            keep the pinned versions that still fit
#   bash scripts/lock.sh --upgrade  take the newest releases that fit
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools/venv"
"$tools/venv/bin/python" -m pip install -q "uv==$UV_VERSION"
uv=("$tools/venv/bin/uv" pip compile --universal --python-version 3.11 --generate-hashes --quiet)
upgrade=()
[ "${1:-}" = "--upgrade" ] && upgrade=(--upgrade)
"${uv[@]}" "${upgrade[@]}" pyproject.toml requirements-build.in --extra test --extra packaging \
    -o requirements-test.lock
# The app's lock takes the same versions as the test lock: what the tests passed with.
"${uv[@]}" pyproject.toml requirements-build.in --constraint requirements-test.lock -o requirements-app.lock
echo "requirements-app.lock and requirements-test.lock written; run bash scripts/test.sh before committing."

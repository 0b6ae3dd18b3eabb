#!/usr/bin/env bash
# Set up coopdesk on a fresh Debian or Ubuntu machine with Python 3.11+:
# system libraries Qt needs, then a virtual environment in .venv.
#   scripts/setup.sh          the app
#   scripts/setup.sh test     the app plus what the tests need (PDF tools, PostgreSQL, PyInstaller)
# The Python packages come from the locks requirements-app.lock and requirements-test.lock (scripts/lock.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-app}"

# Qt's runtime libraries (X11/xcb platform for a real desktop, EGL/GL, fonts).
packages=(python3-venv libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0
          libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
          libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core)
if [ "$what" = test ]; then
  # pdftotext/pdftoppm read the PDFs back; a real PostgreSQL server; binutils for PyInstaller
  # (and objdump for the .deb's Depends); desktop-file-validate checks the .deb's menu entry.
  packages+=(poppler-utils postgresql binutils desktop-file-utils)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
# Install exactly the locked versions (requirements-*.lock, with hashes: see
# scripts/lock.sh), and only when the lock or the project changed since the last
# set-up, so the app starts offline (and fast) once it has been set up.
lock="requirements-$what.lock"
stamp=".venv/.coopdesk-$what-$(cat "$lock" pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
  rm -f .venv/.coopdesk-"$what"-*
  touch "$stamp"
fi

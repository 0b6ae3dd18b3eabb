#!/usr/bin/env bash
# Build a Linux release of coopdesk into dist/ (the Windows installer is built by
# .github/workflows/windows.yml on a Windows runner; docs/packaging.md):
#   dist/coopdesk/                                  the onedir bundle, smoke-tested
#   dist/coopdesk-<version>-linux-x86_64.tar.gz     the same bundle as one file
#   dist/coopdesk_<version>_<arch>.deb              the Debian/Ubuntu package
#   dist/coopdesk-<version>-SHA256SUMS              their SHA-256 sums (sha256sum -c checks them)
#
#   bash scripts/release.sh                  from a clean checkout of the release commit
#   bash scripts/release.sh --allow-dirty    a trial from a working tree with changes
# For the tests: --bundle DIR takes an already built bundle, --dist DIR writes elsewhere,
# --deb-compress gzip builds the .deb faster.
#
# The version is coopdesk/__init__.py's __version__, the one source; CHANGELOG.md
# must have its section in both languages. Tag the commit v<version> when it is published.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
dist=dist bundle="" allow_dirty=0 compress=xz
while [ $# -gt 0 ]; do
  case "$1" in
    --allow-dirty) allow_dirty=1 ;;
    --bundle) bundle=$2; shift ;;
    --dist) dist=$2; shift ;;
    --deb-compress) compress=$2; shift ;;
    *) echo "release.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

version=$(sed -n 's/^__version__ = "\([^"]*\)".*/\1/p' coopdesk/__init__.py)
[ -n "$version" ] || { echo "release.sh: no __version__ in coopdesk/__init__.py" >&2; exit 1; }
sections=$(grep -c "^## $version " CHANGELOG.md || true)
[ "$sections" -eq 2 ] || { echo "release.sh: CHANGELOG.md needs a '## $version ...' section in Spanish and in English (found $sections)" >&2; exit 1; }
if [ "$allow_dirty" -eq 0 ] && [ -n "$(git status --porcelain 2>/dev/null)" ]; then
  echo "release.sh: the working tree has changes; commit them (or --allow-dirty for a trial)" >&2; exit 1
fi
if git rev-parse -q --verify "refs/tags/v$version" >/dev/null && [ "$(git rev-parse "v$version^{commit}")" != "$(git rev-parse HEAD)" ]; then
  echo "release.sh: tag v$version exists on another commit; raise __version__ first" >&2; exit 1
fi

mkdir -p "$dist"
if [ -n "$bundle" ]; then
  rm -rf "$dist/coopdesk"; cp -a "$bundle" "$dist/coopdesk"
else
  bash packaging/build.sh "$dist"
fi
frozen_version=$("$dist/coopdesk/coopdesk" --version)
case "$frozen_version" in
  "coopdesk $version (schema "*) ;;
  *) echo "release.sh: the bundle says '$frozen_version', not version $version" >&2; exit 1 ;;
esac
"$python" scripts/smoke_frozen.py "$dist/coopdesk/coopdesk"

arch=$(dpkg --print-architecture)
tarball="coopdesk-$version-linux-$(uname -m).tar.gz"
# the same bytes for the same bundle: names sorted, one date (the commit's), no owners
epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -C "$dist" -cf - coopdesk \
  | gzip -n -9 > "$dist/$tarball"
"$python" scripts/build_deb.py --bundle "$dist/coopdesk" --out "$dist" --compress "$compress" >/dev/null
deb="coopdesk_${version}_${arch}.deb"
sums="coopdesk-$version-SHA256SUMS"
(cd "$dist" && sha256sum "$tarball" "$deb" > "$sums" && sha256sum -c --quiet "$sums")

echo
echo "coopdesk $version ($frozen_version):"
for f in "$tarball" "$deb" "$sums"; do
  printf '  %-45s %s\n' "$dist/$f" "$(du -h "$dist/$f" | cut -f1)"
done
cat "$dist/$sums"

"""Versioned releases: one version, the schema revision beside it, a changelog, a release script."""

import re
import subprocess
import sys
import tomllib

import pytest

import coopdesk
from coopdesk.db.migrate import MIGRATIONS, head_revision

from .conftest import ROOT


def test_the_version_has_one_source():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "coopdesk.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", coopdesk.__version__)  # also Inno's VersionInfoVersion and dpkg's


def test_the_schema_revision_read_from_file_names_is_alembics_head():
    assert coopdesk.schema_revision() == head_revision()
    assert coopdesk.version_text() == f"coopdesk {coopdesk.__version__} (schema {head_revision()})"


def test_every_migration_file_is_named_by_its_revision():
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        declared = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", path.read_text(encoding="utf-8"), re.M).group(1)
        assert path.name.startswith(f"{declared}_"), path.name


def test_the_version_text_loads_neither_the_database_layer_nor_qt():
    code = ("import sys, coopdesk; print(coopdesk.version_text()); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'PySide6', 'reportlab'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == f"{coopdesk.version_text()}\n[]\n"


def test_the_changelog_has_this_version_in_spanish_and_english():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(rf"^## {re.escape(coopdesk.__version__)} — (.*)$", text, re.M)
    assert headings == ["primera versión (fecha de publicación pendiente)",
                        "first release (publication date to be set)"]
    spanish, english = text.split(f"\n## {coopdesk.__version__} — ")[1:]
    assert "### Instalar" in spanish and "### Installing" in english


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the Linux release")
def test_the_release_script_writes_the_bundle_the_package_and_their_checksums(bundle_dir, tmp_path):
    dist = tmp_path / "dist"
    done = subprocess.run(["bash", str(ROOT / "scripts" / "release.sh"), "--allow-dirty", "--bundle", str(bundle_dir),
                           "--dist", str(dist), "--deb-compress", "gzip"], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "HOME": str(tmp_path),
                               "PYTHON": sys.executable}, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    version, arch = coopdesk.__version__, subprocess.run(["dpkg", "--print-architecture"], capture_output=True,
                                                         text=True).stdout.strip()
    sums = dist / f"coopdesk-{version}-SHA256SUMS"
    names = [line.split("  ")[1] for line in sums.read_text().splitlines()]
    assert names == [f"coopdesk-{version}-linux-x86_64.tar.gz", f"coopdesk_{version}_{arch}.deb"]
    check = subprocess.run(["sha256sum", "-c", sums.name], cwd=dist, capture_output=True, text=True)
    assert check.stdout.splitlines() == [f"{n}: OK" for n in names]
    listing = subprocess.run(["tar", "-tzf", str(dist / names[0])], capture_output=True, text=True).stdout.split()
    assert "coopdesk/coopdesk" in listing and "coopdesk/_internal/coopdesk/db/migrations/versions/" in listing
    assert "ok: the desktop app opens its main window (offscreen)" in done.stdout

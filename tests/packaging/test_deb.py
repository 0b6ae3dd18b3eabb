"""The .deb: built from the bundle, installed into a clean root, run from there, removed.

How it is installed: ``dpkg --root`` into an empty folder with a fresh dpkg
database, the way dpkg installs onto another system's disk. Not a container:
this machine has no Docker daemon, and a debootstrap'ed Debian would download
a base system and Qt's libraries on every run. So the files, the symlink, the
menu entry, the icons, removal and purge are dpkg's own doing here; the
dependencies are not installed (``--force-depends``: the root has no libc6
package), and the installed app runs on this machine's libraries, which are the
ones Depends names (``test_every_library_the_installed_app_needs_is_found``).
The package has no maintainer scripts, so nothing would run inside the root anyway.

Slow (the bundle, then the package with gzip): CI runs it.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

import coopdesk
from coopdesk.db.migrate import head_revision

from .conftest import ROOT, frozen_env

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform != "linux", reason="a Debian package is for Linux")]


@pytest.fixture(scope="module")
def deb(bundle_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("deb")
    built = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_deb.py"), "--bundle", str(bundle_dir),
                            "--out", str(out), "--compress", "gzip"], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    path = out / f"coopdesk_{coopdesk.__version__}_{arch}.deb"
    assert built.stdout == f"Package: {path}\n"
    return path


def dpkg(root: Path, *args: str) -> subprocess.CompletedProcess:
    force = ["--force-not-root"] if os.geteuid() != 0 else []
    return subprocess.run(["dpkg", f"--root={root}", *force, *args], capture_output=True, text=True)


def clean_root(path: Path) -> Path:
    for sub in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "var/log"):
        (path / sub).mkdir(parents=True)
    for name in ("status", "available"):
        (path / "var/lib/dpkg" / name).touch()
    return path


def install(deb: Path, root: Path) -> Path:
    done = dpkg(clean_root(root), "--force-depends", "-i", str(deb))
    assert done.returncode == 0, done.stderr
    return root


def tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, int(p.stat().st_mtime))
            for p in folder.rglob("*") if p.is_file()}


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def user(home: Path, **extra: str) -> dict[str, str]:
    """A user's session: their own home, no XDG or coopdesk variables pointing elsewhere."""
    env = {k: v for k, v in frozen_env().items() if not k.startswith(("XDG_", "COOPDESK_"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", **extra)
    return env


def test_the_package_says_what_it_is_and_what_it_needs(deb):
    fields = dict(line.split(": ", 1) for line in subprocess.run(
        ["dpkg-deb", "--field", str(deb), "Package", "Version", "Architecture", "Depends", "Recommends"],
        capture_output=True, text=True, check=True).stdout.splitlines())
    assert fields["Package"] == "coopdesk"
    assert fields["Version"] == coopdesk.__version__
    depends = [d.split(" (")[0] for d in fields["Depends"].split(", ")]
    assert depends[0] == "libc6" and fields["Depends"].startswith("libc6 (>= 2.")
    assert {"libgl1", "libegl1"} <= set(depends)  # Qt's OpenGL/EGL, which PyInstaller never bundles
    assert any(d.startswith("libcups2") for d in depends)  # the print plugin's, the system's (bundle_filter.SYSTEM_LIBS)
    assert fields["Recommends"] == "fontconfig, fonts-dejavu-core"
    scripts = subprocess.run(["dpkg-deb", "--ctrl-tarfile", str(deb)], capture_output=True, check=True).stdout
    import io
    import tarfile
    with tarfile.open(fileobj=io.BytesIO(scripts)) as control:
        assert sorted(m.name.lstrip("./") for m in control.getmembers() if m.isfile()) == ["control", "md5sums"]


def test_it_installs_the_app_under_opt_with_a_command_a_menu_entry_and_an_icon(deb, tmp_path):
    root = install(deb, tmp_path / "root")
    listed = set(dpkg(root, "-L", "coopdesk").stdout.split())
    assert {"/opt/coopdesk/coopdesk", "/usr/bin/coopdesk", "/usr/share/applications/coopdesk.desktop",
            "/usr/share/icons/hicolor/48x48/apps/coopdesk.png", "/usr/share/icons/hicolor/256x256/apps/coopdesk.png",
            "/usr/share/doc/coopdesk/copyright", "/usr/share/doc/coopdesk/CHANGELOG.md"} <= listed
    assert os.readlink(root / "usr/bin/coopdesk") == "../../opt/coopdesk/coopdesk"
    assert (root / "usr/bin/coopdesk").resolve() == (root / "opt/coopdesk/coopdesk").resolve()
    assert os.access(root / "opt/coopdesk/coopdesk", os.X_OK)
    entry = (root / "usr/share/applications/coopdesk.desktop").read_text(encoding="utf-8")
    assert {"Exec=coopdesk", "Icon=coopdesk", "Terminal=false", "Categories=Office;Finance;"} <= set(entry.splitlines())
    valid = subprocess.run(["desktop-file-validate", str(root / "usr/share/applications/coopdesk.desktop")],
                           capture_output=True, text=True)  # desktop-file-utils: scripts/setup.sh installs it
    assert (valid.returncode, valid.stdout) == (0, "")
    assert (root / "usr/share/icons/hicolor/256x256/apps/coopdesk.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    verify = dpkg(root, "--verify", "coopdesk")  # every file against the package's md5sums
    assert (verify.returncode, verify.stdout) == (0, "")


def test_the_installed_app_runs_from_its_command_and_writes_only_in_the_users_folder(deb, tmp_path):
    root = install(deb, tmp_path / "root")
    home, out = tmp_path / "home", tmp_path / "estados"
    home.mkdir()
    before = tree(root)
    exe = root / "usr/bin/coopdesk"
    run = lambda *args, **extra: subprocess.run([str(exe), *args], capture_output=True, text=True,  # noqa: E731
                                                cwd=tmp_path, env=user(home, **extra), timeout=900)
    version = run("--version")
    assert version.stdout == f"coopdesk {coopdesk.__version__} (schema {head_revision()})\n"
    db = home / ".local/share/coopdesk/coopdesk.sqlite"  # no --db: the user-data folder (platformdirs)
    demo = run("demo")
    assert (demo.returncode, demo.stdout) == (
        0, f"Se creó la cooperativa de demostración en {db}: 150 socios y 1,800 entregas.\n"), demo.stderr
    printed = run("statements", "--out", str(out))
    pdfs = sorted(out.glob("*.pdf"))
    assert (printed.returncode, printed.stdout) == (0, f"Se imprimieron {len(pdfs)} estados de cuenta en {out}.\n")
    assert len(pdfs) > 100
    assert "ESTADO DE CUENTA DEL SOCIO" in PdfReader(pdfs[0]).pages[0].extract_text()
    window = run(COOPDESK_EXIT_ON_WINDOW="1")  # the desktop app, offscreen, on the default book
    assert (window.returncode, window.stdout) == (0, "first-window MainWindow\n"), window.stderr
    assert tree(root) == before  # nothing written under /opt or /usr
    assert db.exists()


def test_every_library_the_installed_app_needs_is_found(deb, tmp_path):
    root = install(deb, tmp_path / "root")
    missing = []
    for path in (root / "opt/coopdesk").rglob("*"):
        if path.is_file() and path.read_bytes()[:4] == b"\x7fELF":
            ldd = subprocess.run(["ldd", str(path)], capture_output=True, text=True)
            missing += [f"{path.name}: {line.strip()}" for line in ldd.stdout.splitlines() if "not found" in line]
    assert missing == []


def test_removing_and_purging_the_package_keeps_the_users_data(deb, tmp_path):
    root = install(deb, tmp_path / "root")
    home = tmp_path / "home"
    home.mkdir()
    made = subprocess.run([str(root / "usr/bin/coopdesk"), "demo", "--members", "5"], capture_output=True,
                          text=True, env=user(home), timeout=600)
    assert made.returncode == 0, made.stderr
    data = digests(home)
    assert ".local/share/coopdesk/coopdesk.sqlite" in data
    assert dpkg(root, "--remove", "coopdesk").returncode == 0
    assert dpkg(root, "--purge", "coopdesk").returncode == 0
    assert not (root / "opt/coopdesk").exists() and not (root / "usr/bin/coopdesk").is_symlink()
    assert not (root / "usr/share/applications/coopdesk.desktop").exists()
    assert "coopdesk" not in dpkg(root, "-l").stdout
    assert digests(home) == data

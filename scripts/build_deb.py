"""Build the Debian/Ubuntu package from the onedir bundle.

    python scripts/build_deb.py [--bundle dist/coopdesk] [--out dist]
    -> dist/coopdesk_<version>_<arch>.deb

What it installs:
  /opt/coopdesk/                      the bundle, unchanged (never written to by the app)
  /usr/bin/coopdesk                   -> ../../opt/coopdesk/coopdesk (relative, so a --root install works too)
  /usr/share/applications/coopdesk.desktop   the menu entry
  /usr/share/icons/hicolor/<n>x<n>/apps/coopdesk.png
  /usr/share/doc/coopdesk/            copyright, CHANGELOG.md
No maintainer scripts: the menu and icon caches are refreshed by the file
triggers of desktop-file-utils and the icon theme, and removal (even --purge)
never touches a user's data, which lives in their user-data folder
(~/.local/share/coopdesk) and settings (~/.config/coopdesk), never in /opt.

Depends is worked out from the bundle, as dpkg-shlibdeps would: every shared
library a bundled ELF file names as NEEDED and the bundle does not carry is
looked up on this machine (ldconfig) and named by its package (dpkg -S); libc6
gets the newest GLIBC_ symbol version any file uses. Needs dpkg-deb and objdump
(binutils); no fakeroot (dpkg-deb --root-owner-group).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def version() -> str:
    text = (ROOT / "coopdesk" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def elf_files(tree: Path) -> list[Path]:
    found = []
    for path in tree.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed(path: Path) -> list[str]:
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


def glibc_versions(path: Path) -> set[tuple[int, ...]]:
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
    return {tuple(int(n) for n in v.split(".")) for v in re.findall(r"\bGLIBC_(\d+(?:\.\d+)+)\b", out)}


def host_libraries() -> dict[str, str]:
    """soname -> path, for this machine's architecture (ldconfig -p)."""
    out = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    libs: dict[str, str] = {}
    for line in out.splitlines()[1:]:
        m = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if m and ("x86-64" in m.group(2) or "64bit" in m.group(2) or os.uname().machine not in ("x86_64",)):
            libs.setdefault(m.group(1), m.group(3))
    return libs


def owning_package(path: str) -> str:
    for candidate in (path, os.path.realpath(path)):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":")[0].split(",")[0].strip()
    raise SystemExit(f"build_deb: no package on this machine owns {path}")


def depends(bundle: Path) -> str:
    """The Depends line: the packages of the libraries the bundle needs and does not carry."""
    files = elf_files(bundle)
    carried = {p.name for p in bundle.rglob("*")}
    missing: set[str] = set()
    newest_glibc: tuple[int, ...] = (2, 17)
    for f in files:
        missing.update(n for n in needed(f) if n not in carried)
        newest_glibc = max([newest_glibc, *glibc_versions(f)])
    host = host_libraries()
    packages: set[str] = set()
    for soname in sorted(missing):
        if soname not in host:
            raise SystemExit(f"build_deb: the bundle needs {soname}, which this machine does not have")
        packages.add(owning_package(host[soname]))
    glibc = ".".join(map(str, newest_glibc))
    return ", ".join(f"{p} (>= {glibc})" if p == "libc6" else p for p in sorted(packages | {"libc6"}))


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()


def build(bundle: Path, out: Path, compress: str = "xz") -> Path:
    if not (bundle / "coopdesk").is_file():
        raise SystemExit(f"build_deb: no bundle at {bundle} (bash packaging/build.sh first)")
    ver, arch = version(), architecture()
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"coopdesk_{ver}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="coopdesk-deb-") as tmp:
        stage = Path(tmp) / "root"
        shutil.copytree(bundle, stage / "opt" / "coopdesk", symlinks=True)
        (stage / "usr" / "bin").mkdir(parents=True)
        (stage / "usr" / "bin" / "coopdesk").symlink_to("../../opt/coopdesk/coopdesk")
        apps = stage / "usr" / "share" / "applications"
        apps.mkdir(parents=True)
        shutil.copy(ROOT / "packaging" / "linux" / "coopdesk.desktop", apps / "coopdesk.desktop")
        for n in ICON_SIZES:
            icons = stage / "usr" / "share" / "icons" / "hicolor" / f"{n}x{n}" / "apps"
            icons.mkdir(parents=True)
            shutil.copy(ROOT / "packaging" / "icons" / f"coopdesk-{n}.png", icons / "coopdesk.png")
        doc = stage / "usr" / "share" / "doc" / "coopdesk"
        doc.mkdir(parents=True)
        shutil.copy(ROOT / "packaging" / "linux" / "copyright", doc / "copyright")
        shutil.copy(ROOT / "CHANGELOG.md", doc / "CHANGELOG.md")
        for path in stage.rglob("*"):  # 755 for folders and programs, 644 for the rest
            if path.is_symlink():
                continue
            executable = path.is_dir() or os.access(path, os.X_OK)
            path.chmod(0o755 if executable else 0o644)
        installed_kb = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
        control = stage / "DEBIAN"
        control.mkdir()
        (control / "control").write_text(
            f"Package: coopdesk\n"
            f"Version: {ver}\n"
            f"Architecture: {arch}\n"
            f"Maintainer: coopdesk maintainers <maintainers@coopdesk.invalid>\n"
            f"Installed-Size: {installed_kb}\n"
            f"Depends: {depends(bundle)}\n"
            f"Recommends: fontconfig, fonts-dejavu-core\n"
            f"Section: misc\n"
            f"Priority: optional\n"
            f"Description: Contabilidad para cooperativas agrarias del Perú\n"
            f" Contabilidad y distribución transparente de beneficios para cooperativas\n"
            f" agrarias (cacao, café, copoazú): socios, acopio, libros y estados de cuenta.\n"
            f" .\n"
            f" Accounting and transparent benefit distribution for agrarian cooperatives\n"
            f" in Peru. The data stays in each user's own folder; removing the package\n"
            f" never deletes it.\n", encoding="utf-8")
        sums = []
        for path in sorted(stage.rglob("*")):
            if path.is_file() and not path.is_symlink() and "DEBIAN" not in path.relative_to(stage).parts:
                sums.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {path.relative_to(stage)}\n")
        (control / "md5sums").write_text("".join(sums), encoding="utf-8")
        for f in control.iterdir():
            f.chmod(0o644)
        subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compress}", "--build", str(stage), str(deb)],
                       check=True, stdout=subprocess.DEVNULL)
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build coopdesk's .deb from the onedir bundle.")
    parser.add_argument("--bundle", default=str(ROOT / "dist" / "coopdesk"))
    parser.add_argument("--out", default=str(ROOT / "dist"))
    parser.add_argument("--compress", choices=["xz", "gzip"], default="xz",
                        help="xz for releases (smaller; about 3 minutes on 2 cores), gzip for the tests (fast)")
    args = parser.parse_args(argv)
    deb = build(Path(args.bundle), Path(args.out), args.compress)
    print(f"Package: {deb}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

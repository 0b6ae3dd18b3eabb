"""The files the .deb adds around the bundle: the menu entry and the icons (fast; no build)."""

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging" / "linux" / "coopdesk.desktop"
ICONS = ROOT / "packaging" / "icons"


@pytest.mark.skipif(sys.platform != "linux", reason="desktop-file-utils is a Linux tool")
def test_the_menu_entry_is_valid_for_freedesktop_menus():
    assert shutil.which("desktop-file-validate"), "install desktop-file-utils (scripts/setup.sh test does)"
    valid = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert (valid.returncode, valid.stdout, valid.stderr) == (0, "", "")


def test_the_menu_entry_opens_the_app_with_its_icon_in_spanish_and_english():
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    assert {"Exec=coopdesk", "Icon=coopdesk", "Terminal=false", "StartupWMClass=coopdesk",
            "GenericName[es]=Contabilidad de la cooperativa"} <= set(lines)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_each_icon_is_a_png_of_its_size_and_the_windows_icon_has_every_size():
    for n in (16, 32, 48, 64, 128, 256, 512):
        assert png_size(ICONS / f"coopdesk-{n}.png") == (n, n)
    ico = (ICONS / "coopdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    sizes = sorted((ico[6 + 16 * i] or 256) for i in range(count))
    assert (reserved, kind, sizes) == (0, 1, [16, 24, 32, 48, 64, 128, 256])

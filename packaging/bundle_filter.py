"""What the coopdesk bundle leaves out, as plain rules the spec applies and the tests check.

coopdesk imports only QtCore, QtGui, QtWidgets and QtPrintSupport (the print
preview, coopdesk/gui/kit/preview.py) from PySide6, and matplotlib's Qt backend
imports QtSvg too, at its top (matplotlib/backends/qt_compat.py: the chart of
«Inicio» does not load without it). PyInstaller's Qt hooks collect
more than that needs: every platform plugin (Wayland, EGLFS, VNC, linuxfb), the
GTK3 platform theme (which pulls in GTK, GDK, Cairo, Pango and ATK), TLS and
network-information plugins, every image format, and all Qt translations. The
rules below keep:

- platforms: xcb (an X11 or XWayland desktop), offscreen (tests, headless),
  minimal, and windows on Windows. A Wayland session runs coopdesk through
  XWayland, which every Wayland desktop ships.
- platformthemes: the XDG desktop portal (native file dialogs under
  Flatpak/GNOME/KDE), not GTK3.
- platforminputcontexts: compose and ibus, so that accents and ñ can be typed.
- imageformats: svg and ico (icon themes, the Windows icon); PNG is built into QtGui.
- iconengines: svg (the desktop's icon theme in dialogs).
- xcbglintegrations (small; Qt probes them on X11); styles (Windows' native look).
- printsupport: CUPS (the printers the print preview's «Imprimir» offers on Linux).
  Its ``libcups.so.2`` is the system's, not bundled (``SYSTEM_LIBS``): the client
  of the machine's own CUPS, with its GnuTLS, Kerberos and Avahi (9 MB more if
  bundled). Without it Qt lists no printers; the preview still shows.
- Qt translations: Spanish only (``qtbase_es``, which coopdesk.gui.app loads).
- Babel's locale data: Spanish (every country: the cooperative's locale is a
  setting), English as coopdesk formats it (en, en_US) and root.
- Pillow without AVIF, WebP, colour management, fonts (ImageFont: FreeType and
  HarfBuzz) and Tk/Qt bridges: ReportLab and matplotlib need Pillow's Image only.
- matplotlib's data: only ``matplotlibrc``, the DejaVu Sans fonts the chart
  of «Inicio» draws with and Last Resort (matplotlib opens it with every font, for
  the glyphs no other font has) (``MPL_DATA_KEPT``); not the other fonts (STIX, Computer
  Modern, DejaVu Serif and Mono, the AFM and PDF core fonts: mathtext, TeX and the
  PS/PDF backends), nor the sample data, toolbar images and style sheets. Only the
  QtAgg backend is collected (the spec's ``hooksconfig``).
- Python: no Tk, no test runners, no readline (the CLI reads no lines), no East
  Asian codecs (coopdesk reads UTF-8, UTF-16 and Windows-1252 files).

Everything else a plugin dragged in is then dropped by ``unreferenced``: a
shared library no kept binary names as NEEDED (ELF, Linux). On Windows only
the rules by name apply (no DLL graph walk), and ``opengl32sw.dll`` (Mesa's
software OpenGL, 20 MB) is left out: coopdesk draws with QPainter, never OpenGL.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

# PySide6 modules coopdesk never imports (Essentials and Addons), and Python
# packages the bundle must not carry.
QT_MODULES_UNUSED = [
    "PySide6." + m for m in (
        "QtNetwork", "QtDBus", "QtQml", "QtQuick", "QtQuickWidgets", "QtQuickControls2", "QtQuick3D",
        "QtOpenGL", "QtOpenGLWidgets", "QtSql", "QtTest", "QtXml", "QtSvgWidgets",
        "QtConcurrent", "QtHelp", "QtDesigner", "QtUiTools", "QtMultimedia", "QtMultimediaWidgets",
        "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel", "QtWebSockets",
        "QtWebView", "Qt3DCore", "Qt3DRender", "Qt3DInput", "Qt3DLogic", "Qt3DAnimation", "Qt3DExtras",
        "QtCharts", "QtDataVisualization", "QtGraphs", "QtPdf", "QtPdfWidgets", "QtPositioning",
        "QtLocation", "QtSensors", "QtSerialPort", "QtBluetooth", "QtNfc", "QtRemoteObjects",
        "QtScxml", "QtStateMachine", "QtTextToSpeech", "QtSpatialAudio", "QtHttpServer", "QtAxContainer",
    )
]
PYTHON_EXCLUDES = [
    "tkinter", "pytest", "hypothesis", "IPython", "setuptools", "pkg_resources",  # numpy stays: shapely needs it
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL._imagingcms", "PIL.ImageCms",
    "PIL._imagingft", "PIL.ImageFont", "PIL._imagingtk", "PIL.ImageTk", "PIL.ImageQt",
    "readline", "_codecs_jp", "_codecs_kr", "_codecs_cn", "_codecs_tw", "_codecs_hk", "_codecs_iso2022",
]
# matplotlib's hook option: collect only the backend «Inicio»'s chart uses (FigureCanvasQTAgg)
MATPLOTLIB_BACKENDS = ["QtAgg"]

# Plugin folder -> the plugins kept (file stem without "lib"/"q" prefix and
# extension); a folder not named here is left out whole.
KEEP_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"xcb", "offscreen", "minimal", "windows"},
    "platformthemes": {"xdgdesktopportal"},
    "platforminputcontexts": None,  # all: compose and ibus
    "imageformats": {"svg", "ico"},
    "iconengines": None,
    "xcbglintegrations": None,
    "styles": None,
    "printsupport": None,  # CUPS
}
# Qt libraries only the left-out plugins and modules use (named for Windows,
# where there is no NEEDED graph to walk; on Linux ``unreferenced`` finds them too).
DROP_QT_LIBS = re.compile(
    r"(lib)?Qt6(Network|Qml\w*|Quick\w*|Pdf\w*|Wayland\w*|Wl\w*|EglFS\w*|VirtualKeyboard\w*|OpenGLWidgets"
    r"|Sql|Test|Xml|Concurrent|Multimedia\w*|Web\w*|3D\w*|Charts|Graphs|Positioning|ShaderTools)"
    r"\.(so\.6|dll)$")
# system libraries a kept binary needs that the bundle does not carry (the .deb's Depends names their packages)
SYSTEM_LIBS = re.compile(r"libcups\.so\.2$")
BABEL_LOCALES = re.compile(r"(root|es|es_\w+|en|en_US)\.dat$")
MPL_DATA = "matplotlib/mpl-data/"
MPL_DATA_KEPT = re.compile(r"(matplotlibrc|fonts/ttf/(DejaVuSans(-Bold|-Oblique|-BoldOblique|Display)?\.ttf|LastResortHE-Regular\.ttf|LICENSE_DEJAVU))$")
QT_TRANSLATIONS_KEPT = re.compile(r"qtbase_es\.qm$")
PLUGIN = re.compile(r"^PySide6/(?:Qt/)?plugins/([^/]+)/([^/]+)$")


def _norm(dest: str) -> str:
    return dest.replace("\\", "/")


def plugin_kept(kind: str, filename: str) -> bool:
    if kind not in KEEP_PLUGINS:
        return False
    kept = KEEP_PLUGINS[kind]
    if kept is None:
        return True
    stem = filename.split(".")[0]
    stem = stem[3:] if stem.startswith("lib") else stem
    stem = stem[1:] if stem.startswith("q") else stem
    return stem in kept


def leave_out(dest: str) -> bool:
    """Whether the bundle leaves out the file it would place at ``dest`` (binaries and data alike)."""
    dest = _norm(dest)
    name = dest.rsplit("/", 1)[-1]
    plugin = PLUGIN.match(dest)
    if plugin:
        return not plugin_kept(*plugin.groups())
    if re.match(r"^PySide6/(?:Qt/)?translations/", dest):
        return not QT_TRANSLATIONS_KEPT.search(name)
    if dest.startswith("babel/locale-data/"):
        return not BABEL_LOCALES.match(name)
    if dest.startswith(MPL_DATA):
        return not MPL_DATA_KEPT.fullmatch(dest[len(MPL_DATA):])
    if name.lower() == "opengl32sw.dll" or ("/" not in dest and SYSTEM_LIBS.match(name)):
        return True
    return bool(DROP_QT_LIBS.match(name))


def _is_shared_library_dependency(dest: str) -> bool:
    """Libraries collected because something needed them (not Python extensions,
    not Qt plugins, not libpython, which the bootloader opens itself)."""
    dest = _norm(dest)
    name = dest.rsplit("/", 1)[-1]
    if name.startswith("libpython"):
        return False
    if "/" not in dest:
        return ".so" in name and not name.endswith(("-linux-gnu.so", ".abi3.so"))
    top, _, rest = dest.partition("/")
    if top.endswith(".libs") and "/" not in rest:  # auditwheel's vendored libraries
        return True
    return dest.startswith("PySide6/Qt/lib/") and ".so" in name


def elf_needed(path: str) -> list[str]:
    """The sonames an ELF file names as NEEDED (objdump, from binutils, which PyInstaller needs anyway)."""
    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=True).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


def unreferenced(binaries: Iterable[tuple[str, str, str]],
                 needed: Callable[[str], list[str]] = elf_needed) -> set[str]:
    """The destinations of dependency libraries no kept binary reaches through NEEDED."""
    binaries = list(binaries)
    by_name = {}
    for dest, src, _kind in binaries:
        by_name.setdefault(_norm(dest).rsplit("/", 1)[-1], []).append((dest, src))
    roots = [(dest, src) for dest, src, _kind in binaries if not _is_shared_library_dependency(dest)]
    reached: set[str] = set()
    todo = list(roots)
    seen_src: set[str] = set()
    while todo:
        dest, src = todo.pop()
        if src in seen_src:
            continue
        seen_src.add(src)
        for soname in needed(src):
            for dep_dest, dep_src in by_name.get(soname, []):
                if dep_dest not in reached:
                    reached.add(dep_dest)
                    todo.append((dep_dest, dep_src))
    return {dest for dest, _src, _kind in binaries if _is_shared_library_dependency(dest) and dest not in reached}


def strip_debug(bundle: Path, strip: str = "strip") -> int:
    """Strip the symbols from the bundle's ELF files (plain ``strip``, what
    PyInstaller's own ``strip=True`` does on Linux), except the libraries auditwheel vendored
    into a wheel's ``*.libs`` folder: they come stripped already, and stripping
    numpy's OpenBLAS again leaves it unloadable («ELF load command address/offset
    not page-aligned»). The executables at the top are left alone: PyInstaller
    appended the program's archive to them. Returns how many files were stripped."""
    count = 0
    for path in sorted(p for p in bundle.rglob("*") if p.parent != bundle):
        if not path.is_file() or path.is_symlink() or any(p.endswith(".libs") for p in path.parent.parts):
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        subprocess.run([strip, str(path)], check=True, capture_output=True)
        count += 1
    return count

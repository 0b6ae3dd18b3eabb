"""Take the README's screenshots from the real app, on the demo cooperative.

    .venv/bin/python scripts/screenshots.py                 # docs/screenshots/*.png
    .venv/bin/python scripts/screenshots.py --out /tmp/shots --size 1024x600
    .venv/bin/python scripts/screenshots.py --out /tmp/shots --both   # 1366x768/ and 1024x600/

Builds the demo in a temporary folder, opens the real main window offscreen at a
laptop's size (1366×768 less a 40-pixel taskbar, by default), waits until every
list is filled, and saves one PNG per screen («Inicio», «Socios», «Entregas», …):
``inicio.png`` is the screen the app opens on, the one the README shows. Nothing of the
user's own data or settings is read or written. ``tests/gui/test_screenshots.py``
runs it, so a screenshot that cannot be taken fails the tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TASKBAR = 40
SIZES = ((1366, 768), (1024, 600))  # the laptop the desk is made for, and the smallest it must still serve


def slug(title: str) -> str:
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return "-".join(plain.lower().split())


def take(out: Path, width: int = 1366, height: int = 768, lang: str = "es",
         members: int = 150, work: Path | None = None) -> list[Path]:
    """Every screen of the main window over a fresh demo, as PNGs in ``out``. The
    demo is built in ``work`` (emptied first; by default one fixed temporary folder,
    so the path in the status bar, and so the pictures, are the same every time)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QSettings
    from PySide6.QtWidgets import QApplication

    from coopdesk import i18n
    from coopdesk.core import Book
    from coopdesk.core.demo import build_demo
    from coopdesk.gui.main_window import MainWindow
    from coopdesk.gui.kit.tasks import TaskRunner

    out.mkdir(parents=True, exist_ok=True)
    work = work or Path(tempfile.gettempdir()) / "coopdesk-capturas"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        app = QApplication.instance() or QApplication([])
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
        i18n.set_language(lang)
        db = str(work / "demo.sqlite")
        build_demo(db, members=members)
        runner = TaskRunner(Book.open(db))
        window = MainWindow(runner)
        window.resize(width, height - TASKBAR)
        window.show()

        def settle() -> None:
            deadline = QDeadlineTimer(30_000)
            while True:
                QCoreApplication.processEvents()
                if not runner.busy or deadline.hasExpired():
                    break
            for _ in range(20):  # the last callbacks repaint
                QCoreApplication.processEvents()

        written = []
        try:
            for row in range(window.nav.count()):
                window.nav.setCurrentRow(row)
                settle()
                name = slug(window.nav.item(row).text())
                path = out / f"{name}.png"
                if not window.grab().save(str(path)):
                    raise OSError(f"could not write {path}")
                written.append(path)
        finally:
            window.close()
            runner.close()
            app.processEvents()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return written


def take_both(out: Path, members: int = 150, work: Path | None = None) -> list[Path]:
    """Every screen at both ``SIZES``, in ``out``/1366x768/ and ``out``/1024x600/."""
    shots = []
    for width, height in SIZES:
        shots += take(out / f"{width}x{height}", width, height, members=members, work=work)
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1366x768", help="the screen, e.g. 1024x600")
    parser.add_argument("--lang", default="es", choices=("es", "en"))
    parser.add_argument("--both", action="store_true", help="every screen at 1366x768 and at 1024x600")
    args = parser.parse_args(argv)
    if args.both:
        for path in take_both(args.out):
            print(path)
        return 0
    width, height = (int(n) for n in args.size.lower().split("x"))
    for path in take(args.out, width, height, args.lang):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

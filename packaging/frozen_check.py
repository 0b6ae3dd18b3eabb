"""The frozen app's own check of what the bundle's filter could break (packaging/bundle_filter.py):
``COOPDESK_FROZEN_CHECK=FOLDER coopdesk --db BOOK``, offscreen (tests/packaging/test_bundle.py).

It starts the real app on the book and, once the main window is shown:

1. waits for «Inicio» and its chart of kilos (matplotlib's Agg, drawn on the
   chart's own thread into the image Inicio paints) and counts the pixels of the
   first product's colour;
2. prints the first member's statement through the GUI's own print path
   (``printing.print_member_statement``: ReportLab writes the PDF, the print
   preview opens on it: PDFium renders its pages, QtPrintSupport shows them);
3. waits until the preview shows every page, then prints the PDF from it on a
   printer that writes a file (``FOLDER/impreso.pdf``), as «Imprimir» does.

It prints one line for each step on stdout, saves the window as
``FOLDER/inicio.png``, and quits with 0; at the first thing that fails or after
``TIMEOUT`` seconds, it prints ``frozen-check failed: …`` on stderr and quits with 1.
Not a user's feature: without the variable nothing of this is imported.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

TIMEOUT = 120


def install(folder: str) -> None:
    """Create the QApplication (coopdesk.gui.app.run reuses it) with the check attached."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)

    def fail(what: str) -> None:
        print(f"frozen-check failed: {what}", file=sys.stderr, flush=True)
        app.exit(1)

    def guarded(step):
        def run(*args):
            try:
                step(*args)
            except Exception:  # noqa: BLE001 - reported, then the app quits with 1
                fail(traceback.format_exc())
        return run

    def wait(ready, then, every_ms: int = 100) -> None:
        """``then()`` once ``ready()`` is true, polling (the app's work ends on its worker)."""
        def poll():
            if ready():
                then()
            else:
                QTimer.singleShot(every_ms, guarded(poll))
        QTimer.singleShot(0, guarded(poll))

    def main_window():
        return next((w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible()), None)

    def chart_ready() -> bool:
        home = main_window().home
        chart = home.chart
        return (chart is not None and bool(chart.series) and chart.isVisible() and chart.width() >= 360
                and chart.figure is not None)  # laid out in the screen, and drawn on the chart's thread

    def chart_shown() -> None:
        window = main_window()
        chart = window.home.chart
        colour = bytes(int(chart_colour[i:i + 2], 16) for i in (1, 3, 5))
        rgba = bytes(chart.figure.canvas.buffer_rgba())  # the Agg image Inicio shows
        bars = sum(1 for i in range(0, len(rgba), 4) if rgba[i:i + 3] == colour)
        kilos = sum(sum(values) for values in chart.series.values())
        print(f"chart: {len(chart.series)} products, {len(chart.months)} months, {kilos} kg, {bars} px of "
              f"{chart_colour}", flush=True)
        window.runner.run(lambda book: book.members.page(limit=1)[0], guarded(print_statement),
                          lambda error: fail(f"no member to print: {error}"))

    def print_statement(member) -> None:
        from coopdesk.gui.kit import printing

        def finished(path: str | None) -> None:
            if path is None:
                fail("the statement was not printed")
                return
            print(f"statement: {Path(path).name}", flush=True)
            wait(lambda: preview(path) is not None and preview(path).preview_widget().pageCount() > 0,
                 guarded(lambda: previewed(path)))

        printing.print_member_statement(main_window().runner, member, on_finish=guarded(finished))

    def preview(path: str):
        from coopdesk.gui.kit import printing

        return next((d for d in printing._previews if d.path == path), None)

    def previewed(path: str) -> None:
        from PySide6.QtPrintSupport import QPrinter

        from coopdesk.gui.kit.preview import paint_pdf

        dialog = preview(path)
        print(f"preview: {dialog.preview_widget().pageCount()} of {dialog.page_count} pages", flush=True)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a file
        printer.setOutputFileName(str(out / "impreso.pdf"))
        print(f"printed: {paint_pdf(printer, path)} pages", flush=True)
        dialog.close()
        main_window().grab().save(str(out / "inicio.png"))
        app.exit(0)

    class Started(QObject):
        done = False

        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if not self.done and event.type() == QEvent.Type.Expose and main_window() is not None:
                self.done = True
                wait(chart_ready, guarded(chart_shown))
            return False

    from coopdesk.gui.home.kilos_chart import PRODUCT_COLOURS

    chart_colour = PRODUCT_COLOURS[0]
    app._frozen_check = Started(app)
    app.installEventFilter(app._frozen_check)
    QTimer.singleShot(TIMEOUT * 1000, lambda: fail(f"not done after {TIMEOUT} s"))

"""The print preview every printed document goes through: Qt's print preview
(``QPrintPreviewDialog``) of a PDF the reports wrote, and its «Imprimir»
button, which opens the printer dialog (printer, copies, pages) and prints it.

ReportLab writes PDFs; Qt paints pages. The PDF's pages are rendered by
PDFium (``pypdfium2``: a small wheel with no Qt in it; PySide6-Essentials has no
QtPdf, and the Addons would double the bundle) into images that Qt paints on
the printer: at ``PREVIEW_DPI`` on the preview's pages, at the printer's
resolution up to ``PRINT_DPI`` on paper. A page across (the board summary's
padrón) is turned to fill an upright sheet, as printers do.

The preview shows at most ``PREVIEW_PAGES`` pages (a batch of thousands of
liquidations would fill the memory with pictures); printing from it prints
every page, or the range chosen in the printer dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QAction, QImage, QPageLayout, QPainter, QPaintEngine
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QToolBar, QWidget

from coopdesk.i18n import _

PREVIEW_DPI = 110
PRINT_DPI = 300
PREVIEW_PAGES = 200


class PdfPages:
    """A PDF's pages as images (PDFium). Open while painting; ``close`` after."""

    def __init__(self, path: str | Path):
        import pypdfium2  # only when a document is shown

        self.path = str(path)
        self._pdf = pypdfium2.PdfDocument(self.path)

    def __len__(self) -> int:
        return len(self._pdf)

    def size(self, index: int) -> tuple[float, float]:
        """The page's width and height in points (1/72 inch)."""
        return tuple(self._pdf[index].get_size())

    def image(self, index: int, dpi: float) -> QImage:
        """Page ``index`` (from 0) at ``dpi``, white paper, as a QImage of its own."""
        page = self._pdf[index]
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB(A) in memory order, as QImage reads it
        try:
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            formats = {3: QImage.Format.Format_RGB888, 4: QImage.Format.Format_RGBX8888}
            image = QImage(bitmap.buffer, width, height, stride, formats[bitmap.n_channels])
            return image.copy()  # detached from PDFium's buffer
        finally:
            bitmap.close()
            page.close()

    def close(self) -> None:
        self._pdf.close()


def _page_range(printer: QPrinter, count: int) -> range:
    """The pages to paint (from 0): the printer dialog's «Páginas desde … hasta …», else all."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 and last <= 0:
        return range(count)
    first = max(first, 1)
    last = count if last <= 0 else min(last, count)
    return range(first - 1, last)


def paint_pdf(printer: QPrinter, path: str | Path, limit: int | None = None) -> int:
    """Paint the PDF's pages on ``printer``, each scaled to fit its paper (a page
    across turned on an upright sheet); returns how many were painted. The
    preview (a picture engine) gets at most ``limit`` pages at PREVIEW_DPI."""
    pages = PdfPages(path)
    painter = QPainter()
    painted = 0
    try:
        if not painter.begin(printer):
            return 0
        preview = painter.paintEngine().type() == QPaintEngine.Type.Picture
        dpi = PREVIEW_DPI if preview else min(printer.resolution(), PRINT_DPI)
        chosen = _page_range(printer, len(pages))
        if preview and limit is not None:
            chosen = chosen[:limit]
        for index in chosen:
            if painted:
                printer.newPage()
            _paint_page(painter, printer, pages, index, dpi)
            painted += 1
    finally:
        if painter.isActive():
            painter.end()
        pages.close()
    return painted


def _paint_page(painter: QPainter, printer: QPrinter, pages: PdfPages, index: int, dpi: float) -> None:
    paper = printer.pageLayout().paintRectPixels(printer.resolution())
    area = QRectF(0, 0, paper.width(), paper.height())
    width, height = pages.size(index)
    turn = (width > height) != (area.width() > area.height())
    image = pages.image(index, dpi)
    painter.save()
    if turn:  # a page across on an upright sheet (or the other way): a quarter turn
        painter.translate(area.width(), 0)
        painter.rotate(90)
        area = QRectF(0, 0, area.height(), area.width())
    scale = min(area.width() / image.width(), area.height() / image.height())
    target = QRectF(0, 0, image.width() * scale, image.height() * scale)
    target.moveCenter(area.center())
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(target, image)
    painter.restore()


class PdfPreview(QPrintPreviewDialog):
    """Qt's print preview of one PDF, with «Abrir en el visor de PDF» on its
    toolbar (to save or send it). Its «Imprimir» opens the printer dialog."""

    def __init__(self, path: str | Path, title: str = "", parent: QWidget | None = None):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.path = str(path)
        try:
            count = len(_pages := PdfPages(self.path))
            first = _pages.size(0) if count else (595.0, 842.0)
            _pages.close()
        except Exception:  # noqa: BLE001 - an unreadable PDF shows as an empty preview
            count, first = 0, (595.0, 842.0)
        self.page_count = count
        printer.setDocName(Path(self.path).stem)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if first[0] > first[1]
                                   else QPageLayout.Orientation.Portrait)
        super().__init__(printer, parent)
        self.printer = printer  # kept alive with the dialog
        self.setWindowTitle(title or _("Vista previa: %(name)s") % {"name": Path(self.path).name})
        self.paintRequested.connect(lambda target: paint_pdf(target, self.path, PREVIEW_PAGES))
        toolbar = self.findChild(QToolBar)
        self.open_action = QAction(_("Abrir en el visor de PDF"), self)
        self.open_action.setToolTip(_("Abre el PDF con el programa de la computadora, para guardarlo o enviarlo"))
        self.open_action.triggered.connect(self._open_in_viewer)
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.open_action)
        if count > PREVIEW_PAGES:
            self.setWindowTitle(_("%(title)s (se muestran %(shown)s de %(pages)s páginas; se imprimen todas)") % {
                "title": self.windowTitle(), "shown": PREVIEW_PAGES, "pages": count})
        self.resize(900, 760)

    def preview_widget(self) -> QPrintPreviewWidget:
        return self.findChild(QPrintPreviewWidget)

    def _open_in_viewer(self) -> None:
        from coopdesk.gui.kit import printing

        printing.open_file(self.path)

"""The shared print preview (gui/kit/preview.py): Qt's QPrintPreviewDialog showing
a PDF the reports wrote, page for page (an upright page and one across), and
printing from it to a printer: every page, or the printer dialog's range."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from coopdesk.gui.kit import preview, printing
from coopdesk.reports.distribution_summary_pdf import render_distribution_summary
from tests.reports.test_liquidation_pdf import RESULT, context, padron


def board_summary(tmp_path) -> str:
    """The board summary of the reports' worked run: upright pages, then the padrón across."""
    path = tmp_path / "resumen.pdf"
    render_distribution_summary(context(), RESULT, padron(), str(path))
    return str(path)


def test_the_preview_shows_every_page_of_the_pdf(qtbot, tmp_path):
    path = board_summary(tmp_path)
    pages = len(PdfReader(path).pages)
    dialog = printing.show_pdf(path)
    qtbot.addWidget(dialog)
    widget = dialog.preview_widget()
    qtbot.waitUntil(lambda: widget.pageCount() == pages, timeout=10000)
    assert pages == 4 and dialog.page_count == 4
    assert dialog.windowTitle() == "Vista previa: resumen.pdf"
    assert dialog.open_action.text() == "Abrir en el visor de PDF"
    assert dialog in printing._previews
    dialog.close()
    assert dialog not in printing._previews


def test_a_page_is_painted_as_the_pdf_draws_it(qtbot, tmp_path):
    """The first page's image: white paper with dark print where the letterhead is."""
    pages = preview.PdfPages(board_summary(tmp_path))
    try:
        image = pages.image(0, 72)
        assert (image.width(), image.height()) == (596, 842)  # 595.28 × 841.89 points, rounded up
        assert pages.size(3) == (841.8897705078125, 595.2755737304688)  # the padrón, across
        assert image.pixelColor(5, 5).name() == "#ffffff"
        dark = sum(1 for x in range(0, 595, 3) for y in range(20, 120, 3) if image.pixelColor(x, y).lightness() < 100)
        assert dark > 50
    finally:
        pages.close()


def test_printing_paints_every_page_or_the_range_chosen(qtbot, tmp_path):
    path = board_summary(tmp_path)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a file, to count its sheets
    printer.setOutputFileName(str(tmp_path / "impreso.pdf"))
    assert preview.paint_pdf(printer, path) == 4
    assert len(PdfReader(str(tmp_path / "impreso.pdf")).pages) == 4

    printer.setOutputFileName(str(tmp_path / "dos.pdf"))
    printer.setFromTo(2, 3)  # «Páginas 2 a 3» in the printer dialog
    assert preview.paint_pdf(printer, path) == 2
    sheets = PdfReader(str(tmp_path / "dos.pdf")).pages
    assert len(sheets) == 2
    # the padrón's page across is turned to fill the upright sheet
    assert all(float(s.mediabox.height) > float(s.mediabox.width) for s in sheets)


def test_the_preview_shows_at_most_its_limit_and_says_so(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "PREVIEW_PAGES", 2)
    path = board_summary(tmp_path)
    dialog = printing.show_pdf(path)
    qtbot.addWidget(dialog)
    widget = dialog.preview_widget()
    qtbot.waitUntil(lambda: widget.pageCount() == 2, timeout=10000)
    assert dialog.windowTitle() == "Vista previa: resumen.pdf (se muestran 2 de 4 páginas; se imprimen todas)"
    dialog.close()

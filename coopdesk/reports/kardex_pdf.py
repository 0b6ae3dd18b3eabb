"""A product's kardex for a period as SUNAT's formato 13.1, an A4 landscape PDF.

It takes the core's report as a plain object (``coopdesk.core.kardex_report.Kardex131``:
the header's fields, ``rows`` and the period's totals; and ``header`` as the
(label, value) pairs of the format's header, already in words) and only places
them. Figures are printed as the kardex has them: quantities with three
decimals, costs with two, grouped (``1,234.56``), never wrapped: their columns
are as wide as their widest figure, and the type gets smaller before a figure
would break. The file appears under its name only when complete
(``files.whole_file``).
"""

from __future__ import annotations

import os
from xml.sax.saxutils import escape
from datetime import date
from decimal import Decimal
from typing import BinaryIO, Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_number
from coopdesk.reports.files import whole_file
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts

__all__ = ["kardex_filename", "render_kardex_131"]

MARGIN = 28
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
WIDTH = PAGE_WIDTH - 2 * MARGIN
SIZES = (7.5, 7.0, 6.5, 6.0, 5.5)
PAD = 3
HEAD_FILL = colors.HexColor("#e8e8e8")
FIGURES = range(5, 14)   # the entradas, salidas and saldo columns


def _kg(value: Decimal | None) -> str:
    return format_number(value + 0, 3) if value is not None else ""


def _money(value: Decimal | None) -> str:
    return format_number(value + 0, 2) if value is not None else ""


def table_rows(report) -> list[list[str]]:
    """The table's body as printed: a row per line, then the totals."""
    rows = [[format_date(r.date), r.document_type, r.series, r.number, r.operation, _kg(r.kg_in), _money(r.unit_in),
             _money(r.value_in), _kg(r.kg_out), _money(r.unit_out), _money(r.value_out), _kg(r.kg), _money(r.unit),
             _money(r.value)] for r in report.rows]
    rows.append([_("Totales"), "", "", "", "", _kg(report.kg_in), "", _money(report.value_in), _kg(report.kg_out), "",
                 _money(report.value_out), "", "", ""])
    return rows


def _titles() -> list[str]:
    return [_("Fecha"), _("Tipo (tabla 10)"), _("Serie"), _("Número"), _("Tipo de operación (tabla 12)")] + [
        _("Cantidad"), _("Costo unitario"), _("Costo total")] * 3


def _widths(rows: Sequence[Sequence[str]], size: float) -> list[float] | None:
    """Each column as wide as its widest cell and its title's longest word (figures and codes never
    wrap; the totals' label runs across the document columns); what is left is shared by all. None
    when they do not fit at ``size``."""
    need = [max(stringWidth(word, BOLD, size) for word in title.split()) + 2 * PAD + 1 for title in _titles()]
    for n, row in enumerate(rows):
        font = BOLD if n == len(rows) - 1 else REGULAR
        for i, cell in enumerate(row):
            if cell and not (n == len(rows) - 1 and i == 0):
                need[i] = max(need[i], stringWidth(cell, font, size) + 2 * PAD + 1)
    spare = WIDTH - sum(need)
    if spare < 0:
        return None
    for i in range(14):  # what is left, shared: the figures breathe too
        need[i] += spare / 14
    return need


def render_kardex_131(report, header: Sequence[tuple[str, str]], printed_on: date,
                      out: str | os.PathLike | BinaryIO) -> None:
    """Write the formato 13.1 of ``report`` to ``out`` (a path or a binary file)."""
    register_fonts()
    rows = table_rows(report)
    for size in SIZES:
        widths = _widths(rows, size)
        if widths is not None:
            break
    else:  # the smallest type: the figures keep their width, the words columns what is left
        size = SIZES[-1]
        widths = _widths(rows, size) or [WIDTH / 14] * 14
    small = ParagraphStyle("small", fontName=REGULAR, fontSize=8.5, leading=11)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=12, leading=15)
    head = ParagraphStyle("head", fontName=BOLD, fontSize=size, leading=size + 2, alignment=1)
    story = [Paragraph(_("FORMATO 13.1: «REGISTRO DE INVENTARIO PERMANENTE VALORIZADO - DETALLE DEL INVENTARIO "
                         "VALORIZADO»"), title), Spacer(0, 6)]
    fields = Table([[Paragraph(f"<b>{escape(label)}:</b>", small), Paragraph(escape(value), small)] for label, value in header],
                   colWidths=[300, WIDTH - 300], hAlign="LEFT")
    fields.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [fields, Spacer(0, 8)]
    groups = [Paragraph(_("Documento de traslado, comprobante de pago, documento interno o similar"), head), "", "",
              "", "", Paragraph(_("Entradas"), head), "", "", Paragraph(_("Salidas"), head), "", "",
              Paragraph(_("Saldo final"), head), "", ""]
    data = [groups, [Paragraph(t, head) for t in _titles()]] + rows
    table = Table(data, colWidths=widths, repeatRows=2)
    table.setStyle(TableStyle([
        ("FONT", (0, 2), (-1, -1), REGULAR, size),
        ("FONT", (0, -1), (-1, -1), BOLD, size),
        ("SPAN", (0, 0), (3, 0)), ("SPAN", (4, 0), (4, 0)), ("SPAN", (5, 0), (7, 0)), ("SPAN", (8, 0), (10, 0)),
        ("SPAN", (11, 0), (13, 0)), ("SPAN", (0, -1), (4, -1)),
        ("ALIGN", (1, 2), (4, -2), "CENTER"),
        ("ALIGN", (5, 2), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 1), HEAD_FILL),
        ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black),
    ]))
    story += [table, Spacer(0, 6)]
    if len(rows) == 1:
        story.append(Paragraph(_("Sin entradas ni salidas en el periodo."), small))
    story.append(Paragraph(_(
        "Tabla 12: 16 saldo inicial, 02 compra (acopio de los socios, por día; sus tickets, tipo 00), 01 venta. "
        "Costos en soles; el costo unitario es el costo total entre la cantidad, redondeado al céntimo. "
        "Impreso el %(date)s.") % {"date": format_date(printed_on)}, small))
    footer = f"{report.name} · RUC {report.ruc} · {report.product_code} · {report.period}"

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(REGULAR, 7)
        canvas.drawString(MARGIN, MARGIN / 2, footer)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN / 2, _("Página %(page)d") % {"page": doc.page})
        canvas.restoreState()

    with whole_file(out) as target:
        doc = SimpleDocTemplate(target, pagesize=landscape(A4), leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=MARGIN, bottomMargin=MARGIN,
                                title=_("Formato 13.1 %(code)s %(period)s") % {"code": report.product_code,
                                                                              "period": report.period},
                                author=report.name, creator="coopdesk", invariant=1, initialFontName=REGULAR)
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


def kardex_filename(product_code: str, certification: str, period: str) -> str:
    """``kardex-13-1-CACAO-SECO-organico-2026-03.pdf``."""
    return f"kardex-13-1-{product_code}-{certification}-{period}.pdf"

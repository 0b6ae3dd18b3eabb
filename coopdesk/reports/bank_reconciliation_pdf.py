"""The bank reconciliation (conciliación bancaria) as an A4 PDF.

It takes the core's ``BankReconciliation`` (``coopdesk.core.banks``: the account,
the statement's first and last day, and the domain's ``Reconciliation``) and only
places its figures: the two balances, what only the bank shows, what only the
books show, the adjusted balance and the difference (zero when every line is
explained), then the lines matched. The file appears only when complete.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_number
from coopdesk.reports.files import whole_file
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts

__all__ = ["render_reconciliation", "amount_in"]

SYMBOLS = {"PEN": "S/", "USD": "US$"}


def amount_in(value: Decimal, currency: str) -> str:
    """«S/ 1,234.56», «US$ -15.00»."""
    return f"{SYMBOLS.get(currency, currency)} {format_number(value, 2)}"


def _table(data, widths, right_from: int, total: bool = False) -> Table:
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [("FONT", (0, 0), (-1, 0), BOLD, 8), ("FONT", (0, 1), (-1, -1), REGULAR, 8),
             ("ALIGN", (right_from, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8"))]
    if total:
        style.append(("FONT", (0, -1), (-1, -1), BOLD, 8))
    table.setStyle(TableStyle(style))
    return table


def render_reconciliation(report, cooperative_name: str, ruc: str, printed_on: date,
                          out: str | os.PathLike | BinaryIO) -> None:
    """Write the reconciliation to ``out`` (a path or a binary file)."""
    register_fonts()
    small = ParagraphStyle("small", fontName=REGULAR, fontSize=8.5, leading=11)
    heading = ParagraphStyle("heading", fontName=BOLD, fontSize=10, leading=13)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=13, leading=16)
    account, r = report.account, report.result
    cur = account.currency

    def money(value: Decimal) -> str:
        return amount_in(value, cur)

    story = [
        Paragraph(f"{cooperative_name} · RUC {ruc}", small), Spacer(0, 4),
        Paragraph(_("Conciliación bancaria del %(start)s al %(end)s") % {
            "start": format_date(report.start), "end": format_date(report.end)}, title), Spacer(0, 4),
        Paragraph(_("Cuenta %(code)s: %(name)s (moneda %(currency)s)") % {
            "code": account.code, "name": account.name, "currency": cur}, small), Spacer(0, 8),
    ]
    summary = [[_("Concepto"), _("Importe")],
               [_("Saldo según los libros al %(date)s") % {"date": format_date(report.end)}, money(r.book_balance)],
               [_("Más: movimientos del banco que faltan en los libros"),
                money(sum((m.amount for m in r.bank_only), Decimal("0.00")))],
               [_("Menos: movimientos de los libros que el banco aún no muestra"),
                money(sum((m.amount for m in r.book_only), Decimal("0.00")))],
               [_("Saldo conciliado"), money(r.adjusted)],
               [_("Saldo según el estado de cuenta"), money(r.statement_balance)],
               [_("Diferencia sin explicar"), money(r.difference)]]
    story += [_table(summary, [360, 140], 1, total=True), Spacer(0, 10)]
    for words, lines, empty in (
            (_("Solo en el estado de cuenta (por registrar en los libros)"), r.bank_only,
             _("Ninguno: cada movimiento del banco está en los libros.")),
            (_("Solo en los libros (cheques no cobrados, depósitos en tránsito)"), r.book_only,
             _("Ninguno: cada movimiento de los libros está en el banco."))):
        story += [Paragraph(words, heading), Spacer(0, 3)]
        if lines:
            data = [[_("Fecha"), _("Referencia"), _("Descripción"), _("Importe")]]
            data += [[format_date(m.day), m.reference, Paragraph(m.description, small), money(m.amount)]
                     for m in lines]
            story.append(_table(data, [60, 90, 260, 90], 3))
        else:
            story.append(Paragraph(empty, small))
        story.append(Spacer(0, 8))
    story += [Paragraph(_("Conciliados: %(n)s") % {"n": len(r.matched)}, heading), Spacer(0, 3)]
    if r.matched:
        data = [[_("Fecha del banco"), _("Fecha en libros"), _("Referencia"), _("Cómo"), _("Importe")]]
        data += [[format_date(m.statement.day), format_date(m.book.day), m.statement.reference or m.book.reference,
                  _("referencia") if m.by_reference else _("importe y fecha"), money(m.statement.amount)]
                 for m in r.matched]
        story.append(_table(data, [75, 75, 140, 110, 100], 4))
    story += [Spacer(0, 8), Paragraph(_("Impreso el %(date)s.") % {"date": format_date(printed_on)}, small)]
    with whole_file(out) as target:
        doc = SimpleDocTemplate(target, pagesize=A4, leftMargin=40, rightMargin=40, topMargin=36, bottomMargin=36,
                                title=_("Conciliación bancaria"), author=cooperative_name, creator="coopdesk",
                                invariant=1, initialFontName=REGULAR)
        doc.build(story)

"""The planilla de pagos of a payment batch, signed at the pay table (A4 portrait).

``pay_sheet_view`` turns a batch (``coopdesk.core.payment_batches.Batch``, read
as a plain object) into strings; ``render_pay_sheet`` places them. One row per
member in the batch's order (zone, then «Apellidos, Nombres»): number, code,
name (with the zone and how they are paid), DNI, net to pay, a box to sign and
a box for the thumbprint (huella). Every page closes with its own total; the
last with the grand total, and what goes in cash and by bank. Amounts never
wrap (a long figure shrinks its type); names wrap between words, two lines at
most. A planned batch prints as a draft («BORRADOR»), without a number.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import BinaryIO, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from coopdesk.i18n import _, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number
from coopdesk.reports.files import whole_file
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.views import reprint_mark

__all__ = ["PaySheetRow", "PaySheetView", "pay_sheet_view", "render_pay_sheet", "pay_sheet_filename"]

ROWS_PER_PAGE = 15
MARGIN = 28
ROW = 40          # a row's height: room to sign and to press a thumb
HEAD = 22         # the table's header row
# column widths: N.º, Código, Apellidos y nombres, DNI, Neto a pagar, Firma, Huella
WIDTHS = (22, 48, 0, 52, 80, 106, 48)
SMALLEST = 5.5


@dataclass(frozen=True)
class PaySheetRow:
    number: str
    code: str
    name: str
    note: str       # zone · how paid
    dni: str
    amount: str


@dataclass(frozen=True)
class PaySheetView:
    heading: str
    title: str
    lines: tuple[str, ...]
    mark: str                      # «BORRADOR …» or the reprint mark, or ""
    rows: tuple[PaySheetRow, ...]
    page_totals: tuple[str, ...]   # one per page, formatted
    total: str
    summary: tuple[str, ...]       # the grand total's breakdown
    printed: str


def _money(value: Decimal) -> str:
    return format_money(value)


def pay_sheet_view(batch, cooperative_name: str, ruc: str, printed_on: date, document=None) -> PaySheetView:
    """The strings of ``batch``'s planilla (``document``: its IssuedDocument; None for a draft)."""
    rows = tuple(PaySheetRow(
        format_number(i), line.code, line.sort_name,
        f"{line.zone_name} · " + (_("banco: %(account)s") % {"account": line.bank_account} if line.bank_account
                                  else _("efectivo")),
        line.dni, _money(line.net)) for i, line in enumerate(batch.lines, start=1))
    pages = [batch.lines[i:i + ROWS_PER_PAGE] for i in range(0, len(batch.lines), ROWS_PER_PAGE)] or [()]
    page_totals = tuple(_money(sum((line.net for line in page), Decimal("0.00"))) for page in pages)
    run = _("Distribución N.º %(number)s «%(name)s» · campaña %(campaign)s") % {
        "number": batch.run, "name": batch.run_name, "campaign": batch.campaign}
    if batch.run_code:
        run += " · " + _("código %(code)s") % {"code": batch.run_code}
    if batch.number is None:
        title = _("Planilla de pagos")
        batch_line = _("Fecha de pago: %(date)s") % {"date": format_date(batch.paid_on)}
        mark = _("BORRADOR: estos pagos aún no están registrados.")
    else:
        title = _("Planilla de pagos N.º %(number)s") % {"number": document.number} if document else \
            _("Planilla de pagos")
        batch_line = _("Lote N.º %(batch)s · fecha de pago %(date)s · registrado por %(who)s el %(when)s") % {
            "batch": batch.number, "date": format_date(batch.paid_on), "who": batch.confirmed_by,
            "when": format_date(batch.confirmed_at.date())}
        mark = reprint_mark(document.reprint, document.printed_on, document.first_printed_on) if document else ""
        if batch.undone_at is not None:
            mark = _("LOTE DESHECHO el %(date)s: %(reason)s") % {"date": format_date(batch.undone_at.date()),
                                                                 "reason": batch.undo_reason}
    cash, bank = batch.in_cash, batch.by_bank
    summary = (
        ngettext("En efectivo: %(amount)s (%(n)s socio)", "En efectivo: %(amount)s (%(n)s socios)", len(cash))
        % {"amount": _money(batch.cash_total), "n": format_number(len(cash))},
        ngettext("Por banco: %(amount)s (%(n)s socio)", "Por banco: %(amount)s (%(n)s socios)", len(bank))
        % {"amount": _money(batch.bank_total), "n": format_number(len(bank))},
    )
    return PaySheetView(
        f"{cooperative_name} · RUC {ruc}", title, (run, batch_line), mark, rows, page_totals,
        _money(batch.total), summary, _("Impreso el %(date)s.") % {"date": format_date(printed_on)})


def _fit(text: str, font: str, size: float, width: float) -> float:
    while size > SMALLEST and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _columns(width: float) -> list[float]:
    flex = width - sum(WIDTHS)
    widths = [w or flex for w in WIDTHS]
    xs, x = [], MARGIN
    for w in widths:
        xs.append(x)
        x += w
    return list(zip(xs, widths))


def render_pay_sheet(view: PaySheetView, out: str | os.PathLike | BinaryIO) -> None:
    """Write the planilla to ``out`` (a path or a binary file)."""
    register_fonts()
    page_w, page_h = A4
    cols = _columns(page_w - 2 * MARGIN)
    pages: Sequence[Sequence[PaySheetRow]] = [view.rows[i:i + ROWS_PER_PAGE]
                                               for i in range(0, len(view.rows), ROWS_PER_PAGE)] or [()]
    headers = (_("N.º"), _("Código"), _("Apellidos, Nombres"), _("DNI"), _("Neto a pagar"), _("Firma"),
               _("Huella"))
    with whole_file(out) as target:
        c = Canvas(target, pagesize=A4, invariant=1, initialFontName=REGULAR)
        c.setTitle(view.title)
        c.setAuthor(view.heading)
        c.setCreator("coopdesk")
        for index, rows in enumerate(pages):
            last = index == len(pages) - 1
            y = page_h - MARGIN
            c.setFont(REGULAR, 8.5)
            c.drawString(MARGIN, y - 8, view.heading)
            c.setFont(BOLD, 14)
            c.drawString(MARGIN, y - 26, view.title)
            c.setFont(REGULAR, 8.5)
            y -= 40
            for line in view.lines:
                c.setFont(REGULAR, _fit(line, REGULAR, 8.5, page_w - 2 * MARGIN))
                c.drawString(MARGIN, y, line)
                y -= 12
            if view.mark:
                c.setFont(BOLD, _fit(view.mark, BOLD, 9, page_w - 2 * MARGIN))
                c.drawString(MARGIN, y, view.mark)
                y -= 12
            y -= 4
            # the header row
            c.setLineWidth(0.5)
            c.setFillGray(0.9)
            c.rect(MARGIN, y - HEAD, page_w - 2 * MARGIN, HEAD, stroke=1, fill=1)
            c.setFillGray(0)
            for (x, w), head in zip(cols, headers):
                size = _fit(head, BOLD, 8, w - 4)
                c.setFont(BOLD, size)
                c.drawCentredString(x + w / 2, y - HEAD + 8, head)
            y -= HEAD
            for row in rows:
                top = y
                y -= ROW
                for x, w in cols:
                    c.rect(x, y, w, ROW, stroke=1, fill=0)
                (nx, nw), (cx, cw), (mx, mw), (dx, dw), (ax, aw), (sx, sw), (hx, hw) = cols
                mid = y + ROW / 2 - 3
                c.setFont(REGULAR, 8.5)
                c.drawRightString(nx + nw - 3, mid, row.number)
                c.setFont(REGULAR, _fit(row.code, REGULAR, 8.5, cw - 6))
                c.drawString(cx + 3, mid, row.code)
                c.setFont(REGULAR, _fit(row.dni, REGULAR, 8.5, dw - 6))
                c.drawString(dx + 3, mid, row.dni)
                size = _fit(row.amount, BOLD, 9, aw - 6)   # a figure never wraps: its type shrinks
                c.setFont(BOLD, size)
                c.drawRightString(ax + aw - 3, mid, row.amount)
                name_size = 8.5
                names = simpleSplit(row.name, REGULAR, name_size, mw - 6)
                while len(names) > 2 and name_size > SMALLEST:
                    name_size -= 0.5
                    names = simpleSplit(row.name, REGULAR, name_size, mw - 6)
                c.setFont(REGULAR, name_size)
                line_y = top - 11
                for text in names[:2]:
                    c.drawString(mx + 3, line_y, text)
                    line_y -= name_size + 1.5
                c.setFont(REGULAR, _fit(row.note, REGULAR, 6.5, mw - 6))
                c.drawString(mx + 3, y + 4, row.note)
                # the thumbprint box: a square inside its cell
                side = min(hw, ROW) - 8
                c.rect(hx + (hw - side) / 2, y + (ROW - side) / 2, side, side, stroke=1, fill=0)
            # the page's total, under the amounts
            (ax, aw) = cols[4]
            y -= 14
            label = _("Total de la página")
            c.setFont(BOLD, 8.5)
            c.drawRightString(ax - 4, y, label)
            amount = view.page_totals[index]
            c.setFont(BOLD, _fit(amount, BOLD, 9, aw - 6))
            c.drawRightString(ax + aw - 3, y, amount)
            if last:
                y -= 16
                c.setFont(BOLD, 10)
                c.drawRightString(ax - 4, y, _("Total general"))
                c.setFont(BOLD, _fit(view.total, BOLD, 10, aw - 6))
                c.drawRightString(ax + aw - 3, y, view.total)
                c.setFont(REGULAR, 8.5)
                for text in view.summary:
                    y -= 12
                    c.drawRightString(ax + aw - 3, y, text)
                y -= 40
                c.setLineWidth(0.5)
                for x, who in ((MARGIN, _("Tesorero(a)")), (MARGIN + 200, _("Presidente(a) del Consejo de "
                                                                            "Administración"))):
                    c.line(x, y, x + 170, y)
                    c.setFont(REGULAR, 8)
                    c.drawString(x, y - 10, who)
            c.setFont(REGULAR, 7.5)
            footer = _("Página %(page)s de %(pages)s") % {"page": index + 1, "pages": len(pages)}
            if not last:
                footer += " · " + _("continúa en la página siguiente")
            c.drawString(MARGIN, MARGIN - 10, view.printed)
            c.drawRightString(page_w - MARGIN, MARGIN - 10, footer)
            c.showPage()
        c.save()


def pay_sheet_filename(run: int, batch: int | None) -> str:
    if batch is None:
        return f"{_('planilla-pagos')}-{run}-{_('borrador')}.pdf"
    return f"{_('planilla-pagos')}-{run}-{_('lote')}-{batch}.pdf"

"""The register of fixed assets and an asset's depreciation schedule, as A4 PDFs
(docs/fixed_assets.md).

Each takes the core's rows as plain objects (``coopdesk.core.fixed_assets``:
``AssetRow`` and ``AssetSchedule``) and only places their figures, formatted
for the reader. Columns are sized by the shared ``flowables.fit_size`` and
``fit_widths``: figures never wrap, descriptions do. The file appears under its
name only when complete (``files.whole_file``).
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from typing import BinaryIO, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_number
from coopdesk.reports.files import whole_file
from coopdesk.reports.flowables import fit_size, fit_widths, wrap
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts

__all__ = ["render_asset_register", "render_asset_schedule", "register_filename", "schedule_filename"]

MARGIN = 28
PAD = 3.0
HEAD_FILL = colors.HexColor("#e8e8e8")


def _money(value: Decimal) -> str:
    return format_number(value + 0, 2)


def _percent(value: Decimal) -> str:
    return format_number(value.normalize() if value == value.to_integral() else value) + " %"


def _grid(header: Sequence[str], rows: list[list[str]], total: list[str] | None, flex: tuple[int, ...],
          right_from: int, width: float) -> Table:
    measured = rows + ([total] if total else [])
    size = fit_size(header, measured, flex, 8.0, PAD, width)
    widths = fit_widths(header, measured, flex, size, PAD, width)
    head = ParagraphStyle("head", fontName=BOLD, fontSize=size, leading=size + 2)
    data = [[Paragraph(escape(h), head) for h in header]]
    data += [[wrap(cell, REGULAR, size, widths[i] - 2 * PAD) if i in flex else cell for i, cell in enumerate(row)]
             for row in rows]
    if total:
        data.append(total)
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [("FONT", (0, 1), (-1, -1), REGULAR, size), ("ALIGN", (right_from, 1), (-1, -1), "RIGHT"),
             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
             ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
             ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL)]
    if total:
        style += [("FONT", (0, -1), (-1, -1), BOLD, size), ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black)]
    table.setStyle(TableStyle(style))
    return table


def _document(out, story, title: str, author: str, footer: str, pagesize) -> None:
    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(REGULAR, 7)
        canvas.drawString(MARGIN, MARGIN / 2, footer)
        canvas.drawRightString(pagesize[0] - MARGIN, MARGIN / 2, _("Página %(page)d") % {"page": doc.page})
        canvas.restoreState()

    with whole_file(out) as target:
        doc = SimpleDocTemplate(target, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=MARGIN, title=title, author=author, creator="coopdesk", invariant=1,
                                initialFontName=REGULAR)
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


def _styles():
    small = ParagraphStyle("small", fontName=REGULAR, fontSize=8.5, leading=11)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=13, leading=16)
    return small, title


def render_asset_register(assets, category_names: dict[str, str], statuses: dict[str, str], cooperative_name: str,
                          ruc: str, printed_on: date, out: str | os.PathLike | BinaryIO) -> None:
    """The register: each asset, its account, category and rate, cost, accumulated depreciation and
    net value; the totals. ``category_names`` and ``statuses``: already in the reader's words."""
    register_fonts()
    small, title = _styles()
    page = landscape(A4)
    width = page[0] - 2 * MARGIN
    header = [_("Código"), _("Descripción"), _("Cuenta"), _("Categoría"), _("Tasa"), _("Adquisición"),
              _("Inicio"), _("Costo"), _("Depreciación acumulada"), _("Valor neto"), _("Estado")]
    rows = [[a.code, a.description, a.account, category_names.get(a.category, a.category), _percent(a.percent),
             format_date(a.acquired_on), f"{a.start[1]:02d}/{a.start[0]}", _money(a.cost), _money(a.accumulated),
             _money(a.book_value),
             statuses[a.status] + (f" {format_date(a.retired_on)}" if a.retired_on is not None else "")]
            for a in assets]
    standing = [a for a in assets if a.retired_on is None and not a.voided]
    total = [_("Total en uso"), "", "", "", "", "", "", _money(sum((a.cost for a in standing), Decimal(0))),
             _money(sum((a.accumulated for a in standing), Decimal(0))),
             _money(sum((a.book_value for a in standing), Decimal(0))), ""]
    story = [Paragraph(escape(f"{cooperative_name} · RUC {ruc}"), small), Spacer(0, 4),
             Paragraph(_("Registro de activos fijos al %(date)s") % {"date": format_date(printed_on)}, title),
             Spacer(0, 8), _grid(header, rows, total, (1, 3), 7, width), Spacer(0, 6)]
    if not assets:
        story.append(Paragraph(_("No hay activos registrados."), small))
    story.append(Paragraph(_(
        "Depreciación en línea recta a la tasa máxima anual de SUNAT (Reglamento de la Ley del Impuesto a la Renta, "
        "art. 22 inciso b; edificios: Ley, art. 39); la cuota mensual es costo × tasa / 12, redondeada hacia abajo "
        "al céntimo, y el último mes toma el saldo. Impreso el %(date)s.") % {"date": format_date(printed_on)},
        small))
    _document(out, story, _("Registro de activos fijos"), cooperative_name,
              f"{cooperative_name} · RUC {ruc} · {format_date(printed_on)}", page)


def render_asset_schedule(schedule, category_name: str, source: str, cooperative_name: str, ruc: str,
                          printed_on: date, out: str | os.PathLike | BinaryIO) -> None:
    """An asset's schedule: month, rate, depreciation, accumulated, net value and the entry of each
    month posted; the months to come as the rates in force give them."""
    register_fonts()
    small, title = _styles()
    a = schedule.asset
    width = A4[0] - 2 * MARGIN
    story = [Paragraph(escape(f"{cooperative_name} · RUC {ruc}"), small), Spacer(0, 4),
             Paragraph(escape(_("Cuadro de depreciación del activo %(code)s") % {"code": a.code}), title),
             Spacer(0, 4)]
    facts = [(_("Descripción"), a.description), (_("Cuenta"), f"{a.account} {a.account_name}".strip()),
             (_("Categoría"), category_name), (_("Tasa máxima"), f"{_percent(a.percent)} ({source})"),
             (_("Adquisición"), f"{format_date(a.acquired_on)} · {_('asiento')} {a.entry_number}"),
             (_("Costo"), _money(a.cost)), (_("Inicio de la depreciación"), f"{a.start[1]:02d}/{a.start[0]}")]
    if a.prior:
        facts.append((_("Depreciación acumulada anterior"), _money(a.prior)))
    if a.retired_on is not None:
        facts.append((_("Baja"), f"{format_date(a.retired_on)} · {_('asiento')} {a.retirement_number} · "
                                 f"{a.retirement_reason}"))
    for label, value in facts:
        story.append(Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", small))
    story.append(Spacer(0, 8))
    header = [_("Mes"), _("Tasa"), _("Depreciación"), _("Acumulada"), _("Valor neto"), _("Asiento")]
    rows = [[f"{r.month:02d}/{r.year}", _percent(r.percent), _money(r.amount), _money(r.accumulated),
             _money(r.book_value), r.entry or _("por registrar")] for r in schedule.rows]
    total = [_("Total"), "", _money(schedule.total), "", "", ""]
    story += [_grid(header, rows, total, (), 1, width), Spacer(0, 6)]
    story.append(Paragraph(_(
        "La cuota mensual es costo × tasa / 12, redondeada hacia abajo al céntimo; el último mes toma el saldo, "
        "de modo que el total nunca pasa del costo. Impreso el %(date)s.") % {"date": format_date(printed_on)},
        small))
    _document(out, story, _("Cuadro de depreciación %(code)s") % {"code": a.code}, cooperative_name,
              f"{cooperative_name} · RUC {ruc} · {a.code}", A4)


def register_filename(day: date) -> str:
    return f"{_('activos-fijos')}-{day.isoformat()}.pdf"


def schedule_filename(code: str) -> str:
    return f"{_('depreciacion')}-{code}.pdf"

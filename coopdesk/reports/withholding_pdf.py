"""The monthly withholding report (Ley 31335) as an A4 landscape PDF, for the declaration.

It takes the core's month report as a plain object (``year``, ``month``, ``uit``,
``threshold``, ``ceiling``, ``rule``, ``source``, ``lines`` and ``total(name)``:
``coopdesk.core.withholding.WithholdingMonth``) and only places its figures;
the file appears under its name only when complete (``files.whole_file``).
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_money, format_number, month_name
from coopdesk.reports.files import whole_file
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts

__all__ = ["render_withholding_month", "withholding_filename"]

AMOUNTS = ("deliveries", "reintegros", "excedentes", "income", "year_to_date", "due", "withheld_intake", "withheld",
           "not_withheld", "withheld_year")  # as core.withholding.MONTH_AMOUNTS


def _money(value: Decimal) -> str:
    return format_money(value).replace("\u00a0", " ")


def _plain(value: Decimal) -> str:
    return format_number(value.normalize() if value == value.to_integral() else value)


def render_withholding_month(report, cooperative_name: str, ruc: str, printed_on: date,
                             out: str | os.PathLike | BinaryIO) -> None:
    """Write the report to ``out`` (a path or a binary file)."""
    register_fonts()
    small = ParagraphStyle("small", fontName=REGULAR, fontSize=8.5, leading=11)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=13, leading=16)
    rule = report.rule
    story = [
        Paragraph(f"{cooperative_name} · RUC {ruc}", small),
        Spacer(0, 4),
        Paragraph(_("Retenciones del Impuesto a la Renta a los socios: %(month)s de %(year)s") % {
            "month": month_name(report.month), "year": report.year}, title),
        Spacer(0, 4),
        Paragraph(_("Regla: %(percent)s %% de la renta neta del socio obtenida de la cooperativa que pasa de "
                    "%(uit)s UIT en el año (UIT %(year)s: %(value)s; umbral %(threshold)s); forma «%(reading)s». "
                    "Fuente: %(source)s.") % {
            "percent": _plain(rule.percent), "uit": _plain(rule.exempt_uit), "year": report.year,
            "value": _money(report.uit), "threshold": _money(report.threshold), "reading": rule.reading,
            "source": report.source}, small),
        Spacer(0, 8),
    ]
    headers = [_("Código"), _("Socio"), _("DNI"), _("Entregas"), _("Reintegros"), _("Excedentes"),
               _("Ingreso del mes"), _("Acumulado del año"), _("Según la regla"), _("Retenido en entregas"),
               _("Retenido"), _("Sin retener"), _("Retenido en el año")]
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=7.5, leading=9)
    data = [[Paragraph(h, ParagraphStyle("head", fontName=BOLD, fontSize=7.5, leading=9)) for h in headers]]
    for line in report.lines:
        name = line.name + (" " + _("(régimen general)") if line.general_regime else "")
        data.append([line.code, Paragraph(name, cell), line.dni] + [_money(getattr(line, a)) for a in AMOUNTS])
    data.append([_("Total"), "", ""] + [_money(report.total(a)) for a in AMOUNTS])
    widths = [40, 122, 46] + [57] * len(AMOUNTS)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 1), (-1, -1), REGULAR, 7.5),
        ("FONT", (0, -1), (-1, -1), BOLD, 7.5),
        ("ALIGN", (3, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black),
    ]))
    story += [table, Spacer(0, 8)]
    if not report.lines:
        story.append(Paragraph(_("Ningún socio obtuvo ingresos de la cooperativa en este mes."), small))
    story.append(Paragraph(_(
        "«Retenido»: lo retenido en el mes al pagar los tickets de acopio («Retenido en entregas») y en los "
        "reintegros y excedentes; es lo que se abonó a la cuenta 4017. «Sin retener»: lo que la regla hace debido "
        "sobre los ingresos del mes y la cooperativa no retuvo (tickets pagados antes de que coopdesk retuviera al "
        "pagarlos, o importados). Un socio que en el año anterior pasó de %(ceiling)s UIT está en el régimen "
        "general: declara y paga por su cuenta, y no se le retiene.") % {
        "ceiling": _plain(rule.ceiling_uit) if rule.ceiling_uit is not None else "—"}, small))
    story.append(Spacer(0, 4))
    story.append(Paragraph(_("Impreso el %(date)s.") % {"date": format_date(printed_on)}, small))
    with whole_file(out) as target:
        doc = SimpleDocTemplate(target, pagesize=landscape(A4), leftMargin=28, rightMargin=28, topMargin=28,
                                bottomMargin=28, title=_("Retenciones a socios"), author=cooperative_name,
                                creator="coopdesk", invariant=1, initialFontName=REGULAR)
        doc.build(story)


def withholding_filename(year: int, month: int) -> str:
    return f"{_('retenciones')}-{year}-{month:02d}.pdf"

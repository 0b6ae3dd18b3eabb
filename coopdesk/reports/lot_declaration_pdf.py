"""«Declaración de trazabilidad del lote» as an A4 PDF, for the EU buyer.

It takes the core's trace as a plain object (``coopdesk.core.lots.Trace``:
``lots``, ``plots``, ``members``, ``unplotted``, ``sale``) and the buyer's
references, and only places their figures; the file appears under its name
only when complete (``files.whole_file``). Fonts embedded (``fonts``).
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from typing import BinaryIO, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from coopdesk.i18n import N_, _, label
from coopdesk.i18n.formatting import format_date, format_kg, format_number
from coopdesk.reports.files import whole_file
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts

__all__ = ["CUT_OFF", "render_lot_declaration", "declaration_filename"]

# Regulation (EU) 2023/1115, art. 2(13): the cut-off date
CUT_OFF = date(2020, 12, 31)
KINDS = {"Point": N_("punto"), "Polygon": N_("polígono")}


def _kg(value: Decimal) -> str:
    return format_kg(value).replace("\u00a0", " ")


def _kind(kind: str | None) -> str:
    return _(KINDS[kind]) if kind in KINDS else _("sin ubicación")


HEAD = ParagraphStyle("head", fontName=BOLD, fontSize=8, leading=10)
HEAD_RIGHT = ParagraphStyle("head_right", parent=HEAD, alignment=2)


def _table(data, widths, right_from: int) -> Table:
    """A table whose headings wrap (in their column) and whose figures, from
    column ``right_from`` on, are right-aligned."""
    data = [[Paragraph(escape(h), HEAD_RIGHT if i >= right_from else HEAD) for i, h in enumerate(data[0])]] + data[1:]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), BOLD, 8),
        ("FONT", (0, 1), (-1, -1), REGULAR, 8),
        ("ALIGN", (right_from, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
    ]))
    return table


def render_lot_declaration(trace, references: Sequence, cooperative_name: str, ruc: str, printed_on: date,
                           out: str | os.PathLike | BinaryIO) -> None:
    """Write the declaration of ``trace`` (a lot's or a sale's) to ``out``."""
    register_fonts()
    small = ParagraphStyle("small", fontName=REGULAR, fontSize=9, leading=12)
    heading = ParagraphStyle("heading", fontName=BOLD, fontSize=10, leading=13, spaceBefore=6)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18)
    sale = trace.sale
    final = trace.lots[-1]
    codes = ", ".join(lot.code for lot in trace.lots)
    story = [Paragraph(f"{cooperative_name} · RUC {ruc}", small), Spacer(0, 4),
             Paragraph(_("Declaración de trazabilidad del lote"), title), Spacer(0, 6)]
    facts = []
    if sale is not None:
        facts += [(_("Venta"), _("N.º %(id)s del %(date)s") % {"id": sale.id, "date": format_date(sale.date)}),
                  (_("Comprador"), sale.buyer),
                  (_("Contrato / factura"), " / ".join(x for x in (sale.contract, sale.invoice) if x) or "—"),
                  (_("Producto"), f"{sale.product_name} ({label(sale.certification)})"),
                  (_("Kilos vendidos"), _kg(sale.kg)),
                  (_("Lotes de la venta"), ", ".join(f"{s.lot_code}: {_kg(s.kg)}" for s in sale.lots))]
    else:
        facts += [(_("Lote"), f"{final.code} ({format_date(final.date)})"),
                  (_("Producto"), f"{final.product_name} ({label(final.certification)})"),
                  (_("Kilos del lote"), _kg(final.entered))]
    facts += [(_("Lotes trazados"), codes),
              (_("Fecha de corte"), _("%(date)s (Reglamento (UE) 2023/1115, art. 2, numeral 13)")
               % {"date": format_date(CUT_OFF)})]
    cells = [[Paragraph(f"<b>{escape(k)}</b>", small), Paragraph(escape(v), small)] for k, v in facts]
    info = Table(cells, colWidths=[120, 400])
    info.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 9), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [info, Spacer(0, 6)]

    story.append(Paragraph(_("Lotes"), heading))
    data = [[_("Lote"), _("Producto"), _("Fecha"), _("Entró"), _("Despachó")]]
    data += [[lot.code, lot.product_name, format_date(lot.date), _kg(lot.entered), _kg(lot.shipped)]
             for lot in trace.lots]
    story.append(_table(data, [80, 150, 70, 100, 100], 3))

    story.append(Paragraph(_("Parcelas que contribuyeron"), heading))
    data = [[_("Socio"), _("Nombre"), _("Parcela"), _("Ubicación"), _("Ha declaradas"), _("Ha medidas"),
             _("Kg equivalentes")]]
    for p in trace.plots:
        measured = format_number((Decimal(p.area_m2) / 10000).quantize(Decimal("0.01"))) if p.area_m2 else "—"
        data.append([p.member_code, Paragraph(escape(p.member_name), small),
                     Paragraph(escape(f"{p.name} (n.° {p.plot_id})"), small),
                     _kind(p.geometry_kind), format_number(p.hectares), measured, _kg(p.kg)])
    data.append([_("Total"), "", "", "", format_number(sum((p.hectares for p in trace.plots), Decimal("0.00"))), "",
                 _kg(sum((p.kg for p in trace.plots), Decimal("0.000")))])
    story.append(_table(data, [46, 114, 90, 58, 66, 62, 84], 4))
    if trace.unplotted:
        story.append(Paragraph(_("Tickets sin parcela: %(tickets)s.") % {
            "tickets": ", ".join(t.ticket for t in trace.unplotted)}, small))

    story.append(Paragraph(_("Socios"), heading))
    data = [[_("Socio"), _("Nombre"), _("Parcelas"), _("Kg equivalentes")]]
    data += [[m.code, m.name, format_number(m.plots), _kg(m.kg)] for m in trace.members]
    story.append(_table(data, [60, 260, 70, 110], 2))
    story.append(Spacer(0, 4))
    story.append(Paragraph(_(
        "Kg equivalentes: los kilos que cada ticket puso en los lotes trazados, en la forma de referencia del "
        "producto (grano seco, pergamino), con el factor de conversión del ticket. Un lote se forma de tickets y de "
        "lotes anteriores; lo que despacha nunca es más que lo que entró en él por su factor (balance de masa)."),
        small))
    if references:
        story.append(Paragraph(_("Referencias de la declaración de debida diligencia"), heading))
        data = [[_("Referencia"), _("Verificación"), _("Nota")]]
        data += [[r.reference, r.verification, Paragraph(escape(r.note), small)] for r in references]
        story.append(_table(data, [140, 140, 240], 3))
    story.append(Spacer(0, 8))
    story.append(Paragraph(_(
        "La cooperativa declara que, según sus registros de acopio, el producto de este lote proviene únicamente de "
        "las parcelas listadas, de los socios listados, y que la geolocalización de cada parcela es la que entregó "
        "al comprador en el archivo GeoJSON de este lote. Fecha de corte para la ausencia de deforestación: "
        "%(date)s.") % {"date": format_date(CUT_OFF)}, small))
    signature = Table([[_("Firma y sello"), ""], [_("Nombre"), ""], [_("Cargo"), ""], [_("Fecha"), ""]],
                      colWidths=[90, 250], rowHeights=[40, 20, 20, 20])
    signature.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 9), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black)]))
    story.append(KeepTogether([Spacer(0, 14), Paragraph(_("Por la cooperativa"), heading), signature]))
    story.append(Spacer(0, 8))
    story.append(Paragraph(_("Impreso el %(date)s.") % {"date": format_date(printed_on)}, small))
    with whole_file(out) as target:
        doc = SimpleDocTemplate(target, pagesize=A4, leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36,
                                title=_("Declaración de trazabilidad del lote"), author=cooperative_name,
                                creator="coopdesk", invariant=1, initialFontName=REGULAR)
        doc.build(story)


def declaration_filename(name: str) -> str:
    return f"{_('trazabilidad')}-{name}.pdf"

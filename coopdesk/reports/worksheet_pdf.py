"""The hoja de trabajo as a PDF, on A4 pages across: the letterhead, then one
table of twelve columns (account, name, and ten of figures under their bands:
Sumas, Saldos, Inventario, Resultados por naturaleza, Resultados por función)
whose two header rows repeat on every page, the totals, the result that closes
each pair and the «sumas iguales», then whether it ties and the signatures.

``ledger_view.worksheet_view`` makes the strings; this module only places them,
with the statement's letterhead and footer (``statement_pdf``), the shared
``build`` (``flowables``) and the board summary's signature lines.
"""

from __future__ import annotations

import os
from datetime import date
from typing import BinaryIO

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from coopdesk.i18n import _
from coopdesk.reports.distribution_summary_pdf import signature_lines
from coopdesk.reports.flowables import BODY, WIDE_WIDTH, Banner, NoteBox, Text, build, lines
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.ledger_view import SUBTOTAL, BookTable, LedgerBookView
from coopdesk.reports.statement_pdf import (
    BLACK, GRID, HEAD_FILL, LABEL_FILL, TOTAL_FILL, ZEBRA_FILL, Letterhead, em_text, page_decorator, safe_name,
)

__all__ = ["render_worksheet", "worksheet_filename"]

SIZES = (8.0, 7.5, 7.0, 6.5)  # the largest at which every figure fits whole
PAD = 2.0
NAME_WANT = 125.0              # the name column at least this wide at the largest size that allows it,
NAME_LEAST = 90.0              # else never narrower than this (it wraps instead)


def _widths(table: BookTable, size: float, least: float) -> list[float] | None:
    """Column widths filling the page across at ``size``, or None when the figures leave the
    name less than ``least``."""
    rows = list(table.rows) + ([table.total] if table.total is not None else [])
    need = []
    for i, title in enumerate(table.header):
        if i == 1:
            need.append(0.0)
            continue
        cells = [row[i] for row in rows if row[i]] if i != 0 else [row[0] for row in table.rows if row[0]]
        widest = max((em_text(c, BOLD) for c in cells), default=0.0)
        head = max((em_text(w, BOLD) for w in title.split()), default=0.0)
        need.append(max(widest, head) * size + 2 * PAD + 1)
    room = WIDE_WIDTH - sum(need)
    if room < least:
        return None
    need[1] = room
    return need


def _table(table: BookTable) -> Table:
    chosen = next(((size, widths) for least in (NAME_WANT, NAME_LEAST) for size in SIZES
                   if (widths := _widths(table, size, least)) is not None), None)
    if chosen is not None:
        size, widths = chosen
    else:
        size = SIZES[-1]
        widths = [WIDE_WIDTH / len(table.header)] * len(table.header)
    band = [""] * len(table.header)
    spans = []
    for label, first, last in table.groups:
        band[first] = "\n".join(lines(label, BOLD, size, sum(widths[first:last + 1]) - 2 * PAD))
        spans.append(("SPAN", (first, 0), (last, 0)))
    header = ["\n".join(lines(h, BOLD, size, widths[i] - 2 * PAD)) for i, h in enumerate(table.header)]
    data = [band, header]
    data += [[("\n".join(lines(cell, REGULAR, size, widths[i] - 2 * PAD)) if i == 1 else cell)
              for i, cell in enumerate(row)] for row in table.rows]
    if table.total is not None:
        data.append(list(table.total))
    last = len(data) - 1
    style = [
        ("FONT", (0, 0), (-1, -1), REGULAR, size, size * 1.2),
        ("FONT", (0, 0), (-1, 1), BOLD, size, size * 1.2),
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("ALIGN", (0, 0), (-1, 1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("BACKGROUND", (0, 0), (-1, 1), HEAD_FILL),
        ("GRID", (0, 0), (-1, -1), 0.3, GRID),
        ("BOX", (0, 0), (-1, -1), 0.75, BLACK),
        ("LINEBELOW", (0, 1), (-1, 1), 0.75, BLACK),
        *spans,
        ("SPAN", (0, 0), (1, 0)),
    ]
    # a band's pair of columns boxed, so each pair reads as one
    for _label, first, end in table.groups:
        style.append(("BOX", (first, 0), (end, last), 0.75, BLACK))
    for n, kind in enumerate(table.kinds, start=2):
        if kind == SUBTOTAL:
            style += [("FONT", (0, n), (-1, n), BOLD, size, size * 1.2), ("BACKGROUND", (0, n), (-1, n), LABEL_FILL),
                      ("LINEABOVE", (0, n), (-1, n), 0.75, BLACK)]
        elif n % 2:
            style.append(("BACKGROUND", (0, n), (-1, n), ZEBRA_FILL))
    if table.total is not None:
        style += [("FONT", (0, last), (-1, last), BOLD, size, size * 1.2),
                  ("BACKGROUND", (0, last), (-1, last), TOTAL_FILL), ("SPAN", (0, last), (1, last)),
                  ("LINEABOVE", (0, last), (-1, last), 1.0, BLACK)]
    return Table(data, colWidths=widths, repeatRows=2, style=TableStyle(style), hAlign="LEFT")


def _story(view: LedgerBookView) -> list[Flowable]:
    story: list[Flowable] = [Letterhead(view), Spacer(0, 8)]
    if view.banner:
        story += [Banner(view.banner, view.banner_sub), Spacer(0, 8)]
    for table in view.tables:
        story.append(_table(table) if table.rows else NoteBox(table.empty))
    closing: list[Flowable] = []
    for line in view.closing:
        closing += [Spacer(0, 4), Text(line, BOLD if not closing else REGULAR, BODY - 1)]
    closing += [Spacer(0, 8), signature_lines(view.signatures)]
    story.append(KeepTogether([Spacer(0, 8)] + closing))
    return story


def render_worksheet(view: LedgerBookView, out: str | os.PathLike | BinaryIO) -> None:
    """Write the hoja de trabajo to ``out`` (a path or a binary file), A4 across."""
    register_fonts()
    decorate = page_decorator(view)
    build(_story(view), out, title=view.pdf_title, author=view.pdf_author, subject=view.pdf_subject,
          pdf_date=view.pdf_date, mark="", decorators=lambda _index: decorate, landscape=True)


def worksheet_filename(start: date, end: date) -> str:
    """``hoja-de-trabajo-2026-01-01-2026-12-31.pdf``."""
    stem = safe_name(_("hoja-de-trabajo")) or "hoja-de-trabajo"
    return f"{stem}-{start.isoformat()}-{end.isoformat()}.pdf"

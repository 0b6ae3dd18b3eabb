"""The quarterly «Asamblea» pack as an A4 PDF (``render_assembly``): the agenda,
the quarter's figures with a ReportLab bar chart, the criteria proposals side by
side with their fairness figures (and by zone, with a chart), the acta to fill
in with the figures to approve already written, and from a new page the padrón
of attendance with a tall signature box for each member (its header repeated on
every page)."""

from __future__ import annotations

import os
from typing import BinaryIO

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table
from reportlab.platypus.tables import TableStyle

from coopdesk.reports.assembly_view import AssemblyView
from coopdesk.reports.charts import bar_chart
from coopdesk.reports.distribution_summary_pdf import signature_lines
from coopdesk.reports.flowables import BODY, NoteBox, Start, Text, build, fit_widths, grid, wrap
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.statement_pdf import BLACK, GRID, HEAD_FILL, WIDTH, Heading, Letterhead, page_decorator

__all__ = ["render_assembly", "story"]

GAP = 8
SIZE = 10.0
SIGN_ROW = 30.0  # the height of a padrón row: room to sign or press a thumb


def _section(title: str, *body: Flowable) -> KeepTogether:
    return KeepTogether([Heading(title), *body])


def padron_table(view: AssemblyView) -> Table:
    table = view.padron
    sign = 120.0
    widths = fit_widths(table.header[:-1], table.rows and [r[:-1] for r in table.rows] or [("",) * 5], (1,), SIZE, 3,
                        WIDTH - sign)
    header = [wrap(h, BOLD, SIZE, w - 6) for h, w in zip(table.header, [*widths, sign])]
    rows = [[r[0], wrap(r[1], REGULAR, SIZE, widths[1] - 6), *r[2:]] for r in table.rows]
    style = TableStyle((
        ("FONT", (0, 0), (-1, 0), BOLD, SIZE),
        ("FONT", (0, 1), (-1, -1), REGULAR, SIZE),
        ("LEADING", (0, 0), (-1, -1), SIZE * 1.2),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("ALIGN", (4, 0), (4, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BOX", (0, 0), (-1, -1), 0.75, BLACK),
    ))
    return Table([header, *rows], colWidths=[*widths, sign], rowHeights=[None] + [SIGN_ROW] * len(rows),
                 style=style, repeatRows=1, hAlign="LEFT")


def story(view: AssemblyView) -> list[Flowable]:
    out: list[Flowable] = [Start(0), Letterhead(view), Spacer(0, GAP)]
    agenda = [Text(f"{i}. {item}", REGULAR, SIZE + 1) for i, item in enumerate(view.agenda, 1)] or \
        [Text("______", REGULAR, SIZE + 1)]
    out += [_section(view.agenda_title, *agenda), Spacer(0, GAP)]
    out += [_section(view.figures_title, Text(view.figures_text, REGULAR, SIZE + 0.5), Spacer(0, 3),
                     grid(view.figures, (1, 2, 3, 4, 5, 6), flex=(0,), size=SIZE))]
    if view.chart_series:
        out += [Spacer(0, 4), bar_chart(view.chart_title, view.chart_categories, view.chart_series, WIDTH, 160)]
    proposals: list[Flowable] = [Text(view.proposals_text, REGULAR, SIZE)]
    if view.proposals is not None:
        proposals += [Spacer(0, 3), grid(view.proposals, tuple(range(1, len(view.proposals.header))), flex=(0,),
                                         size=SIZE + 0.5)]
    out += [Spacer(0, GAP), _section(view.proposals_title, *proposals)]
    if view.by_zone is not None:
        out += [Spacer(0, 4), KeepTogether([grid(view.by_zone, (1, 2, 3), flex=(0,), size=SIZE), Spacer(0, 4),
                                            bar_chart(view.zone_chart_title, view.zone_categories, view.zone_series,
                                                      WIDTH, 150)])]
    acta = [NoteBox(p, REGULAR, SIZE + 0.5) for p in view.acta]
    out += [Spacer(0, GAP), KeepTogether([Heading(view.acta_title), *acta, Spacer(0, 6),
                                          signature_lines(view.signatures)])]
    out += [PageBreak(), Heading(view.padron_title), Text(view.padron_text, REGULAR, BODY), Spacer(0, 4),
            padron_table(view)]
    return out


def render_assembly(view: AssemblyView, out: str | os.PathLike | BinaryIO) -> None:
    register_fonts()
    decorate = page_decorator(view)
    build(story(view), out, title=view.pdf_title, author=view.pdf_author, subject=view.pdf_subject,
          pdf_date=view.pdf_date, mark=view.watermark, decorators=lambda _i: decorate)

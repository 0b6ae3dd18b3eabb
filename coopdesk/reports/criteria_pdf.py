"""The criteria of a distribution as an A4 PDF, «Criterios de distribución».

``criteria_view`` builds the strings; this module places them with the board
summary's letterhead, fonts, footer and "Página n de N": the document's
identity (version, status, acta, SHA-256), the general rules, the amount and
appropriations, the primas, every pot with its rule, how each member's amount
is computed and paid, the approval and three signature lines; then, from a new
page, the exact stored text in a monospaced font with line numbers (the same
numbers the criteria's error messages give), a continued line marked "↪".
Draft criteria carry a banner and a diagonal "BORRADOR" on every page.
"""

from __future__ import annotations

import os
from typing import BinaryIO, Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table
from reportlab.platypus.tables import TableStyle

from coopdesk.i18n import _
from coopdesk.reports.criteria_view import CriteriaView, criteria_view
from coopdesk.reports.distribution_summary_pdf import field_table, signature_lines
from coopdesk.reports.fonts import BOLD, MONO, REGULAR, register_fonts
from coopdesk.reports.flowables import BODY, GRID_PAD, Banner, NoteBox, Start, Text, build, fit_widths, grid, wrap
from coopdesk.reports.liquidation_view import TableText
from coopdesk.reports.statement_pdf import (
    BLACK,
    GREY_TEXT,
    GRID,
    HEAD_FILL,
    LABEL_FILL,
    WIDTH,
    page_decorator,
    Heading,
    Letterhead,
    safe_name,
)

__all__ = ["criteria_filename", "render_criteria", "render_criteria_view"]

SIZE = 10.0  # tables
LABEL_WIDTH = 190.0
CODE_SIZE = 8.6  # the appendix: about 95 characters a line
CODE_LEADING = 11.0
NUMBER_GAP = 6.0
GAP = 8
POTS_ROOM = 150.0  # the least room for the pots' title, header and first pots


def _pairs(fields: Sequence[tuple[str, str]]) -> Table:
    """Label and value, one pair a row (values are sentences: they get the width)."""
    value_width = WIDTH - LABEL_WIDTH
    data = [(wrap(k, BOLD, SIZE - 0.5, LABEL_WIDTH - 8), wrap(v, REGULAR, SIZE, value_width - 8)) for k, v in fields]
    style = TableStyle((
        ("FONT", (0, 0), (0, -1), BOLD, SIZE - 0.5),
        ("FONT", (1, 0), (1, -1), REGULAR, SIZE),
        ("LEADING", (0, 0), (-1, -1), SIZE * 1.2),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BOX", (0, 0), (-1, -1), 0.75, BLACK),
    ))
    return Table(data, colWidths=[LABEL_WIDTH, value_width], style=style, hAlign="LEFT")


def _bullets(notes: Sequence[str]) -> Table:
    """Sentences with a bullet and a hanging indent."""
    indent = 14.0
    data = [("•", wrap(n, REGULAR, SIZE, WIDTH - indent - 6)) for n in notes]
    style = TableStyle((
        ("FONT", (0, 0), (-1, -1), REGULAR, SIZE),
        ("LEADING", (0, 0), (-1, -1), SIZE * 1.25),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ))
    return Table(data, colWidths=[indent, WIDTH - indent], style=style, hAlign="LEFT")


def _pots_table(table: TableText) -> Table:
    """One row per pot (name, how much, key) and under it, across the page, its
    rule in sentences, one a line. The header repeats on a new page."""
    pad = GRID_PAD + 1
    head, body = table.header[:3], [(r[:3], r[3]) for r in table.rows]
    widths = fit_widths(head, [cells for cells, _detail in body], (0, 1), SIZE, pad, WIDTH)
    data = [[wrap(h, BOLD, SIZE, widths[i] - 2 * pad) for i, h in enumerate(head)]]
    style = [
        ("FONT", (0, 0), (-1, 0), BOLD, SIZE),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("BOX", (0, 0), (-1, -1), 0.75, BLACK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, BLACK),
    ]
    for cells, detail in body:
        r = len(data)
        data.append([wrap(c, BOLD if i == 0 else REGULAR, SIZE, widths[i] - 2 * pad) for i, c in enumerate(cells)])
        style += [("FONT", (0, r), (-1, r), REGULAR, SIZE), ("FONT", (0, r), (0, r), BOLD, SIZE),
                  ("BACKGROUND", (0, r), (-1, r), LABEL_FILL), ("LINEABOVE", (0, r), (-1, r), 0.5, GRID)]
        if detail:
            style.append(("NOSPLIT", (0, r), (-1, r + 1)))  # a pot's rule stays with its name
            data.append(["\n".join(wrap(line, REGULAR, SIZE, WIDTH - 2 * pad - 12) for line in detail.split("\n")),
                         "", ""])
            style += [("SPAN", (0, r + 1), (-1, r + 1)), ("FONT", (0, r + 1), (-1, r + 1), REGULAR, SIZE),
                      ("LEFTPADDING", (0, r + 1), (-1, r + 1), pad + 12), ("BOTTOMPADDING", (0, r + 1), (-1, r + 1), 5)]
    return Table(data, colWidths=widths, style=TableStyle(style), hAlign="LEFT", repeatRows=1)


class _Listing(Flowable):
    """Text exactly as written: monospaced, each line numbered, a line too long
    for the page continued on the next with the mark in the number column.
    Splits across pages between lines."""

    def __init__(self, rows: Sequence[tuple[str, str]], number_width: float):
        super().__init__()
        self.rows = list(rows)  # (number or mark or "", text)
        self.number_width = number_width

    @classmethod
    def of(cls, lines: Sequence[str], mark: str, width: float = WIDTH) -> "_Listing":
        number_width = max(len(str(len(lines))), 2) * _char() + NUMBER_GAP * 2
        columns = max(int((width - number_width - NUMBER_GAP) // _char()), 10)
        rows: list[tuple[str, str]] = []
        for n, line in enumerate(lines, start=1):
            for i, piece in enumerate(_cut(line, columns)):
                rows.append((str(n) if i == 0 else mark, piece))
        return cls(rows, number_width)

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = len(self.rows) * CODE_LEADING + 4
        return self.width, self.height

    def split(self, avail_width, avail_height):
        fit = int((avail_height - 4) // CODE_LEADING)
        if fit <= 0:
            return []
        if fit >= len(self.rows):
            return [self]
        # do not leave a continuation alone at the top of the next page
        while fit > 1 and not self.rows[fit][0].isdigit():
            fit -= 1
        return [_Listing(self.rows[:fit], self.number_width), _Listing(self.rows[fit:], self.number_width)]

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor(GRID)
        c.setLineWidth(0.5)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        c.line(self.number_width, 0, self.number_width, self.height)
        y = self.height - 2 - CODE_SIZE
        for number, text in self.rows:
            if number:
                c.setFillColor(GREY_TEXT)
                c.setFont(MONO if number.isdigit() else REGULAR, CODE_SIZE)
                c.drawRightString(self.number_width - NUMBER_GAP, y, number)
            c.setFillColor(BLACK)
            c.setFont(MONO, CODE_SIZE)
            c.drawString(self.number_width + NUMBER_GAP, y, text)
            y -= CODE_LEADING
        c.restoreState()


def _char() -> float:
    register_fonts()
    return stringWidth("0", MONO, CODE_SIZE)


def _cut(line: str, columns: int) -> list[str]:
    """``line`` in pieces of at most ``columns`` characters, broken after a space
    when there is one in the second half; the pieces join back to the line."""
    pieces = []
    while len(line) > columns:
        cut = line.rfind(" ", columns // 2, columns)
        cut = cut + 1 if cut >= 0 else columns
        pieces.append(line[:cut])
        line = line[cut:]
    pieces.append(line)
    return pieces


def _section(title: str, body: Flowable) -> KeepTogether:
    return KeepTogether([Heading(title), body])


def _story(view: CriteriaView) -> list[Flowable]:
    story: list[Flowable] = [
        Start(0),
        Letterhead(view),
        Spacer(0, 6),
        Text(view.heading, BOLD, 13, leading=15),
    ]
    if view.warning:
        story += [Spacer(0, 2), Banner(view.warning)]
    story += [Spacer(0, 6), field_table(view.document_fields)]
    if view.unreadable:
        story += [Spacer(0, GAP), NoteBox(view.unreadable, BOLD)]
    if view.rules:
        story += [Spacer(0, GAP), _section(view.rules_title, _pairs(view.rules))]
    if view.amounts is not None:
        story += [Spacer(0, GAP), _section(view.amounts.title, grid(view.amounts, (), flex=(0, 1), size=SIZE))]
    if view.streams is not None:
        story += [Spacer(0, GAP), _section(view.streams.title, grid(view.streams, (1, 2), flex=(0, 3), size=SIZE))]
    if view.pots is not None:
        # starts on this page if the title and the first pots fit; goes on with its header repeated
        story += [Spacer(0, GAP), CondPageBreak(POTS_ROOM), Heading(view.pots.title), _pots_table(view.pots)]
    # the signatures never stand alone on a page: the last rules go with them
    closing: list[Flowable] = [Heading(view.notes_title), _bullets(view.notes)] if view.notes else []
    closing += [Spacer(0, GAP), NoteBox(view.approval), Spacer(0, 2), signature_lines(view.signatures)]
    story += [Spacer(0, GAP), KeepTogether(closing)]
    story += [PageBreak(), Heading(view.appendix_title), Text(view.appendix_note, REGULAR, BODY - 1, GREY_TEXT),
              Spacer(0, 4), _Listing.of(view.text_lines, view.continuation_mark)]
    return story


def render_criteria_view(view: CriteriaView, out: str | os.PathLike | BinaryIO) -> None:
    register_fonts()
    decorate = page_decorator(view)
    build(_story(view), out, title=view.pdf_title, author=view.pdf_author, subject=view.pdf_subject,
          pdf_date=view.pdf_date, mark=view.watermark, decorators=lambda _i: decorate)


def render_criteria(context, out: str | os.PathLike | BinaryIO) -> None:
    """The criteria document of ``context``'s run (see ``criteria_view``)."""
    render_criteria_view(criteria_view(context), out)


def criteria_filename(run_number: int) -> str:
    """``criterios-distribucion-3.pdf``."""
    stem = safe_name(_("criterios-distribucion")) or "criterios-distribucion"
    return f"{stem}-{run_number}.pdf"

"""The board's summary of a distribution run as an A4 PDF.

``summary_view`` builds the strings; this module places them: the criteria,
the amount to distribute and where it goes, the pots, the reconciliation to
the céntimo ("cuadra" / "no cuadra"), how the amount spreads among members
(median, top 10 %, Gini, totals by zone, gender and certification, two bar
charts drawn with ``reportlab.graphics``), the officers' signatures, and the
padrón: every member with their amounts and an empty "Firma" column for the
General Assembly, a long table whose header repeats on every page.
"""

from __future__ import annotations

import os
from typing import BinaryIO, Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, PageBreak, Spacer, Table
from reportlab.platypus.tables import TableStyle

from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.flowables import (
    BODY, SMALLEST, WIDE, WIDE_WIDTH, Banner, NoteBox, Start, Text, build, grid, lines, wrap,
)
from coopdesk.reports.liquidation_view import Bar, SummaryView, TableText, summary_view
from coopdesk.reports.statement_pdf import (
    BLACK,
    GREY_TEXT,
    GRID,
    LABEL_FILL,
    WIDTH,
    page_decorator,
    Grid,
    Heading,
    Letterhead,
    RELAXED,
    TableMeasures,
    wrap_text,
)

__all__ = ["render_distribution_summary", "render_summary_view"]

SIZE = 9.5  # the summary's tables
PAD = 3.0
PADRON_SIZE = 9.0
FIRMA_WIDTH = 92.0
NAMES_SMALLEST = 8.0  # the padrón's type shrinks to this, not below, to keep a long name on one line
BAR_FILL = colors.Color(0.45, 0.45, 0.45)
OK_FILL = colors.Color(0.90, 0.90, 0.90)


# how every label-and-value table of the summary is framed
LABEL_TABLE = (
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ("GRID", (0, 0), (-1, -1), 0.5, GRID),
    ("BOX", (0, 0), (-1, -1), 0.75, BLACK),
)


def field_table(fields: Sequence[tuple[str, str]]) -> Table:
    """Label and value pairs, two pairs a row."""
    label_width = 118.0
    value_width = WIDTH / 2 - label_width
    cells = [(wrap(k, BOLD, SIZE, label_width - 8), wrap(v, REGULAR, BODY, value_width - 8)) for k, v in fields]
    if len(cells) % 2:
        cells.append(("", ""))
    data = [[*cells[i], *cells[i + 1]] for i in range(0, len(cells), 2)]
    style = TableStyle((
        ("FONT", (0, 0), (-1, -1), REGULAR, BODY),
        ("FONT", (0, 0), (0, -1), BOLD, SIZE),
        ("FONT", (2, 0), (2, -1), BOLD, SIZE),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
        ("BACKGROUND", (2, 0), (2, -1), LABEL_FILL),
        *LABEL_TABLE,
    ))
    return Table(data, colWidths=[label_width, value_width] * 2, style=style, hAlign="LEFT")


def _head_table(fields: Sequence[tuple[str, str]]) -> Table:
    """The audit trail's head: one label and value a row (the whole hash wraps in its groups)."""
    label_width = 150.0
    data = [(wrap(k, BOLD, SIZE, label_width - 8), wrap(v, REGULAR, BODY, WIDTH - label_width - 8))
            for k, v in fields]
    style = TableStyle((
        ("FONT", (0, 0), (-1, -1), REGULAR, BODY),
        ("FONT", (0, 0), (0, -1), BOLD, SIZE),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
        *LABEL_TABLE,
    ))
    return Table(data, colWidths=[label_width, WIDTH - label_width], style=style, hAlign="LEFT")


def _checks(view: SummaryView, checks=None) -> Table:
    checks = view.checks if checks is None else checks
    verdict_width = 78.0
    data = [[wrap(c.text, REGULAR, SIZE, WIDTH - verdict_width - 8), ("✓ " if c.ok else "✗ ") + c.verdict]
            for c in checks]
    style = [
        ("FONT", (0, 0), (0, -1), REGULAR, SIZE),
        ("FONT", (1, 0), (1, -1), BOLD, BODY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BOX", (0, 0), (-1, -1), 0.75, BLACK),
    ]
    for i, c in enumerate(checks):
        if not c.ok:
            style.append(("BACKGROUND", (0, i), (-1, i), OK_FILL))
    return Table(data, colWidths=[WIDTH - verdict_width, verdict_width], style=TableStyle(style), hAlign="LEFT")


def signature_lines(labels: Sequence[str]) -> Flowable:
    """Signature lines side by side, the officer under each."""

    class Officers(Flowable):
        ROOM = 44

        def wrap(self, avail_width, avail_height):
            self.width = avail_width
            self._column = avail_width / len(labels)
            self._labels = [lines(t, REGULAR, BODY - 0.5, self._column - 16) for t in labels]
            self.height = self.ROOM + 4 + max(map(len, self._labels)) * 12
            return self.width, self.height

        def draw(self):
            c = self.canv
            c.setStrokeColor(BLACK)
            c.setFillColor(BLACK)
            c.setLineWidth(0.75)
            c.setFont(REGULAR, BODY - 0.5)
            line_y = self.height - self.ROOM
            for i, label_lines in enumerate(self._labels):
                centre = self._column * (i + 0.5)
                c.line(centre - self._column / 2 + 10, line_y, centre + self._column / 2 - 10, line_y)
                y = line_y - 12
                for line in label_lines:
                    c.drawCentredString(centre, y, line)
                    y -= 12

    return Officers()


# ------------------------------------------------------------------ charts


def _columns_chart(title: str, bars: Sequence[Bar], width: float, height: float = 170.0) -> Drawing:
    """Vertical bars (members per bracket of amount), the count above each."""
    d = Drawing(width, height, initialFontName=REGULAR)  # never the unembedded Helvetica
    d.add(String(0, height - 11, title, fontName=BOLD, fontSize=BODY))
    label_size = 8.5
    slot = (width - 10) / max(len(bars), 1)
    label_lines = [lines(b.label, REGULAR, label_size, slot - 4) for b in bars]
    base = 4 + max((len(texts) for texts in label_lines), default=1) * (label_size + 1.5)
    top = height - 34
    peak = max((float(b.value) for b in bars), default=0.0) or 1.0
    d.add(Line(4, base, width - 4, base, strokeColor=BLACK, strokeWidth=0.75))
    for i, (bar, texts) in enumerate(zip(bars, label_lines)):
        x = 5 + i * slot
        h = (top - base) * float(bar.value) / peak
        if h > 0:
            d.add(Rect(x + slot * 0.18, base, slot * 0.64, h, fillColor=BAR_FILL, strokeColor=BLACK,
                       strokeWidth=0.5))
        d.add(String(x + slot / 2, base + h + 3, bar.text, fontName=BOLD, fontSize=9, textAnchor="middle"))
        y = base - label_size - 2
        for line in texts:
            d.add(String(x + slot / 2, y, line, fontName=REGULAR, fontSize=label_size, textAnchor="middle"))
            y -= label_size + 1.5
    return d


def _rows_chart(title: str, bars: Sequence[Bar], width: float) -> Drawing:
    """Horizontal bars (amount per zone), the amount after each bar."""
    size = 8.5
    row = 15.0
    height = 22 + row * max(len(bars), 1)
    d = Drawing(width, height, initialFontName=REGULAR)  # never the unembedded Helvetica
    d.add(String(0, height - 11, title, fontName=BOLD, fontSize=BODY))
    label_width = min(max((stringWidth(b.label, REGULAR, size) for b in bars), default=0.0) + 6, width * 0.35)
    value_width = max((stringWidth(b.text, REGULAR, size) for b in bars), default=0.0) + 6
    room = max(width - label_width - value_width, 10.0)
    peak = max((float(b.value) for b in bars), default=0.0) or 1.0
    y = height - 22 - row
    for bar in bars:
        label_text = lines(bar.label, REGULAR, size, label_width - 6)[0]
        d.add(String(label_width - 4, y + 4, label_text, fontName=REGULAR, fontSize=size, textAnchor="end"))
        w = room * float(bar.value) / peak
        if w > 0:
            d.add(Rect(label_width, y + 1.5, w, row - 4, fillColor=BAR_FILL, strokeColor=BLACK, strokeWidth=0.5))
        d.add(String(label_width + w + 3, y + 4, bar.text, fontName=REGULAR, fontSize=size))
        y -= row
    d.add(Line(label_width, 0, label_width, height - 22, strokeColor=BLACK, strokeWidth=0.75))
    return d


def _charts(view: SummaryView) -> Table:
    half = (WIDTH - 16) / 2
    data = [[_columns_chart(view.chart_brackets_title, view.chart_brackets, half),
             _rows_chart(view.chart_zones_title, view.chart_zones, half)]]
    style = TableStyle((
        ("FONT", (0, 0), (-1, -1), REGULAR, BODY),  # a Table's own default is Helvetica, never embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ))
    return Table(data, colWidths=[half + 16, half], style=style, hAlign="LEFT")


def _stats(view: SummaryView) -> Table:
    value_width = 110.0
    data = [[wrap(k, REGULAR, SIZE, WIDTH - value_width - 8), v] for k, v in view.stats]
    style = TableStyle((
        ("FONT", (0, 0), (0, -1), REGULAR, SIZE),
        ("FONT", (1, 0), (1, -1), BOLD, BODY),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -2), 0.5, GRID),
        ("BOX", (0, 0), (-1, -1), 0.75, BLACK),
    ))
    return Table(data, colWidths=[WIDTH - value_width, value_width], style=style, hAlign="LEFT")


# ------------------------------------------------------------------ the padrón


def _padron(view: SummaryView, page_width: float = WIDE_WIDTH) -> Grid:
    """Every member on a row two lines high (room to sign), the header on every
    page; on A4 across, so that names, DNI and every kind of deduction fit."""
    table = view.padron
    firm = view.padron_firm_column
    keep = [i for i in range(len(table.header)) if i != firm]
    head = tuple(table.header[i] for i in keep)
    rows = [tuple(r[i] for i in keep) for r in table.rows]
    total = tuple(table.total[i] for i in keep) if table.total is not None else None
    flex = (2, 4)  # name, zone
    measures = TableMeasures(head, rows, total, flex)
    size = PADRON_SIZE
    while True:  # the type shrinks (down to SMALLEST) rather than a figure being cut
        widths, _fit = measures.widths(size, PAD, page_width - FIRMA_WIDTH)
        whole = all(widths[i] + 0.01 >= measures.content[i] * size + 2 * PAD
                    for i in range(len(head)) if i not in flex)
        # a name on its one line too, down to NAMES_SMALLEST; below it a long name wraps by word
        names = widths[2] + 0.01 >= measures.content[2] * size + 2 * PAD + 0.5 or size <= NAMES_SMALLEST
        if (whole and names) or size <= SMALLEST:
            break
        size -= 0.5
    firma = FIRMA_WIDTH
    if _fit == RELAXED:  # room to spare on the wide page: half of it to the signatures
        natural = [max(c, h) * size + 2 * PAD + 0.5 for c, h in zip(measures.content, measures.header_line)]
        spare = sum(widths) - sum(natural)
        widths = [w + spare / 2 / len(natural) for w in natural]
        firma += spare / 2
    # numbers keep their width; names and zones share the rest and wrap (rows are two lines anyway)
    for i in flex:
        rows = [r[:i] + (wrap_text(r[i], REGULAR, size, widths[i] - 2 * PAD),) + r[i + 1:] for r in rows]
    header = tuple(wrap(h, BOLD, size, widths[i] - 2 * PAD) if _wider(h, widths[i], size) else h  # between words
                   for i, h in enumerate(head))
    full_rows = [r[:firm] + ("\n",) + r[firm:] for r in rows]
    full_total = total[:firm] + ("",) + total[firm:] if total is not None else None
    full_header = header[:firm] + (table.header[firm],) + header[firm:]
    full_widths = widths[:firm] + [firma] + widths[firm:]
    right = {j if j < firm else j + 1 for j in range(len(keep)) if keep[j] in view.padron_number_columns}
    return _PadronGrid(full_header, full_rows, full_total, full_widths, frozenset(right), size, PAD, firm=firm)


class _PadronGrid(Grid):
    """The statement's grid with a rule under every row and a framed "Firma"
    column, so each member signs on their own line."""

    def __init__(self, *args, firm: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.firm = firm

    def _part(self, start: int, stop: int, total) -> Grid:
        return _PadronGrid(self.header, self.rows[start:stop], total, self.widths, self.right, self.size, self.pad,
                           first=self.first + start, heights=self.heights[start:stop], firm=self.firm)

    def draw(self):
        super().draw()
        c = self.canv
        c.saveState()
        c.setStrokeColor(GRID)
        c.setLineWidth(0.5)
        y = self.height - self.header_height
        for height in self.heights[:-1] if self.total is None else self.heights:
            y -= height
            c.line(0, y, self.width, y)
        x = sum(self.widths[:self.firm])
        c.setStrokeColor(BLACK)
        c.setLineWidth(0.75)
        c.line(x, self.total_height, x, self.height)
        c.line(x + self.widths[self.firm], self.total_height, x + self.widths[self.firm], self.height)
        c.restoreState()


def _wider(text: str, width: float, size: float = PADRON_SIZE) -> bool:
    return stringWidth(text, BOLD, size) + 2 * PAD > width


# ------------------------------------------------------------------ story


def _story(view: SummaryView) -> list[Flowable]:
    story: list[Flowable] = [
        Start(0),
        Letterhead(view),
        Spacer(0, 6),
        Text(view.heading, BOLD, 13, leading=15),
        Text(view.status_line, REGULAR, BODY - 0.5, GREY_TEXT),
    ]
    if view.warning:
        story += [Spacer(0, 5), Banner(view.warning)]
    story += [
        Spacer(0, 8),
        KeepTogether([Heading(view.criteria_title), field_table(view.criteria_fields)]),
        Spacer(0, 10),
        KeepTogether([Heading(view.amounts.title), grid(view.amounts, (2,), flex=(0, 1), size=SIZE)]),
        Spacer(0, 10),
        KeepTogether([Heading(view.pots.title), grid(view.pots, (2, 3, 4, 5), flex=(0, 1), size=SIZE)]),
        Spacer(0, 10),
        KeepTogether([
            Heading(view.reconciliation_title),
            _checks(view),
            Spacer(0, 4),
            Banner(view.verdict_line) if not view.balanced else NoteBox(view.verdict_line, BOLD),
        ]),
    ]
    if view.deductions is not None:
        story += [Spacer(0, 10), KeepTogether([Heading(view.deductions.title),
                                               grid(view.deductions, (1, 2, 3, 4), flex=(0,), size=SIZE)])]
    if view.ledger_title:
        ledger: list[Flowable] = [Heading(view.ledger_title)]
        if view.ledger_entries is not None:
            ledger += [grid(view.ledger_entries, (3,), flex=(2,), size=SIZE), Spacer(0, 6)]
        if view.ledger_checks:
            ledger += [_checks(view, view.ledger_checks), Spacer(0, 4)]
        if view.ledger_note:
            ok = all(c.ok for c in view.ledger_checks)
            ledger.append(NoteBox(view.ledger_note, BOLD) if ok else Banner(view.ledger_note))
        story += [Spacer(0, 10), KeepTogether(ledger)]
    story += [
        Spacer(0, 10),
        KeepTogether([Heading(view.stats_title), _stats(view), Spacer(0, 8), _charts(view)]),
    ]
    for table in view.groups:
        story += [Spacer(0, 8), KeepTogether([Heading(table.title), _group(table)])]
    if view.audit_fields:
        audit: list[Flowable] = [Heading(view.audit_title), _head_table(view.audit_fields)]
        if view.audit_note:
            audit += [Spacer(0, 3), Text(view.audit_note, REGULAR, BODY - 0.5, GREY_TEXT)]
        story += [Spacer(0, 10), KeepTogether(audit)]
    story += [Spacer(0, 14), KeepTogether([signature_lines(view.signatures)])]
    if view.has_members:
        story += [NextPageTemplate(WIDE), PageBreak(), Heading(view.padron.title), _padron(view)]
    return story


def _group(table: TableText) -> Grid:
    return grid(table, (1, 2, 3, 4, 5), flex=(0,), size=SIZE)


def render_summary_view(view: SummaryView, out: str | os.PathLike | BinaryIO) -> None:
    register_fonts()
    decorate = page_decorator(view)
    build(_story(view), out, title=view.pdf_title, author=view.pdf_author, subject=view.pdf_subject,
          pdf_date=view.pdf_date, mark=view.watermark, decorators=lambda _i: decorate)


def render_distribution_summary(context, result, members, out: str | os.PathLike | BinaryIO) -> None:
    """The board's summary (see ``summary_view`` for the arguments)."""
    render_summary_view(summary_view(context, result, members), out)

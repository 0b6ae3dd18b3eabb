"""The member's liquidation of a distribution as an A4 PDF.

``liquidation_view`` turns the run's figures for one member into strings; this
module only places them, reusing the statement's letterhead, member block,
grid, footer and numbered canvas (``statement_pdf``). One member per file
(``render_liquidation``) or many members in one file, each starting on a new
page with its own "Página n de N" (``render_liquidations``).

Legible for older eyes: body text 10 pt or more, the formula 10.5 pt, the net
amount 13 pt. A run that is not published carries a banner and a light
diagonal watermark on every page ("BORRADOR").
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.tables import TableStyle

from coopdesk.i18n import _
from coopdesk.reports.files import whole_file
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.liquidation_view import LiquidationView, TableText, liquidation_view
from coopdesk.reports.statement_pdf import (
    BLACK,
    GREY_TEXT,
    GRID,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    WIDTH,
    ZEBRA_FILL,
    _decorator,
    _Grid,
    _Heading,
    _Letterhead,
    _lines,
    _member_table,
    _NumberedCanvas,
    _safe,
    _wrap,
)

__all__ = ["PDF", "LiquidationPdf", "liquidation_filename", "render_liquidation", "render_liquidations"]

BODY = 10.0
FORMULA = 10.5
GRID_SIZE = 10.0
GRID_PAD = 3.0
NET_SIZE = 13.0
WATERMARK_GREY = colors.Color(0.55, 0.55, 0.55)
WARNING_FILL = colors.Color(0.90, 0.90, 0.90)

# ------------------------------------------------------------------ text

_KEEP = "\ue000"  # stands for a no-break space while wrapping (it is not whitespace to str.split)


def wrap(text: str, font: str, size: float, width: float) -> str:
    """The statement's ``_wrap``, but never breaking at a no-break space
    ("S/\u00a03,120.00" stays on one line)."""
    if "\u00a0" not in text or stringWidth(text, font, size) <= width:
        return _wrap(text, font, size, width)
    return _wrap(text.replace("\u00a0", _KEEP), font, size, width).replace(_KEEP, "\u00a0")


def lines(text: str, font: str, size: float, width: float) -> list[str]:
    return wrap(text, font, size, width).split("\n")


# The smallest type a table may shrink to so that its figures stay whole.
SMALLEST = 7.0


def _flex_word(rows, i: int, size: float, width: float) -> float:
    """The longest word of a wrapping column (a word is never cut), at most a
    third of the line: a longer "word" (a code with no spaces) is cut rather
    than squeezing the figures."""
    longest = max((stringWidth(w, BOLD, size) for r in rows if r[i] for w in r[i].split()), default=0.0)
    return min(longest, width / 3)


def _needs(header, rows, flex, size: float, pad: float, width: float) -> tuple[list[float], list[float]]:
    """Per column: the least width (header words, whole figures, the longest
    word of a wrapping column) and the natural width (everything on one line)."""
    extra = 2 * pad + 1
    count = len(header)
    word = [max((stringWidth(w, BOLD, size) for w in h.split()), default=0.0) + extra for h in header]
    content = [max((stringWidth(r[i], BOLD, size) for r in rows if r[i]), default=0.0) + extra for i in range(count)]
    least = [max(word[i], _flex_word(rows, i, size, width) + extra) if i in flex else max(word[i], content[i])
             for i in range(count)]
    natural = [max(word[i], content[i]) for i in range(count)]
    return least, natural


def fits(header, rows, flex, size: float, pad: float, width: float) -> bool:
    """Whether every figure and every header word fits whole at ``size``."""
    least, _natural = _needs(header, rows, flex, size, pad, width)
    return sum(least) <= width


def fit_size(header, rows, flex, size: float, pad: float, width: float) -> float:
    """``size``, or the largest smaller size (in half points, down to SMALLEST)
    at which the table's figures and header words fit whole in ``width``."""
    while size > SMALLEST and not fits(header, rows, flex, size, pad, width):
        size -= 0.5
    return size


def fit_widths(header, rows, flex, size: float, pad: float, width: float) -> list[float]:
    """Column widths filling ``width``, sized from their content: numbers never
    narrower than their widest cell (amounts never wrap), every column at least
    its longest header word (headers wrap between words only); the ``flex``
    columns take the rest, in proportion to what they need, and wrap by word."""
    count = len(header)
    least, need = _needs(header, rows, flex, size, pad, width)
    fixed = sum(need[i] for i in range(count) if i not in flex)
    room = width - fixed
    natural = {i: need[i] for i in flex}
    widths = list(need)
    if sum(natural.values()) <= room:
        spare = (room - sum(natural.values())) / count
        widths = [w + spare for w in widths]
    else:
        spare = max(room - sum(least[i] for i in flex), 0.0)
        want = sum(natural[i] - least[i] for i in flex) or 1.0
        for i in flex:
            widths[i] = least[i] + spare * (natural[i] - least[i]) / want
    scale = width / sum(widths)
    return [w * scale for w in widths] if scale < 1 else widths  # only below SMALLEST


# ------------------------------------------------------------------ small flowables


class _Text(Flowable):
    """Plain text wrapped to the frame's width (no Paragraph markup)."""

    def __init__(self, text: str, font: str = REGULAR, size: float = BODY, color=BLACK, leading: float | None = None):
        super().__init__()
        self.text, self.font, self.size, self.color = text, font, size, color
        self.leading = leading or size * 1.25

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self._lines = lines(self.text, self.font, self.size, avail_width)
        self.height = len(self._lines) * self.leading + 2
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setFillColor(self.color)
        c.setFont(self.font, self.size)
        y = self.height - self.size
        for line in self._lines:
            c.drawString(0, y, line)
            y -= self.leading


class _Banner(Flowable):
    """A framed warning across the page ("BORRADOR – no válido para pago"),
    optionally with a smaller line under it (the run's status)."""

    SIZE = 13.0
    SUB = BODY - 0.5

    def __init__(self, text: str, sub: str = ""):
        super().__init__()
        self.text, self.sub = text, sub

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self._lines = lines(self.text, BOLD, self.SIZE, avail_width - 20)
        self._sub = lines(self.sub, REGULAR, self.SUB, avail_width - 20) if self.sub else []
        self.height = len(self._lines) * self.SIZE * 1.25 + len(self._sub) * self.SUB * 1.25 + 10
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setFillColor(WARNING_FILL)
        c.setStrokeColor(BLACK)
        c.setLineWidth(2)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        c.setFillColor(BLACK)
        c.setFont(BOLD, self.SIZE)
        y = self.height - 5 - self.SIZE
        for line in self._lines:
            c.drawCentredString(self.width / 2, y + 1, line)
            y -= self.SIZE * 1.25
        c.setFont(REGULAR, self.SUB)
        y += self.SIZE * 1.25 - self.SUB * 1.25 - 2
        for line in self._sub:
            c.drawCentredString(self.width / 2, y, line)
            y -= self.SUB * 1.25


class _NoteBox(Flowable):
    """A sentence in a thin box (why the member takes no part, no deliveries)."""

    def __init__(self, text: str, font: str = REGULAR, size: float = BODY + 0.5):
        super().__init__()
        self.text, self.font, self.size = text, font, size

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self._lines = lines(self.text, self.font, self.size, avail_width - 12)
        self.height = len(self._lines) * self.size * 1.25 + 12
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setStrokeColor(GRID)
        c.setLineWidth(0.75)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        c.setFillColor(BLACK)
        c.setFont(self.font, self.size)
        y = self.height - 6 - self.size + 1
        for line in self._lines:
            c.drawString(6, y, line)
            y -= self.size * 1.25


class _SignOff(Flowable):
    """On the left the verification code and the treasurer's signature line; on
    the right the member's "Recibí conforme" box with a signature line, name,
    DNI and a thumbprint square. One flowable, so it is never split."""

    HEIGHT = 84
    THUMB_W, THUMB_H = 60, 66
    LABEL = 10.0
    CODE = 12.5

    def __init__(self, view: LiquidationView):
        super().__init__()
        self.view = view

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self._left = self.width * 0.38
        self._code = lines(self.view.verification_code, BOLD, self.CODE, self._left - 8)
        # a long name takes two lines under the member's signature line, never cut
        box_w = self.width - self._left
        room = (box_w - self.THUMB_W - 12 - 18) - 14
        self._name = _lines(self.view.receipt_name, REGULAR, self.LABEL, room)[:2]
        self._lift = 12 * (len(self._name) - 1)
        self.height = self.HEIGHT + self._lift
        return self.width, self.height

    def draw(self):
        c = self.canv
        view = self.view
        c.setStrokeColor(BLACK)
        c.setFillColor(BLACK)
        c.setLineWidth(0.75)
        left = self._left
        line_y = 30 + self._lift
        # the verification code, then the treasurer
        c.setFont(BOLD, self.LABEL)
        y = self.height - 12
        c.drawString(0, y, view.verification_label)
        c.setFont(BOLD, self.CODE)
        for text in self._code[:2]:
            y -= self.CODE + 3
            c.drawString(0, y, text)
        if view.run_code_line:  # the run's code under the member's own
            c.setFont(REGULAR, self.LABEL - 1.5)
            y -= self.LABEL + 1
            c.drawString(0, y, view.run_code_line)
        c.setFont(REGULAR, self.LABEL)
        for i, title in enumerate(view.signatures):
            x0 = i * left / len(view.signatures) + 4
            x1 = (i + 1) * left / len(view.signatures) - 14
            c.line(x0, line_y, x1, line_y)
            c.drawCentredString((x0 + x1) / 2, line_y - 13, title)
        # the member's receipt
        box_x = left
        box_w = self.width - box_x
        c.setLineWidth(1)
        c.rect(box_x, 0, box_w, self.height, stroke=1, fill=0)
        c.setFont(BOLD, 10.5)
        c.drawString(box_x + 10, self.height - 16, view.receipt_title)
        thumb_x = box_x + box_w - self.THUMB_W - 12
        thumb_y = 14
        sign_left, sign_right = box_x + 14, thumb_x - 18
        c.setLineWidth(0.75)
        c.line(sign_left, line_y, sign_right, line_y)
        centre = (sign_left + sign_right) / 2
        c.setFont(REGULAR, self.LABEL)
        y = line_y - 13
        for text in self._name:
            c.drawCentredString(centre, y, text)
            y -= 12
        if view.receipt_dni:
            c.drawCentredString(centre, y, view.receipt_dni)
        c.rect(thumb_x, thumb_y, self.THUMB_W, self.THUMB_H, stroke=1, fill=0)
        c.setFont(REGULAR, 8.5)
        c.drawCentredString(thumb_x + self.THUMB_W / 2, 5, view.thumbprint)


class _Start(Flowable):
    """Zero-size mark at the start of a member's pages: tells the canvas whose
    pages follow (for "Página n de N" per member), reports progress, and stops
    the build when asked to."""

    def __init__(self, index: int, step: Callable[[int], None] | None = None):
        super().__init__()
        self.index, self.step = index, step

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv._liquidation_index = self.index
        if self.step is not None:
            self.step(self.index)


class _Cancelled(Exception):
    pass


# ------------------------------------------------------------------ tables


def grid(table: TableText, right: Iterable[int], flex: tuple[int, ...] = (0,), size: float = GRID_SIZE,
         pad: float = GRID_PAD, width: float = WIDTH) -> _Grid:
    """A ``TableText`` as the statement's grid: numbers keep their natural width,
    the ``flex`` columns take the rest; headers and flex cells wrap if they must."""
    measured = list(table.rows) + ([table.total] if table.total is not None else [])
    size = fit_size(table.header, measured, flex, size, pad, width)
    widths = fit_widths(table.header, measured, flex, size, pad, width)
    header = tuple(wrap(h, BOLD, size, widths[i] - 2 * pad) for i, h in enumerate(table.header))
    rows = [tuple(wrap(cell, REGULAR, size, widths[i] - 2 * pad) if i in flex else cell for i, cell in enumerate(row))
            for row in table.rows]
    return _Grid(header, rows, table.total, widths, frozenset(right), size, pad)




def _pots_list(view: LiquidationView) -> Table:
    """One row per pot: its name and the computation in words on the left,
    its amount on the right (what is the member's and what is everyone's are
    in the words, so no columns of «base» or percentages)."""
    pad = 4.0
    amount_width = max(stringWidth(p.cells[-1], BOLD, FORMULA) for p in view.pots) + 2 * pad + 2
    text_width = WIDTH - amount_width
    data, style = [], [
        ("FONT", (0, 0), (-1, -1), REGULAR, FORMULA),
        ("FONT", (1, 0), (1, -1), BOLD, FORMULA),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -2), 0.5, GRID),
        ("BOX", (0, 0), (-1, -1), 0.75, BLACK),
    ]
    for pot in view.pots:
        data.append([_PotText(pot.cells[0], pot.formula, text_width - 2 * pad), pot.cells[-1]])
    return Table(data, colWidths=[text_width, amount_width], style=TableStyle(style), hAlign="LEFT")


class _PotText(Flowable):
    """A pot's name in bold, then its computation, wrapped by word."""

    def __init__(self, name: str, formula: str, width: float):
        super().__init__()
        self.name, self.formula = name, formula
        self._name_w = stringWidth(name + ": ", BOLD, FORMULA)
        first = width - self._name_w
        words = lines(self.formula, REGULAR, FORMULA, first)
        head = words[0] if first > width / 3 else ""
        rest = " ".join(words[1:]) if head else self.formula
        self._lines = [head] + (lines(rest, REGULAR, FORMULA, width) if rest else [])
        self.width = width
        self.height = len(self._lines) * FORMULA * 1.25

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setFillColor(BLACK)
        y = self.height - FORMULA + 1
        c.setFont(BOLD, FORMULA)
        c.drawString(0, y, self.name + ":")
        c.setFont(REGULAR, FORMULA)
        for i, line in enumerate(self._lines):
            c.drawString(self._name_w if i == 0 else 0, y, line)
            y -= FORMULA * 1.25


def _settlement(view: LiquidationView) -> Table:
    """From the gross amount down to the net: what is paid, in figures and in words."""
    amount_width = max(stringWidth(a, BOLD, NET_SIZE) for a in [view.net_line[1], *(a for _t, a in view.settlement)])
    label_width = WIDTH - max(130.0, amount_width + 14)
    data = [[wrap(text, REGULAR, BODY + 0.5, label_width - 12), amount] for text, amount in view.settlement]
    net = len(data)
    data.append([view.net_line[0], view.net_line[1]])
    data.append([wrap(view.amount_in_words, BOLD, BODY, WIDTH - 12), ""])
    style = TableStyle((
        ("FONT", (0, 0), (-1, net - 1), REGULAR, BODY + 0.5),
        ("FONT", (0, 0), (-1, 0), BOLD, BODY + 0.5),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("FONT", (0, net), (-1, net), BOLD, NET_SIZE),
        ("TOPPADDING", (0, net), (-1, net), 5),
        ("BOTTOMPADDING", (0, net), (-1, net), 4),
        ("BACKGROUND", (0, net), (-1, -1), ZEBRA_FILL),
        ("LINEABOVE", (0, net), (-1, net), 1, BLACK),
        ("SPAN", (0, net + 1), (-1, net + 1)),
        ("FONT", (0, net + 1), (-1, net + 1), BOLD, BODY),
        ("BOTTOMPADDING", (0, net + 1), (-1, net + 1), 5),
        ("BOX", (0, 0), (-1, -1), 1, BLACK),
    ))
    return Table(data, colWidths=[label_width, WIDTH - label_width], style=style, hAlign="LEFT")


DELIVERY_RIGHT = tuple(range(3, 9))  # kilos, value, [factor, kilos que cuentan], per kilo, amount
DEDUCTION_RIGHT = (1, 2, 3)
GAP = 5
SUMMARY = 10.0
CHART_LABEL = 8.5
CHART_TITLE = 9.5
CHART_FILL = colors.Color(0.62, 0.62, 0.62)
GLOSSARY = 9.5


def where_chart(title: str, bars, note: str, width: float) -> Drawing:
    """Where the whole amount went, as horizontal bars (ReportLab's bar chart):
    the Reserva, each fund, the members; the amount after each bar."""
    register_fonts()
    labels = [lines(b.label, REGULAR, CHART_LABEL, width * 0.55)[:2] for b in bars]
    label_width = max((stringWidth(t, REGULAR, CHART_LABEL) for ls in labels for t in ls), default=0.0) + 6
    value_width = max((stringWidth(b.text, BOLD, CHART_LABEL) for b in bars), default=0.0) + 6
    row = max((len(ls) for ls in labels), default=1) * (CHART_LABEL + 2) + 7
    title_lines = lines(title, BOLD, CHART_TITLE, width)
    note_lines = lines(note, REGULAR, CHART_LABEL + 0.5, width) if note else []
    bottom = len(note_lines) * (CHART_LABEL + 2.5) + (4 if note_lines else 0)
    plot = row * len(bars)
    height = bottom + plot + len(title_lines) * (CHART_TITLE + 2) + 4
    d = Drawing(width, height, initialFontName=REGULAR)  # never the unembedded Helvetica
    y = height - CHART_TITLE
    for text in title_lines:
        d.add(String(0, y, text, fontName=BOLD, fontSize=CHART_TITLE))
        y -= CHART_TITLE + 2
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, bottom
    chart.width, chart.height = max(width - label_width - value_width, 20.0), plot
    order = list(reversed(bars))  # the chart draws its first category at the bottom
    chart.data = [tuple(float(b.value) for b in order)]  # lengths on paper only; the amounts are the labels
    chart.categoryAxis.categoryNames = ["\n".join(ls) for ls in reversed(labels)]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = CHART_LABEL
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.labels.leading = CHART_LABEL + 1.5
    chart.categoryAxis.visibleTicks = 0
    chart.categoryAxis.strokeColor = BLACK
    chart.valueAxis.visible = 0
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max((float(b.value) for b in bars), default=0.0) or 1.0
    chart.valueAxis.labels.fontName = REGULAR
    chart.barWidth = 1
    chart.groupSpacing = 0.6
    chart.bars.strokeColor = BLACK
    chart.bars.strokeWidth = 0.5
    chart.bars[0].fillColor = CHART_FILL
    chart.barLabelArray = [tuple(b.text for b in order)]
    chart.barLabels.fontName = BOLD
    chart.barLabels.fontSize = CHART_LABEL
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabelFormat = "values"  # the amounts as the view wrote them
    d.add(chart)
    y = bottom - CHART_LABEL - 2
    for text in note_lines:
        d.add(String(0, y, text, fontName=REGULAR, fontSize=CHART_LABEL + 0.5))
        y -= CHART_LABEL + 2.5
    return d


class _Summary(Flowable):
    """The plain words on the left, the chart of where the amount went on the right, in a thin box."""

    PAD = 6

    def __init__(self, view: LiquidationView):
        super().__init__()
        self.view = view

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self._chart_w = avail_width * 0.42 if self.view.where else 0.0
        text_w = avail_width - self._chart_w - 3 * self.PAD
        self._lines = lines(self.view.summary, REGULAR, SUMMARY, text_w)
        self._chart = where_chart(self.view.where_title, self.view.where, self.view.where_note,
                                  self._chart_w - self.PAD) if self.view.where else None
        text_h = len(self._lines) * SUMMARY * 1.25 + SUMMARY + 4
        chart_h = self._chart.height if self._chart is not None else 0.0
        self.height = max(text_h, chart_h) + 2 * self.PAD
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setStrokeColor(BLACK)
        c.setLineWidth(0.75)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        c.setFillColor(BLACK)
        c.setFont(BOLD, SUMMARY + 0.5)
        y = self.height - self.PAD - SUMMARY
        c.drawString(self.PAD, y, self.view.summary_title)
        y -= 4
        c.setFont(REGULAR, SUMMARY)
        for line in self._lines:
            y -= SUMMARY * 1.25
            c.drawString(self.PAD, y, line)
        if self._chart is not None:
            x = self.width - self._chart_w
            c.setStrokeColor(GRID)
            c.line(x - self.PAD, self.PAD, x - self.PAD, self.height - self.PAD)
            self._chart.drawOn(c, x, self.height - self.PAD - self._chart.height)


def _glossary(view: LiquidationView) -> Table:
    """«Palabras que usamos»: each term the paper uses and what it means, in two columns, in a thin box."""
    style = ParagraphStyle("glossary", fontName=REGULAR, fontSize=GLOSSARY, leading=GLOSSARY * 1.25)
    cells: list[Any] = [Paragraph(f"<b>{escape(term)}:</b> {escape(meaning)}", style)
                        for term, meaning in view.glossary]
    half = (len(cells) + 1) // 2
    left, right = cells[:half], cells[half:] + [""] * (half - len(cells[half:]))
    data = [[_Text(view.glossary_title, BOLD, BODY), ""]] + [[a, b] for a, b in zip(left, right)]
    table_style = TableStyle((
        ("FONT", (0, 0), (-1, -1), REGULAR, GLOSSARY),  # a Table's own default is Helvetica
        ("SPAN", (0, 0), (-1, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, 0), 5),
        ("BOX", (0, 0), (-1, -1), 0.75, BLACK),
    ))
    return Table(data, colWidths=[WIDTH / 2, WIDTH / 2], style=table_style, hAlign="LEFT")


def liquidation_story(view: LiquidationView) -> list[Flowable]:
    story: list[Flowable] = [
        _Letterhead(view),
        Spacer(0, 4),
        _Text(view.heading, BOLD, 13, leading=15),
    ]
    if view.warning:
        story += [Spacer(0, 2), _Banner(view.warning, view.status_line)]
    else:
        story.append(_Text(view.status_line, REGULAR, BODY - 0.5, GREY_TEXT))
    story += [Spacer(0, 6), _member_table(view)]
    if view.summary:  # the whole in plain words first (it says why a member takes no part)
        story += [Spacer(0, GAP), _Summary(view)]
    elif view.eligibility_note:
        story += [Spacer(0, 5), _NoteBox(view.eligibility_note, BOLD)]
    story.append(Spacer(0, GAP))
    if view.deliveries.rows:
        story += [_Heading(view.deliveries.title), grid(view.deliveries, DELIVERY_RIGHT, flex=(0, 1))]
    else:
        story += [_Heading(view.deliveries.title), _NoteBox(view.no_deliveries)]
    pots: list[Flowable] = [Spacer(0, GAP), _Heading(view.pots_title), _pots_list(view)]
    if view.rounding_note:
        pots += [Spacer(0, 2), _Text(view.rounding_note, REGULAR, BODY, GREY_TEXT)]
    last = pots
    if view.deductions is not None:
        story.append(KeepTogether(pots))
        # the table's first heading names it ("Descuentos | Debía | Descontado | Queda debiendo")
        last = [Spacer(0, GAP + 4), grid(view.deductions, DEDUCTION_RIGHT)]
        if view.debt_note:
            last += [Spacer(0, 2), _Text(view.debt_note, BOLD, BODY)]
    closing: list[Flowable] = [Spacer(0, GAP + 2), _settlement(view)]
    for note in view.notes:
        closing += [Spacer(0, 2), _Text(note, REGULAR, BODY)]
    closing += [Spacer(0, 2), _Text(view.verification_note, REGULAR, BODY - 1.5, GREY_TEXT), Spacer(0, 4),
                _SignOff(view)]
    # the net, its words, the code and the signatures never stand alone on a
    # page: they go with the last figures (the deductions, else the pots)
    story.append(KeepTogether(last + closing))
    if view.glossary:  # kept whole: on the first page when it fits, else on the back
        story += [Spacer(0, GAP + 4), KeepTogether([_glossary(view)])]
    return story


# ------------------------------------------------------------------ page furniture


class _MembersCanvas(_NumberedCanvas):
    """The statement's numbered canvas, counting pages per member: in a file of
    many liquidations each member's pages say "Página n de N" of their own."""

    def __init__(self, *args, decorators: Callable[[int], Callable[[Canvas, int, int], None]], continued: str = "",
                 **kwargs):
        super().__init__(*args, decorate=None, **kwargs)
        self._decorators = decorators
        self._continued = continued

    def save(self):
        owners = [state.get("_liquidation_index", 0) for state in self._page_states]
        counts = Counter(owners)
        seen: Counter = Counter()
        for state, owner in zip(self._page_states, owners):
            seen[owner] += 1
            self.__dict__.update(state)
            self._decorators(owner)(self, seen[owner], counts[owner])
            if self._continued and seen[owner] < counts[owner]:
                self.setFont(BOLD, BODY - 1)
                self.setFillColor(BLACK)
                self.drawRightString(MARGIN_X + WIDTH, MARGIN_BOTTOM - 12, self._continued)
            Canvas.showPage(self)
        Canvas.save(self)


FIRST, LATER = "first", "later"
FIRST_TOP = 12 * mm


def watermark(text: str) -> Callable[[Canvas, Any], None]:
    """Draws ``text`` large and light, diagonally, under the page's content."""

    def on_page(c: Canvas, _doc) -> None:
        if not text:
            return
        c.saveState()
        c.setFillColor(WATERMARK_GREY)
        c.setFillAlpha(0.18)
        size = 96.0
        room = (PAGE_WIDTH ** 2 + PAGE_HEIGHT ** 2) ** 0.5 * 0.8
        width = stringWidth(text, BOLD, size)
        if width > room:
            size *= room / width
        c.setFont(BOLD, size)
        c.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        c.rotate(54)
        c.drawCentredString(0, -size / 3, text)
        c.restoreState()

    return on_page


def build(story: list[Flowable], out, *, title: str, author: str, subject: str, pdf_date: str, mark: str,
          decorators: Callable[[int], Callable[[Canvas, int, int], None]], continued: str | None = None) -> None:
    """Lay out ``story`` on A4 pages with the statement's margins and footer.

    A member's first page has no running header, so its text starts higher
    (FIRST_TOP); later pages keep the statement's top margin. A ``FIRST`` mark
    (``NextPageTemplate``) before a page break starts the next member. Every
    page but a document's last says ``continued`` above its footer (default
    «continúa en la página siguiente»)."""
    register_fonts()
    if continued is None:
        continued = _("continúa en la página siguiente")

    def frame(top: float) -> Frame:
        return Frame(MARGIN_X, MARGIN_BOTTOM, WIDTH, PAGE_HEIGHT - top - MARGIN_BOTTOM,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")

    on_page = watermark(mark)
    with whole_file(out) as target:  # under its final name only when complete
        doc = BaseDocTemplate(
            target, pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            pageTemplates=[PageTemplate(id=FIRST, frames=[frame(FIRST_TOP)], onPage=on_page, autoNextPageTemplate=LATER),
                           PageTemplate(id=LATER, frames=[frame(MARGIN_TOP)], onPage=on_page)],
            leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
            title=title, author=author, subject=subject, creator="coopdesk",
            invariant=1, initialFontName=REGULAR,
        )

        def canvasmaker(*args, **kwargs):
            return _MembersCanvas(*args, decorators=decorators, pdf_date=pdf_date, continued=continued, **kwargs)

        doc.build(story, canvasmaker=canvasmaker)


# ------------------------------------------------------------------ public API


def render_liquidation_view(view: LiquidationView, out: str | os.PathLike | BinaryIO) -> None:
    register_fonts()
    decorate = _decorator(view)
    build([_Start(0)] + liquidation_story(view), out, title=view.pdf_title, author=view.pdf_author,
          subject=view.pdf_subject, pdf_date=view.pdf_date, mark=view.watermark, decorators=lambda _i: decorate)


def render_liquidation(context, member, season, result, out: str | os.PathLike | BinaryIO,
                       member_code: str = "", document=None) -> None:
    """One member's liquidation (see ``liquidation_view`` for the arguments)."""
    render_liquidation_view(liquidation_view(context, member, season, result, member_code, document), out)


def render_liquidations(context, parts: Iterable, out: str | os.PathLike | BinaryIO,
                        progress: Callable[[int, int], None] | None = None,
                        cancelled: Callable[[], bool] | None = None) -> bool:
    """Many members' liquidations in one file, each from a new page. ``parts``:
    objects with ``member``, ``season`` and ``result`` (see ``liquidation_view``).
    ``progress(done, total)`` as members are laid out; ``cancelled()`` returning
    True stops, and then nothing is written and False is returned."""
    register_fonts()
    views = [liquidation_view(context, p.member, p.season, p.result, getattr(p, "code", ""),
                              getattr(p, "document", None)) for p in parts]
    if not views:
        raise ValueError("no members to print")
    total = len(views)

    def step(index: int) -> None:
        if cancelled is not None and cancelled():
            raise _Cancelled
        if progress is not None and index:
            progress(index, total)

    story: list[Flowable] = []
    for i, view in enumerate(views):
        if i:
            story += [NextPageTemplate(FIRST), PageBreak()]
        story.append(_Start(i, step))
        story += liquidation_story(view)
    decorators: dict[int, Callable] = {}

    def decorator(i: int):
        if i not in decorators:
            decorators.clear()  # pages come in member order: keep one
            decorators[i] = _decorator(views[i])
        return decorators[i]

    first = views[0]
    title = _("Liquidaciones de %(name)s") % {"name": context.run.name}
    try:
        build(story, out, title=title, author=first.pdf_author, subject=first.pdf_subject, pdf_date=first.pdf_date,
              mark=first.watermark, decorators=decorator)
    except _Cancelled:
        return False
    if progress is not None:
        progress(total, total)
    return True


def liquidation_filename(run_number: int, member_code: str) -> str:
    """``liquidacion-3-S0001.pdf``: safe everywhere, one per member and run."""
    stem = _safe(_("liquidacion")) or "liquidacion"
    return f"{stem}-{run_number}-{_safe(member_code) or 'socio'}.pdf"


def summary_filename(run_number: int) -> str:
    """``resumen-distribucion-3.pdf``."""
    stem = _safe(_("resumen-distribucion")) or "resumen-distribucion"
    return f"{stem}-{run_number}.pdf"


class LiquidationPdf:
    """The PDF renderer ``coopdesk.core.liquidations.Liquidations`` uses. It has
    no state, so worker processes receive it by reference."""

    def filename(self, run_number: int, member_code: str) -> str:
        return liquidation_filename(run_number, member_code)

    def summary_filename(self, run_number: int) -> str:
        return summary_filename(run_number)

    def member(self, context, part, out) -> None:
        render_liquidation(context, part.member, part.season, part.result, out, getattr(part, "code", ""),
                           getattr(part, "document", None))

    def members(self, context, parts, out, progress=None, cancelled=None) -> bool:
        return render_liquidations(context, parts, out, progress, cancelled)

    def summary(self, context, result, members, out) -> None:
        from coopdesk.reports.distribution_summary_pdf import render_distribution_summary

        render_distribution_summary(context, result, members, out)

    def criteria_filename(self, run_number: int) -> str:
        from coopdesk.reports.criteria_pdf import criteria_filename

        return criteria_filename(run_number)

    def criteria(self, context, out) -> None:
        from coopdesk.reports.criteria_pdf import render_criteria

        render_criteria(context, out)

    def __reduce__(self):
        return (LiquidationPdf, ())


PDF = LiquidationPdf()

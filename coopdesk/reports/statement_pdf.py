"""The member's statement (estado de cuenta del socio) as an A4 PDF.

``statement_view`` turns the statement into strings; this module only places
them. It is written for printing thousands of statements in a row: fonts are
registered once, styles are built once, no Paragraphs (text is wrapped here
with ``simpleSplit`` where needed), the deliveries are drawn by a light grid
flowable with one text object per page instead of one per cell, and the
"Página n de N" footer uses a canvas that keeps its pages until ``save``, so
each document is built once.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
)
from reportlab.platypus.tables import TableStyle

from coopdesk.domain.statement import MemberStatement
from coopdesk.i18n import _
from coopdesk.reports.files import whole_file
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.views import StatementView, statement_view

__all__ = ["render_member_statement", "render_statement_view", "statement_filename"]

# ------------------------------------------------------------------ geometry

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 10 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 20 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN_X

BLACK = colors.black
GREY_TEXT = colors.Color(0.30, 0.30, 0.30)
RULE = colors.Color(0.45, 0.45, 0.45)
HEAD_FILL = colors.Color(0.84, 0.84, 0.84)
ZEBRA_FILL = colors.Color(0.94, 0.94, 0.94)
TOTAL_FILL = colors.Color(0.89, 0.89, 0.89)
LABEL_FILL = colors.Color(0.92, 0.92, 0.92)
GRID = colors.Color(0.60, 0.60, 0.60)

# Deliveries table: the first (font size, cell padding) at which product and
# quality fit without wrapping; at worst 8 pt, the smallest size printed in a
# table, with narrow padding.
TABLE_FITS = ((9, 2.5), (8.5, 2.5), (8, 2.5), (8, 2))
# Columns of StatementView.deliveries that take the leftover width and, if
# they must, wrap: product and quality.
DELIVERY_FLEX = (2, 8)
# ... and those right-aligned: sacks, weights, humidity, price, amount
DELIVERY_RIGHT = frozenset({3, 4, 5, 6, 7, 9, 10})
SUMMARY_SIZE = 9
SUMMARY_PAD = 3
SUMMARY_FLEX = (0,)
SUMMARY_RIGHT = frozenset({1, 2, 3, 4})

# ------------------------------------------------------------------ styles, built once

MEMBER_LABEL_SIZE = 9
MEMBER_VALUE_SIZE = 10.5
MEMBER_PAD = 4
# label, value, label, value, label, value
MEMBER_WIDTHS = (62.0, 90.0, 48.0, 155.0, 80.0, WIDTH - 435.0)
_MEMBER_STYLE = TableStyle(
    (
        ("FONT", (0, 0), (-1, -1), REGULAR, MEMBER_VALUE_SIZE),
        ("FONT", (0, 0), (0, -1), BOLD, MEMBER_LABEL_SIZE),
        ("FONT", (2, 1), (2, 1), BOLD, MEMBER_LABEL_SIZE),
        ("FONT", (4, 0), (4, -1), BOLD, MEMBER_LABEL_SIZE),
        ("FONT", (1, 0), (1, 0), BOLD, MEMBER_VALUE_SIZE),  # the member's name
        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
        ("BACKGROUND", (2, 1), (2, 1), LABEL_FILL),
        ("BACKGROUND", (4, 0), (4, -1), LABEL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), MEMBER_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), MEMBER_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BOX", (0, 0), (-1, -1), 0.75, BLACK),
        ("SPAN", (1, 0), (3, 0)),
    )
)

TOTAL_SIZE = 11.5
WORDS_SIZE = 10
_TOTALS_STYLE = TableStyle(
    (
        ("FONT", (0, 0), (-1, 0), BOLD, TOTAL_SIZE),
        ("FONT", (0, 1), (-1, 1), BOLD, WORDS_SIZE),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, 0), 5),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
        ("TOPPADDING", (0, 1), (-1, 1), 2),
        ("BOTTOMPADDING", (0, 1), (-1, 1), 6),
        ("BACKGROUND", (0, 0), (-1, -1), ZEBRA_FILL),
        ("BOX", (0, 0), (-1, -1), 1, BLACK),
    )
)

NOTE_SIZE = 10.5
_NOTE_STYLE = TableStyle(
    (
        ("FONT", (0, 0), (-1, -1), REGULAR, NOTE_SIZE),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("BOX", (0, 0), (-1, -1), 0.5, GRID),
    )
)

SECTION_SIZE = 10.5
FOOTER_SIZE = 8
FOOTER_NAME_SIZE = 7.5


# ------------------------------------------------------------------ text helpers


@lru_cache(maxsize=8192)
def wrap_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` broken into lines no wider than ``width`` (joined by newlines,
    which a Table cell understands); words longer than a line are cut."""
    if stringWidth(text, font, size) <= width:
        return text
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width):
        while stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return "\n".join(lines)


REPEAT_TEXTS = True  # False: every text laid out anew (the tests compare the bytes both ways)


def draw_repeated(c: Canvas, draw: Callable[[float, float, str], None], x: float, y: float, text: str) -> None:
    """``draw(x, y, text)`` (the canvas's ``drawString``, ``drawRightString`` or
    ``drawCentredString``) in the current font, for a text drawn many times alike in a
    document (a footer on every page, «S/ 0.00» on every slip): its text object is laid
    out once per document and repeated. ReportLab's ``drawText`` appends a text object
    to the page's code as one string that depends only on the font, its size and
    leading, where and what: the same bytes as drawing it anew."""
    texts = c.__dict__.setdefault("_repeated_texts", {}) if REPEAT_TEXTS else {}
    key = (draw.__name__, c._fontname, c._fontsize, c._leading, x, y, text)
    code = texts.get(key)
    if code is None:
        before = len(c._code)
        draw(x, y, text)
        if len(c._code) == before + 1:  # one text object, as expected
            texts[key] = c._code[-1]
    else:
        c._code.append(code)


def split_lines(text: str, font: str, size: float, width: float) -> list[str]:
    return wrap_text(text, font, size, width).split("\n")


@lru_cache(maxsize=65536)
def em_text(text: str, font: str) -> float:
    """Width of ``text`` at 1 pt; a width at ``size`` pt is ``size`` times it."""
    return stringWidth(text, font, 1000) / 1000


def _widest_em(values, font: str) -> float:
    """Width at 1 pt of the widest string; only the longest few are measured
    (digits all have the same width in DejaVu Sans)."""
    values = {v for v in values if v}
    if not values:
        return 0.0
    longest = max(map(len, values))
    return max(em_text(v, font) for v in values if len(v) >= longest - 1)


# How a table's columns fit: headers on one line; header words stacked one per
# line; or the flex columns' cells wrapped as well.
RELAXED, STACKED, SQUEEZED = 0, 1, 2


class TableMeasures:
    """What a table's columns need, measured once at 1 pt for all sizes."""

    def __init__(self, header, rows, total, flex):
        self.flex = flex
        self.content, self.header_line, self.header_word, self.flex_word = [], [], [], []
        for i, title in enumerate(header):
            column = [row[i] for row in rows]
            if i in flex:
                column = set(column)
                widest = max((em_text(v, REGULAR) for v in column), default=0.0)
                word = max((em_text(w, REGULAR) for v in column for w in v.split()), default=0.0)
            else:
                widest = _widest_em(column, REGULAR)
                word = 0.0
            if total is not None and i > 0 and total[i]:  # total[0] spans the first columns
                widest = max(widest, em_text(total[i], BOLD))
            self.content.append(widest)
            self.header_line.append(em_text(title, BOLD))
            self.header_word.append(max((em_text(w, BOLD) for w in title.split()), default=0.0))
            self.flex_word.append(word)

    def widths(self, size: float, pad: float, width: float) -> tuple[list[float], int]:
        """Column widths that fill ``width``, and how tight they are.

        Numbers always get their natural width. If everything fits with headers
        on one line the spare room is spread evenly (RELAXED); otherwise header
        words are stacked (STACKED); if the flex columns (product, quality)
        still do not fit they share what is left and wrap (SQUEEZED)."""
        flex = self.flex
        count = len(self.content)
        extra = 2 * pad + 0.5
        content = [c * size + extra for c in self.content]
        header_word = [h * size + extra for h in self.header_word]

        relaxed = [max(c, h * size + extra) for c, h in zip(content, self.header_line)]
        if sum(relaxed) <= width:
            spare = (width - sum(relaxed)) / count
            return [w + spare for w in relaxed], RELAXED

        widths = [max(c, h) for c, h in zip(content, header_word)]
        room = width - sum(w for i, w in enumerate(widths) if i not in flex)
        if sum(widths[i] for i in flex) <= room:
            spare = (room - sum(widths[i] for i in flex)) / count
            return [w + spare for w in widths], STACKED
        minimum = {i: max(header_word[i], min(self.flex_word[i] * size, 60.0) + extra) for i in flex}
        least = sum(minimum.values())
        if least <= room:
            # share the room in proportion to need, never below the minimum
            need = sum(widths[i] - minimum[i] for i in flex) or 1.0
            spare = room - least
            for i in flex:
                widths[i] = minimum[i] + spare * (widths[i] - minimum[i]) / need
            return widths, SQUEEZED
        for i in flex:
            widths[i] = minimum[i]
        scale = width / sum(widths)
        return [w * scale for w in widths], SQUEEZED


# ------------------------------------------------------------------ flowables


class Grid(Flowable):
    """A table of plain strings: a header row repeated on every page, shaded
    alternate rows, and an optional bold totals row that is never separated
    from the last line.

    ReportLab's Table draws each cell with its own text object; a statement
    run prints hundreds of thousands of cells, so this one draws all the text
    of a page's part in a single text object. Cells may hold several lines
    (separated by newlines); they are centred vertically, headers sit at the
    bottom of their row."""

    TOP_PAD, BOTTOM_PAD = 2.0, 3.0

    def __init__(self, header, rows, total, widths, right, size, pad, *, first=0, heights=None):
        super().__init__()
        self.header, self.rows, self.total = header, rows, total
        self.widths, self.right, self.size, self.pad = widths, right, size, pad
        self.leading = size * 1.2
        self.first = first  # index of rows[0] in the whole table: keeps the shading in step
        self.header_height = self._height(header)
        self.heights = heights if heights is not None else [self._height(row) for row in rows]
        self.total_height = self._height(total) if total is not None else 0.0

    def _height(self, row) -> float:
        lines = max(cell.count("\n") for cell in row) + 1
        return lines * self.leading + self.TOP_PAD + self.BOTTOM_PAD

    def wrap(self, avail_width, avail_height):
        self.width = sum(self.widths)
        self.height = self.header_height + sum(self.heights) + self.total_height
        return self.width, self.height

    def _part(self, start: int, stop: int, total) -> Grid:
        return Grid(self.header, self.rows[start:stop], total, self.widths, self.right, self.size, self.pad,
                     first=self.first + start, heights=self.heights[start:stop])

    def split(self, avail_width, avail_height):
        used, fit = self.header_height, 0
        for height in self.heights:
            if used + height > avail_height:
                break
            used += height
            fit += 1
        if fit == len(self.rows) and self.total is not None:
            fit -= 1  # the totals row takes the last line with it
        if fit <= 0:
            return []
        return [self._part(0, fit, None), self._part(fit, len(self.rows), self.total)]

    def draw(self):
        c = self.canv
        width, widths, size, leading = self.width, self.widths, self.size, self.leading
        rows = [(self.header, self.header_height, BOLD, True)]
        rows += [(row, height, REGULAR, False) for row, height in zip(self.rows, self.heights)]
        if self.total is not None:
            rows.append((self.total, self.total_height, BOLD, False))

        # fills, then rules, then all the text
        c.saveState()
        c.setFillColor(HEAD_FILL)
        top = self.height
        c.rect(0, top - self.header_height, width, self.header_height, stroke=0, fill=1)
        c.setFillColor(ZEBRA_FILL)
        y = top - self.header_height
        for i, height in enumerate(self.heights, start=self.first):
            if i % 2:
                c.rect(0, y - height, width, height, stroke=0, fill=1)
            y -= height
        if self.total is not None:
            c.setFillColor(TOTAL_FILL)
            c.rect(0, 0, width, self.total_height, stroke=0, fill=1)
        c.setStrokeColor(BLACK)
        c.setLineWidth(0.75)
        c.line(0, top - self.header_height, width, top - self.header_height)
        if self.total is not None:
            c.line(0, self.total_height, width, self.total_height)
        c.rect(0, 0, width, self.height, stroke=1, fill=0)
        c.restoreState()

        text = c.beginText()
        font = None
        y = top
        for row, height, row_font, is_header in rows:
            if row_font != font:
                text.setFont(row_font, size, leading)
                font = row_font
            x = 0.0
            for i, cell in enumerate(row):
                if cell:
                    self._cell(text, cell, x, widths[i], y, height, font, i in self.right, is_header)
                x += widths[i]
            y -= height
        c.drawText(text)

    def _cell(self, text, cell: str, x: float, width: float, y: float, height: float, font: str, right: bool,
              header: bool) -> None:
        """A cell's lines: a header's at the bottom of its row, the others centred
        in it; right-aligned (amounts) or left, within its padding."""
        size, leading, pad = self.size, self.leading, self.pad
        lines = cell.split("\n")
        if header:
            baseline = y - height + self.BOTTOM_PAD + len(lines) * leading - size
        else:
            baseline = y - (self.TOP_PAD + height - self.BOTTOM_PAD - len(lines) * leading) / 2 - size
        for line in lines:
            left = x + width - pad - em_text(line, font) * size if right else x + pad
            text.setTextOrigin(left, baseline)
            text.textOut(line)
            baseline -= leading


class Letterhead(Flowable):
    """Cooperative on the left, a boxed title with the correlative on the right,
    then the campaign and the dateline."""

    BOX_WIDTH = 220.0
    NAME_SIZE, RUC_SIZE, ADDRESS_SIZE = 13.5, 10.5, 9.5
    TITLE_SIZE, NUMBER_SIZE, LINE_SIZE = 11.5, 15.0, 10.0
    MARK_SIZE = 8.5

    def __init__(self, view: StatementView):
        super().__init__()
        self.view = view

    def wrap(self, avail_width, avail_height):
        view = self.view
        self.width = avail_width
        left = avail_width - self.BOX_WIDTH - 14
        self._name = split_lines(view.cooperative_name, BOLD, self.NAME_SIZE, left)
        self._address = split_lines(view.cooperative_address, REGULAR, self.ADDRESS_SIZE, left) if view.cooperative_address else []
        self._title = split_lines(view.title, BOLD, self.TITLE_SIZE, self.BOX_WIDTH - 12)
        mark = getattr(view, "reprint", "")  # «REIMPRESIÓN n.º 1, fecha» under the number
        self._mark = split_lines(mark, BOLD, self.MARK_SIZE, self.BOX_WIDTH - 10) if mark else []
        left_height = len(self._name) * 16.5 + 14 + len(self._address) * 12
        self._box_height = 8 + len(self._title) * 14 + 6 + 20 + len(self._mark) * (self.MARK_SIZE + 2.5)
        top = max(left_height, self._box_height)
        campaign_width = stringWidth(view.campaign, REGULAR, self.LINE_SIZE)
        dateline_width = stringWidth(view.dateline, REGULAR, self.LINE_SIZE)
        self._one_line = campaign_width + dateline_width + 24 <= avail_width
        self._top = top
        self.height = top + 10 + (16 if self._one_line else 30)
        return self.width, self.height

    def draw(self):
        c = self.canv
        view = self.view
        h = self.height
        # the cooperative
        y = h - 13
        c.setFillColor(BLACK)
        c.setFont(BOLD, self.NAME_SIZE)
        for line in self._name:
            c.drawString(0, y, line)
            y -= 16.5
        y += 2
        c.setFont(REGULAR, self.RUC_SIZE)
        c.drawString(0, y, view.cooperative_ruc)
        y -= 13.5
        c.setFont(REGULAR, self.ADDRESS_SIZE)
        for line in self._address:
            c.drawString(0, y, line)
            y -= 12
        # the title box: a grey band with the title, the number below
        x = self.width - self.BOX_WIDTH
        box_top = h
        band = 8 + len(self._title) * 14
        c.setFillColor(HEAD_FILL)
        c.rect(x, box_top - band, self.BOX_WIDTH, band, stroke=0, fill=1)
        c.setFillColor(BLACK)
        c.setLineWidth(1.2)
        c.rect(x, box_top - self._box_height, self.BOX_WIDTH, self._box_height, stroke=1, fill=0)
        c.setLineWidth(0.75)
        c.line(x, box_top - band, x + self.BOX_WIDTH, box_top - band)
        c.setFont(BOLD, self.TITLE_SIZE)
        ty = box_top - 15
        for line in self._title:
            c.drawCentredString(x + self.BOX_WIDTH / 2, ty, line)
            ty -= 14
        c.setFont(BOLD, self.NUMBER_SIZE)
        marks = len(self._mark) * (self.MARK_SIZE + 2.5)
        c.drawCentredString(x + self.BOX_WIDTH / 2, box_top - self._box_height + 7 + marks, view.number)
        c.setFont(BOLD, self.MARK_SIZE)
        my = box_top - self._box_height + 5 + marks - self.MARK_SIZE - 2.5
        for line in self._mark:
            c.drawCentredString(x + self.BOX_WIDTH / 2, my, line)
            my -= self.MARK_SIZE + 2.5
        # campaign and dateline
        y = h - self._top - 10 - 11
        c.setFont(REGULAR, self.LINE_SIZE)
        c.drawString(0, y, view.campaign)
        if self._one_line:
            c.drawRightString(self.width, y, view.dateline)
        else:
            c.drawRightString(self.width, y - 14, view.dateline)


class Heading(Flowable):
    """A section title in bold."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = SECTION_SIZE + 8
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setFillColor(BLACK)
        c.setFont(BOLD, SECTION_SIZE)
        c.drawString(0, 5, self.text)


class _Signatures(Flowable):
    """The officers' signature lines, then the member's "Recibí conforme" box
    with a thumbprint square. One flowable, so it is never split."""

    LABEL_SIZE = 9
    SIGN_ROOM = 46  # blank space above each signature line
    RECEIPT_HEIGHT = 112
    THUMB_W, THUMB_H = 68, 80

    def __init__(self, view: StatementView):
        super().__init__()
        self.view = view

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        column = avail_width / len(self.view.signatures)
        self._column = column
        self._labels = [split_lines(s, REGULAR, self.LABEL_SIZE, column - 16) for s in self.view.signatures]
        rows = max(map(len, self._labels))
        self._officers = self.SIGN_ROOM + 4 + rows * 11
        self.height = self._officers + 16 + self.RECEIPT_HEIGHT
        return self.width, self.height

    def draw(self):
        c = self.canv
        view = self.view
        c.setStrokeColor(BLACK)
        c.setFillColor(BLACK)
        c.setLineWidth(0.75)
        # officers
        line_y = self.height - self.SIGN_ROOM
        c.setFont(REGULAR, self.LABEL_SIZE)
        for i, label_lines in enumerate(self._labels):
            centre = self._column * (i + 0.5)
            c.line(centre - self._column / 2 + 12, line_y, centre + self._column / 2 - 12, line_y)
            y = line_y - 11
            for line in label_lines:
                c.drawCentredString(centre, y, line)
                y -= 11
        # the member's receipt
        h = self.RECEIPT_HEIGHT
        c.setLineWidth(1)
        c.rect(0, 0, self.width, h, stroke=1, fill=0)
        c.setFont(BOLD, 10.5)
        c.drawString(10, h - 17, view.receipt_title)
        thumb_x = self.width - self.THUMB_W - 18
        thumb_y = 18
        sign_right = thumb_x - 30
        sign_left = max(10.0, sign_right - 260)
        sign_y = 46
        c.setLineWidth(0.75)
        c.line(sign_left, sign_y, sign_right, sign_y)
        centre = (sign_left + sign_right) / 2
        c.setFont(REGULAR, 9.5)
        y = sign_y - 12
        for line in split_lines(view.receipt_name, REGULAR, 9.5, sign_right - sign_left)[:2]:
            c.drawCentredString(centre, y, line)
            y -= 11.5
        c.drawCentredString(centre, y, view.receipt_dni)
        c.rect(thumb_x, thumb_y, self.THUMB_W, self.THUMB_H, stroke=1, fill=0)
        c.setFont(REGULAR, 8)
        c.drawCentredString(thumb_x + self.THUMB_W / 2, 7, view.thumbprint)


# ------------------------------------------------------------------ page furniture


class NumberedCanvas(Canvas):
    """Keeps every page until ``save`` so each can say "Página n de N"."""

    def __init__(self, *args, decorate: Callable[[Canvas, int, int], None], pdf_date: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._page_states: list[dict] = []
        # creation date = the printing date on the statement, not the clock
        self.setDateFormatter(lambda *_clock: pdf_date)

    def showPage(self):
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        pages = len(self._page_states)
        for page, state in enumerate(self._page_states, start=1):
            self.__dict__.update(state)
            self._decorate(self, page, pages)
            Canvas.showPage(self)
        Canvas.save(self)


def page_decorator(view: StatementView) -> Callable[[Canvas, int, int], None]:
    left_width = stringWidth(view.footer_left, REGULAR, FOOTER_SIZE)
    name_width = stringWidth(view.footer_center, REGULAR, FOOTER_NAME_SIZE)
    running_header = split_lines(view.running_header, REGULAR, FOOTER_SIZE, WIDTH)[0]
    rule_y = 15 * mm
    text_y = 10.5 * mm

    def decorate(c: Canvas, page: int, pages: int) -> None:
        page_width, page_height = c._pagesize  # A4 upright, or across (the padrón's pages)
        right = page_width - MARGIN_X
        width = right - MARGIN_X
        c.saveState()
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.line(MARGIN_X, rule_y, right, rule_y)
        c.setFillColor(BLACK)
        c.setFont(REGULAR, FOOTER_SIZE)
        draw_repeated(c, c.drawString, MARGIN_X, text_y, view.footer_left)
        page_text = view.page_of % {"page": page, "pages": pages}
        c.drawRightString(right, text_y, page_text)
        room = width - 2 * max(left_width, stringWidth(page_text, REGULAR, FOOTER_SIZE)) - 24
        c.setFont(REGULAR, FOOTER_NAME_SIZE)
        c.setFillColor(GREY_TEXT)
        draw_repeated(c, c.drawCentredString, page_width / 2, text_y if name_width <= room else text_y - 11,
                      view.footer_center)
        if page > 1:
            top = page_height - 11 * mm
            c.setFillColor(GREY_TEXT)
            c.setFont(REGULAR, FOOTER_SIZE)
            draw_repeated(c, c.drawString, MARGIN_X, top, running_header)
            c.line(MARGIN_X, top - 4, right, top - 4)
        c.restoreState()

    return decorate


# ------------------------------------------------------------------ story


def member_table(view: StatementView) -> Table:
    (name_l, name), (dni_l, dni), (code_l, code), (zone_l, zone), (cert_l, cert) = view.member_fields
    w = MEMBER_WIDTHS
    inner = 2 * MEMBER_PAD

    def value(text: str, width: float, font: str = REGULAR) -> str:
        return wrap_text(text, font, MEMBER_VALUE_SIZE, width - inner)

    def lab(text: str, width: float) -> str:
        return wrap_text(text, BOLD, MEMBER_LABEL_SIZE, width - inner)

    data = [
        [lab(name_l, w[0]), value(name, w[1] + w[2] + w[3], BOLD), "", "", lab(dni_l, w[4]), value(dni, w[5])],
        [lab(code_l, w[0]), value(code, w[1]), lab(zone_l, w[2]), value(zone, w[3]), lab(cert_l, w[4]), value(cert, w[5])],
    ]
    return Table(data, colWidths=MEMBER_WIDTHS, style=_MEMBER_STYLE, hAlign="LEFT")


def _deliveries_table(view: StatementView) -> Grid:
    measures = TableMeasures(view.deliveries_header, view.deliveries, view.deliveries_total, DELIVERY_FLEX)
    for size, pad in TABLE_FITS:
        widths, fit = measures.widths(size, pad, WIDTH)
        if fit != SQUEEZED:
            break
    if fit == RELAXED:
        header = view.deliveries_header
    else:
        # "Bruto\nkg", "Tara\nkg", "Hum.\n%": every header stacked the same way
        header = tuple("\n".join(h.split()) for h in view.deliveries_header)
    rows = view.deliveries
    if fit == SQUEEZED:
        flex = [(i, widths[i] - 2 * pad) for i in DELIVERY_FLEX]
        rows = []
        for row in view.deliveries:
            cells = list(row)
            for i, room in flex:
                cells[i] = wrap_text(cells[i], REGULAR, size, room)
            rows.append(cells)
    return Grid(header, rows, view.deliveries_total, widths, DELIVERY_RIGHT, size, pad)


def _summary_table(view: StatementView) -> Grid:
    widths, _fit = TableMeasures(view.summary_header, view.summary, None, SUMMARY_FLEX).widths(
        SUMMARY_SIZE, SUMMARY_PAD, WIDTH
    )
    # keep the numbers together on the right: the product column takes the slack
    numbers = [max(w, 86.0) for w in widths[1:]]
    widths = [WIDTH - sum(numbers)] + numbers
    room = widths[0] - 2 * SUMMARY_PAD
    rows = [(wrap_text(row[0], REGULAR, SUMMARY_SIZE, room), *row[1:]) for row in view.summary]
    return Grid(view.summary_header, rows, None, widths, SUMMARY_RIGHT, SUMMARY_SIZE, SUMMARY_PAD)


def _totals_table(view: StatementView) -> Table:
    data = [
        [wrap_text(view.total_line, BOLD, TOTAL_SIZE, WIDTH - 12)],
        [wrap_text(view.amount_in_words, BOLD, WORDS_SIZE, WIDTH - 12)],
    ]
    return Table(data, colWidths=[WIDTH], style=_TOTALS_STYLE, hAlign="LEFT")


def _story(view: StatementView) -> list[Flowable]:
    story: list[Flowable] = [Letterhead(view), Spacer(0, 8), member_table(view), Spacer(0, 12)]
    if view.has_deliveries:
        story += [
            Heading(view.deliveries_title),
            _deliveries_table(view),
            Spacer(0, 12),
            KeepTogether([Heading(view.summary_title), _summary_table(view)]),
        ]
    else:
        story.append(
            Table([[wrap_text(view.no_deliveries, REGULAR, NOTE_SIZE, WIDTH - 12)]], colWidths=[WIDTH], style=_NOTE_STYLE)
        )
    story.append(
        KeepTogether([Spacer(0, 12), _totals_table(view), Spacer(0, 10), _Signatures(view)])
    )
    return story


# ------------------------------------------------------------------ public API


def render_statement_view(view: StatementView, out: str | os.PathLike | BinaryIO) -> None:
    """Lay out an already-built view into ``out`` (a path or a binary file)."""
    register_fonts()
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    with whole_file(out) as target:  # under its final name only when complete
        doc = BaseDocTemplate(
            target,
            pagesize=A4,
            pageTemplates=[PageTemplate(id="page", frames=[frame])],
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=view.pdf_title,
            author=view.pdf_author,
            subject=view.pdf_subject,
            creator="coopdesk",
            invariant=1,  # same statement, same bytes: no clock time, no random file id
            initialFontName=REGULAR,
        )
        decorate = page_decorator(view)

        def canvasmaker(*args, **kwargs):
            return NumberedCanvas(*args, decorate=decorate, pdf_date=view.pdf_date, **kwargs)

        doc.build(_story(view), canvasmaker=canvasmaker)


def render_member_statement(statement: MemberStatement, out: str | os.PathLike | BinaryIO) -> None:
    """Write the member's statement as a PDF to ``out`` (a path or a binary file)."""
    render_statement_view(statement_view(statement), out)


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def safe_name(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE.sub("-", ascii_text).strip("-")


def statement_filename(statement: MemberStatement) -> str:
    """A file name that is safe everywhere and names this issue of the statement:
    ``estado-cuenta-2026-S0001-000123.pdf``, and its k-th reprint
    ``…-000123-reimpresion-k.pdf``: a reprint keeps the number, and never overwrites
    (or, on Windows, fails on) an earlier printing open in a viewer."""
    parts = [safe_name(_("estado-cuenta")) or "estado-cuenta", safe_name(statement.campaign.code), safe_name(statement.member.code),
             f"{statement.number:06d}"]
    if statement.reprint:
        parts += [safe_name(_("reimpresion")) or "reimpresion", str(statement.reprint)]
    return "-".join(p for p in parts if p) + ".pdf"

"""The flowables and page layout every printed document shares: text that
wraps by word and never splits an amount, tables whose columns fit their
content, the banner, note box and signature lines, and ``build`` (A4 pages with
the statement's margins, footer, «Página n de N», a watermark and the
«continúa» line).

Public on purpose: liquidation, account statement, board summary, criteria,
ledger and the other papers build on it; none of them imports another's
private names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any


from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
)

from coopdesk.i18n import _
from coopdesk.reports.files import whole_file
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.liquidation_view import LiquidationView, TableText
from coopdesk.reports.statement_pdf import (
    BLACK,
    GRID,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    WIDTH,
    Grid,
    split_lines,
    NumberedCanvas,
    wrap_text,
)

BODY = 10.0
FORMULA = 10.5
GRID_SIZE = 10.0
GRID_PAD = 3.0
NET_SIZE = 13.0
WATERMARK_GREY = colors.Color(0.55, 0.55, 0.55)
WARNING_FILL = colors.Color(0.90, 0.90, 0.90)

# ------------------------------------------------------------------ text

KEEP = "\ue000"  # stands for a no-break space while wrapping (it is not whitespace to str.split)


def wrap(text: str, font: str, size: float, width: float) -> str:
    """The statement's ``wrap_text``, but never breaking at a no-break space
    ("S/\u00a03,120.00" stays on one line)."""
    if "\u00a0" not in text or stringWidth(text, font, size) <= width:
        return wrap_text(text, font, size, width)
    return wrap_text(text.replace("\u00a0", KEEP), font, size, width).replace(KEEP, "\u00a0")


def lines(text: str, font: str, size: float, width: float) -> list[str]:
    return wrap(text, font, size, width).split("\n")


# The smallest type a table may shrink to so that its figures stay whole.
SMALLEST = 7.0


def flex_word(rows, i: int, size: float, width: float) -> float:
    """The longest word of a wrapping column (a word is never cut), at most a
    third of the line: a longer "word" (a code with no spaces) is cut rather
    than squeezing the figures."""
    longest = max((stringWidth(w, BOLD, size) for r in rows if r[i] for w in r[i].split()), default=0.0)
    return min(longest, width / 3)


def column_needs(header, rows, flex, size: float, pad: float, width: float) -> tuple[list[float], list[float]]:
    """Per column: the least width (header words, whole figures, the longest
    word of a wrapping column) and the natural width (everything on one line)."""
    extra = 2 * pad + 1
    count = len(header)
    word = [max((stringWidth(w, BOLD, size) for w in h.split()), default=0.0) + extra for h in header]
    content = [max((stringWidth(r[i], BOLD, size) for r in rows if r[i]), default=0.0) + extra for i in range(count)]
    least = [max(word[i], flex_word(rows, i, size, width) + extra) if i in flex else max(word[i], content[i])
             for i in range(count)]
    natural = [max(word[i], content[i]) for i in range(count)]
    return least, natural


def fits(header, rows, flex, size: float, pad: float, width: float) -> bool:
    """Whether every figure and every header word fits whole at ``size``."""
    least, _natural = column_needs(header, rows, flex, size, pad, width)
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
    least, need = column_needs(header, rows, flex, size, pad, width)
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


class Text(Flowable):
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


class Banner(Flowable):
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


class NoteBox(Flowable):
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


class SignOff(Flowable):
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
        self._name = split_lines(self.view.receipt_name, REGULAR, self.LABEL, room)[:2]
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


class Start(Flowable):
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


class Cancelled(Exception):
    pass


# ------------------------------------------------------------------ tables


def grid(table: TableText, right: Iterable[int], flex: tuple[int, ...] = (0,), size: float = GRID_SIZE,
         pad: float = GRID_PAD, width: float = WIDTH) -> Grid:
    """A ``TableText`` as the statement's grid: numbers keep their natural width,
    the ``flex`` columns take the rest; headers and flex cells wrap if they must."""
    measured = list(table.rows) + ([table.total] if table.total is not None else [])
    size = fit_size(table.header, measured, flex, size, pad, width)
    widths = fit_widths(table.header, measured, flex, size, pad, width)
    header = tuple(wrap(h, BOLD, size, widths[i] - 2 * pad) for i, h in enumerate(table.header))
    rows = [tuple(wrap(cell, REGULAR, size, widths[i] - 2 * pad) if i in flex else cell for i, cell in enumerate(row))
            for row in table.rows]
    return Grid(header, rows, table.total, widths, frozenset(right), size, pad)


class MembersCanvas(NumberedCanvas):
    """The statement's numbered canvas, counting pages per member: in a file of
    many liquidations each member's pages say "Página n de N" of their own.
    With ``duplex`` (printed two-sided), a member whose pages are odd in number
    is followed by a blank page, so the next member starts on a front page."""

    def __init__(self, *args, decorators: Callable[[int], Callable[[Canvas, int, int], None]], continued: str = "",
                 duplex: bool = False, **kwargs):
        super().__init__(*args, decorate=None, **kwargs)
        self._decorators = decorators
        self._continued = continued
        self._duplex = duplex

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
                self.drawRightString(self._pagesize[0] - MARGIN_X, MARGIN_BOTTOM - 12, self._continued)
            Canvas.showPage(self)
            if self._duplex and seen[owner] == counts[owner] and counts[owner] % 2:
                Canvas.showPage(self)  # the back of the member's last page, left blank
        Canvas.save(self)


FIRST, LATER, WIDE = "first", "later", "wide"
FIRST_TOP = 12 * mm
WIDE_PAGE = (PAGE_HEIGHT, PAGE_WIDTH)  # A4 across: ``NextPageTemplate(WIDE)`` before a page break
WIDE_WIDTH = PAGE_HEIGHT - 2 * MARGIN_X  # the frame's width on it (a table with many columns, the padrón)


def watermark(text: str) -> Callable[[Canvas, Any], None]:
    """Draws ``text`` large and light, diagonally, under the page's content."""

    def on_page(c: Canvas, _doc) -> None:
        if not text:
            return
        page_width, page_height = c._pagesize
        c.saveState()
        c.setFillColor(WATERMARK_GREY)
        c.setFillAlpha(0.18)
        size = 96.0
        room = (page_width ** 2 + page_height ** 2) ** 0.5 * 0.8
        width = stringWidth(text, BOLD, size)
        if width > room:
            size *= room / width
        c.setFont(BOLD, size)
        c.translate(page_width / 2, page_height / 2)
        c.rotate(54 if page_height > page_width else 36)
        c.drawCentredString(0, -size / 3, text)
        c.restoreState()

    return on_page


def build(story: list[Flowable], out, *, title: str, author: str, subject: str, pdf_date: str, mark: str,
          decorators: Callable[[int], Callable[[Canvas, int, int], None]], continued: str | None = None,
          landscape: bool = False, duplex: bool = False) -> None:
    """Lay out ``story`` on A4 pages with the statement's margins and footer.

    A member's first page has no running header, so its text starts higher
    (FIRST_TOP); later pages keep the statement's top margin. A ``FIRST`` mark
    (``NextPageTemplate``) before a page break starts the next member. Every
    page but a document's last says ``continued`` above its footer (default
    «continúa en la página siguiente»). ``landscape``: every page A4 across
    (the Libro Diario's columns, the hoja de trabajo's ten columns of figures).
    ``duplex``: each member's pages padded to an even count with a blank page
    (``MembersCanvas``)."""
    register_fonts()
    if continued is None:
        continued = _("continúa en la página siguiente")

    page_size = WIDE_PAGE if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
    across = {"pagesize": WIDE_PAGE} if landscape else {}

    def frame(top: float) -> Frame:
        return Frame(MARGIN_X, MARGIN_BOTTOM, page_size[0] - 2 * MARGIN_X, page_size[1] - top - MARGIN_BOTTOM,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")

    on_page = watermark(mark)
    with whole_file(out) as target:  # under its final name only when complete
        doc = BaseDocTemplate(
            target, pagesize=page_size,
            pageTemplates=[PageTemplate(id=FIRST, frames=[frame(FIRST_TOP)], onPage=on_page, autoNextPageTemplate=LATER,
                                        **across),
                           PageTemplate(id=LATER, frames=[frame(MARGIN_TOP)], onPage=on_page, **across),
                           PageTemplate(id=WIDE, frames=[Frame(MARGIN_X, MARGIN_BOTTOM, WIDE_WIDTH,
                                                               PAGE_WIDTH - MARGIN_TOP - MARGIN_BOTTOM, leftPadding=0,
                                                               rightPadding=0, topPadding=0, bottomPadding=0,
                                                               id="wide")],
                                        onPage=on_page, pagesize=WIDE_PAGE)],
            leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
            title=title, author=author, subject=subject, creator="coopdesk",
            invariant=1, initialFontName=REGULAR,
        )

        def canvasmaker(*args, **kwargs):
            return MembersCanvas(*args, decorators=decorators, pdf_date=pdf_date, continued=continued, duplex=duplex,
                                 **kwargs)

        doc.build(story, canvasmaker=canvasmaker)

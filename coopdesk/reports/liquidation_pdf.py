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
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.tables import TableStyle

from coopdesk.i18n import _, ngettext
from coopdesk.reports.files import whole_file
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.liquidation_view import LiquidationView, liquidation_view
from coopdesk.reports.statement_pdf import (
    BLACK,
    GREY_TEXT,
    GRID,
    WIDTH,
    ZEBRA_FILL,
    page_decorator,
    Heading,
    Letterhead,
    member_table,
    safe_name,
)
from coopdesk.reports.flowables import (
    BODY, FIRST, FORMULA, NET_SIZE, Banner, Cancelled, NoteBox, SignOff, Start, Text, build, grid, lines, wrap,
)

__all__ = ["batch_filename", "liquidation_filename", "render_liquidation", "render_liquidations", "render_separator",
           "summary_filename"]

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
    data = [[Text(view.glossary_title, BOLD, BODY), ""]] + [[a, b] for a, b in zip(left, right)]
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
        Letterhead(view),
        Spacer(0, 4),
        Text(view.heading, BOLD, 13, leading=15),
    ]
    if view.warning:
        story += [Spacer(0, 2), Banner(view.warning, view.status_line)]
    else:
        story.append(Text(view.status_line, REGULAR, BODY - 0.5, GREY_TEXT))
    story += [Spacer(0, 6), member_table(view)]
    if view.summary:  # the whole in plain words first (it says why a member takes no part)
        story += [Spacer(0, GAP), _Summary(view)]
    elif view.eligibility_note:
        story += [Spacer(0, 5), NoteBox(view.eligibility_note, BOLD)]
    story.append(Spacer(0, GAP))
    if view.deliveries.rows:
        story += [Heading(view.deliveries.title), grid(view.deliveries, DELIVERY_RIGHT, flex=(0, 1))]
    else:
        story += [Heading(view.deliveries.title), NoteBox(view.no_deliveries)]
    pots: list[Flowable] = [Spacer(0, GAP), Heading(view.pots_title), _pots_list(view)]
    if view.rounding_note:
        pots += [Spacer(0, 2), Text(view.rounding_note, REGULAR, BODY, GREY_TEXT)]
    last = pots
    if view.deductions is not None:
        story.append(KeepTogether(pots))
        # the table's first heading names it ("Descuentos | Debía | Descontado | Queda debiendo")
        last = [Spacer(0, GAP + 4), grid(view.deductions, DEDUCTION_RIGHT)]
        if view.debt_note:
            last += [Spacer(0, 2), Text(view.debt_note, BOLD, BODY)]
    closing: list[Flowable] = [Spacer(0, GAP + 2), _settlement(view)]
    for note in view.notes:
        closing += [Spacer(0, 2), Text(note, REGULAR, BODY)]
    closing += [Spacer(0, 2), Text(view.verification_note, REGULAR, BODY - 1.5, GREY_TEXT), Spacer(0, 4),
                SignOff(view)]
    # the net, its words, the code and the signatures never stand alone on a
    # page: they go with the last figures (the deductions, else the pots)
    story.append(KeepTogether(last + closing))
    if view.glossary:  # kept whole: on the first page when it fits, else on the back
        story += [Spacer(0, GAP + 4), KeepTogether([_glossary(view)])]
    return story


# ------------------------------------------------------------------ page furniture


# ------------------------------------------------------------------ public API


def render_liquidation_view(view: LiquidationView, out: str | os.PathLike | BinaryIO) -> None:
    register_fonts()
    decorate = page_decorator(view)
    build([Start(0)] + liquidation_story(view), out, title=view.pdf_title, author=view.pdf_author,
          subject=view.pdf_subject, pdf_date=view.pdf_date, mark=view.watermark, decorators=lambda _i: decorate)


def render_liquidation(context, member, season, result, out: str | os.PathLike | BinaryIO,
                       member_code: str = "", document=None) -> None:
    """One member's liquidation (see ``liquidation_view`` for the arguments)."""
    render_liquidation_view(liquidation_view(context, member, season, result, member_code, document), out)


def render_liquidations(context, parts: Iterable, out: str | os.PathLike | BinaryIO,
                        progress: Callable[[int, int], None] | None = None,
                        cancelled: Callable[[], bool] | None = None, duplex: bool = False) -> bool:
    """Many members' liquidations in one file, each from a new page (with
    ``duplex``, from a front page: a blank page after a member's odd page count). ``parts``:
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
            raise Cancelled
        if progress is not None and index:
            progress(index, total)

    story: list[Flowable] = []
    for i, view in enumerate(views):
        if i:
            story += [NextPageTemplate(FIRST), PageBreak()]
        story.append(Start(i, step))
        story += liquidation_story(view)
    decorators: dict[int, Callable] = {}

    def decorator(i: int):
        if i not in decorators:
            decorators.clear()  # pages come in member order: keep one
            decorators[i] = page_decorator(views[i])
        return decorators[i]

    first = views[0]
    title = _("Liquidaciones de %(name)s") % {"name": context.run.name}
    try:
        build(story, out, title=title, author=first.pdf_author, subject=first.pdf_subject, pdf_date=first.pdf_date,
              mark=first.watermark, decorators=decorator, duplex=duplex)
    except Cancelled:
        return False
    if progress is not None:
        progress(total, total)
    return True


def render_separator(context, group: str, members: int, out: str | os.PathLike | BinaryIO,
                     duplex: bool = False) -> None:
    """The page that opens a group (a zone, a collection point) in a batch of
    liquidations: the cooperative, the run, the group in large type and how
    many liquidations follow, so the printed pile is split by hand in a glance.
    With ``duplex``, its back is a blank page: the first member starts on a front."""
    from reportlab.pdfgen.canvas import Canvas

    from coopdesk.i18n.formatting import format_number
    from coopdesk.reports.statement_pdf import MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH

    register_fonts()
    with whole_file(out) as target:
        c = Canvas(target, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1)
        c.setTitle(group)
        c.setAuthor(context.cooperative.name)
        c.setCreator("coopdesk")
        middle = PAGE_WIDTH / 2
        c.setFillColor(BLACK)
        c.setFont(BOLD, 14)
        c.drawCentredString(middle, PAGE_HEIGHT - 90, context.cooperative.name)
        c.setFont(REGULAR, 12)
        c.drawCentredString(middle, PAGE_HEIGHT - 110, _("Liquidaciones de %(name)s") % {"name": context.run.name})
        size = 40.0
        width = PAGE_WIDTH - 2 * MARGIN_X
        while size > 16 and stringWidth(group, BOLD, size) > width:
            size -= 2
        text = lines(group, BOLD, size, width)
        y = PAGE_HEIGHT / 2 + (len(text) - 1) * size * 0.6
        c.setFont(BOLD, size)
        for line in text:
            c.drawCentredString(middle, y, line)
            y -= size * 1.2
        c.setFont(REGULAR, 14)
        c.drawCentredString(middle, y - 10, ngettext("%(n)s liquidación", "%(n)s liquidaciones", members) % {
            "n": format_number(members)})
        c.setStrokeColor(BLACK)
        c.setLineWidth(2)
        c.rect(MARGIN_X, PAGE_HEIGHT / 2 - 120, width, 240, stroke=1, fill=0)
        c.showPage()
        if duplex:
            c.showPage()  # its back, left blank
        c.save()


def batch_filename(run_number: int) -> str:
    """``liquidaciones-3.pdf``: a run's liquidations as one print job."""
    stem = safe_name(_("liquidaciones")) or "liquidaciones"
    return f"{stem}-{run_number}.pdf"


def liquidation_filename(run_number: int, member_code: str) -> str:
    """``liquidacion-3-S0001.pdf``: safe everywhere, one per member and run."""
    stem = safe_name(_("liquidacion")) or "liquidacion"
    return f"{stem}-{run_number}-{safe_name(member_code) or 'socio'}.pdf"


def summary_filename(run_number: int) -> str:
    """``resumen-distribucion-3.pdf``."""
    stem = safe_name(_("resumen-distribucion")) or "resumen-distribucion"
    return f"{stem}-{run_number}.pdf"



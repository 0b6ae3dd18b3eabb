"""The «Boletín mensual» as an A4 PDF (``render_bulletin``), and its pages as PNG
images a treasurer can send by WhatsApp (``pdf_to_png``).

The bulletin itself fits one or two pages: the month's deliveries against a
year before (a table and a ReportLab bar chart), sales and money, the Premium
fund, the board's decisions and the next assembly. With slips, each member's
«hoja personal» follows, three to a page, with a line to cut them apart; a
slip is one flowable, never split across pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, NextPageTemplate, PageBreak, Spacer

from coopdesk.i18n import _
from coopdesk.reports.bulletin_view import BulletinView, SlipView
from coopdesk.reports.charts import bar_chart
from coopdesk.reports.flowables import BODY, FIRST, NoteBox, Start, Text, build, grid, lines
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.statement_pdf import BLACK, GRID, GREY_TEXT, LABEL_FILL, WIDTH, Heading, Letterhead, \
    draw_repeated, page_decorator

__all__ = ["PngUnavailable", "SlipBox", "pdf_to_png", "render_bulletin", "story", "write_bulletin"]

GAP = 8
SIZE = 10.5  # a bulletin is read by members: larger than the statements' tables
SLIPS_PER_PAGE = 3


class SlipBox(Flowable):
    """A member's slip: title, who, the figures in two columns of label and
    amount, the sentence under them, and a dashed line to cut along."""

    TITLE, NAME, ROW, NOTE = 12.5, 10.5, 11.0, 9.5
    HEIGHT = 228.0

    def __init__(self, slip: SlipView, cut_here: str):
        super().__init__()
        self.slip, self.cut_here = slip, cut_here

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, self.HEIGHT
        self._name = lines(self.slip.name, REGULAR, self.NAME, avail_width - 20)[:2]
        self._note = lines(self.slip.note, REGULAR, self.NOTE, avail_width - 20)[:3]
        return self.width, self.height

    def draw(self):
        """What every slip shares (box, title, labels, rules, the note, the cut line) is
        drawn once per document as a PDF form and placed on each slip; only the
        member's name and figures are drawn slip by slip."""
        c = self.canv
        w = self.width
        labels = tuple(label for label, _value in self.slip.rows)
        key = (self.slip.title, labels, tuple(self._note), len(self._name), round(w, 2), self.cut_here)
        forms = c.__dict__.setdefault("_slip_forms", {})
        name = forms.get(key)
        if name is None:
            name = forms[key] = f"slip{len(forms)}"
            c.beginForm(name, lowerx=0, lowery=0, upperx=w, uppery=self.height)
            self._draw_shared(c)
            c.endForm()
        c.doForm(name)
        y = self.height - 14 - 8 - self.TITLE
        c.setFillColor(BLACK)
        c.setFont(REGULAR, self.NAME)
        for text in self._name:
            y -= self.NAME + 4
            c.drawString(10, y, text)
        y -= 8
        for i, (_label, value) in enumerate(self.slip.rows):
            y -= self.ROW + 6
            c.setFont(BOLD if i >= len(self.slip.rows) - 2 else REGULAR, self.ROW)
            # most members share a few figures (S/ 0.00 above all): each at its row laid out once
            draw_repeated(c, c.drawRightString, w - 10, y, value)

    def _draw_shared(self, c) -> None:
        w, h = self.width, self.height
        box_top = h - 14
        c.setStrokeColor(BLACK)
        c.setLineWidth(1)
        c.rect(0, 8, w, box_top - 8, stroke=1, fill=0)
        c.setFillColor(BLACK)
        c.setFont(BOLD, self.TITLE)
        y = box_top - 8 - self.TITLE
        c.drawString(10, y, self.slip.title)
        y -= (self.NAME + 4) * len(self._name) + 8
        label_x, value_x = 10, w - 10
        c.setLineWidth(0.4)
        c.setStrokeColor(GRID)
        for i, (label, _value) in enumerate(self.slip.rows):
            y -= self.ROW + 6
            last = i == len(self.slip.rows) - 1
            if last:
                c.setFillColor(LABEL_FILL)
                c.rect(4, y - 4, w - 8, self.ROW + 7, stroke=0, fill=1)
                c.setFillColor(BLACK)
            c.setFont(BOLD if i >= len(self.slip.rows) - 2 else REGULAR, self.ROW)
            c.drawString(label_x, y, label)
            c.line(label_x, y - 4, value_x, y - 4)
        c.setFillColor(GREY_TEXT)
        c.setFont(REGULAR, self.NOTE)
        for text in self._note:
            y -= self.NOTE + 4
            c.drawString(10, y, text)
        # where to cut
        c.setStrokeColor(GREY_TEXT)
        c.setDash(4, 3)
        c.line(0, 2, w, 2)
        c.setDash()
        c.setFont(REGULAR, 7.5)
        c.drawRightString(w, 4, self.cut_here)


def _section(title: str, *body: Flowable) -> KeepTogether:
    return KeepTogether([Heading(title), *body])


def body(view: BulletinView) -> list[Flowable]:
    """The bulletin's pages without the slips."""
    story: list[Flowable] = [Letterhead(view), Spacer(0, 4), Text(view.intro, BOLD, SIZE + 1.5)]
    if view.deliveries.rows:
        story += [Spacer(0, GAP), _section(view.deliveries_title, grid(view.deliveries, (1, 2, 3, 4, 5), flex=(0,),
                                                                       size=SIZE)),
                  Spacer(0, 4), bar_chart(view.chart_title, view.chart_categories, view.chart_series, WIDTH,
                                          height=150)]
    else:
        story += [Spacer(0, GAP), _section(view.deliveries_title, Text(view.intro, REGULAR, SIZE))]
    story += [Spacer(0, GAP), _section(view.money_title, Text(view.money_text, REGULAR, SIZE), Spacer(0, 3),
                                       grid(view.money, (1,), flex=(0,), size=SIZE))]
    premium: list[Flowable] = [Text(view.premium_text, REGULAR, SIZE)]
    if view.premium is not None:
        premium += [Spacer(0, 3), grid(view.premium, (2, 3), flex=(1,), size=SIZE)]
    story += [Spacer(0, GAP), _section(view.premium_title, *premium)]
    story += [Spacer(0, GAP), _section(view.decisions_title, NoteBox(view.decisions, REGULAR, SIZE))]
    story += [Spacer(0, GAP), _section(view.assembly_title, NoteBox(view.assembly, BOLD, SIZE + 1))]
    story += [Spacer(0, GAP), Text(view.closing, REGULAR, BODY, GREY_TEXT)]
    return story


def story(view: BulletinView, slips: bool = True, bulletin: bool = True) -> list[Flowable]:
    """The bulletin's pages (unless not ``bulletin``: a part of the slips printed apart), then the slips."""
    out: list[Flowable] = [Start(0), *body(view)] if bulletin else [Start(0)]
    if slips and view.slips:
        if bulletin:
            out += [NextPageTemplate(FIRST), PageBreak()]
        for slip in view.slips:
            out += [CondPageBreak(SlipBox.HEIGHT + 2), SlipBox(slip, view.cut_here), Spacer(0, 6)]
    return out


def render_bulletin(view: BulletinView, out: str | os.PathLike | BinaryIO, slips: bool = True,
                    bulletin: bool = True) -> None:
    register_fonts()
    decorate = page_decorator(view)
    build(story(view, slips, bulletin), out, title=view.pdf_title, author=view.pdf_author, subject=view.pdf_subject,
          pdf_date=view.pdf_date, mark=view.watermark, decorators=lambda _i: decorate, continued="")


class PngUnavailable(Exception):
    """No PDF renderer (poppler's pdftoppm) on this computer."""


def pdf_to_png(pdf: str | os.PathLike, png: str | os.PathLike, dpi: int = 110, pages: int | None = None) -> list[Path]:
    """Each page of ``pdf`` (the first ``pages``) as a PNG: ``png`` for the first,
    ``name-2.png``… for the next ones. Rendered by poppler's ``pdftoppm``, the
    same renderer the screenshots use."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise PngUnavailable(_("Para guardar el boletín como imagen hace falta el programa pdftoppm (Poppler), "
                               "que no está instalado en esta computadora. El PDF sí se guardó."))
    png = Path(png)
    with tempfile.TemporaryDirectory() as tmp:
        command = [tool, "-png", "-r", str(dpi)]
        if pages is not None:
            command += ["-l", str(pages)]
        subprocess.run([*command, os.fspath(pdf), os.path.join(tmp, "page")], check=True, capture_output=True)
        made = sorted(Path(tmp).glob("page*.png"))
        written = []
        for i, page in enumerate(made, 1):
            target = png if i == 1 else png.with_name(f"{png.stem}-{i}{png.suffix}")
            shutil.move(page, target)
            written.append(target)
    return written


def write_bulletin(view: BulletinView, pdf: str | os.PathLike, png: str | os.PathLike | None = None,
                   slips: bool = True) -> list[Path]:
    """The bulletin's PDF (with the slips, when asked and there are any) and, with
    ``png``, its own pages without the slips as images; returns the images written."""
    render_bulletin(view, pdf, slips)
    if png is None:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        alone = os.path.join(tmp, "boletin.pdf")
        render_bulletin(view, alone, slips=False)
        return pdf_to_png(alone, png)

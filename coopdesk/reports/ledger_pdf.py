"""The printed books of the ledger as A4 PDFs: Libro Diario, Libro Mayor (and
the Libro Caja y Bancos, the Fondo de Prima de Comercio Justo), Balance de
comprobación, Estado de resultados, Estado de situación financiera, and the
Cuentas de socios of a member account.

``ledger_view`` turns the books into strings; this module only places them,
reusing the statement's letterhead, grid, footer and numbered canvas
(``statement_pdf``), the liquidation's page builder and text (``liquidation_pdf``)
and the board summary's signature lines (``distribution_summary_pdf``).

A book of thousands of entries is one light grid flowable (``_BookGrid``, the
statement's grid with rows of several kinds) that splits page by page with its
header repeated; a short entry of the Diario is never split between pages, a
heading never ends a page and a total never starts one.
"""

from __future__ import annotations

import os
from datetime import date
from typing import BinaryIO, Sequence

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from coopdesk.i18n import _
from coopdesk.reports.distribution_summary_pdf import signature_lines
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.ledger_view import (
    ENTRY,
    GRAND,
    OPENING,
    PLAIN,
    SECTION,
    SUBTOTAL,
    BookTable,
    LedgerBookView,
    mayor_title,
)
from coopdesk.reports.flowables import BODY, Banner, NoteBox, Text, build, wrap
from coopdesk.reports.statement_pdf import (
    BLACK,
    GRID,
    HEAD_FILL,
    LABEL_FILL,
    TOTAL_FILL,
    WIDTH,
    ZEBRA_FILL,
    page_decorator,
    em_text,
    Grid,
    Heading,
    Letterhead,
    safe_name,
)

__all__ = [
    "balance_sheet_filename", "income_statement_filename", "journal_filename", "mayor_filename",
    "member_ledger_filename", "render_ledger_book", "trial_balance_filename",
]

# (font size, cell padding) tried in turn until the words columns fit at 60 pt or more
FITS = ((9.0, 3.0), (8.5, 2.5), (8.0, 2.5), (8.0, 2.0))
FLEX_MINIMUM = 60.0
KEEP_ENTRY = 14  # a Diario entry of up to this many rows moves whole to the next page
BOLD_KINDS = frozenset({ENTRY, SECTION, SUBTOTAL, GRAND, OPENING})
SPANNING = frozenset({ENTRY, SECTION})  # their text runs across the columns
GAP = 8


class _BookGrid(Grid):
    """The statement's grid with rows of several kinds (``ledger_view``): an
    entry's heading across the table on a grey band (its reference and note on
    the right), a section heading in bold, totals in bold under a rule, the
    closing total shaded. Alternate plain rows are shaded when ``zebra``."""

    def __init__(self, header, rows, total, widths, right, size, pad, *, kinds, zebra: bool, keep: int = 0,
                 first: int = 0, heights=None):
        self.kinds, self.zebra, self.keep = kinds, zebra, keep
        super().__init__(header, rows, total, widths, right, size, pad, first=first, heights=heights)

    def _part(self, start: int, stop: int, total) -> _BookGrid:
        return _BookGrid(self.header, self.rows[start:stop], total, self.widths, self.right, self.size, self.pad,
                         kinds=self.kinds[start:stop], zebra=self.zebra, keep=self.keep, first=self.first + start,
                         heights=self.heights[start:stop])

    def split(self, avail_width, avail_height):
        used, fit = self.header_height, 0
        for height in self.heights:
            if used + height > avail_height:
                break
            used += height
            fit += 1
        if fit == len(self.rows) and self.total is not None:
            fit -= 1  # the totals row takes the last line with it
        fit = self._break_before(fit)
        if fit <= 0:
            return []
        return [self._part(0, fit, None), self._part(fit, len(self.rows), self.total)]

    def _break_before(self, fit: int) -> int:
        """Where to end the page, at or before row ``fit``: before a short entry
        rather than inside it; never after a heading nor before a total."""
        kinds, count = self.kinds, len(self.rows)
        if not 0 < fit < count:
            return fit
        best = fit
        if self.keep and kinds[fit] != ENTRY:
            start = fit - 1
            while start > 0 and kinds[start] != ENTRY:
                start -= 1
            stop = fit
            while stop < count and kinds[stop] != ENTRY:
                stop += 1
            if start > 0 and kinds[start] == ENTRY and stop - start <= self.keep:
                best = start
        while best > 0 and (kinds[best - 1] in SPANNING or kinds[best] in (SUBTOTAL, GRAND)):
            best -= 1
        return best if best > 0 else fit

    def draw(self):
        c = self.canv
        width, widths, size, leading = self.width, self.widths, self.size, self.leading
        top = self.height
        # fills, then rules, then all the text in one text object
        c.saveState()
        c.setFillColor(HEAD_FILL)
        c.rect(0, top - self.header_height, width, self.header_height, stroke=0, fill=1)
        y = top - self.header_height
        rules = []
        for i, (height, kind) in enumerate(zip(self.heights, self.kinds), start=self.first):
            fill = (LABEL_FILL if kind == ENTRY else TOTAL_FILL if kind == GRAND
                    else ZEBRA_FILL if self.zebra and i % 2 and kind == PLAIN else None)
            if fill is not None:
                c.setFillColor(fill)
                c.rect(0, y - height, width, height, stroke=0, fill=1)
            if kind in (ENTRY, SUBTOTAL, GRAND, SECTION) and y < top - self.header_height:
                rules.append(y)
            y -= height
        if self.total is not None:
            c.setFillColor(TOTAL_FILL)
            c.rect(0, 0, width, self.total_height, stroke=0, fill=1)
        c.setStrokeColor(GRID)
        c.setLineWidth(0.5)
        for rule in rules:
            c.line(0, rule, width, rule)
        c.setStrokeColor(BLACK)
        c.setLineWidth(0.75)
        c.line(0, top - self.header_height, width, top - self.header_height)
        if self.total is not None:
            c.line(0, self.total_height, width, self.total_height)
        c.rect(0, 0, width, self.height, stroke=1, fill=0)
        c.restoreState()

        rows = [(self.header, self.header_height, "header")]
        rows += list(zip(self.rows, self.heights, self.kinds))
        if self.total is not None:
            rows.append((self.total, self.total_height, GRAND))
        text = c.beginText()
        font = None
        y = top
        for row, height, kind in rows:
            row_font = BOLD if kind == "header" or kind in BOLD_KINDS else REGULAR
            if row_font != font:
                text.setFont(row_font, size, leading)
                font = row_font
            cells = enumerate(row[:2] if kind in SPANNING else row)
            x = 0.0
            for i, cell in cells:
                if cell and kind in SPANNING:  # a band across the table: words left, figures right
                    self._cell(text, cell, 0.0, width, y, height, font, i == 1, False)
                elif cell:
                    self._cell(text, cell, x, widths[i], y, height, font, i in self.right, kind == "header")
                x += widths[i]
            y -= height
        c.drawText(text)


def _column_widths(table: BookTable, size: float, pad: float, width: float) -> tuple[list[float], bool]:
    """Columns filling ``width``: amounts and codes at their widest cell (bold
    where printed bold), headers' longest word; the words columns (``flex``)
    take the rest in proportion to what they need. Also whether the words
    columns got at least ``FLEX_MINIMUM`` each."""
    count = len(table.header)
    extra = 2 * pad + 1
    cells: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    rows = [(row, kind) for row, kind in zip(table.rows, table.kinds) if kind not in SPANNING]
    if table.total is not None:
        rows.append((table.total, GRAND))
    for row, kind in rows:
        font = BOLD if kind in BOLD_KINDS else REGULAR
        for i, cell in enumerate(row):
            if cell and not (i == 0 and kind == GRAND and row is table.total):  # the totals' label runs on
                cells[i].append((cell, font))
    need = []
    for i, title in enumerate(table.header):
        head = max((em_text(w, BOLD) for w in title.split()), default=0.0)
        content = max((em_text(cell, font) for cell, font in set(cells[i])), default=0.0)
        need.append(max(head, content) * size + extra)
    fixed = sum(need[i] for i in range(count) if i not in table.flex)
    room = width - fixed
    widths = list(need)
    natural = sum(need[i] for i in table.flex)
    if natural <= room:
        spare = (room - natural) / max(len(table.flex), 1)
        for i in table.flex:
            widths[i] += spare
        return widths, True
    least = {i: min(need[i], FLEX_MINIMUM) for i in table.flex}
    spare = max(room - sum(least.values()), 0.0)
    want = sum(need[i] - least[i] for i in table.flex) or 1.0
    for i in table.flex:
        widths[i] = least[i] + spare * (need[i] - least[i]) / want
    scale = width / sum(widths)
    return ([w * scale for w in widths] if scale < 1 else widths), room >= sum(least.values())


def _grid(table: BookTable, width: float = WIDTH) -> _BookGrid:
    for size, pad in FITS:
        widths, fits = _column_widths(table, size, pad, width)
        if fits:
            break
    header = tuple(wrap(h, BOLD, size, widths[i] - 2 * pad) for i, h in enumerate(table.header))
    rows = []
    for row, kind in zip(table.rows, table.kinds):
        if kind in SPANNING:
            right = row[1]
            room = width - 2 * pad - (em_text(right, BOLD) * size + 12 if right else 0)
            rows.append((wrap(row[0], BOLD, size, room), right) + tuple(row[2:]))
        else:
            font = BOLD if kind in BOLD_KINDS else REGULAR
            rows.append(tuple(wrap(cell, font, size, widths[i] - 2 * pad) if i in table.flex and cell else cell
                              for i, cell in enumerate(row)))
    zebra = ENTRY not in table.kinds and SECTION not in table.kinds
    return _BookGrid(header, rows, table.total, widths, frozenset(table.numbers), size, pad,
                     kinds=tuple(table.kinds), zebra=zebra, keep=KEEP_ENTRY if ENTRY in table.kinds else 0)


def _story(view: LedgerBookView) -> list[Flowable]:
    story: list[Flowable] = [Letterhead(view), Spacer(0, 10)]
    if view.banner:  # dated in a period not closed yet
        story += [Banner(view.banner, view.banner_sub), Spacer(0, 10)]
    for n, table in enumerate(view.tables):
        if n:
            story += [Spacer(0, 14), CondPageBreak(120)]  # an account's heading is not left alone at a page's foot
        if table.title:
            story.append(Heading(table.title))
        story.append(_grid(table) if table.rows else NoteBox(table.empty))
        for note in table.notes:
            story += [Spacer(0, 3), Text(note, BOLD, BODY)]
    closing: list[Flowable] = []
    for line in view.closing:
        closing += [Spacer(0, 4), Text(line, BOLD if not closing else REGULAR, BODY)]
    closing += [Spacer(0, 10), signature_lines(view.signatures)]
    story.append(KeepTogether([Spacer(0, GAP)] + closing))
    return story


def render_ledger_book(view: LedgerBookView, out: str | os.PathLike | BinaryIO) -> None:
    """Write a book or statement of the ledger to ``out`` (a path or a binary file)."""
    register_fonts()
    decorate = page_decorator(view)
    build(_story(view), out, title=view.pdf_title, author=view.pdf_author, subject=view.pdf_subject,
          pdf_date=view.pdf_date, mark="", decorators=lambda _index: decorate)


# -- file names ----------------------------------------------------------------------------------


def _name(stem: str, fallback: str, *parts: str) -> str:
    return "-".join([safe_name(stem) or fallback, *(p for p in parts if p)]) + ".pdf"


def _range(start: date | None, end: date | None) -> str:
    return "-".join(d.isoformat() for d in (start, end) if d is not None)


def journal_filename(start: date | None, end: date | None) -> str:
    """``libro-diario-2026-01-01-2026-12-31.pdf``."""
    return _name(_("libro-diario"), "libro-diario", _range(start, end))


def mayor_filename(codes: Sequence[str], start: date | None, end: date | None, title: str | None = None) -> str:
    """``libro-mayor-6911-2026-12-31.pdf``, named by the book's title (by default
    ``mayor_title``): ``libro-caja-y-bancos-101-1041-2026-01-01-2026-12-31.pdf``."""
    stem = (title or mayor_title(codes)).lower()
    return _name(stem, "libro-mayor", "-".join(safe_name(c) for c in codes), _range(start, end))


def trial_balance_filename(start: date | None, end: date | None) -> str:
    """``balance-comprobacion-2026-12-31.pdf``."""
    return _name(_("balance-comprobacion"), "balance-comprobacion", _range(start, end))


def income_statement_filename(year: int, end: date | None = None) -> str:
    """``estado-resultados-2026.pdf`` (``…-2026-06-30.pdf`` to a date)."""
    return _name(_("estado-resultados"), "estado-resultados", str(year), end.isoformat() if end else "")


def balance_sheet_filename(as_of: date) -> str:
    """``situacion-financiera-2026-12-31.pdf``."""
    return _name(_("situacion-financiera"), "situacion-financiera", as_of.isoformat())


def inventarios_filename(year: int) -> str:
    """``inventarios-y-balances-2026.pdf``."""
    return _name(_("inventarios-y-balances"), "inventarios-y-balances", str(year))


def member_ledger_filename(account: str, as_of: date) -> str:
    """``cuentas-socios-1681-2026-11-26.pdf``."""
    return _name(_("cuentas-socios"), "cuentas-socios", safe_name(account), as_of.isoformat())

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
header repeated; a heading never ends a page and a total never starts one.
The Diario (A4 across, SUNAT's Formato 5.1) and the Mayor (Formato 6.1) close
each page with «Van» and open the next with «Vienen»; an entry of the Diario
that fits on a page is never split, a longer one says it «continúa» / «viene»;
an account's name is cut to one line, never its code (docs/ledger.md, «El Libro
Diario y el Libro Mayor impresos»).
"""

from __future__ import annotations

import os
from datetime import date
from typing import BinaryIO, NamedTuple, Sequence

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
    money_text,
)
from coopdesk.domain.money import ZERO
from coopdesk.reports.flowables import BODY, WIDE_WIDTH, Banner, NoteBox, Text, build, wrap
from coopdesk.reports.statement_pdf import (
    BLACK,
    GRID,
    HEAD_FILL,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
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
BOOK_FITS = ((8.0, 2.5), (7.5, 2.0), (7.0, 2.0))  # the Diario (across the page) and the Mayor, compact
FLEX_MINIMUM = 60.0
SPREAD_MOST = 8.0   # a column of text running down an entry (the documento) is at most 8 em wide
DETAIL_MOST = 12.5  # the Diario's «Detalle» at most 12.5 em («US$ 10,000.00 × 3.7450»), then it wraps
NAME_MOST = 24.0    # an account's name gets up to 24 em before the glosa takes the rest
GLOSA_LEAST = 12.0  # the glosa keeps at least 12 em (it runs down the entry's rows)
BOLD_KINDS = frozenset({SECTION, SUBTOTAL, GRAND, OPENING})
SPANNING = frozenset({SECTION})  # their text runs across the columns
VAN, VIENEN = "van", "vienen"    # the page totals at a page's foot and at the next one's head
TOTAL = "total"                  # the totals row that closes a table
GAP = 8


def _clip(text: str, font: str, size: float, width: float) -> str:
    """``text`` on one line of ``width``: cut, with «…», when longer."""
    if em_text(text, font) * size <= width:
        return text
    room = width - em_text("…", font) * size
    cut = len(text)
    while cut > 1 and em_text(text[:cut], font) * size > room:
        cut -= 1
    return text[:cut].rstrip() + "…"


class _BookGrid(Grid):
    """The statement's grid with rows of several kinds (``ledger_view``): a
    section heading in bold across the table, totals in bold under a rule, the
    closing total shaded, a thin rule above each entry of the Diario. Alternate
    plain rows are shaded when ``zebra``.

    With ``carry`` (the debe and haber columns, and the saldo's), a part that
    ends a page closes with «Van» (the debe and haber of the rows so far) and
    the next part opens with «Vienen», the same figures. With ``keep``, an entry
    (its ENTRY row and the rows under it) moves whole to the next page when it
    fits on one; a longer one is split, its «Van» saying that the entry
    «continúa» and the next «Vienen» that it «viene»."""

    def __init__(self, header, rows, total, widths, right, size, pad, *, kinds, zebra: bool, keep: bool = False,
                 first: int = 0, heights=None, compact: bool = False, carry=None, amounts=(), owners=(),
                 body: float = 0.0, vienen=None, van=None, cont_in: str = "", cont_out: str = ""):
        if compact:  # the Diario: one line per row, tightly
            self.TOP_PAD, self.BOTTOM_PAD = 1.0, 2.0
        self.kinds, self.zebra, self.keep, self.compact = kinds, zebra, keep, compact
        self.carry, self.amounts, self.owners, self.body = carry, amounts, owners, body
        self.vienen, self.van, self.cont_in, self.cont_out = vienen, van, cont_in, cont_out
        super().__init__(header, rows, total, widths, right, size, pad, first=first, heights=heights)
        self.line_height = self.leading + self.TOP_PAD + self.BOTTOM_PAD
        # the rows a page after the first holds under the header, «Vienen» and «Van»
        self.page_room = body - self.header_height - 2 * self.line_height - 1

    def wrap(self, avail_width, avail_height):
        self.width = sum(self.widths)
        lines = (self.vienen is not None) + (self.van is not None)
        self.height = self.header_height + sum(self.heights) + self.total_height + lines * self.line_height
        return self.width, self.height

    def _part(self, start: int, stop: int, total, vienen=None, van=None, cont_in: str = "",
              cont_out: str = "") -> _BookGrid:
        return _BookGrid(self.header, self.rows[start:stop], total, self.widths, self.right, self.size, self.pad,
                         kinds=self.kinds[start:stop], zebra=self.zebra, keep=self.keep, first=self.first + start,
                         heights=self.heights[start:stop], compact=self.compact, carry=self.carry,
                         amounts=self.amounts[start:stop], owners=self.owners[start:stop], body=self.body,
                         vienen=vienen, van=van, cont_in=cont_in, cont_out=cont_out)

    def split(self, avail_width, avail_height):
        room = avail_height - self.header_height
        if self.carry is not None:  # «Vienen» at the head, room kept for «Van» at the foot
            room -= self.line_height * (2 if self.vienen is not None else 1)
        used, fit = 0.0, 0
        for height in self.heights:
            if used + height > room:
                break
            used += height
            fit += 1
        if fit >= len(self.rows) and self.total is not None:
            fit = len(self.rows) - 1  # the totals row takes the last line with it
        fit = self._break_before(fit)
        if fit <= 0:
            return []
        if self.carry is None:
            return [self._part(0, fit, None), self._part(fit, len(self.rows), self.total)]
        debit, credit = self.vienen or (ZERO, ZERO)
        for d, c in self.amounts[:fit]:
            debit += d
            credit += c
        van = (debit, credit)
        cont = self.owners[fit] if self.keep and self.kinds[fit] != ENTRY else ""
        return [self._part(0, fit, None, self.vienen, van, self.cont_in, cont),
                self._part(fit, len(self.rows), self.total, van, None, cont, self.cont_out)]

    def _break_before(self, fit: int) -> int:
        """Where to end the page, at or before row ``fit``: before an entry that
        fits on a page rather than inside it; never after a heading nor before a
        total."""
        kinds, count = self.kinds, len(self.rows)
        if not 0 < fit < count:
            return fit
        if self.keep:
            if kinds[fit] == ENTRY:
                return fit
            start = fit
            while start > 0 and kinds[start] != ENTRY:
                start -= 1
            stop = fit
            while stop < count and kinds[stop] != ENTRY:
                stop += 1
            if kinds[start] == ENTRY and sum(self.heights[start:stop]) <= self.page_room:
                return start  # 0: the whole part starts on the next page
            return fit  # longer than a page: split, «continúa»
        best = fit
        while best > 0 and (kinds[best - 1] in SPANNING or kinds[best] in (SUBTOTAL, GRAND)):
            best -= 1
        return best if best > 0 else fit

    def _carry_row(self, label: str, sums) -> tuple[str, ...]:
        cells = [""] * len(self.widths)
        cells[0] = label
        debit, credit = sums
        carry = self.carry
        cells[carry.debit], cells[carry.credit] = money_text(debit), money_text(credit)
        if carry.balance is not None:
            cells[carry.balance] = money_text(debit - credit if carry.debit_normal else credit - debit)
        return tuple(cells)

    def _rows(self):
        """(cells, height, kind) of every row drawn, the header first."""
        rows = [(self.header, self.header_height, "header")]
        if self.vienen is not None:
            label = (_("Vienen · viene el asiento %(number)s") % {"number": self.cont_in} if self.cont_in
                     else _("Vienen"))
            rows.append((self._carry_row(label, self.vienen), self.line_height, VIENEN))
        rows += list(zip(self.rows, self.heights, self.kinds))
        if self.van is not None:
            label = (_("Van · el asiento %(number)s continúa en la página siguiente") % {"number": self.cont_out}
                     if self.cont_out else _("Van"))
            rows.append((self._carry_row(label, self.van), self.line_height, VAN))
        if self.total is not None:
            rows.append((self.total, self.total_height, TOTAL))
        return rows

    def draw(self):
        c = self.canv
        width, widths, size, leading = self.width, self.widths, self.size, self.leading
        top = self.height
        rows = self._rows()
        # fills, then rules, then all the text in one text object
        c.saveState()
        rules, strong = [], []
        y = top
        for i, (_cells, height, kind) in enumerate(rows):
            n = self.first + i - 1 - (self.vienen is not None)
            fill = (HEAD_FILL if kind == "header" else TOTAL_FILL if kind in (GRAND, TOTAL, VAN, VIENEN)
                    else ZEBRA_FILL if self.zebra and n % 2 and kind == PLAIN else None)
            if fill is not None:
                c.setFillColor(fill)
                c.rect(0, y - height, width, height, stroke=0, fill=1)
            if kind in (TOTAL, VAN):
                strong.append(y)
            elif kind in (ENTRY, SUBTOTAL, SECTION, GRAND) and i > 1:
                rules.append(y)
            if kind in ("header", VIENEN):
                strong.append(y - height)
            y -= height
        c.setStrokeColor(GRID)
        c.setLineWidth(0.5)
        for rule in rules:
            c.line(0, rule, width, rule)
        c.setStrokeColor(BLACK)
        c.setLineWidth(0.75)
        for rule in strong:
            c.line(0, rule, width, rule)
        c.rect(0, 0, width, self.height, stroke=1, fill=0)
        c.restoreState()

        text = c.beginText()
        font = None
        y = top
        for row, height, kind in rows:
            row_font = BOLD if kind in ("header", TOTAL, VAN, VIENEN) or kind in BOLD_KINDS else REGULAR
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


class _Carry(NamedTuple):
    debit: int             # the debe column
    credit: int            # the haber column
    balance: int | None    # the saldo column, or None
    debit_normal: bool


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
    # the page totals («Van», «Vienen») print the carried columns in bold
    carried = set(table.carry) | ({table.balance} if table.carry and table.balance is not None else set())
    for row, kind in rows:
        font = BOLD if kind in BOLD_KINDS else REGULAR
        for i, cell in enumerate(row):
            if cell and not (i == 0 and kind == GRAND and row is table.total):  # the totals' label runs on
                cells[i].append((cell, BOLD if i in carried else font))
    need = []
    for i, title in enumerate(table.header):
        head = max((em_text(w, BOLD) for w in title.split()), default=0.0)
        content = max((em_text(cell, font) for cell, font in set(cells[i])), default=0.0)
        if i in table.spread and i not in table.flex:
            content = min(content, SPREAD_MOST)
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


def _diario_widths(table: BookTable, size: float, pad: float, width: float) -> tuple[list[float], bool]:
    """The Diario's columns: codes, dates and amounts at their widest cell, a
    line's detail at its widest (at most ``DETAIL_MOST``), the documento at most
    ``SPREAD_MOST``; of the rest the account's name takes what its longest needs
    (at most ``NAME_MOST``), leaving the glosa ``GLOSA_LEAST`` or more. Also
    whether the names and the glosa got that (else a smaller type is tried)."""
    extra = 2 * pad + 1
    glosa, name = table.spread[0], table.clip[0]
    need = []
    for i, title in enumerate(table.header):
        head = max((em_text(w, BOLD) for w in title.split()), default=0.0)
        if i == glosa:
            need.append(0.0)
            continue
        column = {row[i] for row in table.rows if row[i]}
        if table.total is not None and i in table.carry:
            column.add(table.total[i])
        bold = i in table.carry  # the page totals print debe and haber in bold
        content = max((em_text(cell, BOLD if bold or (table.total is not None and cell == table.total[i])
                               else REGULAR) for cell in column), default=0.0)
        if i in table.spread:
            content = min(content, SPREAD_MOST)
        elif i in table.flex and i != name:
            content = min(content, DETAIL_MOST)
        need.append(max(head, content) * size + extra)
    room = width - sum(need[i] for i in range(len(need)) if i != name)
    widths = list(need)
    target = min(need[name], NAME_MOST * size + extra)
    least = GLOSA_LEAST * size + extra
    widths[name] = max(min(target, room - least), FLEX_MINIMUM)
    widths[glosa] = room - widths[name]
    return widths, widths[name] >= target and widths[glosa] >= least


def _grid(table: BookTable, width: float = WIDTH, body: float = 0.0) -> _BookGrid:
    """The table laid out in ``width``; ``body`` is the height of a page's text
    after the first (how much an entry that is kept whole may take)."""
    for size, pad in BOOK_FITS if table.carry else FITS:
        widths, fits = (_diario_widths if table.spread else _column_widths)(table, size, pad, width)
        if fits:
            break
    # (none fits: the smallest type, the words cut or wrapped)

    def cells(row, kind) -> list[str]:
        font = BOLD if kind in BOLD_KINDS else REGULAR
        out = []
        for i, cell in enumerate(row):
            if cell and i in table.clip:
                out.append(_clip(cell, font, size, widths[i] - 2 * pad))
            elif cell and i in table.flex and i not in table.spread:
                out.append(wrap(cell, font, size, widths[i] - 2 * pad))
            else:
                out.append(cell)
        return out

    header = tuple(wrap(h, BOLD, size, widths[i] - 2 * pad) for i, h in enumerate(table.header))
    amounts = table.amounts or ((ZERO, ZERO),) * len(table.rows)
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []
    sums: list[tuple] = []
    owners: list[str] = []
    count, i = len(table.rows), 0
    while i < count:
        row, kind = table.rows[i], table.kinds[i]
        if kind in SPANNING:
            right = row[1]
            room = width - 2 * pad - (em_text(right, BOLD) * size + 12 if right else 0)
            rows.append((wrap(row[0], BOLD, size, room), right) + tuple(row[2:]))
            kinds.append(kind)
            sums.append(amounts[i])
            owners.append("")
            i += 1
            continue
        if not (table.spread and kind == ENTRY):
            rows.append(tuple(cells(row, kind)))
            kinds.append(kind)
            sums.append(amounts[i])
            owners.append("")
            i += 1
            continue
        # an entry of the Diario: its glosa and documento run down its rows, one line each
        stop = i + 1
        while stop < count and table.kinds[stop] != ENTRY:
            stop += 1
        block = [cells(r, PLAIN) for r in table.rows[i:stop]]
        poured = {c: wrap(row[c], REGULAR, size, widths[c] - 2 * pad).split("\n") if row[c] else []
                  for c in table.spread}
        depth = max([stop - i] + [len(v) for v in poured.values()])
        for k in range(depth):
            line = block[k] if k < len(block) else [""] * len(row)
            for c, texts in poured.items():
                line[c] = texts[k] if k < len(texts) else ""
            rows.append(tuple(line))
            kinds.append(ENTRY if k == 0 else PLAIN)
            sums.append(amounts[i + k] if k < stop - i else (ZERO, ZERO))
            owners.append(row[0])
        i = stop
    zebra = ENTRY not in table.kinds and SECTION not in table.kinds
    carry = (_Carry(table.carry[0], table.carry[1], table.balance, table.debit_normal)
             if table.carry and body else None)
    return _BookGrid(header, tuple(rows), table.total, widths, frozenset(table.numbers), size, pad,
                     kinds=tuple(kinds), zebra=zebra, keep=bool(table.spread), compact=bool(table.carry),
                     carry=carry, amounts=tuple(sums), owners=tuple(owners), body=body)


def _story(view: LedgerBookView, width: float = WIDTH, body: float = 0.0) -> list[Flowable]:
    story: list[Flowable] = [Letterhead(view), Spacer(0, 10)]
    if view.banner:  # dated in a period not closed yet
        story += [Banner(view.banner, view.banner_sub), Spacer(0, 10)]
    for n, table in enumerate(view.tables):
        if n:
            story += [Spacer(0, 14), CondPageBreak(120)]  # an account's heading is not left alone at a page's foot
        if table.title:
            story.append(Heading(table.title))
        story.append(_grid(table, width, body) if table.rows else NoteBox(table.empty))
        for note in table.notes:
            story += [Spacer(0, 3), Text(note, BOLD, BODY)]
    closing: list[Flowable] = []
    for line in view.closing:
        closing += [Spacer(0, 4), Text(line, BOLD if not closing else REGULAR, BODY)]
    closing += [Spacer(0, 10), signature_lines(view.signatures)]
    story.append(KeepTogether([Spacer(0, GAP)] + closing))
    return story


def render_ledger_book(view: LedgerBookView, out: str | os.PathLike | BinaryIO) -> None:
    """Write a book or statement of the ledger to ``out`` (a path or a binary file):
    A4 upright, or across when the view is ``wide`` (the Diario)."""
    register_fonts()
    decorate = page_decorator(view)
    width = WIDE_WIDTH if view.wide else WIDTH
    body = (PAGE_WIDTH if view.wide else PAGE_HEIGHT) - MARGIN_TOP - MARGIN_BOTTOM
    build(_story(view, width, body), out, title=view.pdf_title, author=view.pdf_author, subject=view.pdf_subject,
          pdf_date=view.pdf_date, mark="", decorators=lambda _index: decorate, landscape=view.wide)


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

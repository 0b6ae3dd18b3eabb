"""The Libro Diario and the Libro Mayor as a contador signs them, read back from
the PDF word by word (poppler's ``pdftotext -bbox``): SUNAT's columns, account
names on one line with their code, no short entry split between pages, a long
one split with «continúa» / «viene», and the «Van» at each page's foot equal to
the «Vienen» at the next one's head and to the sum of the amounts above it.

One book for the module: the season's loan, 90 entries of two or three lines
(some a sale in US$ with its invoice, some to an account with a long name) and
one of 66 lines (the advances of a campaign to the three members), over 2026.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from coopdesk.core.ledger_books import printable_journal, printable_mayor
from coopdesk.domain.ledger import AccountBalance, EntryInput, EntryRow, LineInput, LineRow
from coopdesk.reports.ledger_view import journal_view, mayor_view
from tests.conftest import cash_in_hand, make_book
from tests.reports.pdf_layout import outside, overlaps, split_amounts
from tests.reports.pdf_layout import pages as layout_pages
from tests.reports.test_ledger_pdf import COOP, render, text_of

PRINTED = date(2026, 12, 7)
LONG_NAME = "Otros gastos de gestión: representación, viáticos y movilidad de los delegados del consejo"
LONG_ENTRY = 41  # the entry of 66 lines (the loan is entry 1)
NUMBER = re.compile(r"^2026-\d{6}$")
AMOUNT = re.compile(r"^-?[\d,]+\.\d\d$")


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    book = make_book(f"sqlite:///{tmp_path_factory.mktemp('diario') / 'cooperativa.sqlite'}")
    cash_in_hand(book, caja="400000.00")
    book.ledger.add_account("659991", LONG_NAME, "gasto")
    for i in range(1, 92):
        day = date(2026, 1, 2) + timedelta(days=i * 3)
        a = D(1000 + 37 * i) + D("0.35")
        if i == LONG_ENTRY - 1:
            advances = [LineInput("14222", debit=D(100 + k) + D("0.10"), member_code=f"S000{k % 3 + 1}")
                        for k in range(65)]
            total = sum((line.debit for line in advances), D("0"))
            book.ledger.post(EntryInput(day, "Adelantos de la campaña a los socios de Las Piedras y Tambopata",
                                        tuple(advances) + (LineInput("101", credit=total),)))
        elif i % 7 == 3:
            book.ledger.post(EntryInput(day, f"Venta del lote {i} de cacao convencional a Exportadora del Sur", (
                LineInput("1212", debit=D("3745.00"), currency="USD", foreign_amount=D("1000.00"),
                          exchange_rate=D("3.7450")),
                LineInput("701311", credit=D("3745.00"))), f"F001-{i:06d}"))
        elif i % 5 == 0:
            book.ledger.post(EntryInput(day, f"Viáticos del consejo, viaje {i} a Puerto Maldonado", (
                LineInput("659991", debit=a), LineInput("631", debit=D("12.50")),
                LineInput("101", credit=a + D("12.50")))))
        else:
            book.ledger.post(EntryInput(day, f"Acopio de cacao en baba, entrega {i}", (
                LineInput("69131", debit=a), LineInput("101", credit=a))))
    return book


def words_by_page(pdf: bytes) -> list[list[tuple[float, float, float, str]]]:
    """Each page's words as (y, x0, x1, text), top to bottom, left to right."""
    xml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", xml))
    ns = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in root.iter(f"{ns}page"):
        pages.append(sorted((round(float(w.get("yMax")), 0), float(w.get("xMin")), float(w.get("xMax")), w.text or "")
                            for w in page.iter(f"{ns}word")))
    return pages


def rows_of(words) -> list[list[tuple[float, float, str]]]:
    """The words grouped by line (the same baseline), each line left to right."""
    lines: dict[float, list] = defaultdict(list)
    for y, x0, x1, text in words:
        lines[y].append((x0, x1, text))
    return [sorted(lines[y]) for y in sorted(lines)]


def money(text: str) -> D:
    return D(text.replace(",", ""))


class Page:
    """A page of a book's table: its «Vienen», its rows, its «Van» or «Totales»."""

    def __init__(self, words, debit_title: str, credit_title: str):
        self.rows, self.vienen, self.van, self.totals = [], None, None, None
        self.vienen_text = self.van_text = ""
        lines = rows_of(words)
        head = next(i for i, line in enumerate(lines) if any(t == credit_title for _a, _b, t in line))
        header = lines[head]
        self.debit_x = next(x1 for _x0, x1, t in header if t == debit_title)
        self.credit_x = next(x1 for _x0, x1, t in header if t == credit_title)
        self.header = lines[head - 3:head + 1]
        for line in lines[head + 1:]:
            first = line[0][2]
            if first in ("Impreso", "continúa"):
                break
            sums = self.amounts(line)
            text = " ".join(t for _a, _b, t in line)
            if first == "Vienen":
                self.vienen, self.vienen_text = sums, text
            elif first == "Van":
                self.van, self.van_text = sums, text
            elif first == "Totales":
                self.totals = sums
                break
            else:
                self.rows.append((line, sums))

    def amounts(self, line) -> tuple[D, D]:
        """(debe, haber) of a line: an amount is right-aligned under its header."""
        debit = credit = D("0.00")
        for _x0, x1, text in line:
            if AMOUNT.match(text):
                if abs(x1 - self.debit_x) < 1.5:
                    debit += money(text)
                elif abs(x1 - self.credit_x) < 1.5:
                    credit += money(text)
        return debit, credit

    def total(self) -> tuple[D, D]:
        return (sum((s[0] for _l, s in self.rows), D("0.00")), sum((s[1] for _l, s in self.rows), D("0.00")))


@pytest.fixture(scope="module")
def diario(book):
    entries, numbers, cooperative = printable_journal(book, date(2026, 1, 1), date(2026, 12, 31))
    pdf = render(journal_view(entries, numbers, cooperative, date(2026, 1, 1), date(2026, 12, 31), PRINTED))
    # the pages with the table (the closing and the signatures may take a page of their own)
    return entries, pdf, [Page(words, "Debe", "Haber") for words in words_by_page(pdf)
                          if any(t == "Haber" for *_xy, t in words)]


def test_the_diarios_page_totals_carry_from_page_to_page_and_end_in_the_ledgers_totals(book, diario):
    entries, _pdf, pages = diario
    assert len(pages) >= 6
    carried = (D("0.00"), D("0.00"))
    for n, page in enumerate(pages, start=1):
        if n > 1:
            assert page.vienen == carried, n  # «Vienen» is the last page's «Van»
        debit, credit = page.total()
        running = (carried[0] + debit, carried[1] + credit)
        if n < len(pages):
            assert page.van == running, n  # the running sum of the page's amounts
            assert page.totals is None
        else:
            assert page.van is None and page.totals == running
        carried = running
    # the ledger's own figures: every entry of 2026, debe = haber
    trial = book.ledger.trial_balance(end=date(2026, 12, 31))
    assert trial.debit == trial.credit == carried[0] == carried[1]
    assert carried[0] == sum((e.total for e in entries), D("0.00"))
    assert pages[0].vienen is None


def test_no_short_entry_is_split_and_the_long_one_says_it_continues(diario):
    entries, _pdf, pages = diario
    lines_of = {e.number: len(e.lines) for e in entries}
    long_number = f"2026-{LONG_ENTRY:06d}"
    assert lines_of[long_number] == 66
    printed: dict[str, int] = defaultdict(int)
    split = []
    for n, page in enumerate(pages, start=1):
        current = None
        if page.vienen_text.startswith("Vienen · viene el asiento"):
            current = re.search(r"2026-\d{6}", page.vienen_text).group()
            split.append((n, "viene", current))
        for line, _sums in page.rows:
            number = line[0][2]
            if NUMBER.match(number):
                current = number
            if any(AMOUNT.match(t) for _a, _b, t in line):  # a line of the entry (not its glosa running on)
                assert current is not None, n
                printed[(n, current)] += 1
        if "continúa" in page.van_text:
            split.append((n, "continúa", re.search(r"2026-\d{6}", page.van_text).group()))
    for (n, number), count in printed.items():
        if number != long_number:
            assert count == lines_of[number], (n, number)  # a short entry whole on its page
    assert {number for _n, number in printed} == set(lines_of)
    pages_of_long = sorted(n for n, number in printed if number == long_number)
    assert len(pages_of_long) >= 2
    assert sum(printed[(n, long_number)] for n in pages_of_long) == 66
    expected = []
    for n in pages_of_long[:-1]:
        expected += [(n, "continúa", long_number), (n + 1, "viene", long_number)]
    assert sorted(split) == sorted(expected)


def test_account_names_take_one_line_and_keep_their_code(book, diario):
    _entries, _pdf, pages = diario
    names = {a.code: a.name for a in book.ledger.accounts()}
    clipped = 0
    for page in pages:
        header = page.header[-1]
        code_x = next(x0 for x0, _x1, t in header if t == "Cuenta")
        name_x = next(x0 for x0, _x1, t in header if t == "Denominación")
        end_x = next(x0 for x0, _x1, t in header if t in ("Socio", "Detalle", "Debe"))
        for line, _sums in page.rows:
            codes = [t for x0, _x1, t in line if abs(x0 - code_x) < 1.5]
            name = " ".join(t for x0, _x1, t in line if name_x - 1 <= x0 < end_x - 1)
            if not codes:
                assert name == "", name  # no name wraps onto a line of its own
                continue
            full = names[codes[0]]
            assert name == full or (name.endswith("…") and full.startswith(name[:-1].rstrip())), (name, full)
            clipped += name != full
    assert clipped >= 9  # the long name is cut, with its code


def test_the_diario_has_formato_5_1s_columns_and_header(diario):
    _entries, pdf, pages = diario
    header = " ".join(" ".join(t for _a, _b, t in line) for line in pages[0].header)
    for column in ("N.º", "correlativo", "del asiento", "Fecha de", "operación", "Glosa o descripción de la",
                   "Libro", "(tabla", "8)", "documento", "sustentatorio",
                   "Cuenta Denominación Socio Detalle Debe Haber"):
        assert column in header, column
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages_text = text.split("\f")
    count = len(pages_text) - 1  # the text ends with a form feed
    for n, page in enumerate(pages_text[:count], start=1):
        assert f"Página {n} de {count}" in page
        if n > 1:
            assert "Libro Diario, del 01/01/2026 al 31/12/2026 · Cooperativa Agraria Tambopata · RUC" in page
    assert "Formato 5.1 · Periodo: del 01/01/2026 al 31/12/2026" in pages_text[0]
    assert "Contador" in pages_text[count - 1] and "Gerente" in pages_text[count - 1]
    # a manual entry names its document; the referencia's libro and correlativo are left blank
    sale = next(line for page in pages for line, _s in page.rows if "F001-000003" in [t for _a, _b, t in line])
    assert [t for _a, _b, t in sale][:5] == ["2026-000004", "11/01/2026", "Venta", "del", "lote"]
    texts = [t for _a, _b, t in sale]
    assert texts[texts.index("F001-000003") + 1:texts.index("F001-000003") + 3] == ["1212", "Facturas"]


def test_a_sale_names_its_register_and_its_correlativo_there():
    """Tabla 8: 140100 Registro de Ventas e Ingresos, 080100 Registro de Compras;
    the register carries the operation under the entry's CUO (docs/ple.md)."""
    def entry(number, kind, reference):
        lines = (LineRow("1212", "Facturas por cobrar a compradores", D("100.00"), D("0.00"), "", "", "PEN", None,
                         None),
                 LineRow("701311", "Ventas: productos agropecuarios", D("0.00"), D("100.00"), "", "", "PEN", None,
                         None))
        return EntryRow(number, f"2026-{number:06d}", date(2026, 3, number), f"Operación {number}", reference, kind,
                        None, None, None, "contador", lines)

    view = journal_view([entry(7, "venta", "01 F001-000045"), entry(8, "gasto", "01 E001-12"),
                         entry(9, "manual", "")], {}, COOP, None, None, PRINTED)
    rows = view.tables[0].rows
    # its month still open: the register's correlativo (the Diario's, given at close) is not known yet
    assert rows[0][:6] == ("2026-000007", "07/03/2026", "Operación 7", "140100", "", "01 F001-000045")
    closed = journal_view([replace(entry(7, "venta", "01 F001-000045"), diario="D-2026-000012")], {}, COOP, None,
                          None, PRINTED).tables[0].rows
    assert closed[0][:6] == ("D-2026-000012", "07/03/2026", "Operación 7", "140100", "2026000012", "01 F001-000045")
    assert closed[1][0] == "2026-000007"     # the posting number under the Diario's
    assert rows[2][:6] == ("2026-000008", "08/03/2026", "Operación 8", "080100", "", "01 E001-12")
    assert rows[4][:6] == ("2026-000009", "09/03/2026", "Operación 9", "", "", "")
    assert rows[1][:6] == ("",) * 6 and rows[1][6:8] == ("701311", "Ventas: productos agropecuarios")
    assert view.tables[0].amounts[:2] == ((D("100.00"), D("0.00")), (D("0.00"), D("100.00")))


def test_the_mayor_carries_van_and_vienen_per_account(book):
    parts, cooperative = printable_mayor(book, ["101", "14222"], date(2026, 2, 1), date(2026, 12, 31))
    pdf = render(mayor_view(parts, cooperative, date(2026, 2, 1), date(2026, 12, 31), PRINTED))
    pages = words_by_page(pdf)
    assert len(pages) >= 3
    seen_vienen = 0
    carried = None
    for n, words in enumerate(pages, start=1):
        # each account's table on the page, from its header to the next one's
        heads = [y for y, _x0, _x1, t in words if t == "Saldo" and _x1 > 500]
        for k, top in enumerate(heads):
            bottom = heads[k + 1] - 40 if k + 1 < len(heads) else 1e9
            page = Page([w for w in words if top - 40 < w[0] < bottom], "Deudor", "Acreedor")
            if page.vienen is not None:
                assert page.vienen == carried, n
                seen_vienen += 1
                base = page.vienen
            else:
                base = (D("0.00"), D("0.00"))
            debit, credit = page.total()
            if page.van is not None:
                assert page.van == (base[0] + debit, base[1] + credit), n
                # the saldo on the «Van» line: the account's debe minus haber (both are activo)
                assert money(page.van_text.split()[-1]) == page.van[0] - page.van[1]
                carried = page.van
            else:
                assert page.totals == (base[0] + debit, base[1] + credit), n
                carried = None
    assert seen_vienen >= 1
    year = next(r for r in book.ledger.trial_balance(end=date(2026, 12, 31)).rows if r.code == "101")
    january = next(r for r in book.ledger.trial_balance(end=date(2026, 1, 31)).rows if r.code == "101")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Formato 6.1 · Periodo: del 01/02/2026 al 31/12/2026" in text
    # Caja's Totales: the saldo anterior of 01/02 on the deudor side, and every movement after it
    debit = january.debit - january.credit + year.debit - january.debit
    credit = year.credit - january.credit
    totals = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip().startswith("Totales")]
    assert totals[0] == f"Totales S/ {debit:,.2f} S/ {credit:,.2f} S/ {debit - credit:,.2f}"
    assert debit - credit == year.debit - year.credit


def test_nothing_overlaps_nor_leaves_the_page(book, diario):
    """The page totals print in bold: their columns are as wide as the bold
    figures (an acreedor once ran into the saldo of a «Vienen»)."""
    parts, cooperative = printable_mayor(book, ["101", "14222"], date(2026, 2, 1), date(2026, 12, 31))
    mayor = render(mayor_view(parts, cooperative, date(2026, 2, 1), date(2026, 12, 31), PRINTED))
    # a saldo that falls from five figures to four: the «Van» prints a saldo as wide as the widest, in bold
    # (6,000.00 before, up to 15,000.00 in regular type, down to 7,000.00 in the bold Totales)
    opening = AccountBalance("14222", "Adelantos a socios", "activo", D("6000.00"), D("0.00"))
    repaid = [EntryRow(i, f"2026-{i:06d}", date(2026, 3, 1) + timedelta(days=i // 2), "Adelanto o devolución", "",
                       "movimiento", None, None, None, "contador",
                       (LineRow("14222", "Adelantos a socios", D("100.00") if i <= 90 else D("0.00"),
                                D("0.00") if i <= 90 else D("100.00"), "", "", "PEN", None, None),))
              for i in range(1, 171)]
    falling = render(mayor_view([(opening, repaid)], COOP, date(2026, 3, 1), None, PRINTED))
    assert "Totales S/ 15,000.00 S/ 8,000.00 S/ 7,000.00" in text_of(falling)
    for pdf in (diario[1], mayor, falling):
        for n, page in enumerate(layout_pages(pdf), start=1):
            assert overlaps(page) == [], n
            assert outside(page) == [], n
            assert split_amounts(page) == [], n

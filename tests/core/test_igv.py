"""The IGV of a gravado sale (débito fiscal, 40111) and notas de crédito against a sale's
comprobante (issue 16, item 2): exact figures in the books and in the 14.1 line,
written by hand from the structure (docs/ple.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.core.errors import InvalidInput
from coopdesk.domain import registers as R
from coopdesk.domain.credit_notes import CreditNoteInput
from coopdesk.domain.sales import SaleInput
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand
from tests.core.test_registers import EXPORTER, close_april

BUYER = "Exportadora del Sur S.A.C."


def _gravado_sale(book, **changes) -> int:
    """10 kg at S/ 118.00, gravado, to a third party: S/ 1,180.00 = 1,000.00 + 180.00 of IGV."""
    values = dict(date=date(2026, 4, 10), buyer="Exportadora del Sur", product_code="CACAO-SECO",
                  certification="organico", kg=D("10"), price=D("118.0000"), invoice="F001-000046", party=EXPORTER,
                  comprobante="01", series="F001", doc_number="000046", tax="gravado", cooperative_act=False)
    values.update(changes)
    return book.sales.record(SaleInput(**values))


@pytest.fixture
def book(sqlite_book):
    cash_in_hand(sqlite_book)                          # entry 1
    sqlite_book.deliveries.record(cacao("001-000001"))  # entry 2
    sqlite_book.parties.add("6", EXPORTER, BUYER)
    return sqlite_book


def _lines(book, number):
    entry = next(e for e in book.ledger.entries() if e.number == number)
    return [(line.account, line.debit, line.credit) for line in entry.lines]


def test_a_gravado_sale_posts_its_igv_to_40111_and_shows_it_in_the_14_1(book):
    _gravado_sale(book)
    assert _lines(book, "2026-000003")[:3] == [
        ("1212", D("1180.00"), D("0.00")), ("701311", D("0.00"), D("1000.00")), ("40111", D("0.00"), D("180.00"))]
    close_april(book)                 # the registers are of a closed month (the CUO is the Diario's correlativo)
    [line] = [f.lines for f in book.registers.month_files(2026, 4)][0]
    assert line == ("20260400|2026000003|M1|10/04/2026||01|F001|000046||6|20456789014|Exportadora del Sur S.A.C.|"
                    "0.00|1000.00|0.00|180.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|1180.00|PEN|1.000||||||||1|")
    totals = book.registers.totals(R.VENTAS, 2026, 4)
    assert (totals.cooperative, totals.other) == ({}, {"gravado": (100000, 18000)})


def test_each_item_of_a_gravado_sale_is_split_apart(book):
    # price S/ 100.00 and differential S/ 10.00: 84.75 + 15.25 and 8.47 + 1.53 (not 110.00 → 93.22 + 16.78)
    _gravado_sale(book, kg=D("1"), price=D("100.0000"), differential=D("10.00"))
    assert _lines(book, "2026-000003")[:6] == [
        ("1212", D("100.00"), D("0.00")), ("701311", D("0.00"), D("84.75")), ("40111", D("0.00"), D("15.25")),
        ("1212", D("10.00"), D("0.00")), ("701312", D("0.00"), D("8.47")), ("40111", D("0.00"), D("1.53"))]
    assert book.registers.totals(R.VENTAS, 2026, 4).other == {"gravado": (9322, 1678)}


def test_an_acto_cooperativo_is_not_gravado(book):
    with pytest.raises(InvalidInput) as refused:
        _gravado_sale(book, cooperative_act=True)
    assert [describe(p) for p in refused.value.problems] == [
        "Una venta que es acto cooperativo no está gravada con el IGV: elija exonerada, inafecta o exportación, o "
        "márquela como no cooperativa."]
    assert book.sales.list() == []
    # exonerated, inafecto and exportación post no IGV
    _gravado_sale(book, tax="inafecto", cooperative_act=True)
    assert _lines(book, "2026-000003")[:2] == [("1212", D("1180.00"), D("0.00")), ("701311", D("0.00"), D("1180.00"))]


def test_a_nota_de_credito_for_half_reverses_500_and_90_and_goes_negative_in_the_14_1(book):
    sale = _gravado_sale(book)
    before = _lines(book, "2026-000003")
    note = book.credit_notes.record(CreditNoteInput(sale, date(2026, 4, 20), "FC01", "000007", D("590.00"),
                                                    "Descuento por calidad"))
    assert _lines(book, "2026-000004") == [
        ("701311", D("500.00"), D("0.00")), ("40111", D("90.00"), D("0.00")), ("1212", D("0.00"), D("590.00"))]
    assert _lines(book, "2026-000003") == before               # the sale's entry is never touched
    [row] = book.credit_notes.list(sale_id=sale)
    assert (row.id, row.total_pen, row.base_pen, row.igv_pen, row.entry_number) == (
        note, D("590.00"), D("500.00"), D("90.00"), "2026-000004")
    [listed] = book.sales.list()
    assert (listed.total_pen, listed.credited_pen, listed.owed_pen) == (D("1180.00"), D("590.00"), D("590.00"))
    # the buyer owes what the note left; the sale with a note is not voided
    book.sales.collect(sale, date(2026, 4, 25), "101")
    assert _lines(book, "2026-000005") == [("101", D("590.00"), D("0.00")), ("1212", D("0.00"), D("590.00"))]
    with pytest.raises(InvalidInput) as refused:
        book.sales.void(sale, "error")
    assert [describe(p) for p in refused.value.problems] == [
        f"La venta {sale} tiene notas de crédito: no se anula; lo que falte revertir va en otra nota de crédito."]
    close_april(book)
    ventas = book.registers.month_files(2026, 4)[0].lines
    assert ventas[1] == (
        "20260400|2026000004|M3|20/04/2026||07|FC01|000007||6|20456789014|Exportadora del Sur S.A.C.|"
        "0.00|-500.00|0.00|-90.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|-590.00|PEN|1.000|"
        "10/04/2026|01|F001|000046||||1|")
    assert book.registers.totals(R.VENTAS, 2026, 4).other == {"gravado": (50000, 9000)}


def test_a_nota_de_credito_beyond_what_is_left_is_refused(book):
    sale = _gravado_sale(book)
    book.credit_notes.record(CreditNoteInput(sale, date(2026, 4, 20), "FC01", "7", D("1000.00"), "Devolución"))
    with pytest.raises(InvalidInput) as refused:
        book.credit_notes.record(CreditNoteInput(sale, date(2026, 4, 3), "FC01", "7", D("180.01"), ""))
    assert [describe(p) for p in refused.value.problems] == [
        "Diga el motivo de la nota de crédito.",
        "La nota de crédito no puede pasar de lo que queda de la venta: 180.00 PEN.",
        "La nota de crédito no puede ser anterior a la venta (10/04/2026)."]
    assert len(book.credit_notes.list()) == 1


def test_a_nota_de_credito_takes_its_base_out_of_the_non_cooperative_income(book):
    sale = _gravado_sale(book)
    income = book.ledger.tax_provision(2026).income           # 1,000.00 of base less the cost of 10 kg
    book.credit_notes.record(CreditNoteInput(sale, date(2026, 4, 20), "FC01", "8", D("590.00"), "Descuento"))
    assert book.ledger.tax_provision(2026).income == income - D("500.00")


def test_a_notes_amount_is_spread_over_what_is_left_of_each_item():
    from coopdesk.domain.credit_notes import Parts, credited

    assert credited(D("55.00"), Parts(D("100.00"), D("10.00"))) == Parts(D("50.00"), D("5.00"), D("0.00"))
    assert credited(D("0.01"), Parts(D("1.00"), D("1.00"))) == Parts(D("0.01"), D("0.00"), D("0.00"))
    assert credited(D("30.00"), Parts(D("20.00"), D("0.00"), D("10.00"))) == Parts(D("20.00"), D("0.00"),
                                                                                    D("10.00"))


def test_the_igv_rate_in_force_on_each_day():
    assert (R.igv_rate(date(2011, 2, 28)), R.igv_rate(date(2011, 3, 1))) == (D("0.19"), D("0.18"))
    assert R.split(11900, R.GRAVADO, date(2010, 6, 1)) == (10000, 1900)

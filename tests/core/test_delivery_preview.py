"""The intake's preview (``book.deliveries.preview``) is what ``record`` stores: one computation.

The tables are those of tests/core/test_quality_and_prices.py: dry cacao at 7.5 % standard
moisture (to dry matter), A from 80 % well fermented (× 1.05), B from 65 %, C below; organic
S/ 10.00 a kilo from 1 March 2026.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.core.prices import PriceInput
from coopdesk.i18n import describe
from tests.conftest import cash_in_hand
from tests.core.test_quality_and_prices import CACAO, measured


@pytest.fixture
def priced(sqlite_book):
    book = sqlite_book
    cash_in_hand(book, caja="300000.00")
    book.prices.set_standard("CACAO-SECO", date(2026, 1, 1), CACAO)
    book.prices.add(PriceInput("CACAO-SECO", date(2026, 3, 1), D("10.00"), certification="organico"))
    return book


def stored(book, ticket: str):
    [row] = book.deliveries.page(ticket)
    return row


def test_the_preview_of_a_ticket_is_what_recording_it_stores(priced):
    data = measured("001-000001", date=date(2026, 3, 4))
    preview = priced.deliveries.preview(data)
    assert preview.problems == ()
    assert (preview.member_name, preview.member_status, preview.certification) == (
        "Quispe Mamani, Rosa", "activo", "organico")
    # 100 × 90.5 / 92.5 = 97.838 kg; 10.00 × 1.05 = 10.50; 97.838 × 10.50 = 1,027.30
    q = preview.quote
    assert (q.grade, q.payable_kg, q.price, q.amount, preview.withheld, preview.to_pay) == (
        "A", D("97.838"), D("10.50"), D("1027.30"), D("0.00"), D("1027.30"))
    priced.deliveries.record(data)
    row = stored(priced, "001-000001")
    assert (row.grade, row.payable_kg, row.price, row.amount, row.withheld) == (
        q.grade, q.payable_kg, q.price, q.amount, preview.withheld)


def test_the_preview_withholds_as_recording_does_past_30_uit(priced):
    """Rosa's year reaches S/ 164,000.00 at S/ 20.00 a kilo; 1,234.567 kg more (S/ 24,691.34) passes the
    S/ 165,000.00 threshold by 23,691.34: 1.5 % = S/ 355.37 withheld, S/ 24,335.97 paid."""
    for number, day, kg in (("001-1", date(2026, 10, 15), "500"), ("001-2", date(2026, 11, 2), "4000"),
                            ("001-3", date(2026, 11, 9), "3700")):
        priced.deliveries.record(measured(number, date=day, gross_kg=D(kg) + D("0.4"), humidity_pct=D("7"),
                                          advance_price=D("20.00")))
    data = measured("001-4", date=date(2026, 11, 16), gross_kg=D("1234.967"), humidity_pct=D("7"),
                    advance_price=D("20.00"))
    preview = priced.deliveries.preview(data)
    assert (preview.quote.amount, preview.withheld, preview.to_pay) == (D("24691.34"), D("355.37"), D("24335.97"))
    assert (preview.withholding.threshold, preview.withholding.year_before) == (D("165000"), D("164000.00"))
    priced.deliveries.record(data)
    row = stored(priced, "001-000004")
    assert (row.amount, row.withheld, row.paid) == (preview.quote.amount, preview.withheld, preview.to_pay)


def test_an_empty_fermentation_is_never_a_silent_grade_c(priced):
    preview = priced.deliveries.preview(measured(fermentation_pct=None))
    assert [(p.field, describe(p)) for p in preview.problems] == [(
        "fermentation_pct", "Escriba la fermentación (%): la tabla de grados de Cacao grano seco la usa para dar la "
                            "calidad (o escriba usted la calidad).")]
    # a grade typed by the clerk needs no measure
    assert priced.deliveries.preview(measured(fermentation_pct=None, grade="B")).quote.grade == "B"


def test_a_missing_price_names_the_table_grade_and_certification_and_only_when_it_is_missing(priced):
    # Juan is conventional: the table has only the organic price
    preview = priced.deliveries.preview(measured(member_code="S0002"))
    assert [describe(p) for p in preview.problems] == [
        "La tabla de precios de Cacao grano seco no tiene precio de adelanto para la calidad A y la certificación "
        "Convencional vigente el 04/03/2026: regístrelo en Precios o escriba el precio."]
    # an unknown member: their certification, and so their price, is unknown; the member is the problem
    preview = priced.deliveries.preview(measured(member_code="S09999"))
    assert [describe(p) for p in preview.problems] == ["No existe el socio con código S09999."]
    assert preview.quote.payable_kg == D("97.838")

"""The almacén per product: copoazú pulpa and grano are two stocks, a sale never
takes more kilos than its own product holds, and each product's kardex (inventario
permanente valorizado) is the inventory in the books."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.cli import main
from coopdesk.core.errors import InvalidInput
from coopdesk.core.sales import KardexLine
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.sales import SaleInput
from coopdesk.i18n import describe
from tests.conftest import cacao

MARCH = date(2026, 3, 4)


def copoazu(ticket: str, product: str, kg: str, price: str, day: date = MARCH, **changes):
    """A ticket of copoazú, its weight net (no tare) at a typed price per kg."""
    return cacao(ticket, product_code=product, date=day, gross_kg=D(kg), tare_kg=D("0"), sacks=1,
                 advance_price=D(price), **changes)


def sale(product: str, kg: str, certification: str = "organico", day: date = date(2026, 4, 10)) -> SaleInput:
    return SaleInput(day, "Agroindustrias Tambopata S.A.C.", product, certification, D(kg), D("9.5000"),
                     invoice=f"F001-{product[-5:]}-{kg}")


def balance(book, code: str) -> D:
    return next(r.balance for r in book.ledger.trial_balance().rows if r.code == code)


def messages(raised) -> list[str]:
    return [describe(p).replace("\xa0", " ") for p in raised.value.problems]


def copoazu_season(book) -> None:
    """Rosa brings 100 kg of organic pulpa at S/ 6.00 and 50 kg of organic grano at S/ 3.00; in April
    200 kg of fruto at S/ 1.50, which makes 76 kg of pulpa (0.38 kg of pulpa per kg of fruto). The advances
    come out of S/ 5,000.00 in Caja."""
    book.ledger.post_opening(EntryInput(date(2026, 1, 1), "Apertura", (
        LineInput("101", debit=D("5000.00")), LineInput("451", credit=D("5000.00")))))
    book.deliveries.record(copoazu("001-000001", "COPOAZU-PULPA", "100", "6.00"))   # S/ 600.00
    book.deliveries.record(copoazu("001-000002", "COPOAZU-GRANO", "50", "3.00"))    # S/ 150.00
    book.deliveries.record(copoazu("001-000003", "COPOAZU-FRUTO", "200", "1.50", date(2026, 4, 2)))  # S/ 300.00


def test_pulpa_and_grano_are_two_stocks_and_fruto_goes_into_pulpa(book):
    copoazu_season(book)
    pulpa, grano = book.sales.stock_of("COPOAZU-PULPA", "organico"), book.sales.stock_of("COPOAZU-GRANO", "organico")
    assert (pulpa.product_code, pulpa.kg, pulpa.value) == ("COPOAZU-PULPA", D("176.000"), D("900.00"))
    assert (grano.product_code, grano.kg, grano.value) == ("COPOAZU-GRANO", D("50.000"), D("150.00"))
    assert book.sales.stock_of("COPOAZU-FRUTO", "organico") == pulpa   # fruto is kept as pulpa
    assert [(s.product_code, s.certification, s.kg, s.value) for s in book.sales.stocks()] == [
        ("COPOAZU-GRANO", "organico", D("50.000"), D("150.00")),
        ("COPOAZU-PULPA", "organico", D("176.000"), D("900.00"))]


def test_a_sale_beyond_its_own_product_is_refused_even_when_the_crop_has_more(book):
    """226 kg of copoazú are in the almacén, but only 176 kg of them are pulpa: 200 kg of pulpa cannot be sold,
    and the grano is never costed as pulpa."""
    copoazu_season(book)
    with pytest.raises(InvalidInput) as raised:
        book.sales.record(sale("COPOAZU-PULPA", "200"))
    assert messages(raised) == [
        "No hay tantos kilos en el almacén: vende 200 kg y de Copoazú pulpa, Orgánico, hay 176.000 kg (entregas "
        "menos ventas registradas). Revise los kilos, el producto o la certificación."]
    assert book.sales.list() == [] and len(book.ledger.entries()) == 4  # the opening and the three tickets' entries, nothing else
    book.sales.record(sale("COPOAZU-PULPA", "176"))
    [sold] = book.sales.list()
    assert sold.cost == D("900.00")                                     # all the pulpa's cost, none of the grano's
    assert book.sales.stock_of("COPOAZU-GRANO", "organico").value == D("150.00")
    with pytest.raises(InvalidInput):
        book.sales.record(sale("COPOAZU-PULPA", "0.001"))               # nothing left of it
    with pytest.raises(InvalidInput):
        book.sales.record(sale("COPOAZU-GRANO", "50", certification="convencional"))  # the grano is organic


def test_the_kardex_lists_each_day_in_and_each_sale_out_at_its_cost_with_the_balance(book):
    copoazu_season(book)
    book.deliveries.record(copoazu("001-000004", "COPOAZU-PULPA", "24", "6.25", date(2026, 4, 2)))  # S/ 150.00
    book.sales.record(sale("COPOAZU-PULPA", "100"))   # 200 kg worth S/ 1,050.00: 100 kg cost S/ 525.00
    book.sales.record(sale("COPOAZU-PULPA", "60", day=date(2026, 4, 20)))
    assert book.sales.kardex("COPOAZU-PULPA", "organico") == [
        KardexLine(MARCH, "", 1, "", D("100.000"), D("600.00"), D("0.000"), D("0.00"), D("100.000"), D("600.00")),
        KardexLine(date(2026, 4, 2), "", 2, "", D("100.000"), D("450.00"), D("0.000"), D("0.00"), D("200.000"),
                   D("1050.00")),
        KardexLine(date(2026, 4, 10), "F001-PULPA-100", 0, "Agroindustrias Tambopata S.A.C.", D("0.000"),
                   D("0.00"), D("100.000"), D("525.00"), D("100.000"), D("525.00")),
        KardexLine(date(2026, 4, 20), "F001-PULPA-60", 0, "Agroindustrias Tambopata S.A.C.", D("0.000"),
                   D("0.00"), D("60.000"), D("315.00"), D("40.000"), D("210.00"))]
    # the books' organic inventory (203211) = the pulpa's kardex + the grano's
    assert balance(book, "203211") == D("210.00") + D("150.00")


def test_the_cli_shows_the_almacen_and_a_kardex(book, capsys):
    copoazu_season(book)
    book.sales.record(sale("COPOAZU-PULPA", "100"))
    book.close()
    assert main(["--db", book.url, "sales", "stock"]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert "Copoazú grano" in out and "50.00 " in out and "S/ 150.00" in out
    assert "Copoazú pulpa" in out and "76.00 " in out and "S/ 388.64" in out
    assert "Total del almacén: S/ 538.64." in out
    assert main(["--db", book.url, "sales", "kardex", "copoazu-pulpa", "--certification", "organico"]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert out.splitlines()[0] == ("Kardex de Copoazú pulpa, orgánico (inventario permanente valorizado, en "
                                   "soles)")
    assert "Venta a Agroindustrias Tambopata S.A.C." in out and "Acopio: 1 ticket" in out
    assert main(["--db", book.url, "sales", "kardex", "COPOAZU-PULPA", "--certification", "otra"]) == 2
    assert "Elija la certificación" in capsys.readouterr().err


@pytest.mark.tampered
def test_an_inventory_the_kardex_does_not_explain_is_named(book):
    """An entry typed by hand into 203211 (the kilos never came through a ticket) breaks inventory = kardex."""
    copoazu_season(book)
    book.ledger.post(EntryInput(date(2026, 4, 30), "Ajuste de inventario", (
        LineInput("203211", debit=D("80.00")), LineInput("101", credit=D("80.00")))))
    found = [describe(p).replace("\xa0", " ") for p in book.checks.run().findings]
    assert "La cuenta 203211 «Mercaderías de origen vegetal: orgánico» dice S/ 1,130.00 y el kardex de sus productos, S/ 1,050.00." \
        in found

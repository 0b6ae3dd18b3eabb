"""A cooperative that starts coopdesk with cacao already in its almacén: the opening
stock («Saldo inicial») is the kardex's first line, part of the average cost of the
sales after it, and posted in the books (inventory against 591), so inventory =
kardex. It is never edited: it is voided (its entry reversed) and typed again."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import text

from coopdesk.cli import main
from coopdesk.core.errors import InvalidInput
from coopdesk.core.sales import KardexLine
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.sales import OpeningStockInput, SaleInput
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand, make_book

OPENING = OpeningStockInput(date(2026, 3, 1), "CACAO-SECO", "organico", D("500"), D("7500.00"))
SALE = SaleInput(date(2026, 4, 10), "Exportadora del Sur S.A.C.", "CACAO-SECO", "organico", D("300"), D("20.0000"),
                 invoice="F001-000045")


def messages(raised) -> list[str]:
    return [describe(p).replace("\xa0", " ") for p in raised.value.problems]


def balances(book) -> dict[str, D]:
    return {r.code: r.balance for r in book.ledger.trial_balance().rows}


def season(book) -> None:
    """500 kg of organic dry cacao worth S/ 7,500.00 on 01/03/2026; Rosa's ticket of 120.1 kg (S/ 2,221.85)
    on 04/03; 300 kg sold on 10/04 at the average cost of the 620.1 kg (S/ 9,721.85)."""
    cash_in_hand(book, day=date(2026, 3, 1))
    book.opening_stock.record(OPENING)
    book.deliveries.record(cacao("001-000001"))
    book.sales.record(SALE)


def test_the_opening_stock_is_the_kardex_first_line_and_its_average_cost(book):
    season(book)
    [sold] = book.sales.list()
    assert sold.cost == D("4703.36")                    # 9,721.85 × 300 / 620.1
    assert book.sales.kardex("CACAO-SECO", "organico") == [
        KardexLine(date(2026, 3, 1), "", 0, "", D("500.000"), D("7500.00"), D("0.000"), D("0.00"), D("500.000"),
                   D("7500.00"), opening=True),
        KardexLine(date(2026, 3, 4), "", 1, "", D("120.100"), D("2221.85"), D("0.000"), D("0.00"), D("620.100"),
                   D("9721.85")),
        KardexLine(date(2026, 4, 10), "F001-000045", 0, "Exportadora del Sur S.A.C.", D("0.000"), D("0.00"),
                   D("300.000"), D("4703.36"), D("320.100"), D("5018.49"))]
    stock = book.sales.stock_of("CACAO-SECO", "organico")
    assert (stock.kg, stock.value) == (D("320.100"), D("5018.49"))
    # in the books: Dr 203211 7,500.00, Cr 591 7,500.00; the inventory is the kardex
    [opening] = [e for e in book.ledger.entries() if e.source_kind == "inventario_inicial"]
    assert [(line.account, line.debit, line.credit) for line in opening.lines] == [
        ("203211", D("7500.00"), D("0.00")), ("591", D("0.00"), D("7500.00"))]
    assert (balances(book)["203211"], balances(book)["591"]) == (D("5018.49"), D("7500.00"))
    assert book.checks.run().agrees


def test_an_opening_stock_is_not_typed_twice_nor_after_the_first_movement_nor_for_a_raw_form(book):
    cash_in_hand(book, day=date(2026, 3, 1))
    book.deliveries.record(cacao("001-000001"))
    with pytest.raises(InvalidInput) as raised:
        book.opening_stock.record(OpeningStockInput(date(2026, 3, 5), "CACAO-BABA", "organico", D("-1"), D("0")))
    assert messages(raised) == [
        "Los kilos del saldo inicial deben ser mayores que cero, con tres decimales como máximo.",
        "El valor del saldo inicial debe ser mayor que cero, en soles con dos decimales como máximo.",
        "Cacao en baba se guarda en el almacén como Cacao grano seco: registre el saldo inicial en CACAO-SECO, en "
        "kilos de esa forma."]
    with pytest.raises(InvalidInput) as raised:
        book.opening_stock.record(OpeningStockInput(date(2026, 3, 5), "CACAO-SECO", "organico", D("500"), D("7500")))
    assert messages(raised) == [
        "El saldo inicial es la primera línea del kardex: Cacao grano seco, Orgánico, ya tiene movimientos desde el "
        "04/03/2026. Use una fecha hasta el 04/03/2026."]
    assert book.opening_stock.list() == []
    first = book.opening_stock.record(OpeningStockInput(date(2026, 3, 4), "CACAO-SECO", "organico", D("500"),
                                                        D("7500")))
    with pytest.raises(InvalidInput) as raised:
        book.opening_stock.record(OpeningStockInput(date(2026, 3, 1), "CACAO-SECO", "organico", D("1"), D("1")))
    assert messages(raised) == [
        f"Cacao grano seco, Orgánico, ya tiene su saldo inicial (N.º {first}, del 04/03/2026): no se modifica; si "
        "está mal, anúlelo y regístrelo de nuevo."]
    # the same day as the first ticket: the opening stock still comes first
    assert [k.opening for k in book.sales.kardex("CACAO-SECO", "organico")] == [True, False]


def test_a_mistaken_opening_stock_is_voided_its_entry_reversed_and_typed_again(book):
    cash_in_hand(book, day=date(2026, 3, 1))
    wrong = book.opening_stock.record(OpeningStockInput(date(2026, 3, 1), "CACAO-SECO", "organico", D("5000"),
                                                        D("75000.00")))
    with pytest.raises(InvalidInput) as raised:
        book.opening_stock.void(wrong, " ")
    assert messages(raised) == ["Diga por qué se anula el saldo inicial."]
    book.opening_stock.void(wrong, "un cero de más")
    assert book.sales.kardex("CACAO-SECO", "organico") == []
    assert balances(book).get("203211", D("0")) == D("0.00")
    book.opening_stock.record(OPENING)
    assert [(o.kg, o.value, o.voided, o.void_reason) for o in book.opening_stock.list()] == [
        (D("5000.000"), D("75000.00"), True, "un cero de más"), (D("500.000"), D("7500.00"), False, "")]
    assert balances(book)["203211"] == D("7500.00")


def test_an_opening_stock_a_sale_drew_on_is_not_voided_and_never_edited(book):
    season(book)
    [opening] = book.opening_stock.list()
    with pytest.raises(InvalidInput) as raised:
        book.opening_stock.void(opening.id, "mal contado")
    assert messages(raised) == [
        f"El saldo inicial {opening.id} no se anula: las ventas de Cacao grano seco, Orgánico, tomaron su costo "
        "(ventas registradas: 1). Anule primero esas ventas."]
    for statement in ("UPDATE opening_stocks SET kg_g = 400000", "UPDATE opening_stocks SET entry_id = NULL",
                      "DELETE FROM opening_stocks"):
        with book.engine.begin() as conn, pytest.raises(Exception, match="no se modifica ni se borra"):
            conn.execute(text(statement))
    assert book.opening_stock.list() == [opening]


def test_the_asiento_de_apertura_leaves_the_inventory_to_the_opening_stock(book):
    with pytest.raises(InvalidInput) as raised:
        book.ledger.post_opening(EntryInput(date(2026, 1, 1), "Apertura", (
            LineInput("203211", debit=D("7500.00")), LineInput("591", credit=D("7500.00")))))
    assert messages(raised) == [
        "Línea 1: la 203211 (inventario) no va en la apertura: registre el saldo inicial de cada producto en el "
        "almacén («sales opening-stock»), que la carga a esta cuenta y lo pone en su kardex."]


def test_cli_opening_stock_and_its_kardex_line(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    assert main(["--db", db, "sales", "opening-stock", "CACAO-SECO", "--certification", "orgánico", "--kg", "500",
                 "--value", "7500", "--date", "01/03/2026"]) == 0
    out = re.sub(r"[ \u00a0]+", " ", capsys.readouterr().out)
    assert out == ("Se registró el saldo inicial N.º 1 del almacén al 01/03/2026: 500.00 kg de Cacao grano seco "
                   "(orgánico) por S/ 7,500.00. Asiento 2026-000001. Es la primera línea de su kardex; no se "
                   "modifica, se anula con «sales void-opening-stock».\n")
    assert main(["--db", db, "sales", "kardex", "CACAO-SECO", "--certification", "organico"]) == 0
    out = re.sub(r"[ \u00a0]+", " ", capsys.readouterr().out)
    assert "01/03/2026 Saldo inicial 500.00 S/ 7,500.00 500.00 S/ 7,500.00" in out
    # bad input: a Spanish message, exit 2, nothing written
    assert main(["--db", db, "sales", "opening-stock", "CACAO-SECO", "--certification", "organico", "--kg", "10",
                 "--value", "100", "--date", "02/03/2026"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "ya tiene su saldo inicial (N.º 1, del 01/03/2026)" in err and "Traceback" not in err
    assert main(["--db", db, "sales", "void-opening-stock", "1", "--reason", "mal contado"]) == 0
    assert "Se anuló el saldo inicial N.º 1" in capsys.readouterr().out

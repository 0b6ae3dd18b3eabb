"""``book.assets``: the register of fixed assets and the month's depreciation (issue 16, item 6):
exact figures, the month never posted twice, the months in order, a closed month refused, the baja
that stops the depreciation, a purchase linked to its expense, a mistake voided."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.core.errors import InvalidInput
from coopdesk.domain import fixed_assets as F
from coopdesk.domain.sales import ExpenseInput
from coopdesk.i18n import describe
from tests.conftest import cash_in_hand, make_book


def computer(**changes) -> F.AssetInput:
    values = dict(code="AF-001", description="Computadora Lenovo ThinkCentre", account="3361",
                  acquired_on=date(2026, 3, 15), cost=D("3600.00"), paid_from="4212", reference="F001-000123")
    values.update(changes)
    return F.AssetInput(**values)


def building(**changes) -> F.AssetInput:
    values = dict(code="AF-002", description="Almacén de acopio de Las Piedras", account="3322",
                  acquired_on=date(2026, 4, 10), cost=D("120000.00"), paid_from="1041")
    values.update(changes)
    return F.AssetInput(**values)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    book = make_book(f"sqlite:///{tmp_path_factory.mktemp('assets') / 'coop.sqlite'}")
    cash_in_hand(book)
    yield book
    book.close()


def refused(call, *args) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        call(*args)
    return [describe(p) for p in caught.value.problems]


def lines(book, entry_id):
    entry = book.ledger.entries(ids=[entry_id])[0]
    return entry.date, [(line.account, line.debit, line.credit) for line in entry.lines]


def test_the_register_depreciates_month_by_month_and_never_twice(book):
    first = book.assets.add(computer())
    row = book.assets.get(first)
    assert (row.percent, row.quota, row.start, row.category) == (D(25), D("75.00"), (2026, 3), F.COMPUTO)
    purchase = book.ledger.entries(ids=[book.ledger.entry_id(row.entry_number)])[0]
    assert [(l.account, l.debit, l.credit) for l in purchase.lines] == [
        ("3361", D("3600.00"), D("0.00")), ("4212", D("0.00"), D("3600.00"))]
    # the months go in order
    assert refused(book.assets.depreciate, 2026, 4) == [
        "Registre primero la depreciación de 2026-03: el activo AF-001 se deprecia desde ese mes y los meses van en "
        "orden."]
    march = book.assets.depreciate(2026, 3)
    assert march.total == D("75.00")
    assert lines(book, march.entry_id) == (date(2026, 3, 31), [("68145", D("75.00"), D("0.00")),
                                                               ("39135", D("0.00"), D("75.00"))])
    before = book.ledger.count_entries()
    message = refused(book.assets.depreciate, 2026, 3)[0]
    assert message.startswith("La depreciación de 2026-03 ya está registrada (asiento 2026-") and \
        message.endswith("): no se registra dos veces.")
    assert book.ledger.count_entries() == before and book.assets.get(first).accumulated == D("75.00")
    assert refused(book.assets.depreciate, 2026, 12) == [
        "El mes 2026-12 aún no termina: su depreciación se registra desde el 31/12/2026."]

    # a building at 5 %: S/ 120,000.00 → S/ 500.00 a month; April posts both, one line per account
    second = book.assets.add(building())
    assert book.assets.get(second).quota == D("500.00") and book.assets.get(second).category == F.EDIFICIOS
    april = book.assets.depreciate(2026, 4)
    assert lines(book, april.entry_id)[1] == [
        ("68141", D("500.00"), D("0.00")), ("68145", D("75.00"), D("0.00")),
        ("39131", D("0.00"), D("500.00")), ("39135", D("0.00"), D("75.00"))]

    # the baja on 15/05/2026: the accumulated (150.00) and the net value (3,450.00) against the cost
    assert refused(book.assets.retire, first, date(2026, 6, 1), "Robo") == [
        "Registre primero la depreciación de 2026-05: el activo se deprecia hasta el mes anterior a su baja."]
    retired = book.assets.retire(first, date(2026, 5, 15), "Robo denunciado en la comisaría")
    assert lines(book, retired) == (date(2026, 5, 15), [("39135", D("150.00"), D("0.00")),
                                                        ("65513", D("3450.00"), D("0.00")),
                                                        ("3361", D("0.00"), D("3600.00"))])
    may = book.assets.depreciate(2026, 5)
    assert may.lines == (("AF-002", "Almacén de acopio de Las Piedras", D("500.00")),)  # a retired asset stops
    assert refused(book.assets.retire, first, date(2026, 6, 1), "Otra vez") == [
        "El activo AF-001 ya se dio de baja el 15/05/2026."]
    schedule = book.assets.schedule(first)
    assert [(r.period, r.amount) for r in schedule.rows] == [("2026-03", D("75.00")), ("2026-04", D("75.00"))]
    assert all(r.entry for r in schedule.rows)
    assert book.assets.get(first).status == "de baja"

    # the month's entry is the register's: the Libro Diario does not reverse it by hand
    assert refused(book.ledger.reverse, may.entry_id, date(2026, 5, 31), "Error")[0].startswith(
        "El asiento 2026-")
    # an asset added late, whose first month was already posted, gets a complementary entry of that month alone
    late = book.assets.add(computer(code="AF-003", description="Impresora", account="3369",
                                    acquired_on=date(2026, 5, 3), cost=D("1200.00")))
    assert book.assets.get(late).category == F.OTROS and book.assets.get(late).quota == D("10.00")
    assert refused(book.assets.depreciate, 2026, 6) == [
        "Registre primero la depreciación de 2026-05: el activo AF-003 se deprecia desde ese mes y los meses van en "
        "orden."]
    complement = book.assets.depreciate(2026, 5)
    assert complement.lines == (("AF-003", "Impresora", D("10.00")),) and complement.entry_id != may.entry_id
    assert lines(book, complement.entry_id)[1] == [("68145", D("10.00"), D("0.00")),
                                                   ("39135", D("0.00"), D("10.00"))]
    june = book.assets.depreciate(2026, 6)
    assert june.total == D("510.00")

    # a closed month takes nothing
    for month in range(1, 8):
        book.ledger.close(2026, month)
    assert refused(book.assets.depreciate, 2026, 7) == [
        "El periodo 2026-07 está cerrado: su depreciación ya no se registra."]


def test_a_purchase_recorded_as_an_expense_is_linked_and_a_mistake_is_voided(book):
    if not any(a.code == "3361" for a in book.ledger.accounts()):
        book.assets.add(computer(code="AF-010", acquired_on=date(2026, 8, 1)))
    expense = book.expenses.record(ExpenseInput(
        date=date(2026, 8, 20), account="3361", description="Dos laptops", supplier="Compuplaza",
        reference="F002-000777", amount=D("4800.00"), paid_from="4212"))
    number = next(e for e in book.expenses.list() if e.id == expense).entry_number
    one = book.assets.add(computer(code="AF-011", acquired_on=date(2026, 8, 20), cost=D("2400.00"), paid_from="",
                                   entry=number))
    assert book.assets.get(one).entry_number == number
    book.assets.add(computer(code="AF-012", acquired_on=date(2026, 8, 20), cost=D("2400.00"), paid_from="",
                             entry=number))
    assert refused(book.assets.add, computer(code="AF-013", acquired_on=date(2026, 8, 20), cost=D("0.01"),
                                             paid_from="", entry=number)) == [
        f"El asiento {number} carga S/ 0.00 a la cuenta 3361 (sin contar otros activos ya enlazados a él): no "
        "alcanza para un costo de S/ 0.01."]
    mistake = book.assets.add(computer(code="AF-014", acquired_on=date(2026, 8, 21), cost=D("99.00")))
    entries = book.ledger.count_entries()
    book.assets.void(mistake, "Registrado dos veces")
    assert book.ledger.count_entries() == entries + 1
    assert "AF-014" not in [a.code for a in book.assets.list()]
    assert refused(book.assets.void, mistake, "otra vez") == ["El activo AF-014 ya está anulado."]


def test_bad_input_is_refused_all_at_once_and_nothing_is_written(book):
    count = len(book.assets.list(include_voided=True))
    assert refused(book.assets.add, computer(code="AF-001", account="3311", cost=D("10.001"),
                                                      acquired_on=date(2026, 8, 2))) == [
        "Los terrenos (331) no se deprecian: no van en el registro de activos depreciables.",
        "El costo debe ser mayor que cero, en soles con dos decimales como máximo.",
        "Ya existe el activo AF-001."]
    assert len(book.assets.list(include_voided=True)) == count
    # an old asset whose depreciation would start in a closed period: its depreciation until then goes as prior
    opening = book.expenses.record(ExpenseInput(
        date=date(2026, 8, 3), account="3361", description="Impresora", amount=D("1200.00"), paid_from="4212"))
    number = next(e for e in book.expenses.list() if e.id == opening).entry_number
    assert refused(book.assets.add, computer(code="AF-020", acquired_on=date(2025, 5, 2), cost=D("1200.00"),
                                             paid_from="", entry=number)) == [
        "La depreciación no puede empezar en 2025-05: ese periodo está cerrado. Escriba como depreciación acumulada "
        "anterior la que tenía al cierre y empiece en 2026-08."]
    old = book.assets.add(computer(code="AF-020", acquired_on=date(2025, 5, 2), cost=D("1200.00"), paid_from="",
                                   entry=number, start=date(2026, 8, 1), prior=D("350.00")))
    assert [(r.period, r.amount, r.book_value) for r in book.assets.schedule(old).rows[:1]] == [
        ("2026-08", D("25.00"), D("825.00"))]

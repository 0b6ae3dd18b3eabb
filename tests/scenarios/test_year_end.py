"""The night between two ejercicios: close-year provides the income tax on what is
not an acto cooperativo (Ley 31335), determines the result through 89, takes it to
591, closes the balance-sheet accounts on 31 December and reopens them on
1 January; the estado de situación is the same on both days, account by account,
and nothing can open the year a second time.

The cooperative's 2026: S/ 200,000.00 in Caja and S/ 200,000.00 in the bank from a
loan (451); Rosa delivers 200 kg of organic cacao (S/ 3,700.00 advanced from Caja)
and takes a S/ 400.00 advance; 100 kg are sold as an acto cooperativo for
S/ 2,500.00 (por cobrar) and 100 kg to a third party, not as an acto cooperativo,
for S/ 3,000.00 (into the bank), each at a cost of S/ 1,850.00; freight of
S/ 500.00 (cooperative) and S/ 300.00 of services for the third party's sale (not
cooperative) are paid from Caja. The taxed base is 3,000.00 − 1,850.00 − 300.00 =
S/ 850.00, at 15 % (ingresos netos far below 1,700 UIT): S/ 127.50. The result is
5,500.00 − 3,700.00 − 800.00 − 127.50 = S/ 872.50."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.core import InvalidInput
from coopdesk.domain.accounts import MovementInput
from coopdesk.domain.clock import FixedClock
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.sales import ExpenseInput, SaleInput
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand

JANUARY = date(2027, 1, 15)
END, FIRST = date(2026, 12, 31), date(2027, 1, 1)


def refused(call, *args) -> list[str]:
    with pytest.raises(InvalidInput) as raised:
        call(*args)
    return [describe(p).replace("\xa0", " ") for p in raised.value.problems]


def year_2026(book) -> None:
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))                                          # 120.1 kg, S/ 2,221.85
    book.deliveries.record(cacao("001-2", gross_kg=D("80.3"), tare_kg=D("0.4")))     #  79.9 kg, S/ 1,478.15
    book.accounts.record(MovementInput("S0001", date(2026, 3, 6), "adelantos", "cargo", D("400.00"), "Adelanto"))
    book.sales.record(SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("100"),
                                D("25.0000"), invoice="F001-1"))
    book.sales.record(SaleInput(date(2026, 4, 12), "Chocolates Amazonía", "CACAO-SECO", "organico", D("100"),
                                D("30.0000"), invoice="F001-2", debit_account="1041", cooperative_act=False))
    book.expenses.record(ExpenseInput(date(2026, 4, 15), "631", "Flete a Puerto Maldonado", D("500.00")))
    book.expenses.record(ExpenseInput(date(2026, 4, 16), "639", "Análisis de laboratorio para el tercero",
                                      D("300.00"), cooperative_act=False))


def sheet(book, day):
    s = book.ledger.balance_sheet(day)
    return ({r.code: r.balance for r in s.assets}, {r.code: r.balance for r in s.liabilities},
            {r.code: r.balance for r in s.equity}, s.result)


def test_the_year_end_provides_the_tax_closes_through_89_and_reopens_the_same_balance_sheet(book):
    year_2026(book)
    assert [s.cooperative_act for s in book.sales.list()] == [True, False]
    assert [e.cooperative_act for e in book.expenses.list()] == [True, False]
    before = sheet(book, END)
    assert book.checks.run().agrees
    book.clock = FixedClock(JANUARY)
    done = book.ledger.year_end(2026)
    entries = {e.id: e for e in book.ledger.entries()}
    lines = lambda entry_id: [(l.account, l.member_code, l.debit, l.credit) for l in entries[entry_id].lines]  # noqa: E731

    provision = entries[done.provision]
    assert (provision.date, provision.description, provision.source_kind) == (
        END, "Impuesto a la renta del ejercicio 2026: 15 % de S/ 850.00 (operaciones que no son actos "
             "cooperativos)", "impuesto_renta")
    assert lines(done.provision) == [("881", "", D("127.50"), D("0.00")), ("40171", "", D("0.00"), D("127.50"))]
    assert lines(done.closing) == [
        ("631", "", D("0.00"), D("500.00")), ("639", "", D("0.00"), D("300.00")),
        ("69131", "", D("0.00"), D("3700.00")), ("701311", "", D("5500.00"), D("0.00")),
        ("881", "", D("0.00"), D("127.50")), ("891", "", D("0.00"), D("872.50"))]
    assert entries[done.closing].description == "Determinación del resultado del ejercicio 2026"
    assert lines(done.transfer) == [("891", "", D("872.50"), D("0.00")), ("591", "", D("0.00"), D("872.50"))]
    assert lines(done.balance_closing) == [
        ("101", "", D("0.00"), D("195100.00")), ("1041", "", D("0.00"), D("203000.00")),
        ("1212", "", D("0.00"), D("2500.00")), ("14222", "S0001", D("0.00"), D("400.00")),
        ("40171", "", D("127.50"), D("0.00")), ("451", "", D("400000.00"), D("0.00")),
        ("591", "", D("872.50"), D("0.00"))]
    reopening = entries[done.reopening]
    assert (reopening.date, reopening.number, reopening.source_kind, reopening.description) == (
        FIRST, "2027-000001", "reapertura", "Apertura del ejercicio 2027: saldos al 31/12/2026")
    assert lines(done.reopening) == [(a, m, c, d) for a, m, d, c in lines(done.balance_closing)]

    # the night changes nothing: the estado de situación on 31/12 (before the night's closing) and on 01/01
    after = sheet(book, END)
    assert after == sheet(book, FIRST) == (
        {"101": D("195100.00"), "1041": D("203000.00"), "1212": D("2500.00"), "14222": D("400.00")},
        {"40171": D("127.50"), "451": D("400000.00")}, {"591": D("872.50")}, D("0.00"))
    assert before[0] == after[0] and before[3] == D("1000.00")  # the tax came out of the result, not the assets
    assert book.ledger.income_statement(2026).result == book.ledger.remanente(2026) == D("872.50")
    assert book.ledger.member_balances("14222", END) == book.ledger.member_balances("14222", FIRST) == {
        "S0001": D("400.00")}
    assert book.ledger.trial_balance(end=date(2027, 1, 31), start=FIRST).balanced
    assert book.checks.run().agrees

    # never twice: close-year again, an apertura typed for 2027, reversing the year-end
    assert refused(book.ledger.close_year, 2026) == ["El ejercicio 2026 ya está cerrado."]
    typed = EntryInput(FIRST, "Apertura 2027", (LineInput("101", debit=D("195100.00")),
                                                  LineInput("451", credit=D("195100.00"))))
    assert refused(book.ledger.post_opening, typed) == [
        "El ejercicio 2027 ya tiene su asiento de apertura (2027-000001); una corrección se hace con un asiento "
        "manual."]
    assert refused(book.ledger.reverse, done.reopening, date(2027, 1, 2), "otra vez")[0].startswith(
        "El asiento de cierre del ejercicio no se revierte")
    assert sheet(book, FIRST) == after and book.checks.run().agrees

    # the Libro de Inventarios y Balances details the same 31/12
    from coopdesk.core.ledger_books import printable_inventarios
    books, _cooperative = printable_inventarios(book, 2026)
    assert [(r.code, r.amount) for r in books.cash] == [("101", D("195100.00")), ("1041", D("203000.00"))]
    assert [(r.code, r.name, r.detail, r.amount) for r in books.receivables] == [
        ("F001-1", "Exportadora del Sur", "10/04/2026", D("2500.00"))]
    assert [(r.code, r.name, r.detail, r.amount) for r in books.members] == [
        ("S0001", "Quispe Mamani, Rosa", "14222 Adelantos a socios", D("400.00"))]
    assert books.stocks == () and books.suppliers == () and books.payables == ()


def test_an_apertura_for_books_that_already_carry_their_balances_is_refused(book):
    cash_in_hand(book)
    assert refused(book.ledger.post_opening, EntryInput(FIRST, "Apertura 2027", (
        LineInput("101", debit=D("200000.00")), LineInput("451", credit=D("200000.00"))))) == [
        "Los libros ya tienen asientos antes del 01/01/2027: sus saldos pasan solos al ejercicio siguiente (el "
        "cierre del ejercicio registra la apertura del 1 de enero). Un asiento de apertura los duplicaría; una "
        "corrección se hace con un asiento manual."]


def test_a_year_without_non_cooperative_operations_provides_no_tax(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))
    book.sales.record(SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("100"),
                                D("25.0000"), invoice="F001-1"))
    book.clock = FixedClock(JANUARY)
    done = book.ledger.year_end(2026)
    assert done.provision is None and book.ledger.remanente(2026) == D("650.00")


@pytest.mark.tampered
def test_check_finds_an_apertura_posted_behind_close_year(book):
    """What close-year and «ledger post --opening» never do, written behind them, is found by the check."""
    from coopdesk.domain import roles
    year_2026(book)
    book.clock = FixedClock(JANUARY)
    book.ledger.close_year(2026)
    with book.write(roles.POST_ENTRY) as session, book.cash.suspended():
        book.ledger.post_in(session, EntryInput(FIRST, "Apertura 2027 a mano", (
            LineInput("101", debit=D("195100.00")), LineInput("451", credit=D("195100.00")))), "apertura", 2027)
    report = book.checks.run()
    assert [describe(p) for p in report.findings] == [
        "El asiento de apertura 2027-000002 vuelve a abrir saldos que los libros ya traen del ejercicio anterior: "
        "los duplica. Reviértalo."]

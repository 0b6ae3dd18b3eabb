"""Each movement says whether its money went through Caja or which bank: a S/ 50,000
loan paid by bank transfer leaves Caja alone, and a repayment deposited in the bank
is in the bank."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.cli import main
from coopdesk.core.errors import InvalidInput
from coopdesk.domain.accounts import LoanInput, MovementInput
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.i18n import describe

DAY = date(2026, 3, 2)


def funds(book) -> None:
    """S/ 2,000.00 in Caja and S/ 80,000.00 in the bank (the asiento de apertura)."""
    book.ledger.post_opening(EntryInput(date(2026, 1, 1), "Apertura", (
        LineInput("101", debit=D("2000.00")), LineInput("1041", debit=D("80000.00")),
        LineInput("451", credit=D("82000.00")))))


def balances(book) -> dict[str, D]:
    return {r.code: r.balance for r in book.ledger.trial_balance().rows if r.code in ("101", "1041")}


def test_a_loan_by_bank_transfer_and_an_advance_in_cash_each_leave_their_own_account(book):
    funds(book)
    book.accounts.grant_loan(LoanInput("S0001", DAY, D("50000.00"), D("0"), 10, "Renovación del cacaotal",
                                       money="1041"))
    book.accounts.record(MovementInput("S0002", DAY, "adelantos", "cargo", D("300.00"), "Adelanto"))  # Caja
    book.accounts.record(MovementInput("S0001", DAY, "prestamos", "abono", D("5000.00"), "Depósito",
                                       "Op. 558812", money="1041"))
    assert balances(book) == {"101": D("1700.00"), "1041": D("35000.00")}
    loan, advance, repayment = book.ledger.entries()[1:]
    assert [(l.account, l.debit, l.credit) for l in loan.lines] == [
        ("14221", D("50000.00"), D("0.00")), ("1041", D("0.00"), D("50000.00"))]
    assert [(l.account, l.debit, l.credit) for l in advance.lines] == [
        ("14222", D("300.00"), D("0.00")), ("101", D("0.00"), D("300.00"))]
    assert [(l.account, l.debit, l.credit) for l in repayment.lines] == [
        ("1041", D("5000.00"), D("0.00")), ("14221", D("0.00"), D("5000.00"))]


def test_money_that_is_neither_caja_nor_a_bank_is_refused_and_nothing_is_written(book):
    funds(book)
    with pytest.raises(InvalidInput) as raised:
        book.accounts.record(MovementInput("S0002", DAY, "adelantos", "cargo", D("300.00"), money="4212"))
    assert [describe(p) for p in raised.value.problems] == [
        "Elija por dónde pasa el dinero: la caja (101) o el banco (1041)."]
    with pytest.raises(InvalidInput):
        book.accounts.grant_loan(LoanInput("S0001", DAY, D("500.00"), D("12"), 5, money="591"))
    assert len(book.ledger.entries()) == 1 and book.accounts.movements("S0001") == []


def test_the_cli_records_a_loan_from_the_bank(book, capsys):
    funds(book)
    book.close()
    assert main(["--db", book.url, "account", "loan", "--member", "S0001", "--amount", "1200", "--rate", "0",
                 "--months", "4", "--date", "02/03/2026", "--money", "1041"]) == 0
    assert main(["--db", book.url, "account", "add", "--member", "S0001", "--concept", "prestamos", "--credit",
                 "--amount", "300", "--date", "02/03/2026"]) == 0
    capsys.readouterr()
    from coopdesk.core import Book

    with Book.open(book.url) as reopened:
        assert balances(reopened) == {"101": D("2300.00"), "1041": D("78800.00")}

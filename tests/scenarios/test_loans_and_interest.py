"""Loans, their interest and their repayments: the member's statement, their
sub-ledger 1682 and 772 say the same, whichever way the money came in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from coopdesk.core import postings
from coopdesk.domain.accounts import Concept, Direction, LoanInput
from coopdesk.domain.clock import FixedClock
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.i18n import describe
from tests.scenarios.test_check import findings


def balance(book, code: str) -> D:
    return book.ledger.credit_balance(code)


def cash(book) -> None:
    book.ledger.post_opening(EntryInput(date(2026, 1, 1), "Apertura", (
        LineInput("101", debit=D("10000.00")), LineInput("451", credit=D("10000.00")))))


def test_a_book_kept_before_interest_was_posted_counts_it_once(book):
    """S/ 1,000.00 at 12 % in 3 months from 31 January: 340.02 + 340.02 + 340.03, 20.07 of interest. Rosa paid it
    all, 1,020.07, and coopdesk then (before this version) took the 20.07 straight to 772. Opened by this version,
    the interest is counted once: 772 = 20.07, her 1682 = 0.00, and her statement agrees."""
    cash(book)
    book.clock = FixedClock(date(2026, 2, 1))  # before any installment fell due
    book.accounts.grant_loan(LoanInput("S0001", date(2026, 1, 31), D("1000.00"), D("12"), 3, "Préstamo"))
    with book.write() as session:  # the repayment as the earlier version posted it
        member = book.members.get("S0001")
        movement = book.accounts._add(session, member.id, date(2026, 2, 1), Concept.LOANS, Direction.CREDIT,
                                      D("1020.07"), "Pago total", "", "")
        postings.post_movement(book, session, movement, "S0001")
    assert (balance(book, "772"), -balance(book, "1682")) == (D("20.07"), D("0.00"))
    book.clock = FixedClock(date(2026, 12, 7))
    assert findings(book) == []  # the check posts the interest due first
    assert (balance(book, "772"), book.ledger.member_balances("1682")) == (D("20.07"), {"S0001": D("0.00")})
    assert dict(book.accounts.balances("S0001").owed)["prestamos"] == D("0.00")


def test_an_imported_repayment_beyond_the_loan_is_refused_with_its_row(book, tmp_path):
    cash(book)
    book.accounts.grant_loan(LoanInput("S0001", date(2026, 1, 31), D("1000.00"), D("12"), 3, "Préstamo"))
    sheet = tmp_path / "movimientos.csv"
    sheet.write_text("Código socio,Fecha,Concepto,Tipo,Monto,Descripción,Referencia\n"
                     "S0001,05/11/2026,préstamos,abono,10200.70,Pago total,REC-1\n", encoding="utf-8")
    report = book.imports.movements(sheet)
    assert not report.written and [(p.row, describe(p.problem).replace("\xa0", " ")) for p in report.problems] == [
        (2, "El abono de S/ 10,200.70 es mayor que lo que S0001 debe de préstamos (S/ 1,020.07, con los intereses "
            "ya vencidos): revise el monto. Lo pagado de más no se registra como interés ni como ingreso.")]
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("10200.70", "1020.07"), encoding="utf-8")
    assert book.imports.movements(sheet).written
    assert (balance(book, "772"), book.ledger.member_balances("1682")) == (D("20.07"), {"S0001": D("0.00")})

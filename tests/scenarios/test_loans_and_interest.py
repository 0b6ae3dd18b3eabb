"""Loans, their interest and their repayments: the member's statement, their
sub-ledger 14221 and 772 say the same, whichever way the money came in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.core import InvalidInput, postings
from coopdesk.domain.accounts import Concept, Direction, LoanInput, MovementInput
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
    the interest is counted once: 772 = 20.07, her 14221 = 0.00, and her statement agrees."""
    cash(book)
    book.clock = FixedClock(date(2026, 2, 1))  # before any installment fell due
    book.accounts.grant_loan(LoanInput("S0001", date(2026, 1, 31), D("1000.00"), D("12"), 3, "Préstamo"))
    with book.write(None) as session:  # the repayment as the earlier version posted it
        member = book.members.get("S0001")
        movement = book.accounts._add(session, member.id, date(2026, 2, 1), Concept.LOANS, Direction.CREDIT,
                                      D("1020.07"), "Pago total", "", "")
        postings.post_movement(book, session, movement, "S0001")
    assert (balance(book, "772"), -balance(book, "14221")) == (D("20.07"), D("0.00"))
    book.clock = FixedClock(date(2026, 12, 7))
    assert findings(book) == []  # the check posts the interest due first
    assert (balance(book, "772"), book.ledger.member_balances("14221")) == (D("20.07"), {"S0001": D("0.00")})
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
    assert (balance(book, "772"), book.ledger.member_balances("14221")) == (D("20.07"), {"S0001": D("0.00")})


def rosas_loan_and_a_payment(book) -> None:
    """S/ 1,200.00 at 24 % a year in 12 monthly installments from 10 January: S/ 24.00 of interest falls due
    on 10 February and S/ 22.21 on 10 March. On 12 March Rosa pays S/ 100.00; on 15 March her account is read."""
    cash(book)
    book.clock = FixedClock(date(2026, 3, 15))
    book.accounts.grant_loan(LoanInput("S0001", date(2026, 1, 10), D("1200.00"), D("24"), 12, "Abono orgánico"))
    book.accounts.record(MovementInput("S0001", date(2026, 3, 12), "prestamos", "abono", D("100.00"), "Pago"))


def test_a_payment_goes_to_the_interest_due_before_the_capital(book):
    """Código Civil art. 1257: of her S/ 100.00, S/ 46.21 pays the interest due and S/ 53.79 the capital."""
    rosas_loan_and_a_payment(book)
    report = book.accounts.loans("S0001")
    [loan] = report.positions
    assert (report.order, report.source) == ("interes_primero", "Código Civil (D. Leg. 295), art. 1257: intereses "
                                                                "antes que capital")
    assert [(p.amount, to_interest, to_capital) for p, to_interest, to_capital in report.payments] == [
        (D("100.00"), D("46.21"), D("53.79"))]
    assert (loan.principal, loan.interest_due, loan.interest_owed, loan.capital_owed) == (
        D("1200.00"), D("46.21"), D("0.00"), D("1146.21"))
    # the same figure as her statement and her sub-ledger: 1,200.00 + 46.21 − 100.00
    assert report.interest_owed + report.capital_owed == book.accounts.balances("S0001").of("prestamos") == \
        D("1146.21") == -balance(book, "14221")


def test_capital_first_only_with_the_cooperatives_recorded_agreement(book):
    rosas_loan_and_a_payment(book)
    with pytest.raises(InvalidInput) as raised:
        book.settings.set_payment_order("capital_primero")
    assert [describe(p) for p in raised.value.problems] == [
        "Para aplicar los pagos primero al capital, indique el acuerdo que lo permite (por ejemplo el acta o la "
        "cláusula del contrato de préstamo): el Código Civil, art. 1257, pide el asentimiento de la cooperativa."]
    book.settings.set_payment_order("capital_primero", "Acta 3-2026 del Consejo de Administración")
    report = book.accounts.loans("S0001")
    assert (report.order, report.agreement) == ("capital_primero", "Acta 3-2026 del Consejo de Administración")
    assert [(to_interest, to_capital) for _p, to_interest, to_capital in report.payments] == [
        (D("0.00"), D("100.00"))]
    assert (report.interest_owed, report.capital_owed) == (D("46.21"), D("1100.00"))
    book.settings.set_payment_order("")   # back to the law's order
    assert book.accounts.loans("S0001").capital_owed == D("1146.21")


def test_the_cli_shows_how_each_payment_was_applied(book, capsys, monkeypatch):
    rosas_loan_and_a_payment(book)
    book.close()
    monkeypatch.setenv("COOPDESK_TODAY", "2026-03-15")   # the day her account is read
    from coopdesk.cli import main

    assert main(["--db", book.url, "account", "loans", "--member", "S0001"]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert "Pagos aplicados primero a los intereses vencidos y luego al capital (Código Civil (D. Leg. 295), " \
           "art. 1257: intereses antes que capital)." in out
    assert "12/03/2026" in out and "S/ 46.21" in out and "S/ 53.79" in out
    assert "Debe S/ 1,146.21: S/ 0.00 de intereses y S/ 1,146.21 de capital." in out
    # her Estado de cuenta says it too, under what she owes
    assert main(["--db", book.url, "account", "--member", "S0001"]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert ("De lo que debe de préstamos, S/ 0.00 son intereses vencidos y S/ 1,146.21 capital. Sus pagos se aplican "
            "primero a los intereses vencidos y luego al capital (Código Civil, art. 1257).") in out

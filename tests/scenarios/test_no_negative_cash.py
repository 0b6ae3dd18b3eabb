"""Caja and the banks never go below zero without an explicit, recorded confirmation.

The books open with S/ 1,200.00 in Caja and S/ 80,000.00 in the bank. A S/ 5,000.00
loan paid in cash on 05/03/2026 is refused with Caja's balance that day, the amount
and what it would leave; confirmed with a reason, it is posted, the confirmation is
kept (who, when, why, the figures) and «coopdesk check» lists Caja's S/ -3,800.00 as
confirmed, not as a disagreement. The same rule stops every document that pays
money: a ticket's advance, an advance, an expense, a supplier's payment, a manual
entry, a distribution's payment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import text

from coopdesk.cli import main
from coopdesk.core import Book
from coopdesk.core.cash_guard import NegativeCash
from coopdesk.core.errors import InvalidInput
from coopdesk.domain.accounts import LoanInput, MovementInput
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.sales import ExpenseInput
from coopdesk.i18n import describe
from tests.conftest import cacao
from tests.people import ADMIN_LOGIN

DAY = date(2026, 3, 5)
ADVICE = (" Si el dinero salió de verdad, falta registrar lo que entró: regístrelo primero, o confirme el saldo "
          "negativo con un motivo.")


def plain(words: str) -> str:
    return words.replace("\xa0", " ")


def said(problem) -> str:
    return plain(describe(problem))


def opening(book, caja: str = "1200.00", bank: str = "80000.00") -> None:
    """The asiento de apertura: Caja and the bank, against the working-capital loan (451)."""
    book.ledger.post_opening(EntryInput(date(2026, 1, 1), "Apertura", (
        LineInput("101", debit=D(caja)), LineInput("1041", debit=D(bank)),
        LineInput("451", credit=D(caja) + D(bank)))))


def balances(book) -> dict[str, D]:
    return {r.code: r.balance for r in book.ledger.trial_balance().rows if r.code in ("101", "1041")}


def loan(money: str = "101") -> LoanInput:
    return LoanInput("S0001", DAY, D("5000.00"), D("0"), 5, "Renovación del cacaotal", money=money)


def test_a_cash_loan_larger_than_caja_is_refused_with_the_balance_the_amount_and_what_it_would_leave(book):
    opening(book)
    with pytest.raises(NegativeCash) as raised:
        book.accounts.grant_loan(loan())
    assert [said(p) for p in raised.value.problems] == [
        "Caja (101) tiene S/ 1,200.00 el 05/03/2026; este pago de S/ 5,000.00 la dejaría en -S/ 3,800.00." + ADVICE]
    assert book.accounts.movements("S0001") == [] and len(book.ledger.entries()) == 1
    assert balances(book) == {"101": D("1200.00"), "1041": D("80000.00")}
    # the same loan through the bank leaves Caja alone and is accepted
    book.accounts.grant_loan(loan("1041"))
    assert balances(book) == {"101": D("1200.00"), "1041": D("75000.00")}


def test_confirmed_with_a_reason_it_is_posted_the_confirmation_kept_and_check_lists_it_apart(book):
    opening(book)
    with book.cash.confirmed("El depósito del comprador del 04/03 aún no se registró"):
        book.accounts.grant_loan(loan())
    assert balances(book) == {"101": D("-3800.00"), "1041": D("80000.00")}
    [confirmation] = book.cash.confirmations()
    entry = book.ledger.entries()[-1]
    assert (confirmation.entry, confirmation.account, confirmation.day, confirmation.balance, confirmation.amount,
            confirmation.result, confirmation.reason, confirmation.confirmed_by) == (
        entry.number, "101", DAY, D("1200.00"), D("5000.00"), D("-3800.00"),
        "El depósito del comprador del 04/03 aún no se registró", ADMIN_LOGIN)
    # the audit trail has it too: who, and what was confirmed
    with book.read() as session:
        who, after = session.execute(text(
            "SELECT who, after FROM audit_log WHERE table_name = 'cash_confirmations'")).one()
    assert who == ADMIN_LOGIN and "aún no se registró" in after
    report = book.checks.run()
    assert report.agrees
    assert tuple(plain(t) for t in report.confirmed_sentences()[1]) == (
        "La cuenta 101 «Caja» está en -S/ 3,800.00: saldo negativo confirmado.",)
    # the next payment out of Caja is refused again: a confirmation covers its own document only
    with pytest.raises(NegativeCash) as raised:
        book.accounts.record(MovementInput("S0002", DAY, "adelantos", "cargo", D("100.00"), "Adelanto"))
    assert said(raised.value.problems[0]).startswith(
        "Caja (101) tiene -S/ 3,800.00 el 05/03/2026; este pago de S/ 100.00 la dejaría en -S/ 3,900.00.")


def test_a_payment_dated_earlier_is_refused_when_it_leaves_a_later_day_below_zero(book):
    opening(book)
    book.expenses.record(ExpenseInput(date(2026, 3, 10), "636", "Luz de la oficina", D("1000.00"), "101"))
    with pytest.raises(NegativeCash) as raised:
        book.accounts.record(MovementInput("S0002", DAY, "adelantos", "cargo", D("500.00"), "Adelanto"))
    assert said(raised.value.problems[0]).startswith(
        "Caja (101) tiene S/ 200.00 el 10/03/2026; este pago de S/ 500.00 la dejaría en -S/ 300.00.")
    # S/ 200.00 fits
    book.accounts.record(MovementInput("S0002", DAY, "adelantos", "cargo", D("200.00"), "Adelanto"))
    assert balances(book)["101"] == D("0.00")


def test_every_document_that_pays_money_obeys_the_same_rule_and_nothing_is_written(book):
    opening(book, caja="100.00", bank="100.00")
    refused = {
        "ticket": lambda: book.deliveries.record(cacao(date=DAY)),  # S/ 2,221.85 advanced at the scale
        "advance": lambda: book.accounts.record(MovementInput("S0002", DAY, "adelantos", "cargo", D("300.00"))),
        "expense": lambda: book.expenses.record(ExpenseInput(DAY, "631", "Flete", D("450.00"), "1041")),
        "manual": lambda: book.ledger.post(EntryInput(DAY, "Retiro", (
            LineInput("656", debit=D("150.00")), LineInput("101", credit=D("150.00"))))),
    }
    heard = {}
    for name, document in refused.items():
        with pytest.raises(NegativeCash) as raised:
            document()
        heard[name] = said(raised.value.problems[0]).split(" Si el dinero")[0]
    assert heard == {
        "ticket": "Caja (101) tiene S/ 100.00 el 05/03/2026; este pago de S/ 2,221.85 la dejaría en -S/ 2,121.85.",
        "advance": "Caja (101) tiene S/ 100.00 el 05/03/2026; este pago de S/ 300.00 la dejaría en -S/ 200.00.",
        "expense": f"{bank_name(book)} (1041) tiene S/ 100.00 el 05/03/2026; este pago de S/ 450.00 la dejaría en "
                   "-S/ 350.00.",
        "manual": "Caja (101) tiene S/ 100.00 el 05/03/2026; este pago de S/ 150.00 la dejaría en -S/ 50.00.",
    }
    assert book.deliveries.count() == 0 and book.expenses.list() == [] and len(book.ledger.entries()) == 1
    # an expense owed to the supplier moves no money; paying it from the bank does
    expense = book.expenses.record(ExpenseInput(DAY, "631", "Flete", D("450.00"), "4212", supplier="Transportes Inca"))
    with pytest.raises(NegativeCash):
        book.expenses.pay(expense, DAY, "1041")
    # money coming in is never stopped, even into an account already below zero
    book.accounts.record(MovementInput("S0001", DAY, "aportaciones", "abono", D("50.00"), "Aporte"))
    assert balances(book) == {"101": D("150.00"), "1041": D("100.00")}


def bank_name(book) -> str:
    return next(a.name for a in book.ledger.accounts() if a.code == "1041")


def test_a_blank_reason_is_no_confirmation(book):
    opening(book)
    for reason in ("", "   "):
        with pytest.raises(InvalidInput) as raised:
            with book.cash.confirmed(reason):
                book.accounts.grant_loan(loan())
        assert [describe(p) for p in raised.value.problems] == [
            "Diga por qué Caja o el banco pueden quedar en negativo (por ejemplo, un depósito que aún no se "
            "registró)."]
    assert book.accounts.movements("S0001") == [] and book.cash.confirmations() == []


def test_the_cli_refuses_with_exit_2_and_records_with_the_confirmation(book, capsys):
    opening(book)
    book.close()
    args = ["--db", book.url, "account", "loan", "--member", "S0001", "--amount", "5000", "--rate", "0",
            "--months", "5", "--date", "05/03/2026"]
    assert main(args) == 2
    assert plain(capsys.readouterr().err) == (
        "Error: Caja (101) tiene S/ 1,200.00 el 05/03/2026; este pago de S/ 5,000.00 la dejaría en -S/ 3,800.00."
        + ADVICE + "\n")
    assert main(args + ["--confirmar-saldo-negativo", "   "]) == 2
    assert "Diga por qué Caja o el banco" in capsys.readouterr().err
    assert main(args + ["--confirmar-saldo-negativo", "Falta registrar el depósito del comprador"]) == 0
    capsys.readouterr()
    assert main(["--db", book.url, "check"]) == 0
    out = plain(capsys.readouterr().out)
    assert out.splitlines()[-2:] == [
        "Saldos negativos confirmados (no son errores; se registró quién los confirmó y por qué):",
        "- La cuenta 101 «Caja» está en -S/ 3,800.00: saldo negativo confirmado."]
    with Book.open(book.url) as reopened:
        assert [c.reason for c in reopened.cash.confirmations()] == ["Falta registrar el depósito del comprador"]
        assert balances(reopened) == {"101": D("-3800.00"), "1041": D("80000.00")}


def unposted_copies_of_the_first_ticket(book) -> None:
    """Two tickets as a book kept before the automatic entries has them: recorded, without an entry."""
    with book.write(None) as session:
        session.execute(text(
            "INSERT INTO deliveries (campaign_id, series, number, date, member_id, product_id, sacks, gross_g, tare_g, "
            "net_g, humidity_cp, grade, certification, price_cents, price_unit, amount_cents, created_at, payable_g, "
            "equivalent_g, void_reason, voided_by, certification_note) SELECT campaign_id, series, number + k, "
            "date, member_id, product_id, sacks, gross_g, tare_g, net_g, humidity_cp, grade, certification, "
            "price_cents, price_unit, amount_cents, created_at, payable_g, equivalent_g, '', '', '' FROM deliveries, "
            "(SELECT 1 AS k UNION SELECT 2) AS copies WHERE number = 1"))


def test_post_pending_goes_through_the_guard_refused_then_confirmed(book):
    """Caja holds exactly the first ticket's advance (S/ 2,221.85); two older tickets without entries would take
    S/ 4,443.70 more out of it: «Contabilizar pendientes» is refused, nothing posted, until confirmed."""
    opening(book, caja="2221.85")
    book.deliveries.record(cacao("001-000001"))
    unposted_copies_of_the_first_ticket(book)
    entries = len(book.ledger.entries())
    with pytest.raises(NegativeCash) as raised:
        book.ledger.post_pending()
    assert [said(p) for p in raised.value.problems] == [
        "Caja (101) tiene S/ 0.00 el 04/03/2026; este pago de S/ 4,443.70 la dejaría en -S/ 4,443.70." + ADVICE]
    assert len(book.ledger.entries()) == entries and book.cash.confirmations() == []
    with book.cash.confirmed("Los adelantos de marzo se pagaron con el fondo del comité"):
        assert book.ledger.post_pending().intake_entries == 1
    assert balances(book)["101"] == D("-4443.70")
    [confirmation] = book.cash.confirmations()
    assert (confirmation.account, confirmation.result, confirmation.reason) == (
        "101", D("-4443.70"), "Los adelantos de marzo se pagaron con el fondo del comité")


def test_cli_post_pending_refused_with_exit_2_and_posted_with_confirmar_saldo_negativo(sqlite_book, capsys):
    book, path = sqlite_book, sqlite_book.url
    opening(book, caja="2221.85")
    book.deliveries.record(cacao("001-000001"))
    unposted_copies_of_the_first_ticket(book)
    assert main(["--db", path, "ledger", "post-pending"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Caja (101) tiene S/ 0.00 el 04/03/2026" in plain(err) and "Traceback" not in err
    assert main(["--db", path, "ledger", "post-pending", "--confirmar-saldo-negativo",
                 "Adelantos pagados con el fondo del comité"]) == 0
    capsys.readouterr()
    assert [c.reason for c in book.cash.confirmations()] == ["Adelantos pagados con el fondo del comité"]

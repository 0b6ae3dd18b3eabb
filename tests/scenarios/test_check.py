"""«coopdesk check»: the whole book proves its papers, sub-ledgers, funds and
published runs say the same, or names each member or account where they do not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import text

from coopdesk.cli import main
from coopdesk.domain.accounts import MovementInput
from coopdesk.domain.clock import FixedClock
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand, make_book
from tests.core.test_distribution_runs import CRITERIA_NAMED
from tests.scenarios.test_one_remanente import ACTA_DAY, JANUARY, closed_2026, publish


def cash(book) -> None:
    """S/ 10,000.00 in Caja from a working-capital loan (the asiento de apertura)."""
    book.ledger.post_opening(EntryInput(date(2026, 1, 1), "Apertura", (
        LineInput("101", debit=D("10000.00")), LineInput("451", credit=D("10000.00")))))


def findings(book) -> list[str]:
    return [describe(p).replace("\xa0", " ") for p in book.checks.run().findings]


def test_a_season_with_a_published_distribution_tells_one_truth(book):
    cash_in_hand(book)
    closed_2026(book)
    book.accounts.record(MovementInput("S0001", date(2027, 1, 5), "adelantos", "cargo", D("300.00"),
                                       "Adelanto en efectivo"))
    publish(book, book.distributions.with_remanente(CRITERIA_NAMED, 2026))
    report = book.checks.run()
    assert report.findings == () and report.checked > 10
    assert report.sentences()[0].startswith("La contabilidad cuadra: se compararon ")


@pytest.mark.tampered
def test_what_the_books_do_not_say_is_named_member_by_member(sqlite_book):
    """Tampered behind coopdesk's back: a payment that overdraws a payable, then a run's line edited in the file."""
    cash_in_hand(sqlite_book)
    book = sqlite_book
    closed_2026(book)
    number = publish(book, book.distributions.with_remanente(CRITERIA_NAMED, 2026))
    book.ledger.post(EntryInput(date(2027, 1, 16), "Pago de más a Juan", (
        LineInput("4419", debit=D("2000.00"), member_code="S0002"), LineInput("101", credit=D("2000.00")))))
    assert findings(book) == [
        "Socio S0002: se le pagó S/ 333.33 más de lo que la cooperativa le debía (cuenta 4419)."]
    with book.engine.begin() as conn:  # a published run's lines are sealed by triggers: drop them for this test
        for trigger in [r[0] for r in conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'distribution_lines'"))]:
            conn.execute(text(f"DROP TRIGGER {trigger}"))
        conn.execute(text("UPDATE distribution_lines SET net_cents = net_cents + 100 WHERE member_id = "
                          "(SELECT id FROM members WHERE code = 'S0001')"))
    assert f"La distribución N.º {number}: sus líneas no son las de sus resultados sellados (socios S0001)." in \
        findings(book)


def test_the_command_says_each_disagreement_and_exits_1(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    with make_book(f"sqlite:///{db}") as book:
        cash(book)
        book.deliveries.record(cacao("001-1"))
        assert main(["--db", db, "check"]) == 0
        assert capsys.readouterr().out.startswith("La contabilidad cuadra: se compararon ")
        # the bank holds nothing: the payment is recorded only with a reason
        with book.cash.confirmed("El cheque del comprador se deposita mañana"):
            book.ledger.post(EntryInput(date(2026, 5, 2), "Proyecto de la Prima sin fondos", (
                LineInput("46993", debit=D("500.00")), LineInput("1041", credit=D("500.00")))))
    assert main(["--db", db, "check"]) == 1
    out = capsys.readouterr().out.replace("\xa0", " ").splitlines()
    assert out[0].endswith("cifras y 1 no coincide:")
    assert out[1:] == [
        "- La cuenta 46993 «Fondo de Prima de Comercio Justo» está en negativo: -S/ 500.00.",
        "Saldos negativos confirmados (no son errores; se registró quién los confirmó y por qué):",
        "- La cuenta 1041 «Cuentas corrientes en bancos» está en -S/ 500.00: saldo negativo confirmado."]


def test_interest_a_statement_shows_is_in_the_books_too(book):
    """The demo's case (S00012: 1,829.66 on paper, 1,750.00 in 14221) must never come back."""
    from coopdesk.domain.accounts import LoanInput

    cash(book)
    book.accounts.grant_loan(LoanInput("S0001", date(2026, 2, 1), D("1000.00"), D("12"), 4, "Préstamo de campaña"))
    book.clock = FixedClock(JANUARY)
    assert findings(book) == []
    assert ACTA_DAY < JANUARY

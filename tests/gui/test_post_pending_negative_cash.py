"""«Contabilizar pendientes» goes through Caja's guard: tickets of an older book
that would take Caja below zero ask «¿Registrar de todos modos?» (the real dialog);
«Revisar» posts nothing, a reason posts them and is recorded. Caja is empty here."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import text

from coopdesk.gui.ledger.ledger_view import LedgerView
from coopdesk.gui.kit.negative_cash import NegativeCashDialog, ask_reason

from .conftest import answering, wait_idle
from .test_ledger_view import on_worker, open_view
from tests.conftest import cacao

REASON = "Los adelantos de marzo se pagaron con el fondo del comité"


@pytest.fixture(autouse=True)
def real_question(monkeypatch):
    monkeypatch.setattr(LedgerView, "confirm_negative_cash", lambda self, problems: ask_reason(self, problems))


def older_tickets(book) -> None:
    """Rosa's ticket, its advance out of the empty Caja confirmed; then two more as a book kept before the
    automatic entries has them: recorded, without an entry (S/ 4,443.70 of advances)."""
    with book.cash.confirmed("El primer ticket"):
        book.deliveries.record(cacao("001-000001", member_code="S001"))
    with book.write(None) as session:
        session.execute(text(
            "INSERT INTO deliveries (campaign_id, series, number, date, member_id, product_id, sacks, gross_g, tare_g, "
            "net_g, humidity_cp, grade, certification, price_cents, price_unit, amount_cents, created_at, payable_g, "
            "equivalent_g, void_reason, voided_by, certification_note) SELECT campaign_id, series, number + k, "
            "date, member_id, product_id, sacks, gross_g, tare_g, net_g, humidity_cp, grade, certification, "
            "price_cents, price_unit, amount_cents, created_at, payable_g, equivalent_g, '', '', '' FROM deliveries, "
            "(SELECT 1 AS k UNION SELECT 2) AS copies WHERE number = 1"))


def caja(book) -> D:
    return next(r.balance for r in book.ledger.trial_balance().rows if r.code == "101")


def test_posting_what_is_pending_asks_before_caja_goes_below_zero(qtbot, runner):
    on_worker(qtbot, runner, older_tickets)
    view = open_view(qtbot, runner)
    said: list[str] = []
    view.status_message.connect(said.append)
    view.tabs.setCurrentIndex(view.tabs.count() - 1)
    seen: list[str] = []

    def review(question: NegativeCashDialog):
        seen.append(question.message.text().replace("\xa0", " "))
        question.review.click()

    with answering(NegativeCashDialog, review):
        view.pending_button.click()
        qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    wait_idle(qtbot, runner)
    assert seen[0].startswith("Caja (101) tiene -S/ 2,221.85 el 04/03/2026; este pago de S/ 4,443.70 la dejaría en "
                              "-S/ 6,665.55.")
    assert on_worker(qtbot, runner, caja) == D("-2221.85") and said == []   # nothing posted
    assert view.pending_button.isEnabled()

    def anyway(question: NegativeCashDialog):
        question.reason.setText(REASON)
        question.anyway.click()

    with answering(NegativeCashDialog, anyway):
        view.pending_button.click()
        qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    wait_idle(qtbot, runner)
    assert said == ["Se registraron 1 asientos de acopio (uno por día y serie), 0 de movimientos de socios y 0 de "
                    "distribuciones y sus pagos."]
    assert on_worker(qtbot, runner, caja) == D("-6665.55")
    reasons = on_worker(qtbot, runner, lambda book: [c.reason for c in book.cash.confirmations()])
    assert reasons == ["El primer ticket", REASON]

"""Importar… when the file's advances would leave Caja below zero: the core refuses
the import, and the dialog asks «¿Registrar de todos modos?» (the real dialog of
``gui/negative_cash.py``) with Caja's balance. «Revisar» writes nothing and shows
the refusal; a reason imports every row and records the reason with the entry, as
the CLI's ``--confirmar-saldo-negativo`` does. Caja is empty here (no ``caja``
fixture): the tickets' advances come out of nothing."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from coopdesk.core import Book
from coopdesk.gui.admin.import_dialog import ImportDialog
from coopdesk.gui.kit.negative_cash import NegativeCashDialog, ask_reason

from .conftest import answering, wait_idle
from .test_import_dialog import deliveries, open_dialog, review, write

# two tickets paid from Caja on 04/03 and 05/03: 120.1 kg × 18.50 = 2,221.85; 64.1 kg × 18.40 = 1,179.44
TWO = """Ticket;Fecha;Código socio;Producto;Sacos;Kg bruto;Tara;Humedad;Calidad;Precio
001-000001;04/03/2026;S001;CACAO-SECO;2;120,5;0,4;7,2;A;18,50
001-000002;05/03/2026;S002;CACAO-SECO;1;64,3;0,2;7,5;B;18,40
"""
REASON = "Las planillas de marzo se pagaron con el fondo del comité"


@pytest.fixture(autouse=True)
def real_question(monkeypatch):
    """The real «¿Registrar de todos modos?» (the suite answers None by default)."""
    monkeypatch.setattr(ImportDialog, "confirm_negative_cash", lambda self, problems: ask_reason(self, problems))


def import_clicked(qtbot, dialog: ImportDialog, steps) -> dict:
    seen: dict = {}

    def answer(question: NegativeCashDialog):
        seen["title"] = question.windowTitle()
        seen["message"] = question.message.text().replace("\xa0", " ")
        seen["anyway_enabled"] = question.anyway.isEnabled()
        steps(question)

    with answering(NegativeCashDialog, answer):
        dialog.import_button.click()
        qtbot.waitUntil(lambda: "message" in seen, timeout=20_000)
    wait_idle(qtbot, dialog.runner)
    return seen


def test_review_writes_nothing_and_a_reason_imports_the_file_with_it(qtbot, runner, db, tmp_path):
    path = write(tmp_path / "entregas.csv", TWO)
    dialog = open_dialog(qtbot, runner, "deliveries", path)
    review(qtbot, dialog)  # every row is right: the review says Caja would go below zero, and Importar stays
    refusal = ("Caja (101) tiene S/ 0.00 el 04/03/2026; este pago de S/ 2,221.85 la dejaría en -S/ 2,221.85. Si el "
               "dinero salió de verdad, falta registrar lo que entró: regístrelo primero, o confirme el saldo negativo "
               "con un motivo.")
    assert dialog.result.text().replace("\xa0", " ") == (
        refusal + " Puede importarlo de todos modos, diciendo por qué: pulse «Importar».")
    assert dialog.import_button.isEnabled() and deliveries(db) == (0, D(0), D(0))

    seen = import_clicked(qtbot, dialog, lambda question: question.review.click())
    assert seen["title"] == "¿Registrar de todos modos?" and not seen["anyway_enabled"]  # no reason, no button
    assert seen["message"] == refusal
    assert deliveries(db) == (0, D(0), D(0))                      # «Revisar»: nothing written
    assert dialog.imported is None and dialog.import_button.isEnabled()

    def anyway(question: NegativeCashDialog):
        question.reason.setText(REASON)
        assert question.anyway.isEnabled()
        question.anyway.click()

    seen = import_clicked(qtbot, dialog, anyway)
    assert deliveries(db) == (2, D("184.200"), D("3401.29"))
    assert dialog.result.text() == "Se agregaron 2 entregas (184.20\u00a0kg netos, S/\u00a03,401.29)."
    assert (dialog.imported.to_add, dialog.imported.written) == (2, True)
    with Book.open(str(db)) as book:
        confirmations = book.cash.confirmations()
        caja = next(r.balance for r in book.ledger.trial_balance().rows if r.code == "101")
    assert caja == D("-3401.29")
    assert {c.reason for c in confirmations} == {REASON} and {c.account for c in confirmations} == {"101"}
    assert confirmations[0].result == D("-2221.85")

"""Contabilidad › Periodos › «Bancos y tipos de cambio…»: the SBS rates imported from
a file, a month's exchange difference posted, and a statement reconciled, with its PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from pypdf import PdfReader

from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.gui.ledger.banks_dialog import BanksDialog
from tests.core.test_banks import RATES, STATEMENT, _bank_month, _usd

from .conftest import wait_idle
from .test_accounts_view import on_worker


def test_rates_revaluation_and_reconciliation_from_the_dialog(qtbot, runner, tmp_path):
    def prepare(book):
        pen = _bank_month(book)
        usd = book.banks.add("BCP", "191-2345678-1-23", "USD")
        book.ledger.post(EntryInput(date(2026, 3, 2), "Préstamo en dólares", (
            _usd(usd, "debit", "10000.00", "3.7000"), LineInput("451", credit=D("37000.00")))))
        return pen

    pen = on_worker(qtbot, runner, prepare)
    dialog = BanksDialog(None, runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    (tmp_path / "tc.csv").write_text(RATES, encoding="utf-8")
    dialog.import_rates(str(tmp_path / "tc.csv"))
    wait_idle(qtbot, runner)
    assert dialog.message == "Tipos de cambio: 5 días nuevos, 0 ya estaban."
    dialog.year.setValue(2026)
    dialog.month.setValue(3)
    dialog.revalue()
    wait_idle(qtbot, runner)
    assert dialog.message.startswith("Diferencia de cambio al 31/03/2026: asiento 2026-")
    qtbot.waitUntil(lambda: dialog.table.item(1, 5) is not None and dialog.table.item(1, 5).text() == "S/\u00a037,450.00")
    (tmp_path / "estado.csv").write_text(STATEMENT, encoding="utf-8")
    dialog.reconcile(pen, str(tmp_path / "estado.csv"))
    wait_idle(qtbot, runner)
    text = dialog.result.toPlainText()
    assert "Conciliados: 3" in text and "Diferencia sin explicar: S/ 0.00" in text
    dialog.save_pdf(str(tmp_path / "c.pdf"))
    wait_idle(qtbot, runner)
    assert "S/ 57,132.15" in PdfReader(tmp_path / "c.pdf").pages[0].extract_text()

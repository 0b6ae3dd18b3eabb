"""«Pagar en lote…» driven on real widgets: who is paid (all, a zone, a list), the
list and its totals, a draft planilla, then the batch recorded, its planilla and
bank file written and the run's «Pagados» updated."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal as D

import pytest

from coopdesk.gui.kit import printing
from coopdesk.gui.distribution.batch_payment_dialog import ALL, MEMBERS, ZONE, BatchPaymentDialog, UndoBatchDialog

from .conftest import answering, cells, wait_idle
from tests.gui.test_distribution_view import caja, documents, on_worker, open_view, season, stored_run  # noqa: F401

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is needed")


def choose(dialog, combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


@pytest.mark.usefixtures("season")
def test_a_batch_chosen_and_recorded_from_the_distribution_screen(qtbot, runner, tmp_path, monkeypatch):
    folder = tmp_path / "Documentos"  # the autouse ``documents`` fixture's folder
    opened = []
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view, publish=True)
    on_worker(qtbot, runner, lambda book: book.members.set_bank_account("S002", "00219312345678901223"))
    nets = on_worker(qtbot, runner, lambda book: {l.member_code: l.net for l in book.distributions.lines(1)})
    total = sum(nets.values(), D("0"))
    view.reload()
    wait_idle(qtbot, runner)
    assert view.batch_button.isEnabled()

    def steps(dialog: BatchPaymentDialog):
        qtbot.waitUntil(lambda: dialog.plan is not None and not runner.busy, timeout=20_000)
        rows = [[dialog.table.item(r, c).text() for c in range(6)] for r in range(dialog.table.rowCount())]
        # by zone, then «Apellidos, Nombres»
        assert [r[:3] for r in rows] == [["Las Piedras", "S003", "Quispe Huamán, Pedro"],
                                         ["Las Piedras", "S001", "Quispe Mamani, Rosa"],
                                         ["Tambopata", "S002", "Apaza Flores, Juan"]]
        assert [r[5] for r in rows] == ["Efectivo", "Efectivo", "Banco: 00219312345678901223"]
        assert "3 socios" in dialog.totals.text()
        choose(dialog, dialog.who, ZONE)
        choose(dialog, dialog.zone, "TB")
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1 and not runner.busy, timeout=20_000)
        choose(dialog, dialog.who, MEMBERS)
        dialog.members.setText("S001, S009")
        dialog.members.editingFinished.emit()
        qtbot.waitUntil(lambda: dialog.error_text("members") != "", timeout=20_000)
        assert dialog.error_text("members") == "No existe el socio S009."
        choose(dialog, dialog.who, ALL)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 3 and not runner.busy, timeout=20_000)
        dialog.draft_button.click()
        qtbot.waitUntil(lambda: bool(opened) and not runner.busy, timeout=20_000)
        assert opened[-1].endswith("planilla-pagos-1-borrador.pdf")
        asked = []
        dialog.confirm_batch = lambda plan: asked.append(plan.total) or True
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
        assert asked == [total]

    with answering(BatchPaymentDialog, steps):
        view.batch_button.click()
    qtbot.waitUntil(lambda: not runner.busy and cells(view.runs_model, 0)[6] == "3 de 3", timeout=20_000)
    assert not view.batch_button.isEnabled()  # nobody left to pay
    planilla = opened[-1]
    assert planilla.endswith("planilla-pagos-1-lote-1.pdf")
    text = subprocess.run(["pdftotext", "-layout", planilla, "-"], check=True, capture_output=True,
                          text=True).stdout
    grand = D(next(line for line in text.splitlines() if "Total general" in line).split()[-1].replace(",", ""))
    assert grand == total
    bank = (folder / "Distribuciones" / "Distribución 1" / "banco-1-lote-1.csv").read_bytes().decode()
    assert bank.split("\r\n")[1] == f"1,DNI,42345678,APAZA FLORES JUAN,CCI,00219312345678901223,PEN,{nets['S002']},Lote 1 Dist 1,S002"
    batch = on_worker(qtbot, runner, lambda book: book.payment_batches.get(1))
    assert (batch.total, batch.confirmed_by, len(batch.lines)) == (total, "admin", 3)

    # recorded by mistake: undone from the same screen, with a reason
    assert view.undo_batch_button.isEnabled()

    def undo(dialog: UndoBatchDialog):
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
        assert dialog.batch.count() == 1 and dialog.batch.itemText(0) == f"N.º 1 · 07/12/2026 · 3 socios · S/\xa0{total:,}"
        dialog.batch.setCurrentIndex(0)
        dialog.save()
        qtbot.waitUntil(lambda: dialog.error_text("reason") != "", timeout=20_000)
        assert dialog.error_text("reason") == "Escriba por qué se deshace el lote."
        dialog.reason.setText("Se pagó el lunes, no hoy")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(UndoBatchDialog, undo):
        view.undo_batch_button.click()
    qtbot.waitUntil(lambda: not runner.busy and cells(view.runs_model, 0)[6] == "0 de 3", timeout=20_000)
    undone = on_worker(qtbot, runner, lambda book: book.payment_batches.get(1))
    assert (undone.undo_reason, undone.undone_by) == ("Se pagó el lunes, no hoy", "admin")
    assert view.batch_button.isEnabled() and not view.undo_batch_button.isEnabled()


def test_the_member_dialog_sets_and_checks_the_bank_account(qtbot, runner):
    from coopdesk.gui.members.member_dialog import MemberDialog

    member = on_worker(qtbot, runner, lambda book: book.members.get("S001"))

    def steps(dialog: MemberDialog):
        qtbot.waitUntil(lambda: dialog.zone.currentData() == "LP", timeout=20_000)
        assert dialog.bank_account.text() == ""
        dialog.bank_account.setText("0021 93")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.error_text("bank_account") != "", timeout=20_000)
        assert dialog.error_text("bank_account") == ("La cuenta bancaria «002193» tiene 6 dígitos: el CCI tiene 20, "
                                                     "un número de cuenta de 10 a 18.")
        dialog.bank_account.setText("002-193-12345678901-223")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(MemberDialog, steps):
        MemberDialog.ask(None, runner, member)
    assert on_worker(qtbot, runner, lambda book: book.members.get("S001").bank_account) == "002-193-12345678901-223"

"""Contabilidad: the contador types an entry that must balance, finds it in the
Libro diario and the Balance de comprobación, drills down from an account to its
entries, reads the season's remanente, reverses an entry, and closes a period
for good (the entry dialog then refuses a date in it, with the core's words)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from coopdesk.domain.clock import FixedClock
from tests.people import ADMIN_LOGIN
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.gui.ledger.ledger_dialogs import CREDIT, DEBIT, CloseYearDialog, EntryDialog, ReverseEntryDialog
from coopdesk.gui.ledger.ledger_view import LedgerView

from .conftest import answering, cells, wait_idle
from tests.conftest import cash_is_not_the_subject

@pytest.fixture(autouse=True)
def caja(runner):
    """These tests read the entries' shape and numbers: payments out of the empty Caja
    are confirmed (tests.conftest.cash_is_not_the_subject)."""
    cash_is_not_the_subject(runner.book)


NBSP = "\u00a0"


def spaced(text: str) -> str:
    return text.replace(NBSP, " ")


def rows(model) -> list[tuple[str, ...]]:
    return [tuple(spaced(c or "") for c in cells(model, r)) for r in range(model.rowCount())]


def on_worker(qtbot, runner, fn):
    out = []
    runner.run(fn, out.append)
    wait_idle(qtbot, runner)
    return out[0] if out else None


def post_season(qtbot, runner) -> None:
    """The season of tests/core/test_ledger.py: a US$ sale, the cost of the intake, the freight."""
    def season(book):
        book.ledger.post(EntryInput(date(2026, 3, 10), "Venta lote 12 a Exportadora del Sur", (
            LineInput("1212", debit=D("37450.00"), currency="USD", foreign_amount=D("10000.00"),
                      exchange_rate=D("3.7450")),
            LineInput("701311", credit=D("37450.00"))), reference="F001-000045"))
        book.ledger.post(EntryInput(date(2026, 3, 20), "Costo del acopio de marzo", (
            LineInput("69131", debit=D("30000.00")), LineInput("101", credit=D("30000.00")))))
        book.ledger.post(EntryInput(date(2026, 4, 2), "Flete a Puerto Maldonado", (
            LineInput("631", debit=D("1200.00")), LineInput("101", credit=D("1200.00")))))

    on_worker(qtbot, runner, season)


def open_view(qtbot, runner) -> LedgerView:
    view = LedgerView(runner)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    wait_idle(qtbot, runner)
    return view


def type_line(qtbot, dialog: EntryDialog, row: int, account: str, debit: str = "", credit: str = "") -> None:
    """As the contador types: the account's code, Enter (it becomes «656 — Suministros»), then the amount."""
    lines = dialog.lines
    combo = lines.account_combo(row)
    qtbot.keyClicks(combo, account)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    if debit:
        qtbot.keyClicks(lines.amount(row, DEBIT), debit)
    if credit:
        qtbot.keyClicks(lines.amount(row, CREDIT), credit)


def test_a_manual_entry_typed_in_the_dialog_is_in_the_diario_and_the_trial_balance(qtbot, runner):
    view = open_view(qtbot, runner)
    assert view.journal_count.text() == "Aún no hay asientos: registre el primero con «Nuevo asiento…»."
    seen: dict = {}

    def steps(dialog: EntryDialog):
        dialog.date.setDate(QDate(2026, 3, 5))
        dialog.description.setText("Compra de sacos para el acopio")
        dialog.reference.setText("B001-000123")
        type_line(qtbot, dialog, 0, "656", debit="450")
        seen["account"] = dialog.lines.account_combo(0).currentText()
        seen["member_open"] = dialog.lines.member(0).isEnabled()  # 656 is not a member account
        seen["half"] = (spaced(dialog.difference.text()), dialog.save_button.isEnabled())
        type_line(qtbot, dialog, 1, "caja", credit="450.00")  # found by its name too
        seen["whole"] = (spaced(dialog.debit_total.text()), spaced(dialog.credit_total.text()),
                         spaced(dialog.difference.text()), dialog.status.text(), dialog.save_button.isEnabled())
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(EntryDialog, steps):
        view.new_entry_button.click()
    wait_idle(qtbot, runner)
    assert seen["account"] == "656 — Suministros" and seen["member_open"] is False
    assert seen["half"] == ("Diferencia S/ 450.00", False)
    assert seen["whole"] == ("Debe S/ 450.00", "Haber S/ 450.00", "Diferencia S/ 0.00", "El asiento cuadra.", True)

    assert [r[:5] for r in rows(view.journal_model)] == [
        ("2026-000001", "05/03/2026", "Compra de sacos para el acopio", "B001-000123", "S/ 450.00")]
    assert view.journal_count.text() == "1 asiento"
    assert view.entry_title.text().startswith("Asiento 2026-000001 del 05/03/2026: Compra de sacos para el acopio")
    assert [r[:5] for r in rows(view.lines_model)] == [
        ("656", "Suministros", "", "S/ 450.00", ""),
        ("101", "Caja", "", "", "S/ 450.00"),
        ("Totales", "", "", "S/ 450.00", "S/ 450.00")]

    view.tabs.setCurrentIndex(view.TRIAL)
    view.trial_until.setDate(QDate(2026, 12, 31))
    wait_idle(qtbot, runner)
    assert rows(view.trial_model) == [
        ("101", "Caja", "", "S/ 450.00", "", "S/ 450.00"),
        ("656", "Suministros", "S/ 450.00", "", "S/ 450.00", ""),
        ("Totales", "", "S/ 450.00", "S/ 450.00", "S/ 450.00", "S/ 450.00")]
    assert spaced(view.trial_status.text()) == "Cuadra: el debe y el haber suman S/ 450.00."

    stored = on_worker(qtbot, runner, lambda book: [(e.date, e.description, e.reference, e.created_by,
                                                     [(l.account, l.debit, l.credit) for l in e.lines])
                                                    for e in book.ledger.entries()])
    assert stored == [(date(2026, 3, 5), "Compra de sacos para el acopio", "B001-000123", ADMIN_LOGIN,
                       [("656", D("450.00"), D("0.00")), ("101", D("0.00"), D("450.00"))])]


def test_an_entry_that_does_not_balance_cannot_be_saved_and_shows_its_difference(qtbot, runner):
    view = open_view(qtbot, runner)
    seen: dict = {}

    def steps(dialog: EntryDialog):
        dialog.date.setDate(QDate(2026, 3, 5))
        dialog.description.setText("Compra de sacos")
        type_line(qtbot, dialog, 0, "656", debit="450.00")
        type_line(qtbot, dialog, 1, "101", credit="405.00")
        seen["unbalanced"] = (spaced(dialog.difference.text()), spaced(dialog.status.text()),
                              dialog.save_button.isEnabled(), dialog.save_button.toolTip())
        dialog.save()  # as Ctrl+S: nothing happens while it does not balance
        seen["stayed"] = dialog.isVisible() and not runner.busy
        dialog.lines.amount(1, CREDIT).setText("405,00x")
        seen["unreadable"] = (dialog.status.text(), dialog.save_button.isEnabled())
        dialog.lines.amount(1, CREDIT).setText("450")
        seen["fixed"] = (spaced(dialog.difference.text()), dialog.save_button.isEnabled())

    with answering(EntryDialog, steps):
        view.new_entry_button.click()
    wait_idle(qtbot, runner)
    assert seen["unbalanced"] == ("Diferencia S/ 45.00", "No cuadra: faltan S/ 45.00 en el haber.", False,
                                  "Se puede guardar cuando el debe y el haber suman lo mismo.")
    assert seen["stayed"] is True
    assert seen["unreadable"] == ("Línea 2, haber: «405,00x» no es un número. Escriba cifras con punto decimal, "
                                  "por ejemplo 120.5.", False)
    assert seen["fixed"] == ("Diferencia S/ 0.00", True)
    assert on_worker(qtbot, runner, lambda book: book.ledger.entries()) == []  # cancelled: nothing posted


def test_a_member_account_asks_for_the_member_and_the_core_refuses_an_unknown_one(qtbot, runner):
    view = open_view(qtbot, runner)
    seen: dict = {}

    def steps(dialog: EntryDialog):
        dialog.date.setDate(QDate(2026, 3, 1))
        dialog.description.setText("Adelanto")
        type_line(qtbot, dialog, 0, "adelantos")  # 14222 Adelantos a socios, by its name
        lines = dialog.lines
        seen["member_open"] = lines.member(0).isEnabled()
        lines.member(0).setText("S999")
        lines.amount(0, DEBIT).setText("500")
        type_line(qtbot, dialog, 1, "101", credit="500")
        dialog.save()
        qtbot.waitUntil(lambda: bool(dialog.error_text("lines")), timeout=20_000)
        seen["problem"] = dialog.error_text("lines")
        lines.member(0).setText("S001 — Quispe Mamani, Rosa — DNI 41234567")  # a suggestion, as chosen
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(EntryDialog, steps):
        view.new_entry_button.click()
    wait_idle(qtbot, runner)
    assert seen["member_open"] is True
    assert seen["problem"] == "Línea 1: no existe el socio S999."
    assert on_worker(qtbot, runner, lambda book: book.ledger.member_balances("14222")) == {"S001": D("500.00")}
    assert rows(view.lines_model)[0][:5] == ("14222", "Adelantos a socios", "S001", "S/ 500.00", "")


def test_a_double_click_on_the_trial_balance_opens_that_account_in_the_diario(qtbot, runner):
    post_season(qtbot, runner)
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(view.TRIAL)
    view.trial_until.setDate(QDate(2026, 3, 31))
    wait_idle(qtbot, runner)
    assert view.trial_title.text() == "Balance de comprobación al 31/03/2026"
    assert rows(view.trial_model) == [
        ("101", "Caja", "", "S/ 30,000.00", "", "S/ 30,000.00"),
        ("1212", "Facturas por cobrar a compradores", "S/ 37,450.00", "", "S/ 37,450.00", ""),
        ("69131", "Costo de ventas: productos agropecuarios", "S/ 30,000.00", "", "S/ 30,000.00", ""),
        ("701311", "Ventas: productos agropecuarios", "", "S/ 37,450.00", "", "S/ 37,450.00"),
        ("Totales", "", "S/ 67,450.00", "S/ 67,450.00", "S/ 67,450.00", "S/ 67,450.00")]

    cash = view.trial_table.visualRect(view.trial_model.index(0, 1)).center()
    qtbot.mouseClick(view.trial_table.viewport(), Qt.MouseButton.LeftButton, pos=cash)
    qtbot.mouseDClick(view.trial_table.viewport(), Qt.MouseButton.LeftButton, pos=cash)
    wait_idle(qtbot, runner)
    assert view.tabs.currentIndex() == view.JOURNAL
    assert view.account_filter.currentText() == "101 — Caja"
    assert (view.since_check.isChecked(), view.until_check.isChecked(), view.until.date().toPython()) == (
        False, True, date(2026, 3, 31))
    # the account's mayor to that date: its debe, haber and saldo reconcile with the trial balance
    assert view.journal_table.isColumnHidden(4) and not view.journal_table.isColumnHidden(7)
    assert [r[:8] for r in rows(view.journal_model)] == [
        ("2026-000002", "20/03/2026", "Costo del acopio de marzo", "", "S/ 30,000.00", "", "S/ 30,000.00",
         "-S/ 30,000.00")]
    assert spaced(view.journal_count.text()) == ("1 asiento · Cuenta 101 Caja: debe S/ 0.00, haber S/ 30,000.00, "
                                                 "saldo -S/ 30,000.00")

    view.until_check.setChecked(False)  # the whole year: the freight of April too
    wait_idle(qtbot, runner)
    assert [r[0] for r in rows(view.journal_model)] == ["2026-000002", "2026-000003"]
    view.clear_filter()
    wait_idle(qtbot, runner)
    assert [r[0] for r in rows(view.journal_model)] == ["2026-000001", "2026-000002", "2026-000003"]
    assert view.journal_table.isColumnHidden(5) and not view.journal_table.isColumnHidden(4)  # no account columns
    view.journal_table.selectRow(0)
    assert [r[:7] for r in rows(view.lines_model)] == [
        ("1212", "Facturas por cobrar a compradores", "", "S/ 37,450.00", "", "US$ 10,000.00", "3.7450"),
        ("701311", "Ventas: productos agropecuarios", "", "", "S/ 37,450.00", "", ""),
        ("Totales", "", "", "S/ 37,450.00", "S/ 37,450.00", "", "")]


def test_the_season_gives_its_remanente_a_balanced_sheet_and_a_closing_entry(qtbot, runner):
    post_season(qtbot, runner)
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(view.INCOME)
    view.income_year.setValue(2026)
    wait_idle(qtbot, runner)
    assert rows(view.income_model) == [
        ("701311", "Ventas: productos agropecuarios", "S/ 37,450.00"),
        ("Ventas netas (ingresos de actividades ordinarias)", "", "S/ 37,450.00"),
        ("69131", "Costo de ventas: productos agropecuarios", "-S/ 30,000.00"),
        ("Costo de ventas", "", "-S/ 30,000.00"),
        ("Utilidad bruta", "", "S/ 7,450.00"),
        ("631", "Transporte y fletes", "-S/ 1,200.00"),
        ("Gastos de ventas y distribución", "", "-S/ 1,200.00"),
        ("Gastos de administración", "", "S/ 0.00"),
        ("Otros ingresos operativos", "", "S/ 0.00"),
        ("Otros gastos operativos", "", "S/ 0.00"),
        ("Utilidad operativa", "", "S/ 6,250.00"),
        ("Ingresos financieros", "", "S/ 0.00"),
        ("Gastos financieros", "", "S/ 0.00"),
        ("Diferencia de cambio, neta", "", "S/ 0.00"),
        ("Resultado antes del impuesto a la renta", "", "S/ 6,250.00"),
        ("Impuesto a la renta", "", "S/ 0.00"),
        ("Remanente del ejercicio", "", "S/ 6,250.00")]
    assert spaced(view.income_result.text()) == "Remanente del ejercicio: S/ 6,250.00"

    view.tabs.setCurrentIndex(view.WORKSHEET)
    wait_idle(qtbot, runner)
    work = rows(view.worksheet_tab.model)
    money = ("S/ 68,650.00",) * 4
    assert work[-3:] == [
        ("Totales", "") + money + ("S/ 37,450.00", "S/ 31,200.00", "S/ 31,200.00", "S/ 37,450.00", "S/ 31,200.00",
                                   "S/ 37,450.00"),
        ("Resultado del periodo", "", "", "", "", "", "", "S/ 6,250.00", "S/ 6,250.00", "", "S/ 6,250.00", ""),
        ("Sumas iguales", "") + money + ("S/ 37,450.00",) * 6]
    assert spaced(view.worksheet_tab.status.text()) == (
        "Cuadra: cada par de columnas suma lo mismo y el resultado del periodo, S/ 6,250.00, es el mismo en el "
        "Inventario, por naturaleza y por función.")

    view.tabs.setCurrentIndex(view.SHEET)
    view.sheet_date.setDate(QDate(2026, 12, 31))
    wait_idle(qtbot, runner)
    sheet = rows(view.sheet_model)
    assert ("Total activo", "", "S/ 6,250.00") in sheet and ("", "Remanente del ejercicio (sin cerrar)",
                                                              "S/ 6,250.00") in sheet
    assert ("101", "Caja", "-S/ 31,200.00") in sheet
    assert sheet[-1] == ("Total pasivo y patrimonio", "", "S/ 6,250.00")
    assert spaced(view.sheet_status.text()) == "Cuadra: el activo (S/ 6,250.00) es igual al pasivo más el patrimonio."

    view.tabs.setCurrentIndex(view.PERIODS)
    seen: dict = {}
    runner.book.clock = FixedClock(date(2027, 1, 15))  # the year has ended: the contador closes it in January

    def close(dialog: CloseYearDialog):
        dialog.year.setValue(2026)
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
        seen["preview"] = spaced(dialog.preview.text())
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(CloseYearDialog, close):
        view.close_year_button.click()
    wait_idle(qtbot, runner)
    assert seen["preview"] == "Remanente del ejercicio 2026: S/ 6,250.00, a 591 Excedentes por distribuir."
    # the determinación del resultado, the result to 591, the balance-sheet accounts closed and reopened
    assert [(r[2], r[4], r[8]) for r in rows(view.journal_model)[-4:]] == [
        ("Determinación del resultado del ejercicio 2026", "S/ 37,450.00", "Asiento de cierre"),
        ("Resultado del ejercicio 2026 a excedentes por distribuir", "S/ 6,250.00", "Asiento de cierre"),
        ("Cierre de las cuentas de balance al 31/12/2026", rows(view.journal_model)[-2][4], "Asiento de cierre"),
        ("Apertura del ejercicio 2027: saldos al 31/12/2026", rows(view.journal_model)[-2][4],
         "Asiento de reapertura")]
    sheet = rows(view.sheet_model)
    assert ("591", "Excedentes por distribuir", "S/ 6,250.00") in sheet
    assert not any("sin cerrar" in r[1] for r in sheet) and sheet[-1] == ("Total pasivo y patrimonio", "",
                                                                          "S/ 6,250.00")
    assert rows(view.income_model)[-1] == ("Remanente del ejercicio", "", "S/ 6,250.00")  # before its closing

    def again(dialog: CloseYearDialog):
        dialog.year.setValue(2026)
        qtbot.waitUntil(lambda: "ya tiene" in dialog.preview.text(), timeout=20_000)
        seen["again"] = (dialog.preview.text(), dialog.save_button.isEnabled())

    with answering(CloseYearDialog, again):
        view.close_year_button.click()
    assert seen["again"] == ("El ejercicio 2026 ya tiene su asiento de cierre: 2026-000004 del 31/12/2026.", False)


def test_a_reversal_from_the_diario_marks_both_entries(qtbot, runner):
    post_season(qtbot, runner)
    view = open_view(qtbot, runner)
    assert view.selected_entry().number == "2026-000003"  # the book opens at its last entry

    def reverse(dialog: ReverseEntryDialog):
        dialog.date.setDate(QDate(2026, 4, 30))
        dialog.save()  # without a reason: the core asks for it, under its field
        qtbot.waitUntil(lambda: bool(dialog.error_text("reason")), timeout=20_000)
        dialog.reason.setText("Flete cobrado dos veces")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(ReverseEntryDialog, reverse):
        view.reverse_button.click()
    wait_idle(qtbot, runner)
    journal = rows(view.journal_model)
    assert [(r[0], r[2], r[8]) for r in journal[-2:]] == [
        ("2026-000003", "Flete a Puerto Maldonado", "Revertido por 2026-000004"),
        ("2026-000004", "Reversión de 2026-000003: Flete cobrado dos veces", "Revierte 2026-000003")]
    assert view.selected_entry().number == "2026-000004"
    assert view.entry_note.text() == "Revierte 2026-000003"
    assert [r[:5] for r in rows(view.lines_model)][:2] == [("631", "Transporte y fletes", "", "", "S/ 1,200.00"),
                                                           ("101", "Caja", "", "S/ 1,200.00", "")]
    assert not view.reverse_button.isEnabled()  # a reversal is not reversed again
    view.journal_table.selectRow(2)
    assert not view.reverse_button.isEnabled()  # nor the entry it reversed
    view.journal_table.selectRow(0)
    assert view.reverse_button.isEnabled()


def test_a_period_closed_from_the_screen_refuses_an_entry_dated_in_it(qtbot, runner):
    post_season(qtbot, runner)
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(view.PERIODS)
    assert view.next_period.text() == "El próximo periodo a cerrar es 2026-03 (marzo de 2026)."
    assert rows(view.periods_model) == [("2026-03", "Marzo de 2026", "Abierto", "", ""),
                                        ("2026-04", "Abril de 2026", "Abierto", "", "")]
    seen: dict = {}

    def cancel(box: QMessageBox):
        seen["question"] = (box.text(), box.informativeText())
        next(b for b in box.buttons() if b.text() == "Cancelar").click()

    with answering(QMessageBox, cancel):
        view.close_period_button.click()
    wait_idle(qtbot, runner)
    assert seen["question"][0] == "¿Cerrar el periodo 2026-03 (marzo de 2026)?"
    assert seen["question"][1].startswith("Un periodo cerrado no se abre de nuevo: no se podrá registrar ni revertir "
                                          "ningún asiento con fecha hasta el 31/03/2026.")
    assert rows(view.periods_model)[0][2] == "Abierto"

    with answering(QMessageBox, lambda box: next(b for b in box.buttons() if b.text() == "Cerrar el periodo").click()):
        view.close_period_button.click()
    wait_idle(qtbot, runner)
    me = ADMIN_LOGIN
    assert [r[:4] for r in rows(view.periods_model)] == [("2026-03", "Marzo de 2026", "Cerrado", me),
                                                         ("2026-04", "Abril de 2026", "Abierto", "")]
    assert len(rows(view.periods_model)[0][4]) == len("26/11/2026 10:30")
    assert view.next_period.text() == "El próximo periodo a cerrar es 2026-04 (abril de 2026)."

    view.tabs.setCurrentIndex(view.JOURNAL)

    def steps(dialog: EntryDialog):
        dialog.date.setDate(QDate(2026, 3, 31))
        dialog.description.setText("Ajuste de caja")
        type_line(qtbot, dialog, 0, "659", debit="10.00")
        type_line(qtbot, dialog, 1, "101", credit="10.00")
        dialog.save()
        qtbot.waitUntil(lambda: bool(dialog.error_text("date")), timeout=20_000)
        seen["refused"] = (dialog.error_text("date"), dialog.isVisible(), dialog.save_button.isEnabled())

    with answering(EntryDialog, steps):
        view.new_entry_button.click()
    wait_idle(qtbot, runner)
    assert seen["refused"] == ("El periodo 2026-03 está cerrado: no se registra nada en él. Use una fecha desde el 01/04/2026; un "
        "documento olvidado se registra con esa fecha, anotando su fecha real en la referencia.", True, True)
    assert len(on_worker(qtbot, runner, lambda book: book.ledger.entries())) == 3


def test_the_opening_balances_are_typed_in_the_same_dialog_with_its_box_ticked(qtbot, runner):
    view = open_view(qtbot, runner)

    def steps(dialog: EntryDialog):
        dialog.date.setDate(QDate(2026, 1, 1))
        dialog.description.setText("Apertura 2026")
        dialog.opening.setChecked(True)
        type_line(qtbot, dialog, 0, "1041", debit="50000")
        type_line(qtbot, dialog, 1, "582", credit="50000")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(EntryDialog, steps):
        view.new_entry_button.click()
    wait_idle(qtbot, runner)
    stored = on_worker(qtbot, runner, lambda book: [(e.number, e.source_kind, e.total) for e in book.ledger.entries()])
    assert stored == [("2026-000001", "apertura", D("50000.00"))]


def test_posting_what_is_pending_says_what_it_did(qtbot, runner):
    view = open_view(qtbot, runner)
    said: list[str] = []
    view.status_message.connect(said.append)
    view.tabs.setCurrentIndex(view.tabs.count() - 1)
    view.pending_button.click()
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert said == ["Todo estaba contabilizado: no había entregas ni movimientos sin asiento."]
    assert view.pending_button.isEnabled()


def test_a_member_account_shows_each_member_and_reconciles_to_its_control_account(qtbot, runner):
    from coopdesk.domain.accounts import MovementInput

    def advances(book):
        book.accounts.record(MovementInput("S001", date(2026, 4, 6), "adelantos", "cargo", D("500.00")))
        book.accounts.record(MovementInput("S002", date(2026, 4, 7), "adelantos", "cargo", D("300.00")))
        book.accounts.record(MovementInput("S002", date(2026, 5, 2), "adelantos", "abono", D("300.00")))

    on_worker(qtbot, runner, advances)
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(view.MEMBERS)
    tab = view.members_tab
    assert tab.account.currentText() == "14222 — Adelantos a socios"
    wait_idle(qtbot, runner)
    assert rows(tab.model) == [("S001", "Quispe Mamani, Rosa", "S/ 500.00"), ("Total", "", "S/ 500.00")]
    assert spaced(tab.status.text()) == "Cuadra con la cuenta 14222: S/ 500.00."
    tab.until.setDate(QDate(2026, 4, 30))  # before Juan paid his back
    wait_idle(qtbot, runner)
    assert rows(tab.model)[-1] == ("Total", "", "S/ 800.00")
    tab.table.doubleClicked.emit(tab.model.index(0, 0))
    wait_idle(qtbot, runner)
    assert view.tabs.currentIndex() == view.JOURNAL and view.account_filter.currentData() == "14222"


def test_a_large_diario_shows_its_latest_entries_and_says_how_to_see_the_others(qtbot, runner, monkeypatch):
    from coopdesk.gui.ledger import ledger_view
    monkeypatch.setattr(ledger_view, "DIARIO_ROWS", 2)  # a book of three entries stands for a large one
    post_season(qtbot, runner)
    view = open_view(qtbot, runner)
    assert [r[0] for r in rows(view.journal_model)] == ["2026-000002", "2026-000003"]
    assert view.journal_count.text() == ("Los últimos 2 de 3 asientos; elija las fechas «Desde» y «Hasta» para ver "
                                         "otros.")
    view.since_check.setChecked(True)
    view.since.setDate(QDate(2026, 1, 1))
    view.until_check.setChecked(True)
    view.until.setDate(QDate(2026, 3, 31))
    wait_idle(qtbot, runner)
    assert [r[0] for r in rows(view.journal_model)] == ["2026-000001", "2026-000002"]
    assert view.journal_count.text() == "2 asientos"


def test_closing_the_year_previews_the_income_tax_of_what_is_not_an_acto_cooperativo(qtbot, runner):
    """A sale to a third party that is not an acto cooperativo (Ley 31335): S/ 400.00 of cacao that cost
    S/ 185.00, so S/ 215.00 taxed at 15 %: S/ 32.25 comes out of the remanente before it goes to 591."""
    from coopdesk.domain.sales import SaleInput
    from tests.conftest import cacao

    def season(book):
        book.deliveries.record(cacao("001-1", member_code="S001"))
        book.sales.record(SaleInput(date(2026, 4, 12), "Chocolates Amazonía", "CACAO-SECO", "organico", D("10"),
                                    D("40.0000"), debit_account="1041", cooperative_act=False))

    on_worker(qtbot, runner, season)
    view = open_view(qtbot, runner)
    runner.book.clock = FixedClock(date(2027, 1, 15))
    seen: dict = {}

    def close(dialog: CloseYearDialog):
        dialog.year.setValue(2026)
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
        seen["preview"] = spaced(dialog.preview.text())
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(CloseYearDialog, close):
        view.close_year_button.click()
    wait_idle(qtbot, runner)
    assert seen["preview"] == ("Remanente del ejercicio 2026: S/ 182.75, a 591 Excedentes por distribuir. Antes, el "
                               "impuesto a la renta de lo que no es acto cooperativo: S/ 32.25 (15 % de S/ 215.00).")
    assert on_worker(qtbot, runner, lambda book: book.ledger.remanente(2026)) == D("182.75")

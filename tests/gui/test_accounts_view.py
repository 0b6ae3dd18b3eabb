"""Cuentas as the treasurer works it: Rosa (S001) is found by typing, gets an
advance and pays part of it through the dialogs, a mistyped amount is refused
under its field, a loan's schedule is previewed to the céntimo, inputs on
credit are typed like a spreadsheet, and a movement is reversed (never erased)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from coopdesk.domain.accounts import MovementInput
from coopdesk.gui.accounts.account_dialogs import InputsDialog, LoanDialog, MovementDialog, ReverseDialog
from coopdesk.gui.accounts.accounts_view import AccountsView
from coopdesk.gui.kit.widgets import select_value
from PySide6.QtGui import QKeySequence

NATIVE = QKeySequence.SequenceFormat.NativeText

import pytest

from coopdesk.core import Book

from .conftest import answering, cells, wait_idle
from tests.conftest import TODAY, cash_in_hand


@pytest.fixture(autouse=True)
def caja(db):
    """S/ 20,000.00 in Caja and S/ 200,000.00 in the bank, received on 01/01/2026, before the app opens the book."""
    with Book.open(str(db)) as book:
        cash_in_hand(book, caja="20000.00")


def soles(text: str) -> str:
    return f"S/\u00a0{text}"


def on_worker(qtbot, runner, fn):
    out = []
    runner.run(fn, out.append)
    wait_idle(qtbot, runner)
    return out[0] if out else None


def open_view(qtbot, runner, code: str = "S001") -> AccountsView:
    view = AccountsView(runner)
    qtbot.addWidget(view)
    view.resize(1300, 760)
    view.show()
    wait_idle(qtbot, runner)
    if code:
        qtbot.keyClicks(view.picker.search, code)
        qtbot.keyClick(view.picker.search, Qt.Key.Key_Return)  # Enter takes the first member found
        qtbot.waitUntil(lambda: view.account is not None and view.account.member.code == code, timeout=20_000)
        wait_idle(qtbot, runner)
    return view


def lines(view) -> list[tuple[str, ...]]:
    return [cells(view.model, r) for r in range(view.model.rowCount())]


def figures(view) -> dict[str, str]:
    return {key: label.text() for key, label in view.header.figures.items()}


def movement(concept: str, amount: str, day: date, description: str, reference: str):
    def steps(dialog: MovementDialog):
        select_value(dialog.concept, concept)
        dialog.amount.setText(amount)
        dialog.date.setDate(QDate(day))
        dialog.description.setText(description)
        dialog.reference.setText(reference)
        dialog.save()
    return steps


def record(qtbot, view, direction: str, steps) -> None:
    button = view.charge_button if direction == "cargo" else view.credit_button

    def run(dialog):
        steps(dialog)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(MovementDialog, run):
        button.click()
    wait_idle(qtbot, view.runner)


def test_a_charge_and_a_credit_recorded_in_the_dialogs_give_exact_balances_and_running_saldo(qtbot, runner):
    view = open_view(qtbot, runner)
    assert view.header.title.text() == "S001 · Quispe Mamani, Rosa"
    assert view.empty.text() == "Quispe Mamani, Rosa todavía no tiene movimientos en su cuenta."
    assert not view.reverse_button.isEnabled()

    def check_charge_dialog(dialog: MovementDialog):
        assert dialog.windowTitle() == "Cargo a la cuenta de Quispe Mamani, Rosa"
        assert dialog.save_button.text() == "Registrar cargo"
        assert [dialog.concept.itemText(i) for i in range(dialog.concept.count())] == [
            "Adelantos", "Préstamos", "Insumos", "Aportaciones"]
        movement("adelantos", "1,500.00", date(2026, 3, 10), "Adelanto a cuenta de la cosecha",
                 "REC-0101")(dialog)

    record(qtbot, view, "cargo", check_charge_dialog)
    record(qtbot, view, "abono", movement("adelantos", "400,50", date(2026, 4, 2), "Pago en caja",
                                          "REC-0188"))
    record(qtbot, view, "cargo", movement("aportaciones", "300", date(2026, 1, 15),
                                          "Aportación suscrita", "Acta 01-2026"))
    record(qtbot, view, "abono", movement("aportaciones", "120", date(2026, 2, 1),
                                          "Pago de aportaciones", "REC-0050"))
    assert lines(view) == [
        ("15/01/2026", "Aportaciones", "Aportación suscrita", "Acta 01-2026", soles("300.00"), "", soles("300.00"),
         ""),
        ("01/02/2026", "Aportaciones", "Pago de aportaciones", "REC-0050", "", soles("120.00"), soles("180.00"), ""),
        ("10/03/2026", "Adelantos", "Adelanto a cuenta de la cosecha", "REC-0101", soles("1,500.00"), "",
         soles("1,680.00"), ""),
        ("02/04/2026", "Adelantos", "Pago en caja", "REC-0188", "", soles("400.50"), soles("1,279.50"), ""),
    ]
    assert figures(view) == {"adelantos": soles("1,099.50"), "prestamos": soles("0.00"), "insumos": soles("0.00"),
                             "aportaciones": soles("180.00"), "capital": soles("120.00"),
                             "total": soles("1,279.50")}
    assert view.empty.isHidden()
    # the movement just recorded is the one selected
    assert view.selected_line().reference == "REC-0050"
    balances = on_worker(qtbot, runner, lambda book: book.accounts.balances("S001"))
    assert balances.of("adelantos") == D("1099.50") and balances.capital_paid == D("120.00")


def test_a_mistyped_amount_is_shown_under_its_field_in_spanish_and_nothing_is_saved(qtbot, runner):
    view = open_view(qtbot, runner)
    seen = {}

    def steps(dialog: MovementDialog):
        dialog.amount.setText("1.500.50")
        dialog.save()
        seen["amount"] = dialog.error_text("amount")
        seen["concept"] = dialog.error_text("concept")
        assert dialog.isVisible()
        select_value(dialog.concept, "adelantos")
        dialog.amount.setText("-20")  # readable, but the core refuses it: under the same field
        dialog.save()
        qtbot.waitUntil(lambda: bool(dialog.error_text("amount")), timeout=20_000)
        seen["core"] = dialog.error_text("amount")
        seen["visible"] = dialog.isVisible()
        dialog.reject()

    with answering(MovementDialog, steps):
        view.charge_button.click()
    wait_idle(qtbot, runner)
    assert seen == {
        "amount": "«1.500.50» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5.",
        "concept": "Elija el concepto: adelantos, préstamos, insumos o aportaciones.",
        "core": "Revise el monto: debe ser mayor que cero y en céntimos.",
        "visible": True,
    }
    assert on_worker(qtbot, runner, lambda book: book.accounts.movements("S001")) == []
    assert lines(view) == []
    assert figures(view)["total"] == soles("0.00")


def test_a_loan_shows_its_exact_schedule_before_it_is_granted(qtbot, runner):
    view = open_view(qtbot, runner)
    seen = {}

    def steps(dialog: LoanDialog):
        assert dialog.preview.rowCount() == 0
        assert dialog.preview_note.text() == ("Escriba el monto, la tasa y el número de cuotas para ver el "
                                              "cronograma.")
        dialog.date.setDate(QDate(2026, 1, 31))
        qtbot.keyClicks(dialog.principal, "1000")
        qtbot.keyClicks(dialog.rate, "12")
        dialog.months.setValue(3)
        dialog.description.setText("Préstamo para renovar el cacaotal")
        table = dialog.preview
        seen["headers"] = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        seen["rows"] = [tuple(table.item(r, c).text() for c in range(table.columnCount()))
                        for r in range(table.rowCount())]
        seen["note"] = dialog.preview_note.text()
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(LoanDialog, steps):
        view.loan_button.click()
    wait_idle(qtbot, runner)
    assert seen["headers"] == ["N.º", "Vence", "Cuota", "Interés", "Capital", "Saldo de capital"]
    assert seen["rows"] == [
        ("1", "28/02/2026", soles("340.02"), soles("10.00"), soles("330.02"), soles("669.98")),
        ("2", "31/03/2026", soles("340.02"), soles("6.70"), soles("333.32"), soles("336.66")),
        ("3", "30/04/2026", soles("340.03"), soles("3.37"), soles("336.66"), soles("0.00")),
    ]
    assert seen["note"] == (f"Total a pagar: <b>{soles('1,020.07')}</b> (capital {soles('1,000.00')} + intereses "
                            f"{soles('20.07')}). El interés de cada cuota se debe desde su vencimiento.")
    # granted: the principal the day of the loan, each installment's interest on its due date
    assert lines(view) == [
        ("31/01/2026", "Préstamos", "Préstamo para renovar el cacaotal", "P-1", soles("1,000.00"), "",
         soles("1,000.00"), ""),
        ("28/02/2026", "Préstamos", "Interés, cuota 1 de 3", "P-1/1", soles("10.00"), "", soles("1,010.00"), ""),
        ("31/03/2026", "Préstamos", "Interés, cuota 2 de 3", "P-1/2", soles("6.70"), "", soles("1,016.70"), ""),
        ("30/04/2026", "Préstamos", "Interés, cuota 3 de 3", "P-1/3", soles("3.37"), "", soles("1,020.07"), ""),
    ]
    assert figures(view)["prestamos"] == soles("1,020.07")
    view.table.selectRow(1)
    assert not view.reverse_button.isEnabled()  # interest falls due: it is not a movement to reverse


def test_reversing_a_movement_marks_it_and_restores_the_balance(qtbot, runner):
    on_worker(qtbot, runner, lambda book: [book.accounts.record(MovementInput(
        "S001", date(2026, 6, 20), "adelantos", "cargo", D(amount), text, ref)) for amount, text, ref in (
        ("1200.00", "Adelanto a cuenta de la cosecha", "REC-5001"), ("12000.00", "Adelanto", "REC-5002"))])
    view = open_view(qtbot, runner)
    assert figures(view)["adelantos"] == soles("13,200.00")
    view.table.selectRow(1)
    assert view.reverse_button.isEnabled()

    def steps(dialog: ReverseDialog):
        dialog.save()  # without a reason: the core asks for one, under the field
        qtbot.waitUntil(lambda: dialog.error_text("reason") == "Diga por qué se revierte el movimiento.",
                        timeout=20_000)
        dialog.reason.setText("Se digitó 12000 en vez de 1200")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(ReverseDialog, steps):
        view.reverse_button.click()
    wait_idle(qtbot, runner)
    today = TODAY.strftime("%d/%m/%Y")
    assert lines(view) == [
        ("20/06/2026", "Adelantos", "Adelanto a cuenta de la cosecha", "REC-5001", soles("1,200.00"), "",
         soles("1,200.00"), ""),
        ("20/06/2026", "Adelantos", "Adelanto", "REC-5002", soles("12,000.00"), "", soles("13,200.00"), "Revertido"),
        (today, "Adelantos", "Se digitó 12000 en vez de 1200", "R-2", "", soles("12,000.00"), soles("1,200.00"),
         "Reversión"),
    ]
    assert view.model.index(1, 7).data(Qt.ItemDataRole.ToolTipRole) == (
        f"Revertido el {today}: Se digitó 12000 en vez de 1200")
    assert view.model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed
    assert view.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert figures(view)["adelantos"] == soles("1,200.00")
    for row in (1, 2):
        view.table.selectRow(row)
        assert not view.reverse_button.isEnabled()  # a reversed movement or a reversal cannot be reversed


def test_inputs_on_credit_are_typed_like_a_spreadsheet_with_a_live_total(qtbot, runner):
    view = open_view(qtbot, runner)
    seen = {}

    def steps(dialog: InputsDialog):
        dialog.date.setDate(QDate(2026, 4, 12))
        grid = dialog.grid
        dialog.activateWindow()
        grid.setFocus()
        grid.setCurrentCell(0, 0)
        for text in ("Guano de isla (saco 50 kg)", "4", "85", "Tijera de podar", "1", "45.5"):
            for key in text:  # as typed: the first key opens the cell, the rest go into it
                qtbot.keyClicks(dialog.focusWidget(), key)
            qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
            QApplication.processEvents()  # the cell is kept, then the next one opens
        seen["cell"] = (grid.currentRow(), grid.currentColumn())
        seen["amounts"] = [grid.item(r, 3).text() for r in range(2)]
        seen["total"] = dialog.total.text()
        grid.item(2, 0).setText("Mochila fumigadora")
        grid.item(2, 1).setText("1,5 kg")
        dialog.save()
        seen["problem"] = dialog.error_text("items")
        grid.item(2, 1).setText("1")
        grid.item(2, 2).setText("180")
        seen["fixed"] = dialog.error_text("items")
        seen["total_after"] = dialog.total.text()
        dialog.reference.setText("GS-300")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(InputsDialog, steps):
        view.inputs_button.click()
    wait_idle(qtbot, runner)
    assert seen["cell"] == (2, 0)  # Enter went cell by cell to the next line
    assert seen["amounts"] == [soles("340.00"), soles("45.50")]
    assert seen["total"] == f"Total: {soles('385.50')}"
    assert seen["problem"] == ("Insumo 3, cantidad: «1,5 kg» no es un número. Escriba cifras con punto decimal, "
                               "por ejemplo 120.5.\nInsumo 3, precio: escriba un número, por ejemplo 120.5.")
    assert seen["fixed"] == ""
    assert seen["total_after"] == f"Total: {soles('565.50')}"
    assert lines(view) == [("12/04/2026", "Insumos", "4 × Guano de isla (saco 50 kg); 1 × Tijera de podar; "
                            "1 × Mochila fumigadora", "GS-300", soles("565.50"), "", soles("565.50"), "")]
    assert figures(view)["insumos"] == soles("565.50")


def test_another_member_is_chosen_from_the_list_and_changes_elsewhere_refresh_the_account(qtbot, runner):
    view = open_view(qtbot, runner, code="")
    assert view.header.title.text() == "Elija un socio de la lista para ver su cuenta."
    assert not view.charge_button.isEnabled()
    qtbot.keyClicks(view.picker.search, "apaza")
    qtbot.waitUntil(lambda: view.picker.model.rowCount() == 1, timeout=20_000)
    view.picker.table.selectRow(0)
    qtbot.waitUntil(lambda: view.account is not None and view.account.member.code == "S002", timeout=20_000)
    assert view.charge_button.isEnabled()
    runner.mutate(lambda book: book.accounts.record(MovementInput("S002", date(2026, 5, 5), "adelantos", "cargo",
                                                                  D("250.00"))))
    wait_idle(qtbot, runner)
    assert figures(view)["adelantos"] == soles("250.00")
    assert lines(view)[0][4:] == (soles("250.00"), "", soles("250.00"), "")



def test_the_estado_de_cuenta_is_printed_for_the_campaign_and_opened(qtbot, runner, monkeypatch, tmp_path):
    from coopdesk.gui.kit import printing
    from coopdesk.gui.accounts.account_dialogs import PrintAccountDialog

    opened = []
    monkeypatch.setattr(printing, "statements_folder", lambda: tmp_path / "Documentos" / "Estados de cuenta")
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    on_worker(qtbot, runner, lambda book: book.accounts.record(MovementInput(
        "S001", date(2026, 3, 10), "adelantos", "cargo", D("1500.00"), "Adelanto", "REC-0101")))
    view = open_view(qtbot, runner)
    messages = []
    view.status_message.connect(messages.append)
    seen = {}

    def steps(dialog: PrintAccountDialog):
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
        seen["start"] = dialog.start.date().toPython()
        dialog.start.setDate(QDate(2026, 12, 1))  # after the end: said under the field
        dialog.end.setDate(QDate(2026, 4, 30))
        dialog.save()
        seen["problem"] = dialog.error_text("start")
        dialog.start.setDate(QDate(2026, 1, 1))
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15000)

    with answering(PrintAccountDialog, steps):
        view.print_button.click()
    wait_idle(qtbot, runner)
    path = tmp_path / "Documentos" / "Estados de cuenta" / "cuenta-corriente-S001-2026-04-30.pdf"
    assert seen == {"start": date(2026, 1, 1), "problem": "La fecha inicial es posterior a la final."}
    assert opened == [str(path)]
    assert path.read_bytes().startswith(b"%PDF")
    assert messages == [f"Estado de cuenta guardado en {path}"]


def test_a_fifth_and_sixth_line_of_inputs_open_as_the_treasurer_types_and_count_in_the_total(qtbot, runner):
    """The grid starts with four lines; the fifth used to end in «Ocurrió un error inesperado»."""
    view = open_view(qtbot, runner)
    seen = {}

    def steps(dialog: InputsDialog):
        dialog.date.setDate(QDate(2026, 4, 12))
        grid = dialog.grid
        dialog.activateWindow()
        grid.setFocus()
        grid.setCurrentCell(0, 0)
        for n in range(1, 6):  # five lines by keyboard: Enter at the end of a filled last line opens the next
            for text in (f"Saco de guano {n}", "2", f"{10 * n}"):
                for key in text:
                    qtbot.keyClicks(dialog.focusWidget(), key)
                qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
                QApplication.processEvents()
        row = grid.rowCount()
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "Agregar línea").click()
        seen["rows"] = (row, grid.rowCount())
        grid.item(5, 0).setText("Tijera de podar")
        grid.item(5, 1).setText("1")
        grid.item(5, 2).setText("45.50")
        seen["amounts"] = [grid.item(r, 3).text() for r in range(6)]
        seen["total"] = dialog.total.text()
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(InputsDialog, steps):
        view.inputs_button.click()
    wait_idle(qtbot, runner)
    assert seen["rows"] == (6, 7)  # Enter after the fifth line opened a sixth; «Agregar línea» a seventh
    assert seen["amounts"] == [soles("20.00"), soles("40.00"), soles("60.00"), soles("80.00"), soles("100.00"),
                               soles("45.50")]
    assert seen["total"] == f"Total: {soles('345.50')}"
    assert figures(view)["insumos"] == soles("345.50")


def test_an_advance_larger_than_caja_asks_for_a_reason_and_is_recorded_only_with_it(qtbot, runner):
    """Caja holds S/ 20,000.00: an advance of S/ 21,000.00 is refused with Caja's balance; «Revisar» keeps the
    dialog open with the message and nothing saved; «Registrar de todos modos» with a reason records it and
    the reason with it."""
    view = open_view(qtbot, runner)
    asked, seen = [], {}

    def steps(dialog: MovementDialog):
        answers = iter([None, "El depósito de la venta del 09/03 aún no se registró"])

        def confirm(problems):
            asked.append([p.message % {k: str(v) for k, v in p.params.items()} for p in problems])
            return next(answers)

        dialog.confirm_negative_cash = confirm
        movement("adelantos", "21000", date(2026, 3, 10), "Adelanto para la cosecha", "REC-0300")(dialog)
        qtbot.waitUntil(lambda: bool(dialog.general_error.text()), timeout=20_000)
        seen["reviewing"] = (dialog.isVisible(), dialog.general_error.text().replace("\xa0", " "))
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(MovementDialog, steps):
        view.charge_button.click()
    wait_idle(qtbot, runner)
    assert len(asked) == 2
    assert seen["reviewing"] == (True, "Caja (101) tiene S/ 20,000.00 el 10/03/2026; este pago de S/ 21,000.00 la "
                                       "dejaría en -S/ 1,000.00. Si el dinero salió de verdad, falta registrar lo que "
                                       "entró: regístrelo primero, o confirme el saldo negativo con un motivo.")
    assert figures(view)["adelantos"] == soles("21,000.00")
    confirmations = on_worker(qtbot, runner, lambda book: book.cash.confirmations())
    assert [(c.account, c.balance, c.amount, c.result, c.reason) for c in confirmations] == [
        ("101", D("20000.00"), D("21000.00"), D("-1000.00"), "El depósito de la venta del 09/03 aún no se registró")]


def test_a_fifth_line_of_inputs_is_typed_and_saved_like_the_others(qtbot, runner):
    """It used to end in «Ocurrió un error inesperado» on the fifth line, every time."""
    view = open_view(qtbot, runner)
    seen = {}

    def steps(dialog: InputsDialog):
        dialog.date.setDate(QDate(2026, 4, 12))
        grid = dialog.grid
        dialog.activateWindow()
        grid.setFocus()
        grid.setCurrentCell(0, 0)
        for n in range(1, 7):
            for text in (f"Insumo {n}", str(n), "10"):
                for key in text:
                    qtbot.keyClicks(dialog.focusWidget(), key)
                qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
                QApplication.processEvents()
        seen["rows"] = grid.rowCount()
        seen["amounts"] = [grid.item(r, 3).text() for r in range(6)]
        seen["total"] = dialog.total.text()
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(InputsDialog, steps):
        view.inputs_button.click()
    wait_idle(qtbot, runner)
    assert seen["rows"] == 7  # six typed, and the new empty one Enter opened
    assert seen["amounts"] == [soles(f"{10 * n}.00") for n in range(1, 7)]
    assert seen["total"] == f"Total: {soles('210.00')}"
    assert figures(view)["insumos"] == soles("210.00")


def test_cargo_and_abono_have_keyboard_shortcuts(qtbot, runner):
    view = open_view(qtbot, runner)
    assert (view.charge_button.shortcut().toString(), view.credit_button.shortcut().toString()) == (
        "Ctrl+Shift+C", "Ctrl+Shift+A")
    assert view.charge_button.toolTip() == ("Un adelanto, insumos o aportaciones suscritas: el socio debe más "
                                            f"({view.charge_button.shortcut().toString(NATIVE)})")

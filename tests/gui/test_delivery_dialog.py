"""Registrar entrega: a ticket typed with the keyboard alone, and the mistakes a clerk makes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from coopdesk.core import Book
from coopdesk.domain.plots import PlotInput
from coopdesk.domain.rules import DeliveryInput
from coopdesk.core.prices import PriceInput
from coopdesk.domain.quality import Grade, HumidityMethod, QualityStandard
from coopdesk.gui.deliveries.delivery_dialog import DeliveryDialog
from coopdesk.gui.kit.widgets import select_value

from .conftest import answering, wait_idle
from tests.conftest import cash_in_hand

@pytest.fixture(autouse=True)
def caja(db):
    """Money in Caja (S/ 200,000.00) and the bank before the app opens the book: the tickets pay advances."""
    with Book.open(str(db)) as book:
        cash_in_hand(book)



def open_dialog(qtbot, runner) -> DeliveryDialog:
    dialog = DeliveryDialog(None, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)  # campaign, products, ticket loaded
    return dialog


def type_here(dialog, text: str = "") -> None:
    """Type into whatever has the focus, then press Enter: the clerk's two moves."""
    if text:
        QTest.keyClicks(dialog.focusWidget(), text)
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)


def give_rosa_a_plot(db, hectares="2.50", yield_="600") -> None:
    """Rosa (S001) is organic: her 2.50 ha of cacao at 600 kg/ha back 1,500 kg."""
    with Book.open(str(db)) as book:
        book.plots.add_plot("S001", PlotInput("cacao", Decimal(hectares), Decimal(yield_)))


def test_a_delivery_typed_with_the_keyboard_alone(qtbot, runner, db):
    give_rosa_a_plot(db)  # within her organic estimate: no warning
    dialog = open_dialog(qtbot, runner)
    assert dialog.ticket.text() == "001-000001"
    dialog.ticket.setFocus()
    type_here(dialog)  # ticket as proposed
    assert dialog.focusWidget() is dialog.date
    type_here(dialog)  # today, inside campaign 2026
    assert dialog.focusWidget() is dialog.member
    type_here(dialog, "S001")
    assert dialog.focusWidget() is dialog.product
    assert dialog.product.currentText() == "Cacao grano seco"
    type_here(dialog)
    type_here(dialog, "2")  # sacos
    type_here(dialog, "120,5")  # bruto
    type_here(dialog, "0,4")  # tara
    assert dialog.net.text() == "120.10\u00a0kg"
    type_here(dialog, "7,5")  # humedad: Enter skipped the read-only neto
    assert dialog.focusWidget() is dialog.fermentation  # cacao's sample: the cut test (café's fields are hidden)
    type_here(dialog, "82")  # fermentación
    type_here(dialog, "A")  # calidad
    assert dialog.unit_label.text() == "S/ por kg"
    type_here(dialog, "18.50")  # precio
    qtbot.waitUntil(lambda: dialog.amount.text() == "S/\u00a02,221.85", timeout=20_000)
    assert dialog.focusWidget() is dialog.save_button
    type_here(dialog)  # Enter on Guardar
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    wait_idle(qtbot, runner)

    with Book.open(str(db)) as book:
        [delivery] = book.deliveries.page()
    assert delivery.ticket == "001-000001"
    assert delivery.member_code == "S001"
    assert delivery.product_code == "CACAO-SECO"
    assert delivery.sacks == 2
    assert (delivery.gross_kg, delivery.tare_kg, delivery.net_kg) == (Decimal("120.5"), Decimal("0.4"), Decimal("120.100"))
    assert delivery.humidity_pct == Decimal("7.50")
    assert delivery.grade == "A"
    assert (delivery.price, delivery.price_unit) == (Decimal("18.50"), "kg")
    with Book.open(str(db)) as book:
        assert book.deliveries.get(delivery.id).certification == "organico"
    assert delivery.amount == Decimal("2221.85")


def test_ctrl_s_saves_from_any_field(qtbot, runner, db):
    dialog = open_dialog(qtbot, runner)
    dialog.member.setText("S002")
    dialog.gross.setText("65")
    dialog.tare.setText("0.2")
    dialog.humidity.setText("7")
    dialog.grade.setText("B")
    dialog.price.setText("17.20")
    dialog.price.setFocus()
    QTest.keyClick(dialog.price, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    with Book.open(str(db)) as book:
        [delivery] = book.deliveries.page()
    assert (delivery.net_kg, delivery.amount) == (Decimal("64.800"), Decimal("1114.56"))


def test_a_tare_larger_than_the_gross_is_refused_under_the_tare(qtbot, runner, db):
    dialog = open_dialog(qtbot, runner)
    dialog.member.setText("S001")
    dialog.gross.setText("50")
    dialog.tare.setText("60")
    dialog.humidity.setText("7,5")
    dialog.grade.setText("A")
    dialog.price.setText("18,50")
    assert dialog.net.text() == "" and dialog.amount.text() == ""
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error_text("tare_kg") != "", timeout=20_000)
    assert dialog.error_text("tare_kg") == "La tara debe ser menor que el peso bruto."
    assert dialog.tare.property("invalid") == "true"
    assert dialog.error_text("gross_kg") == ""
    assert dialog.isVisible() and dialog.tare.text() == "60"
    with Book.open(str(db)) as book:
        assert book.deliveries.count() == 0


def test_every_problem_is_shown_at_once_next_to_its_field(qtbot, runner, db):
    dialog = open_dialog(qtbot, runner)
    dialog.member.setText("S999")
    dialog.gross.setText("100")
    dialog.humidity.setText("7")
    dialog.price.setText("18.50")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error_text("member_code") != "", timeout=20_000)
    assert dialog.error_text("member_code") == "No existe el socio con código S999."
    assert dialog.error_text("grade") == "Escriba la calidad (grado) de la entrega."
    assert dialog.error_text("tare_kg") == ""  # an empty tare is zero


def test_a_number_the_gui_cannot_read_is_a_spanish_message_not_a_traceback(qtbot, runner, db):
    dialog = open_dialog(qtbot, runner)
    dialog.member.setText("S001")
    dialog.gross.setText("120 kilos")
    dialog.humidity.setText("")
    dialog.grade.setText("A")
    dialog.price.setText("18.50")
    dialog.save()
    assert dialog.error_text("gross_kg") == (
        "«120 kilos» no es un número. Escriba cifras con punto decimal, por ejemplo 65.5."
    )
    assert dialog.error_text("humidity_pct") == "Escriba la humedad medida, en %."
    assert dialog.focusWidget() is dialog.gross
    wait_idle(qtbot, runner)
    with Book.open(str(db)) as book:
        assert book.deliveries.count() == 0


def test_coffee_is_priced_by_the_quintal(qtbot, runner):
    dialog = open_dialog(qtbot, runner)
    dialog.product.setCurrentIndex(dialog.product.findData("CAFE-PERG"))
    dialog.gross.setText("92")
    dialog.grade.setText("A")  # the amount waits for the grade: the core quotes a whole ticket
    dialog.price.setText("690")
    assert dialog.unit_label.text() == "S/ por qq"
    qtbot.waitUntil(lambda: dialog.amount.text() == "S/\u00a01,380.00", timeout=20_000)  # 92 kg = 2 qq × S/ 690


def test_the_socio_field_suggests_members_by_name(qtbot, runner, db):
    dialog = open_dialog(qtbot, runner)
    dialog.member.setFocus()
    QTest.keyClicks(dialog.member, "rosa")
    completer = dialog.member.completer()
    qtbot.waitUntil(lambda: completer.model().rowCount() == 1, timeout=20_000)
    assert completer.model().index(0, 0).data() == "S001 — Quispe Mamani, Rosa — DNI 41234567"
    dialog.member.setText(completer.model().index(0, 0).data())  # as when chosen from the list
    assert dialog.member_code() == "S001"


def test_ask_returns_the_changes_of_the_recorded_delivery(qtbot, runner):
    def steps(dialog: DeliveryDialog):
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
        dialog.member.setText("S003")
        dialog.gross.setText("40")
        dialog.humidity.setText("55")
        dialog.grade.setText("A")
        dialog.price.setText("6.40")
        dialog.product.setCurrentIndex(dialog.product.findData("CACAO-BABA"))
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(DeliveryDialog, steps):
        changes = DeliveryDialog.ask(None, runner)
    assert len(changes.deliveries) == 1
    assert runner.book.deliveries.get(changes.deliveries[0]).amount == Decimal("256.00")


def test_enter_on_a_suggestion_takes_that_member_and_moves_on(qtbot, runner):
    dialog = open_dialog(qtbot, runner)
    dialog.member.setFocus()
    QTest.keyClicks(dialog.member, "quispe")
    completer = dialog.member.completer()
    qtbot.waitUntil(lambda: completer.model().rowCount() == 2, timeout=20_000)
    completer.complete()  # shown by itself when the window has the focus
    popup = completer.popup()
    popup.setCurrentIndex(completer.completionModel().index(1, 0))
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.member.text() == "S001 — Quispe Mamani, Rosa — DNI 41234567"
    assert dialog.member_code() == "S001"
    assert dialog.focusWidget() is dialog.product
    assert not popup.isVisible()
    qtbot.waitUntil(lambda: dialog.member_hint.text() == "Rosa Quispe Mamani · Activo", timeout=20_000)


def test_a_dialog_closed_while_the_database_is_busy_is_not_called_back(qtbot, runner):
    import time

    runner.run(lambda book: time.sleep(0.4))  # the worker is busy (a long search, a print...)
    dialog = DeliveryDialog(None, runner)      # asks for campaign, products and ticket: queued
    dialog.close()
    dialog.deleteLater()
    qtbot.wait(50)                              # the C++ dialog is gone before its answers arrive
    wait_idle(qtbot, runner)                    # pytest-qt fails the test on any exception in a callback
    assert not runner.busy


def test_an_absurdly_long_number_is_a_message_not_a_crash(qtbot, runner):
    dialog = open_dialog(qtbot, runner)
    dialog.gross.setText("1" * 40)
    dialog.price.setText("9" * 30)
    assert dialog.amount.text() == ""
    dialog.save()
    wait_idle(qtbot, runner)
    assert dialog.error_text("gross_kg") == f"«{'1' * 40}» es un número demasiado grande."


def test_a_form_opens_with_the_cursor_in_its_first_field(qtbot, runner):
    dialog = open_dialog(qtbot, runner)
    assert dialog.focusWidget() is dialog.ticket


def test_cancelling_after_typing_a_member_name_closes_quietly(qtbot, runner):
    dialog = open_dialog(qtbot, runner)
    dialog.member.setFocus()
    QTest.keyClicks(dialog.member, "quispe")
    dialog.reject()
    dialog.deleteLater()
    qtbot.wait(400)  # the suggestion search and the member look-up come back to a closed form
    wait_idle(qtbot, runner)
    assert not runner.busy


def test_an_error_disappears_as_soon_as_the_field_is_corrected(qtbot, runner):
    dialog = open_dialog(qtbot, runner)
    for field, text in ((dialog.member, "S001"), (dialog.gross, "10"), (dialog.tare, "12"),
                        (dialog.humidity, "7.5"), (dialog.grade, "A"), (dialog.price, "18.50")):
        field.setText(text)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error_text("tare_kg") != "", timeout=20_000)
    assert dialog.error_text("tare_kg") == "La tara debe ser menor que el peso bruto."
    dialog.tare.setText("0.5")
    assert dialog.error_text("tare_kg") == ""


def fill_rosa(dialog, kg: str) -> None:
    dialog.member.setText("S001")
    dialog.gross.setText(kg)
    dialog.humidity.setText("7")
    dialog.grade.setText("A")
    dialog.price.setText("18.50")


def press(text: str):
    def steps(box: QMessageBox) -> None:
        steps.seen = box.text()
        [button] = [b for b in box.buttons() if b.text() == text]
        button.click()
    steps.seen = None
    return steps


def test_going_over_the_organic_estimate_warns_and_records_anyway_if_the_clerk_says_so(qtbot, runner, db):
    give_rosa_a_plot(db)
    with Book.open(str(db)) as book:
        book.deliveries.record(DeliveryInput("001-000001", book.campaigns.current().start_date, "S001", "CACAO-SECO",
                                             0, Decimal("1200"), Decimal("0"), Decimal("7"), "A", Decimal("18.50")))
    dialog = open_dialog(qtbot, runner)
    fill_rosa(dialog, "400")
    steps = press("Registrar de todos modos")
    with answering(QMessageBox, steps):
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    assert steps.seen == (
        "Quispe Mamani, Rosa (S001) ya entregó 1,200.000 kg de Cacao orgánico en la campaña 2026; con este ticket "
        "de 400.000 kg suma 1,600.000 kg y supera su estimado de 1,500.000 kg en 100.000 kg (106.67 %).")
    wait_idle(qtbot, runner)
    with Book.open(str(db)) as book:
        assert book.deliveries.count() == 2


def test_revisar_records_nothing_and_leaves_the_ticket_to_correct(qtbot, runner, db):
    dialog = open_dialog(qtbot, runner)  # Rosa has no plots: the ICS has no estimate, so any organic kg warn
    fill_rosa(dialog, "80")
    steps = press("Revisar")
    with answering(QMessageBox, steps):
        dialog.save()
        qtbot.waitUntil(lambda: steps.seen is not None, timeout=20_000)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
    assert "no tiene parcelas de Cacao" in steps.seen
    assert dialog.isVisible() and dialog.focusWidget() is dialog.gross
    wait_idle(qtbot, runner)
    with Book.open(str(db)) as book:
        assert book.deliveries.count() == 0


def test_a_conventional_member_is_never_warned(qtbot, runner, db):
    dialog = open_dialog(qtbot, runner)
    fill_rosa(dialog, "9000")
    dialog.member.setText("S002")
    warned = []
    dialog.confirm_warnings = lambda found: warned.append(found) or True
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    assert warned == []
    with Book.open(str(db)) as book:
        assert book.deliveries.count() == 1


def test_enter_outside_the_fields_never_saves_by_surprise(qtbot, runner):
    from PySide6.QtWidgets import QLabel

    dialog = DeliveryDialog(None, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    stray = QLabel("x", dialog)
    stray.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    stray.show()
    stray.setFocus()
    saved = []
    dialog.save_button.clicked.connect(lambda: saved.append(True))
    qtbot.keyClick(stray, Qt.Key.Key_Return)
    assert saved == [] and dialog.isVisible()


def cacao_tables(db) -> None:
    """Dry cacao: 7.5 % standard moisture discounted to dry matter; grade A from 80 %
    well fermented (factor 1.05), else B; organic S/ 10.00 per kg from 1 January."""
    with Book.open(str(db)) as book:
        book.prices.set_standard("CACAO-SECO", date(2026, 1, 1), QualityStandard(
            Decimal("7.5"), HumidityMethod.PROPORTIONAL,
            grades=(Grade("A", Decimal("1.05"), min_fermentation=Decimal("80")), Grade("B"))))
        book.prices.add(PriceInput("CACAO-SECO", date(2026, 1, 1), Decimal("10.00"), certification="organico"))
        book.plots.add_plot("S001", PlotInput("cacao", Decimal("10"), Decimal("600")))


def test_grade_and_price_come_from_the_tables_as_the_clerk_types(qtbot, runner, db):
    cacao_tables(db)
    dialog = open_dialog(qtbot, runner)
    dialog.ticket.setFocus()
    type_here(dialog)
    type_here(dialog)
    type_here(dialog, "S001")
    qtbot.waitUntil(lambda: "Orgánico" in dialog.certification.currentText(), timeout=20_000)
    type_here(dialog)  # cacao grano seco
    type_here(dialog, "2")
    type_here(dialog, "100,4")
    type_here(dialog, "0,4")
    type_here(dialog, "9,5")  # humedad: 2 points over the standard
    type_here(dialog, "82")  # fermentación: grade A
    type_here(dialog)  # calidad: from the measures
    type_here(dialog)  # precio: from the table
    # 100 × 90.5 / 92.5 = 97.838 kg paid; 10.00 × 1.05 = 10.50; 97.838 × 10.50 = 1,027.30
    qtbot.waitUntil(lambda: dialog.amount.text() == "S/\u00a01,027.30", timeout=20_000)
    assert dialog.figures.text().split("\n") == [
        "Calidad según las medidas: A",
        "Descuento por humedad: 2.162\u00a0kg; se paga 97.838\u00a0kg (sobre el estándar de 7.5 %, proporcional a "
        "la materia seca)",
        "Precio de la tabla desde el 01/01/2026: S/\u00a010.00 por kg × factor 1.05 de la calidad A",
        "Importe: 97.838\u00a0kg × S/\u00a010.50 = S/\u00a01,027.30",
        "Sin retención (Ley 31335): sus ingresos del año, S/\u00a01,027.30 con este ticket, no pasan de "
        "S/\u00a0165,000.00 (30 UIT)"]
    assert (dialog.panel.paid_kg.text(), dialog.panel.withheld.text(), dialog.panel.to_pay.text()) == (
        "97.838\u00a0kg", "S/\u00a00.00", "S/\u00a01,027.30")
    assert dialog.focusWidget() is dialog.save_button
    type_here(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    wait_idle(qtbot, runner)
    with Book.open(str(db)) as book:
        [delivery] = book.deliveries.page()
    assert (delivery.grade, delivery.payable_kg, delivery.price, delivery.amount) == (
        "A", Decimal("97.838"), Decimal("10.50"), Decimal("1027.30"))


def test_another_certification_asks_why_and_keeps_the_reason(qtbot, runner, db):
    dialog = open_dialog(qtbot, runner)
    fill_rosa(dialog, "100")
    dialog.member.editingFinished.emit()
    qtbot.waitUntil(lambda: "Orgánico" in dialog.certification.currentText(), timeout=20_000)
    assert not dialog.certification_note.isVisibleTo(dialog)
    select_value(dialog.certification, "convencional")
    assert dialog.certification_note.isVisibleTo(dialog)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error_text("certification_note") != "", timeout=20_000)
    assert dialog.error_text("certification_note") == (
        "La certificación del socio es Orgánico: diga por qué esta entrega es Convencional.")
    dialog.certification_note.setText("Cacao de la parcela recién comprada")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    with Book.open(str(db)) as book:
        [delivery] = book.deliveries.page()
    assert (delivery.certification, delivery.certification_note) == (
        "convencional", "Cacao de la parcela recién comprada")


def test_each_collection_point_proposes_its_own_next_ticket(qtbot, runner, db):
    with Book.open(str(db)) as book:
        book.collection_points.add("PLANTA", "Planta Tingo María", "001")
        book.collection_points.add("LP", "Acopio Las Palmas", "002")
        book.deliveries.record(DeliveryInput("002-000041", date(2026, 3, 1), "S002", "CACAO-SECO", 1, Decimal("50"),
                                             Decimal("0"), Decimal("7"), "A", Decimal("18.00")))
    dialog = open_dialog(qtbot, runner)
    assert [dialog.point.itemText(i) for i in range(dialog.point.count())] == [
        "Planta Tingo María — serie 001", "Acopio Las Palmas — serie 002"]
    assert dialog.ticket.text() == "001-000001"
    select_value(dialog.point, "002")
    qtbot.waitUntil(lambda: dialog.ticket.text() == "002-000042", timeout=20_000)
    dialog.close()
    again = open_dialog(qtbot, runner)  # this machine records for Las Palmas now
    assert again.ticket.text() == "002-000042"


def test_a_code_typed_in_lower_case_gets_the_members_price_live_and_stored(qtbot, runner, db):
    give_rosa_a_plot(db)  # within her organic estimate: no warning
    with Book.open(str(db)) as book:
        book.prices.add(PriceInput("CACAO-SECO", date(2026, 1, 1), Decimal("10.00")))
        book.prices.add(PriceInput("CACAO-SECO", date(2026, 1, 1), Decimal("12.00"), certification="organico"))
    dialog = open_dialog(qtbot, runner)
    dialog.member.setText("s001")  # Rosa, organic
    dialog.member.editingFinished.emit()
    qtbot.waitUntil(lambda: "Orgánico" in dialog.certification.currentText(), timeout=20_000)
    dialog.gross.setText("100")
    dialog.humidity.setText("7")
    dialog.grade.setText("A")
    qtbot.waitUntil(lambda: dialog.amount.text() == "S/\u00a01,200.00", timeout=20_000)
    dialog.member.setText("S002")  # typing another member forgets Rosa's certification
    dialog.member.textEdited.emit("S002")
    assert dialog.certification.currentText() == "La del socio"
    dialog.member.setText("s001")
    dialog.member.editingFinished.emit()
    qtbot.waitUntil(lambda: "Orgánico" in dialog.certification.currentText(), timeout=20_000)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    with Book.open(str(db)) as book:
        [delivery] = book.deliveries.page()
    assert (delivery.price, delivery.amount) == (Decimal("12.00"), Decimal("1200.00"))


def test_a_member_with_two_cacao_plots_picks_the_one_the_delivery_came_from(qtbot, runner, db):
    with Book.open(str(db)) as book:
        for name in ("La Loma", "Bajial"):
            book.plots.add_plot("S001", PlotInput("cacao", Decimal("2.50"), Decimal("600"), name))
        book.plots.add_plot("S002", PlotInput("cacao", Decimal("1.00"), Decimal("600"), "Única"))
    dialog = open_dialog(qtbot, runner)
    dialog.member.setText("S002")
    dialog.member.editingFinished.emit()
    qtbot.waitUntil(lambda: dialog.plot.count() == 1, timeout=20_000)
    assert (dialog.plot.currentText(), dialog.plot.isEnabled()) == ("Única (n.° 3)", False)  # her only one
    dialog.member.setText("S001")
    dialog.member.editingFinished.emit()
    qtbot.waitUntil(lambda: dialog.plot.count() == 2, timeout=20_000)
    assert [dialog.plot.itemText(i) for i in range(2)] == ["La Loma (n.° 1)", "Bajial (n.° 2)"]
    assert (dialog.plot.currentIndex(), dialog.plot.isEnabled()) == (-1, True)  # the clerk must say which
    dialog.gross.setText("120.5")
    dialog.humidity.setText("7.5")
    dialog.grade.setText("A")
    dialog.price.setText("18.50")
    dialog.save()
    wait_idle(qtbot, runner)
    assert dialog.isVisible()  # refused: which plot?
    select_value(dialog.plot, "2")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    wait_idle(qtbot, runner)
    with Book.open(str(db)) as book:
        [delivery] = book.deliveries.page()
    assert delivery.plot_name == "Bajial"

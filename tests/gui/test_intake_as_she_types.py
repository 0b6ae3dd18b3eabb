"""Registrar entrega checks as the treasurer types (issue 14, item 3): each field when it is left,
the member as typed with their standing, the ticket's figures before saving from the core's own
computation, and a whole ticket in at most 20 keystrokes plus the numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from coopdesk.core import Book
from coopdesk.domain.rules import MemberInput
from tests.conftest import cash_in_hand, cacao

from .conftest import wait_idle
from .test_delivery_dialog import cacao_tables, open_dialog, type_here


@pytest.fixture(autouse=True)
def caja(db):
    with Book.open(str(db)) as book:
        cash_in_hand(book, caja="300000.00")


def leave(dialog, text: str = "") -> None:
    """Type into the focused field, then Enter: the field is left."""
    type_here(dialog, text)


def test_a_negative_weight_and_a_humidity_over_100_are_flagged_when_their_field_is_left(qtbot, runner, db):
    dialog = open_dialog(qtbot, runner)
    dialog.gross.setFocus()
    QTest.keyClicks(dialog.gross, "-5")
    assert dialog.error_text("gross_kg") == ""  # not while she types
    leave(dialog)
    assert dialog.error_text("gross_kg") == "El peso bruto debe ser mayor que cero."
    assert dialog.gross.property("invalid") == "true"
    assert dialog.focusWidget() is dialog.tare  # she goes on; the message stays beside the field
    leave(dialog)  # tara
    dialog.humidity.setFocus()
    QTest.keyClicks(dialog.humidity, "150")
    assert dialog.error_text("humidity_pct") == ""
    leave(dialog)
    assert dialog.error_text("humidity_pct") == "La humedad debe estar entre 0 y 100 %; se escribió 150."
    assert dialog.error_text("advance_price") == ""  # not left yet: no message
    dialog.gross.setText("65")
    assert dialog.error_text("gross_kg") == ""
    wait_idle(qtbot, runner)
    with Book.open(str(db)) as book:
        assert book.deliveries.count() == 0


def test_the_member_is_looked_up_as_typed_with_name_and_standing(qtbot, runner, db):
    with Book.open(str(db)) as book:
        book.members.add(MemberInput("S004", "44567890", "Elena", "Vargas Ramos", "F", "LP", "organico",
                                     date(2020, 1, 1), status="suspendido"))
    dialog = open_dialog(qtbot, runner)
    dialog.member.setFocus()
    QTest.keyClicks(dialog.member, "S09999")
    leave(dialog)  # the first time she leaves the field, before any save
    qtbot.waitUntil(lambda: dialog.error_text("member_code") != "", timeout=20_000)
    assert dialog.error_text("member_code") == "No existe el socio con código S09999."
    assert dialog.member_hint.text() == ""
    dialog.member.setFocus()
    dialog.member.selectAll()
    QTest.keyClicks(dialog.member, "S004")  # no Enter: named as typed
    qtbot.waitUntil(lambda: dialog.member_hint.text() != "", timeout=20_000)
    assert dialog.member_hint.text() == "Elena Vargas Ramos · Suspendido: no puede entregar"
    leave(dialog)
    qtbot.waitUntil(lambda: dialog.error_text("member_code") != "", timeout=20_000)
    assert dialog.error_text("member_code") == "El socio S004 no está activo; no puede recibir entregas."
    dialog.member.setFocus()
    dialog.member.selectAll()
    QTest.keyClicks(dialog.member, "S001")
    qtbot.waitUntil(lambda: dialog.member_hint.text() == "Rosa Quispe Mamani · Activo", timeout=20_000)
    leave(dialog)
    qtbot.waitUntil(lambda: dialog.error_text("member_code") == "", timeout=20_000)


def test_an_unknown_member_never_gets_a_false_missing_price(qtbot, runner, db):
    cacao_tables(db)  # organic price only
    dialog = open_dialog(qtbot, runner)
    for edit, text in ((dialog.member, "S09999"), (dialog.gross, "100.4"), (dialog.tare, "0.4"),
                       (dialog.humidity, "7"), (dialog.fermentation, "85")):
        edit.setText(text)
    for _attempt in range(2):  # the first save and the second say the same, and only what is true
        dialog.save()
        qtbot.waitUntil(lambda: dialog.error_text("member_code") != "", timeout=20_000)
        wait_idle(qtbot, runner)
        assert dialog.error_text("member_code") == "No existe el socio con código S09999."
        assert dialog.error_text("advance_price") == ""
    dialog.member.setText("S002")  # Juan is conventional: that price really is missing, and it is named
    qtbot.waitUntil(lambda: dialog.error_text("advance_price") != "", timeout=20_000)
    assert dialog.error_text("advance_price") == (
        "La tabla de precios de Cacao grano seco no tiene precio de adelanto para la calidad A y la certificación "
        "Convencional vigente el 07/12/2026: regístrelo en Precios o escriba el precio.")


def test_an_empty_fermentation_is_asked_for_not_graded_c(qtbot, runner, db):
    cacao_tables(db)
    dialog = open_dialog(qtbot, runner)
    dialog.member.setText("S001")
    dialog.gross.setText("100.4")
    dialog.humidity.setText("7")
    dialog.fermentation.setFocus()
    leave(dialog)  # left empty
    qtbot.waitUntil(lambda: dialog.error_text("fermentation_pct") != "", timeout=20_000)
    assert dialog.error_text("fermentation_pct") == (
        "Escriba la fermentación (%): la tabla de grados de Cacao grano seco la usa para dar la calidad "
        "(o escriba usted la calidad).")
    assert dialog.amount.text() == ""
    dialog.save()
    wait_idle(qtbot, runner)
    assert dialog.isVisible()
    with Book.open(str(db)) as book:
        assert book.deliveries.count() == 0


def test_each_number_field_hints_with_an_example_that_fits_it(qtbot, runner, db):
    cacao_tables(db)  # dry cacao's standard moisture: 7.5 %
    dialog = open_dialog(qtbot, runner)
    dialog.humidity.setFocus()
    leave(dialog)
    assert dialog.error_text("humidity_pct") == "Escriba la humedad medida, en %, por ejemplo 7.5."
    dialog.gross.setFocus()
    leave(dialog, "abc")
    assert dialog.error_text("gross_kg") == "«abc» no es un número. Escriba cifras con punto decimal, por ejemplo 65.5."
    assert "120.5" not in dialog.error_text("humidity_pct") + dialog.error_text("gross_kg")


def test_what_the_dialog_shows_before_saving_is_what_is_saved_withholding_included(qtbot, runner, db):
    """Rosa's year is at S/ 164,000.00; 1,234.567 kg at S/ 20.00 (S/ 24,691.34) passes the S/ 165,000.00
    threshold (30 UIT of 2026) by 23,691.34: 1.5 % = S/ 355.37 withheld at intake, S/ 24,335.97 paid."""
    with Book.open(str(db)) as book:
        for number, day, kg in (("001-1", date(2026, 10, 15), "500"), ("001-2", date(2026, 11, 2), "4000"),
                                ("001-3", date(2026, 11, 9), "3700")):
            book.deliveries.record(cacao(number, date=day, member_code="S001", gross_kg=Decimal(kg) + Decimal("0.4"),
                                         advance_price=Decimal("20.00")))
    dialog = open_dialog(qtbot, runner)
    dialog.confirm_warnings = lambda found: True  # Rosa has no plots: the organic guard warns
    for edit, text in ((dialog.member, "S001"), (dialog.gross, "1234.967"), (dialog.tare, "0.4"),
                       (dialog.humidity, "7"), (dialog.grade, "A"), (dialog.price, "20.00")):
        edit.setText(text)
    panel = dialog.panel
    qtbot.waitUntil(lambda: panel.to_pay.text() != "", timeout=20_000)
    shown = (panel.paid_kg.text(), panel.amount.text(), panel.withheld.text(), panel.to_pay.text())
    assert shown == ("1,234.567\u00a0kg", "S/\u00a024,691.34", "S/\u00a0355.37", "S/\u00a024,335.97")
    assert dialog.figures.text().split("\n")[-1] == (
        "Retención (Ley 31335): 1.5 % de lo que sus ingresos del año, S/\u00a0188,691.34 con este ticket, pasan de "
        "S/\u00a0165,000.00 (30 UIT)")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    wait_idle(qtbot, runner)
    with Book.open(str(db)) as book:
        [row] = book.deliveries.page("001-000004")
    assert (row.payable_kg, row.amount, row.withheld, row.paid) == (
        Decimal("1234.567"), Decimal("24691.34"), Decimal("355.37"), Decimal("24335.97"))


class Keyboard:
    """QTest.keyClicks / keyClick only, counting every keystroke that is not a digit."""

    def __init__(self, dialog):
        self.dialog = dialog
        self.others = 0

    def type(self, text: str = "") -> None:
        if text:
            QTest.keyClicks(self.dialog.focusWidget(), text)
            self.others += sum(not c.isdigit() for c in text)
        QTest.keyClick(self.dialog.focusWidget(), Qt.Key.Key_Return)
        self.others += 1


def test_a_whole_ticket_in_at_most_20_keystrokes_plus_the_numbers(qtbot, runner, db):
    cacao_tables(db)  # grade from the cut test, price from the table
    dialog = open_dialog(qtbot, runner)
    keys = Keyboard(dialog)
    keys.type()          # ticket as proposed
    keys.type()          # today
    keys.type("S001")    # Rosa
    qtbot.waitUntil(lambda: dialog.member_hint.text() == "Rosa Quispe Mamani · Activo", timeout=20_000)
    keys.type()          # cacao grano seco
    keys.type("2")       # sacos
    keys.type("100,4")   # bruto
    keys.type("0,4")     # tara
    keys.type("9,5")     # humedad
    keys.type("82")      # fermentación
    keys.type()          # calidad: from the measures
    keys.type()          # precio: from the table
    qtbot.waitUntil(lambda: dialog.panel.to_pay.text() == "S/\u00a01,027.30", timeout=20_000)
    assert dialog.focusWidget() is dialog.save_button
    keys.type()          # Guardar
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    wait_idle(qtbot, runner)
    assert keys.others <= 20, keys.others
    with Book.open(str(db)) as book:
        [row] = book.deliveries.page()
    assert (row.member_code, row.grade, row.payable_kg, row.price, row.amount) == (
        "S001", "A", Decimal("97.838"), Decimal("10.50"), Decimal("1027.30"))

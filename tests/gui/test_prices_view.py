"""Precios y calidad: the treasurer records prices that take over from their date
(the history keeps who recorded each), edits a product's quality standard with a
live example of the humidity discount, adds a collection point and sets the debt limit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from tests.people import ADMIN_LOGIN
from coopdesk.domain.quality import Grade, HumidityMethod, QualityStandard
from coopdesk.gui.prices.prices_dialogs import CollectionPointDialog, DebtLimitDialog, PriceDialog, StandardDialog
from coopdesk.gui.prices.prices_view import PricesView
from coopdesk.gui.kit.widgets import select_value

from .conftest import answering, cells, wait_idle

NBSP = "\u00a0"


def soles(text: str) -> str:
    return f"S/{NBSP}{text}"


def spaced(text: str) -> str:
    return text.replace(NBSP, " ")


def on_worker(qtbot, runner, fn):
    out = []
    runner.run(fn, out.append)
    wait_idle(qtbot, runner)
    return out[0] if out else None


def open_view(qtbot, runner) -> PricesView:
    view = PricesView(runner)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    wait_idle(qtbot, runner)
    return view


def rows(model) -> list[tuple[str, ...]]:
    return [cells(model, r) for r in range(model.rowCount())]


def new_price(qtbot, view, day: date, price: str, certification: str = "organico", seen: dict | None = None,
              note: str = ""):
    def steps(dialog: PriceDialog):
        dialog.note.setText(note)
        select_value(dialog.product, "CACAO-SECO")
        select_value(dialog.certification, certification)
        dialog.valid_from.setDate(QDate(day))
        if seen is not None:  # a price with a third decimal is the core's to refuse, under its field
            seen["unit"] = dialog.unit.currentText()
            dialog.price.setText("10.555")
            dialog.save()
            qtbot.waitUntil(lambda: bool(dialog.error_text("price")), timeout=20_000)
            seen["problem"] = dialog.error_text("price")
        dialog.price.setText(price)
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(PriceDialog, steps):
        view.new_price_button.click()
    wait_idle(qtbot, view.runner)


def test_a_price_is_in_force_from_its_date_and_a_later_one_takes_over_with_the_history_kept(qtbot, runner):
    view = open_view(qtbot, runner)
    assert view.prices_model.rowCount() == 0
    assert view.prices_count.text() == "Aún no hay precios: registre el primero con «Nuevo precio…»."
    me = ADMIN_LOGIN
    seen: dict = {}

    new_price(qtbot, view, date(2026, 3, 1), "10", seen=seen)
    assert seen == {"unit": "por kg", "problem": "El precio se escribe en soles con dos decimales como máximo."}
    assert [r[:7] for r in rows(view.prices_model)] == [
        ("Cacao grano seco", "Todas", "Orgánico", "01/03/2026", f"{soles('10.00')} por kg", "Vigente", me)]

    new_price(qtbot, view, date(2026, 4, 1), "11.50", note="Subió la bolsa de Nueva York")
    assert view.prices_title.text() == "Precios vigentes"
    assert [r[:7] for r in rows(view.prices_model)] == [
        ("Cacao grano seco", "Todas", "Orgánico", "01/04/2026", f"{soles('11.50')} por kg", "Vigente", me)]

    view.history_check.setChecked(True)  # the audit: every price, the last recorded first, with who and when
    assert view.prices_title.text() == "Historial de precios"
    history = rows(view.prices_model)
    assert [r[:7] for r in history] == [
        ("Cacao grano seco", "Todas", "Orgánico", "01/04/2026", f"{soles('11.50')} por kg", "Vigente", me),
        ("Cacao grano seco", "Todas", "Orgánico", "01/03/2026", f"{soles('10.00')} por kg", "Reemplazado", me)]
    assert all(len(r[7]) == len("26/11/2026 10:30") for r in history)
    assert [r[8] for r in history] == ["Subió la bolsa de Nueva York", ""]  # why it changed, in the history too
    assert view.prices_count.text() == "2 precios"
    stored = on_worker(qtbot, runner, lambda book: [(e.valid_from, e.price, e.unit, e.recorded_by)
                                                    for e in book.prices.entries("CACAO-SECO")])
    assert stored == [(date(2026, 4, 1), D("11.50"), "kg", me), (date(2026, 3, 1), D("10.00"), "kg", me)]


def type_cells(qtbot, dialog: StandardDialog, texts: list[str]) -> None:
    """As typed: the first key opens the cell, the rest go into it; Enter moves to the next cell."""
    for text in texts:
        for key in text:
            qtbot.keyClicks(dialog.focusWidget(), key)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
        QApplication.processEvents()


def test_a_standard_edited_in_the_dialog_is_stored_exactly_with_its_live_example(qtbot, runner):
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(1)
    select_value(view.product, "CACAO-SECO")
    assert view.standard_title.text() == "Sin estándar de calidad"
    seen: dict = {}

    def steps(dialog: StandardDialog):
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=20_000)  # the cells are typed into, as the treasurer does
        seen["columns"] = [dialog.grades.horizontalHeaderItem(c).text() for c in dialog.grades.visible_columns()]
        seen["factor_tip"] = dialog.grades.horizontalHeaderItem(1).toolTip()
        dialog.valid_from.setDate(QDate(2026, 1, 1))
        dialog.humidity.setText("7.5")
        select_value(dialog.method, HumidityMethod.PROPORTIONAL)
        seen["example"] = spaced(dialog.example.text())
        dialog.humidity.setText("7,5x")
        seen["unreadable"] = dialog.example.text()
        dialog.humidity.setText("7.5")
        dialog.add_button.click()
        # grade A: its factor, no humidity limit, at least 80 % well fermented; then grade B, nothing else
        type_cells(qtbot, dialog, ["a", "1.05", "", "80", "b"])
        seen["cell"] = (dialog.grades.currentRow(), dialog.grades.currentColumn())
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(StandardDialog, steps):
        view.change_standard_button.click()
    wait_idle(qtbot, runner)
    # cacao's sample measures humidity and fermentation: the grade table asks only for those
    assert seen["columns"] == ["Grado", "Factor de precio", "Humedad máx.", "Fermentación mín."]
    assert seen["factor_tip"] == ("Multiplica el precio registrado para «Todas» las calidades: 1.05 paga 5 % más, "
                                  "0.90 paga 10 % menos.")
    assert seen["example"] == "Con 9.5 % de humedad, 100 kg pagan 97.838 kg (se descuentan 2.162 kg)."
    assert seen["unreadable"] == "Escriba los números para ver un ejemplo."
    assert seen["cell"] == (1, 1)  # Enter went cell by cell, then to the new row's factor
    stored = on_worker(qtbot, runner, lambda book: book.prices.standard("CACAO-SECO"))
    assert stored == QualityStandard(D("7.5"), HumidityMethod.PROPORTIONAL, grades=(
        Grade("A", D("1.05"), min_fermentation=D("80")), Grade("B", D("1"))))
    assert (stored.grades[0].min_fermentation, stored.grades[1].factor) == (D("80"), D("1"))

    assert view.standard_title.text() == "Estándar vigente desde el 01/01/2026"
    assert spaced(view.humidity_label.text()) == "7.5 %"
    assert view.method_label.text() == "Proporcional a la materia seca"
    assert spaced(view.example_label.text()) == "Con 9.5 % de humedad, 100 kg pagan 97.838 kg (se descuentan 2.162 kg)."
    assert [tuple(spaced(c) for c in r) for r in rows(view.grades_model)] == [
        ("A", "1.05", "—", "—", "80 %", "—", "—"), ("B", "1.00", "—", "—", "—", "—", "—")]
    assert [r[:5] for r in rows(view.history_model)] == [
        ("01/01/2026", "Vigente", f"7.5{NBSP}%", "Proporcional a la materia seca", "A, B")]
    assert rows(view.history_model)[0][5] == ADMIN_LOGIN


def test_a_cell_that_is_not_a_number_is_a_spanish_message_and_nothing_is_stored(qtbot, runner):
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(1)
    select_value(view.product, "CACAO-SECO")
    seen: dict = {}

    def steps(dialog: StandardDialog):
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=20_000)  # the cells are typed into, as the treasurer does
        dialog.humidity.setText("7.5")
        select_value(dialog.method, HumidityMethod.PROPORTIONAL)
        dialog.add_button.click()
        type_cells(qtbot, dialog, ["A", "3", "", "ochenta"])
        dialog.save()
        seen["read"] = dialog.error_text("grades")
        seen["cell"] = (dialog.grades.currentRow(), dialog.grades.currentColumn())
        dialog.grades.item(0, 4).setText("80")
        seen["cleared"] = dialog.error_text("grades")
        dialog.save()  # now readable: the core refuses the factor
        qtbot.waitUntil(lambda: bool(dialog.error_text("grades")), timeout=20_000)
        seen["core"] = dialog.error_text("grades")
        seen["open"] = dialog.isVisible()
        dialog.reject()

    with answering(StandardDialog, steps):
        view.change_standard_button.click()
    wait_idle(qtbot, runner)
    assert seen["read"] == ("Fila 1, Fermentación mín.: «ochenta» no es un número. Escriba cifras con punto "
                            "decimal, por ejemplo 120.5.")
    assert seen["cell"] == (0, 4)
    assert seen["cleared"] == ""
    assert seen["core"] == "El factor de precio del grado A debe ser mayor que 0 y como máximo 2."
    assert seen["open"]
    assert on_worker(qtbot, runner, lambda book: book.prices.standard("CACAO-SECO")) is None
    assert view.history_model.rowCount() == 0


def test_a_collection_point_added_appears_and_so_does_one_added_elsewhere(qtbot, runner):
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(2)
    assert view.points_hint.text() == ("Aún no hay centros de acopio: todos los tickets usan la serie 001. "
                                       "Registre cada centro con «Nuevo centro…».")
    seen: dict = {}

    def steps(dialog: CollectionPointDialog):
        seen["series"] = dialog.series.text()
        dialog.code.setText("lp")
        dialog.name.setText("Acopio Las Piedras")
        dialog.series.setText("002")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(CollectionPointDialog, steps):
        view.new_point_button.click()
    wait_idle(qtbot, runner)
    assert seen["series"] == "001"
    assert rows(view.points_model) == [("LP", "Acopio Las Piedras", "002")]

    runner.mutate(lambda book: book.collection_points.add("PLANTA", "Planta Puerto Maldonado", "001"))
    wait_idle(qtbot, runner)
    assert rows(view.points_model) == [("PLANTA", "Planta Puerto Maldonado", "001"),
                                       ("LP", "Acopio Las Piedras", "002")]

    def taken(dialog: CollectionPointDialog):
        seen["next"] = dialog.series.text()
        dialog.code.setText("OTRO")
        dialog.name.setText("Otro centro")
        dialog.series.setText("002")
        dialog.save()
        qtbot.waitUntil(lambda: bool(dialog.error_text("series")), timeout=20_000)
        seen["problem"] = dialog.error_text("series")
        dialog.reject()

    with answering(CollectionPointDialog, taken):
        view.new_point_button.click()
    wait_idle(qtbot, runner)
    assert seen["next"] == "003"
    assert seen["problem"] == "La serie 002 ya es del centro Acopio Las Piedras."
    assert view.points_model.rowCount() == 2


def set_limit(qtbot, view, typed: str, seen: dict | None = None) -> None:
    def steps(dialog: DebtLimitDialog):
        if seen is not None:
            seen["shown"] = dialog.limit.text()
            dialog.limit.setText("-5")
            dialog.save()
            qtbot.waitUntil(lambda: bool(dialog.error_text("debt_limit")), timeout=20_000)
            seen["problem"] = dialog.error_text("debt_limit")
        dialog.limit.setText(typed)
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(DebtLimitDialog, steps):
        view.debt_button.click()
    wait_idle(qtbot, view.runner)


def test_the_debt_limit_is_set_then_cleared_with_who_and_when(qtbot, runner):
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(3)
    me = ADMIN_LOGIN
    assert view.debt_value.text() == "Sin límite"
    assert view.debt_recorded.text() == "Nunca se fijó: no se avisa de ninguna deuda."

    set_limit(qtbot, view, "500")
    assert view.debt_value.text() == soles("500.00")
    assert view.debt_recorded.text().startswith(f"Fijado por {me} el ")
    assert on_worker(qtbot, runner, lambda book: book.settings.debt_limit) == D("500")

    seen: dict = {}
    set_limit(qtbot, view, "", seen)  # blank: no limit
    assert seen == {"shown": "500.00", "problem": "El límite de deuda es un monto en soles, mayor o igual que cero "
                                                  "y con dos decimales como máximo."}
    assert view.debt_value.text() == "Sin límite"
    assert on_worker(qtbot, runner, lambda book: book.settings.debt_limit) is None
    assert [r[:2] for r in rows(view.debt_model)] == [("Sin límite", me), (soles("500.00"), me)]

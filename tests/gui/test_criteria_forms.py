"""«Nueva distribución…» in forms: a criteria built only from rows and fields, with
live totals, help and a preview, saved as TOML, simulates to the céntimo as the
handwritten file of docs/criteria.md («Worked example: excedentes 2026»)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from coopdesk.core import Book
from coopdesk.gui.distribution import criteria_dialog
from coopdesk.gui.distribution.criteria_dialog import ADVANCED, FORMS, CriteriaDialog
from tests.conftest import cash_in_hand, remanente_in_the_books
from tests.gui.test_distribution_view import delivery, on_worker

from .conftest import wait_idle

HANDWRITTEN = """# Acta de asamblea N.º 12: así lo aprobó la asamblea
[distribucion]
nombre = "Distribución de excedentes 2026"
monto = "10000.00"
base_porcentajes = "bruto"
reserva_minima = 20
orden_descuentos = ["adelantos", "prestamos", "insumos"]

[[apropiaciones]]
nombre = "Reserva Cooperativa"
porcentaje = 20
reserva = true

[[apropiaciones]]
nombre = "Fondo de Educación"
porcentaje = 10

[[apropiaciones]]
nombre = "Fondo de Previsión Social"
porcentaje = 5

[[fondos]]
nombre = "Retorno por kilos"
clave = "kg"
porcentaje = 80

[[fondos]]
nombre = "Parte igual"
clave = "partes_iguales"
porcentaje = 20

[elegibilidad]
estados = ["activo"]
"""


@pytest.fixture(autouse=True)
def season(db):
    """Rosa (S001) 600 kg, Juan (S002) 300 kg, Pedro (S003) 100 kg of dry cacao."""
    with Book.open(str(db)) as book:
        cash_in_hand(book)
        remanente_in_the_books(book)
        for ticket, code, kg in (("001-1", "S001", "600"), ("001-2", "S002", "300"), ("001-3", "S003", "100")):
            book.deliveries.record(delivery(ticket, code, kg))


def type_in(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def set_cell(table, row: int, key: str, text: str) -> None:
    table.item(row, table.column(key)).setText(text)


def figures(result):
    return ([(p.name, p.amount) for p in result.pots], result.appropriations, result.not_in_pots,
            {code: (p.gross, p.net) for code, p in result.payouts.items()})


def test_criteria_built_only_from_forms_simulate_as_the_handwritten_file(qtbot, runner, tmp_path, monkeypatch):
    dialog = CriteriaDialog(None, runner, text="")
    qtbot.addWidget(dialog)
    dialog.show()
    forms = dialog.forms
    assert dialog.tabs.currentIndex() == FORMS and forms.isEnabled()

    forms.title.setText("Distribución de excedentes 2026")  # (QTest cannot type an accent)
    forms.title.textEdited.emit(forms.title.text())
    type_in(qtbot, forms.amount, "10000")
    type_in(qtbot, forms.reserve_floor, "20")
    type_in(qtbot, forms.deduction_order, "adelantos, prestamos, insumos")
    assert "suman" not in dialog.help.text() and "línea" not in dialog.help.text()
    assert dialog.help.text() == forms.deduction_order.toolTip()  # the help of the field with the cursor
    for name, percent in (("Reserva Cooperativa", "20"), ("Fondo de Educación", "10"),
                          ("Fondo de Previsión Social", "5")):
        forms.appropriations.add_button.click()
        row = forms.appropriations.rowCount() - 1
        set_cell(forms.appropriations, row, "nombre", name)
        set_cell(forms.appropriations, row, "porcentaje", percent)
    forms.appropriations.item(0, forms.appropriations.column("reserva")).setCheckState(Qt.CheckState.Checked)
    assert forms.appropriations_total.text() == "Las apropiaciones suman 35 %."
    for name, key, percent in (("Retorno por kilos", "kg", "80"), ("Parte igual", "partes_iguales", "30")):
        forms.pots.add_button.click()
        row = forms.pots.rowCount() - 1
        set_cell(forms.pots, row, "nombre", name)
        forms.pots.set_key(row, key)
        set_cell(forms.pots, row, "porcentaje", percent)

    # live totals, and the reader's own message with its line in the text
    assert forms.pots_total.text() == "Los porcentajes de los fondos suman 110 %: no pueden pasar de 100 %."
    problems = dialog.check()
    assert [p.field for p in problems] == ["fondos[1].porcentaje"]
    [said] = dialog.problem_texts()
    line = dialog.text().splitlines().index("porcentaje = 30") + 1
    assert said == f"Línea {line}, «fondos[1].porcentaje»: los porcentajes de los fondos suman 110 %; no pueden pasar de 100 %."
    assert forms.pots.item(1, forms.pots.column("porcentaje")).data(Qt.ItemDataRole.UserRole + 1) is True
    set_cell(forms.pots, 1, "porcentaje", "20")
    assert forms.pots_total.text() == "Los porcentajes de los fondos suman 100 %."
    assert dialog.check() == []
    assert forms.pots.item(1, forms.pots.column("porcentaje")).data(Qt.ItemDataRole.UserRole + 1) is False

    # the live preview: amounts by pot and the first members
    qtbot.waitUntil(lambda: dialog.preview.pots.rowCount() == 5, timeout=20_000)
    wait_idle(qtbot, runner)
    assert dialog.preview.rows(dialog.preview.pots) == [
        ("Reserva Cooperativa", "S/\xa02,000.00"), ("Fondo de Educación", "S/\xa01,000.00"),
        ("Fondo de Previsión Social", "S/\xa0500.00"), ("Retorno por kilos", "S/\xa05,200.00"),
        ("Parte igual", "S/\xa01,300.00")]
    assert [row[:2] for row in dialog.preview.rows(dialog.preview.members)] == [
        ("S001 Quispe Mamani, Rosa", "S/\xa03,553.34"), ("S002 Apaza Flores, Juan", "S/\xa01,993.33"),
        ("S003 Quispe Huamán, Pedro", "S/\xa0953.33")]

    # on a 1366 × 768 laptop with a taskbar: the whole dialog, looked at as a picture
    assert dialog.width() <= 1366 and dialog.height() <= 700
    forms.pots.setCurrentCell(0, forms.pots.column("clave"))
    forms.pots.set_key(0, "valor")
    forms.pots.set_key(0, "kg")
    picture = tmp_path / "criterios-formularios.png"
    assert dialog.grab().save(str(picture)) and picture.stat().st_size > 20000

    # saved as TOML: the document of record, as the «Avanzado» tab shows it
    path = tmp_path / "criterios.toml"
    monkeypatch.setattr(criteria_dialog, "choose_file_to_save", lambda parent, suggested: str(path))
    dialog.export_button.click()
    saved = path.read_text(encoding="utf-8")
    assert saved == dialog.text() and "[[apropiaciones]]" in saved and 'clave = "partes_iguales"' in saved
    assert saved.startswith('[distribucion]\nnombre = "Distribución de excedentes 2026"\nmonto = "10000.00"\n')
    by_forms = on_worker(qtbot, runner, lambda book: book.distributions.simulate(saved))
    by_hand = on_worker(qtbot, runner, lambda book: book.distributions.simulate(HANDWRITTEN))
    assert figures(by_forms) == figures(by_hand)
    assert by_forms.pots[1].shares["S001"].amount == D("433.34")


def test_a_handwritten_file_opens_in_the_forms_and_keeps_what_they_do_not_show(qtbot, runner):
    text = HANDWRITTEN.replace('[elegibilidad]', '[[fondos]]\nnombre = "Reintegro"\nclave = "tarifa"\n\n'
                               '[fondos.tarifas]\n"CACAO-SECO/A" = "0.10"\n\n[elegibilidad]').replace(
        "porcentaje = 80", "porcentaje = 70")
    dialog = CriteriaDialog(None, runner, text=text)
    qtbot.addWidget(dialog)
    forms = dialog.forms
    assert [forms.pots.cell_text(r, "nombre") for r in range(forms.pots.rowCount())] == [
        "Retorno por kilos", "Parte igual", "Reintegro"]
    assert forms.pots.cell_text(2, "clave") == "tarifa" and forms.amount.text() == "10000.00"
    assert forms.statuses["activo"].isChecked() and not forms.statuses["suspendido"].isChecked()
    assert dialog.text() == text  # opening is not editing: the comments stay
    type_in(qtbot, forms.minimum_payout, "5")
    written = dialog.text()
    assert 'pago_minimo = "5.00"' in written and '"CACAO-SECO/A" = "0.10"' in written
    assert dialog.check() == []
    # edited as text in «Avanzado», the forms follow when she comes back
    dialog.tabs.setCurrentIndex(ADVANCED)
    dialog.editor.setPlainText(written.replace('monto = "10000.00"', 'monto = "2500.00"'))
    dialog.tabs.setCurrentIndex(FORMS)
    assert forms.amount.text() == "2500.00" and forms.isEnabled()
    # a text the forms cannot read: they say so and wait
    dialog.tabs.setCurrentIndex(ADVANCED)
    dialog.editor.setPlainText(written.replace('monto = "10000.00"', 'monto = "2500.00'))
    dialog.tabs.setCurrentIndex(FORMS)
    assert not forms.isEnabled() and "«Avanzado»" in dialog.forms_note.text()
    wait_idle(qtbot, runner)


def test_what_only_the_book_knows_is_said_by_the_preview_at_its_cell(qtbot, runner):
    dialog = CriteriaDialog(None, runner, text=HANDWRITTEN)
    qtbot.addWidget(dialog)
    forms = dialog.forms
    set_cell(forms.pots, 0, "solo_producto", "cacao-sec")
    assert 'solo_producto = ["CACAO-SEC"]' in dialog.text() and dialog.check() == []
    qtbot.waitUntil(lambda: dialog.problem_texts() != [], timeout=20_000)
    wait_idle(qtbot, runner)
    line = dialog.text().splitlines().index('solo_producto = ["CACAO-SEC"]') + 1
    [said] = dialog.problem_texts()
    assert said.startswith(f"Línea {line}, «fondos[0].solo_producto»: el producto «CACAO-SEC» no existe (¿quiso "
                           "decir CACAO-SECO?)")
    assert dialog.preview.state.text() == "No se puede calcular todavía: vea los problemas de abajo."
    assert forms.pots.item(0, forms.pots.column("solo_producto")).data(Qt.ItemDataRole.UserRole + 1) is True


def test_a_grade_no_product_has_is_said_by_the_preview_at_its_key(qtbot, runner):
    dialog = CriteriaDialog(None, runner, text=HANDWRITTEN)
    qtbot.addWidget(dialog)
    forms = dialog.forms
    forms.pots.setCurrentCell(0, 0)
    type_in(qtbot, forms.pot_details.grades, "aa")  # the tickets are of grade A
    assert 'solo_calidad = ["AA"]' in dialog.text() and dialog.check() == []
    qtbot.waitUntil(lambda: dialog.problem_texts() != [], timeout=20_000)
    wait_idle(qtbot, runner)
    line = dialog.text().splitlines().index('solo_calidad = ["AA"]') + 1
    assert dialog.problem_texts() == [
        f"Línea {line}, «fondos[0].solo_calidad»: la calidad «AA» no es un grado de CACAO-SECO (¿quiso decir A?); "
        "los grados de CACAO-SECO son: A."]
    assert dialog.preview.state.text() == "No se puede calcular todavía: vea los problemas de abajo."

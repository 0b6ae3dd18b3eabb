"""«Nueva distribución…» in forms, the rest of the file: the rates of a reintegro
(per quintal, by product and certification), the factors of a weighted pot, a
pot's grade and certification filters, a prima with its own pots, and the
retención with its date. Built only from the forms, saved as TOML, it simulates
to the céntimo as the handwritten file.

The season: café pergamino grade A; Rosa (S001, organic) 920 kg = 20 qq, Juan
(S002, conventional) and Pedro (S003, in transition) 460 kg = 10 qq each, all
paid at S/ 460.00 the quintal on 04/03/2026 (Rosa S/ 9,200.00, the others
S/ 4,600.00: her income from the cooperative before the run).

    monto 12,000.00 − losses 2,000.00 = base 10,000.00
    Reserva 20 % = 2,000.00, Educación 10 % = 1,000.00: for members 7,000.00
    Reintegro café (per quintal): Rosa 20 × 23.00 = 460.00; Juan and Pedro 10 × 11.50 = 115.00: 690.00
    7,000.00 − 690.00 = 6,310.00: Retorno por kilos 50 % = 3,155.00, Retorno ponderado 50 % = 3,155.00
    Retorno por kilos over 1,840 kg: Rosa 1,577.50, Juan 788.75, Pedro 788.75
    Retorno ponderado (organic × 1.5) over 2,300: Rosa 1,380 → 1,893.00, Juan and Pedro 460 → 631.00
    Prima 3,000.00: 20 % = 600.00 to members, organic kilos only (Rosa 600.00); 2,400.00 to the Plan de la Prima
    retención (threshold 1 UIT of 2026 = 5,500.00, only the Reintegro taxable): Rosa 9,200.00 + 460.00
      − 5,500.00 = 4,160.00 above, 1.5 % = 62.40, at most 1.5 % of 460.00 = 6.90; Juan 4,600 + 115 < 5,500: 0
    capitalised 10 % of Retorno por kilos: Rosa 157.75, Juan 78.875 → 78.88, Pedro 78.88
    Rosa gross 460.00 + 1,577.50 + 1,893.00 + 600.00 = 4,530.50, net 4,530.50 − 6.90 − 157.75 = 4,365.85
    Juan and Pedro gross 115.00 + 788.75 + 631.00 = 1,534.75, net 1,534.75 − 78.88 = 1,455.87
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from coopdesk.core import Book
from coopdesk.domain.distribution.criteria_writer import read_document
from coopdesk.domain.rules import DeliveryInput
from coopdesk.gui.distribution import criteria_dialog
from coopdesk.gui.distribution.criteria_dialog import CriteriaDialog
from tests.conftest import cash_in_hand, remanente_in_the_books
from tests.gui.test_criteria_forms import set_cell, type_in
from tests.gui.test_distribution_view import on_worker

from .conftest import wait_idle

HANDWRITTEN = """# Acta N.º 3: reintegro, excedentes y prima
[distribucion]
nombre = "Reintegro y excedentes 2025"
fecha = 2026-03-15
monto = "12000.00"
compensar_perdidas = "2000.00"
capitalizacion = 10
capitalizacion_fondos = ["Retorno por kilos"]

[[apropiaciones]]
nombre = "Reserva Cooperativa"
porcentaje = 20
reserva = true

[[apropiaciones]]
nombre = "Fondo de Educación"
porcentaje = 10

[[fondos]]
nombre = "Reintegro café"
clave = "tarifa"
unidad = "quintal"

[fondos.tarifas]
"CAFE-PERG/*/organico" = "23.00"
"CAFE-PERG" = "11.50"

[[fondos]]
nombre = "Retorno por kilos"
clave = "kg"
porcentaje = 50

[[fondos]]
nombre = "Retorno ponderado"
clave = "kg_ponderado"
porcentaje = 50
solo_calidad = ["A"]

[fondos.factores]
"producto.CAFE-PERG" = 1
"certificacion.organico" = 1.5

[[primas]]
nombre = "Prima de Comercio Justo"
monto = "3000.00"
destino = "Plan de la Prima"
porcentaje_socios = 20

[[primas.fondos]]
nombre = "Prima por kilo"
clave = "kg"
porcentaje = 100
solo_certificacion = ["organico"]

[retencion]
umbral_uit = 1
fondos = ["Reintegro café"]
"""


def coffee(ticket: str, code: str, kg: str) -> DeliveryInput:
    return DeliveryInput(ticket=ticket, date=date(2026, 3, 4), member_code=code, product_code="CAFE-PERG", sacks=2,
                         gross_kg=D(kg), tare_kg=D(0), humidity_pct=D("11.5"), grade="A", advance_price=D("460.00"),
                         net_kg=D(kg))


@pytest.fixture(autouse=True)
def season(db):
    with Book.open(str(db)) as book:
        cash_in_hand(book)
        remanente_in_the_books(book)
        for ticket, code, kg in (("001-1", "S001", "920"), ("001-2", "S002", "460"), ("001-3", "S003", "460")):
            book.deliveries.record(coffee(ticket, code, kg))


def add_pot(editor, name: str, key: str, percent: str) -> int:
    editor.table.add_button.click()
    row = editor.table.rowCount() - 1
    set_cell(editor.table, row, "nombre", name)
    editor.table.set_key(row, key)
    set_cell(editor.table, row, "porcentaje", percent)
    return row


def figures(result):
    return ([(p.name, p.amount) for p in result.all_pots], result.appropriations, result.not_in_pots,
            [(s.name, s.to_fund, s.to_members) for s in result.streams], result.loss_compensation,
            {code: (p.gross, p.net, p.withheld, p.capitalised) for code, p in result.payouts.items()})


def test_rates_factors_primas_and_retencion_built_from_forms_simulate_as_the_handwritten_file(
        qtbot, runner, tmp_path, monkeypatch):
    dialog = CriteriaDialog(None, runner, text="")
    qtbot.addWidget(dialog)
    dialog.show()
    forms = dialog.forms
    forms.title.setText("Reintegro y excedentes 2025")
    forms.title.textEdited.emit(forms.title.text())
    type_in(qtbot, forms.amount, "12000")
    type_in(qtbot, forms.losses, "2000")
    type_in(qtbot, forms.capitalisation, "10")
    type_in(qtbot, forms.capitalised_pots, "Retorno por kilos")
    for name, percent in (("Reserva Cooperativa", "20"), ("Fondo de Educacion", "10")):
        forms.appropriations.add_button.click()
        row = forms.appropriations.rowCount() - 1
        set_cell(forms.appropriations, row, "nombre", name)
        set_cell(forms.appropriations, row, "porcentaje", percent)
    set_cell(forms.appropriations, 1, "nombre", "Fondo de Educación")
    forms.appropriations.item(0, forms.appropriations.column("reserva")).setCheckState(Qt.CheckState.Checked)

    # a reintegro per quintal: its rates are rows under the table, by product and certification
    pots = forms.pots_editor
    row = add_pot(pots, "Reintegro café", "tarifa", "0")
    assert pots.table.cell_text(row, "porcentaje") == ""  # a reintegro pays its rates: no percentage
    details = forms.pot_details
    assert details.title() == "Detalle del fondo «Reintegro café»"
    assert details.rates.isVisibleTo(details) and not details.factors.isVisibleTo(details)
    details.unit.setCurrentIndex(details.unit.findData("quintal"))
    for product, certification, rate in (("cafe-perg", "organico", "23"), ("CAFE-PERG", "", "11.50")):
        details.rates.add_button.click()
        r = details.rates.table.rowCount() - 1
        details.rates.set_text(r, 0, product)
        details.rates.set_text(r, 2, certification)
        details.rates.set_text(r, 3, rate)

    assert '[fondos.tarifas]\n"CAFE-PERG/*/organico" = "23.00"\nCAFE-PERG = "11.50"\n' in dialog.text()

    add_pot(pots, "Retorno por kilos", "kg", "50")
    row = add_pot(pots, "Retorno ponderado", "kg_ponderado", "50")
    assert details.factors.isVisibleTo(details) and not details.rates.isVisibleTo(details)
    type_in(qtbot, details.grades, "a")
    for dimension, code, factor in (("producto", "cafe-perg", "1"), ("certificacion", "organico", "1.5")):
        details.factors.add_button.click()
        r = details.factors.table.rowCount() - 1
        details.factors.set_text(r, 0, dimension)
        details.factors.set_text(r, 1, code)
        details.factors.set_text(r, 2, factor)
    assert forms.pots_total.text() == "Los porcentajes de los fondos suman 100 %."

    # the reintegro's details are still there when she comes back to it
    pots.table.setCurrentCell(0, 0)
    assert [details.rates.texts(r) for r in range(details.rates.table.rowCount())] == [
        ["CAFE-PERG", "", "organico", "23.00"], ["CAFE-PERG", "", "", "11.50"]]

    # a prima: its own amount, its part for members and its own pots
    forms.primas.add_button.click()
    primas = forms.primas.table
    set_cell(primas, 0, "monto", "3000")
    set_cell(primas, 0, "porcentaje_socios", "20")
    assert forms.primas.total.text() == ("Prima de Comercio Justo: S/\xa0600.00 a los socios (20 %), "
                                         "S/\xa02,400.00 a Plan de la Prima.")
    prima_pots = forms.primas.pots
    assert prima_pots.table.cell_text(0, "nombre") == "Prima por kilo" and prima_pots.table.cell_text(0, "clave") == "kg"
    assert prima_pots.total.text() == "Los porcentajes de los fondos de la prima suman 100 %."
    prima_pots.table.setCurrentCell(0, 0)
    prima_pots.details.certifications["organico"].click()

    # the retención, with its date
    forms.withholding.setChecked(True)
    assert dialog.check() and "distribucion.fecha" in [p.field for p in dialog.check()]
    assert forms.withholding.when.text().startswith("La retención necesita la fecha de pago")
    type_in(qtbot, forms.when, "15/03/2026")
    type_in(qtbot, forms.withholding.threshold, "1")
    forms.withholding.pots.setText("Reintegro café")  # (QTest cannot type an accent)
    forms.withholding.pots.textEdited.emit(forms.withholding.pots.text())
    assert forms.withholding.when.text() == ("Pago el 15/03/2026: UIT 2026 = S/\xa05,500.00. No se retiene hasta "
                                             "S/\xa05,500.00 de ingresos del socio en el año; luego el 1.5 %.")
    assert dialog.check() == []

    # the live preview: every pot, the prima's fund and the retención
    qtbot.waitUntil(lambda: dialog.preview.pots.rowCount() == 8, timeout=20_000)
    wait_idle(qtbot, runner)
    assert dialog.preview.rows(dialog.preview.pots) == [
        ("Reserva Cooperativa", "S/\xa02,000.00"), ("Fondo de Educación", "S/\xa01,000.00"),
        ("Reintegro café", "S/\xa0690.00"), ("Retorno por kilos", "S/\xa03,155.00"),
        ("Retorno ponderado", "S/\xa03,155.00"), ("Prima por kilo", "S/\xa0600.00"),
        ("A Plan de la Prima (prima)", "S/\xa02,400.00"),
        ("Retención de renta (se descuenta a los socios)", "S/\xa06.90")]
    assert dialog.preview.rows(dialog.preview.members) == [
        ("S001 Quispe Mamani, Rosa", "S/\xa04,530.50", "S/\xa04,365.85"),
        ("S002 Apaza Flores, Juan", "S/\xa01,534.75", "S/\xa01,455.87"),
        ("S003 Quispe Huamán, Pedro", "S/\xa01,534.75", "S/\xa01,455.87")]

    # saved as TOML and simulated: the same, to the céntimo, as the handwritten file
    path = tmp_path / "criterios.toml"
    monkeypatch.setattr(criteria_dialog, "choose_file_to_save", lambda parent, suggested: str(path))
    dialog.export_button.click()
    saved = path.read_text(encoding="utf-8")
    assert saved == dialog.text()
    by_forms = on_worker(qtbot, runner, lambda book: book.distributions.simulate(saved))
    by_hand = on_worker(qtbot, runner, lambda book: book.distributions.simulate(HANDWRITTEN))
    assert figures(by_forms) == figures(by_hand)
    assert figures(by_forms)[-1] == {
        "S001": (D("4530.50"), D("4365.85"), D("6.90"), D("157.75")),
        "S002": (D("1534.75"), D("1455.87"), D("0.00"), D("78.88")),
        "S003": (D("1534.75"), D("1455.87"), D("0.00"), D("78.88"))}
    assert [(s.name, s.to_fund, s.to_members) for s in by_forms.streams] == [
        ("Prima de Comercio Justo", D("2400.00"), D("600.00"))]


def test_the_handwritten_file_fills_every_form_and_is_written_back_unchanged(qtbot, runner):
    dialog = CriteriaDialog(None, runner, text=HANDWRITTEN)
    qtbot.addWidget(dialog)
    forms = dialog.forms
    forms.pots.setCurrentCell(0, 0)
    details = forms.pot_details
    assert details.unit.currentData() == "quintal"
    assert [details.rates.texts(r) for r in range(details.rates.table.rowCount())] == [
        ["CAFE-PERG", "", "organico", "23.00"], ["CAFE-PERG", "", "", "11.50"]]
    forms.pots.setCurrentCell(2, 0)
    assert details.grades.text() == "A"
    assert [details.factors.texts(r) for r in range(details.factors.table.rowCount())] == [
        ["producto", "CAFE-PERG", "1"], ["certificacion", "organico", "1.5"]]
    assert forms.primas.table.cell_text(0, "destino") == "Plan de la Prima"
    assert forms.primas.pots.details.certifications["organico"].isChecked()
    assert forms.withholding.isChecked() and forms.withholding.threshold.text() == "1"
    assert forms.withholding.rate.text() == "" and forms.withholding.rate.placeholderText() == "1.5"
    # an edit anywhere writes the whole document again, nothing lost
    type_in(qtbot, forms.minimum_payout, "1")
    written = read_document(dialog.text())
    expected = read_document(HANDWRITTEN)
    expected["distribucion"]["pago_minimo"] = "1.00"
    expected["elegibilidad"] = {"estados": ["activo"]}  # the default, written out by the forms
    assert written == expected
    # the retención unticked: no [retencion] at all
    forms.withholding.setChecked(False)
    assert "retencion" not in read_document(dialog.text())
    wait_idle(qtbot, runner)


def test_the_dialog_has_one_name_field_and_the_run_takes_it(qtbot, runner):
    from PySide6.QtWidgets import QLabel

    dialog = CriteriaDialog(None, runner, text=HANDWRITTEN)
    qtbot.addWidget(dialog)
    names = [label.text() for label in dialog.findChildren(QLabel) if label.text().startswith("Nombre")]
    assert names == ["Nombre de la distribución:"]  # not a second «Nombre:» above the tabs
    dialog.forms.title.setText("Reintegro 2025, corregido")
    dialog.forms.title.textEdited.emit(dialog.forms.title.text())
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.created is not None, timeout=10000)
    assert dialog.created.name == "Reintegro 2025, corregido"
    wait_idle(qtbot, runner)


def test_a_pots_rate_of_interest_and_its_cap_are_in_its_details(qtbot, runner):
    text = HANDWRITTEN.replace("[[primas]]", '[[fondos]]\nnombre = "Interés sobre aportaciones"\nclave = "aportaciones"\n'
                               'tasa = 5\ntope = "2000.00"\n\n[[primas]]', 1)
    dialog = CriteriaDialog(None, runner, text=text)
    qtbot.addWidget(dialog)
    forms = dialog.forms
    details = forms.pot_details
    forms.pots.setCurrentCell(3, 0)
    assert details.title() == "Detalle del fondo «Interés sobre aportaciones»"
    assert (details.interest.text(), details.ceiling.text()) == ("5", "2000.00")
    assert details.interest.isVisibleTo(details) and not details.rates.isVisibleTo(details)
    forms.pots.setCurrentCell(0, 0)  # a reintegro: no cap, no interest
    assert not details.ceiling.isVisibleTo(details) and not details.interest.isVisibleTo(details)
    forms.pots.setCurrentCell(3, 0)
    type_in(qtbot, details.ceiling, "1500")
    pot = read_document(dialog.text())["fondos"][3]
    assert (pot["tasa"], pot["tope"]) == (5, 1500)
    assert dialog.check() == []
    wait_idle(qtbot, runner)


def test_a_misspelt_product_in_a_rate_is_said_at_its_line_and_its_row_marked(qtbot, runner):
    dialog = CriteriaDialog(None, runner, text=HANDWRITTEN)
    qtbot.addWidget(dialog)
    details = dialog.forms.pot_details
    dialog.forms.pots.setCurrentCell(0, 0)
    details.rates.set_text(0, 0, "cafe-per")
    assert '"CAFE-PER/*/organico" = "23.00"' in dialog.text() and dialog.check() == []
    qtbot.waitUntil(lambda: dialog.problem_texts() != [], timeout=20_000)
    wait_idle(qtbot, runner)
    line = dialog.text().splitlines().index('"CAFE-PER/*/organico" = "23.00"') + 1
    [said] = dialog.problem_texts()
    assert said.startswith(f"Línea {line}, «fondos[0].tarifas.CAFE-PER/*/organico»: ")
    assert "CAFE-PERG" in said
    wrong = Qt.ItemDataRole.UserRole + 1
    assert [details.rates.table.item(r, 0).data(wrong) for r in range(2)] == [True, False]

"""The criteria are the Spanish document of record the assembly approves: with the
English screens, what the forms write into them (the template, the names of a new
appropriation, pot, prima, its pot and its fund) is still Spanish; only the
screens' labels are English (issue 14)."""

from coopdesk import i18n
from coopdesk.domain.distribution.criteria_writer import read_document
from coopdesk.gui.distribution.criteria_dialog import FORMS, CriteriaDialog, template


def test_with_the_english_screens_the_forms_write_spanish_names(qtbot, runner):
    i18n.set_language("en")  # (the autouse fixture sets Spanish again for the next test)
    dialog = CriteriaDialog(None, runner, text="")
    qtbot.addWidget(dialog)
    forms = dialog.forms
    # the labels follow the screens' language
    assert (dialog.tabs.tabText(FORMS), forms.primas.add_button.text()) == ("Forms", "Add premium")
    forms.appropriations.add_button.click()
    forms.pots.add_button.click()
    forms.primas.add_button.click()
    doc = read_document(dialog.text())
    assert [a["nombre"] for a in doc["apropiaciones"]] == ["Nueva apropiación"]
    assert [p["nombre"] for p in doc["fondos"]] == ["Nuevo fondo"]
    [prima] = doc["primas"]
    assert (prima["nombre"], prima["destino"], [p["nombre"] for p in prima["fondos"]]) == (
        "Prima de Comercio Justo", "Plan de la Prima", ["Prima por kilo"])


def test_with_the_english_screens_the_template_is_spanish(qtbot, runner):
    i18n.set_language("en")
    text = template(2026)
    assert text.startswith("# Criterios de distribución\n")
    assert 'nombre = "Distribución de excedentes 2026"' in text and 'nombre = "Reserva Cooperativa"' in text
    dialog = CriteriaDialog(None, runner)
    qtbot.addWidget(dialog)
    assert dialog.text() == template(runner.today().year)

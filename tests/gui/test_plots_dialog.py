"""Parcelas and the organic guard as the treasurer works them: Rosa (S001, orgánica)
gets a plot through the form with its estimate to the gram, a negative surface is
refused under its field in Spanish and nothing is stored, and Informes → Control
orgánico lists her cacao over its estimate with the exact excess."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from coopdesk.core import Book
from coopdesk.domain.plots import PlotInput
from coopdesk.domain.rules import DeliveryInput
from coopdesk.gui.main_window import MainWindow
from coopdesk.gui.members.members_view import MembersView
from coopdesk.gui.members.plots_dialog import OrganicReportDialog, PlotFormDialog, PlotsDialog
from coopdesk.gui.kit.widgets import select_value
from coopdesk.i18n import describe

from .conftest import answering, wait_idle
from tests.conftest import cash_in_hand

KG = "\u00a0kg"


def on_worker(qtbot, runner, fn):
    out = []
    runner.run(fn, out.append)
    wait_idle(qtbot, runner)
    return out[0] if out else None


def open_plots(qtbot, runner, code: str = "S001") -> PlotsDialog:
    member = on_worker(qtbot, runner, lambda book: book.members.get(code))
    dialog = PlotsDialog(None, runner, member)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, runner)
    assert dialog.loaded
    return dialog


def table_rows(table) -> list[tuple[str, ...]]:
    if table.isHidden():
        return []
    return [tuple(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]


def fill(crop: str, hectares: str, yield_: str, name: str = "", certification: str = ""):
    def steps(form: PlotFormDialog):
        if crop:
            select_value(form.crop, crop)
        form.name.setText(name)
        form.hectares.setText(hectares)
        form.yield_.setText(yield_)
        if certification:
            select_value(form.certification, certification)
    return steps


def add_through_form(qtbot, dialog: PlotsDialog, steps) -> None:
    def run(form: PlotFormDialog):
        steps(form)
        form.save()
        qtbot.waitUntil(lambda: not form.isVisible(), timeout=20_000)

    with answering(PlotFormDialog, run):
        dialog.add_button.click()
    wait_idle(qtbot, dialog.runner)


def test_a_plot_added_through_the_form_shows_hectares_times_yield_exactly(qtbot, runner):
    dialog = open_plots(qtbot, runner)
    assert dialog.windowTitle() == "Parcelas de Quispe Mamani, Rosa"
    assert dialog.empty.text() == ("Quispe Mamani, Rosa todavía no tiene parcelas registradas: su estimado orgánico "
                                   "es 0 kg y la recepción advierte en cada entrega orgánica.")
    assert table_rows(dialog.table) == []

    def first(form: PlotFormDialog):
        assert form.windowTitle() == "Nueva parcela de Quispe Mamani, Rosa"
        assert [form.crop.itemText(i) for i in range(form.crop.count())] == ["Cacao", "Café", "Copoazú"]
        assert [form.certification.itemText(i) for i in range(form.certification.count())] == [
            "La del socio (Orgánico)", "Orgánico", "En transición", "Convencional"]
        assert form.estimate.text() == "Escriba la superficie y el rendimiento para ver el estimado."
        fill("cacao", "2.5", "800", "La Loma")(form)
        assert form.estimate.text() == f"2.50 ha × 800 kg/ha = 2,000.00{KG}"  # shown while typed

    add_through_form(qtbot, dialog, first)
    assert table_rows(dialog.table) == [("Cacao", "La Loma", "2.50", "800", "La del socio (Orgánico)", f"2,000.00{KG}",
                                         "Sin ubicar")]
    assert dialog.empty.isHidden()

    # 0.75 ha × 850.5 kg/ha = 637.875 kg (to the gram); a conventional plot does not count for the organic estimate
    add_through_form(qtbot, dialog, fill("cafe", "0,75", "850.5"))
    add_through_form(qtbot, dialog, fill("cacao", "1", "500", "Bajial", certification="convencional"))
    assert table_rows(dialog.table) == [
        ("Cacao", "La Loma", "2.50", "800", "La del socio (Orgánico)", f"2,000.00{KG}", "Sin ubicar"),
        ("Cacao", "Bajial", "1.00", "500", "Convencional", f"500.00{KG}", "Sin ubicar"),
        ("Café", "—", "0.75", "850.5", "La del socio (Orgánico)", f"637.875{KG}", "Sin ubicar"),
    ]
    assert dialog.table.currentRow() == 1  # the plot just added
    assert dialog.totals.text() == (f"Estimado orgánico por cultivo: Cacao <b>2,000.00{KG}</b> · "
                                    f"Café <b>637.875{KG}</b>")
    stored = on_worker(qtbot, runner, lambda book: book.plots.plots("S001"))
    assert [(p.crop, p.name, p.hectares, p.yield_kg_per_ha, p.certification, p.estimate_kg) for p in stored] == [
        ("cacao", "La Loma", D("2.50"), D("800.000"), None, D("2000.000")),
        ("cacao", "Bajial", D("1.00"), D("500.000"), "convencional", D("500.000")),
        ("cafe", "", D("0.75"), D("850.500"), None, D("637.875")),
    ]


def test_negative_hectares_are_refused_under_their_field_in_spanish_and_nothing_is_added(qtbot, runner):
    dialog = open_plots(qtbot, runner)
    announced = []
    runner.changed.connect(announced.append)

    def refused(form: PlotFormDialog):
        fill("cacao", "-2.5", "800")(form)
        form.save()
        qtbot.waitUntil(lambda: form.error_text("hectares") != "", timeout=20_000)
        assert form.error_text("hectares") == "Las hectáreas deben ser mayores que 0 y no pasar de 100."
        assert form.hectares.property("invalid") == "true"
        assert form.error_text("yield_kg_per_ha") == "" and form.error_text("crop") == ""
        assert form.estimate.text() == "Escriba la superficie y el rendimiento para ver el estimado."
        assert form.isVisible() and form.hectares.text() == "-2.5"  # what was typed stays, to be corrected
        # no crop and words for a number: every problem at once, each under its field
        select_value(form.crop, "")
        form.hectares.setText("dos")
        form.save()
        assert form.error_text("hectares") == ("«dos» no es un número. Escriba cifras con punto decimal, "
                                               "por ejemplo 120.5.")
        assert form.error_text("crop") == "Elija el cultivo de la parcela: cacao, cafe o copoazu."
        wait_idle(qtbot, runner)
        assert form.isVisible()

    with answering(PlotFormDialog, refused):
        dialog.add_button.click()
    wait_idle(qtbot, runner)
    assert announced == []
    assert on_worker(qtbot, runner, lambda book: book.plots.plots("S001")) == []
    assert table_rows(dialog.table) == [] and not dialog.empty.isHidden()


def test_socios_opens_the_selected_member_s_plots(qtbot, runner):
    view = MembersView(runner)
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    view.reload()
    wait_idle(qtbot, runner)
    assert view.plots_button.text() == "Parcelas…"
    assert not view.plots_button.isEnabled()
    buttons = [view.button_row.itemAt(i).widget() for i in range(view.button_row.count())]
    assert [b.text() for b in buttons if b is not None] == [
        "Nuevo socio", "Editar", "Parcelas…", "Imprimir estado de cuenta"]
    view.select_where(lambda m: m.code == "S002")
    assert view.plots_button.isEnabled()
    seen = []

    def look(dialog: PlotsDialog):
        qtbot.waitUntil(lambda: dialog.loaded, timeout=20_000)
        seen.append((dialog.windowTitle(), dialog.empty.text()))

    with answering(PlotsDialog, look):
        view.plots_button.click()
    assert seen == [("Parcelas de Apaza Flores, Juan", "Apaza Flores, Juan todavía no tiene parcelas registradas.")]


# -- the report -----------------------------------------------------------------------------


def ticket(number: int, member: str, product: str, gross: str, tare: str, day: date = date(2026, 3, 2)):
    return DeliveryInput(f"001-{number:06d}", day, member, product, 2, D(gross), D(tare), D("7.5"), "A", D("18.50"))


@pytest.fixture
def over(db):
    """Rosa: 2.50 ha of cacao at 600 kg/ha (1,500 kg) and 1,620.5 kg delivered as organic (one ticket
    voided does not count), plus 46 kg of coffee with no coffee plot; Juan is conventional."""
    with Book.open(str(db)) as book:
        cash_in_hand(book, caja="500000.00")
        book.plots.add_plot("S001", PlotInput("cacao", D("2.50"), D("600")))
        book.deliveries.record(ticket(1, "S001", "CACAO-SECO", "1200", "0"))
        book.deliveries.record(ticket(2, "S001", "CACAO-SECO", "421", "0.5", date(2026, 4, 6)))
        book.deliveries.record(ticket(3, "S001", "CACAO-SECO", "900", "0", date(2026, 4, 7)))
        book.deliveries.void("001-000003", "peso mal anotado")
        book.deliveries.record(ticket(4, "S001", "CAFE-PERG", "46.3", "0.3"))
        book.deliveries.record(ticket(5, "S002", "CACAO-SECO", "5000", "0"))
    return db


def open_report(qtbot, runner) -> OrganicReportDialog:
    dialog = OrganicReportDialog(None, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, runner)
    assert dialog.loaded
    return dialog


def test_the_report_lists_rosa_over_her_estimate_with_the_exact_excess(qtbot, over, runner):
    dialog = open_report(qtbot, runner)
    assert dialog.windowTitle() == "Control orgánico: socios sobre su estimado"
    assert dialog.campaign_label.text() == "Campaña 2026: del 01/01/2026 al 31/12/2026"
    assert [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())] == [
        "Código", "Socio", "Cultivo", "Estimado", "Entregado orgánico", "Exceso", "% del estimado"]
    # 1,620.5 kg against 1,500 kg: 120.50 kg over, 108.03 %; the coffee has no plot: estimate 0
    assert table_rows(dialog.table) == [
        ("S001", "Quispe Mamani, Rosa", "Cacao", f"1,500.00{KG}", f"1,620.50{KG}", f"120.50{KG}", "108.03\u00a0%"),
        ("S001", "Quispe Mamani, Rosa", "Café", f"0.00{KG}", f"46.00{KG}", f"46.00{KG}", "sin parcelas"),
    ]
    assert dialog.summary.text() == "1 socio supera su estimado orgánico en esta campaña."
    assert not dialog.no_plots_note.isHidden()
    assert dialog.empty.isHidden()
    assert not dialog.plots_button.isEnabled()
    dialog.table.selectRow(1)
    assert dialog.plots_button.isEnabled()

    # the ICS registers her coffee plot (0.10 ha × 460 kg/ha = 46 kg: exactly what she delivered, not over)
    runner.mutate(lambda book: book.plots.add_plot("S001", PlotInput("cafe", D("0.10"), D("460"))))
    wait_idle(qtbot, runner)
    assert table_rows(dialog.table) == [
        ("S001", "Quispe Mamani, Rosa", "Cacao", f"1,500.00{KG}", f"1,620.50{KG}", f"120.50{KG}", "108.03\u00a0%")]
    assert dialog.no_plots_note.isHidden()


def test_when_nobody_is_over_the_report_says_so(qtbot, runner):
    dialog = open_report(qtbot, runner)
    assert table_rows(dialog.table) == []
    assert dialog.empty.text() == ("Ningún socio supera su estimado orgánico en esta campaña: lo entregado como "
                                   "orgánico está dentro de lo que sus parcelas pueden producir.")
    assert not dialog.empty.isHidden()
    assert dialog.summary.isHidden() and dialog.no_plots_note.isHidden()
    assert not dialog.plots_button.isEnabled()


def test_informes_control_organico_opens_the_report(qtbot, over, runner):
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    menus = {action.text(): [a.text() for a in action.menu().actions() if not a.isSeparator()]
             for action in window.menuBar().actions()}
    assert menus["&Informes"][:2] == ["&Control orgánico (parcelas)…", "&Verificar la contabilidad"]
    seen = []

    def look(dialog: OrganicReportDialog):
        qtbot.waitUntil(lambda: dialog.loaded, timeout=20_000)
        seen.append([row[:3] + row[5:6] for row in table_rows(dialog.table)])

    with answering(OrganicReportDialog, look):
        window.organic_report_action.trigger()
    assert seen == [[("S001", "Quispe Mamani, Rosa", "Cacao", f"120.50{KG}"),
                     ("S001", "Quispe Mamani, Rosa", "Café", f"46.00{KG}")]]


def test_from_the_report_the_member_s_plots_open(qtbot, over, runner):
    dialog = open_report(qtbot, runner)
    dialog.table.selectRow(0)
    seen = []

    def look(plots: PlotsDialog):
        qtbot.waitUntil(lambda: plots.loaded, timeout=20_000)
        seen.append((plots.windowTitle(), table_rows(plots.table)))

    with answering(PlotsDialog, look):
        qtbot.mouseClick(dialog.plots_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    assert seen == [("Parcelas de Quispe Mamani, Rosa",
                     [("Cacao", "—", "2.50", "600", "La del socio (Orgánico)", f"1,500.00{KG}", "Sin ubicar")])]


def test_importar_ubicacion_gives_rosa_s_plot_its_polygon_and_a_broken_file_changes_nothing(
        qtbot, runner, monkeypatch, tmp_path):
    from coopdesk.gui.kit import errors
    from coopdesk.gui.members import plots_dialog
    from tests.core.plot_files import SQUARE, feature, geojson, polygon

    on_worker(qtbot, runner, lambda book: book.plots.add_plot("S001", PlotInput("cacao", D("1.00"), D("600"),
                                                                                "La Loma")))
    shown = []
    monkeypatch.setattr(errors, "show_problems", lambda parent, problems, title=None: shown.append(
        (title, [describe(p) for p in problems])))
    dialog = open_plots(qtbot, runner)
    broken = geojson(tmp_path / "abierta.geojson", feature(polygon(SQUARE[:-1]), Nombre="La Loma"))
    monkeypatch.setattr(plots_dialog, "choose_location_file", lambda parent: str(broken))
    dialog.import_button.click()
    wait_idle(qtbot, runner)
    assert shown == [("No se importó la ubicación", [
        "Parcela «La Loma» (elemento 1): el contorno no está cerrado: su último punto (-12.589000, -69.180000) debe "
        "repetir el primero (-12.590000, -69.180000)."])]
    assert table_rows(dialog.table)[0][6] == "Sin ubicar"

    shown.clear()
    good = geojson(tmp_path / "rosa.geojson", feature(polygon(SQUARE), Nombre="La Loma"))
    monkeypatch.setattr(plots_dialog, "choose_location_file", lambda parent: str(good))
    dialog.import_button.click()
    wait_idle(qtbot, runner)
    assert shown == [("Ubicación importada, con avisos", [
        "Parcela «La Loma» (elemento 1): su contorno mide 1.20 ha y se declararon 1.00 ha: una diferencia de 20.0 %, "
        "más que la tolerancia de 10 %. Revise el mapeo o las hectáreas declaradas."])]
    assert table_rows(dialog.table) == [("Cacao", "La Loma", "1.00", "600", "La del socio (Orgánico)",
                                         f"600.00{KG}", "Polígono, 1.20 ha medidas")]


def test_a_typo_is_refused_then_a_plot_is_corrected_and_another_removed(qtbot, runner, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    dialog = open_plots(qtbot, runner)
    seen = {}

    def typo(form: PlotFormDialog):
        fill("cacao", "250", "5000", "La Loma")(form)
        form.save()
        seen["errors"] = (form.error_text("hectares"), form.error_text("yield_kg_per_ha"))

    with answering(PlotFormDialog, typo):
        dialog.add_button.click()
    assert seen["errors"] == ("Las hectáreas deben ser mayores que 0 y no pasar de 100.",
                              "El rendimiento estimado debe ser mayor que 0 y no pasar de 3,000 kg por hectárea.")
    add_through_form(qtbot, dialog, fill("cacao", "2.50", "600", "La Loma"))
    add_through_form(qtbot, dialog, fill("cafe", "1", "800", "Por error"))
    qtbot.waitUntil(lambda: len(dialog.plots) == 2, timeout=20_000)
    dialog.table.selectRow(0)

    def correct(form: PlotFormDialog):
        assert (form.name.text(), form.hectares.text(), form.yield_.text()) == ("La Loma", "2.50", "600")
        form.hectares.setText("3")
        form.save()
        qtbot.waitUntil(lambda: not form.isVisible(), timeout=20_000)

    with answering(PlotFormDialog, correct):
        dialog.edit_button.click()
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: dialog.plots[0].hectares == 3, timeout=20_000)
    assert table_rows(dialog.table)[0][:4] == ("Cacao", "La Loma", "3.00", "600")
    dialog.table.selectRow(1)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    dialog.remove_button.click()
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: len(dialog.plots) == 1, timeout=20_000)
    assert [p.name for p in dialog.plots] == ["La Loma"]

"""Parcelas: the plots on the offline map and in the list, one selected with its
member, areas, location, screening, override and deliveries; the zone list
shows one zone; the screen renders at 1366×768 (read back as a PNG)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsPolygonItem

from coopdesk.core import Book
from coopdesk.domain.plots import PlotInput
from coopdesk.gui.plots.plots_view import PlotsView
from tests.conftest import cacao, cash_in_hand
from tests.core.plot_files import SQUARE, feature, geojson, point, polygon

from .conftest import wait_idle


def fill(db, tmp_path) -> None:
    """S001 Rosa (LP): plot 1 «La Loma», a polygon, clear, one ticket; S002 Juan (TB):
    plot 2 «Quebrada», a point, at risk with an override; S003 Pedro (LP): plot 3
    «Bajial», not mapped."""
    with Book.open(str(db)) as book:
        cash_in_hand(book)
        book.plots.import_file(geojson(
            tmp_path / "parcelas.geojson",
            feature(polygon(SQUARE), Socio="S001", Nombre="La Loma", Cultivo="cacao", Rendimiento=2000),
            feature(point("-69.150123", "-12.600456"), Socio="S002", Nombre="Quebrada", Cultivo="cacao",
                    Hectareas="2.5", Rendimiento=2000)))
        book.plots.add_plot("S003", PlotInput("cacao", D("1.5"), D("800"), "Bajial"))
        book.deliveries.record(cacao("001-000001", member_code="S001", date=date(2026, 3, 4)))
        (tmp_path / "gfw.csv").write_text("Parcela;Resultado;Fuente;Fecha\n1;bajo;GFW;15/11/2026\n"
                                          "2;alto;GFW;15/11/2026\n", encoding="utf-8")
        book.screenings.import_file(tmp_path / "gfw.csv")
        book.screenings.override(2, "Visita de campo: sistema agroforestal")


def test_the_plots_screen_draws_each_mapped_plot_and_shows_the_selected_one(qtbot, runner, db, tmp_path):
    fill(db, tmp_path)
    view = PlotsView(runner)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    wait_idle(qtbot, runner)
    assert view.loaded
    items = view.map.items_by_plot
    assert sorted(items) == [1, 2]
    assert isinstance(items[1], QGraphicsPolygonItem) and items[1].polygon().count() == 5
    assert isinstance(items[2], QGraphicsEllipseItem)
    assert [view.list.item(i).text() for i in range(view.list.count())] == [
        "S001 Quispe Mamani, Rosa — La Loma (n.° 1) · sin riesgo",      # by zone (LP, TB) and member
        "S003 Quispe Huamán, Pedro — Bajial (n.° 3) · sin ubicación",
        "S002 Apaza Flores, Juan — Quebrada (n.° 2) · riesgo con excepción"]
    assert view.summary.text() == "3 parcelas, 2 con ubicación, 0 con riesgo sin excepción"

    view.list.setCurrentRow(0)          # from the list
    wait_idle(qtbot, runner)
    assert items[1].isSelected()
    shown = {k: v.text() for k, v in view.fields.items()}
    assert shown == {
        "member": "Quispe Mamani, Rosa (S001)", "zone": "LP · Las Piedras", "plot": "n.° 1 «La Loma», cacao",
        "area": "1.20 ha declaradas · 1.20 ha medidas", "location": "polígono de 4 vértices",
        "screening": "sin riesgo (GFW, 15/11/2026)", "override": "—",
        "deliveries": "1 ticket, 120.10\u00a0kg equivalentes"}
    assert [view.tickets.item(0, c).text() for c in range(4)] == ["001-000001", "04/03/2026", "Cacao grano seco",
                                                                  "120.10\u00a0kg"]

    items[2].setSelected(False)
    view.map.scene().clearSelection()
    items[2].setSelected(True)          # on the map
    wait_idle(qtbot, runner)
    assert view.list.currentRow() == 2
    assert view.fields["screening"].text() == "riesgo (GFW, 15/11/2026)"
    assert view.fields["override"].text() == "«Visita de campo: sistema agroforestal» (admin, 07/12/2026)"
    assert view.fields["location"].text() == "punto"
    assert view.fields["deliveries"].text() == "0 tickets, 0.00\u00a0kg equivalentes"

    view.list.setCurrentRow(1)          # not mapped: still its details
    wait_idle(qtbot, runner)
    assert view.fields["location"].text() == "sin ubicación: mapéela"
    assert view.fields["screening"].text() == "sin evaluación"

    view.zone.setCurrentIndex(view.zone.findData("TB"))
    assert view.list.count() == 1 and view.list.item(0).text().startswith("S002")

    before = view.map.transform().m11()
    view.map.zoom(2)
    assert view.map.transform().m11() == before * 2

    path = tmp_path / "parcelas.png"
    assert view.grab().save(str(path))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1366, 768)
    colours = {image.pixel(x, y) for x in range(0, 1366, 7) for y in range(0, 768, 7)}
    assert len(colours) > 20


def test_a_background_image_lies_under_the_plots_over_its_bounds(qtbot, runner, db, tmp_path):
    fill(db, tmp_path)
    view = PlotsView(runner)
    qtbot.addWidget(view)
    view.show()
    wait_idle(qtbot, runner)
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(0x8fbc8f)
    image.save(str(tmp_path / "orto.png"))
    assert view.map.set_background(str(tmp_path / "orto.png"), -69.2, -12.61, -69.14, -12.58)
    rect = view.map.background.sceneBoundingRect()
    west, north = view.map.to_lon_lat(rect.topLeft())
    east, south = view.map.to_lon_lat(rect.bottomRight())
    assert [round(v, 6) for v in (west, south, east, north)] == [-69.2, -12.61, -69.14, -12.58]
    assert view.map.background.zValue() < min(i.zValue() for i in view.map.items_by_plot.values())
    assert not view.map.set_background(str(tmp_path / "no-existe.png"), -69.2, -12.61, -69.14, -12.58)


def test_the_lots_tab_lists_the_lots_and_traces_the_selected_one_to_its_plots(qtbot, runner, db, tmp_path):
    fill(db, tmp_path)
    with Book.open(str(db)) as book:
        book.lots.create("L-UE", "CACAO-SECO", "organico", date(2026, 3, 10), "Almacén", eu_market=True)
        book.lots.add_ticket("L-UE", "001-000001", D("100"))
    view = PlotsView(runner)
    qtbot.addWidget(view)
    view.show()
    wait_idle(qtbot, runner)
    view.tabs.setCurrentIndex(1)
    panel = view.lots_panel
    assert [panel.lots.item(0, c).text() for c in range(8)] == [
        "L-UE", "10/03/2026", "Cacao grano seco", "Orgánico", "UE", "100.00\u00a0kg", "0.00\u00a0kg", "100.00\u00a0kg"]
    panel.lots.selectRow(0)
    wait_idle(qtbot, runner)
    assert panel.title.text() == ("Lote L-UE del 10/03/2026: Cacao grano seco, orgánico. Trazado hacia atrás: L-UE.")
    assert [panel.tickets.item(0, c).text() for c in range(6)] == [
        "001-000001", "04/03/2026", "S001 Quispe Mamani, Rosa", "La Loma", "100.00\u00a0kg", "100.00\u00a0kg"]
    assert [panel.plots.item(0, c).text() for c in range(6)] == [
        "S001", "Quispe Mamani, Rosa", "La Loma (n.° 1)", "polígono", "1.20", "100.00\u00a0kg"]
    assert panel.sales.rowCount() == 0


def test_a_lot_is_made_and_filled_with_tickets_from_the_lots_tab(qtbot, runner, db, tmp_path, monkeypatch):
    """«Nuevo lote…» refuses a code already used and keeps what was typed; the lot
    made, «Agregar tickets…» offers only the tickets it may take and puts the
    checked ones in with all their kilos."""
    from PySide6.QtWidgets import QDialog

    from coopdesk.gui.plots import lot_dialogs
    from coopdesk.gui.kit.widgets import select_value

    fill(db, tmp_path)
    with Book.open(str(db)) as book:
        book.deliveries.record(cacao("001-000002", member_code="S001", date=date(2026, 3, 6), gross_kg=D("60.4")))
        book.deliveries.record(cacao("001-000003", member_code="S001", date=date(2026, 3, 20)))  # after the lot
        book.deliveries.record(cacao("001-000004", member_code="S002", date=date(2026, 3, 5)))  # convencional
        book.lots.create("L-1", "CACAO-SECO", "organico", date(2026, 3, 10))
    view = PlotsView(runner)
    qtbot.addWidget(view)
    view.show()
    wait_idle(qtbot, runner)
    view.tabs.setCurrentIndex(1)
    panel = view.lots_panel
    assert not panel.add_button.isEnabled()       # no lot chosen yet

    typed = {}

    def new_lot(dialog, code):
        dialog.code.setText(code)
        dialog.date.setDate(date(2026, 3, 12))
        select_value(dialog.product, "CACAO-SECO")
        select_value(dialog.certification, "organico")
        dialog.note.setText("Almacén central")
        dialog.save()
        wait_idle(qtbot, runner)
        typed[code] = (dialog.result() == QDialog.DialogCode.Accepted, dialog.error_text("code"), dialog.code.text())
        return dialog.result()

    codes = iter(["L-1", "L-2"])
    monkeypatch.setattr(lot_dialogs.NewLotDialog, "exec", lambda self: new_lot(self, next(codes)))
    panel.new_lot()
    assert typed["L-1"] == (False, "Ya existe el lote L-1.", "L-1")     # refused, the dialog kept what she typed
    panel.new_lot()
    wait_idle(qtbot, runner)
    assert [r.code for r in panel.rows] == ["L-1", "L-2"]
    assert panel.selected_lot().code == "L-2" and panel.add_button.isEnabled()

    offered = {}

    def add(dialog):
        offered["rows"] = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(dialog.table.rowCount())]
        dialog.table.item(1, 0).setCheckState(Qt.CheckState.Checked)
        offered["total"] = dialog.total.text()
        dialog.add()
        wait_idle(qtbot, runner)
        return QDialog.DialogCode.Accepted if dialog.result() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(lot_dialogs.AddTicketsDialog, "exec", add)
    panel.add_tickets()
    qtbot.waitUntil(lambda: "total" in offered, timeout=10_000)   # the dialog opens once its tickets are read
    wait_idle(qtbot, runner)
    assert offered["rows"] == [
        ["001-000002", "06/03/2026", "S001 Quispe Mamani, Rosa", "La Loma", "60.00\u00a0kg"],
        ["001-000001", "04/03/2026", "S001 Quispe Mamani, Rosa", "La Loma", "120.10\u00a0kg"]]
    assert offered["total"] == "Marcado: 1 ticket, 120.10\u00a0kg"
    assert [(r.code, r.entered) for r in panel.rows] == [("L-1", D("0.000")), ("L-2", D("120.100"))]
    with Book.open(str(db)) as book:
        assert [(t.ticket, t.kg) for t in book.lots.show("L-2").tickets] == [("001-000001", D("120.100"))]
        assert book.lots.show("L-2").lot.note == "Almacén central"

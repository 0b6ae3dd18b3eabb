"""Parcelas: a tab «Mapa de parcelas» with every plot on an offline map (coopdesk.gui.plots.plot_map), with
the list beside it. Select a plot (on the map or in the list) to see its member,
its areas, its location, its deforestation screening and override, and its
deliveries. The zone list shows one zone; «Imagen de fondo…» lays an image
(an orthophoto, a scanned map) under the plots, over the bounds typed for it.

A second tab, «Lotes y trazabilidad», lists the lots (coopdesk.gui.plots.lots_panel).

Read on the worker in one go when shown, and again after a change to members,
deliveries or the reference tables."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes
from coopdesk.core.dto import ZoneRow
from coopdesk.core.screenings import MapPlot, PlotDelivery
from coopdesk.domain.screening import RESULT_LABELS
from coopdesk.domain.text import search_fold
from coopdesk.gui.kit.flow_layout import FlowLayout
from coopdesk.gui.kit.rows import fill_table, static_table
from coopdesk.gui.kit.screen import Screen
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.plots.lots_panel import LotsPanel
from coopdesk.gui.plots.plot_map import COLOURS, PlotMap, status_key
from coopdesk.i18n import N_, _, label, ngettext
from coopdesk.i18n.formatting import format_date, format_kg, format_number

LEGEND = (("flagged", N_("con riesgo")), ("review", N_("revisar")), ("override", N_("riesgo con excepción")),
          ("clear", N_("sin riesgo")), ("unscreened", N_("sin evaluación")))


def _legend_text(key: str) -> str:
    return _(dict(LEGEND)[key])


def _hectares(square_metres: int) -> Decimal:
    return (Decimal(square_metres) / 10000).quantize(Decimal("0.01"))


def status_text(plot: MapPlot) -> str:
    s = plot.status
    if s.result is None:
        return _("sin evaluación")
    text = _("%(result)s (%(source)s, %(date)s)") % {"result": _(RESULT_LABELS[s.result]), "source": s.source,
                                                    "date": format_date(s.screened_on)}
    return text


def location_text(plot: MapPlot) -> str:
    kind = plot.status.geometry_kind
    if kind is None:
        return _("sin ubicación: mapéela")
    if kind == "Point":
        return _("punto")
    vertices = len(json.loads(plot.geometry)["coordinates"][0]) - 1
    return ngettext("polígono de %(n)s vértice", "polígono de %(n)s vértices", vertices) % {
        "n": format_number(vertices)}


@dataclass(frozen=True)
class PlotsData:
    plots: list[MapPlot]
    zones: list[ZoneRow]


def read_plots(book) -> PlotsData:
    """On the worker."""
    return PlotsData(book.screenings.map_plots(), book.zones.list())


class BackgroundDialog(QDialog):
    """An image and the bounds it covers, in decimal degrees."""

    def __init__(self, parent, path: str, bounds: tuple[float, float, float, float]):
        super().__init__(parent)
        self.setWindowTitle(_("Imagen de fondo"))
        self.path = path
        form = QFormLayout(self)
        form.addRow(_("Imagen:"), QLabel(path))
        self.edits = []
        for name, value in zip((_("Oeste (longitud)"), _("Sur (latitud)"), _("Este (longitud)"),
                                _("Norte (latitud)")), bounds):
            edit = QLineEdit(f"{value:.6f}")
            form.addRow(name + ":", edit)
            self.edits.append(edit)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Aceptar"))  # never Qt's English words
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.bounds: tuple[float, float, float, float] | None = None

    def _accept(self) -> None:
        try:
            west, south, east, north = (float(e.text().replace(",", ".")) for e in self.edits)
        except ValueError:
            self.error.setText(_("Escriba los cuatro límites en grados decimales, por ejemplo -69.180000."))
            return
        if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
            self.error.setText(_("El oeste debe ser menor que el este y el sur menor que el norte (en Perú, "
                                 "latitudes y longitudes son negativas)."))
            return
        self.bounds = (west, south, east, north)
        self.accept()


class PlotsView(Screen):
    status_message = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.data = PlotsData([], [])
        self.by_id: dict[int, MapPlot] = {}
        self.current = 0
        self.loaded = False

        self.zone = QComboBox()
        self.zone.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.zone.currentIndexChanged.connect(self._zone_changed)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Buscar socio o parcela…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(120)
        self.search.textChanged.connect(self._fill_list)
        self.fit_button = QPushButton(_("Ver todo"))
        self.fit_button.clicked.connect(lambda: self.map.fit(self._shown_ids()))
        zoom_in, zoom_out = QToolButton(), QToolButton()  # small square buttons, their words in the tooltip
        zoom_in.setText("+")
        zoom_out.setText("−")
        zoom_in.setToolTip(_("Acercar"))
        zoom_out.setToolTip(_("Alejar"))
        zoom_in.clicked.connect(lambda: self.map.zoom(1.5))
        zoom_out.clicked.connect(lambda: self.map.zoom(1 / 1.5))
        self.background_button = QPushButton(_("Imagen de fondo…"))
        self.background_button.clicked.connect(self.choose_background)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Zona:")))
        top.addWidget(self.zone)
        top.addWidget(self.search, 1)
        for widget in (zoom_in, zoom_out, self.fit_button, self.background_button):
            top.addWidget(widget)

        legend = FlowLayout()  # wraps at 1024 pixels instead of widening the screen
        for key, text in LEGEND:
            outline, fill = COLOURS[key]
            swatch = QLabel()
            swatch.setFixedSize(14, 14)
            swatch.setStyleSheet(f"background: {fill}; border: 1px solid {outline};")
            legend.addWidget(swatch)
            legend.addWidget(QLabel(_(text)))
        self.summary = QLabel()
        legend.addWidget(self.summary)

        self.map = PlotMap()
        self.map.plot_selected.connect(self._map_selected)

        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.currentItemChanged.connect(self._list_selected)

        self.details = QGroupBox(_("Parcela seleccionada"))
        form = QFormLayout(self.details)
        self.fields: dict[str, QLabel] = {}
        for key, title in (("member", _("Socio")), ("zone", _("Zona")), ("plot", _("Parcela")),
                           ("area", _("Área")), ("location", _("Ubicación")), ("screening", _("Evaluación")),
                           ("override", _("Excepción")), ("deliveries", _("Entregas"))):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(title + ":", value)
            self.fields[key] = value
        self.tickets = static_table([_("Ticket"), _("Fecha"), _("Producto"), _("Neto")], [], right_from=3)
        self.tickets.setMinimumHeight(120)
        form.addRow(self.tickets)

        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.list)
        side.addWidget(self.details)
        side.setStretchFactor(0, 1)
        side.setStretchFactor(1, 2)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.map)
        body.addWidget(side)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setSizes([800, 420])

        map_tab = QWidget()
        map_layout = QVBoxLayout(map_tab)
        map_layout.addLayout(top)
        map_layout.addLayout(legend)
        map_layout.addWidget(body, 1)
        self.lots_panel = LotsPanel(runner)
        self.tabs = QTabWidget()
        self.tabs.addTab(map_tab, _("Mapa de parcelas"))
        self.tabs.addTab(self.lots_panel, _("Lotes y trazabilidad"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._show_details(None, [])

        runner.changed.connect(self.on_changes)
        runner.book_opened.connect(lambda _book: self.when_visible(self.reload))

    # -- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        self._stale = False
        if self.runner.book is None:
            return
        self.runner.run(read_plots, self._loaded, owner=self)
        self.lots_panel.reload()

    def on_changes(self, changes: Changes) -> None:
        if changes.members or changes.deliveries or changes.reference:
            self.when_visible(self.reload)

    def _loaded(self, data: PlotsData) -> None:
        self.data = data
        self.by_id = {p.status.plot_id: p for p in data.plots}
        wanted = self.zone.currentData()
        self.zone.blockSignals(True)
        self.zone.clear()
        self.zone.addItem(_("Todas las zonas"), "")
        for zone in data.zones:
            self.zone.addItem(f"{zone.code} · {zone.name}", zone.code)
        index = self.zone.findData(wanted) if wanted else 0
        self.zone.setCurrentIndex(max(index, 0))
        self.zone.blockSignals(False)
        self.map.set_plots(data.plots)
        self._fill_list()
        self.map.fit(self._shown_ids())
        mapped = sum(1 for p in data.plots if p.geometry)
        flagged = sum(1 for p in data.plots if p.status.flagged)
        self.summary.setText(_("%(n)s parcelas, %(mapped)s con ubicación, %(flagged)s con riesgo sin excepción") % {
            "n": format_number(len(data.plots)), "mapped": format_number(mapped), "flagged": format_number(flagged)})
        self.loaded = True
        if self.current in self.by_id:
            self.select(self.current)

    # -- the list -------------------------------------------------------------------------

    def _shown(self) -> list[MapPlot]:
        zone = self.zone.currentData() or ""
        words = search_fold(self.search.text()).split()
        shown = []
        for plot in self.data.plots:
            s = plot.status
            if zone and s.zone_code != zone:
                continue
            text = search_fold(f"{s.member_code} {s.member_name} {s.name} {s.plot_id}")
            if all(w in text for w in words):
                shown.append(plot)
        return shown

    def _shown_ids(self) -> list[int]:
        return [p.status.plot_id for p in self._shown()]

    def _fill_list(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for plot in self._shown():
            s = plot.status
            item = QListWidgetItem(f"{s.member_code} {s.member_name} — {s.name or '?'} (n.° {s.plot_id}) · "
                                   f"{_legend_text(status_key(plot)) if plot.geometry else _('sin ubicación')}")
            item.setData(Qt.ItemDataRole.UserRole, s.plot_id)
            self.list.addItem(item)
            if s.plot_id == self.current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def _zone_changed(self) -> None:
        self._fill_list()
        self.map.fit(self._shown_ids())

    def _list_selected(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.select(int(item.data(Qt.ItemDataRole.UserRole)))

    def _map_selected(self, plot_id: int) -> None:
        if plot_id and plot_id != self.current:
            self.select(plot_id, centre=False)

    # -- the selected plot ------------------------------------------------------------------

    def select(self, plot_id: int, centre: bool = True) -> None:
        self.current = plot_id
        plot = self.by_id.get(plot_id)
        if self.map.selected_plot() != plot_id:
            self.map.blockSignals(True)
            self.map.select_plot(plot_id, centre)
            self.map.blockSignals(False)
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == plot_id:
                self.list.blockSignals(True)
                self.list.setCurrentRow(row)
                self.list.blockSignals(False)
        self._show_details(plot, [])
        if plot is not None:
            self.runner.run(lambda book: book.screenings.plot_deliveries(plot_id),
                            lambda rows: self._show_details(plot, rows) if self.current == plot_id else None,
                            owner=self)

    def _show_details(self, plot: MapPlot | None, deliveries: list[PlotDelivery]) -> None:
        f = self.fields
        if plot is None:
            for value in f.values():
                value.setText("—")
            f["member"].setText(_("Elija una parcela en el mapa o en la lista."))
            fill_table(self.tickets, [], right_from=3)
            return
        s = plot.status
        f["member"].setText(f"{s.member_name} ({s.member_code})")
        f["zone"].setText(f"{s.zone_code} · {s.zone_name}")
        f["plot"].setText(_("n.° %(id)s «%(name)s», %(crop)s") % {"id": s.plot_id, "name": s.name,
                                                                  "crop": label(s.crop).lower()})
        area = _("%(declared)s ha declaradas") % {"declared": format_number(s.hectares)}
        if plot.area_m2:
            area += " · " + _("%(measured)s ha medidas") % {"measured": format_number(_hectares(plot.area_m2))}
        f["area"].setText(area)
        f["location"].setText(location_text(plot))
        f["screening"].setText(status_text(plot))
        f["override"].setText(_("«%(reason)s» (%(by)s, %(when)s)") % {
            "reason": s.override_reason, "by": s.override_by, "when": format_date(s.override_at.date())}
            if s.override_reason else "—")
        f["deliveries"].setText(ngettext("%(n)s ticket, %(kg)s equivalentes",
                                         "%(n)s tickets, %(kg)s equivalentes", plot.tickets)
                                % {"n": format_number(plot.tickets), "kg": format_kg(plot.kg)})
        fill_table(self.tickets, [(d.ticket + (" " + _("(anulado)") if d.voided else ""), format_date(d.date),
                                   d.product, format_kg(d.net_kg)) for d in deliveries], right_from=3)

    # -- background image -----------------------------------------------------------------

    def choose_background(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Imagen de fondo"), "",
                                                    _("Imágenes (*.png *.jpg *.jpeg *.tif *.tiff)"))
        if not path:
            return
        dialog = BackgroundDialog(self, path, self.map.visible_bounds())
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.bounds is None:
            return
        if not self.map.set_background(path, *dialog.bounds):
            QMessageBox.warning(self, _("Imagen de fondo"), _("No se pudo leer la imagen %(file)s.") % {"file": path})

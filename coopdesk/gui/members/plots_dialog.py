"""Parcelas and the organic guard (``book.plots``).

``PlotsDialog``: a member's plots as the internal control system (ICS) notes
them, each with its estimated harvest (hectares × yield), and «Agregar
parcela…» (``PlotFormDialog``, a ``FormDialog``: the core's problems land under
the field they name). ``OrganicReportDialog``: the members whose organic
deliveries of a crop in the current campaign exceed their estimate, the largest
excess first. Everything is read and written on the worker.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QMessageBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes, InvalidInput
from coopdesk.core.dto import CampaignRow, MemberRow
from coopdesk.core.plot_import import ImportOptions, PlotImport
from coopdesk.core.plots import OrganicCheck, PlotRow
from coopdesk.domain import limits
from coopdesk.domain.catalog import Certification, Crop
from coopdesk.domain.plots import PlotInput, check_plot, estimate_from_units, organic_estimate
from coopdesk.domain.problems import Problem
from coopdesk.gui.kit.fit import fit_on_show
from coopdesk.gui.kit import errors
from coopdesk.gui.kit.rows import fill_table, static_table
from coopdesk.gui.kit.forms import FormDialog, NumberParser
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import campaign_period, choice_combo, combo_value, number_edit, select_value
from coopdesk.i18n import _, describe, label, ngettext
from coopdesk.i18n.formatting import format_kg, format_number, format_percent

NOTE_STYLE = "color: #4a4a4a;"
EMPTY_STYLE = "color: #4a4a4a; font-size: 11pt; padding: 24px;"


def format_yield(value: Decimal) -> str:
    """A yield as it was typed: ``800``, ``850.5``, ``412.345`` (kg/ha are kept to the gram)."""
    exponent = value.normalize().as_tuple().exponent
    places = min(3, max(0, -exponent)) if isinstance(exponent, int) else 0
    return format_number(value, places)


def format_hectares(value: Decimal) -> str:
    return format_number(value, 2)


def plot_certification(certification: str | None, member_certification: str) -> str:
    """A plot's certification; one that follows the member's says so."""
    if certification:
        return label(certification)
    return _("La del socio (%(certification)s)") % {"certification": label(member_certification)}


def _note(text: str, style: str = NOTE_STYLE) -> QLabel:
    note = QLabel(text)
    note.setTextFormat(Qt.TextFormat.PlainText)  # members' names are the user's text
    note.setWordWrap(True)
    note.setStyleSheet(style)
    return note


def _problems_text(exc: Exception) -> str:
    return "\n".join(describe(p) for p in getattr(exc, "problems", ())) or str(exc)


def _single_selection(table: QTableWidget) -> None:
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)


class _ListeningDialog(QDialog):
    """A dialog that reloads when a mutation concerning it is announced, and
    stops listening once it is closed."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner):
        super().__init__(parent)
        fit_on_show(self)  # never taller than the screen (kit/fit.py)
        self.runner = runner
        runner.changed.connect(self._on_changes)

    def concerns(self, changes: Changes) -> bool:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def _on_changes(self, changes: Changes) -> None:
        if self.concerns(changes):
            self.reload()

    def done(self, result: int) -> None:
        try:
            self.runner.changed.disconnect(self._on_changes)
        except (RuntimeError, TypeError):
            pass
        super().done(result)

    @classmethod
    def show_modal(cls, parent: QWidget | None, runner: TaskRunner, *args) -> None:
        dialog = cls(parent, runner, *args)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()


# -- a new plot ----------------------------------------------------------------------------


class PlotFormDialog(FormDialog):
    """«Agregar parcela»: crop, name, hectares, estimated yield and certification;
    the estimate (hectares × yield, to the gram as the core rounds it) is shown
    while it is typed."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, member: MemberRow, plot: PlotRow | None = None):
        super().__init__(parent, runner, (_("Corregir parcela de %(name)s") if plot else
                                          _("Nueva parcela de %(name)s")) % {"name": member.sort_name},
                         save_text=_("Guardar") if plot else _("Agregar parcela"))
        self.member = member
        self.plot = plot
        intro = QLabel(_("Socio: %(code)s · %(name)s") % {"code": member.code, "name": member.sort_name})
        intro.setTextFormat(Qt.TextFormat.PlainText)  # names are the user's text
        self.form.addRow(intro)
        self.crop = self.add_field("crop", _("Cultivo:"), choice_combo(
            [(crop.value, label(crop)) for crop in Crop], _("Elija…")))
        self.name = QLineEdit()
        self.name.setMaxLength(limits.DESCRIPTION)
        self.name.setPlaceholderText(_("Nombre o ubicación (opcional), por ejemplo: La Loma"))
        self.add_field("name", _("Parcela:"), self.name)
        self.hectares = self.add_field("hectares", _("Superficie:"), number_edit("0.00"), beside=QLabel(_("ha")))
        self.yield_ = self.add_field("yield_kg_per_ha", _("Rendimiento estimado:"), number_edit("0"),
                                     beside=QLabel(_("kg por hectárea")))
        self.certification = self.add_field("certification", _("Certificación:"), choice_combo(
            [("", plot_certification(None, member.certification))]
            + [(c.value, label(c)) for c in Certification]))
        self.certification.setCurrentIndex(0)
        self.estimate = QLabel()
        self.estimate.setStyleSheet("font-weight: bold;")
        self.form.addRow(_("Estimado:"), self.estimate)
        self.form.addRow(_note(_("Una parcela convencional o en transición no cuenta para el estimado orgánico "
                                 "del socio.")))
        for edit in (self.hectares, self.yield_):
            edit.textChanged.connect(self._recompute)
        if plot is not None:
            select_value(self.crop, plot.crop)
            self.name.setText(plot.name)
            self.hectares.setText(f"{plot.hectares:f}")
            self.yield_.setText(f"{plot.yield_kg_per_ha.normalize():f}")
            select_value(self.certification, plot.certification or "")
        self.setMinimumWidth(560)
        self._recompute()

    def _plot(self) -> tuple[PlotInput, list[Problem]]:
        parser = NumberParser()
        hectares = parser.decimal("hectares", self.hectares)
        yield_ = parser.decimal("yield_kg_per_ha", self.yield_)
        data = PlotInput(combo_value(self.crop), hectares, yield_, self.name.text().strip(),
                         combo_value(self.certification) or None)
        return data, parser.problems

    def _recompute(self) -> None:
        data, problems = self._plot()
        figures = {"hectares", "yield_kg_per_ha"}
        if problems or any(p.field in figures for p in check_plot(data)):
            self.estimate.setText(_("Escriba la superficie y el rendimiento para ver el estimado."))
            self.estimate.setStyleSheet(NOTE_STYLE)
            return
        # exactly as the core computes a plot's estimate (hundredths of ha × grams per ha)
        kg = estimate_from_units(int(data.hectares * 100) * int(data.yield_kg_per_ha * 1000))
        self.estimate.setStyleSheet("font-weight: bold;")
        self.estimate.setText(_("%(hectares)s ha × %(yield)s kg/ha = %(kg)s") % {
            "hectares": format_hectares(data.hectares), "yield": format_yield(data.yield_kg_per_ha),
            "kg": format_kg(kg)})

    def prepare(self):
        data, problems = self._plot()
        read = {p.field for p in problems}
        problems = problems + [p for p in check_plot(data) if p.field not in read]
        if problems:  # every field's problem at once, before anything goes to the book
            raise InvalidInput(problems)
        code, plot = self.member.code, self.plot
        if plot is not None:
            return lambda book: book.plots.edit_plot(plot.id, data)
        return lambda book: book.plots.add_plot(code, data)


# -- a member's plots ------------------------------------------------------------------------


MAPPING_PATTERNS = "*.geojson *.json *.kml *.kmz *.gpx *.csv *.xlsx"


def choose_location_file(parent: QWidget | None) -> str | None:
    """Ask for the field-mapping file (replaced in tests)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Elegir el archivo del aplicativo de mapeo"), "",
        _("Archivos de mapeo (%(patterns)s)") % {"patterns": MAPPING_PATTERNS} + ";;" + _("Todos los archivos (*)"))
    return path or None


def location_text(p: PlotRow) -> str:
    """Where the plot is (docs/traceability.md): not mapped, a point, or a polygon and its measured area."""
    if p.geometry_kind == "Polygon" and p.area_m2 is not None:
        return _("Polígono, %(ha)s ha medidas") % {"ha": format_hectares(Decimal(p.area_m2).scaleb(-4))}
    if p.geometry_kind == "Point":
        return _("Punto")
    return _("Sin ubicar")


def plot_rows(plots: Sequence[PlotRow], member_certification: str) -> list[tuple[str, ...]]:
    return [(label(p.crop), p.name or "—", format_hectares(p.hectares), format_yield(p.yield_kg_per_ha),
             plot_certification(p.certification, member_certification), format_kg(p.estimate_kg), location_text(p))
            for p in plots]


def organic_totals(plots: Sequence[PlotRow]) -> list[tuple[str, Decimal]]:
    """The member's organic estimate of each crop with plots, as the core computes it."""
    inputs = [PlotInput(p.crop, p.hectares, p.yield_kg_per_ha, certification=p.certification) for p in plots]
    return [(crop, organic_estimate(inputs, crop)) for crop in Crop if any(p.crop == crop for p in plots)]


class PlotsDialog(_ListeningDialog):
    """«Parcelas del socio»: ``PlotsDialog.show_modal(parent, runner, member)``."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, member: MemberRow):
        super().__init__(parent, runner)
        self.member = member
        self.plots: list[PlotRow] = []
        self.loaded = False
        self._added = False  # select the new plot once the list is back
        self.setWindowTitle(_("Parcelas de %(name)s") % {"name": member.sort_name})
        title = QLabel(_("Socio: %(code)s · %(name)s") % {"code": member.code, "name": member.sort_name})
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        certification = _note((_("Certificación del socio: %(certification)s.")
                               if member.certification == Certification.ORGANIC else
                               _("Certificación del socio: %(certification)s. Sus entregas se registran con esa "
                                 "certificación y no se comparan con el estimado orgánico, salvo un ticket "
                                 "registrado como orgánico.")) % {"certification": label(member.certification)}, "")
        self.table = static_table([_("Cultivo"), _("Parcela"), _("Hectáreas"), _("Rendimiento (kg/ha)"),
                                   _("Certificación"), _("Estimado"), _("Ubicación")], [], right_from=2)
        _single_selection(self.table)
        self.empty = _note(_("Cargando…"), EMPTY_STYLE)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        note = _note(_("El estimado de cada parcela es hectáreas × rendimiento. Las entregas orgánicas del socio en "
                       "la campaña se comparan con el estimado orgánico de cada cultivo; al pasarlo, la recepción "
                       "advierte."))
        self.add_button = QPushButton(_("Agregar parcela…"))
        self.add_button.setAutoDefault(False)
        self.add_button.setEnabled(False)  # until the plots are here
        self.add_button.clicked.connect(self.add_plot)
        self.edit_button = QPushButton(_("Corregir…"))
        self.edit_button.setAutoDefault(False)
        self.edit_button.clicked.connect(self.edit_plot)
        self.remove_button = QPushButton(_("Quitar…"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(_("Quita una parcela registrada por error (no una que es origen de entregas)"))
        self.remove_button.clicked.connect(self.remove_plot)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()
        self.import_button = QPushButton(_("Importar ubicación…"))
        self.import_button.setToolTip(_("La ubicación de las parcelas desde un archivo GeoJSON, KML, KMZ, GPX o CSV "
                                        "de un aplicativo de mapeo: cada parcela del archivo con el nombre de una "
                                        "parcela del socio le da su ubicación."))
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self.import_locations)
        self.last_import: PlotImport | None = None
        buttons = QDialogButtonBox()
        close = buttons.addButton(_("Cerrar"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(certification)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.totals)
        layout.addWidget(note)
        layout.addLayout(row)
        self.table.hide()
        self.resize(980, 420)
        self.reload()

    def concerns(self, changes: Changes) -> bool:
        return self.member.id in changes.members or changes.reference

    def reload(self) -> None:
        code = self.member.code
        self.runner.run(lambda book: book.plots.plots(code), self._show, self._failed, owner=self)

    def _show(self, plots: list[PlotRow]) -> None:
        self.plots, self.loaded = list(plots), True
        self.add_button.setEnabled(True)
        fill_table(self.table, plot_rows(self.plots, self.member.certification), right_from=2)
        for i in range(len(self.plots)):
            self.table.item(i, 4).setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.horizontalHeaderItem(4).setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for i in range(len(self.plots)):
            self.table.item(i, 6).setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.horizontalHeaderItem(6).setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setVisible(bool(self.plots))
        self.empty.setVisible(not self.plots)
        if not self.plots:
            organic = self.member.certification == Certification.ORGANIC
            self.empty.setText((_("%(name)s todavía no tiene parcelas registradas: su estimado orgánico es 0 kg y "
                                  "la recepción advierte en cada entrega orgánica.") if organic else
                                _("%(name)s todavía no tiene parcelas registradas.")) % {"name": self.member.sort_name})
            self.totals.clear()
            return
        if self._added:  # the plot just added: the newest
            newest = max(range(len(self.plots)), key=lambda i: self.plots[i].id)
            self.table.selectRow(newest)
            self.table.scrollToItem(self.table.item(newest, 0))
        self._added = False
        totals = " · ".join(f"{label(crop)} <b>{format_kg(kg)}</b>" for crop, kg in organic_totals(self.plots))
        self.totals.setText(_("Estimado orgánico por cultivo: %(totals)s") % {"totals": totals})

    def _failed(self, exc: Exception) -> None:
        self.table.hide()
        self.empty.show()
        self.empty.setText(_problems_text(exc))

    def add_plot(self) -> None:
        if PlotFormDialog.ask(self, self.runner, self.member) is not None:
            self._added = True  # the list reloads on the announced change; the new plot is then selected

    def selected(self) -> PlotRow | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.plots[min(rows)] if rows and min(rows) < len(self.plots) else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def edit_plot(self) -> None:
        plot = self.selected()
        if plot is not None:
            PlotFormDialog.ask(self, self.runner, self.member, plot)  # the list reloads on the change

    def remove_plot(self) -> None:
        plot = self.selected()
        if plot is None:
            return
        answer = QMessageBox.question(
            self, _("Quitar parcela"),
            _("¿Quitar la parcela %(name)s (%(hectares)s ha de %(crop)s)? Úselo solo para una parcela registrada por "
              "error.") % {"name": plot.name or "—", "hectares": format_hectares(plot.hectares),
                           "crop": label(plot.crop)})
        if answer == QMessageBox.StandardButton.Yes:
            self.runner.mutate(lambda book: book.plots.remove_plot(plot.id),
                               on_error=lambda exc: QMessageBox.warning(self, _("Quitar parcela"),
                                                                        _problems_text(exc)))

    def import_locations(self) -> None:
        """The member's plots' locations from a field-mapping file, all or nothing (the core checks each plot)."""
        path = choose_location_file(self)
        if not path:
            return
        code, results = self.member.code, []

        def work(book):
            results.append(book.plots.import_file(path, ImportOptions(member_code=code)))
            return results[-1].changes

        self.runner.mutate(work, lambda _changes: self._imported(results[-1]), self._import_failed, owner=self)

    def _imported(self, result: PlotImport) -> None:
        self.last_import = result
        if result.warnings:
            errors.show_problems(self, result.warnings, _("Ubicación importada, con avisos"))

    def _import_failed(self, exc: Exception) -> None:
        if not getattr(exc, "problems", ()):
            raise exc  # not the file's: the unexpected-error dialog
        errors.show_problems(self, exc.problems, _("No se importó la ubicación"))


# -- the organic guard's report ----------------------------------------------------------------


COL_CODE, COL_MEMBER, COL_CROP, COL_ESTIMATE, COL_DELIVERED, COL_EXCESS, COL_PERCENT = range(7)


def report_rows(rows: Sequence[OrganicCheck]) -> list[tuple[str, ...]]:
    return [(r.member_code, r.member_name, label(r.crop), format_kg(r.estimate), format_kg(r.delivered),
             format_kg(r.excess), format_percent(r.percent) if r.percent is not None else _("sin parcelas"))
            for r in rows]


class OrganicReportDialog(_ListeningDialog):
    """«Control orgánico»: ``OrganicReportDialog.show_modal(parent, runner)``."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner):
        super().__init__(parent, runner)
        self.rows: list[OrganicCheck] = []
        self.campaign: CampaignRow | None = None
        self.loaded = False
        self.setWindowTitle(_("Control orgánico: socios sobre su estimado"))
        heading = QLabel(_("Socios que superan su estimado orgánico"))
        heading.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.campaign_label = QLabel(_("Cargando…"))
        self.campaign_label.setStyleSheet("font-weight: bold;")
        intro = _note(_("Entregas registradas como orgánicas (sin las anuladas) comparadas con el estimado de cosecha "
                        "de las parcelas del socio: hectáreas × rendimiento, por cultivo."))
        self.table = static_table([_("Código"), _("Socio"), _("Cultivo"), _("Estimado"), _("Entregado orgánico"),
                                   _("Exceso"), _("% del estimado")], [], right_from=3)
        _single_selection(self.table)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.show_plots())
        self.empty = _note("", EMPTY_STYLE)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.no_plots_note = _note(_("«sin parcelas»: el socio entregó como orgánico un cultivo del que no tiene "
                                     "parcelas registradas; su estimado es 0 kg."))
        self.plots_button = QPushButton(_("Parcelas del socio…"))
        self.plots_button.setAutoDefault(False)
        self.plots_button.setEnabled(False)
        self.plots_button.clicked.connect(self.show_plots)
        buttons = QDialogButtonBox()
        close = buttons.addButton(_("Cerrar"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.plots_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.campaign_label)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.no_plots_note)
        layout.addLayout(row)
        self.table.hide()
        self.no_plots_note.hide()
        self.resize(980, 480)
        self.reload()

    def concerns(self, changes: Changes) -> bool:
        return bool(changes.members or changes.deliveries) or changes.reference

    def reload(self) -> None:
        self.runner.run(lambda book: (book.campaigns.get(None), book.plots.over_estimate(None)), self._show,
                        self._failed, owner=self)

    def _show(self, result: tuple[CampaignRow, list[OrganicCheck]]) -> None:
        self.campaign, rows = result
        self.rows, self.loaded = list(rows), True
        campaign = self.campaign
        self.campaign_label.setText(campaign_period(campaign))
        self.campaign_label.setToolTip(campaign.name)
        fill_table(self.table, report_rows(self.rows), right_from=3)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_MEMBER, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_CROP, QHeaderView.ResizeMode.ResizeToContents)
        for i in range(len(self.rows)):
            item = self.table.item(i, COL_EXCESS)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.table.setVisible(bool(self.rows))
        self.empty.setVisible(not self.rows)
        self.no_plots_note.setVisible(any(r.percent is None for r in self.rows))
        if not self.rows:
            self.empty.setText(_("Ningún socio supera su estimado orgánico en esta campaña: lo entregado como "
                                 "orgánico está dentro de lo que sus parcelas pueden producir."))
            self.summary.clear()
            self.summary.hide()
        else:
            n = len({r.member_code for r in self.rows})
            self.summary.setText(ngettext("%(n)s socio supera su estimado orgánico en esta campaña.",
                                          "%(n)s socios superan su estimado orgánico en esta campaña.", n)
                                 % {"n": format_number(n)})
            self.summary.show()
        self._selection_changed()

    def _failed(self, exc: Exception) -> None:
        self.campaign_label.clear()
        self.table.hide()
        self.summary.hide()
        self.no_plots_note.hide()
        self.empty.show()
        self.empty.setText(_problems_text(exc))
        self._selection_changed()

    def selected(self) -> OrganicCheck | None:
        rows = self.table.selectionModel().selectedRows()
        index = rows[0].row() if rows else -1
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _selection_changed(self) -> None:
        self.plots_button.setEnabled(self.selected() is not None)

    def show_plots(self) -> None:
        """The selected member's plots: where the missing plot is added once the ICS checks it."""
        check = self.selected()
        if check is None:
            return
        code = check.member_code
        runner = self.runner

        def found(member: MemberRow) -> None:  # opened once the task is over, not inside its callback
            QTimer.singleShot(0, self, lambda: PlotsDialog.show_modal(self, runner, member))

        runner.run(lambda book: book.members.get(code), found, owner=self)


def open_organic_report(parent: QWidget | None, runner: TaskRunner) -> None:
    OrganicReportDialog.show_modal(parent, runner)

"""Contabilidad → «Activos fijos»: the register of fixed assets (code, account, rate, cost,
accumulated depreciation, net value, state), the selected asset's depreciation month by
month, and the actions: «Nuevo activo…», «Registrar depreciación» of a month that has
ended, «Dar de baja…», «Imprimir registro…». Everything runs on the worker: the window
never freezes (docs/fixed_assets.md)."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from coopdesk.core import Changes
from coopdesk.core.fixed_assets import STATUSES, AssetRow, AssetSchedule, MonthDepreciation
from coopdesk.domain import fixed_assets as F
from coopdesk.gui.kit import printing
from coopdesk.gui.kit.errors import show_problems
from coopdesk.gui.kit.flow_layout import FlowLayout
from coopdesk.gui.kit.rows import LOADED_ORDER, RowsModel, SortableColumn, sorted_table
from coopdesk.gui.kit.table_models import CENTER, RIGHT
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import choice_combo, combo_value
from coopdesk.gui.ledger.asset_dialogs import AssetDialog, RetireDialog, month_choices
from coopdesk.gui.ledger.ledger_dialogs import money
from coopdesk.gui.ledger.ledger_sheets import MONEY_SAMPLE, heading, hint, show_status, status_label
from coopdesk.i18n import _, ngettext
from coopdesk.i18n.formatting import format_date, format_number


def percent(value: Decimal) -> str:
    return format_number(value.normalize() if value == value.to_integral() else value) + " %"


def asset_columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("Código"), lambda a: a.code, sample="AF-0000", key=lambda a: a.code),
        SortableColumn(_("Descripción"), lambda a: a.description, sample="Computadora Lenovo ThinkCentre",
                       key=lambda a: a.description.lower()),
        SortableColumn(_("Cuenta"), lambda a: a.account, align=CENTER, sample="33610", key=lambda a: a.account),
        SortableColumn(_("Tasa"), lambda a: percent(a.percent), align=RIGHT, sample="25 %", key=lambda a: a.percent),
        SortableColumn(_("Adquisición"), lambda a: format_date(a.acquired_on), align=CENTER, sample="00/00/0000",
                       key=lambda a: a.acquired_on),
        SortableColumn(_("Costo"), lambda a: money(a.cost), align=RIGHT, sample=MONEY_SAMPLE, key=lambda a: a.cost),
        SortableColumn(_("Dep. acumulada"), lambda a: money(a.accumulated), align=RIGHT, sample=MONEY_SAMPLE,
                       key=lambda a: a.accumulated),
        SortableColumn(_("Valor neto"), lambda a: money(a.book_value), align=RIGHT, sample=MONEY_SAMPLE,
                       key=lambda a: a.book_value),
        SortableColumn(_("Estado"), lambda a: _(a.status), sample="depreciado", key=lambda a: a.status),
    ]


def schedule_columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("Mes"), lambda r: f"{r.month:02d}/{r.year}", align=CENTER, sample="00/0000",
                       key=LOADED_ORDER),
        SortableColumn(_("Tasa"), lambda r: percent(r.percent), align=RIGHT, sample="25 %", key=LOADED_ORDER),
        SortableColumn(_("Depreciación"), lambda r: money(r.amount), align=RIGHT, sample=MONEY_SAMPLE,
                       key=LOADED_ORDER),
        SortableColumn(_("Acumulada"), lambda r: money(r.accumulated), align=RIGHT, sample=MONEY_SAMPLE,
                       key=LOADED_ORDER),
        SortableColumn(_("Valor neto"), lambda r: money(r.book_value), align=RIGHT, sample=MONEY_SAMPLE,
                       key=LOADED_ORDER),
        SortableColumn(_("Asiento"), lambda r: r.entry or _("por registrar"), sample="2026-000000",
                       key=LOADED_ORDER),
    ]


def assets_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or tempfile.gettempdir()) / "coopdesk" / _("Activos fijos")


class AssetsTab(QWidget):
    status_message = Signal(str)  # for the main window's status bar (forwarded to the parent's)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.last_posted: MonthDepreciation | None = None
        forward = getattr(parent, "status_message", None)
        if forward is not None:
            self.status_message.connect(forward)
        self.new_button = QPushButton(_("Nuevo activo…"))
        self.new_button.clicked.connect(self.new_asset)
        self.month = choice_combo(month_choices(runner.today()))
        self.month.setCurrentIndex(0)
        self.month.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.depreciate_button = QPushButton(_("Registrar depreciación"))
        self.depreciate_button.setToolTip(_("Un asiento para el mes: debe 681, haber 391; nunca dos veces"))
        self.depreciate_button.clicked.connect(self.depreciate)
        self.retire_button = QPushButton(_("Dar de baja…"))
        self.retire_button.clicked.connect(self.retire)
        self.retire_button.setEnabled(False)
        self.print_button = QPushButton(_("Imprimir registro…"))
        self.print_button.clicked.connect(self.print_register)
        tools = FlowLayout()
        tools.addWidget(self.new_button)
        month_label = QLabel(_("Mes:"))
        month_label.setBuddy(self.month)
        for widget in (month_label, self.month, self.depreciate_button, self.retire_button, self.print_button):
            tools.addWidget(widget)
        columns = asset_columns()
        self.model = RowsModel(columns, parent=self)
        self.table = sorted_table(self.model, columns, stretch=1, title=_("Activos fijos"))
        self.table.setSortingEnabled(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.schedule_title = heading()
        schedule = schedule_columns()
        self.schedule_model = RowsModel(schedule, parent=self)
        self.schedule_table = sorted_table(self.schedule_model, schedule, stretch=5,
                                           title=_("Cuadro de depreciación"))
        self.status = status_label()
        self.total = QLabel()
        column = QVBoxLayout(self)
        column.addLayout(tools)
        column.addWidget(hint(_("Depreciación en línea recta a la tasa máxima anual de SUNAT (Reglamento de la Ley "
                                "del Impuesto a la Renta, art. 22): costo × tasa / 12 al mes, redondeado hacia "
                                "abajo; el último mes toma el saldo.")))
        column.addWidget(self.table, 3)
        column.addWidget(self.total)
        column.addWidget(self.schedule_title)
        column.addWidget(self.schedule_table, 2)
        column.addWidget(self.status)
        self.rows: list[AssetRow] = []
        runner.changed.connect(lambda _changes: self.load() if self.isVisible() else None)

    # -- loading ---------------------------------------------------------------------------------

    def load(self) -> None:
        self.runner.run(lambda book: book.assets.list(), self._loaded, owner=self)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.load()

    def _loaded(self, rows: list[AssetRow]) -> None:
        selected = self.selected()
        self.rows = rows
        self.model.set_rows(rows)
        standing = [a for a in rows if a.retired_on is None]
        self.total.setText(ngettext("%(n)s activo en uso: costo %(cost)s, depreciación acumulada %(acc)s, valor neto "
                                    "%(net)s.", "%(n)s activos en uso: costo %(cost)s, depreciación acumulada "
                                    "%(acc)s, valor neto %(net)s.", len(standing)) % {
            "n": format_number(len(standing)), "cost": money(sum((a.cost for a in standing), Decimal(0))),
            "acc": money(sum((a.accumulated for a in standing), Decimal(0))),
            "net": money(sum((a.book_value for a in standing), Decimal(0)))})
        if selected is not None:
            row = self.model.row_of(lambda a: a.id == selected.id)
            if row is not None:
                self.table.selectRow(row)
        self._selected()

    def selected(self) -> AssetRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def _selected(self) -> None:
        asset = self.selected()
        self.retire_button.setEnabled(asset is not None and asset.retired_on is None)
        if asset is None:
            self.schedule_title.setText(_("Elija un activo para ver su depreciación mes a mes."))
            self.schedule_model.set_rows([])
            return
        asset_id = asset.id
        self.runner.run(lambda book: book.assets.schedule(asset_id), self._schedule_loaded, owner=self)

    def _schedule_loaded(self, schedule: AssetSchedule) -> None:
        asset = self.selected()
        if asset is None or asset.id != schedule.asset.id:
            return
        self.schedule_title.setText(_("%(code)s %(description)s: %(category)s, %(quota)s al mes") % {
            "code": asset.code, "description": asset.description, "category": _(F.CATEGORY_NAMES[asset.category]),
            "quota": money(asset.quota)})
        self.schedule_model.set_rows(list(schedule.rows))

    # -- actions ---------------------------------------------------------------------------------

    def new_asset(self) -> None:
        AssetDialog.ask(self, self.runner)

    def retire(self) -> None:
        asset = self.selected()
        if asset is not None:
            RetireDialog.ask(self, self.runner, asset)

    def depreciate(self) -> None:
        period = combo_value(self.month)
        if not period:
            return
        year, month = (int(p) for p in period.split("-"))
        self.depreciate_button.setEnabled(False)
        done: list[MonthDepreciation] = []

        def work(book) -> Changes:
            done.append(book.assets.depreciate(year, month))
            return Changes()

        def posted(_changes: Changes) -> None:
            self.last_posted = done[0]
            show_status(self.status, _("Se registró la depreciación de %(period)s: %(total)s.") % {
                "period": period, "total": money(done[0].total)}, True)

        def refused(exc: Exception) -> None:
            problems = list(getattr(exc, "problems", ()))
            if problems:
                from coopdesk.i18n import describe
                show_status(self.status, " ".join(describe(p) for p in problems), False)
                show_problems(self, problems)

        self.runner.mutate(work, posted, refused, owner=self)
        self.runner.run(lambda _book: None, after=lambda: self.depreciate_button.setEnabled(True), owner=self)

    def print_register(self) -> None:
        folder = assets_folder()

        def work(book) -> str:
            from coopdesk.reports.fixed_assets_pdf import register_filename, render_asset_register
            folder.mkdir(parents=True, exist_ok=True)
            today, cooperative = book.clock.today(), book.cooperative
            path = folder / register_filename(today)
            render_asset_register(book.assets.list(), {c: _(n) for c, n in F.CATEGORY_NAMES.items()},
                                  {s: _(s) for s in STATUSES},
                                  cooperative.name, cooperative.ruc, today, path)
            return str(path)

        def done(path: str) -> None:
            self.status_message.emit(_("PDF guardado en %(path)s") % {"path": path})
            printing.show_pdf(path, self)

        self.runner.run(work, done, label=_("Preparando el registro de activos fijos…"), owner=self)

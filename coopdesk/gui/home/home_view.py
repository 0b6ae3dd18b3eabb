"""«Inicio»: where the season stands, the screen the app opens on (issue 14, item 1).

Every figure comes from one core call, ``book.season.overview()`` (coopdesk.core.season),
made on the worker; this screen only lays the figures out: the kilos delivered by
product and month (a matplotlib chart, ``kilos_chart.KilosChart``), the prices paid
in the latest month with deliveries, Caja and the banks, what members owe, the
distribution's state, what is pending (each a button that takes the treasurer where
it is done), the last backup and the audit trail's head.

The figures are laid out and painted first; the chart says «Cargando gráfico…» until
matplotlib, imported on a thread of its own once they are painted, has drawn it there
(kilos_chart.py): the start-up stays as lazy as it was made (benchmarks/bench_startup.py),
and the first showing of Inicio does not wait for matplotlib (benchmarks/bench_home.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes
from coopdesk.core import season as S
from coopdesk.core.season import SeasonOverview, Task
from coopdesk.domain.catalog import RunStatus
from coopdesk.gui.home.kilos_chart import KilosChart
from coopdesk.gui.kit.screen import Screen
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _, label, ngettext
from coopdesk.i18n.formatting import (
    format_date, format_date_long, format_kg, format_money, format_month, format_number,
)

HINT_STYLE = "color: #4a4a4a;"


def _label(text: str = "", *, right: bool = False, bold: bool = False, hint: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if right:
        widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    style = ("font-weight: bold;" if bold else "") + (HINT_STYLE if hint else "")
    if style:
        widget.setStyleSheet(style)
    return widget


def _clear(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())


def task_text(task: Task) -> tuple[str, str]:
    """What a pending task asks, in words: its button's text, and a line that says why."""
    number = {"number": task.run}
    if task.kind == S.ADD_MEMBERS:
        return _("Importar los socios"), _("Aún no hay socios: importe su hoja de Excel o CSV, o regístrelos en "
                                           "«Socios».")
    if task.kind == S.SET_PRICES:
        return _("Fijar los precios de adelanto"), _("Aún no hay precios para las entregas.")
    if task.kind == S.APPROVE:
        return _("Aprobar la distribución N.º %(number)s") % number, _("Está en borrador.")
    if task.kind == S.PUBLISH:
        return _("Publicar la distribución N.º %(number)s") % number, _("Está aprobada y aún no se publica.")
    if task.kind == S.PAY:
        return (_("Pagar la distribución N.º %(number)s") % number,
                ngettext("Falta pagar a %(n)s socio.", "Falta pagar a %(n)s socios.", task.count)
                % {"n": format_number(task.count)})
    if task.kind == S.CLOSE_MONTH:
        return (_("Cerrar el periodo de %(month)s") % {"month": format_month(task.year, task.month)},
                ngettext("Es el único mes terminado sin cerrar.", "%(n)s meses terminados siguen abiertos.",
                         task.count) % {"n": task.count})
    if task.kind == S.BACKUP:
        return _("Hacer un respaldo"), (
            _("Aún no hay ninguno.") if task.count is None else
            ngettext("El último es de hace %(n)s día.", "El último es de hace %(n)s días.", task.count)
            % {"n": task.count})
    if task.kind == S.WITHHOLDING:
        return (_("Reporte de retenciones de %(month)s") % {"month": format_month(task.year, task.month)},
                _("Para la declaración del mes (PDF)."))
    if task.kind == S.BULLETIN:
        return (_("Imprimir el boletín de %(month)s") % {"month": format_month(task.year, task.month)},
                _("Para los socios: en papel o como imagen por WhatsApp."))
    return task.kind, ""


def run_state_text(run) -> str:
    """The distribution's state in a few words: borrador, aprobada, publicada (pagados X de Y)."""
    if run is None:
        return _("Aún no hay una distribución de esta campaña.")
    if run.status == RunStatus.DRAFT:
        return _("Borrador, por aprobar")
    if run.status == RunStatus.APPROVED:
        return _("Aprobada, por publicar")
    if run.status == RunStatus.PUBLISHED:
        return ngettext("Publicada; pagados %(paid)s de %(to_pay)s socio",
                        "Publicada; pagados %(paid)s de %(to_pay)s socios", run.to_pay) % {
            "paid": format_number(run.paid_members), "to_pay": format_number(run.to_pay)}
    return label(run.status)


class HomeView(Screen):
    status_message = Signal(str)  # for the main window's status bar

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.overview: SeasonOverview | None = None
        self.chart = KilosChart()  # «Cargando gráfico…» until matplotlib has drawn it on its own thread

        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.subtitle = _label(hint=True)

        self.chart_box = QGroupBox(_("Kilos entregados por mes (kg)"))
        self.chart_layout = QVBoxLayout(self.chart_box)
        self.kilos_total = _label(hint=True)
        self.chart_layout.addWidget(self.chart, 1)
        self.chart_layout.addWidget(self.kilos_total)
        self.prices_box = QGroupBox(_("Precios pagados"))
        self.prices_grid = QGridLayout(self.prices_box)
        self.money_box = QGroupBox(_("Caja y bancos"))
        self.money_grid = QGridLayout(self.money_box)
        self.owed_box = QGroupBox(_("Lo que deben los socios"))
        self.owed_grid = QGridLayout(self.owed_box)
        self.run_box = QGroupBox(_("Distribución"))
        self.run_grid = QGridLayout(self.run_box)
        self.tasks_box = QGroupBox(_("Pendientes"))
        self.tasks_grid = QGridLayout(self.tasks_box)
        self.records_box = QGroupBox(_("Respaldo y registro de cambios"))
        records = QVBoxLayout(self.records_box)
        self.backup_label = _label()
        self.head_label = _label()
        self.head_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        records.addWidget(self.backup_label)
        records.addWidget(self.head_label)
        self.task_buttons: dict[str, QPushButton] = {}
        self.task_notes: dict[str, QLabel] = {}
        self.figures: dict[str, QLabel] = {}  # every figure shown, by a stable key (tests read them)

        left = QVBoxLayout()
        left.addWidget(self.chart_box, 3)
        left.addWidget(self.prices_box)
        left.addWidget(self.records_box)
        right = QVBoxLayout()
        for box in (self.tasks_box, self.money_box, self.owed_box, self.run_box):
            right.addWidget(box)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.subtitle, 1)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        runner.changed.connect(self.on_changes)
        runner.book_opened.connect(lambda _book: self.on_changes(Changes(reference=True)))

    # -- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        self._stale = False
        self.runner.run(lambda book: book.season.overview(), self.show_overview, owner=self)

    def on_changes(self, _changes: Changes) -> None:
        self.when_visible(self.reload)  # every change may move a figure of the season

    def show_overview(self, overview: SeasonOverview) -> None:
        self.overview = overview
        self.figures = {}
        campaign = overview.campaign
        self.title.setText(campaign.name if campaign is not None else _("Sin campaña registrada"))
        self.subtitle.setText(_("Cifras al %(date)s") % {"date": format_date_long(overview.today)})
        self._show_prices(overview)
        self._show_money(overview)
        self._show_owed(overview)
        self._show_run(overview)
        self._show_tasks(overview)
        self._show_records(overview)
        self._show_kilos(overview)

    def _row(self, grid: QGridLayout, row: int, key: str, name: str, value: str, *, bold: bool = False,
             note: str = "", tip: str = "") -> None:
        name_label = _label(name, bold=bold)
        if tip:
            name_label.setToolTip(tip)
        value_label = _label(value, right=True, bold=bold)
        grid.addWidget(name_label, row, 0)
        grid.addWidget(value_label, row, 1)
        if note:
            grid.addWidget(_label(note, right=True, hint=True), row, 2)
        self.figures[key] = value_label

    def _show_kilos(self, overview: SeasonOverview) -> None:
        campaign, today = overview.campaign, overview.today
        if campaign is not None:
            end = min(today, campaign.end_date)
            self.chart.show_kilos(overview.kilos, (campaign.start_date.year, campaign.start_date.month),
                                  (end.year, end.month))
        else:
            self.chart.show_kilos(overview.kilos)
        self.kilos_total.setText(_("En la campaña: %(kg)s en %(n)s entregas") % {
            "kg": format_kg(overview.net_kg), "n": format_number(sum(k.tickets for k in overview.kilos))})
        self.figures["kilos.total"] = self.kilos_total

    def _show_prices(self, overview: SeasonOverview) -> None:
        _clear(self.prices_grid)
        if overview.prices_month is None:
            self.prices_box.setTitle(_("Precios pagados"))
            self.prices_grid.addWidget(_label(_("Aún no hay entregas en esta campaña."), hint=True), 0, 0)
            return
        year, month = overview.prices_month
        this_month = (year, month) == (overview.today.year, overview.today.month)
        self.prices_box.setTitle(_("Precios pagados en %(month)s") % {"month": format_month(year, month)}
                                 + ("" if this_month else " " + _("(último mes con entregas)")))
        for column, text in enumerate((_("Producto"), _("Kilos pagados"), _("Promedio por kg"))):
            self.prices_grid.addWidget(_label(text, right=column > 0, hint=True), 0, column)
        for row, price in enumerate(sorted(overview.prices, key=lambda p: p.name), 1):
            self.prices_grid.addWidget(_label(price.name), row, 0)
            kg = _label(format_kg(price.paid_kg), right=True)
            per_kg = _label(format_money(price.per_kg), right=True, bold=True)
            per_kg.setToolTip(_("%(amount)s pagados por %(kg)s en %(n)s entregas") % {
                "amount": format_money(price.amount), "kg": format_kg(price.paid_kg),
                "n": format_number(price.tickets)})
            self.prices_grid.addWidget(kg, row, 1)
            self.prices_grid.addWidget(per_kg, row, 2)
            self.figures[f"price.{price.product}.kg"] = kg
            self.figures[f"price.{price.product}.per_kg"] = per_kg
        self.prices_grid.setColumnStretch(0, 1)

    def _show_money(self, overview: SeasonOverview) -> None:
        _clear(self.money_grid)
        if not overview.money:
            self.money_grid.addWidget(_label(_("Caja y bancos aún no tienen movimientos."), hint=True), 0, 0)
            return
        for row, account in enumerate(overview.money):
            self._row(self.money_grid, row, f"money.{account.code}", account.name, format_money(account.balance),
                      tip=_("Cuenta %(code)s") % {"code": account.code})
        self._row(self.money_grid, len(overview.money), "money.total", _("Total"),
                  format_money(overview.money_total), bold=True)
        self.money_grid.setColumnStretch(0, 1)

    def _show_owed(self, overview: SeasonOverview) -> None:

        _clear(self.owed_grid)
        row = 0
        for owed in overview.owed:
            if owed.concept == S.Concept.SHARES.value and not owed.amount:
                continue  # aportaciones only when some are owed
            self._row(self.owed_grid, row, f"owed.{owed.concept}", label(owed.concept),
                      format_money(owed.amount),
                      note=ngettext("%(n)s socio", "%(n)s socios", owed.members) % {"n": format_number(owed.members)}
                      if owed.members else "",
                      tip=_("Con los intereses ya vencidos") if owed.concept == S.Concept.LOANS.value else "")
            row += 1
        self._row(self.owed_grid, row, "owed.total", _("Total"), format_money(overview.owed_total), bold=True)
        self.owed_grid.setColumnStretch(0, 1)

    def _show_run(self, overview: SeasonOverview) -> None:
        _clear(self.run_grid)
        run = overview.run
        if run is None:
            state = _label(run_state_text(run), hint=True)
            self.run_grid.addWidget(state, 0, 0)
            self.figures["run.state"] = state
            return
        title = _label(_("N.º %(number)s «%(name)s»") % {"number": run.number, "name": run.name}, bold=True)
        title.setToolTip(title.text())
        title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # a long name never widens
        self.run_grid.addWidget(title, 0, 0, 1, 2)
        self._row(self.run_grid, 1, "run.state", _("Estado"), run_state_text(run))
        self._row(self.run_grid, 2, "run.amount", _("Monto a distribuir"), format_money(run.amount))
        self._row(self.run_grid, 3, "run.net", _("Neto a pagar a los socios"), format_money(run.net_total))
        self.run_grid.setColumnStretch(0, 1)

    def _show_tasks(self, overview: SeasonOverview) -> None:
        _clear(self.tasks_grid)
        self.task_buttons = {}
        self.task_notes = {}
        for row, task in enumerate(overview.tasks):
            text, why = task_text(task)
            button = QPushButton(text)
            button.setStyleSheet("text-align: left; padding: 4px 8px;")
            button.clicked.connect(lambda _checked=False, task=task: self.do(task))
            note = _label(why, hint=True)
            note.setContentsMargins(8, 0, 0, 6)
            self.tasks_grid.addWidget(button, 2 * row, 0)
            self.tasks_grid.addWidget(note, 2 * row + 1, 0)
            self.task_buttons[task.kind] = button
            self.task_notes[task.kind] = note
        self.tasks_grid.setVerticalSpacing(2)
        if not overview.tasks:
            self.tasks_grid.addWidget(_label(_("Nada pendiente."), hint=True), 0, 0)

    def _show_records(self, overview: SeasonOverview) -> None:
        from coopdesk.gui.admin.backups import last_backup_text

        backup = last_backup_text(overview.backup)
        if overview.backup.latest is not None:
            backup += _(" (%(date)s a las %(time)s)") % {"date": format_date(overview.backup.latest.date()),
                                                           "time": f"{overview.backup.latest:%H:%M}"}
        self.backup_label.setText(backup)
        head = overview.head
        self.head_label.setText(
            _("Aún no hay registro de cambios.") if head is None else
            _("Cabeza del registro de cambios:\n%(code)s (%(n)s registros)") % {"code": head.code,
                                                                                "n": format_number(head.records)})
        self.figures["records.backup"] = self.backup_label
        self.figures["records.head"] = self.head_label

    # -- the pending tasks: one click to where each is done --------------------------------

    def _go_to(self, attribute: str) -> QWidget | None:
        window = self.window()
        go_to: Callable[[str], QWidget] | None = getattr(window, "go_to", None)
        return go_to(attribute) if go_to is not None else None

    def do(self, task: Task) -> None:
        if task.kind == S.ADD_MEMBERS:
            from coopdesk.gui.admin.import_dialog import ImportDialog

            dialog = ImportDialog(self, self.runner)
            dialog.set_kind("members")
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()  # Inicio reads its figures again when the members arrive (on_changes)
        elif task.kind == S.SET_PRICES:
            self._go_to("prices")
        elif task.kind in (S.APPROVE, S.PUBLISH, S.PAY):
            view = self._go_to("distribution")
            if view is not None:
                view.select_when_loaded(task.run)
                view.reload()
        elif task.kind == S.CLOSE_MONTH:
            view = self._go_to("ledger")
            if view is not None:
                tabs = view.tabs
                page = next((i for i in range(tabs.count()) if tabs.widget(i).isAncestorOf(view.periods_table)), None)
                if page is not None:
                    tabs.setCurrentIndex(page)
        elif task.kind == S.BACKUP:
            from coopdesk.gui.admin import backups

            window = self.window()
            refresh = getattr(window, "refresh_backup", None)

            def after() -> None:
                if refresh is not None:
                    refresh()
                self.reload()

            backups.backup_now(window, self.runner, after)
        elif task.kind == S.WITHHOLDING:
            print_withholding(self.runner, task.year, task.month)
        elif task.kind == S.BULLETIN:
            from coopdesk.gui.bulletin.bulletin_dialog import BulletinDialog

            self.bulletin_dialog = BulletinDialog.ask(self, self.runner, task.year, task.month)


def withholding_folder() -> Path:
    """Documents/coopdesk/Retenciones, beside the statements."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or tempfile.gettempdir()) / "coopdesk" / _("Retenciones")


def print_withholding(runner: TaskRunner, year: int, month: int):
    """The month's withholding report (Ley 31335) as PDF on the worker, then opened:
    what ``coopdesk withholding report --month … --pdf`` writes."""
    from coopdesk.gui.kit import printing

    folder = withholding_folder()

    def work(book) -> str:
        from coopdesk.reports.withholding_pdf import render_withholding_month  # ReportLab, only to print

        report = book.withholding.month(year, month)
        cooperative = book.cooperative
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"retenciones-{year:04d}-{month:02d}.pdf"
        render_withholding_month(report, cooperative.name, cooperative.ruc, book.clock.today(), str(path))
        return str(path)

    return runner.run(work, lambda path: printing.show_pdf(path),
                      label=_("Preparando el reporte de retenciones de %(month)s…") % {
                          "month": format_month(year, month)})

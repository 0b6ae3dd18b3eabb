"""Distribución: the stored runs, the selected run's figures, and its padrón of
amounts (sortable, filterable, totalled), with the workflow's actions: new,
approve, publish, correct, compare, discard, pay, print.

A run is small enough to hold in memory once loaded (its lines and its stored
result, read on the worker), so sorting and filtering are done here, in Python
over precomputed keys: fast for 50,000 members, and numbers sort as numbers.
"""

from __future__ import annotations

import html
from functools import lru_cache
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes
from coopdesk.core.distributions import LineRow, RunRow, StoredRun
from coopdesk.domain.catalog import RunStatus
from coopdesk.domain.money import ZERO
from coopdesk.domain.text import sort_fold
from coopdesk.gui.kit.flow_layout import FlowLayout
from coopdesk.gui.kit import printing
from coopdesk.gui.distribution.criteria_dialog import CriteriaDialog
from coopdesk.gui.distribution.distribution_dialogs import CHANGED, ApproveDialog, CompareDialog, PaymentDialog, TraceDialog, confirm_discard, confirm_publish, run_title
from coopdesk.gui.kit.rows import (
    LOADED_ORDER, SEARCH_DELAY_MS, RowsModel, SortableColumn, fit_amounts,
    sorted_table,
)
from coopdesk.gui.kit.table_models import CENTER, RIGHT
from coopdesk.gui.kit.screen import Screen
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _, label, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number

MONEY_SAMPLE = "S/ 000,000.00"


def run_columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("N.º"), lambda r: str(r.number), align=CENTER, sample="0000"),
        SortableColumn(_("Nombre"), lambda r: r.name, sample="Distribución de excedentes 2026",
                       tooltip=lambda r: r.name + ("\n" + _("Corrige la N.º %(number)s: %(reason)s") % {
                           "number": r.corrects, "reason": r.reason} if r.corrects else "")),
        SortableColumn(_("Campaña"), lambda r: r.campaign, align=CENTER, sample="Campaña"),
        SortableColumn(_("Estado"), lambda r: label(r.status), sample=_("Reemplazada")),
        SortableColumn(_("Monto a distribuir"), lambda r: format_money(r.amount), align=RIGHT, sample=MONEY_SAMPLE),
        SortableColumn(_("Neto a pagar"), lambda r: format_money(r.net_total), align=RIGHT, sample=MONEY_SAMPLE),
        SortableColumn(_("Pagados"), lambda r: _("%(paid)s de %(members)s") % {
            "paid": format_number(r.paid_members), "members": format_number(r.to_pay)}, align=RIGHT,
            sample="0,000 de 0,000"),
        SortableColumn(_("Código"), lambda r: r.code or "—", align=CENTER,
                       sample="0000-0000-0000-0000"),
    ]


def _money(attribute: str) -> tuple[Callable[[LineRow], str], Callable[[LineRow], Decimal]]:
    return (lambda line: format_money(getattr(line, attribute))), (lambda line: getattr(line, attribute))


RUN_AMOUNTS = {4: "amount", 5: "net_total"}
AMOUNT_COLUMNS = {3: "gross", 4: "capitalised", 5: "retained", 6: "deducted", 7: "net"}


zone_key = lru_cache(maxsize=256)(sort_fold)  # a handful of zones, thousands of members


def line_columns() -> list[SortableColumn]:
    columns = [
        SortableColumn(_("Código"), lambda m: m.member_code, sample="S000000", key=lambda m: m.member_code),
        SortableColumn(_("Socio"), lambda m: m.member_name, sample="Gutiérrez Huillca, Marisol Yolanda",
                       key=LOADED_ORDER,  # the core lists the padrón by surname, as Spanish sorts it
                       tooltip=lambda m: "" if m.eligible else _("No participa: no cumple la elegibilidad")),
        SortableColumn(_("Zona"), lambda m: m.zone, sample="Las Piedras", key=lambda m: zone_key(m.zone)),
    ]
    titles = {"gross": _("Bruto"), "capitalised": _("Capitalizado"), "retained": _("Retenido"),
              "deducted": _("Descuentos"), "net": _("Neto a pagar")}
    for attribute in AMOUNT_COLUMNS.values():
        title = titles[attribute]
        text, key = _money(attribute)
        columns.append(SortableColumn(title, text, align=RIGHT, sample="S/ 0,000.00", key=key))
    columns.append(SortableColumn(_("Pagado el"), lambda m: format_date(m.paid_on) if m.paid_on else "",
                                  align=CENTER, sample="00/00/0000", key=lambda m: m.paid_on or date.min,
                                  tooltip=lambda m: label(m.method) if m.method else ""))
    return columns


class RunHeader(QFrame):
    """The selected run's figures: amount, appropriations, to members, pots, code."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a run's name is the user's text
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.money = QLabel()
        self.pots = QLabel()
        self.code = QLabel()
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.code.setStyleSheet("font-size: 12pt;")
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(28)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.code, 0, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.money, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.pots, 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.state, 1, 2, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(2, 1)
        self.show_message(_("Elija una distribución de la lista, o cree una con «Nueva distribución…»."))

    def show_message(self, text: str) -> None:
        self.title.setText(text)
        for widget in (self.state, self.money, self.pots, self.code):
            widget.clear()

    def show_run(self, stored: StoredRun) -> None:
        run, result = stored.row, stored.result
        self.title.setText(run_title(run))
        rows = [(_("Monto a distribuir"), result.amount, True)]
        if getattr(result, "loss_compensation", ZERO):
            rows.append((_("Compensación de pérdidas"), result.loss_compensation, False))
        rows += [(name, amount, False) for name, amount in result.appropriations]
        rows.append((_("Para los socios"), result.to_members, True))
        self.money.setText(_figures(rows))
        pots = [(_("Fondos"), None, True)] + [(pot.name, pot.amount, False) for pot in result.pots]
        for stream in getattr(result, "streams", ()):  # earmarked amounts: the Fairtrade Premium…
            pots.append((stream.name, stream.amount, True))
            if stream.to_fund:
                pots.append((_("Al fondo %(fund)s") % {"fund": stream.fund}, stream.to_fund, False))
            pots += [(pot.name, pot.amount, False) for pot in stream.pots]
        for text, amount in ((_("Sin repartir"), result.unallocated), (_("Retenido (pago mínimo)"), result.retained),
                             (_("Capitalizado"), getattr(result, "capitalised", ZERO)),
                             (_("Retención de ley"), getattr(result, "withheld", ZERO))):
            if amount:
                pots.append((text, amount, False))
        self.pots.setText(_figures(pots))
        if run.code:
            self.code.setText(_("Código de verificación: <b>%(code)s</b>") % {"code": run.code})
        else:
            self.code.setText(_("Borrador: sin código") if run.status == RunStatus.DRAFT
                              else _("Aprobada: sin código hasta publicarla"))
        lines = [_("Estado: <b>%(status)s</b>") % {"status": label(run.status)}]
        if run.acta_number:
            lines.append(_("Aprobada en asamblea: %(acta)s, %(date)s") % {
                "acta": _escape(run.acta_number), "date": format_date(run.acta_date) if run.acta_date else ""})
            if run.acta_signed_by:
                lines.append(_("Firma el acta: %(name)s") % {"name": _escape(run.acta_signed_by)})
        if run.published_at:
            lines.append(_("Publicada el %(date)s") % {"date": format_date(run.published_at.date())})
        if run.corrects:
            lines.append(_("Corrige la N.º %(number)s: %(reason)s") % {"number": run.corrects,
                                                                        "reason": _escape(run.reason)})
        lines.append(_("Pagados: %(paid)s de %(members)s socios") % {
            "paid": format_number(run.paid_members), "members": format_number(run.to_pay)})
        self.state.setText("<br>".join(lines))


def _escape(text: str) -> str:
    return html.escape(text or "")


def _figures(rows) -> str:
    cells = []
    for name, amount, bold in rows:
        value = format_money(amount) if amount is not None else ""
        if bold:
            name, value = f"<b>{_escape(name)}</b>", f"<b>{value}</b>"
        else:
            name = "&nbsp;&nbsp;" + _escape(name)
        cells.append(f'<tr><td>{name}</td><td align="right" style="padding-left:16px">{value}</td></tr>')
    return '<table cellspacing="0" cellpadding="1">' + "".join(cells) + "</table>"


def distribution_folder(number: int) -> Path:
    """Documents/coopdesk/Distribuciones/Distribución N, beside the estados de cuenta."""
    return printing.statements_folder().parent / _("Distribuciones") / (_("Distribución %(number)s") % {
        "number": number})


class DistributionView(Screen):
    status_message = Signal(str)  # for the main window's status bar

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.stored: StoredRun | None = None  # the selected run, loaded
        self._select_number: int | None = None
        self._generation = 0
        self.liquidations_progress: QProgressDialog | None = None  # while printing

        self.runs_model = RowsModel(run_columns(), parent=self)
        self.runs = sorted_table(self.runs_model, run_columns(), stretch=1, title=_("Distribuciones"))
        self.runs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.runs.selectionModel().selectionChanged.connect(lambda *_: self._run_selected())
        self.new_button = self._button(_("Nueva distribución…"), self.new_run, QKeySequence.StandardKey.New)
        self.approve_button = self._button(_("Aprobar…"), self.approve)
        self.publish_button = self._button(_("Publicar…"), self.publish)
        self.correct_button = self._button(_("Corregir…"), self.correct)
        self.discard_button = self._button(_("Descartar"), self.discard)
        self.compare_button = self._button(_("Comparar…"), self.compare)
        self.changes_button = self._button(_("Ver cambios…"), self.show_changes)
        self.changes_button.setToolTip(_("Qué socios cambian de monto con esta corrección, y por qué"))
        self.summary_button = self._button(_("Resumen para el consejo…"), self.print_summary)
        self.criteria_button = self._button(_("Criterios (PDF)…"), self.print_criteria)
        self.criteria_button.setToolTip(_("Los criterios de esta distribución, para firmarlos y archivarlos con el acta"))
        run_buttons = FlowLayout()  # wraps at 1024 pixels instead of widening the screen
        for button in (self.new_button, self.approve_button, self.publish_button, self.correct_button,
                       self.discard_button, self.compare_button, self.changes_button, self.criteria_button,
                       self.summary_button):
            run_buttons.addWidget(button)

        self.header = RunHeader()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Filtrar por código, nombre o zona…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.filter_now)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.trace_button = self._button(_("Ver cálculo…"), self.show_trace)
        self.trace_button.setToolTip(_("Cómo se calculó cada monto del socio (también doble clic o Enter en su fila)"))
        self.pay_button = self._button(_("Registrar pago…"), self.pay)
        self.batch_button = self._button(_("Pagar en lote…"), self.pay_batch)
        self.batch_button.setToolTip(_("Planilla de pagos para firmar, archivo para el banco y registro de los "
                                       "pagos de muchos socios a la vez"))
        self.undo_batch_button = self._button(_("Deshacer lote…"), self.undo_batch)
        self.undo_batch_button.setToolTip(_("Revierte un lote de pagos registrado por error"))
        self.print_button = self._button(_("Imprimir liquidaciones…"), self.print_liquidations,
                                         QKeySequence.StandardKey.Print)
        line_tools = QHBoxLayout()
        line_tools.addWidget(self.search, 2)
        line_buttons = FlowLayout()  # wraps at 1024 pixels instead of widening the screen
        for button in (self.trace_button, self.pay_button, self.batch_button, self.undo_batch_button,
                       self.print_button):
            line_buttons.addWidget(button)
        line_tools.addLayout(line_buttons, 3)

        columns = line_columns()
        self.lines_model = RowsModel(columns, search_key=lambda m: f"{m.member_code} {m.member_name} {m.zone}",
                                     parent=self)
        self.lines = sorted_table(self.lines_model, columns, stretch=1, title=_("Distribución por socio"))
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.lines.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.lines.setSortingEnabled(True)
        self.lines.doubleClicked.connect(lambda _index: self.show_trace())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.lines, self.show_trace, context=Qt.ShortcutContext.WidgetShortcut)
        self.lines.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.totals = QLabel()
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.runs, 1)
        top_layout.addLayout(run_buttons)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.header)
        bottom_layout.addLayout(line_tools)
        bottom_layout.addWidget(self.lines, 1)
        bottom_layout.addWidget(self.totals)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([190, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)

        runner.changed.connect(self.on_changes)
        runner.book_opened.connect(lambda _book: self.on_changes(Changes(reference=True)))
        self._update_buttons()

    def _button(self, text: str, slot, shortcut=None) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        if shortcut is not None:
            sequence = QKeySequence(shortcut)
            button.setShortcut(sequence)
            button.setToolTip(f"{text} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})")
        return button

    # -- loading ------------------------------------------------------------------

    def reload(self) -> None:
        self._stale = False
        self.runner.run(lambda book: book.distributions.runs(), self._runs_loaded, owner=self)

    def on_changes(self, changes: Changes) -> None:
        if not (changes.distributions or changes.members or changes.reference):
            return
        self.when_visible(self.reload)

    def _runs_loaded(self, runs: list[RunRow]) -> None:
        wanted = self._select_number if self._select_number is not None else (
            self.stored.row.number if self.stored is not None else None)
        self._select_number = None
        self.runs_model.set_rows(runs)
        fit_amounts(self.runs, runs, RUN_AMOUNTS)
        row = self.runs_model.row_of(lambda r: r.number == wanted) if wanted is not None else None
        if row is None and runs:
            row = 0
        if row is not None:
            self.runs.selectionModel().select(self.runs_model.index(row, 0),
                                              QItemSelectionModel.SelectionFlag.ClearAndSelect
                                              | QItemSelectionModel.SelectionFlag.Rows)
            self.runs.scrollTo(self.runs_model.index(row, 0))
        else:
            self._run_selected()

    def select_when_loaded(self, number: int) -> None:
        """Select run ``number`` once the list is next loaded (a run just stored)."""
        self._select_number = number

    def selected_run(self) -> RunRow | None:
        rows = self.runs.selectionModel().selectedRows()
        return self.runs_model.row_at(rows[0].row()) if rows else None

    def _run_selected(self) -> None:
        run = self.selected_run()
        self._generation += 1
        generation = self._generation
        if run is None:
            self.stored = None
            self.lines_model.set_rows([])
            self.header.show_message(_("Todavía no hay distribuciones. Cree una con «Nueva distribución…»."))
            self._show_totals()
            self._update_buttons()
            return
        number = run.number
        if self.stored is None or self.stored.row.number != number:
            self.stored = None  # the trace waits for this run's figures
            self.header.show_message(_("Cargando la distribución N.º %(number)s…") % {"number": number})
        # the lines first (quick), then the stored result (criteria, pots, every share) for the header and traces
        search_keys = self.lines_model.search_keys
        self.runner.run(lambda book: (lines := book.distributions.lines(number), search_keys(lines)),
                        lambda loaded: self._lines_loaded(generation, *loaded), owner=self)
        self.runner.run(lambda book: book.distributions.stored(number),
                        lambda stored: self._stored_loaded(generation, stored), owner=self)
        self._update_buttons()

    def _lines_loaded(self, generation: int, lines: list[LineRow], search_keys: list[str]) -> None:
        if generation != self._generation:
            return
        keep = {line.member_code for line in self.selected_lines()}  # after a payment, the same member
        self.lines_model.set_rows(lines, search_keys)
        fit_amounts(self.lines, lines, AMOUNT_COLUMNS)
        if keep:
            self._select_members(keep)
        self._show_totals()
        self._update_buttons()

    def _select_members(self, codes: set[str]) -> None:
        selection = self.lines.selectionModel()
        for row in range(self.lines_model.rowCount()):
            if self.lines_model.row_at(row).member_code in codes:
                index = self.lines_model.index(row, 0)
                selection.select(index, QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.lines.scrollTo(index)

    def _stored_loaded(self, generation: int, stored: StoredRun) -> None:
        if generation != self._generation:
            return
        self.stored = stored
        self.header.show_run(stored)
        self._update_buttons()

    def filter_now(self) -> None:
        self._search_timer.stop()
        self.lines_model.filter(self.search.text())
        self._show_totals()
        self._update_buttons()

    def _show_totals(self) -> None:
        shown = self.lines_model.shown()
        if not shown:
            self.totals.setText("")
            return

        def total(attribute: str) -> str:
            return format_money(sum((getattr(line, attribute) for line in shown), ZERO))

        count = ngettext("%(n)s socio", "%(n)s socios", len(shown)) % {"n": format_number(len(shown))}
        self.totals.setText(_("<b>Total de %(count)s:</b> bruto %(gross)s · capitalizado %(capitalised)s · "
                              "retenido %(retained)s · descuentos %(deducted)s · <b>neto a pagar %(net)s</b>") % {
            "count": count, "gross": total("gross"), "capitalised": total("capitalised"),
            "retained": total("retained"), "deducted": total("deducted"), "net": total("net")})

    # -- what applies -------------------------------------------------------------

    def selected_lines(self) -> list[LineRow]:
        return [self.lines_model.row_at(i.row()) for i in self.lines.selectionModel().selectedRows()]

    def current_line(self) -> LineRow | None:
        lines = self.selected_lines()
        if len(lines) == 1:
            return lines[0]
        index = self.lines.currentIndex()
        return self.lines_model.row_at(index.row()) if index.isValid() and len(lines) > 1 else None

    def _update_buttons(self) -> None:
        run = self.selected_run()
        loaded = run is not None and self.stored is not None and self.stored.row.number == run.number
        status = run.status if run is not None else None
        self.approve_button.setEnabled(status == RunStatus.DRAFT)
        self.publish_button.setEnabled(status == RunStatus.APPROVED)
        self.correct_button.setEnabled(loaded and status == RunStatus.PUBLISHED)
        self.discard_button.setEnabled(status in (RunStatus.DRAFT, RunStatus.APPROVED))
        self.summary_button.setEnabled(run is not None)
        self.criteria_button.setEnabled(run is not None)
        self.compare_button.setEnabled(self.runs_model.rowCount() >= 2)
        self.changes_button.setEnabled(loaded and run.corrects is not None)
        self.print_button.setEnabled(loaded and status in (RunStatus.PUBLISHED, RunStatus.SUPERSEDED))
        line = self.current_line() if loaded else None
        self.trace_button.setEnabled(line is not None)
        self.pay_button.setEnabled(status == RunStatus.PUBLISHED and line is not None and line.net > ZERO
                                   and line.paid_on is None)
        self.batch_button.setEnabled(status == RunStatus.PUBLISHED and run.paid_members < run.to_pay)
        self.undo_batch_button.setEnabled(status == RunStatus.PUBLISHED and run.paid_members > 0)

    # -- the workflow -----------------------------------------------------------------

    def _criteria_dialog(self, text: str | None, corrects: RunRow | None = None) -> None:
        dialog = CriteriaDialog(self, self.runner, text, corrects)
        dialog.run_created.connect(lambda run: self.select_when_loaded(run.number))
        dialog.exec()
        if dialog.created is not None:
            self.status_message.emit(_("Se guardó como borrador la distribución N.º %(number)s.") % {
                "number": dialog.created.number})
        dialog.deleteLater()

    def new_run(self) -> None:
        """Start from the selected run's criteria (the usual next step: change a
        figure and compare), or from the template."""
        self._criteria_dialog(self.stored.criteria_text if self.stored is not None else None)

    def correct(self) -> None:
        if self.stored is not None and self.stored.row.status == RunStatus.PUBLISHED:
            self._criteria_dialog(self.stored.criteria_text, self.stored.row)

    def approve(self) -> None:
        run = self.selected_run()
        if run is not None and run.status == RunStatus.DRAFT:
            ApproveDialog.ask(self, self.runner, run)

    def publish(self) -> None:
        run = self.selected_run()
        if run is None or run.status != RunStatus.APPROVED or not confirm_publish(self, run):
            return
        number = run.number
        self.runner.mutate(lambda book: (book.distributions.publish(number), CHANGED)[1],
                           lambda _changes: self.status_message.emit(
                               _("Distribución N.º %(number)s publicada.") % {"number": number}),
                           label=_("Publicando la distribución…"), owner=self)

    def discard(self) -> None:
        run = self.selected_run()
        if run is None or run.status not in (RunStatus.DRAFT, RunStatus.APPROVED) or not confirm_discard(self, run):
            return
        number = run.number
        self.stored = None
        self.runner.mutate(lambda book: (book.distributions.discard(number), CHANGED)[1], owner=self)

    def compare(self) -> None:
        runs = self.runs_model.shown()
        if len(runs) < 2:
            return
        run = self.selected_run()
        dialog = CompareDialog(self, self.runner, runs, run.number if run else None)
        dialog.exec()
        dialog.deleteLater()

    def pay(self) -> None:
        run, line = self.selected_run(), self.current_line()
        if run is not None and line is not None and self.pay_button.isEnabled():
            PaymentDialog.ask(self, self.runner, run, line)

    def pay_batch(self) -> None:
        run = self.selected_run()
        if run is None or not self.batch_button.isEnabled():
            return
        from coopdesk.gui.distribution.batch_payment_dialog import BatchPaymentDialog

        dialog = BatchPaymentDialog(self, self.runner, run, distribution_folder(run.number))
        dialog.exec()
        if dialog.recorded is not None:
            self.status_message.emit(_("Se registró el lote N.º %(batch)s: %(total)s. Planilla en %(path)s") % {
                "batch": dialog.recorded.number, "total": format_money(dialog.recorded.total),
                "path": dialog.written[0] if dialog.written else ""})
        dialog.deleteLater()

    def undo_batch(self) -> None:
        run = self.selected_run()
        if run is None or not self.undo_batch_button.isEnabled():
            return
        from coopdesk.gui.distribution.batch_payment_dialog import UndoBatchDialog

        if UndoBatchDialog.ask(self, self.runner, run) is not None:
            self.status_message.emit(_("Se deshizo el lote; sus pagos se revirtieron en la contabilidad."))

    def show_changes(self) -> None:
        run = self.selected_run()
        if run is None or run.corrects is None:
            return

        def show(changes) -> None:
            from coopdesk.gui.distribution.changes_dialog import ChangesDialog

            dialog = ChangesDialog(self, run, changes)
            dialog.exec()
            dialog.deleteLater()

        number = run.number
        self.runner.run(lambda book: book.distributions.changes(number), show, owner=self,
                        label=_("Comparando con la distribución corregida…"))

    def show_trace(self) -> None:
        line = self.current_line()
        if line is None or self.stored is None:
            return
        dialog = TraceDialog(self, self.stored, line)
        dialog.exec()
        dialog.deleteLater()

    # -- printing -----------------------------------------------------------------------

    def print_liquidations(self) -> None:
        """The liquidations as one print job: one PDF grouped by zone or collection
        point (a separator page each), shown in the print preview, whose
        «Imprimir» opens the printer dialog; also a file per member if asked."""
        run = self.selected_run()
        if run is None or not self.print_button.isEnabled():
            return
        choice = self._which_members(run)
        if choice is False:
            return
        codes, by, each, duplex = choice
        folder = distribution_folder(run.number)
        total = (len(codes) if codes else run.members) * (2 if each else 1)
        dialog = QProgressDialog(_("Preparando las liquidaciones de la distribución N.º %(number)s…") % {
            "number": run.number}, _("Cancelar"), 0, max(total, 1), self)
        dialog.setWindowTitle(_("Imprimir liquidaciones"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        number, members = run.number, codes or None

        def work(book, task) -> Path | None:
            from coopdesk.reports.distribution_pdfs import PDF

            # cancelling stops after the pieces in course; no partial job is left
            return book.liquidations.write_batch(
                number, folder / PDF.batch_filename(number), members=members, by=by,
                each_in=folder if each else None, renderer=PDF, duplex=duplex,
                progress=lambda d, t: None if task.cancelled else task.report(d, t),
                cancelled=lambda: task.cancelled)

        def progressed(done: int, of: int) -> None:
            dialog.setMaximum(max(of, 1))
            dialog.setValue(done)
            dialog.setLabelText(_("Liquidación %(done)s de %(total)s…") % {
                "done": format_number(done), "total": format_number(of)})

        def done(path: Path | None) -> None:
            if path is None:
                return
            printing.show_pdf(str(path), self)
            self.status_message.emit(_("Liquidaciones guardadas en %(path)s") % {"path": str(path)})

        def finished() -> None:
            if task.cancelled:
                self.status_message.emit(_("Impresión de liquidaciones cancelada."))
            dialog.canceled.disconnect(task.cancel)  # closing a progress dialog says "canceled"
            dialog.close()
            dialog.deleteLater()
            self.liquidations_progress = None

        task = self.runner.run(work, done, progress=progressed, after=finished,
                               label=_("Imprimiendo liquidaciones…"), owner=self)
        dialog.canceled.connect(task.cancel)
        self.liquidations_progress = dialog

    def _which_members(self, run: RunRow) -> tuple[list[str] | None, str, bool, bool] | bool:
        """Whose liquidations (the selected members' codes, None for all), how the
        job is separated («zona» or «centro»), whether a file per member is also
        wanted and whether the job is printed on both sides (each member's papers
        from a front page); False if cancelled."""
        from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout

        selected = [line.member_code for line in self.selected_lines()]
        box = QMessageBox(QMessageBox.Icon.Question, _("Imprimir liquidaciones"),
                          _("¿De quiénes imprime las liquidaciones de la distribución N.º %(number)s?") % {
                              "number": run.number}, QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(_("Se preparan en un solo PDF para imprimir, con una hoja de separación por grupo, "
                                 "en %(folder)s.") % {"folder": str(distribution_folder(run.number))})
        every = box.addButton(_("De todos los socios (%(n)s)") % {"n": format_number(run.members)},
                              QMessageBox.ButtonRole.AcceptRole)
        chosen = None
        if selected:
            chosen = box.addButton(ngettext("Solo del seleccionado", "Solo de los %(n)s seleccionados",
                                            len(selected)) % {"n": format_number(len(selected))},
                                   QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancelar"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(chosen or every)
        each = QCheckBox(_("Guardar también un archivo por socio"), box)
        each.setObjectName("each")
        box.setCheckBox(each)  # (it lays the box out again: the line below goes in after it)
        options = QWidget(box)
        column = QVBoxLayout(options)
        column.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        grouping = QComboBox(options)
        grouping.setObjectName("grouping")
        grouping.addItem(_("por zona"), "zona")
        grouping.addItem(_("por centro de acopio"), "centro")
        line.addWidget(QLabel(_("Ordenadas y separadas:"), options))
        line.addWidget(grouping)
        line.addStretch(1)
        column.addLayout(line)
        layout = box.layout()  # the check box's place in the box's grid takes both, above the buttons
        row, col, rows, cols = layout.getItemPosition(layout.indexOf(each))
        layout.removeWidget(each)
        column.addWidget(each)
        duplex = QCheckBox(_("A doble cara: cada socio empieza en el frente de una hoja"), options)
        duplex.setObjectName("duplex")
        duplex.setToolTip(_("Para imprimir por ambos lados: se deja en blanco el reverso de la hoja de separación "
                            "y de la última hoja de cada socio cuyas páginas son impares."))
        column.addWidget(duplex)
        layout.addWidget(options, row, col, rows, cols)
        box.exec()
        clicked = box.clickedButton()
        by, files, both_sides = grouping.currentData(), each.isChecked(), duplex.isChecked()
        box.deleteLater()
        if clicked is every:
            return None, by, files, both_sides
        if chosen is not None and clicked is chosen:
            return selected, by, files, both_sides
        return False

    def print_summary(self) -> None:
        self._print_document("summary")

    def print_criteria(self) -> None:
        self._print_document("criteria")

    def _print_document(self, which: str) -> None:
        """The board summary or the criteria document of the selected run: written
        on the worker into the run's folder, then opened."""
        run = self.selected_run()
        if run is None:
            return
        folder, number = distribution_folder(run.number), run.number
        button = self.summary_button if which == "summary" else self.criteria_button
        button.setEnabled(False)

        def work(book) -> str:
            from coopdesk.reports.distribution_pdfs import PDF

            folder.mkdir(parents=True, exist_ok=True)
            if which == "summary":
                return str(book.liquidations.write_summary(number, folder / PDF.summary_filename(number),
                                                           renderer=PDF))
            return str(book.liquidations.write_criteria(number, folder / PDF.criteria_filename(number),
                                                        renderer=PDF))

        def done(written: str) -> None:
            printing.show_pdf(written, self)
            message = _("Resumen guardado en %(path)s") if which == "summary" else _("Criterios guardados en %(path)s")
            self.status_message.emit(message % {"path": written})

        label = (_("Preparando el resumen para el consejo…") if which == "summary"
                 else _("Preparando los criterios de distribución…"))
        self.runner.run(work, done, after=self._update_buttons, label=label, owner=self)

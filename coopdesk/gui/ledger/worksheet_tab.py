"""Contabilidad → «Hoja de trabajo»: the worksheet of a period (by default the
ejercicio to today): per account the sumas, saldos, Inventario and Resultados
por naturaleza y por función, the totals, the result closing each pair and the
«sumas iguales», and whether it ties (``book.ledger.worksheet``). A double click
opens the account in the Libro diario; «Imprimir…» saves it as a PDF, A4
across (``ledger_printing``)."""

from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from coopdesk.domain.financial_statements import CARRIED_RESULT, Worksheet
from coopdesk.gui.ledger import ledger_printing
from coopdesk.gui.ledger.ledger_dialogs import money
from coopdesk.gui.ledger.ledger_printing import BookRequest
from coopdesk.gui.ledger.ledger_sheets import (
    GRAND, MONEY_SAMPLE, TOTAL, SheetModel, SheetRow, filter_date, fit_columns, heading, hint, on_open, sheet_table,
    show_status, span_labels, status_label,
)
from coopdesk.gui.kit.errors import show_problems
from coopdesk.gui.kit.table_models import CENTER, RIGHT, Column
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date

AMOUNTS = tuple(range(2, 12))


def worksheet_columns() -> list[Column]:
    def amount(title: str) -> Column:
        return Column(title, lambda r: r, align=RIGHT, sample=MONEY_SAMPLE)

    return [
        Column(_("Cuenta"), lambda r: r, align=CENTER, sample="00000"),
        Column(_("Nombre de la cuenta"), lambda r: r, sample="Facturas por cobrar a compradores"),
        amount(_("Sumas: debe")), amount(_("Sumas: haber")), amount(_("Saldo deudor")), amount(_("Saldo acreedor")),
        amount(_("Inventario: activo")), amount(_("Inventario: pasivo y patrimonio")),
        amount(_("Naturaleza: pérdidas")), amount(_("Naturaleza: ganancias")),
        amount(_("Función: pérdidas")), amount(_("Función: ganancias")),
    ]


def worksheet_rows(sheet: Worksheet) -> list[SheetRow]:
    def cells(values) -> tuple[str, ...]:
        return tuple(money(v) if v else "" for v in values)

    rows = [SheetRow((r.code, r.name if r.code != CARRIED_RESULT else
                      _("Resultado acumulado antes del periodo (sin cerrar)")) + cells(r.columns), key=r.code)
            for r in sheet.rows]
    if rows:
        rows.append(SheetRow((_("Totales"), "") + cells(sheet.totals), style=TOTAL))
        rows.append(SheetRow((_("Resultado del periodo"), "") + cells(sheet.closing), style=TOTAL))
        rows.append(SheetRow((_("Sumas iguales"), "") + tuple(money(v) for v in sheet.balanced_totals), style=GRAND))
    return rows


class WorksheetTab(QWidget):
    status_message = Signal(str)  # forwarded to the Contabilidad screen's

    def __init__(self, runner: TaskRunner, show_account: Callable[[str, date | None], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self._shown = self._printing = False
        forward = getattr(parent, "status_message", None)
        if forward is not None:
            self.status_message.connect(forward)
        today = runner.today()
        self.since = filter_date(date(today.year, 1, 1))
        self.until = filter_date(today)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _d: self.load())
        self.print_button = QPushButton(_("Imprimir…"))
        self.print_button.setToolTip(_("Guarda en PDF lo que muestra esta pestaña, con el membrete de la "
                                       "cooperativa, y lo abre"))
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_button.clicked.connect(self.print_book)
        self.print_button.setEnabled(False)
        self.title = heading()
        self.status = status_label()
        columns = worksheet_columns()
        self.model = SheetModel(columns, parent=self)
        self.table = sheet_table(self.model, columns, stretch=1)
        on_open(self.table, self._open)
        self._show_account = show_account
        self.table.setToolTip(_("Doble clic en una cuenta para ver sus asientos en el Libro diario"))
        top = QHBoxLayout()
        for text, widget in ((_("Desde:"), self.since), (_("Hasta:"), self.until)):
            label = QLabel(text)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
            top.addSpacing(12)
        top.addWidget(hint(_("Dentro de un ejercicio. El resultado del periodo cierra cada par de columnas: debe ser "
                             "el mismo en el Inventario, por naturaleza y por función.")), 1)
        top.addWidget(self.print_button)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.title)
        column.addWidget(self.table, 1)
        column.addWidget(self.status)

    def period(self) -> tuple[date, date]:
        return self.since.date().toPython(), self.until.date().toPython()

    def load(self) -> None:
        start, end = self.period()
        if start > end or start.year != end.year:
            self.model.set_rows([])
            self._shown = False
            self._enable_print()
            show_status(self.status, _("Elija fechas dentro de un mismo ejercicio: la hoja de trabajo es de un "
                                       "periodo del ejercicio."), False)
            return
        self.runner.run(lambda book: book.ledger.worksheet(end, start), lambda s: self._loaded(start, end, s),
                        lambda exc: show_problems(self, getattr(exc, "problems", ())), owner=self)

    def _loaded(self, start: date, end: date, sheet: Worksheet) -> None:
        if (start, end) != self.period():
            return
        self.title.setText(_("Hoja de trabajo del %(start)s al %(end)s") % {
            "start": format_date(start), "end": format_date(end)})
        self.model.set_rows(worksheet_rows(sheet))
        span_labels(self.table, self.model)
        fit_columns(self.table, AMOUNTS)
        self._shown = bool(sheet.rows)
        self._enable_print()
        if not sheet.rows:
            show_status(self.status, _("No hay asientos en este periodo."), True)
        elif sheet.ties:
            show_status(self.status, _("Cuadra: cada par de columnas suma lo mismo y el resultado del periodo, "
                                       "%(result)s, es el mismo en el Inventario, por naturaleza y por función.")
                        % {"result": money(sheet.result)}, True)
        else:
            show_status(self.status, _("No cuadra: resultado %(inventory)s en el Inventario, %(nature)s por "
                                       "naturaleza y %(function)s por función.") % {
                "inventory": money(sheet.inventory_result), "nature": money(sheet.nature_result),
                "function": money(sheet.function_result)}, False)

    def _open(self, index) -> None:
        if index.isValid():
            row = self.model.row_at(index.row())
            if row.key:
                self._show_account(row.key, self.until.date().toPython())

    # -- printing -------------------------------------------------------------------------------

    def _enable_print(self) -> None:
        self.print_button.setEnabled(self._shown and not self._printing)

    def book_request(self) -> BookRequest:
        start, end = self.period()
        return BookRequest(ledger_printing.WORKSHEET, start, end)

    def print_book(self) -> None:
        if not self.print_button.isEnabled():
            return
        self._printing = True
        self._enable_print()

        def finished(path: str | None) -> None:
            self._printing = False
            self._enable_print()
            if path:
                self.status_message.emit(_("PDF guardado en %(path)s") % {"path": path})

        ledger_printing.print_book(self, self.runner, self.book_request(), finished)

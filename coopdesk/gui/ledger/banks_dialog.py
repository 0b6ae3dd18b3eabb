"""Contabilidad › Periodos › «Bancos y tipos de cambio…»: the bank accounts with
their balances in their currency and in soles; «Importar tipos de cambio…» (the
SBS's Fecha, Compra, Venta from a CSV or XLSX); «Diferencia de cambio» of a month
(676 / 776); «Conciliar…» an account with the bank's statement (CSV or XLSX),
with the result on screen and «Guardar PDF…». The same core calls as the CLI
(``book.banks``); all of it on the worker.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from coopdesk.core import Changes
from coopdesk.gui.kit.errors import show_problems
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_money, format_number

SYMBOLS = {"PEN": "S/", "USD": "US$"}


def _in(value, currency: str) -> str:
    return f"{SYMBOLS.get(currency, currency)} {format_number(value, 2)}"


class BanksDialog(QDialog):
    def __init__(self, parent, runner):
        super().__init__(parent)
        self.runner = runner
        self.report = None      # the last reconciliation
        self.message = ""       # the last thing done, as shown
        self.setWindowTitle(_("Bancos y tipos de cambio"))
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([_("Cuenta"), _("Banco"), _("Número"), _("Moneda"), _("Saldo"),
                                              _("Saldo en soles")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.import_button = QPushButton(_("Importar tipos de cambio…"))
        self.import_button.clicked.connect(self._choose_rates)
        today = runner.today()
        self.year, self.month = QSpinBox(), QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.month.setRange(1, 12)
        self.month.setValue(today.month)
        self.revalue_button = QPushButton(_("Registrar diferencia de cambio del mes"))
        self.revalue_button.clicked.connect(self.revalue)
        self.account = QComboBox()
        self.reconcile_button = QPushButton(_("Conciliar con un estado de cuenta…"))
        self.reconcile_button.clicked.connect(self._choose_statement)
        self.pdf_button = QPushButton(_("Guardar PDF…"))
        self.pdf_button.setEnabled(False)
        self.pdf_button.clicked.connect(self._choose_pdf)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        month_row = QHBoxLayout()
        for widget in (QLabel(_("Año")), self.year, QLabel(_("Mes")), self.month, self.revalue_button):
            month_row.addWidget(widget)
        month_row.addStretch(1)
        reconcile_row = QHBoxLayout()
        for widget in (QLabel(_("Cuenta")), self.account, self.reconcile_button, self.pdf_button):
            reconcile_row.addWidget(widget)
        reconcile_row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Cerrar"))  # never Qt's English «Close»
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.import_button)
        layout.addLayout(month_row)
        layout.addLayout(reconcile_row)
        layout.addWidget(self.result, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(820, 560)
        self.reload()

    # -- loading ------------------------------------------------------------------------

    def reload(self) -> None:
        self.runner.run(lambda book: book.banks.accounts(), self._loaded, self._refused, owner=self)

    def _loaded(self, accounts) -> None:
        self.table.setRowCount(len(accounts))
        for row, a in enumerate(accounts):
            for column, text in enumerate((a.code, a.bank, a.number, a.currency, _in(a.balance, a.currency),
                                           format_money(a.balance_pen))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        current = self.account.currentData()
        self.account.clear()
        for a in accounts:
            self.account.addItem(f"{a.code} — {a.name}", a.code)
        if current is not None and self.account.findData(current) >= 0:
            self.account.setCurrentIndex(self.account.findData(current))

    def _refused(self, exc: Exception) -> None:
        show_problems(self, getattr(exc, "problems", ()))

    def _say(self, text: str) -> None:
        self.message = text
        self.status.setText(text)

    # -- rates --------------------------------------------------------------------------

    def _choose_rates(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Tipos de cambio de la SBS"), "",
                                                    _("Hojas de cálculo (*.csv *.xlsx)"))
        if path:
            self.import_rates(path)

    def import_rates(self, path: str) -> None:
        def done(result) -> None:
            self._say(_("Tipos de cambio: %(added)s días nuevos, %(already)s ya estaban.") % {
                "added": result.added, "already": result.already})

        self.runner.run(lambda book: book.banks.import_rates(path), done, self._refused, owner=self)

    # -- revaluation ----------------------------------------------------------------------

    def revalue(self) -> None:
        year, month = self.year.value(), self.month.value()

        def posted(result) -> None:
            if result.entry_number:
                self._say(_("Diferencia de cambio al %(date)s: asiento %(number)s.") % {
                    "date": format_date(result.day), "number": result.entry_number})
            else:
                self._say(_("Sin diferencia de cambio que registrar al %(date)s.") % {"date": format_date(result.day)})
            self.reload()

        out = []

        def run(book) -> Changes:
            out.append(book.banks.revalue(year, month))
            return Changes()  # the books changed: every screen that shows them reloads

        self.runner.mutate(run, lambda _changes: posted(out[0]), self._refused, owner=self)

    # -- reconciliation -------------------------------------------------------------------

    def _choose_statement(self) -> None:
        code = self.account.currentData()
        if code is None:
            return
        path, _filter = QFileDialog.getOpenFileName(self, _("Estado de cuenta del banco"), "",
                                                    _("Hojas de cálculo (*.csv *.xlsx)"))
        if path:
            self.reconcile(code, path)

    def reconcile(self, code: str, path: str) -> None:
        self.runner.run(lambda book: book.banks.reconcile(code, path), self._reconciled, self._refused, owner=self)

    def _reconciled(self, report) -> None:
        self.report = report
        r, cur = report.result, report.account.currency
        lines = [_("Conciliación de %(code)s del %(start)s al %(end)s") % {
            "code": report.account.code, "start": format_date(report.start), "end": format_date(report.end)},
            _("Conciliados: %(n)s") % {"n": len(r.matched)}, _("Solo en el estado de cuenta:")]
        lines += [f"  {format_date(m.day)}  {m.reference}  {_in(m.amount, cur)}  {m.description}" for m in r.bank_only]
        lines.append(_("Solo en los libros:"))
        lines += [f"  {format_date(m.day)}  {m.reference}  {_in(m.amount, cur)}  {m.description}" for m in r.book_only]
        lines += [_("Saldo según los libros: %(amount)s") % {"amount": _in(r.book_balance, cur)},
                  _("Saldo conciliado: %(amount)s") % {"amount": _in(r.adjusted, cur)},
                  _("Saldo según el estado de cuenta: %(amount)s") % {"amount": _in(r.statement_balance, cur)},
                  _("Diferencia sin explicar: %(amount)s") % {"amount": _in(r.difference, cur)}]
        self.result.setPlainText("\n".join(lines))
        self.pdf_button.setEnabled(True)

    def _choose_pdf(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Guardar la conciliación"), "", "PDF (*.pdf)")
        if path:
            self.save_pdf(path)

    def save_pdf(self, path: str) -> None:
        report = self.report

        def write(book):
            from coopdesk.reports.bank_reconciliation_pdf import render_reconciliation

            cooperative = book.cooperative
            render_reconciliation(report, cooperative.name, cooperative.ruc, book.clock.today(), path)
            return path

        self.runner.run(write, lambda p: self._say(_("Conciliación en PDF: %(file)s") % {"file": p}),
                        self._refused, owner=self)

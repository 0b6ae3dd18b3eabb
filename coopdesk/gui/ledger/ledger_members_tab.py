"""Contabilidad → «Cuentas de socios»: a member account's sub-ledger on a date
(adelantos 14222, préstamos 14221, insumos 14223, por pagar 4419, aportaciones 501),
each member's balance and whether they add up to the control account. A double
click opens the account in the Libro diario; «Imprimir…» saves the account on
the date shown as a PDF (``ledger_printing``, as the other tabs do)."""

from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from coopdesk.domain.ledger import MemberLedger
from coopdesk.gui.ledger import ledger_printing
from coopdesk.gui.ledger.ledger_dialogs import money
from coopdesk.gui.ledger.ledger_printing import BookRequest
from coopdesk.gui.ledger.ledger_sheets import (
    GRAND, MONEY_SAMPLE, SheetModel, SheetRow, filter_date, fit_columns, heading, hint, on_open, sheet_table,
    show_status, status_label,
)
from coopdesk.gui.kit.table_models import CENTER, LEFT, RIGHT, Column
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _, ngettext
from coopdesk.i18n.formatting import format_date, format_number

MEMBER_ACCOUNTS = ("14222", "14221", "14223", "4419", "501")


def member_columns() -> list[Column]:
    return [
        Column(_("Código"), lambda r: r, align=CENTER, sample="S00000"),
        Column(_("Socio"), lambda r: r, align=LEFT, sample="Quispe Mamani, Rosa Elena"),
        Column(_("Saldo"), lambda r: r, align=RIGHT, sample=MONEY_SAMPLE),
    ]


def member_rows(ledger: MemberLedger) -> list[SheetRow]:
    rows = [SheetRow((code, name, money(balance)), key=ledger.account) for code, name, balance in ledger.rows]
    if rows:
        rows.append(SheetRow((_("Total"), "", money(ledger.total)), GRAND))
    return rows


class MemberLedgerTab(QWidget):
    # «PDF guardado en …», for the main window's status bar; forwarded to the
    # parent's own ``status_message`` when it has one (the Contabilidad screen)
    status_message = Signal(str)

    def __init__(self, runner: TaskRunner, show_account: Callable[[str, date | None], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self._shown = False     # an account's balances are on the table
        self._printing = False  # a PDF is being written
        forward = getattr(parent, "status_message", None)
        if forward is not None:
            self.status_message.connect(forward)
        self.print_button = QPushButton(_("Imprimir…"))
        self.print_button.setToolTip(_("Guarda en PDF lo que muestra esta pestaña, con el membrete de la "
                                       "cooperativa, y lo abre"))
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))  # only while the tab shows
        self.print_button.clicked.connect(self.print_book)
        self.print_button.setEnabled(False)
        self.account = QComboBox()
        self.until = filter_date(self.runner.today())
        self.title = heading()
        self.status = status_label()
        columns = member_columns()
        self.model = SheetModel(columns, parent=self)
        self.table = sheet_table(self.model, columns, stretch=1)
        self.table.setMaximumWidth(760)
        on_open(self.table, lambda _index: show_account(self.account.currentData(), self.until.date().toPython()))
        self.table.setToolTip(_("Doble clic para ver los asientos de la cuenta en el Libro diario"))
        self.account.currentIndexChanged.connect(lambda _i: self.load())
        self.until.dateChanged.connect(lambda _d: self.load())
        top = QHBoxLayout()
        for text, widget in ((_("Cuenta:"), self.account), (_("Al:"), self.until)):
            label = QLabel(text)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
            top.addSpacing(16)
        top.addStretch(1)
        top.addWidget(self.print_button)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(hint(_("Lo que cada socio debe (adelantos, préstamos, insumos), se le debe (por pagar) o "
                                "aportó (aportaciones), según los asientos. La suma debe ser el saldo de la cuenta.")))
        column.addWidget(self.title)
        column.addWidget(self.table, 1)
        column.addWidget(self.status)

    def set_accounts(self, accounts) -> None:
        """The chart's member accounts (those whose lines name the member)."""
        current = self.account.currentData()
        self.account.blockSignals(True)
        self.account.clear()
        for a in accounts:
            if a.member_ledger:
                self.account.addItem(f"{a.code} — {a.name}", a.code)
        index = self.account.findData(current or MEMBER_ACCOUNTS[0])
        self.account.setCurrentIndex(max(index, 0))
        self.account.blockSignals(False)

    def load(self) -> None:
        code, until = self.account.currentData(), self.until.date().toPython()
        if not code:
            return
        self.runner.run(lambda book: book.ledger.member_ledger(code, until),
                        lambda ledger: self._loaded(until, ledger), owner=self)

    def _loaded(self, until: date, ledger: MemberLedger) -> None:
        if (ledger.account, until) != (self.account.currentData(), self.until.date().toPython()):
            return
        self.title.setText(_("%(account)s al %(date)s: %(members)s") % {
            "account": self.account.currentText(), "date": format_date(until),
            "members": ngettext("%(n)s socio con saldo", "%(n)s socios con saldo", len(ledger.rows))
            % {"n": format_number(len(ledger.rows))}})
        self.model.set_rows(member_rows(ledger))
        self._shown = True
        self._enable_print()
        fit_columns(self.table, (2,))
        if ledger.reconciles:
            show_status(self.status, _("Cuadra con la cuenta %(code)s: %(amount)s.") % {
                "code": ledger.account, "amount": money(ledger.control)}, True)
        else:
            show_status(self.status, _("No cuadra: los socios suman %(total)s y la cuenta %(code)s tiene %(amount)s.")
                        % {"total": money(ledger.total), "code": ledger.account, "amount": money(ledger.control)},
                        False)

    # -- printing -------------------------------------------------------------------------------

    def _enable_print(self) -> None:
        self.print_button.setEnabled(self._shown and not self._printing and bool(self.account.currentData()))

    def book_request(self) -> BookRequest:
        """The account and date shown, as the book to print."""
        return BookRequest(ledger_printing.MEMBERS, end=self.until.date().toPython(),
                           accounts=(self.account.currentData(),))

    def print_book(self) -> None:
        """Ask where, then write the PDF on the worker and open it."""
        if not self.print_button.isEnabled() or not self.account.currentData():
            return
        self._printing = True
        self._enable_print()

        def finished(path: str | None) -> None:
            self._printing = False
            self._enable_print()
            if path:
                self.status_message.emit(_("PDF guardado en %(path)s") % {"path": path})

        ledger_printing.print_book(self, self.runner, self.book_request(), finished)

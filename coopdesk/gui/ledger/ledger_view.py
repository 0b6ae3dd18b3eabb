"""Contabilidad: the cooperative's books as its contador reads them, one tab each.

* Libro diario: the entries in date order (filtered by account and dates); the
  selected entry's lines below, with the member, the US$ and the exchange rate
  when they are there, and «Revertido por …» / «Revierte …». Filtered by one
  account it is that account's mayor: its debe, haber and running saldo.
  «Nuevo asiento…» and «Revertir…» (entries are never edited).
* Balance de comprobación to a date: debe, haber, saldo deudor and acreedor per
  account, totals and whether it balances; a double click on an account opens
  its entries in the Libro diario.
* Hoja de trabajo of a period (``worksheet_tab``): sumas, saldos, Inventario,
  Resultados por naturaleza y por función, the result closing each pair.
* Estado de resultados by function of an ejercicio: ventas netas, costo de
  ventas, utilidad bruta, gastos, utilidad operativa, financieros apart, the
  remanente or the pérdida (before the closing entry).
* Situación financiera on a date: activo and pasivo corriente and no corriente,
  patrimonio with the result not yet closed, and whether it balances.
* Periodos: each month open or closed (who, when); «Cerrar periodo…» closes the
  next open one, for good; «Cierre del ejercicio…».

«Imprimir…» on the first four tabs saves what the tab shows as a PDF book with
the cooperative's letterhead (the Diario, or the Mayor of the filter's account;
the statement) and opens it (``ledger_printing``).

All reading runs on the worker; any announced change brings the screen up to
date (the ledger's own mutations announce an empty ``Changes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Sequence

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes
from coopdesk.core.cash_guard import is_negative_cash
from coopdesk.core.ledger import CLOSED, AccountRow, EntryRow, PeriodRow
from coopdesk.domain.postings import YEAR_END_NOTES
from coopdesk.domain import financial_statements as FS
from coopdesk.domain.financial_statements import FunctionStatement, classified
from coopdesk.domain.ledger import DEBIT_NORMAL, BalanceSheet, Kind, TrialBalance
from coopdesk.domain.money import ZERO
from coopdesk.gui.ledger import ledger_printing
from coopdesk.gui.kit.flow_layout import FlowLayout
from coopdesk.gui.kit.rows import RowsModel, SortableColumn, sorted_table
from coopdesk.gui.kit.errors import show_problems
from coopdesk.gui.kit.negative_cash import ask_reason
from coopdesk.gui.ledger.ledger_printing import BookRequest
from coopdesk.gui.ledger.ledger_dialogs import (
    CloseYearDialog,
    EntryDialog,
    PleDialog,
    ReverseEntryDialog,
    account_combo,
    account_of,
    confirm_close_period,
    money,
    month_name,
    period_name,
    set_accounts,
)
from coopdesk.gui.ledger.ledger_sheets import (
    GRAND, MONEY_SAMPLE, MUTED, NEGATIVE, PLAIN, SECTION, TOTAL, SheetModel, SheetRow, filter_date, fit_columns, heading, hint, kind_name,
    on_open, result_name, sheet_table, show_status, span_labels, status_label, when,
)
from coopdesk.gui.kit.screen import Screen
from coopdesk.gui.kit.table_models import CENTER, RIGHT, Column
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import N_, _, ngettext
from coopdesk.i18n.transfers import pending_skipped
from coopdesk.i18n.formatting import format_date, format_number

DIARIO_ROWS = 2000   # the latest entries the Libro diario shows at once


@dataclass(frozen=True)
class JournalData:
    entries: list[EntryRow]
    numbers: dict[int, str]            # entry id -> «2026-000012», also for reversals outside the filter
    account: AccountRow | None         # the filter's account
    opening: Decimal                   # its balance (normal side) before the filter's start
    total: int = 0                     # entries of the filter (more than shown when only the latest are)


@dataclass(frozen=True)
class JournalLine:
    """An entry as the diario lists it; with an account filter, that account's part."""

    entry: EntryRow
    note: str
    debit: Decimal
    credit: Decimal
    balance: Decimal

    @property
    def muted(self) -> bool:
        return self.entry.reversed_by is not None or self.entry.reverses is not None


def read_journal(book, account: str, start: date | None, end: date | None) -> JournalData:
    """On the worker."""
    # the Diario of a large book shows its latest entries (the dates choose others); an
    # account's Mayor shows all of them, for its running balance
    entries = book.ledger.entries(account or None, start, end, latest=None if account else DIARIO_ROWS)
    total = book.ledger.count_entries(None, start, end) if not account and len(entries) == DIARIO_ROWS \
        else len(entries)
    numbers = {e.id: e.number for e in entries}
    missing = {i for e in entries for i in (e.reverses, e.reversed_by) if i is not None and i not in numbers}
    if missing:  # a reversal dated outside the filter still names its number
        numbers.update({e.id: e.number for e in book.ledger.entries(ids=sorted(missing))})
    chosen = next((a for a in book.ledger.accounts() if a.code == account), None) if account else None
    opening = ZERO
    if chosen is not None and start is not None:
        before = {r.code: r for r in book.ledger.trial_balance(end=start - timedelta(days=1), through_night=True).rows}.get(account)
        opening = before.balance if before is not None else ZERO
    return JournalData(entries, numbers, chosen, opening, total)


def entry_note(entry: EntryRow, numbers: dict[int, str]) -> str:
    if entry.reversed_by is not None:
        return _("Revertido por %(number)s") % {"number": numbers.get(entry.reversed_by, "—")}
    if entry.reverses is not None:
        return _("Revierte %(number)s") % {"number": numbers.get(entry.reverses, "—")}
    if entry.source_kind in YEAR_END_NOTES:
        return _(YEAR_END_NOTES[entry.source_kind])
    return ""


def journal_lines(data: JournalData) -> list[JournalLine]:
    account = data.account
    debit_normal = account is not None and account.kind in DEBIT_NORMAL
    balance = data.opening
    out = []
    for entry in data.entries:
        debit = credit = ZERO
        if account is not None:
            debit = sum((line.debit for line in entry.lines if line.account == account.code), ZERO)
            credit = sum((line.credit for line in entry.lines if line.account == account.code), ZERO)
            balance += (debit - credit) if debit_normal else (credit - debit)
        out.append(JournalLine(entry, entry_note(entry, data.numbers), debit, credit, balance))
    return out


NUMBERS_TIP = N_(
    "El número de registro se da al registrar el asiento, en el orden en que se registra, y no cambia nunca: un "
    "asiento olvidado que se registra tarde lleva un número mayor que los de fechas posteriores.\n"
    "El correlativo del Libro Diario se da una sola vez, al cerrar el mes: los asientos del mes por fecha (la "
    "apertura primero y el cierre al final del día), a continuación del último del mes anterior. Es el número "
    "del Libro Diario y el CUO de los libros electrónicos de SUNAT, y no cambia después.")


def entry_numbers_text(entry: EntryRow) -> str:
    """«N.º de registro 2026-000004 · Correlativo del Libro Diario D-2026-000002», or,
    while its month is open, that the correlativo comes when the month closes."""
    if entry.diario:
        return _("N.º de registro %(number)s · Correlativo del Libro Diario %(diario)s") % {
            "number": entry.number, "diario": entry.diario}
    return _("N.º de registro %(number)s · Correlativo del Libro Diario: provisional, se asigna al cerrar el "
             "periodo %(period)s") % {"number": entry.number, "period": f"{entry.date.month:02d}/{entry.date.year}"}


class JournalModel(RowsModel):
    """Reversed entries and reversals in grey: they cancel each other."""

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.row() < self.rowCount():
            line = self.row_at(index.row())
            text = super().data(index, Qt.ItemDataRole.DisplayRole) or ""
            if text.startswith("-S/"):
                return QBrush(NEGATIVE)
            return QBrush(MUTED) if line.muted else None
        return super().data(index, role)


JOURNAL_TOTAL = 4
JOURNAL_ACCOUNT_COLUMNS = (5, 6, 7)  # shown with an account filter: its mayor


def journal_columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("N.º"), lambda r: r.entry.number, align=CENTER, sample="0000-000000"),
        SortableColumn(_("Fecha"), lambda r: format_date(r.entry.date), align=CENTER, sample="00/00/0000"),
        SortableColumn(_("Glosa"), lambda r: r.entry.description, sample="Venta lote 12 a Exportadora del Sur SAC",
                       tooltip=lambda r: r.entry.description),
        SortableColumn(_("Referencia"), lambda r: r.entry.reference, sample="F001-00000045"),
        SortableColumn(_("Total del asiento"), lambda r: money(r.entry.total), align=RIGHT, sample=MONEY_SAMPLE),
        SortableColumn(_("Debe de la cuenta"), lambda r: money(r.debit) if r.debit else "", align=RIGHT,
                       sample=MONEY_SAMPLE),
        SortableColumn(_("Haber de la cuenta"), lambda r: money(r.credit) if r.credit else "", align=RIGHT,
                       sample=MONEY_SAMPLE),
        SortableColumn(_("Saldo de la cuenta"), lambda r: money(r.balance), align=RIGHT, sample=MONEY_SAMPLE),
        SortableColumn(_("Nota"), lambda r: r.note, sample="Revertido por 0000-000000"),
    ]


def line_columns() -> list[Column]:
    return [
        Column(_("Cuenta"), lambda r: r, align=CENTER, sample="00000"),
        Column(_("Nombre de la cuenta"), lambda r: r, sample="Facturas por cobrar a compradores"),
        Column(_("Socio"), lambda r: r, align=CENTER, sample="S00000"),
        Column(_("Debe"), lambda r: r, align=RIGHT, sample=MONEY_SAMPLE),
        Column(_("Haber"), lambda r: r, align=RIGHT, sample=MONEY_SAMPLE),
        Column(_("US$"), lambda r: r, align=RIGHT, sample="US$ 000,000.00"),
        Column(_("Tipo de cambio"), lambda r: r, align=RIGHT, sample="0.0000"),
        Column(_("Detalle"), lambda r: r, sample="Adelanto a cuenta de la cosecha"),
    ]


LINE_AMOUNTS = (3, 4, 5)
FOREIGN, RATE, DETAIL = 5, 6, 7


def entry_sheet(entry: EntryRow, account: str = "") -> list[SheetRow]:
    rows = []
    for line in entry.lines:
        rows.append(SheetRow((
            line.account, line.account_name, line.member_code,
            money(line.debit) if line.debit else "", money(line.credit) if line.credit else "",
            f"US$ {format_number(line.foreign_amount, 2)}" if line.foreign_amount is not None else "",
            format_number(line.exchange_rate, 4) if line.exchange_rate is not None else "",
            line.description), style=TOTAL if account and line.account == account else PLAIN, key=line.account))
    debit = sum((line.debit for line in entry.lines), ZERO)
    credit = sum((line.credit for line in entry.lines), ZERO)
    rows.append(SheetRow((_("Totales"), "", "", money(debit), money(credit), "", "", ""), style=GRAND))
    return rows


# -- the statements ------------------------------------------------------------------------------


def trial_columns() -> list[Column]:
    return [
        Column(_("Cuenta"), lambda r: r, align=CENTER, sample="00000"),
        Column(_("Nombre de la cuenta"), lambda r: r, sample="Aportaciones de socios (capital social)"),
        Column(_("Debe"), lambda r: r, align=RIGHT, sample=MONEY_SAMPLE),
        Column(_("Haber"), lambda r: r, align=RIGHT, sample=MONEY_SAMPLE),
        Column(_("Saldo deudor"), lambda r: r, align=RIGHT, sample=MONEY_SAMPLE),
        Column(_("Saldo acreedor"), lambda r: r, align=RIGHT, sample=MONEY_SAMPLE),
    ]


def trial_sheet(trial: TrialBalance) -> list[SheetRow]:
    rows = []
    debtor = creditor = ZERO
    for r in trial.rows:
        net = r.debit - r.credit
        debtor += max(net, ZERO)
        creditor += max(-net, ZERO)
        rows.append(SheetRow((r.code, r.name, money(r.debit) if r.debit else "", money(r.credit) if r.credit else "",
                              money(net) if net > ZERO else "", money(-net) if net < ZERO else ""), key=r.code))
    rows.append(SheetRow((_("Totales"), "", money(trial.debit), money(trial.credit), money(debtor),
                          money(creditor)), style=GRAND))
    return rows


def amount_columns() -> list[Column]:
    return [
        Column(_("Cuenta"), lambda r: r, align=CENTER, sample="00000"),
        Column(_("Nombre de la cuenta"), lambda r: r, sample="Aportaciones de socios (capital social)"),
        Column(_("Importe"), lambda r: r, align=RIGHT, sample=MONEY_SAMPLE),
    ]


def _section(kind: Kind, rows, total_label: str, total: Decimal) -> list[SheetRow]:
    out = [SheetRow((kind_name(kind).upper(), "", ""), style=SECTION)]
    out += [SheetRow((r.code, r.name, money(r.balance)), key=r.code) for r in rows]
    if not rows:
        out.append(SheetRow(("", _("Sin movimientos"), ""), muted=True))
    out.append(SheetRow((total_label, "", money(total)), style=TOTAL))
    return out


def income_sheet(statement: FunctionStatement) -> list[SheetRow]:
    """The Estado de resultados by function: each line's accounts and total (income
    positive, costs and expenses negative), the utilidad bruta and operativa, the
    result before and after the income tax."""
    rows: list[SheetRow] = []

    def line(key: str) -> None:
        item = statement.lines[key]
        rows.extend(SheetRow((r.code, r.name, money(r.credit - r.debit)), key=r.code) for r in item.accounts)
        rows.append(SheetRow((_(item.label), "", money(item.amount)), style=TOTAL))

    def margin(profit: str, loss: str, value: Decimal) -> None:
        rows.append(SheetRow((profit if value >= ZERO else loss, "", money(value)), style=SECTION))

    line(FS.SALES)
    line(FS.COST)
    margin(_("Utilidad bruta"), _("Pérdida bruta"), statement.gross_margin)
    for key in (FS.SELLING, FS.ADMINISTRATION, FS.OTHER_OPERATING_INCOME, FS.OTHER_OPERATING_EXPENSES):
        line(key)
    margin(_("Utilidad operativa"), _("Pérdida operativa"), statement.operating_result)
    for key in (FS.FINANCIAL_INCOME, FS.FINANCIAL_EXPENSES, FS.EXCHANGE):
        line(key)
    margin(_("Resultado antes del impuesto a la renta"), _("Resultado antes del impuesto a la renta"),
           statement.before_tax)
    line(FS.INCOME_TAX)
    rows.append(SheetRow((result_name(statement.result), "", money(statement.result)), style=GRAND))
    return rows


def _part(title: str, rows, total_label: str) -> list[SheetRow]:
    out = [SheetRow((title, "", ""), style=SECTION)]
    out += [SheetRow((r.code, r.name, money(r.balance)), key=r.code) for r in rows]
    out.append(SheetRow((total_label, "", money(sum((r.balance for r in rows), ZERO))), style=TOTAL))
    return out


def balance_sheet_rows(sheet: BalanceSheet) -> list[SheetRow]:
    """Activo and pasivo each corriente and no corriente, the patrimonio (NIC 1 ¶60)."""
    split = classified(sheet)
    rows = _part(_("Activo corriente").upper(), split.current_assets, _("Total activo corriente"))
    rows += _part(_("Activo no corriente").upper(), split.noncurrent_assets, _("Total activo no corriente"))
    rows.append(SheetRow((_("Total activo"), "", money(sheet.total_assets)), style=GRAND))
    rows += _part(_("Pasivo corriente").upper(), split.current_liabilities, _("Total pasivo corriente"))
    rows += _part(_("Pasivo no corriente").upper(), split.noncurrent_liabilities, _("Total pasivo no corriente"))
    rows.append(SheetRow((_("Total pasivo"), "", money(sheet.total_liabilities)), style=TOTAL))
    equity = _section(Kind.EQUITY, sheet.equity, _("Total patrimonio"), sheet.total_equity)
    if not sheet.equity and sheet.result:
        equity = [row for row in equity if not row.muted]
    if sheet.result:
        equity.insert(-1, SheetRow(("", _("%(result)s (sin cerrar)") % {"result": result_name(sheet.result)},
                                    money(sheet.result))))
    rows += equity
    rows.append(SheetRow((_("Total pasivo y patrimonio"), "", money(sheet.total_liabilities + sheet.total_equity)),
                         style=GRAND))
    return rows


def period_columns() -> list[Column]:
    return [
        Column(_("Periodo"), lambda r: r, align=CENTER, sample="0000-00"),
        Column(_("Mes"), lambda r: r, sample="Septiembre de 2026"),
        Column(_("Estado"), lambda r: r, align=CENTER, sample=_("Cerrado")),
        Column(_("Cerrado por"), lambda r: r, sample="contador.cooperativa"),
        Column(_("Cerrado el"), lambda r: r, align=CENTER, sample="00/00/0000 00:00"),
    ]


def period_rows(periods: Sequence[PeriodRow]) -> list[SheetRow]:
    return [SheetRow((p.code, month_name(p.year, p.month), _("Cerrado") if p.status == CLOSED else _("Abierto"),
                      p.closed_by, when(p.closed_at)), muted=p.status == CLOSED, key=p.code) for p in periods]


def next_to_close(periods: Sequence[PeriodRow], today: date) -> tuple[int, int] | None:
    """The earliest open month; with none open, the month after the last closed if it has begun."""
    open_ = [p for p in periods if p.status != CLOSED]
    if open_:
        return open_[0].year, open_[0].month
    if periods:
        last = periods[-1]
        following = (last.year + 1, 1) if last.month == 12 else (last.year, last.month + 1)
        if date(following[0], following[1], 1) <= today:
            return following
    return None


# -- the screen -------------------------------------------------------------------------------


def statement_page(label_text: str, control: QWidget, explanation: str, title: QLabel, table: QWidget,
                   status: QLabel, button: QWidget | None = None) -> QWidget:
    """A statement's page: its date or year control with a line of explanation
    (and the «Imprimir…» button), the title, the table and the closing line
    (result or whether it balances)."""
    top = QHBoxLayout()
    label = QLabel(label_text)
    label.setBuddy(control)
    top.addWidget(label)
    top.addWidget(control)
    top.addSpacing(16)
    top.addWidget(hint(explanation), 1)
    if button is not None:
        top.addWidget(button)
    page = QWidget()
    column = QVBoxLayout(page)
    column.addLayout(top)
    column.addWidget(title)
    column.addWidget(table, 1)
    column.addWidget(status)
    return page


class LedgerView(Screen):
    status_message = Signal(str)  # for the main window's status bar

    JOURNAL, TRIAL, WORKSHEET, INCOME, SHEET, MEMBERS, PERIODS = range(7)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.accounts: list[AccountRow] = []
        self.periods: list[PeriodRow] = []
        self._ple_folder = ""                     # where the PLE files went last
        self.journal: JournalData | None = None
        self._select_id: int | None = None       # the entry to select once the diario is read again
        self._awaiting: list | None = None        # the open dialog's new entry id, filled on the worker
        self.print_buttons = {tab: self._print_button(tab) for tab in (self.JOURNAL, self.TRIAL, self.INCOME,
                                                                       self.SHEET)}
        today = self.runner.today()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._journal_tab(today), _("Libro diario"))
        self.tabs.addTab(self._trial_tab(today), _("Balance de comprobación"))
        from coopdesk.gui.ledger.worksheet_tab import WorksheetTab  # it builds on this module's sheets

        self.worksheet_tab = WorksheetTab(runner, self.show_account, self)
        self.tabs.addTab(self.worksheet_tab, _("Hoja de trabajo"))
        self.tabs.addTab(self._income_tab(today), _("Estado de resultados"))
        self.tabs.addTab(self._sheet_tab(today), _("Situación financiera"))
        from coopdesk.gui.ledger.ledger_members_tab import MemberLedgerTab  # it builds on this module's sheets

        self.members_tab = MemberLedgerTab(runner, self.show_account, self)
        self.tabs.addTab(self.members_tab, _("Cuentas de socios"))
        self.tabs.addTab(self._periods_tab(), _("Periodos"))
        from coopdesk.gui.ledger.assets_tab import AssetsTab  # the register of fixed assets (docs/fixed_assets.md)

        self.assets_tab = AssetsTab(runner, self)
        self.tabs.addTab(self.assets_tab, _("Activos fijos"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.tabs)
        runner.changed.connect(self.on_changes)
        runner.book_opened.connect(lambda _book: self.when_visible(self.reload))
        self._enable(False)

    # -- the tabs ---------------------------------------------------------------------------------

    def _journal_tab(self, today: date) -> QWidget:
        self.account_filter = account_combo([], everything=_("Todas las cuentas"))
        self.account_filter.setMinimumWidth(self.fontMetrics().horizontalAdvance("14223 — Insumos a crédito")
                                            + 40)  # the whole filter row fits a 1024-pixel laptop
        self.account_filter.currentIndexChanged.connect(lambda _i: self._filter_changed())
        self.since_check = QCheckBox(_("Desde:"))
        self.since = filter_date(date(today.year, 1, 1))
        self.until_check = QCheckBox(_("Hasta:"))
        self.until = filter_date(today)
        for check, edit in ((self.since_check, self.since), (self.until_check, self.until)):
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(lambda _on: self._filter_changed())
            edit.dateChanged.connect(lambda _d: self._filter_changed())
        self.clear_filter_button = QPushButton(_("Quitar filtros"))
        self.clear_filter_button.clicked.connect(self.clear_filter)
        self.new_entry_button = QPushButton(_("Nuevo asiento…"))
        self.new_entry_button.clicked.connect(self.new_entry)
        self.reverse_button = QPushButton(_("Revertir…"))
        self.reverse_button.setToolTip(_("Registra el asiento contrario del seleccionado; nada se borra"))
        self.reverse_button.clicked.connect(self.reverse_entry)
        self._journal_filter: tuple[str, date | None, date | None] | None = None

        filters = QHBoxLayout()
        account_label = QLabel(_("Cuenta:"))
        account_label.setBuddy(self.account_filter)
        filters.addWidget(account_label)
        filters.addWidget(self.account_filter, 1)
        filters.addSpacing(12)
        filters.addWidget(self.since_check)
        filters.addWidget(self.since)
        filters.addSpacing(6)
        filters.addWidget(self.until_check)
        filters.addWidget(self.until)
        filters.addSpacing(6)
        filters.addWidget(self.clear_filter_button)
        filters.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.new_entry_button)
        actions.addWidget(self.reverse_button)
        actions.addSpacing(16)
        self.journal_count = QLabel()
        self.journal_count.setTextFormat(Qt.TextFormat.PlainText)
        actions.addWidget(self.journal_count, 1)
        actions.addWidget(self.print_buttons[self.JOURNAL])

        columns = journal_columns()
        self.journal_model = JournalModel(columns, parent=self)
        self.journal_table = sorted_table(self.journal_model, columns, stretch=2, title=_("Libro Diario"))
        self.journal_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.journal_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_entry())

        self.entry_title = heading()
        self.entry_title.setWordWrap(True)
        self.entry_numbers = QLabel()  # the posting number and the Diario's correlativo, explained in its tooltip
        self.entry_numbers.setTextFormat(Qt.TextFormat.PlainText)
        self.entry_numbers.setToolTip(_(NUMBERS_TIP))
        self.entry_note = QLabel()
        self.entry_note.setTextFormat(Qt.TextFormat.PlainText)
        self.entry_note.setStyleSheet("font-weight: bold; color: #8a4b00;")
        columns = line_columns()
        self.lines_model = SheetModel(columns, parent=self)
        self.lines_table = sheet_table(self.lines_model, columns, stretch=1)
        self.lines_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        lower = QWidget()
        lower_column = QVBoxLayout(lower)
        lower_column.setContentsMargins(0, 6, 0, 0)
        lower_column.addWidget(self.entry_title)
        lower_column.addWidget(self.entry_numbers)
        lower_column.addWidget(self.entry_note)
        lower_column.addWidget(self.lines_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.journal_table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        page = QWidget()
        column = QVBoxLayout(page)
        column.addLayout(filters)
        column.addLayout(actions)
        column.addWidget(splitter, 1)
        return page

    def _trial_tab(self, today: date) -> QWidget:
        self.trial_until = filter_date(today)
        self.trial_until.dateChanged.connect(lambda _d: self.load_trial())
        self.trial_title = heading()
        self.trial_status = status_label()
        columns = trial_columns()
        self.trial_model = SheetModel(columns, parent=self)
        self.trial_table = sheet_table(self.trial_model, columns, stretch=1)
        on_open(self.trial_table, self._drill_down)
        self.trial_table.setToolTip(_("Doble clic en una cuenta para ver sus asientos en el Libro diario"))
        top = QHBoxLayout()
        label = QLabel(_("Hasta:"))
        label.setBuddy(self.trial_until)
        top.addWidget(label)
        top.addWidget(self.trial_until)
        top.addSpacing(16)
        top.addWidget(hint(_("Doble clic en una cuenta para ver sus asientos en el Libro diario.")), 1)
        top.addWidget(self.print_buttons[self.TRIAL])
        page = QWidget()
        column = QVBoxLayout(page)
        column.addLayout(top)
        column.addWidget(self.trial_title)
        column.addWidget(self.trial_table, 1)
        column.addWidget(self.trial_status)
        return page

    def _income_tab(self, today: date) -> QWidget:
        self.income_year = QSpinBox()
        self.income_year.setRange(1900, 9999)
        self.income_year.setValue(today.year)
        self.income_year.setKeyboardTracking(False)
        self.income_year.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.income_year.setMaximumWidth(self.income_year.fontMetrics().horizontalAdvance("00000") + 48)
        self.income_year.valueChanged.connect(lambda _v: self.load_income())
        self.income_title = heading()
        self.income_result = status_label()
        self.income_model, self.income_table = self._statement_table(self._year_end)
        return statement_page(_("Ejercicio:"), self.income_year,
                              _("Antes del asiento de cierre del ejercicio: ingresos menos gastos del 1 de enero al "
                                "31 de diciembre."), self.income_title, self.income_table, self.income_result,
                              self.print_buttons[self.INCOME])

    def _sheet_tab(self, today: date) -> QWidget:
        self.sheet_date = filter_date(today)
        self.sheet_date.dateChanged.connect(lambda _d: self.load_sheet())
        self.sheet_title = heading()
        self.sheet_status = status_label()
        self.sheet_model, self.sheet_table = self._statement_table(lambda: self.sheet_date.date().toPython())
        return statement_page(_("Al:"), self.sheet_date,
                              _("El resultado del ejercicio que aún no pasó al patrimonio con el asiento de cierre "
                                "se muestra dentro del patrimonio."), self.sheet_title, self.sheet_table,
                              self.sheet_status, self.print_buttons[self.SHEET])

    def _statement_table(self, drill_end):
        """A statement's table: accounts and amounts; a double click opens the account's
        entries in the Libro diario up to ``drill_end()``."""
        columns = amount_columns()
        model = SheetModel(columns, parent=self)
        table = sheet_table(model, columns, stretch=1)
        table.setMaximumWidth(900)
        on_open(table, lambda index: self._drill_down(index, drill_end()))
        table.setToolTip(_("Doble clic en una cuenta para ver sus asientos en el Libro diario"))
        return model, table

    def _periods_tab(self) -> QWidget:
        self.close_period_button = QPushButton(_("Cerrar periodo…"))
        self.close_period_button.clicked.connect(self.close_period)
        self.close_year_button = QPushButton(_("Cierre del ejercicio…"))
        self.close_year_button.clicked.connect(self.close_year)
        self.pending_button = QPushButton(_("Contabilizar pendientes"))
        self.pending_button.setToolTip(_("Registra los asientos de las entregas y movimientos de socios que aún no "
                                         "tienen (libros llevados antes de la contabilidad automática)."))
        self.pending_button.clicked.connect(self.post_pending)
        self.ple_button = QPushButton(_("Libros electrónicos (PLE)…"))
        self.ple_button.setToolTip(_("Genera los archivos de texto de SUNAT de un mes: Diario, plan de cuentas, "
                                     "Mayor, Caja y Bancos"))
        self.ple_button.clicked.connect(self.export_ple)
        self.banks_button = QPushButton(_("Bancos y tipos de cambio…"))
        self.banks_button.setToolTip(_("Cuentas bancarias por moneda, tipos de cambio de la SBS, diferencia de "
                                       "cambio del mes y conciliación bancaria"))
        self.banks_button.clicked.connect(self.open_banks)
        self.cierre_button = QPushButton(_("Imprimir cierre del mes…"))
        self.cierre_button.setToolTip(_("Una hoja con el movimiento del mes, caja y bancos, y la cabeza del registro "
                                        "de cambios, que queda registrada para comprobar más adelante que nada se "
                                        "cambió."))
        self.cierre_button.clicked.connect(self.print_cierre)
        self.next_period = hint("")
        columns = period_columns()
        self.periods_model = SheetModel(columns, parent=self)
        self.periods_table = sheet_table(self.periods_model, columns, stretch=1)
        self.periods_table.setMaximumWidth(760)
        tools = FlowLayout()  # wraps at 1024 pixels instead of widening the screen
        for button in (self.close_period_button, self.close_year_button, self.ple_button, self.banks_button,
                       self.cierre_button, self.pending_button):
            tools.addWidget(button)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(heading(_("Periodos contables")))
        column.addWidget(hint(_("Cada mes es un periodo. Se cierran en orden, y un periodo cerrado no se abre de "
                                "nuevo: nada se registra ni se revierte con una fecha suya. Una corrección se hace "
                                "con un asiento en un periodo abierto.")))
        column.addLayout(tools)
        column.addWidget(self.next_period)
        column.addWidget(self.periods_table, 1)
        return page

    # -- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        self._stale = False
        self.runner.run(lambda book: (book.ledger.accounts(), book.ledger.periods()), self._meta_loaded, owner=self)
        self.load_journal()
        self.load_trial()
        self.worksheet_tab.load()
        self.load_income()
        self.load_sheet()

    def on_changes(self, changes: Changes) -> None:
        # automatic entries come with deliveries, documents and distributions; a manual one,
        # a reversal or a close announce an empty Changes: any change may touch the books
        self.when_visible(self.reload)

    def _enable(self, enabled: bool) -> None:
        for button in (self.new_entry_button, self.close_year_button, *self.print_buttons.values()):
            button.setEnabled(enabled)
        if not enabled:
            self.reverse_button.setEnabled(False)
            self.close_period_button.setEnabled(False)

    def _meta_loaded(self, meta: tuple[list[AccountRow], list[PeriodRow]]) -> None:
        self.accounts, self.periods = meta
        self.account_filter.blockSignals(True)
        set_accounts(self.account_filter, self.accounts, _("Todas las cuentas"))
        if self._journal_filter is not None:
            code = self._journal_filter[0]
            index = self.account_filter.findData(code)
            self.account_filter.setCurrentIndex(index if index >= 0 else 0)
        self.account_filter.blockSignals(False)
        self.members_tab.set_accounts(self.accounts)
        self.members_tab.load()
        self.periods_model.set_rows(period_rows(self.periods))
        next_one = next_to_close(self.periods, self.runner.today())
        self.close_period_button.setEnabled(next_one is not None)
        if next_one is None:
            self.next_period.setText(_("No hay periodos abiertos con asientos."))
        else:
            self.next_period.setText(_("El próximo periodo a cerrar es %(period)s.") % {
                "period": period_name(next_one)})
        self._enable(True)
        self.reverse_button.setEnabled(self._reversible(self.selected_entry()))

    # -- Libro diario ------------------------------------------------------------------------------

    def journal_filter(self) -> tuple[str, date | None, date | None]:
        account = account_of(self.account_filter)
        start = self.since.date().toPython() if self.since_check.isChecked() else None
        end = self.until.date().toPython() if self.until_check.isChecked() else None
        return account, start, end

    def _filter_changed(self) -> None:
        if self.journal_filter() != self._journal_filter:
            self.load_journal()

    def load_journal(self) -> None:
        asked = self._journal_filter = self.journal_filter()
        account, start, end = asked
        self.runner.run(lambda book: read_journal(book, account, start, end),
                        lambda data: self._journal_loaded(asked, data), owner=self)

    def _journal_loaded(self, asked: tuple, data: JournalData) -> None:
        if asked != self._journal_filter:
            return  # the filter changed since: its own reading is on its way
        keep = self._select_id if self._select_id is not None else (
            self._awaiting[0] if self._awaiting else getattr(self.selected_entry(), "id", None))
        self._select_id = None
        self.journal = data
        lines = journal_lines(data)
        self.journal_model.set_rows(lines)
        for column in JOURNAL_ACCOUNT_COLUMNS:
            self.journal_table.setColumnHidden(column, data.account is None)
        self.journal_table.setColumnHidden(JOURNAL_TOTAL, data.account is not None)  # the glosa gets its room
        fit_columns(self.journal_table, JOURNAL_ACCOUNT_COLUMNS if data.account is not None else (JOURNAL_TOTAL,))
        count = ngettext("%(n)s asiento", "%(n)s asientos", len(lines)) % {"n": format_number(len(lines))}
        if data.account is not None:
            debit = sum((line.debit for line in lines), ZERO)
            credit = sum((line.credit for line in lines), ZERO)
            balance = lines[-1].balance if lines else data.opening
            text = _("%(count)s · Cuenta %(code)s %(name)s: debe %(debit)s, haber %(credit)s, saldo %(balance)s") % {
                "count": count, "code": data.account.code, "name": data.account.name, "debit": money(debit),
                "credit": money(credit), "balance": money(balance)}
            if data.opening:
                text += " " + _("(saldo anterior %(amount)s)") % {"amount": money(data.opening)}
            self.journal_count.setText(text)
        elif lines and data.total > len(lines):
            self.journal_count.setText(_("Los últimos %(shown)s de %(total)s asientos; elija las fechas «Desde» y "
                                         "«Hasta» para ver otros.") % {"shown": format_number(len(lines)),
                                                                        "total": format_number(data.total)})
        elif lines:
            self.journal_count.setText(count)
        else:
            self.journal_count.setText(_("No hay asientos con estos filtros.") if any(self._journal_filter) else
                                       _("Aún no hay asientos: registre el primero con «Nuevo asiento…»."))
        row = self.journal_model.row_of(lambda line: line.entry.id == keep) if keep is not None else None
        if row is None and lines:
            row = len(lines) - 1  # the latest, as a book opens at its last page
        if row is not None:
            self.journal_table.selectRow(row)
            self.journal_table.scrollTo(self.journal_model.index(row, 0))
        self._show_entry()

    def selected_entry(self) -> EntryRow | None:
        index = self.journal_table.currentIndex()
        if not index.isValid() or index.row() >= self.journal_model.rowCount():
            return None
        return self.journal_model.row_at(index.row()).entry

    @staticmethod
    def _reversible(entry: EntryRow | None) -> bool:
        return entry is not None and entry.reversed_by is None and entry.reverses is None

    def _show_entry(self) -> None:
        entry = self.selected_entry()
        self.reverse_button.setEnabled(bool(self.accounts) and self._reversible(entry))
        if entry is None:
            self.entry_title.setText("")
            self.entry_numbers.setText("")
            self.entry_note.hide()
            self.lines_model.set_rows([])
            return
        title = _("Asiento %(number)s del %(date)s: %(description)s") % {
            "number": entry.number, "date": format_date(entry.date), "description": entry.description}
        if entry.reference:
            title += " · " + _("Ref. %(reference)s") % {"reference": entry.reference}
        if entry.created_by:
            title += " · " + _("registrado por %(who)s") % {"who": entry.created_by}
        self.entry_title.setText(title)
        self.entry_numbers.setText(entry_numbers_text(entry))
        note = entry_note(entry, self.journal.numbers if self.journal else {})
        self.entry_note.setText(note)
        self.entry_note.setVisible(bool(note))
        account = self.journal.account.code if self.journal and self.journal.account else ""
        self.lines_model.set_rows(entry_sheet(entry, account))
        span = self.lines_table
        span.clearSpans()
        span.setSpan(self.lines_model.rowCount() - 1, 0, 1, 3)
        for column, used in ((FOREIGN, any(line.foreign_amount is not None for line in entry.lines)),
                             (RATE, any(line.exchange_rate is not None for line in entry.lines)),
                             (DETAIL, any(line.description for line in entry.lines))):
            self.lines_table.setColumnHidden(column, not used)
        fit_columns(self.lines_table, LINE_AMOUNTS)

    def clear_filter(self) -> None:
        for widget in (self.account_filter, self.since_check, self.until_check):
            widget.blockSignals(True)
        self.account_filter.setCurrentIndex(0)
        self.since_check.setChecked(False)
        self.until_check.setChecked(False)
        self.since.setEnabled(False)
        self.until.setEnabled(False)
        for widget in (self.account_filter, self.since_check, self.until_check):
            widget.blockSignals(False)
        self._filter_changed()

    def show_account(self, code: str, until: date | None) -> None:
        """The Libro diario of one account up to a date: the drill-down from the statements."""
        for widget in (self.account_filter, self.since_check, self.until_check, self.until):
            widget.blockSignals(True)
        index = self.account_filter.findData(code)
        self.account_filter.setCurrentIndex(index if index >= 0 else 0)
        self.since_check.setChecked(False)
        self.since.setEnabled(False)
        self.until_check.setChecked(until is not None)
        self.until.setEnabled(until is not None)
        if until is not None:
            self.until.setDate(QDate(until))
        for widget in (self.account_filter, self.since_check, self.until_check, self.until):
            widget.blockSignals(False)
        self.tabs.setCurrentIndex(self.JOURNAL)
        self.load_journal()

    def _drill_down(self, index: QModelIndex, until: date | None = None) -> None:
        if not index.isValid():
            return
        row = index.model().row_at(index.row())
        if row.key:
            self.show_account(row.key, until if until is not None else self.trial_until.date().toPython())

    def new_entry(self) -> None:
        if not self.accounts:
            return
        day = self.until.date().toPython() if self.until_check.isChecked() else self.runner.today()
        dialog = EntryDialog(self, self.runner, self.accounts, min(day, self.runner.today()))
        if self._run(dialog, dialog.posted):
            self.status_message.emit(_("Asiento registrado."))

    def reverse_entry(self) -> None:
        entry = self.selected_entry()
        if not self._reversible(entry):
            return
        dialog = ReverseEntryDialog(self, self.runner, entry)
        if self._run(dialog, dialog.reversal):
            self.status_message.emit(_("Asiento %(number)s revertido.") % {"number": entry.number})

    def _run(self, dialog, posted: list) -> bool:
        """Show a dialog that posts an entry; once saved, that entry is the one selected
        (the diario may have been read again before the dialog's ``exec`` returns)."""
        self._awaiting = posted
        try:
            if not dialog.exec() or not posted or posted[0] is None:
                return False
            row = self.journal_model.row_of(lambda line: line.entry.id == posted[0])
            if row is None:
                self._select_id = posted[0]  # its reading is on its way
            else:
                self.journal_table.selectRow(row)
                self.journal_table.scrollTo(self.journal_model.index(row, 0))
            return True
        finally:
            self._awaiting = None
            dialog.deleteLater()

    # -- the statements ----------------------------------------------------------------------------

    def load_trial(self) -> None:
        end = self.trial_until.date().toPython()
        self.runner.run(lambda book: book.ledger.trial_balance(end), lambda t: self._trial_loaded(end, t), owner=self)

    def _trial_loaded(self, end: date, trial: TrialBalance) -> None:
        if end != self.trial_until.date().toPython():
            return
        self.trial_title.setText(_("Balance de comprobación al %(date)s") % {"date": format_date(end)})
        self.trial_model.set_rows(trial_sheet(trial) if trial.rows else [])
        span_labels(self.trial_table, self.trial_model)
        fit_columns(self.trial_table, (2, 3, 4, 5))
        if not trial.rows:
            show_status(self.trial_status, _("No hay asientos hasta esta fecha."), True)
        elif trial.balanced:
            show_status(self.trial_status, _("Cuadra: el debe y el haber suman %(amount)s.") % {
                "amount": money(trial.debit)}, True)
        else:
            show_status(self.trial_status, _("No cuadra: el debe suma %(debit)s y el haber %(credit)s (diferencia "
                                             "%(difference)s).") % {
                "debit": money(trial.debit), "credit": money(trial.credit),
                "difference": money(abs(trial.debit - trial.credit))}, False)

    def _year_end(self) -> date:
        return date(self.income_year.value(), 12, 31)

    def load_income(self) -> None:
        year = self.income_year.value()
        self.runner.run(lambda book: book.ledger.function_statement(year), lambda s: self._income_loaded(year, s),
                        owner=self)

    def _income_loaded(self, year: int, statement: FunctionStatement) -> None:
        if year != self.income_year.value():
            return
        self.income_title.setText(_("Estado de resultados por función del ejercicio %(year)s (del %(start)s al "
                                    "%(end)s)") % {
            "year": year, "start": format_date(date(year, 1, 1)), "end": format_date(date(year, 12, 31))})
        self.income_model.set_rows(income_sheet(statement))
        span_labels(self.income_table, self.income_model)
        fit_columns(self.income_table, (2,))
        result = statement.result
        if not any(line.accounts for line in statement.lines.values()):
            show_status(self.income_result, _("El ejercicio %(year)s no tiene ingresos ni gastos.") % {"year": year},
                        True)
        else:
            show_status(self.income_result, _("%(result)s: %(amount)s") % {
                "result": result_name(result), "amount": money(result)}, result >= ZERO)

    def load_sheet(self) -> None:
        day = self.sheet_date.date().toPython()
        self.runner.run(lambda book: book.ledger.balance_sheet(day), lambda s: self._sheet_loaded(day, s),
                        owner=self)

    def _sheet_loaded(self, day: date, sheet: BalanceSheet) -> None:
        if day != self.sheet_date.date().toPython():
            return
        self.sheet_title.setText(_("Estado de situación financiera al %(date)s") % {"date": format_date(day)})
        self.sheet_model.set_rows(balance_sheet_rows(sheet))
        span_labels(self.sheet_table, self.sheet_model)
        fit_columns(self.sheet_table, (2,))
        if sheet.balanced:
            show_status(self.sheet_status, _("Cuadra: el activo (%(assets)s) es igual al pasivo más el patrimonio.")
                        % {"assets": money(sheet.total_assets)}, True)
        else:
            difference = sheet.total_assets - sheet.total_liabilities - sheet.total_equity
            show_status(self.sheet_status, _("No cuadra: el activo y el pasivo más el patrimonio difieren en "
                                             "%(difference)s.") % {"difference": money(abs(difference))}, False)

    # -- printing -------------------------------------------------------------------------------

    def _print_button(self, tab: int) -> QPushButton:
        button = QPushButton(_("Imprimir…"))
        button.setToolTip(_("Guarda en PDF lo que muestra esta pestaña, con el membrete de la cooperativa, y lo "
                            "abre"))
        button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))  # only the visible tab's button answers
        button.clicked.connect(lambda: self.print_book(tab))
        return button

    def book_request(self, tab: int) -> BookRequest:
        """What the tab shows, as the book to print: the Libro diario prints the
        Diario of its filter, or the account's Mayor when one account is chosen."""
        if tab == self.JOURNAL:
            account, start, end = self.journal_filter()
            if account:
                return BookRequest(ledger_printing.MAYOR, start, end, (account,))
            return BookRequest(ledger_printing.JOURNAL, start, end)
        if tab == self.TRIAL:
            return BookRequest(ledger_printing.TRIAL, end=self.trial_until.date().toPython())
        if tab == self.INCOME:
            return BookRequest(ledger_printing.INCOME, year=self.income_year.value())
        return BookRequest(ledger_printing.SHEET, end=self.sheet_date.date().toPython())

    def print_book(self, tab: int) -> None:
        """Ask where, then write the PDF on the worker and open it."""
        button = self.print_buttons[tab]
        if not button.isEnabled():
            return
        button.setEnabled(False)

        def finished(path: str | None) -> None:
            button.setEnabled(True)
            if path:
                self.status_message.emit(_("PDF guardado en %(path)s") % {"path": path})

        ledger_printing.print_book(self, self.runner, self.book_request(tab), finished)

    # -- Periodos -------------------------------------------------------------------------------

    def close_period(self) -> None:
        chosen = next_to_close(self.periods, self.runner.today())
        if chosen is None or not confirm_close_period(self, *chosen, self.runner.today()):
            return
        year, month = chosen
        self.close_period_button.setEnabled(False)
        self.runner.mutate(lambda book: book.ledger.close(year, month),
                           lambda _changes: self.status_message.emit(_("Periodo %(period)s cerrado.") % {
                               "period": period_name(chosen)}),
                           self._refused, owner=self)

    def print_cierre(self) -> None:
        """The month's «cierre» with the audit trail's head (``ledger_printing.print_cierre``)."""
        def finished(data) -> None:
            self.cierre_button.setEnabled(True)
            if data is not None and data.head is not None:
                self.status_message.emit(_("Cierre impreso. Cabeza del registro de cambios: %(code)s (queda "
                                           "registrada).") % {"code": data.head.code})

        self.cierre_button.setEnabled(False)
        if ledger_printing.print_cierre(self, self.runner, self.periods, finished) is None:
            self.cierre_button.setEnabled(True)

    def post_pending(self) -> None:
        self.pending_button.setEnabled(False)

        def done(changes) -> None:
            self.pending_button.setEnabled(True)
            self.status_message.emit(self.pending_text)

        def work(book) -> Changes:
            posted = book.ledger.post_pending()
            self.pending_text = (_("Todo estaba contabilizado: no había entregas ni movimientos sin asiento.")
                                 if not (posted.intake_entries or posted.movements or posted.distributions) else
                                 _("Se registraron %(intake)s asientos de acopio (uno por día y serie), "
                                   "%(movements)s de movimientos de socios y %(distributions)s de distribuciones y "
                                   "sus pagos.")
                                 % {"intake": posted.intake_entries, "movements": posted.movements,
                                    "distributions": posted.distributions})
            if posted.skipped:
                self.pending_text += " " + pending_skipped(posted.skipped)
            return Changes(reference=True)

        def refused(exc: Exception, work=work) -> None:
            if is_negative_cash(exc):  # Caja or a bank would go below zero: «¿Registrar de todos modos?»
                reason = self.confirm_negative_cash(list(exc.problems))
                if reason:
                    def confirmed(book, reason=reason):
                        with book.cash.confirmed(reason):
                            return work(book)
                    self.runner.mutate(confirmed, done, refused, owner=self)
                    return
            self.pending_button.setEnabled(True)
            self._refused(exc)

        self.runner.mutate(work, done, refused, owner=self)

    def confirm_negative_cash(self, problems: list) -> str | None:
        """The reason to post anyway, or None to review (replaced in tests)."""
        return ask_reason(self, problems)

    def close_year(self) -> None:
        closed = [p.year for p in self.periods if p.status == CLOSED]
        year = max(closed) if closed else self.runner.today().year
        dialog = CloseYearDialog(self, self.runner, year)
        if self._run(dialog, dialog.closing):
            self.status_message.emit(_("Asiento de cierre del ejercicio %(year)s registrado.") % {
                "year": dialog.closed_year})

    def export_ple(self) -> None:
        dialog = PleDialog(self, self.runner, self.periods, self.accounts, self._ple_folder)
        try:
            if dialog.exec() and dialog.written:
                self._ple_folder = str(dialog.written[0].parent)
                self.status_message.emit(ngettext("Se guardó %(count)s archivo del PLE en %(folder)s.",
                                                  "Se guardaron %(count)s archivos del PLE en %(folder)s.",
                                                  len(dialog.written)) % {"count": len(dialog.written),
                                                                          "folder": self._ple_folder})
        finally:
            dialog.deleteLater()

    def open_banks(self) -> None:
        from coopdesk.gui.ledger.banks_dialog import BanksDialog

        dialog = BanksDialog(self, self.runner)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def _refused(self, exc: Exception) -> None:
        show_problems(self, getattr(exc, "problems", ()))
        self.reload()

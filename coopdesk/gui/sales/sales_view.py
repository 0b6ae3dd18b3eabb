"""Ventas y gastos: the cooperative's sales to buyers and its expenses, one tab each.

* Ventas: every sale with its buyer, product and certification, kilos, price
  (in its currency), exchange rate, premium and differential, its total and its
  cost in soles, its state («Registrada», «Cobrada» with the day and entry of
  the collection in its tooltip, «Anulada» with the reason), its invoice,
  contract and entry in the books; filtered by dates and by a search on buyer,
  contract, invoice or product. The count line gives the sales (price and
  differential) and the Fairtrade Premium apart: the premium goes to its fund
  (46993), not to sales. «Nueva venta…», «Anular…» and «Cobrar…» (the buyer
  paid a sale por cobrar: its entry into the bank or cash, in US$ at the day's
  rate with the exchange difference), «Anular cobro…» (a collection recorded by
  mistake, a wrong rate or account: its entry is reversed today and the sale is
  «Registrada», por cobrar, again, to be collected right). A collected sale is
  not voided: its collection is cancelled first; a refund is recorded with an
  entry.
* Gastos: every expense with its account, what it was, the supplier and the
  receipt, the amount, what paid it, its entry and its state («Registrado»,
  «Pagado» with the day and entry of the payment in its tooltip, «Anulado» with
  the reason). «Nuevo gasto…», «Anular…» and «Pagar…» (an expense owed to the
  supplier, 4212, is paid from the bank or cash) and «Anular pago…» (a payment
  recorded by mistake is reversed today, the expense owed again). A paid expense
  is not voided: its payment is cancelled first; a refund is recorded with an
  entry.

Each column is as wide as its values (up to a typical long one; the tooltip
gives the rest), the buyer and the description take the width left: at 1366×768
a sale's figures and state are read whole, the references may scroll.

Nothing is edited: a mistake is voided (its entry reversed today, the document
kept, marked) and recorded again. Voided rows are grey and the totals leave
them out. Everything is read on the worker; any announced change brings the
screen up to date (a sale or expense posts to the books, a ticket changes what
the almacén holds).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes
from coopdesk.core.dto import ProductRow
from coopdesk.core.sales import ExpenseRow, SaleRow
from coopdesk.domain.money import ZERO
from coopdesk.domain.postings import SUPPLIERS
from coopdesk.gui.kit.rows import COLUMN_PADDING, FitColumn, RowsModel, SORT_ARROW_ROOM, SortableColumn, fit_amounts, sorted_table
from coopdesk.gui.sales.sales_dialogs import (
    CancelCollectionDialog,
    CancelPaymentDialog,
    CollectSaleDialog,
    ExpenseDialog,
    PayExpenseDialog,
    SaleDialog,
    VoidExpenseDialog,
    VoidSaleDialog,
    amount_in,
    collectable,
    collected_name,
    in_soles,
    kilos,
    paid_from_name,
    payable,
    payment_text,
    price_in,
    rate_text,
)
from coopdesk.gui.kit.screen import Screen
from coopdesk.gui.kit.table_models import CENTER, RIGHT
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import date_edit, give_shortcut
from coopdesk.i18n import N_, _, label, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number

HINT_STYLE = "color: #4a4a4a;"
NATIVE = QKeySequence.SequenceFormat.PortableText  # «Ctrl+Shift+B» whatever translation Qt has loaded
MUTED = QColor("#757575")
MONEY_SAMPLE = "S/ 000,000.00"


def hint(text: str) -> QLabel:
    shown = QLabel(text)
    shown.setWordWrap(True)
    shown.setStyleSheet(HINT_STYLE)
    return shown


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _extra(value, currency: str) -> str:
    """A premium or differential: blank when there is none."""
    return amount_in(value, currency) if value else ""


def sale_income(sale: SaleRow) -> Decimal:
    """What a sale brings to sales in soles: its price and its differential, each
    converted as the core posts it (the premium goes to its fund, 46993)."""
    return in_soles(sale.amount, sale.exchange_rate) + in_soles(sale.differential, sale.exchange_rate)


def collection_text(sale: SaleRow) -> str:
    """«Cobrada el 02/05/2026, asiento 2026-000123»."""
    return _("Cobrada el %(date)s, asiento %(number)s") % {"date": format_date(sale.collected_on),
                                                           "number": sale.collection_number or "—"}


def sale_state(sale: SaleRow) -> str:
    """«Registrada», «Cobrada el 02/05/2026, asiento 2026-000123» or «Anulada: motivo»
    (the state's tooltip and the detail line)."""
    if sale.voided:
        return _("Anulada: %(reason)s") % {"reason": sale.void_reason}
    if sale.collected_on is not None:
        return collection_text(sale)
    return _("Registrada")


def sale_state_short(sale: SaleRow) -> str:
    """The Estado cell: «Anulada», «Cobrada» or «Registrada»; the rest is in its tooltip."""
    if sale.voided:
        return _("Anulada")
    return _("Cobrada") if sale.collected_on is not None else _("Registrada")


def collect_tip(sale: SaleRow | None) -> str:
    """Why «Cobrar…» is there, or why not for this sale."""
    if sale is None or collectable(sale):
        return _("Registra que el comprador pagó la venta por cobrar seleccionada: entra al banco o a la caja, en "
                 "dólares al tipo de cambio del día")
    if sale.voided:
        return _("Una venta anulada no se cobra")
    if sale.collected_on is not None:
        return collection_text(sale)
    return _("Esta venta se cobró al registrarla: %(how)s") % {"how": collected_name(sale.debit_account)}


def uncollect_tip(sale: SaleRow | None) -> str:
    """Why «Anular cobro…» is there, or why not for this sale."""
    if sale is not None and not sale.voided and sale.collected_on is not None:
        return _("Anula el cobro de la venta seleccionada (%(collection)s), registrado por error: su asiento se "
                 "revierte con fecha de hoy y la venta vuelve a quedar por cobrar, para cobrarla bien") % {
            "collection": collection_text(sale)}
    return _("Anula el cobro de una venta cobrada, registrado por error (un tipo de cambio o una cuenta "
             "equivocados): la venta vuelve a quedar por cobrar")


VOID_TIP = N_("Anula el documento seleccionado con su motivo y revierte su asiento; nada se borra")
COLLECTED_VOID_TIP = N_("Una venta cobrada no se anula: anule primero el cobro («Anular cobro…»); una devolución "
                        "al comprador se registra con un asiento (Contabilidad, «Nuevo asiento…»)")


PAID_VOID_TIP = N_("Un gasto pagado no se anula: anule primero el pago («Anular pago…»); una devolución del "
                   "proveedor se registra con un asiento (Contabilidad, «Nuevo asiento…»)")


def expense_state(expense: ExpenseRow) -> str:
    """«Registrado», «Pagado al proveedor el 02/05/2026, asiento 2026-000123» or
    «Anulado: motivo» (the state's tooltip and the detail line)."""
    if expense.voided:
        return _("Anulado: %(reason)s") % {"reason": expense.void_reason}
    if expense.paid_on is not None:
        return payment_text(expense)
    return _("Registrado")


def expense_state_short(expense: ExpenseRow) -> str:
    """The Estado cell: «Anulado», «Pagado» or «Registrado»; the rest is in its tooltip."""
    if expense.voided:
        return _("Anulado")
    return _("Pagado") if expense.paid_on is not None else _("Registrado")


def pay_tip(expense: ExpenseRow | None) -> str:
    """Why «Pagar…» is there, or why not for this expense."""
    if expense is None or payable(expense):
        return _("Registra que se pagó al proveedor el gasto por pagar seleccionado: sale del banco o de la caja")
    if expense.voided:
        return _("Un gasto anulado no se paga")
    if expense.paid_on is not None:
        return payment_text(expense)
    return _("Este gasto se pagó al registrarlo: %(how)s") % {"how": paid_from_name(expense.paid_from)}


def unpay_tip(expense: ExpenseRow | None) -> str:
    """Why «Anular pago…» is there, or why not for this expense."""
    if expense is not None and not expense.voided and expense.paid_on is not None:
        return _("Anula el pago al proveedor del gasto seleccionado (%(payment)s), registrado por error: su asiento "
                 "se revierte con fecha de hoy y el gasto vuelve a quedar por pagar, para pagarlo bien") % {
            "payment": payment_text(expense)[:1].lower() + payment_text(expense)[1:]}
    return _("Anula el pago al proveedor de un gasto pagado, registrado por error (la cuenta equivocada): el gasto "
             "vuelve a quedar por pagar")


# A column's sample is the widest it is made for its values (``fit_columns``): a longer
# text is cut short, whole in its tooltip and in the detail line under the table.
def sale_columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("Fecha"), lambda s: format_date(s.date), align=CENTER, sample="00/00/0000",
                       key=lambda s: (s.date, s.id)),
        SortableColumn(_("Comprador"), lambda s: s.buyer, sample="Agroindustrias Tambopata S.A.C.",
                       key=lambda s: s.buyer.casefold(), tooltip=lambda s: s.buyer),
        SortableColumn(_("Producto"), lambda s: s.product_name, sample="Cacao grano seco",
                       key=lambda s: s.product_name, tooltip=lambda s: s.product_name),
        SortableColumn(_("Certificación"), lambda s: label(s.certification), sample=_("En transición"),
                       key=lambda s: label(s.certification), tooltip=lambda s: label(s.certification)),
        SortableColumn(_("Kilos"), lambda s: kilos(s.kg), align=RIGHT, sample="000,000.000", key=lambda s: s.kg),
        SortableColumn(_("Precio/kg"), lambda s: price_in(s.price, s.currency), align=RIGHT,
                       sample="US$ 000.0000", key=lambda s: (s.currency, s.price),
                       tooltip=lambda s: _("%(price)s por kg") % {"price": price_in(s.price, s.currency)}),
        SortableColumn(_("T. cambio"), lambda s: rate_text(s.exchange_rate), align=RIGHT, sample="0.0000",
                       key=lambda s: s.exchange_rate or ZERO),
        SortableColumn(_("Prima"), lambda s: _extra(s.premium, s.currency), align=RIGHT,
                       sample="US$ 000,000.00", key=lambda s: (s.currency, s.premium)),
        SortableColumn(_("Diferencial"), lambda s: _extra(s.differential, s.currency), align=RIGHT,
                       sample="US$ 000,000.00", key=lambda s: (s.currency, s.differential)),
        SortableColumn(_("Total S/"), lambda s: format_money(s.total_pen), align=RIGHT, sample=MONEY_SAMPLE,
                       key=lambda s: s.total_pen),
        SortableColumn(_("Costo S/"), lambda s: format_money(s.cost), align=RIGHT, sample=MONEY_SAMPLE,
                       key=lambda s: s.cost),
        SortableColumn(_("Estado"), sale_state_short, sample=_("Registrada"), key=sale_state,
                       tooltip=sale_state),
        SortableColumn(_("Factura"), lambda s: s.invoice, sample="F001-00000000", key=lambda s: s.invoice,
                       tooltip=lambda s: s.invoice),
        SortableColumn(_("Contrato"), lambda s: s.contract, sample="C-2026-00000", key=lambda s: s.contract,
                       tooltip=lambda s: s.contract),
        SortableColumn(_("Asiento"), lambda s: s.entry_number, align=CENTER, sample="0000-000000",
                       key=lambda s: s.entry_number),
    ]


SALE_AMOUNTS = {9: "total_pen", 10: "cost"}


def sale_details(s: SaleRow) -> str:
    """The selected sale in words, every figure of its row (the table may be scrolled)."""
    rate = s.exchange_rate
    words = {"date": format_date(s.date), "buyer": s.buyer, "kg": kilos(s.kg), "product": s.product_name,
             "certification": label(s.certification).lower(), "price": price_in(s.price, s.currency),
             "amount": amount_in(s.amount, s.currency)}
    text = _("Venta del %(date)s a %(buyer)s: %(kg)s kg de %(product)s, %(certification)s, a %(price)s por kg = "
             "%(amount)s") % words
    if rate is not None:
        text += " " + _("× %(rate)s = %(soles)s") % {"rate": rate_text(rate),
                                                     "soles": format_money(in_soles(s.amount, rate))}
    for value, name in ((s.differential, _("diferencial orgánico")), (s.premium, _("Prima Comercio Justo"))):
        if value:
            text += "; " + name + " " + amount_in(value, s.currency)
            if rate is not None:
                text += f" ({format_money(in_soles(value, rate))})"
    text += ". " + _("Total %(total)s, costo de venta %(cost)s.") % {"total": format_money(s.total_pen),
                                                                    "cost": format_money(s.cost)}
    references = [_("contrato %(contract)s") % {"contract": s.contract}] if s.contract else []
    if s.invoice:
        references.append(_("factura %(invoice)s") % {"invoice": s.invoice})
    references.append(collected_name(s.debit_account))
    if s.entry_number:
        references.append(_("asiento %(number)s") % {"number": s.entry_number})
    text += "\n" + upper_first(" · ".join(references))
    if s.voided or s.collected_on is not None:
        text += "\n" + sale_state(s)
    return text


SALE_BUYER = 1  # the buyer takes the width left, never less than its names need (up to its sample)


def expense_columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("Fecha"), lambda e: format_date(e.date), align=CENTER, sample="00/00/0000",
                       key=lambda e: (e.date, e.id)),
        SortableColumn(_("Cuenta"), lambda e: f"{e.account} {e.account_name}".strip(),
                       sample="639 Otros servicios de terceros", key=lambda e: e.account,
                       tooltip=lambda e: f"{e.account} {e.account_name}".strip()),
        SortableColumn(_("Descripción"), lambda e: e.description,
                       sample="Remuneraciones del personal de acopio, 00/0000",
                       key=lambda e: e.description.casefold(), tooltip=lambda e: e.description),
        SortableColumn(_("Proveedor"), lambda e: e.supplier, sample="Transportes Inambari",
                       key=lambda e: e.supplier.casefold(), tooltip=lambda e: e.supplier),
        SortableColumn(_("Comprobante"), lambda e: e.reference, sample="B001-00000000", key=lambda e: e.reference,
                       tooltip=lambda e: e.reference),
        SortableColumn(_("Monto"), lambda e: format_money(e.amount), align=RIGHT, sample=MONEY_SAMPLE,
                       key=lambda e: e.amount),
        SortableColumn(_("Pagado con"), lambda e: paid_from_name(e.paid_from),
                       sample=_("Por pagar al proveedor (4212)"), key=lambda e: e.paid_from,
                       tooltip=lambda e: paid_from_name(e.paid_from)),
        SortableColumn(_("Asiento"), lambda e: e.entry_number, align=CENTER, sample="0000-000000",
                       key=lambda e: e.entry_number),
        SortableColumn(_("Estado"), expense_state_short, sample=_("Registrado"), key=expense_state,
                       tooltip=expense_state),
    ]


EXPENSE_AMOUNTS = {5: "amount"}


def expense_details(e: ExpenseRow) -> str:
    """The selected expense in words (the table may be scrolled)."""
    how = paid_from_name(e.paid_from)
    if e.paid_from != SUPPLIERS:
        paid = _("pagado con %(how)s")
    else:
        paid = _("quedó %(how)s") if e.paid_on is not None else _("queda %(how)s")
    paid %= {"how": how[:1].lower() + how[1:]}
    text = _("Gasto del %(date)s: %(description)s, %(amount)s a la cuenta %(account)s %(name)s; %(paid)s.") % {
        "date": format_date(e.date), "description": e.description, "amount": format_money(e.amount),
        "account": e.account, "name": e.account_name, "paid": paid}
    references = [_("proveedor %(supplier)s") % {"supplier": e.supplier}] if e.supplier else []
    if e.reference:
        references.append(_("comprobante %(reference)s") % {"reference": e.reference})
    if e.entry_number:
        references.append(_("asiento %(number)s") % {"number": e.entry_number})
    if references:
        text += "\n" + upper_first(" · ".join(references))
    if e.voided or e.paid_on is not None:
        text += "\n" + expense_state(e)
    return text


EXPENSE_DESCRIPTION = 2  # the description takes the width left


def fit_columns(table: QTableView, columns: Sequence[SortableColumn], rows: Sequence[Any], stretch: int,
                amounts: dict[int, str]) -> None:
    """Each column as wide as its widest value, up to its sample (a longer text is cut
    short, whole in its tooltip), never narrower than its title; the amounts never
    cut short (``fit_amounts``). The stretch column takes the width left, never less
    than its own values need (up to its sample): past that the table scrolls."""
    metrics, header = table.fontMetrics(), table.horizontalHeader()
    titles = header.fontMetrics()
    wanted: dict[int, int] = {}
    for i, column in enumerate(columns):
        if i in amounts:
            continue
        least = titles.horizontalAdvance(column.title) + SORT_ARROW_ROOM
        most = max(least, metrics.horizontalAdvance(column.sample) + COLUMN_PADDING)
        widest = max((metrics.horizontalAdvance(text) for text in {column.text(r) for r in rows}), default=0)
        wanted[i] = max(least, min(most, widest + COLUMN_PADDING))
    fitter = next((c for c in table.children() if isinstance(c, FitColumn)), None)
    if fitter is not None:
        fitter.minimum = wanted.pop(stretch)
    for i, width in wanted.items():
        header.resizeSection(i, width)
    fit_amounts(table, rows, amounts)
    if fitter is not None:
        fitter.fit()


class DocumentsModel(RowsModel):
    """Voided sales and expenses in grey: they count for nothing."""

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.row() < self.rowCount():
            return QBrush(MUTED) if self.row_at(index.row()).voided else None
        return super().data(index, role)


class DateRange(QWidget):
    """«Desde: [x] 01/01/2026  Hasta: [x] 26/11/2026  Quitar filtros», and a search box."""

    changed = Signal()
    searched = Signal(str)

    def __init__(self, search_hint: str, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.since_check = QCheckBox(_("Desde:"))
        self.since = date_edit(date(today.year, 1, 1))
        self.until_check = QCheckBox(_("Hasta:"))
        self.until = date_edit(today)
        for check, edit in ((self.since_check, self.since), (self.until_check, self.until)):
            edit.setKeyboardTracking(False)  # read once the date is typed, not at every digit
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(lambda _on: self.changed.emit())
            edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.clear_button = QPushButton(_("Quitar filtros"))
        self.clear_button.clicked.connect(self.clear)
        self.search = QLineEdit()
        self.search.setPlaceholderText(search_hint)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(min(self.fontMetrics().horizontalAdvance(search_hint) + 40, 280))  # fits 1024 px
        self.search.setToolTip(search_hint)
        self.search.textChanged.connect(self.searched.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        row.addSpacing(12)
        row.addWidget(self.since_check)
        row.addWidget(self.since)
        row.addSpacing(6)
        row.addWidget(self.until_check)
        row.addWidget(self.until)
        row.addSpacing(6)
        row.addWidget(self.clear_button)

    def value(self) -> tuple[date | None, date | None]:
        start = self.since.date().toPython() if self.since_check.isChecked() else None
        end = self.until.date().toPython() if self.until_check.isChecked() else None
        return start, end

    def active(self) -> bool:
        return any(self.value()) or bool(self.search.text().strip())

    def clear(self) -> None:
        for widget in (self.since_check, self.until_check):
            widget.blockSignals(True)
            widget.setChecked(False)
            widget.blockSignals(False)
        self.since.setEnabled(False)
        self.until.setEnabled(False)
        self.search.clear()
        self.changed.emit()


@dataclass
class Tab:
    """What each tab holds: its filter, model, table, buttons, count line, and the
    row to select once its list is read again (a document just recorded)."""

    filter: DateRange
    model: DocumentsModel
    table: QTableView
    new_button: QPushButton
    void_button: QPushButton
    count: QLabel
    detail: QLabel
    describe: Callable[[Any], str]
    columns: Sequence[SortableColumn]
    stretch: int
    amounts: dict[int, str]
    asked: tuple | None = None
    select_id: int | None = None
    collect_button: QPushButton | None = None  # sales only: «Cobrar…»
    uncollect_button: QPushButton | None = None  # sales only: «Anular cobro…»
    pay_button: QPushButton | None = None  # expenses only: «Pagar…»
    unpay_button: QPushButton | None = None  # expenses only: «Anular pago…»
    credit_action: QAction | None = None  # sales only: «Nota de crédito…» (right-click: the row of buttons is full)


class SalesView(Screen):
    status_message = Signal(str)  # for the main window's status bar

    SALES, EXPENSES = range(2)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.products: list[ProductRow] = []
        self.accounts: list[tuple[str, str]] = []
        self.parties: list = []            # the registered buyers and suppliers (core.registers.PartyRow)
        self._ready = False
        self.sales_tab = self._tab(sale_columns(), SALE_BUYER, SALE_AMOUNTS, _("Nueva venta…"), self.new_sale,
                                   _("Buscar por comprador, contrato, factura o producto"), self.void_sale,
                                   lambda s: " ".join((s.buyer, s.contract, s.invoice, s.product_name)),
                                   sale_details)
        self.sales_tab.collect_button = QPushButton(_("Cobrar…"))
        self.sales_tab.collect_button.clicked.connect(self.collect_sale)
        give_shortcut(self.sales_tab.collect_button, "Ctrl+Shift+B")  # coBrar
        self.sales_tab.uncollect_button = QPushButton(_("Anular cobro…"))
        self.sales_tab.uncollect_button.clicked.connect(self.cancel_collection)
        self.sales_tab.credit_action = QAction(_("Nota de crédito…"), self.sales_tab.table)
        self.sales_tab.credit_action.triggered.connect(self.credit_note)
        self.sales_tab.table.insertAction(self.sales_tab.table.actions()[0], self.sales_tab.credit_action)
        self.expenses_tab = self._tab(expense_columns(), EXPENSE_DESCRIPTION, EXPENSE_AMOUNTS, _("Nuevo gasto…"),
                                      self.new_expense, _("Buscar por descripción, proveedor, comprobante o cuenta"),
                                      self.void_expense,
                                      lambda e: " ".join((e.description, e.supplier, e.reference, e.account,
                                                          e.account_name)),
                                      expense_details)
        self.expenses_tab.pay_button = QPushButton(_("Pagar…"))
        self.expenses_tab.pay_button.clicked.connect(self.pay_expense)
        self.expenses_tab.unpay_button = QPushButton(_("Anular pago…"))
        self.expenses_tab.unpay_button.clicked.connect(self.cancel_payment)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._page(self.sales_tab, _(
            "Cada venta registra su asiento al instante: por cobrar (o banco, o caja) contra ventas, el diferencial "
            "orgánico y la Prima Comercio Justo, cada uno en su cuenta, y el costo de los kilos vendidos al costo "
            "promedio del almacén. Una venta no se corrige: se anula (su asiento se revierte) y se registra de "
            "nuevo. Cuando el comprador paga una venta por cobrar, «Cobrar…» registra lo que entró al banco o a la "
            "caja (en dólares, al tipo de cambio del día).")), _("Ventas"))
        self.tabs.addTab(self._page(self.expenses_tab, _(
            "Cada gasto registra su asiento al instante: su cuenta contra caja, banco o la deuda con el proveedor. "
            "Un gasto no se corrige: se anula (su asiento se revierte) y se registra de nuevo. Cuando se paga al "
            "proveedor un gasto por pagar, «Pagar…» registra lo que salió del banco o de la caja.")), _("Gastos"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.tabs)
        runner.changed.connect(self.on_changes)
        runner.book_opened.connect(lambda _book: self.when_visible(self.reload))
        self._enable()

    # -- building ------------------------------------------------------------------------------

    def _tab(self, columns: Sequence[SortableColumn], stretch: int, amounts: dict[int, str], new_text: str,
             new_slot: Callable[[], None], search_hint: str, void_slot: Callable[[], None],
             search_key: Callable[[Any], str], describe: Callable[[Any], str]) -> Tab:
        model = DocumentsModel(columns, search_key=search_key, parent=self)
        table = sorted_table(model, columns, stretch=stretch)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        new_button = QPushButton(new_text)
        new_button.clicked.connect(new_slot)
        void_button = QPushButton(_("Anular…"))
        void_button.setToolTip(_(VOID_TIP))
        void_button.clicked.connect(void_slot)
        count = QLabel()
        count.setTextFormat(Qt.TextFormat.PlainText)
        detail = QLabel()
        detail.setTextFormat(Qt.TextFormat.PlainText)
        detail.setWordWrap(True)
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        detail.setMinimumHeight(detail.fontMetrics().lineSpacing() * 3 + 4)
        detail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        tab = Tab(DateRange(search_hint, self.runner.today()), model, table, new_button, void_button, count, detail, describe, columns,
                  stretch, amounts)
        tab.filter.changed.connect(lambda: self._filter_changed(tab))
        tab.filter.searched.connect(lambda text: self._searched(tab, text))
        table.selectionModel().selectionChanged.connect(lambda *_args: self._enable())
        model.modelReset.connect(self._enable)
        return tab

    def _page(self, tab: Tab, explanation: str) -> QWidget:
        actions = QHBoxLayout()
        actions.addWidget(tab.new_button)
        actions.addWidget(tab.void_button)
        for button in (tab.collect_button, tab.uncollect_button, tab.pay_button, tab.unpay_button):
            if button is not None:
                actions.addWidget(button)
        actions.addSpacing(16)
        actions.addWidget(tab.count, 1)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(hint(explanation))
        column.addWidget(tab.filter)
        column.addLayout(actions)
        column.addWidget(tab.table, 1)
        column.addWidget(tab.detail)
        return page

    # -- loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        self._stale = False
        self.runner.run(lambda book: (book.products.list(), book.expenses.accounts(), book.parties.list()),
                        self._meta_loaded, owner=self)
        self.load(self.sales_tab)
        self.load(self.expenses_tab)

    def on_changes(self, changes: Changes) -> None:
        # sales and expenses announce an empty Changes (voiding them, reference=True); a closed
        # period or a new account changes what the dialogs may record: any change may concern this
        self.when_visible(self.reload)

    def _meta_loaded(self, meta: tuple[list[ProductRow], list[tuple[str, str]], list]) -> None:
        self.products, self.accounts, self.parties = meta
        self._ready = True
        self._enable()

    def load(self, tab: Tab) -> None:
        start, end = asked = tab.filter.value()
        tab.asked = asked
        documents = self.sales_tab is tab
        self.runner.run(lambda book: (book.sales if documents else book.expenses).list(start, end),
                        lambda rows: self._loaded(tab, asked, rows), owner=self)

    def _filter_changed(self, tab: Tab) -> None:
        if tab.filter.value() != tab.asked:
            self.load(tab)
        else:
            self._searched(tab, tab.filter.search.text())

    def _searched(self, tab: Tab, text: str) -> None:
        keep = self.selected(tab)
        tab.model.filter(text)
        self._show_count(tab)
        self._select(tab, keep.id if keep is not None else None)

    def _loaded(self, tab: Tab, asked: tuple, rows: list) -> None:
        if asked != tab.asked:
            return  # the dates changed since: their own reading is on its way
        keep = tab.select_id if tab.select_id is not None else getattr(self.selected(tab), "id", None)
        tab.select_id = None
        tab.model.set_rows(rows)
        tab.model.filter(tab.filter.search.text())
        fit_columns(tab.table, tab.columns, rows, tab.stretch, tab.amounts)
        self._show_count(tab)
        self._select(tab, keep)

    def _select(self, tab: Tab, wanted: int | None) -> None:
        row = tab.model.row_of(lambda r: r.id == wanted) if wanted is not None else None
        if row is None:
            tab.table.clearSelection()
            tab.table.setCurrentIndex(tab.model.index(-1, -1))
        else:
            tab.table.selectRow(row)
            tab.table.scrollTo(tab.model.index(row, 0))
        self._enable()

    def _show_count(self, tab: Tab) -> None:
        shown = tab.model.shown()
        counted = [r for r in shown if not r.voided]
        voided = len(shown) - len(counted)
        if tab is self.sales_tab:
            if not shown:
                tab.count.setText(_("No hay ventas con estos filtros.") if tab.filter.active() else
                                  _("Aún no hay ventas: registre la primera con «Nueva venta…»."))
                return
            text = ngettext("%(n)s venta", "%(n)s ventas", len(counted)) % {"n": format_number(len(counted))}
            # the premium goes to its fund (46993), not to sales: apart, when there is one
            sales = sum((sale_income(s) for s in counted), ZERO)
            premium = sum((in_soles(s.premium, s.exchange_rate) for s in counted), ZERO)
            text += " · " + _("ventas %(sales)s") % {"sales": format_money(sales)}
            if premium:
                text += " · " + _("prima de Comercio Justo %(premium)s") % {"premium": format_money(premium)}
            text += " · " + _("costo %(cost)s") % {"cost": format_money(sum((s.cost for s in counted), ZERO))}
            if voided:
                text += " · " + ngettext("%(n)s anulada, sin contar", "%(n)s anuladas, sin contar", voided) % {
                    "n": format_number(voided)}
        else:
            if not shown:
                tab.count.setText(_("No hay gastos con estos filtros.") if tab.filter.active() else
                                  _("Aún no hay gastos: registre el primero con «Nuevo gasto…»."))
                return
            text = ngettext("%(n)s gasto", "%(n)s gastos", len(counted)) % {"n": format_number(len(counted))}
            text += " · " + _("total %(total)s") % {"total": format_money(sum((e.amount for e in counted), ZERO))}
            if voided:
                text += " · " + ngettext("%(n)s anulado, sin contar", "%(n)s anulados, sin contar", voided) % {
                    "n": format_number(voided)}
        tab.count.setText(text)

    def selected(self, tab: Tab) -> Any | None:
        index = tab.table.currentIndex()
        if not index.isValid() or index.row() >= tab.model.rowCount():
            return None
        if not tab.table.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return tab.model.row_at(index.row())

    def _enable(self) -> None:
        for tab in (self.sales_tab, self.expenses_tab):
            tab.new_button.setEnabled(self._ready)
            chosen = self.selected(tab)
            # a collected sale or a paid expense is not voided: a refund is an entry
            settled = getattr(chosen, "collected_on" if tab is self.sales_tab else "paid_on", None) is not None
            tab.void_button.setEnabled(self._ready and chosen is not None and not chosen.voided and not settled)
            settled_tip = COLLECTED_VOID_TIP if tab is self.sales_tab else PAID_VOID_TIP
            tab.void_button.setToolTip(_(settled_tip) if settled else _(VOID_TIP))
            cancellable = self._ready and chosen is not None and not chosen.voided and settled
            if tab.collect_button is not None:
                tab.collect_button.setEnabled(self._ready and chosen is not None and collectable(chosen))
                tab.collect_button.setToolTip(f"{collect_tip(chosen)} "
                                              f"({tab.collect_button.shortcut().toString(NATIVE)})")
            if tab.uncollect_button is not None:
                tab.uncollect_button.setEnabled(cancellable)
                tab.uncollect_button.setToolTip(uncollect_tip(chosen))
            if tab.pay_button is not None:
                tab.pay_button.setEnabled(self._ready and chosen is not None and payable(chosen))
                tab.pay_button.setToolTip(pay_tip(chosen))
            if tab.unpay_button is not None:
                tab.unpay_button.setEnabled(cancellable)
                tab.unpay_button.setToolTip(unpay_tip(chosen))
            if tab.credit_action is not None:  # the core says if the sale has no comprobante or nothing left
                tab.credit_action.setEnabled(self._ready and chosen is not None and not chosen.voided)
            tab.detail.setText(tab.describe(chosen) if chosen is not None else "")
            tab.detail.setStyleSheet(f"color: {MUTED.name()};" if chosen is not None and chosen.voided else "")

    # -- the actions -------------------------------------------------------------------------------

    def _default_day(self, tab: Tab) -> date:
        _start, end = tab.filter.value()
        return min(end or self.runner.today(), self.runner.today())

    def new_sale(self) -> None:
        if not self._ready:
            return
        dialog = SaleDialog(self, self.runner, self.products, self._default_day(self.sales_tab), self.parties)
        if self._run(self.sales_tab, dialog, dialog.recorded):
            self.status_message.emit(_("Venta registrada con su asiento."))

    def new_expense(self) -> None:
        if not self._ready:
            return
        dialog = ExpenseDialog(self, self.runner, self.accounts, self._default_day(self.expenses_tab), self.parties)
        if self._run(self.expenses_tab, dialog, dialog.recorded):
            self.status_message.emit(_("Gasto registrado con su asiento."))

    def _run(self, tab: Tab, dialog, recorded: list[int]) -> bool:
        """Show a dialog that records a document; once saved, that document is the one
        selected (its list may have been read again before ``exec`` returns)."""
        try:
            if not dialog.exec() or not recorded:
                return False
            tab.filter.search.clear()  # the new document is shown, whatever was searched
            row = tab.model.row_of(lambda r: r.id == recorded[0])
            if row is None:
                tab.select_id = recorded[0]  # its reading is on its way
            else:
                self._select(tab, recorded[0])
            return True
        finally:
            dialog.deleteLater()

    def void_sale(self) -> None:
        sale = self.selected(self.sales_tab)
        if sale is None or sale.voided or sale.collected_on is not None:
            return
        if VoidSaleDialog.ask(self, self.runner, sale) is not None:
            self.status_message.emit(_("Venta anulada; su asiento se revirtió."))

    def collect_sale(self) -> None:
        sale = self.selected(self.sales_tab)
        if not self._ready or sale is None or not collectable(sale):
            return
        if CollectSaleDialog.ask(self, self.runner, sale) is not None:
            self.status_message.emit(_("Cobro registrado con su asiento."))

    def cancel_collection(self) -> None:
        sale = self.selected(self.sales_tab)
        if not self._ready or sale is None or sale.voided or sale.collected_on is None:
            return
        if CancelCollectionDialog.ask(self, self.runner, sale) is not None:
            self.status_message.emit(_("Cobro anulado; su asiento se revirtió y la venta queda por cobrar."))

    def credit_note(self) -> None:
        from coopdesk.gui.sales.credit_note_dialog import CreditNoteDialog

        sale = self.selected(self.sales_tab)
        if not self._ready or sale is None or sale.voided:
            return
        if CreditNoteDialog.ask(self, self.runner, sale) is not None:
            self.status_message.emit(_("Nota de crédito registrada con su asiento."))

    def pay_expense(self) -> None:
        expense = self.selected(self.expenses_tab)
        if not self._ready or expense is None or not payable(expense):
            return
        if PayExpenseDialog.ask(self, self.runner, expense) is not None:
            self.status_message.emit(_("Pago al proveedor registrado con su asiento."))

    def void_expense(self) -> None:
        expense = self.selected(self.expenses_tab)
        if expense is None or expense.voided or expense.paid_on is not None:
            return
        if VoidExpenseDialog.ask(self, self.runner, expense) is not None:
            self.status_message.emit(_("Gasto anulado; su asiento se revirtió."))

    def cancel_payment(self) -> None:
        expense = self.selected(self.expenses_tab)
        if not self._ready or expense is None or expense.voided or expense.paid_on is None:
            return
        if CancelPaymentDialog.ask(self, self.runner, expense) is not None:
            self.status_message.emit(_("Pago al proveedor anulado; su asiento se revirtió y el gasto queda por pagar."))

"""Ventas y gastos: what writes them.

* ``SaleDialog`` (Nueva venta): the buyer, contract and invoice, the product and
  its certification with what the almacén holds of them (kilos and their cost of
  acopio, read on the worker), the kilos, the currency (the exchange rate only
  for US$), the price per kg, the Fairtrade Premium and the organic
  differential, and how it is collected. The amount, its value in soles and the
  total are shown live, rounded as the core rounds them (each part to the
  céntimo of its currency, then to soles), and the cost of the kilos sold; the
  dialog grows to show every line of them. Before
  recording, what the treasurer should know (selling more kilos than the almacén
  holds) is shown in a box she answers: it never refuses.
* ``ExpenseDialog`` (Nuevo gasto): the account it is charged to, what it was,
  the amount, what paid it (caja, banco, or owed to the supplier).
* ``CollectSaleDialog`` (Cobrar): the buyer paid a sale por cobrar (1212): the
  sale and what is owed in words, the day, where the money went (banco or caja)
  and, for a US$ sale, the day's exchange rate with a live line of what came in
  soles and the exchange gain or loss, computed as the core posts it.
* ``PayExpenseDialog`` (Pagar): an expense owed to the supplier (4212) is paid:
  the expense and what is owed in words, the day, where the money came from
  (banco or caja). It and Cobrar are a ``PaymentDialog``: the document in
  words, the day (never before it), the bank or cash, the line of what posts.
* ``VoidSaleDialog``, ``VoidExpenseDialog``: why it is voided; its entry is
  reversed today and the document stays, marked.
* ``CancelCollectionDialog``, ``CancelPaymentDialog`` (Anular cobro, Anular
  pago): a collection or supplier payment recorded by mistake (a wrong rate, the
  wrong account), and why: its entry is reversed today and the sale is por
  cobrar again (the expense por pagar), to be collected (paid) right.

Every problem lands under its field (``FormDialog``). The core's ``record``
returns the new id, not ``Changes``: the dialogs announce an empty ``Changes()``
(the screen and Contabilidad reload on any change) and keep the id they got.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QWidget

from coopdesk.core import Changes, InvalidInput
from coopdesk.core.dto import ProductRow
from coopdesk.core.sales import ExpenseRow, SaleRow, Stock
from coopdesk.domain import limits
from coopdesk.domain.catalog import Certification
from coopdesk.domain.money import CENT, CENTIMO, ZERO
from coopdesk.domain.postings import (
    BANK,
    CASH,
    EXPENSE_PAID_FROM,
    RECEIVABLE,
    SALE_DEBIT_ACCOUNTS,
    SUPPLIERS,
    sale_cost,
)
from coopdesk.domain.problems import Problem
from coopdesk.domain.reading import read_decimal
from coopdesk.domain.sales import CURRENCIES, ExpenseInput, SaleInput, check_expense, check_sale
from coopdesk.core.registers import PartyRow
from coopdesk.gui.kit.forms import FormDialog
from coopdesk.gui.sales.comprobante_fields import ComprobanteFields
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import choice_combo, combo_value, date_edit, number_edit, select_value, set_choices
from coopdesk.i18n import N_, _, label
from coopdesk.i18n.formatting import format_date, format_money, format_number

HINT_STYLE = "color: #4a4a4a;"
GAIN_COLOR, LOSS_COLOR = "#1b5e20", "#8d4004"  # an exchange gain, a loss: figures, not errors (those are red)
PEN, USD = CURRENCIES
SYMBOLS = {PEN: "S/", USD: "US$"}
CURRENCY_NAMES = {PEN: N_("Soles (S/)"), USD: N_("Dólares (US$)")}
SALE_DEBIT_NAMES = {"1212": N_("Por cobrar al comprador (1212)"), "1041": N_("Banco (1041)"),
                    "101": N_("Caja (101)")}
MONEY_CHOICES = (BANK, CASH)  # where a payment goes into or comes out of: the bank first, it is the usual
PAID_FROM_NAMES = {"101": N_("Caja (101)"), "1041": N_("Banco (1041)"), "4212": N_("Por pagar al proveedor (4212)")}


# -- words ------------------------------------------------------------------------------


def symbol(currency: str) -> str:
    return SYMBOLS.get(currency, currency)


def currency_name(currency: str) -> str:
    return _(CURRENCY_NAMES[currency]) if currency in CURRENCY_NAMES else currency


def collected_name(account: str) -> str:
    """How a sale is collected: «Por cobrar al comprador (1212)», «Banco (1041)», «Caja (101)»."""
    return _(SALE_DEBIT_NAMES[account]) if account in SALE_DEBIT_NAMES else account


def cooperative_act_box(text: str, tip: str) -> QCheckBox:
    """Whether a sale or an expense is an acto cooperativo (Ley 31335): checked by default."""
    box = QCheckBox(text)
    box.setChecked(True)
    box.setToolTip(tip)
    return box


def paid_from_name(account: str) -> str:
    """What paid an expense: «Caja (101)», «Banco (1041)», «Por pagar al proveedor (4212)»."""
    return _(PAID_FROM_NAMES[account]) if account in PAID_FROM_NAMES else account


def amount_in(value: Decimal, currency: str) -> str:
    """An amount in its currency: «S/ 1,234.56» or «US$ 600.00»."""
    if currency == PEN:
        return format_money(value)
    return f"{symbol(currency)}\u00a0{format_number(value, 2)}"


def price_places(price: Decimal) -> int:
    """A price per kg shows two decimals, four when it has them (6.1234)."""
    return 2 if price == price.quantize(CENT) else 4


def price_in(price: Decimal, currency: str) -> str:
    """«US$ 6.00», «S/ 18.5025»."""
    return f"{symbol(currency)}\u00a0{format_number(price, price_places(price))}"


def kilos(kg: Decimal) -> str:
    """«100.00», «120.125» (grams only when they matter), no unit: the column says kg."""
    return format_number(kg, 2 if kg == kg.quantize(CENT) else 3)


def rate_text(rate: Decimal | None) -> str:
    return format_number(rate, 4) if rate is not None else ""


def in_soles(value: Decimal, rate: Decimal | None) -> Decimal:
    """As the core converts each part of a sale: to the céntimo, half up."""
    return value if rate is None else CENTIMO(value * rate)


def stock_text(stock: Stock | None, product: str, certification: str) -> str:
    if stock is None:
        return ""
    words = {"product": product, "certification": label(certification).lower()}
    if stock.kg <= ZERO:
        return _("En almacén no figuran kilos de %(product)s, %(certification)s (entregas menos ventas).") % words
    average = CENTIMO(stock.value / stock.kg) if stock.value > ZERO else ZERO
    return _("En almacén: %(kg)s kg de %(product)s, %(certification)s; costo de acopio %(value)s "
             "(%(average)s por kg).") % {**words, "kg": kilos(stock.kg), "value": format_money(stock.value),
                                         "average": format_money(average)}


def hint(text: str = "") -> QLabel:
    shown = QLabel(text)
    shown.setWordWrap(True)
    shown.setTextFormat(Qt.TextFormat.PlainText)
    shown.setStyleSheet(HINT_STYLE)
    return shown


def _summary(dialog: FormDialog, text: str, note: str) -> None:
    shown = QLabel(text)
    shown.setWordWrap(True)
    shown.setTextFormat(Qt.TextFormat.PlainText)
    shown.setStyleSheet("font-weight: bold;")
    dialog.form.addRow(shown)
    dialog.form.addRow(hint(note))


def _text_edit(limit: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(limit)
    edit.setPlaceholderText(placeholder)
    return edit


def _read(problems: list[Problem], edit: QLineEdit, field: str, default: Decimal | None = None) -> Decimal | None:
    """The number typed, ``default`` when the field is empty, None (and its problem) when unreadable."""
    if not edit.text().strip():
        return default
    value, found = read_decimal(edit.text(), field)
    problems += found
    return None if found else value


def _all_problems(read: list[Problem], checked: list[Problem]) -> None:
    """What could not be read and what the domain finds in the rest, all at once
    (a field that could not be read says only that)."""
    unread = {p.field for p in read}
    problems = read + [p for p in checked if p.field not in unread]
    if problems:
        raise InvalidInput(problems)


# -- a sale -----------------------------------------------------------------------------


class SaleDialog(FormDialog):
    """``SaleDialog(parent, runner, products)``; after ``exec()``, ``recorded`` holds the new sale's id."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, products: Sequence[ProductRow],
                 day: date | None = None, parties: Sequence[PartyRow] = ()):
        super().__init__(parent, runner, _("Nueva venta"), save_text=_("Registrar venta"))
        self.recorded: list[int] = []
        self._products = {p.code: p for p in products}
        self._stock: Stock | None = None
        self._stock_for: tuple[str, str] | None = None
        self._data: SaleInput | None = None
        today = self.runner.today()

        self.date = self.add_field("date", _("Fecha:"), date_edit(min(day or today, today), maximum=today))
        self.buyer = self.add_field("buyer", _("Comprador:"), _text_edit(
            limits.NAME, _("Por ejemplo: Exportadora del Sur S.A.C.")))
        self.contract = self.add_field("contract", _("Contrato:"), _text_edit(limits.REFERENCE, _("Opcional")))
        self.invoice = self.add_field("invoice", _("Referencia:"), _text_edit(
            limits.REFERENCE, _("Factura u otro documento, por ejemplo F001-000045")))
        self.document = ComprobanteFields(self, parties, purchase=False)
        self.product = self.add_field("product_code", _("Producto:"), choice_combo(
            [(p.code, p.name) for p in products], _("Elija el producto…")))
        self.certification = self.add_field("certification", _("Certificación:"), choice_combo(
            [(c.value, label(c)) for c in Certification], _("Elija la certificación…")))
        self.stock_label = hint()
        self.form.addRow("", self.stock_label)
        self.kg = self.add_field("kg", _("Kilos vendidos:"), number_edit("0.000"), beside=QLabel("kg"))
        self.currency = self.add_field("currency", _("Moneda:"), choice_combo(
            [(c, currency_name(c)) for c in CURRENCIES]))
        self.rate = self.add_field("exchange_rate", _("Tipo de cambio:"), number_edit("3.7450"),
                                   beside=QLabel(_("S/ por US$")))
        self.price_unit = QLabel()
        self.price = self.add_field("price", _("Precio por kg:"), number_edit("0.00"), beside=self.price_unit)
        self.premium_unit, self.differential_unit = QLabel(), QLabel()
        self.premium = self.add_field("premium", _("Prima Comercio Justo:"), number_edit("0.00"),
                                      beside=self.premium_unit)
        self.differential = self.add_field("differential", _("Diferencial orgánico:"), number_edit("0.00"),
                                           beside=self.differential_unit)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        self.figures.setStyleSheet("font-weight: bold; color: #1b5e20;")
        self.figures.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.addRow("", self.figures)
        self.debit_account = self.add_field("debit_account", _("Se cobra:"), choice_combo(
            [(a, collected_name(a)) for a in SALE_DEBIT_ACCOUNTS]))
        self.debit_account.setToolTip(_("Por cobrar: la factura queda pendiente de cobro. Banco o caja: el "
                                        "comprador ya pagó."))
        self.cooperative_act = cooperative_act_box(
            _("Acto cooperativo (la venta del producto de los socios)"),
            _("Ley 31335: la cooperativa que coloca en el mercado el producto de sus socios actúa como su mandataria, "
              "y la venta es acto cooperativo (inafecto). Desmárquelo para una venta que no lo es, por ejemplo de "
              "producto comprado a terceros: su resultado paga impuesto a la renta."))
        self.add_field("cooperative_act", "", self.cooperative_act)

        select_value(self.currency, PEN)
        select_value(self.debit_account, SALE_DEBIT_ACCOUNTS[0])
        for unit in (self.price_unit, self.premium_unit, self.differential_unit):
            unit.setMinimumWidth(unit.fontMetrics().horizontalAdvance("US$ por kg") + 8)
        self.premium.setToolTip(_("La Prima Comercio Justo (Fairtrade) de esta venta, en la moneda de la venta. "
                                  "Va a su fondo (46993), no a ventas."))
        self.differential.setToolTip(_("El diferencial orgánico que paga el comprador aparte del precio, en la "
                                       "moneda de la venta."))
        self.rate.setToolTip(_("Soles por dólar del día de la venta, con cuatro decimales como máximo"))
        for edit in (self.kg, self.price, self.rate, self.premium, self.differential):
            edit.textChanged.connect(self._recompute)
        self.currency.currentIndexChanged.connect(self._currency_chosen)
        self.product.currentIndexChanged.connect(self._load_stock)
        self.certification.currentIndexChanged.connect(self._load_stock)
        self.setMinimumWidth(640)
        self._currency_chosen()

    # -- live figures ---------------------------------------------------------------------

    def _currency_chosen(self) -> None:
        currency = combo_value(self.currency) or PEN
        dollars = currency == USD
        self.rate.setEnabled(dollars)
        if not dollars:
            self.rate.clear()
        self.price_unit.setText(_("%(symbol)s por kg") % {"symbol": symbol(currency)})
        self.premium_unit.setText(symbol(currency))
        self.differential_unit.setText(symbol(currency))
        self._recompute()

    def _load_stock(self) -> None:
        code, certification = combo_value(self.product), combo_value(self.certification)
        self._stock, self._stock_for = None, None
        if not code or not certification:
            self.stock_label.setText("")
            self._recompute()
            return
        asked = (code, certification)
        self.stock_label.setText(_("Consultando el almacén…"))
        self.runner.run(lambda book: book.sales.stock_of(code, certification),
                        lambda stock: self._stock_loaded(asked, stock), owner=self)

    def _stock_loaded(self, asked: tuple[str, str], stock: Stock | None) -> None:
        if asked != (combo_value(self.product), combo_value(self.certification)):
            return  # another product or certification was chosen since: its own reading is on its way
        self._stock, self._stock_for = stock, asked
        product = self._products.get(asked[0])
        self.stock_label.setText(stock_text(stock, product.name if product else asked[0], asked[1]))
        self._recompute()

    def _typed(self) -> tuple:
        """The currency and the figures as typed: (currency, problems, kg, price, rate, premium, differential)."""
        currency = combo_value(self.currency) or PEN
        problems: list[Problem] = []
        kg = _read(problems, self.kg, "kg")
        price = _read(problems, self.price, "price")
        rate = _read(problems, self.rate, "exchange_rate") if currency == USD else None
        premium = _read(problems, self.premium, "premium", ZERO)
        differential = _read(problems, self.differential, "differential", ZERO)
        return currency, problems, kg, price, rate, premium, differential

    def _recompute(self) -> None:
        """The amount, its soles and the total as the core will store them; the cost of the kilos."""
        currency, problems, kg, price, rate, premium, differential = self._typed()
        lines: list[str] = []
        usable = (kg is not None and kg > ZERO and price is not None and price >= ZERO and not problems
                  and premium >= ZERO and differential >= ZERO)
        if usable:
            amount = CENTIMO(kg * price)
            money_in = amount_in(amount, currency)
            lines.append(_("Importe: %(kg)s kg × %(price)s = %(amount)s") % {
                "kg": kilos(kg), "price": price_in(price, currency), "amount": money_in})
            extras = CENTIMO(premium) + CENTIMO(differential)
            if currency == PEN:
                if extras:
                    lines.append(_("Total con prima y diferencial: %(total)s") % {
                        "total": format_money(amount + extras)})
            elif rate is not None and rate > ZERO:
                soles = in_soles(amount, rate)
                lines.append(_("%(amount)s × %(rate)s = %(soles)s") % {
                    "amount": money_in, "rate": rate_text(rate), "soles": format_money(soles)})
                parts = [soles, in_soles(CENTIMO(differential), rate), in_soles(CENTIMO(premium), rate)]
                if extras:
                    lines.append(_("Total con prima y diferencial: %(total)s = %(soles)s") % {
                        "total": amount_in(amount + extras, currency), "soles": format_money(sum(parts, ZERO))})
            else:
                lines.append(_("Escriba el tipo de cambio para ver el importe en soles."))
        stock = self._stock
        if kg is not None and kg > ZERO and stock is not None and not problems:
            cost = sale_cost(stock.kg, stock.value, kg)
            if kg > stock.kg:
                lines.append(_("No hay tantos kilos en el almacén: revise los kilos, el producto o la "
                               "certificación."))
            else:
                lines.append(_("Costo de venta de estos kilos: %(cost)s") % {"cost": format_money(cost)})
        self.figures.setText("\n".join(lines))
        self.figures.setVisible(bool(lines))
        self._fit_texts()

    def _fit_texts(self) -> None:
        """What the almacén holds and the live figures keep the height of all their
        lines (four figures, five when a long one wraps): never squeezed, the dialog
        grows to show them."""
        shown = self.isVisible()
        if shown:
            self.layout().activate()  # the labels at the width they will have
        for text in (self.stock_label, self.figures):
            if not text.text():
                text.setMinimumHeight(0)
            elif shown and not text.isHidden():
                text.setMinimumHeight(0)  # heightForWidth never answers less than the minimum height
                text.setMinimumHeight(text.heightForWidth(text.width()))
            else:  # not laid out yet: a line each, until it is shown
                text.setMinimumHeight(text.fontMetrics().lineSpacing() * (text.text().count("\n") + 1))
        if shown:
            self.layout().activate()
            short = self._overlap()
            if short > 0:  # no room left in the dialog: it grows by what the rows lack
                self.resize(self.width(), self.height() + short)

    def _overlap(self) -> int:
        """How far the form's rows run into each other: a widget is never made smaller
        than its minimum height, so a dialog too short for them overlaps its rows."""
        spans = []
        for row in range(self.form.rowCount()):
            widgets = [item.widget() for role in QFormLayout.ItemRole
                       if (item := self.form.itemAt(row, role)) is not None and item.widget() is not None]
            shown = [w.geometry() for w in widgets if not w.isHidden()]
            if shown:
                spans.append((min(r.top() for r in shown), max(r.bottom() for r in shown)))
        spacing = self.form.verticalSpacing()
        return sum(max(0, above[1] + 1 + spacing - below[0]) for above, below in zip(spans, spans[1:]))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit_texts()

    def resizeEvent(self, event) -> None:
        """A narrower dialog wraps the texts on more lines (they keep their room), a
        wider one on fewer (they give it back)."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width() and (self.stock_label.text() or self.figures.text()):
            QTimer.singleShot(0, self, self._fit_texts)  # once this resize is over

    # -- saving -----------------------------------------------------------------------------

    def read(self) -> SaleInput:
        """What was typed, as the core takes it; every problem at once (``InvalidInput``)."""
        currency, problems, kg, price, rate, premium, differential = self._typed()
        data = SaleInput(self.date.date().toPython(), self.buyer.text(), combo_value(self.product),
                         combo_value(self.certification), kg, price, currency, rate,
                         premium if premium is not None else ZERO,
                         differential if differential is not None else ZERO,
                         self.contract.text(), self.invoice.text() or self.document.reference(),
                         combo_value(self.debit_account), self.cooperative_act.isChecked(), *self.document.values())
        checked = check_sale(data, self.runner.today())
        if not data.product_code:
            checked.append(Problem("product_code", N_("Elija el producto.")))
        _all_problems(problems, checked)
        return data

    def prepare(self):
        data = self._data = self.read()
        recorded = self.recorded

        def work(book) -> Changes:
            recorded.append(book.sales.record(data))
            return Changes()

        return work



# -- an expense ----------------------------------------------------------------------------


class ExpenseDialog(FormDialog):
    """``ExpenseDialog(parent, runner, accounts)``; after ``exec()``, ``recorded`` holds the new expense's id."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, accounts: Sequence[tuple[str, str]],
                 day: date | None = None, parties: Sequence[PartyRow] = ()):
        super().__init__(parent, runner, _("Nuevo gasto"), save_text=_("Registrar gasto"))
        self.recorded: list[int] = []
        today = self.runner.today()
        self.date = self.add_field("date", _("Fecha:"), date_edit(min(day or today, today), maximum=today))
        self.account = self.add_field("account", _("Cuenta:"), choice_combo(
            [(code, f"{code} — {name}") for code, name in accounts], _("Elija la cuenta del gasto…")))
        self.account.setMaxVisibleItems(16)
        self.description = self.add_field("description", _("Descripción:"), _text_edit(
            limits.DESCRIPTION, _("Por ejemplo: flete de cacao a Puerto Maldonado")))
        self.amount = self.add_field("amount", _("Monto:"), number_edit("0.00"), beside=QLabel("S/"))
        self.paid_from = self.add_field("paid_from", _("Pagado con:"), choice_combo(
            [(a, paid_from_name(a)) for a in EXPENSE_PAID_FROM]))
        self.supplier = self.add_field("supplier", _("Proveedor:"), _text_edit(limits.NAME, _("Opcional")))
        self.reference = self.add_field("reference", _("Referencia:"), _text_edit(
            limits.REFERENCE, _("Boleta o factura, por ejemplo B001-000332")))
        self.document = ComprobanteFields(self, parties, purchase=True)
        self.cooperative_act = cooperative_act_box(
            _("Gasto de un acto cooperativo"),
            _("Desmárquelo cuando el gasto es de una operación que no es acto cooperativo (Ley 31335): se descuenta "
              "del resultado que paga impuesto a la renta."))
        self.add_field("cooperative_act", "", self.cooperative_act)
        select_value(self.paid_from, EXPENSE_PAID_FROM[0])
        self.paid_from.setToolTip(_("Por pagar al proveedor: el gasto queda como deuda con el proveedor hasta que "
                                    "se le pague."))
        self.setMinimumWidth(600)

    def set_accounts(self, accounts: Sequence[tuple[str, str]]) -> None:
        set_choices(self.account, [(code, f"{code} — {name}") for code, name in accounts])

    def read(self) -> ExpenseInput:
        problems: list[Problem] = []
        amount = _read(problems, self.amount, "amount")
        data = ExpenseInput(self.date.date().toPython(), combo_value(self.account), self.description.text(), amount,
                            combo_value(self.paid_from), self.supplier.text(),
                            self.reference.text() or self.document.reference(), self.cooperative_act.isChecked(),
                            *self.document.values())
        checked = check_expense(data, self.runner.today())
        if not data.account:
            checked.append(Problem("account", N_("Elija la cuenta del gasto.")))
        _all_problems(problems, checked)
        return data

    def prepare(self):
        data = self.read()
        recorded = self.recorded

        def work(book) -> Changes:
            recorded.append(book.expenses.record(data))
            return Changes()

        return work


# -- collecting a sale por cobrar ------------------------------------------------------------


def collectable(sale: SaleRow) -> bool:
    """A sale the buyer still owes: por cobrar (1212), neither voided nor collected."""
    return sale.debit_account == RECEIVABLE and not sale.voided and sale.collected_on is None


def owed_parts(sale: SaleRow) -> list[Decimal]:
    """The parts of a sale posted to what the buyer owes: its amount, differential and premium."""
    return [p for p in (sale.amount, sale.differential, sale.premium) if p > ZERO]


def owed_text(sale: SaleRow) -> str:
    """What the buyer owes: «US$ 654.00 = S/ 2,449.23 al 3.7450», or «S/ 199.25»."""
    parts = owed_parts(sale)
    posted = sum((in_soles(p, sale.exchange_rate) for p in parts), ZERO)
    if sale.exchange_rate is None:
        return format_money(posted)
    return _("%(foreign)s = %(soles)s al %(rate)s") % {
        "foreign": amount_in(sum(parts, ZERO), sale.currency), "soles": format_money(posted),
        "rate": rate_text(sale.exchange_rate)}


def exchange_difference(sale: SaleRow, rate: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(the total in the sale's currency, what came in soles at ``rate``, the exchange
    difference), as the core posts the collection: each part went to 1212 at the sale's
    rate, to the céntimo; the money received is the whole total at the day's rate."""
    parts = owed_parts(sale)
    foreign = sum(parts, ZERO)
    received = CENTIMO(foreign * rate)
    return foreign, received, received - sum((in_soles(p, sale.exchange_rate) for p in parts), ZERO)


def difference_text(sale: SaleRow, rate: Decimal) -> str:
    """«US$ 654.00 × 3.7600 = S/ 2,459.04: ganancia por diferencia de cambio S/ 9.81»."""
    foreign, received, difference = exchange_difference(sale, rate)
    if difference > ZERO:
        outcome = _("ganancia por diferencia de cambio %(amount)s") % {"amount": format_money(difference)}
    elif difference < ZERO:
        outcome = _("pérdida por diferencia de cambio %(amount)s") % {"amount": format_money(-difference)}
    else:
        outcome = _("sin diferencia de cambio")
    return _("%(foreign)s × %(rate)s = %(soles)s: %(outcome)s") % {
        "foreign": amount_in(foreign, sale.currency), "rate": rate_text(rate), "soles": format_money(received),
        "outcome": outcome}


class PaymentDialog(FormDialog):
    """What «Cobrar» and «Pagar» share: a document recorded and still owed, in words
    (a bold heading, a row of what it was, a bold row of what is owed), the day of
    the payment (today by default, never before the document nor after today) and
    the money account it went into or out of (the bank first, the usual), with
    their problems under them. A subclass adds its own rows, then ``finish(note)``
    puts the line that says what the payment posts."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, title: str, save_text: str, *,
                 heading: str, what_caption: str, what: str, owed_caption: str, owed: str, since: date,
                 day_caption: str, money_field: str, money_caption: str):
        super().__init__(parent, runner, title, save_text=save_text)
        self.recorded: list[int] = []
        shown = QLabel(heading)
        shown.setWordWrap(True)
        shown.setTextFormat(Qt.TextFormat.PlainText)
        shown.setStyleSheet("font-weight: bold;")
        self.form.addRow(shown)
        self.heading = shown
        self.what = QLabel(what)
        self.what.setWordWrap(True)
        self.form.addRow(what_caption, self.what)
        self.owed = QLabel(owed)
        self.owed.setStyleSheet("font-weight: bold;")
        self.owed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(owed_caption, self.owed)
        for text in (self.what, self.owed):
            text.setTextFormat(Qt.TextFormat.PlainText)
        today = self.runner.today()
        self.date = self.add_field("date", day_caption, date_edit(max(today, since), minimum=since,
                                                                  maximum=max(today, since)))
        self.money = self.add_field(money_field, money_caption, choice_combo(
            [(a, collected_name(a)) for a in MONEY_CHOICES]))
        select_value(self.money, MONEY_CHOICES[0])

    def finish(self, note: str) -> None:
        """The line under the fields that says what the payment posts; the dialog as
        wide as its rows want (a live line whole), never narrower than 640."""
        self.form.addRow(hint(note))
        self.setMinimumWidth(max(640, self.layout().totalMinimumSize().width()))

    def day(self) -> date:
        return self.date.date().toPython()


class CollectSaleDialog(PaymentDialog):
    """Cobrar una venta por cobrar. ``CollectSaleDialog(parent, runner, sale)``; after
    ``exec()``, ``recorded`` holds the collection's entry id."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, sale: SaleRow):
        heading = (_("%(buyer)s · factura %(invoice)s") if sale.invoice else "%(buyer)s") % {
            "buyer": sale.buyer, "invoice": sale.invoice}
        what = _("%(date)s · %(kg)s kg de %(product)s · asiento %(entry)s") % {
            "date": format_date(sale.date), "kg": kilos(sale.kg), "product": sale.product_name,
            "entry": sale.entry_number or "—"}
        super().__init__(parent, runner, _("Cobrar la venta"), _("Registrar cobro"), heading=heading,
                         what_caption=_("Venta:"), what=what, owed_caption=_("Por cobrar:"), owed=owed_text(sale),
                         since=sale.date, day_caption=_("Fecha del cobro:"), money_field="into",
                         money_caption=_("Entró en:"))
        self.sale = sale
        self.into = self.money
        dollars = sale.exchange_rate is not None
        note = _("El cobro registra su asiento: el banco o la caja recibe lo que el comprador debía (1212).")
        if dollars:
            note += " " + _("En dólares, al tipo de cambio del día: la diferencia con el de la venta es ganancia "
                            "(776) o pérdida (676) por diferencia de cambio.")
        self.rate: QLineEdit | None = None
        self.figures = QLabel()
        if dollars:
            self.rate = self.add_field("exchange_rate", _("Tipo de cambio del día:"), number_edit("3.7450"),
                                       beside=QLabel(_("S/ por US$")))
            self.rate.setToolTip(_("Soles por dólar del día del cobro, con cuatro decimales como máximo"))
            self.figures.setWordWrap(True)
            self.figures.setTextFormat(Qt.TextFormat.PlainText)
            self.form.addRow("", self.figures)
            # the live line on one line, whatever the rate typed (a wider gain or loss too)
            bold = self.figures.font()
            bold.setBold(True)
            sample = difference_text(sale, sale.exchange_rate + Decimal("0.0150")) + "000"
            self.figures.setMinimumWidth(min(QFontMetrics(bold).horizontalAdvance(sample) + 8, 760))
            self.rate.textChanged.connect(self._recompute)
            self._recompute()
        self.finish(note)

    def _recompute(self) -> None:
        """What came in soles at the rate typed, and the exchange gain (green) or loss
        (brown); until a rate is typed, what to do (grey)."""
        if self.rate is None:
            return
        problems: list[Problem] = []
        rate = _read(problems, self.rate, "exchange_rate")
        usable = (rate is not None and rate.is_finite() and ZERO < rate <= Decimal(10000)
                  and rate == rate.quantize(Decimal("0.0001")))
        if not usable:
            self.figures.setStyleSheet(HINT_STYLE)
            self.figures.setText(_("Escriba el tipo de cambio del día (cuatro decimales como máximo) para ver lo "
                                   "recibido en soles y la diferencia de cambio."))
            return
        loss = exchange_difference(self.sale, rate)[2] < ZERO
        self.figures.setStyleSheet(f"font-weight: bold; color: {LOSS_COLOR if loss else GAIN_COLOR};")
        self.figures.setText(difference_text(self.sale, rate))

    def prepare(self):
        problems: list[Problem] = []
        rate = _read(problems, self.rate, "exchange_rate") if self.rate is not None else None
        if problems:
            raise InvalidInput(problems)
        sale_id, day, into = self.sale.id, self.day(), combo_value(self.into)
        recorded = self.recorded

        def work(book) -> Changes:
            recorded.append(book.sales.collect(sale_id, day, into, rate))
            return Changes()

        return work


# -- paying an expense owed to the supplier ----------------------------------------------------


def payable(expense: ExpenseRow) -> bool:
    """An expense still owed to the supplier: por pagar (4212), neither voided nor paid."""
    return expense.paid_from == SUPPLIERS and not expense.voided and expense.paid_on is None


def payment_text(expense: ExpenseRow) -> str:
    """«Pagado al proveedor el 02/05/2026, asiento 2026-000123»."""
    return _("Pagado al proveedor el %(date)s, asiento %(number)s") % {
        "date": format_date(expense.paid_on), "number": expense.payment_number or "—"}


class PayExpenseDialog(PaymentDialog):
    """Pagar al proveedor un gasto por pagar. ``PayExpenseDialog(parent, runner, expense)``;
    after ``exec()``, ``recorded`` holds the payment's entry id."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, expense: ExpenseRow):
        supplier = expense.supplier or _("Proveedor sin nombre anotado")
        heading = (_("%(supplier)s · comprobante %(reference)s") if expense.reference else "%(supplier)s") % {
            "supplier": supplier, "reference": expense.reference}
        what = _("%(date)s · %(description)s · cuenta %(account)s %(name)s · asiento %(entry)s") % {
            "date": format_date(expense.date), "description": expense.description, "account": expense.account,
            "name": expense.account_name, "entry": expense.entry_number or "—"}
        super().__init__(parent, runner, _("Pagar el gasto"), _("Registrar pago"), heading=heading,
                         what_caption=_("Gasto:"), what=what, owed_caption=_("Por pagar:"),
                         owed=format_money(expense.amount), since=expense.date, day_caption=_("Fecha del pago:"),
                         money_field="paid_from", money_caption=_("Salió de:"))
        self.expense = expense
        self.paid_from = self.money
        self.finish(_("El pago registra su asiento: la deuda con el proveedor (4212) se salda con lo que sale del "
                      "banco o de la caja."))

    def prepare(self):
        expense_id, day, paid_from = self.expense.id, self.day(), combo_value(self.paid_from)
        recorded = self.recorded

        def work(book) -> Changes:
            recorded.append(book.expenses.pay(expense_id, day, paid_from))
            return Changes()

        return work


# -- voiding --------------------------------------------------------------------------------


class VoidSaleDialog(FormDialog):
    """Anular una venta: why. ``VoidSaleDialog.ask(parent, runner, sale)`` -> the ``Changes``, or None."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, sale: SaleRow):
        super().__init__(parent, runner, _("Anular la venta"), save_text=_("Anular venta"))
        self.sale = sale
        _summary(self, _("%(date)s · %(buyer)s · %(kg)s kg de %(product)s · %(total)s · asiento %(entry)s") % {
            "date": format_date(sale.date), "buyer": sale.buyer, "kg": kilos(sale.kg), "product": sale.product_name,
            "total": format_money(sale.total_pen), "entry": sale.entry_number or "—"},
            _("La venta se conserva, marcada como anulada con su motivo, y su asiento se revierte con fecha de hoy: "
              "nada se borra. Los kilos vuelven al almacén."))
        self.reason = self.add_field("reason", _("Motivo:"), _text_edit(
            limits.DESCRIPTION, _("Por ejemplo: factura anulada por el comprador")))
        self.setMinimumWidth(560)

    def prepare(self):
        sale_id, reason = self.sale.id, self.reason.text()
        return lambda book: book.sales.void(sale_id, reason)


class VoidExpenseDialog(FormDialog):
    """Anular un gasto: why. ``VoidExpenseDialog.ask(parent, runner, expense)`` -> the ``Changes``, or None."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, expense: ExpenseRow):
        super().__init__(parent, runner, _("Anular el gasto"), save_text=_("Anular gasto"))
        self.expense = expense
        _summary(self, _("%(date)s · %(account)s %(name)s · %(description)s · %(amount)s · asiento %(entry)s") % {
            "date": format_date(expense.date), "account": expense.account, "name": expense.account_name,
            "description": expense.description, "amount": format_money(expense.amount),
            "entry": expense.entry_number or "—"},
            _("El gasto se conserva, marcado como anulado con su motivo, y su asiento se revierte con fecha de hoy: "
              "nada se borra."))
        self.reason = self.add_field("reason", _("Motivo:"), _text_edit(
            limits.DESCRIPTION, _("Por ejemplo: boleta registrada dos veces")))
        self.setMinimumWidth(560)

    def prepare(self):
        expense_id, reason = self.expense.id, self.reason.text()
        return lambda book: book.expenses.void(expense_id, reason)



# -- cancelling a collection or a payment recorded by mistake ---------------------------------


class CancelCollectionDialog(FormDialog):
    """Anular el cobro de una venta: why. ``CancelCollectionDialog.ask(parent, runner, sale)``
    -> the ``Changes``, or None. The sale is por cobrar again, to be collected right."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, sale: SaleRow):
        super().__init__(parent, runner, _("Anular el cobro"), save_text=_("Anular cobro"))
        self.sale = sale
        words = {"date": format_date(sale.collected_on), "entry": sale.collection_number or "—",
                 "buyer": sale.buyer, "invoice": sale.invoice,
                 "owed": amount_in(sum(owed_parts(sale), ZERO), sale.currency)}
        _summary(self, (_("Cobro del %(date)s · asiento %(entry)s · %(buyer)s · factura %(invoice)s · %(owed)s")
                        if sale.invoice else _("Cobro del %(date)s · asiento %(entry)s · %(buyer)s · %(owed)s"))
                 % words,
            _("El asiento del cobro se revierte con fecha de hoy y la venta vuelve a quedar por cobrar: regístrelo "
              "de nuevo con «Cobrar…», con el tipo de cambio o la cuenta correctos. La venta no cambia y nada se "
              "borra."))
        self.reason = self.add_field("reason", _("Motivo:"), _text_edit(
            limits.DESCRIPTION, _("Por ejemplo: tipo de cambio equivocado")))
        self.setMinimumWidth(560)

    def prepare(self):
        sale_id, reason = self.sale.id, self.reason.text()
        return lambda book: book.sales.cancel_collection(sale_id, reason)


class CancelPaymentDialog(FormDialog):
    """Anular el pago al proveedor de un gasto: why. ``CancelPaymentDialog.ask(parent, runner,
    expense)`` -> the ``Changes``, or None. The expense is por pagar again, to be paid right."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, expense: ExpenseRow):
        super().__init__(parent, runner, _("Anular el pago"), save_text=_("Anular pago"))
        self.expense = expense
        _summary(self, _("Pago del %(date)s · asiento %(entry)s · %(supplier)s · %(description)s · %(amount)s") % {
            "date": format_date(expense.paid_on), "entry": expense.payment_number or "—",
            "supplier": expense.supplier or _("Proveedor sin nombre anotado"), "description": expense.description,
            "amount": format_money(expense.amount)},
            _("El asiento del pago se revierte con fecha de hoy y el gasto vuelve a quedar por pagar al proveedor "
              "(4212): regístrelo de nuevo con «Pagar…», desde la cuenta correcta. El gasto no cambia y nada se "
              "borra."))
        self.reason = self.add_field("reason", _("Motivo:"), _text_edit(
            limits.DESCRIPTION, _("Por ejemplo: salió de la caja, no del banco")))
        self.setMinimumWidth(560)

    def prepare(self):
        expense_id, reason = self.expense.id, self.reason.text()
        return lambda book: book.expenses.cancel_payment(expense_id, reason)

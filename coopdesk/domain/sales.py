"""Sales to buyers and the cooperative's expenses: what is typed, and its checks.

A sale: the buyer, contract and invoice, the product and its certification, the
kilos, the price per kg in soles or in US$ (with the exchange rate of the day),
and apart from the price the Fairtrade Premium and the organic differential.
Its amount is kg × price rounded half up to the céntimo of its currency.
An expense: the account it is charged to, what it was, the amount in soles and
what paid it (caja, banco, or owed to the supplier). Their entries:
``domain.postings``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from coopdesk.domain import limits
from coopdesk.domain.catalog import Certification
from coopdesk.domain.money import CENT, CENTIMO, ZERO
from coopdesk.domain.postings import EXPENSE_PAID_FROM, SALE_DEBIT_ACCOUNTS
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.quantities import GRAM

PRICE_PLACES = Decimal("0.0001")
RATE_PLACES = Decimal("0.0001")
MAX_RATE = Decimal("10000")
MAX_SALE_KG = Decimal("10000000")          # ten thousand tonnes
MAX_SALE_PRICE = Decimal("100000")         # per kg
CURRENCIES = ("PEN", "USD")

# A raw form is kept in the almacén as the form it converts into (its tickets already
# count kilos of that form: docs/quality.md); every other form is a stock of its own,
# so copoazú pulpa and grano, or cacao and café, never draw on each other's kilos.
STOCKED_AS = {"baba": "grano_seco", "cereza": "pergamino_seco", "fruto": "pulpa"}


def stocked_form(form: str) -> str:
    """The form in which kilos of ``form`` are kept in stock (and sold from)."""
    return STOCKED_AS.get(form, form)


@dataclass(frozen=True)
class SaleInput:
    date: date | None
    buyer: str
    product_code: str
    certification: str
    kg: Decimal | None
    price: Decimal | None                 # per kg, in the currency
    currency: str = "PEN"
    exchange_rate: Decimal | None = None  # soles per US$
    premium: Decimal = ZERO               # Fairtrade Premium, in the currency
    differential: Decimal = ZERO          # organic differential, in the currency
    contract: str = ""
    invoice: str = ""
    debit_account: str = "1212"           # por cobrar; 1041 banco or 101 caja when paid at once
    # Ley 31335: the cooperative placing its members' produce on the market is an acto cooperativo (it acts
    # as their mandatary); False for a sale that is not (of product bought from third parties): taxed
    cooperative_act: bool = True
    # the register of sales (PLE 14.1, domain.registers): the buyer's document in the registry of
    # parties, the comprobante (tabla 10), its serie and número, and how the IGV treats the item
    party: str = ""
    comprobante: str = ""
    series: str = ""
    doc_number: str = ""
    tax: str = ""

    @property
    def amount(self) -> Decimal:
        return CENTIMO(self.kg * self.price)

    @property
    def total(self) -> Decimal:
        """Price, premium and differential, in the currency."""
        return self.amount + self.premium + self.differential


@dataclass(frozen=True)
class OpeningStockInput:
    """What the almacén held of a product and certification on the day the
    cooperative starts its stock in coopdesk: kilos of the form it is kept in, and
    their value (cost) in soles."""

    date: date | None
    product_code: str
    certification: str
    kg: Decimal | None
    value: Decimal | None


@dataclass(frozen=True)
class ExpenseInput:
    date: date | None
    account: str
    description: str
    amount: Decimal | None
    paid_from: str = "101"
    supplier: str = ""
    reference: str = ""
    cooperative_act: bool = True          # False: an expense of an operation that is not an acto cooperativo
    # the register of purchases (PLE 8.1, domain.registers): as SaleInput's; ``amount`` includes the IGV
    party: str = ""
    comprobante: str = ""
    series: str = ""
    doc_number: str = ""
    tax: str = ""


def _text(problems: list[Problem], field: str, value: str, limit: int) -> None:
    if len(value.strip()) > limit:
        problems.append(Problem(field, N_("Es demasiado largo: %(limit)s caracteres como máximo."), {"limit": limit}))


def _day(problems: list[Problem], day: date | None, today: date) -> None:
    if day is None:
        problems.append(Problem("date", N_("Escriba la fecha.")))
    elif day > today:
        problems.append(Problem("date", N_("La fecha no puede ser futura.")))


def check_sale(s: SaleInput, today: date) -> list[Problem]:
    problems: list[Problem] = []
    _day(problems, s.date, today)
    if not s.buyer.strip():
        problems.append(Problem("buyer", N_("Escriba el comprador.")))
    _text(problems, "buyer", s.buyer, limits.NAME)
    _text(problems, "contract", s.contract, limits.REFERENCE)
    _text(problems, "invoice", s.invoice, limits.REFERENCE)
    if s.certification not in set(Certification):
        problems.append(Problem("certification", N_("Elija la certificación: orgánico, en transición o "
                                                    "convencional.")))
    if s.kg is None or not s.kg.is_finite() or s.kg <= ZERO or s.kg > MAX_SALE_KG or s.kg != s.kg.quantize(GRAM):
        problems.append(Problem("kg", N_("Los kilos vendidos deben ser mayores que cero, con tres decimales como "
                                         "máximo.")))
    if (s.price is None or not s.price.is_finite() or s.price < ZERO or s.price > MAX_SALE_PRICE
            or s.price != s.price.quantize(PRICE_PLACES)):
        problems.append(Problem("price", N_("El precio por kg no puede ser negativo y lleva cuatro decimales como "
                                            "máximo.")))
    if s.currency not in CURRENCIES:
        problems.append(Problem("currency", N_("La moneda debe ser PEN o USD.")))
    elif s.currency == "USD":
        rate = s.exchange_rate
        if rate is None or not rate.is_finite() or rate <= ZERO or rate > MAX_RATE or rate != rate.quantize(RATE_PLACES):
            problems.append(Problem("exchange_rate", N_("Una venta en dólares lleva el tipo de cambio del día, con "
                                                        "cuatro decimales como máximo (por ejemplo 3.7450).")))
    elif s.exchange_rate is not None:
        problems.append(Problem("exchange_rate", N_("Una venta en soles no lleva tipo de cambio.")))
    for field, value in (("premium", s.premium), ("differential", s.differential)):
        if value is None or not value.is_finite() or value < ZERO or value != value.quantize(CENT) \
                or value > limits.MAX_LEDGER_AMOUNT:
            problems.append(Problem(field, N_("Revise el monto: no puede ser negativo y va con dos decimales como "
                                              "máximo.")))
    if s.debit_account not in SALE_DEBIT_ACCOUNTS:
        problems.append(Problem("debit_account", N_("Elija cómo se cobra: por cobrar (1212), banco (1041) o caja "
                                                    "(101).")))
    if not problems and s.total <= ZERO:
        problems.append(Problem("price", N_("La venta no tiene importe: escriba el precio, la prima o el "
                                            "diferencial.")))
    return problems


def check_opening_stock(o: OpeningStockInput, today: date) -> list[Problem]:
    problems: list[Problem] = []
    _day(problems, o.date, today)
    if o.certification not in set(Certification):
        problems.append(Problem("certification", N_("Elija la certificación: orgánico, en transición o "
                                                    "convencional.")))
    if o.kg is None or not o.kg.is_finite() or o.kg <= ZERO or o.kg > MAX_SALE_KG or o.kg != o.kg.quantize(GRAM):
        problems.append(Problem("kg", N_("Los kilos del saldo inicial deben ser mayores que cero, con tres decimales "
                                         "como máximo.")))
    if (o.value is None or not o.value.is_finite() or o.value <= ZERO or o.value != o.value.quantize(CENT)
            or o.value > limits.MAX_LEDGER_AMOUNT):
        problems.append(Problem("value", N_("El valor del saldo inicial debe ser mayor que cero, en soles con dos "
                                            "decimales como máximo.")))
    return problems


def check_expense(e: ExpenseInput, today: date) -> list[Problem]:
    problems: list[Problem] = []
    _day(problems, e.date, today)
    if not e.description.strip():
        problems.append(Problem("description", N_("Escriba en qué se gastó.")))
    _text(problems, "description", e.description, limits.DESCRIPTION)
    _text(problems, "supplier", e.supplier, limits.NAME)
    _text(problems, "reference", e.reference, limits.REFERENCE)
    if (e.amount is None or not e.amount.is_finite() or e.amount <= ZERO or e.amount != e.amount.quantize(CENT)
            or e.amount > limits.MAX_LEDGER_AMOUNT):
        problems.append(Problem("amount", N_("El monto debe ser mayor que cero, en soles con dos decimales como "
                                             "máximo.")))
    if e.paid_from not in EXPENSE_PAID_FROM:
        problems.append(Problem("paid_from", N_("Elija con qué se pagó: caja (101), banco (1041) o queda por pagar "
                                                "al proveedor (4212).")))
    return problems

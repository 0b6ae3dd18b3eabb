"""The member's account (cuenta corriente del socio): what they owe and have paid.

Concepts, each with its own running balance:

- ``adelantos``: cash advanced against future deliveries;
- ``prestamos``: loans, with an interest rule and a schedule of installments;
- ``insumos``: inputs on credit (fertiliser, tools: items × quantity × price);
- ``aportaciones``: share capital. A *cargo* is capital subscribed; an *abono*
  is capital paid in (in cash, or capitalised from a distribution). What is
  subscribed and not yet paid is owed; what is paid in is the member's capital.

A *cargo* (charge) makes the member owe more; an *abono* (credit: a repayment,
an offset from a distribution) makes them owe less. Balance = cargos − abonos.
Movements are never edited or deleted: a mistake is reversed by an opposite
movement that names it.

Loans follow the French method (equal installments): monthly rate
r = annual rate ÷ 12 ÷ 100, installment = P·r ÷ (1 − (1 + r)^−n) rounded half-up
to the céntimo; each month's interest is the outstanding principal × r rounded
half-up; the last installment takes whatever principal remains, so the
principal parts sum exactly to the loan. At 0 % the principal is divided in
equal installments by the largest-remainder method. Interest is owed as each
installment falls due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from coopdesk.domain import limits
from coopdesk.domain.catalog import Concept  # noqa: F401 - the vocabulary lives in catalog; accounts.Concept stays
from coopdesk.domain.distribution.allocation import allocate
from coopdesk.domain.money import CENT, CENTIMO, ZERO
from coopdesk.domain.postings import CASH, MONEY_ACCOUNTS
from coopdesk.domain.problems import N_, Problem, Text


class Direction(StrEnum):
    CHARGE = "cargo"
    CREDIT = "abono"


# Amounts below a distribution's minimum payout kept for the member (a credit:
# abono when kept, cargo when paid with their next distribution). Written only
# by distributions, never typed: not one of the Concepts a treasurer chooses.
RETAINED = "retenidos"

MAX_LOAN_MONTHS = 120
MAX_RATE = Decimal(100)



@dataclass(frozen=True)
class MovementInput:
    member_code: str
    date: date
    concept: str
    direction: str
    amount: Decimal
    description: str = ""
    reference: str = ""
    money: str = CASH    # Caja (101) or the bank (1041); inputs on credit and subscribed capital move none


@dataclass(frozen=True)
class InputItem:
    """One line of inputs on credit: 2 sacos de guano de isla a S/ 85.00."""

    description: str
    quantity: Decimal
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return CENTIMO(self.quantity * self.unit_price)


@dataclass(frozen=True)
class LoanInput:
    member_code: str
    date: date
    principal: Decimal
    annual_rate: Decimal  # percent a year, e.g. 12
    months: int
    description: str = ""
    money: str = CASH    # paid out of Caja (101) or the bank (1041)


@dataclass(frozen=True)
class Installment:
    number: int
    due: date
    principal: Decimal
    interest: Decimal

    @property
    def payment(self) -> Decimal:
        return self.principal + self.interest


def _money_problem(field: str, value: Decimal | None, name: str) -> list[Problem]:
    if value is None:
        return [Problem(field, N_("Escriba %(what)s."), {"what": Text(name)})]
    if value <= ZERO or value != value.quantize(CENT):
        return [Problem(field, N_("Revise %(what)s: debe ser mayor que cero y en céntimos."), {"what": Text(name)})]
    if value > limits.MAX_AMOUNT:
        return [Problem(field, N_("Revise %(what)s: es demasiado grande."), {"what": Text(name)})]
    return []


def _money_account_problem(money: str) -> list[Problem]:
    if money not in MONEY_ACCOUNTS:
        return [Problem("money", N_("Elija por dónde pasa el dinero: la caja (101) o el banco (1041)."))]
    return []


def check_movement(m: MovementInput, today: date) -> list[Problem]:
    problems = []
    if m.concept not in set(Concept):
        problems.append(Problem("concept", N_("Elija el concepto: adelantos, préstamos, insumos o aportaciones.")))
    if m.direction not in set(Direction):
        problems.append(Problem("direction", N_("Elija si es un cargo (el socio debe más) o un abono (paga o se "
                                                "le descuenta).")))
    problems += _money_problem("amount", m.amount, N_("el monto"))
    problems += _money_account_problem(m.money)
    if m.date is None:
        problems.append(Problem("date", N_("Escriba la fecha.")))
    elif m.date > today:
        problems.append(Problem("date", N_("La fecha no puede ser futura.")))
    if len(m.description) > limits.DESCRIPTION:
        problems.append(Problem("description", N_("La descripción es demasiado larga (máximo %(n)s letras)."),
                                {"n": limits.DESCRIPTION}))
    if len(m.reference) > limits.REFERENCE:
        problems.append(Problem("reference", N_("La referencia es demasiado larga (máximo %(n)s letras)."),
                                {"n": limits.REFERENCE}))
    return problems


def check_items(items: list[InputItem]) -> list[Problem]:
    problems = []
    if not items:
        problems.append(Problem("items", N_("Agregue al menos un insumo.")))
    for i, item in enumerate(items, start=1):
        if not item.description.strip():
            problems.append(Problem(f"items[{i}].description", N_("Insumo %(n)s: escriba qué se entregó."),
                                    {"n": i}))
        if item.quantity is None or item.quantity <= ZERO:
            problems.append(Problem(f"items[{i}].quantity", N_("Insumo %(n)s: la cantidad debe ser mayor que "
                                                               "cero."), {"n": i}))
        if item.unit_price is None or item.unit_price <= ZERO or item.unit_price != item.unit_price.quantize(CENT):
            problems.append(Problem(f"items[{i}].unit_price", N_("Insumo %(n)s: el precio debe ser mayor que cero "
                                                                 "y en céntimos."), {"n": i}))
    return problems


def check_loan(loan: LoanInput, today: date) -> list[Problem]:
    problems = _money_problem("principal", loan.principal, N_("el monto del préstamo"))
    if loan.annual_rate is None or not (ZERO <= loan.annual_rate <= MAX_RATE):
        problems.append(Problem("annual_rate", N_("La tasa de interés anual debe estar entre 0 y 100 %%.")))
    if not isinstance(loan.months, int) or not (1 <= loan.months <= MAX_LOAN_MONTHS):
        problems.append(Problem("months", N_("El número de cuotas mensuales debe estar entre 1 y %(max)s."),
                                {"max": MAX_LOAN_MONTHS}))
    problems += _money_account_problem(loan.money)
    if loan.date is None:
        problems.append(Problem("date", N_("Escriba la fecha del préstamo.")))
    elif loan.date > today:
        problems.append(Problem("date", N_("La fecha no puede ser futura.")))
    return problems


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(start)


def loan_schedule(principal: Decimal, annual_rate: Decimal, months: int, start: date) -> list[Installment]:
    """Equal monthly installments (French method); see the module docstring."""
    if annual_rate == ZERO:
        parts = allocate(principal, {n: Decimal(1) for n in range(1, months + 1)})
        return [Installment(n, add_months(start, n), parts.shares[n].amount, CENT * 0) for n in range(1, months + 1)]
    rate = annual_rate / Decimal(1200)
    payment = CENTIMO(principal * rate / (1 - (1 + rate) ** -months))
    schedule, outstanding = [], principal
    for n in range(1, months + 1):
        interest = CENTIMO(outstanding * rate)
        part = outstanding if n == months else min(payment - interest, outstanding)
        outstanding -= part
        schedule.append(Installment(n, add_months(start, n), part, interest))
    return schedule


@dataclass(frozen=True)
class StatementLine:
    """One line of an Estado de cuenta: a charge or a credit and the balance after it."""

    date: date
    concept: str
    description: str
    reference: str
    charge: Decimal
    credit: Decimal
    balance: Decimal


@dataclass(frozen=True)
class AccountStatement:
    member_code: str
    start: date
    end: date
    opening: Decimal                 # saldo anterior
    lines: tuple[StatementLine, ...]
    by_concept: tuple[tuple[str, Decimal], ...]  # balance by concept at ``end``

    @property
    def charges(self) -> Decimal:
        return sum((line.charge for line in self.lines), ZERO)

    @property
    def credits(self) -> Decimal:
        return sum((line.credit for line in self.lines), ZERO)

    @property
    def closing(self) -> Decimal:
        return self.opening + self.charges - self.credits

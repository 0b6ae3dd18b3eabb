"""The cooperative's double-entry books: the chart of accounts, entries that must
balance to the céntimo, and the statements computed from account balances.

Pure: no database. Amounts are Decimal soles (PEN) with two places; an entry in
US$ keeps the foreign amount and the exchange rate on each line, and its PEN
amount is the foreign amount × rate rounded half up to the céntimo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Iterable

from coopdesk.domain import limits
from coopdesk.domain.money import CENTIMO, ZERO
from coopdesk.domain.problems import N_, Problem


class Kind(StrEnum):
    """An account's nature: which side its balance normally sits on."""

    ASSET = "activo"
    LIABILITY = "pasivo"
    EQUITY = "patrimonio"
    INCOME = "ingreso"
    EXPENSE = "gasto"


DEBIT_NORMAL = {Kind.ASSET, Kind.EXPENSE}
KIND_LABELS = {
    Kind.ASSET: N_("Activo"),
    Kind.LIABILITY: N_("Pasivo"),
    Kind.EQUITY: N_("Patrimonio"),
    Kind.INCOME: N_("Ingresos"),
    Kind.EXPENSE: N_("Gastos"),
}


@dataclass(frozen=True)
class AccountSpec:
    code: str
    name: str
    kind: str
    member_ledger: bool = False  # lines carry the member: a sub-ledger that reconciles to this account


# The default chart of an agrarian cooperative, on the codes of Peru's Plan Contable
# General Empresarial (PCGE; docs/ledger.md, «El plan de cuentas y el PCGE», cites
# the text and says which codes are coopdesk's subdivisions). Each cooperative can
# add accounts; these codes are what the automatic entries post to.
DEFAULT_CHART: tuple[AccountSpec, ...] = (
    AccountSpec("101", "Caja", Kind.ASSET),
    AccountSpec("1041", "Cuentas corrientes en bancos", Kind.ASSET),
    AccountSpec("1212", "Facturas por cobrar a compradores", Kind.ASSET),
    AccountSpec("14221", "Préstamos a socios", Kind.ASSET, member_ledger=True),
    AccountSpec("14222", "Adelantos a socios", Kind.ASSET, member_ledger=True),
    AccountSpec("14223", "Insumos a crédito a socios", Kind.ASSET, member_ledger=True),
    AccountSpec("203211", "Mercaderías de origen vegetal: orgánico", Kind.ASSET),
    AccountSpec("203212", "Mercaderías de origen vegetal: en transición", Kind.ASSET),
    AccountSpec("203213", "Mercaderías de origen vegetal: convencional", Kind.ASSET),
    AccountSpec("2524", "Otros suministros (insumos para socios)", Kind.ASSET),
    AccountSpec("4017", "Retenciones de renta a socios", Kind.LIABILITY),
    AccountSpec("40171", "Impuesto a la renta de tercera categoría", Kind.LIABILITY),
    AccountSpec("4212", "Proveedores", Kind.LIABILITY),
    AccountSpec("451", "Préstamos de instituciones financieras", Kind.LIABILITY),
    AccountSpec("4419", "Accionistas (o socios): otras cuentas por pagar", Kind.LIABILITY, member_ledger=True),
    AccountSpec("46991", "Fondo de Educación", Kind.LIABILITY),
    AccountSpec("46992", "Fondo de Previsión Social", Kind.LIABILITY),
    AccountSpec("46993", "Fondo de Prima de Comercio Justo", Kind.LIABILITY),
    AccountSpec("501", "Aportaciones de socios (capital social)", Kind.EQUITY, member_ledger=True),
    AccountSpec("582", "Legal: Reserva Cooperativa", Kind.EQUITY),
    AccountSpec("591", "Excedentes por distribuir", Kind.EQUITY),
    AccountSpec("592", "Pérdidas acumuladas", Kind.EQUITY),
    AccountSpec("69131", "Costo de ventas: productos agropecuarios", Kind.EXPENSE),
    AccountSpec("621", "Remuneraciones", Kind.EXPENSE),
    AccountSpec("631", "Transporte y fletes", Kind.EXPENSE),
    AccountSpec("636", "Servicios básicos", Kind.EXPENSE),
    AccountSpec("639", "Otros servicios de terceros", Kind.EXPENSE),
    AccountSpec("656", "Suministros", Kind.EXPENSE),
    AccountSpec("659", "Otros gastos de gestión", Kind.EXPENSE),
    AccountSpec("673", "Intereses y gastos financieros", Kind.EXPENSE),
    AccountSpec("676", "Pérdida por diferencia de cambio", Kind.EXPENSE),
    AccountSpec("701311", "Ventas: productos agropecuarios", Kind.INCOME),
    AccountSpec("701312", "Ventas: diferencial orgánico", Kind.INCOME),
    AccountSpec("772", "Intereses de préstamos a socios", Kind.INCOME),
    AccountSpec("759", "Otros ingresos", Kind.INCOME),
    AccountSpec("776", "Ganancia por diferencia de cambio", Kind.INCOME),
    AccountSpec("881", "Impuesto a la renta: corriente", Kind.EXPENSE),
    # 89 Determinación del resultado del ejercicio: they hold the result between the two closing entries
    AccountSpec("891", "Determinación del resultado: utilidad", Kind.EQUITY),
    AccountSpec("892", "Determinación del resultado: pérdida", Kind.EQUITY),
)


@dataclass(frozen=True)
class LineInput:
    """One line of an entry: an account, a debit or a credit in PEN; optionally
    the member (sub-ledger) and the foreign amount with its exchange rate."""

    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    member_code: str = ""
    description: str = ""
    currency: str = "PEN"
    foreign_amount: Decimal | None = None   # e.g. US$ 1,000.00
    exchange_rate: Decimal | None = None    # soles per unit, e.g. 3.7450

    @property
    def amount(self) -> Decimal:
        return self.debit - self.credit


@dataclass(frozen=True)
class EntryInput:
    date: date
    description: str
    lines: tuple[LineInput, ...] = field(default=())
    reference: str = ""


@dataclass(frozen=True)
class LineRow:
    """A posted line as read back (Libro Diario, Mayor)."""

    account: str
    account_name: str
    debit: Decimal
    credit: Decimal
    member_code: str
    description: str
    currency: str
    foreign_amount: Decimal | None
    exchange_rate: Decimal | None


@dataclass(frozen=True)
class EntryRow:
    """A posted entry with its lines, as read back."""

    id: int
    number: str          # «2026-000012»
    date: date
    description: str
    reference: str
    source_kind: str
    source_id: int | None
    reverses: int | None
    reversed_by: int | None
    created_by: str
    lines: tuple[LineRow, ...]
    diario: str = ""     # the Libro Diario's correlativo «D-2026-000003», given when its month closes; "" before

    @property
    def total(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)


RATE_PLACES = Decimal("0.0001")
MAX_RATE = Decimal("10000")  # soles per foreign unit


def check_entry(entry: EntryInput, accounts: Iterable[str] = (), typed: bool = True) -> list[Problem]:
    """Every problem of an entry: it must balance to the céntimo, each line is a
    debit or a credit (not both, not negative), known accounts, US$ lines whose
    PEN amount is the foreign amount × the rate. A ``typed`` entry's line is also
    held to ``limits.MAX_LEDGER_AMOUNT`` (a slip of the finger); an automatic one
    (a year's closing, a day's intake, a distribution) adds up figures already
    checked one by one, and may be larger."""
    problems: list[Problem] = []
    known = set(accounts)
    if not entry.description.strip():
        problems.append(Problem("description", N_("Escriba la glosa del asiento.")))
    elif len(entry.description.strip()) > limits.DESCRIPTION:
        problems.append(Problem("description", N_("La glosa es demasiado larga: %(limit)s caracteres como máximo."),
                                {"limit": limits.DESCRIPTION}))
    if len(entry.lines) < 2:
        problems.append(Problem("lines", N_("Un asiento tiene al menos dos líneas: un debe y un haber.")))
    for number, line in enumerate(entry.lines, start=1):
        if known and line.account not in known:
            problems.append(Problem("lines", N_("Línea %(n)s: no existe la cuenta %(account)s."),
                                    {"n": number, "account": line.account}))
        values = (line.debit, line.credit)
        if any(not v.is_finite() or v < ZERO for v in values):
            problems.append(Problem("lines", N_("Línea %(n)s: el debe y el haber no pueden ser negativos."),
                                    {"n": number}))
            continue
        if typed and any(v > limits.MAX_LEDGER_AMOUNT for v in values):
            problems.append(Problem("lines", N_("Línea %(n)s: el monto es demasiado grande."), {"n": number}))
            continue
        if any(v != CENTIMO(v) for v in values):
            problems.append(Problem("lines", N_("Línea %(n)s: los montos van en soles con dos decimales como máximo."),
                                    {"n": number}))
        if (line.debit > ZERO) == (line.credit > ZERO):
            problems.append(Problem("lines", N_("Línea %(n)s: escriba un monto en el debe o en el haber, no en los dos."),
                                    {"n": number}))
        foreign = (line.foreign_amount, line.exchange_rate)
        if any(v is not None and not v.is_finite() for v in foreign):
            problems.append(Problem("lines", N_("Línea %(n)s: el monto en dólares y el tipo de cambio deben ser "
                                                "números."), {"n": number}))
            continue
        if line.currency == "PEN" and any(v is not None for v in foreign):
            problems.append(Problem("lines", N_("Línea %(n)s: una línea en soles no lleva monto en dólares ni tipo "
                                                "de cambio."), {"n": number}))
        elif line.currency != "PEN":
            if line.currency != "USD":
                problems.append(Problem("lines", N_("Línea %(n)s: la moneda debe ser PEN o USD."), {"n": number}))
            elif line.foreign_amount is None or line.exchange_rate is None or line.exchange_rate <= ZERO:
                problems.append(Problem("lines", N_("Línea %(n)s: una línea en dólares lleva el monto en dólares y el "
                                                    "tipo de cambio."), {"n": number}))
            elif line.exchange_rate != line.exchange_rate.quantize(RATE_PLACES) or line.exchange_rate > MAX_RATE:
                problems.append(Problem("lines", N_("Línea %(n)s: el tipo de cambio lleva cuatro decimales como "
                                                    "máximo y no pasa de %(max)s."), {"n": number, "max": MAX_RATE}))
            elif (line.foreign_amount <= ZERO or line.foreign_amount != CENTIMO(line.foreign_amount)
                  or line.foreign_amount > limits.MAX_LEDGER_AMOUNT):
                problems.append(Problem("lines", N_("Línea %(n)s: el monto en dólares es mayor que cero y lleva dos "
                                                    "decimales como máximo."), {"n": number}))
            elif CENTIMO(line.foreign_amount * line.exchange_rate) != line.debit + line.credit:
                problems.append(Problem("lines", N_(
                    "Línea %(n)s: US$ %(foreign)s × %(rate)s son S/ %(pen)s, no S/ %(given)s."),
                    {"n": number, "foreign": line.foreign_amount, "rate": line.exchange_rate,
                     "pen": CENTIMO(line.foreign_amount * line.exchange_rate), "given": line.debit + line.credit}))
    debit = sum((line.debit for line in entry.lines), ZERO)
    credit = sum((line.credit for line in entry.lines), ZERO)
    if debit != credit and not problems:
        problems.append(Problem("lines", N_("El asiento no cuadra: el debe suma S/ %(debit)s y el haber S/ %(credit)s "
                                            "(diferencia S/ %(difference)s)."),
                                {"debit": debit, "credit": credit, "difference": abs(debit - credit)}))
    return problems


# -- statements from balances -------------------------------------------------------


@dataclass(frozen=True)
class AccountBalance:
    code: str
    name: str
    kind: str
    debit: Decimal   # sum of the debits
    credit: Decimal  # sum of the credits

    @property
    def balance(self) -> Decimal:
        """Positive on the account's normal side (debit for assets and expenses)."""
        return self.debit - self.credit if self.kind in DEBIT_NORMAL else self.credit - self.debit


@dataclass(frozen=True)
class TrialBalance:
    rows: tuple[AccountBalance, ...]

    @property
    def debit(self) -> Decimal:
        return sum((r.debit for r in self.rows), ZERO)

    @property
    def credit(self) -> Decimal:
        return sum((r.credit for r in self.rows), ZERO)

    @property
    def balanced(self) -> bool:
        return self.debit == self.credit


@dataclass(frozen=True)
class IncomeStatement:
    income: tuple[AccountBalance, ...]
    expenses: tuple[AccountBalance, ...]

    @property
    def total_income(self) -> Decimal:
        return sum((r.balance for r in self.income), ZERO)

    @property
    def total_expenses(self) -> Decimal:
        return sum((r.balance for r in self.expenses), ZERO)

    @property
    def result(self) -> Decimal:
        """The remanente (positive) or the loss (negative) of the period."""
        return self.total_income - self.total_expenses


@dataclass(frozen=True)
class BalanceSheet:
    assets: tuple[AccountBalance, ...]
    liabilities: tuple[AccountBalance, ...]
    equity: tuple[AccountBalance, ...]
    result: Decimal  # the year's result not yet closed into equity

    @property
    def total_assets(self) -> Decimal:
        return sum((r.balance for r in self.assets), ZERO)

    @property
    def total_liabilities(self) -> Decimal:
        return sum((r.balance for r in self.liabilities), ZERO)

    @property
    def total_equity(self) -> Decimal:
        return sum((r.balance for r in self.equity), ZERO) + self.result

    @property
    def balanced(self) -> bool:
        return self.total_assets == self.total_liabilities + self.total_equity


@dataclass(frozen=True)
class MemberLedger:
    """A member account's sub-ledger on a date (``Ledger.member_ledger``): each
    member with a balance and the control account's balance they must add up to."""

    account: str
    rows: tuple[tuple[str, str, Decimal], ...]   # (member code, «Apellidos, nombres», balance)
    control: Decimal                              # the account's balance in the trial balance

    @property
    def total(self) -> Decimal:
        return sum((balance for _c, _n, balance in self.rows), ZERO)

    @property
    def reconciles(self) -> bool:
        return self.total == self.control


def income_statement(rows: Iterable[AccountBalance]) -> IncomeStatement:
    rows = [r for r in rows if r.debit or r.credit]
    return IncomeStatement(tuple(r for r in rows if r.kind == Kind.INCOME),
                           tuple(r for r in rows if r.kind == Kind.EXPENSE))


def balance_sheet(rows: Iterable[AccountBalance]) -> BalanceSheet:
    """Assets, liabilities and equity on a date: the accounts with a balance (one
    that moved and came back to zero, a loan repaid, is not shown)."""
    rows = [r for r in rows if r.debit or r.credit]
    result = income_statement(rows).result
    held = [r for r in rows if r.balance]
    return BalanceSheet(tuple(r for r in held if r.kind == Kind.ASSET),
                        tuple(r for r in held if r.kind == Kind.LIABILITY),
                        tuple(r for r in held if r.kind == Kind.EQUITY), result)


def closing_lines(rows: Iterable[AccountBalance], equity_account: str, loss_account: str) -> tuple[LineInput, ...]:
    """The year-end closing entry: every income and expense account back to zero,
    the result to the remanente (excedentes por distribuir) or, a loss, to
    pérdidas acumuladas. Empty when there is nothing to close."""
    lines: list[LineInput] = []
    result = ZERO
    for r in rows:
        net = r.debit - r.credit
        if r.kind not in (Kind.INCOME, Kind.EXPENSE) or net == ZERO:
            continue
        result -= net
        lines.append(LineInput(r.code, credit=net) if net > ZERO else LineInput(r.code, debit=-net))
    if not lines:
        return ()
    if result > ZERO:
        lines.append(LineInput(equity_account, credit=result))
    elif result < ZERO:
        lines.append(LineInput(loss_account, debit=-result))
    return tuple(lines)


def period_code(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def parse_period(text: str) -> tuple[int, int] | None:
    """«2026-03» or «03/2026» → (2026, 3); None if it is neither."""
    text = (text or "").strip()
    for sep, year_first in (("-", True), ("/", False)):
        parts = text.split(sep)
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            year, month = (int(parts[0]), int(parts[1])) if year_first else (int(parts[1]), int(parts[0]))
            if 1900 <= year <= 9999 and 1 <= month <= 12:
                return year, month
    return None

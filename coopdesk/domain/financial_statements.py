"""The statements a Peruvian contador presents, read from the account balances:

* the hoja de trabajo (worksheet balance): per account the sumas (debe, haber)
  and saldos (deudor, acreedor) of the period, then each saldo carried to the
  Inventario (activo / pasivo y patrimonio), the Resultados por naturaleza
  (pérdidas / ganancias: classes 6 and 7) and the Resultados por función
  (pérdidas / ganancias: 69, 70 and the other function lines, or class 9), and
  the period's result closing each pair of columns;
* the Estado de resultados by function (NIC 1 ¶103): ventas netas, costo de
  ventas, utilidad bruta, gastos de administración y de ventas, utilidad
  operativa, ingresos y gastos financieros apart, otros, resultado antes de
  impuestos, impuesto a la renta, resultado del ejercicio;
* the Estado de situación financiera classified (NIC 1 ¶60–76): activo
  corriente / no corriente, pasivo corriente / no corriente, patrimonio.

Each account goes to its line by its PCGE 2019 code (docs/ledger.md, «Estados
financieros: la hoja de trabajo, el estado de resultados por función y el
estado de situación clasificado», says which readings are uncertain). The
Fondo de Prima de Comercio Justo (46993) is a liability: the Premium never
reaches income, so it is in no line of the Estado de resultados.

Pure: no database. Amounts are exact Decimal soles; every subtotal is a sum of
the lines above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

from coopdesk.domain.ledger import AccountBalance, BalanceSheet, Kind
from coopdesk.domain.money import ZERO
from coopdesk.domain.problems import N_

# the code of the worksheet's row for the result of the months before the period not yet
# closed (the books have no account for it: the view names it)
CARRIED_RESULT = ""

SHEET_KINDS = frozenset({Kind.ASSET, Kind.LIABILITY, Kind.EQUITY})
RESULT_KINDS = frozenset({Kind.INCOME, Kind.EXPENSE})

# -- the analytic scheme of the PCGE (class 9 and 79) ----------------------------------------------

# 79 «Cargas imputables a cuentas de costos y gastos»: the credit side of the entries that
# send an expense of class 6 to its function in class 9. It is in neither results column.
IMPUTED = "79"
# The class 6 accounts the PCGE sends to a function account (its «destino»): in a book
# that keeps class 9 their function is the class 9 account, so they stay out of the
# función columns (their nature is in the naturaleza columns).
DESTINED = ("62", "63", "64", "65", "67", "68")


def analytic(rows: Iterable[AccountBalance]) -> bool:
    """Whether the book keeps the PCGE's analytic scheme in the period: an income
    or expense account of class 9, or 79, with movement."""
    return any(r.kind in RESULT_KINDS and (r.code.startswith("9") or r.code.startswith(IMPUTED))
               and (r.debit or r.credit) for r in rows)


def in_nature(row: AccountBalance) -> bool:
    """Whether a result account goes to the Resultados por naturaleza columns:
    classes 6, 7 and 8 (the income tax, 88), not 79 nor class 9."""
    return row.kind in RESULT_KINDS and not row.code.startswith(IMPUTED) and not row.code.startswith("9")


def in_function(row: AccountBalance, scheme: bool) -> bool:
    """Whether a result account goes to the Resultados por función columns: class
    9 and the accounts that are their own function (69 Costo de ventas, 70
    Ventas, 66, 75–77, 88…); the class 6 accounts with a «destino» only when the
    book does not keep class 9 (``scheme`` False), since then nothing else
    carries their function; never 79."""
    if row.kind not in RESULT_KINDS or row.code.startswith(IMPUTED):
        return False
    if scheme and row.code.startswith(DESTINED):
        return False
    return True


# -- the worksheet ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorksheetRow:
    code: str
    name: str
    kind: str
    debit: Decimal     # sumas: debe (the balance carried in from before the period included)
    credit: Decimal    # sumas: haber
    scheme: bool = False  # the book keeps class 9

    @property
    def debtor(self) -> Decimal:
        return max(self.debit - self.credit, ZERO)

    @property
    def creditor(self) -> Decimal:
        return max(self.credit - self.debit, ZERO)

    def _pair(self, included: bool) -> tuple[Decimal, Decimal]:
        return (self.debtor, self.creditor) if included else (ZERO, ZERO)

    @property
    def inventory(self) -> tuple[Decimal, Decimal]:
        """(activo, pasivo y patrimonio)."""
        return self._pair(self.kind in SHEET_KINDS)

    @property
    def nature(self) -> tuple[Decimal, Decimal]:
        """(pérdidas, ganancias) por naturaleza."""
        return self._pair(in_nature(self._balance))

    @property
    def function(self) -> tuple[Decimal, Decimal]:
        """(pérdidas, ganancias) por función."""
        return self._pair(in_function(self._balance, self.scheme))

    @property
    def _balance(self) -> AccountBalance:
        return AccountBalance(self.code, self.name, self.kind, self.debit, self.credit)

    @property
    def columns(self) -> tuple[Decimal, ...]:
        """The ten amounts in the worksheet's order."""
        return (self.debit, self.credit, self.debtor, self.creditor, *self.inventory, *self.nature, *self.function)


def _pair_result(debit_side: Decimal, credit_side: Decimal) -> Decimal:
    return credit_side - debit_side


@dataclass(frozen=True)
class Worksheet:
    """The hoja de trabajo of a period: rows by code, the column totals, and the
    result that closes each pair (positive: a profit)."""

    rows: tuple[WorksheetRow, ...]

    @property
    def totals(self) -> tuple[Decimal, ...]:
        """The ten column totals."""
        totals = [ZERO] * 10
        for row in self.rows:
            for i, value in enumerate(row.columns):
                totals[i] += value
        return tuple(totals)

    @property
    def inventory_result(self) -> Decimal:
        """Activo less pasivo y patrimonio: the result not yet in the patrimonio."""
        t = self.totals
        return t[4] - t[5]

    @property
    def nature_result(self) -> Decimal:
        t = self.totals
        return _pair_result(t[6], t[7])

    @property
    def function_result(self) -> Decimal:
        t = self.totals
        return _pair_result(t[8], t[9])

    @property
    def result(self) -> Decimal:
        return self.nature_result

    @property
    def closing(self) -> tuple[Decimal, ...]:
        """The result row that closes each pair: in Inventario a profit on the side
        of pasivo y patrimonio (a loss on the activo's); in the results columns a
        profit under pérdidas (a loss under ganancias). Sumas and saldos get none."""
        inv, nat, fun = self.inventory_result, self.nature_result, self.function_result
        return (ZERO, ZERO, ZERO, ZERO,
                max(-inv, ZERO), max(inv, ZERO),
                max(nat, ZERO), max(-nat, ZERO),
                max(fun, ZERO), max(-fun, ZERO))

    @property
    def balanced_totals(self) -> tuple[Decimal, ...]:
        """The «sumas iguales» row: the totals with the result added."""
        return tuple(t + c for t, c in zip(self.totals, self.closing))

    @property
    def ties(self) -> bool:
        """Sumas tie, saldos tie, and the three results are one."""
        t = self.totals
        return (t[0] == t[1] and t[2] == t[3]
                and self.inventory_result == self.nature_result == self.function_result)


def worksheet(rows: Iterable[AccountBalance]) -> Worksheet:
    """The worksheet of ``rows`` (the sumas of each account for the period, the
    balance carried in from before it included), accounts with movement only."""
    rows = [r for r in rows if r.debit or r.credit]
    scheme = analytic(rows)
    return Worksheet(tuple(WorksheetRow(r.code, r.name, r.kind, r.debit, r.credit, scheme)
                           for r in sorted(rows, key=_order)))


def _order(row: AccountBalance) -> str:
    """By code; the carried result at the end of the patrimonio (class 5)."""
    return row.code or "59~"


# -- the Estado de resultados by function -----------------------------------------------------------

# the lines, in the order printed (their labels are msgids)
SALES = "ventas"
COST = "costo"
SELLING = "ventas_gastos"
ADMINISTRATION = "administracion"
OTHER_OPERATING_INCOME = "otros_ingresos"
OTHER_OPERATING_EXPENSES = "otros_gastos"
FINANCIAL_INCOME = "ingresos_financieros"
FINANCIAL_EXPENSES = "gastos_financieros"
EXCHANGE = "diferencia_cambio"
INCOME_TAX = "impuesto"

FUNCTION_LABELS = {
    SALES: N_("Ventas netas (ingresos de actividades ordinarias)"),
    COST: N_("Costo de ventas"),
    SELLING: N_("Gastos de ventas y distribución"),
    ADMINISTRATION: N_("Gastos de administración"),
    OTHER_OPERATING_INCOME: N_("Otros ingresos operativos"),
    OTHER_OPERATING_EXPENSES: N_("Otros gastos operativos"),
    FINANCIAL_INCOME: N_("Ingresos financieros"),
    FINANCIAL_EXPENSES: N_("Gastos financieros"),
    EXCHANGE: N_("Diferencia de cambio, neta"),
    INCOME_TAX: N_("Impuesto a la renta"),
}

# code prefix → line; the longest prefix that matches wins. PCGE 2019: 60–61 purchases and
# their variation and 69 are the cost of what was sold; 62–65 and 68 administración unless
# named below; 631 transport and freight, 95 and 7-less selling; 67 and 97 financial
# expenses, 77 financial income; 676 / 776 the exchange difference; 88 the income tax.
FUNCTION_OF: tuple[tuple[str, str], ...] = (
    ("60", COST), ("61", COST), ("69", COST), ("90", COST), ("91", COST), ("92", COST), ("93", COST),
    ("62", ADMINISTRATION), ("63", ADMINISTRATION), ("631", SELLING), ("64", ADMINISTRATION),
    ("65", ADMINISTRATION), ("655", OTHER_OPERATING_EXPENSES), ("659", OTHER_OPERATING_EXPENSES),
    ("66", OTHER_OPERATING_EXPENSES), ("68", ADMINISTRATION),
    ("67", FINANCIAL_EXPENSES), ("676", EXCHANGE),
    ("94", ADMINISTRATION), ("95", SELLING), ("97", FINANCIAL_EXPENSES),
    ("70", SALES), ("74", SALES),
    ("73", OTHER_OPERATING_INCOME), ("75", OTHER_OPERATING_INCOME), ("76", OTHER_OPERATING_INCOME),
    ("78", OTHER_OPERATING_INCOME),
    ("77", FINANCIAL_INCOME), ("776", EXCHANGE),
    ("88", INCOME_TAX),
)


def function_of(row: AccountBalance) -> str:
    """The line of the Estado de resultados by function an account goes to: by its
    longest PCGE prefix in ``FUNCTION_OF``; an account of no listed code, by its
    nature (otros ingresos / otros gastos operativos)."""
    best = ""
    line = OTHER_OPERATING_INCOME if row.kind == Kind.INCOME else OTHER_OPERATING_EXPENSES
    for prefix, target in FUNCTION_OF:
        if row.code.startswith(prefix) and len(prefix) > len(best):
            best, line = prefix, target
    return line


@dataclass(frozen=True)
class FunctionLine:
    key: str
    accounts: tuple[AccountBalance, ...]

    @property
    def amount(self) -> Decimal:
        """Signed as it adds to the result: income positive, expenses negative."""
        return sum(((r.credit - r.debit) for r in self.accounts), ZERO)

    @property
    def label(self) -> str:
        return FUNCTION_LABELS[self.key]


@dataclass(frozen=True)
class FunctionStatement:
    """The Estado de resultados by function of an ejercicio."""

    lines: dict[str, FunctionLine]
    scheme: bool  # the book keeps class 9: the destined class 6 accounts are left out

    def amount(self, key: str) -> Decimal:
        return self.lines[key].amount

    @property
    def net_sales(self) -> Decimal:
        return self.amount(SALES)

    @property
    def cost_of_sales(self) -> Decimal:
        """As a positive cost."""
        return -self.amount(COST)

    @property
    def gross_margin(self) -> Decimal:
        """Utilidad bruta: ventas netas less costo de ventas."""
        return self.net_sales - self.cost_of_sales

    @property
    def operating_result(self) -> Decimal:
        """Utilidad operativa: the gross margin, less administración and ventas, plus
        the other operating income, less the other operating expenses."""
        return self.gross_margin + sum((self.amount(k) for k in (SELLING, ADMINISTRATION, OTHER_OPERATING_INCOME,
                                                                 OTHER_OPERATING_EXPENSES)), ZERO)

    @property
    def before_tax(self) -> Decimal:
        return self.operating_result + sum((self.amount(k) for k in (FINANCIAL_INCOME, FINANCIAL_EXPENSES,
                                                                     EXCHANGE)), ZERO)

    @property
    def income_tax(self) -> Decimal:
        """As a positive charge."""
        return -self.amount(INCOME_TAX)

    @property
    def result(self) -> Decimal:
        return self.before_tax - self.income_tax


def function_statement(rows: Iterable[AccountBalance]) -> FunctionStatement:
    """The ejercicio's income and expense accounts (before its closing entry) on the
    lines of the Estado de resultados by function."""
    rows = [r for r in rows if r.kind in RESULT_KINDS and (r.debit or r.credit)]
    scheme = analytic(rows)
    grouped: dict[str, list[AccountBalance]] = {key: [] for key in FUNCTION_LABELS}
    for r in sorted(rows, key=lambda r: r.code):
        if in_function(r, scheme):
            grouped[function_of(r)].append(r)
    return FunctionStatement({key: FunctionLine(key, tuple(accounts)) for key, accounts in grouped.items()}, scheme)


# -- the Estado de situación financiera, classified ------------------------------------------------

CURRENT, NON_CURRENT = "corriente", "no_corriente"

# code prefix → current or not (NIC 1 ¶66, ¶69: current what is realised or settled within
# twelve months). The PCGE's classes: 10–29 current assets, 30–39 non-current; 40–47
# current liabilities, 48 provisions current, 49 pasivo diferido non-current. The codes
# the PCGE does not split by term (14 loans to members, 45 loans from banks) are read
# as current: docs/ledger.md says why and what the contador reclassifies in the notes.
TERM_OF: tuple[tuple[str, str], ...] = (
    ("1", CURRENT), ("2", CURRENT), ("3", NON_CURRENT),
    ("4", CURRENT), ("49", NON_CURRENT),
)


def term_of(row: AccountBalance) -> str:
    """Corriente or no corriente: by the longest prefix in ``TERM_OF``; an asset or
    liability of a code outside classes 1–4, current."""
    best, term = "", CURRENT
    for prefix, target in TERM_OF:
        if row.code.startswith(prefix) and len(prefix) > len(best):
            best, term = prefix, target
    return term


def _total(rows: Sequence[AccountBalance]) -> Decimal:
    return sum((r.balance for r in rows), ZERO)


@dataclass(frozen=True)
class ClassifiedSheet:
    """``BalanceSheet`` with the activo and the pasivo each split in corriente and no corriente."""

    sheet: BalanceSheet
    current_assets: tuple[AccountBalance, ...]
    noncurrent_assets: tuple[AccountBalance, ...]
    current_liabilities: tuple[AccountBalance, ...]
    noncurrent_liabilities: tuple[AccountBalance, ...]

    @property
    def total_current_assets(self) -> Decimal:
        return _total(self.current_assets)

    @property
    def total_noncurrent_assets(self) -> Decimal:
        return _total(self.noncurrent_assets)

    @property
    def total_current_liabilities(self) -> Decimal:
        return _total(self.current_liabilities)

    @property
    def total_noncurrent_liabilities(self) -> Decimal:
        return _total(self.noncurrent_liabilities)


def classified(sheet: BalanceSheet) -> ClassifiedSheet:
    def split(rows, term):
        return tuple(r for r in rows if term_of(r) == term)
    return ClassifiedSheet(sheet, split(sheet.assets, CURRENT), split(sheet.assets, NON_CURRENT),
                           split(sheet.liabilities, CURRENT), split(sheet.liabilities, NON_CURRENT))


__all__ = [
    "ADMINISTRATION", "CARRIED_RESULT", "COST", "CURRENT", "ClassifiedSheet", "EXCHANGE", "FINANCIAL_EXPENSES",
    "FINANCIAL_INCOME", "FUNCTION_LABELS", "FUNCTION_OF", "FunctionLine", "FunctionStatement", "INCOME_TAX",
    "NON_CURRENT", "OTHER_OPERATING_EXPENSES", "OTHER_OPERATING_INCOME", "SALES", "SELLING", "TERM_OF", "Worksheet",
    "WorksheetRow", "analytic", "classified", "function_of", "function_statement", "in_function", "in_nature",
    "term_of", "worksheet",
]

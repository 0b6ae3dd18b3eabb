"""The year-end entries a contador posts, pure (docs/ledger.md, «El cierre del ejercicio»).

- the income-tax provision on the ejercicio's income from operations that are not
  actos cooperativos (Ley 31335): rate × (that income less the costs and expenses
  recorded as not cooperative), at the rate of ``law.COOPERATIVE_INCOME_TAX``;
- the closing of the balance-sheet accounts on 31 December (each account, and
  each member of a sub-ledger account, to zero) and its mirror, the reopening on
  1 January of the next year: the two always together, so the balances that
  carry over are never counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from coopdesk.domain.law import cooperative_income_tax
from coopdesk.domain.ledger import LineInput
from coopdesk.domain.money import CENTIMO, ZERO


@dataclass(frozen=True)
class TaxProvision:
    """What close-year provides for the ejercicio's income tax, and why."""

    year: int
    income: Decimal          # net income (sales less their cost, other income) of non-cooperative operations
    expenses: Decimal        # expenses recorded as not cooperative
    net_income: Decimal      # the cooperative's ingresos netos of the ejercicio (for the 1,700 UIT bracket)
    uit: Decimal | None
    percent: Decimal
    source: str
    already: Decimal = ZERO  # 881 already posted in the ejercicio (by hand)

    @property
    def base(self) -> Decimal:
        return max(self.income - self.expenses, ZERO)

    @property
    def tax(self) -> Decimal:
        return CENTIMO(self.base * self.percent / 100)

    @property
    def to_post(self) -> Decimal:
        """What the provision entry posts: the tax less what 881 already holds (never below zero)."""
        return max(self.tax - self.already, ZERO)


def tax_provision(year: int, income: Decimal, expenses: Decimal, net_income: Decimal, uit: Decimal | None,
                  already: Decimal = ZERO) -> TaxProvision:
    rule = cooperative_income_tax(year)
    return TaxProvision(year, income, expenses, net_income, uit, rule.value.rate(net_income, uit), rule.source,
                        already)


def provision_lines(amount: Decimal, expense: str, payable: str, description: str = "") -> tuple[LineInput, ...]:
    if amount <= ZERO:
        return ()
    return (LineInput(expense, debit=amount, description=description),
            LineInput(payable, credit=amount, description=description))


def result_transfer_lines(result: Decimal, profit: str, loss: str, remanente: str, losses: str,
                          description: str = "") -> tuple[LineInput, ...]:
    """89 → 59: the result determined in 891 (or 892) to 591 (or 592)."""
    if result > ZERO:
        return (LineInput(profit, debit=result, description=description),
                LineInput(remanente, credit=result, description=description))
    if result < ZERO:
        return (LineInput(losses, debit=-result, description=description),
                LineInput(loss, credit=-result, description=description))
    return ()


def balance_closing_lines(balances: Iterable[tuple[str, str, Decimal]],
                          description: str = "") -> tuple[LineInput, ...]:
    """``balances``: (account, member code or "", debit − credit) of every
    balance-sheet account (per member for a sub-ledger account). Each to zero."""
    lines = []
    for account, member, net in balances:
        if net > ZERO:
            lines.append(LineInput(account, credit=net, member_code=member, description=description))
        elif net < ZERO:
            lines.append(LineInput(account, debit=-net, member_code=member, description=description))
    return tuple(lines)


def mirror(lines: Iterable[LineInput], description: str = "") -> tuple[LineInput, ...]:
    """The reopening: each line of the closing on the other side."""
    return tuple(LineInput(line.account, debit=line.credit, credit=line.debit, member_code=line.member_code,
                           description=description or line.description) for line in lines)


# -- Libro de Inventarios y Balances -----------------------------------------------------------------


@dataclass(frozen=True)
class DetailRow:
    """A line of a detail format: who or what (a buyer and invoice, a member, a product), and its balance."""

    code: str        # an account, a member's code, a document
    name: str        # the account's, member's, buyer's or product's name
    detail: str      # the account of a member's balance, the date and document of an invoice, the kilos
    amount: Decimal


@dataclass(frozen=True)
class Inventarios:
    """The Libro de Inventarios y Balances on 31 December (docs/ledger.md): the
    estado de situación (formato 3.1) and the detail of its main accounts."""

    year: int
    sheet: object                          # domain.ledger.BalanceSheet on 31/12 (the night's closing left out)
    cash: tuple[DetailRow, ...]            # 3.2: each account of 10
    receivables: tuple[DetailRow, ...]     # 3.3: each invoice por cobrar (1212), buyer by buyer
    members: tuple[DetailRow, ...]         # 3.4: each member's balance of the member accounts of 14
    stocks: tuple[DetailRow, ...]          # 3.7: each product and certification in stock, kilos and cost
    suppliers: tuple[DetailRow, ...]       # 3.12: each expense owed to its supplier (4212)
    payables: tuple[DetailRow, ...]        # the members' payable (4419), member by member

    @staticmethod
    def total(rows: Iterable[DetailRow]) -> Decimal:
        return sum((r.amount for r in rows), ZERO)

"""Caja and the banks never go below zero without a recorded confirmation.

Pure: given an account's balance day by day (what the books hold, without the
document) and what the document moves on each day, find the first day on which
the document leaves the account below zero (and lower than it already was).
The core (``core.cash_guard``) reads the balances and applies this rule to every
entry posted, so each document that pays money (a ticket's advance, a loan, an
advance, a distribution's payment, an expense, a supplier's payment…) obeys the
same rule (docs/ledger.md, «Caja y bancos no quedan en negativo»).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Mapping

from coopdesk.domain.money import ZERO, Soles
from coopdesk.domain.problems import N_, Problem, Text

# PCGE 101 Caja and 104 Cuentas corrientes en instituciones financieras (1041…):
# every account whose code starts so is money the cooperative holds
MONEY_PREFIXES = ("101", "104")
FIELD = "saldo_negativo"  # the field of the problem the GUI and the CLI recognise


def is_money_account(code: str) -> bool:
    return code.startswith(MONEY_PREFIXES)


@dataclass(frozen=True)
class Overdraft:
    """The first day a document leaves a money account below zero."""

    account: str
    name: str
    day: date
    balance: Decimal   # the account's balance that day without the document
    amount: Decimal    # what the document takes out of it by that day
    result: Decimal    # the balance the document would leave

    def problem(self) -> Problem:
        return Problem(FIELD, N_(
            "%(name)s (%(account)s) tiene %(balance)s el %(date)s; este pago de %(amount)s la dejaría en "
            "%(result)s. Si el dinero salió de verdad, falta registrar lo que entró: regístrelo primero, o "
            "confirme el saldo negativo con un motivo."),
            {"name": Text(self.name), "account": self.account, "balance": Soles(self.balance),
             "date": self.day, "amount": Soles(self.amount), "result": Soles(self.result)})


def overdraft(account: str, name: str, opening: Decimal, existing: Mapping[date, Decimal],
              document: Mapping[date, Decimal]) -> Overdraft | None:
    """``opening``: the balance before the document's first day; ``existing``:
    what the books already move each day from then on; ``document``: what the
    document moves each day (negative: money out). The first day on which the
    balance with the document is below zero and below the balance without it;
    None when there is none (a book already negative is not made worse)."""
    if not document or all(v >= ZERO for v in document.values()):
        return None
    start = min(document)
    before = after = opening
    for day in sorted(set(existing) | set(document)):
        if day < start:
            continue
        before += existing.get(day, ZERO)
        after += existing.get(day, ZERO) + document.get(day, ZERO)
        if after < ZERO and after < before:
            return Overdraft(account, name, day, before, before - after, after)
    return None

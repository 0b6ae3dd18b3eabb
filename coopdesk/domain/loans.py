"""How a member's payments are applied to their loans (imputación del pago).

Código Civil, art. 1257: «Quien deba capital, gastos e intereses, no puede, sin
el asentimiento del acreedor, aplicar el pago al capital antes que a los gastos,
ni a éstos antes que a los intereses.» So by default a payment goes first to the
interest already due, then to the capital; the cooperative (the creditor) may
agree otherwise, and then records that agreement as its setting (``capital
primero``). coopdesk charges no costs (gastos) on loans, so there is no third
step. Among several loans the oldest is served first, in both steps (art. 1259's
«la más onerosa» is not decidable from the data coopdesk has; docs/accounts.md).

The application decides nothing in the books (a loan's principal and its interest
due share the member's account 14221); it says, to the member and the board, how
much of what they owe is interest and how much capital.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Iterable

from coopdesk.domain.money import ZERO


class PaymentOrder(StrEnum):
    INTEREST_FIRST = "interes_primero"   # Código Civil art. 1257, the default
    CAPITAL_FIRST = "capital_primero"    # only with the cooperative's recorded agreement


@dataclass
class LoanPosition:
    """One loan (or an older balance carried as capital, ``loan_id`` None) after the payments applied."""

    loan_id: int | None
    date: date
    principal: Decimal
    interest_due: Decimal = ZERO     # the installments' interest fallen due so far
    interest_paid: Decimal = ZERO
    capital_paid: Decimal = ZERO

    @property
    def interest_owed(self) -> Decimal:
        return self.interest_due - self.interest_paid

    @property
    def capital_owed(self) -> Decimal:
        return self.principal - self.capital_paid

    @property
    def owed(self) -> Decimal:
        return self.interest_owed + self.capital_owed


@dataclass(frozen=True)
class Payment:
    date: date
    amount: Decimal


@dataclass(frozen=True)
class InterestDue:
    date: date
    loan_id: int | None
    amount: Decimal


@dataclass
class Application:
    positions: list[LoanPosition]
    unapplied: Decimal = ZERO   # paid beyond everything owed (coopdesk refuses such a payment)
    payments: list[tuple[Payment, Decimal, Decimal]] = field(default_factory=list)  # payment, to interest, to capital


def apply_payments(loans: Iterable[LoanPosition], interest: Iterable[InterestDue], payments: Iterable[Payment],
                   order: PaymentOrder = PaymentOrder.INTEREST_FIRST) -> Application:
    """Apply ``payments`` in date order, each against what is owed on its day: the
    loans granted and the interest fallen due by then (a payment on a due date
    pays that installment's interest). ``order``: interest before capital (art.
    1257) or, by agreement, capital first. The oldest loan first within each."""
    positions = sorted(loans, key=lambda p: (p.date, p.loan_id or 0))
    by_id = {p.loan_id: p for p in positions}
    events = [(d.date, 0, i, d) for i, d in enumerate(interest)] + [(p.date, 1, i, p) for i, p in enumerate(payments)]
    result = Application(positions)
    for day, kind, _i, event in sorted(events, key=lambda e: e[:3]):
        if kind == 0:
            by_id[event.loan_id].interest_due += event.amount
            continue
        live = [p for p in positions if p.date <= day]
        left, to_interest, to_capital = event.amount, ZERO, ZERO
        steps = ("interest", "capital") if order == PaymentOrder.INTEREST_FIRST else ("capital", "interest")
        for step in steps:
            for p in live:
                owed = p.interest_owed if step == "interest" else p.capital_owed
                taken = min(left, max(owed, ZERO))
                if taken <= ZERO:
                    continue
                if step == "interest":
                    p.interest_paid += taken
                    to_interest += taken
                else:
                    p.capital_paid += taken
                    to_capital += taken
                left -= taken
        result.unapplied += left
        result.payments.append((event, to_interest, to_capital))
    return result

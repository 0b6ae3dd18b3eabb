"""What the engine takes and gives: criteria, members' season data, results.

Criteria are the General Assembly's published rules; ``MemberSeason`` is one
member's data as the core aggregates it in SQL; results keep every figure a
statement or an audit needs (basis, total basis, exact share, amount).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Mapping

from coopdesk.domain.distribution.allocation import Share
from coopdesk.domain.money import ZERO

# Allocation keys of a pot.
KG = "kg"                    # net kg delivered
WEIGHTED_KG = "weighted_kg"  # kg × factors by product, grade and certification
VALUE = "value"              # value delivered (advances' amount)
EQUAL = "equal"              # one equal share per eligible member
KEYS = (KG, WEIGHTED_KG, VALUE, EQUAL)


@dataclass(frozen=True)
class DeliveryTotal:
    """A member's season total for one product, grade and certification."""

    product: str
    grade: str
    certification: str
    kg: Decimal
    value: Decimal


@dataclass(frozen=True)
class MemberSeason:
    code: str
    status: str
    join_date: date
    deliveries: tuple[DeliveryTotal, ...] = ()
    # what the member owes, by concept (adelantos, créditos de insumos, préstamos, ...)
    debts: Mapping[str, Decimal] = field(default_factory=dict)

    @property
    def kg(self) -> Decimal:
        return sum((d.kg for d in self.deliveries), ZERO)

    @property
    def value(self) -> Decimal:
        return sum((d.value for d in self.deliveries), ZERO)


@dataclass(frozen=True)
class Appropriation:
    """An amount set apart before members (Reserva Cooperativa, Fondo de Educación...):
    a percentage or a fixed amount."""

    name: str
    percent: Decimal | None = None
    amount: Decimal | None = None
    reserve: bool = False  # the Reserva Cooperativa, held to the legal floor


@dataclass(frozen=True)
class Pot:
    """A part of what remains for members, divided by an allocation key.

    ``factors`` weigh kilos for WEIGHTED_KG: keys are ``("product", code)``,
    ``("grade", grade)`` or ``("certification", code)``; missing factors are 1."""

    name: str
    key: str
    percent: Decimal | None = None
    amount: Decimal | None = None
    factors: Mapping[tuple[str, str], Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Eligibility:
    statuses: tuple[str, ...] = ("activo",)
    minimum_kg: Decimal = ZERO
    joined_before: date | None = None


@dataclass(frozen=True)
class Criteria:
    amount: Decimal
    appropriations: tuple[Appropriation, ...] = ()
    # "gross": every percentage of the amount to distribute; "sequential": of what remains
    percent_base: str = "gross"
    reserve_floor_percent: Decimal = Decimal(20)
    pots: tuple[Pot, ...] = ()
    eligibility: Eligibility = Eligibility()
    minimum_payout: Decimal = ZERO
    deduction_order: tuple[str, ...] = ()


@dataclass(frozen=True)
class PotResult:
    name: str
    key: str
    amount: Decimal
    total_basis: Decimal
    shares: Mapping[str, Share]
    unallocated: Decimal


@dataclass(frozen=True)
class Deduction:
    concept: str
    owed: Decimal
    deducted: Decimal

    @property
    def remaining_debt(self) -> Decimal:
        return self.owed - self.deducted


@dataclass(frozen=True)
class Payout:
    code: str
    eligible: bool
    gross: Decimal          # sum of the member's pot amounts
    retained: Decimal       # below the minimum payout: kept, not paid
    deductions: tuple[Deduction, ...]
    net: Decimal            # never negative

    @property
    def deducted(self) -> Decimal:
        return sum((d.deducted for d in self.deductions), ZERO)


@dataclass(frozen=True)
class DistributionResult:
    amount: Decimal
    appropriations: tuple[tuple[str, Decimal], ...]
    to_members: Decimal
    pots: tuple[PotResult, ...]
    not_in_pots: Decimal     # what the pots' percentages leave over
    payouts: Mapping[str, Payout]

    @property
    def retained(self) -> Decimal:
        return sum((p.retained for p in self.payouts.values()), ZERO)

    @property
    def unallocated(self) -> Decimal:
        return sum((p.unallocated for p in self.pots), ZERO) + self.not_in_pots

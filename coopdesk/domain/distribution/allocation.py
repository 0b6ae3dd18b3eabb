"""Dividing an amount among members in proportion to their basis, to the céntimo.

Method: largest remainder (Hamilton), computed exactly with fractions.

1. Each member's exact share is ``total × basis / total basis`` (a Fraction:
   no rounding at all).
2. Each member first gets the exact share rounded *down* to the quantum
   (0.01 by default).
3. The céntimos still undistributed (fewer than the number of members with a
   basis) go one each to the members with the largest remainders.

Tie-break, deterministic and independent of the order of the input: equal
remainders go first to the larger basis, then to the smaller member key (the
member code). So every part is within one céntimo of its exact value, a zero
basis always gets zero, a larger basis never gets less than a smaller one, and
the parts always sum exactly to the whole (when any basis is positive; when all
are zero nothing can be divided and the whole amount is reported as
``unallocated``, for the caller to place explicitly).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Hashable, Mapping, TypeVar

from coopdesk.domain.money import CENT, ZERO

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Share:
    """One member's part: the basis, the exact share and the amount paid."""

    basis: Decimal
    exact: Fraction
    amount: Decimal

    @property
    def exact_decimal(self) -> Decimal:
        """The exact share shown with ten decimals (for the trace, not for sums)."""
        return (Decimal(self.exact.numerator) / Decimal(self.exact.denominator)).quantize(Decimal("1e-10"))


@dataclass(frozen=True)
class Allocation:
    total: Decimal
    total_basis: Decimal
    shares: Mapping  # key -> Share
    unallocated: Decimal

    @property
    def allocated(self) -> Decimal:
        return sum((s.amount for s in self.shares.values()), ZERO)


def allocate(total: Decimal, bases: Mapping[K, Decimal], quantum: Decimal = CENT) -> Allocation:
    """Divide ``total`` among ``bases`` by the largest-remainder method (see module doc)."""
    if total < ZERO:
        raise ValueError(f"cannot allocate a negative amount: {total}")
    units_total = Fraction(total) / Fraction(quantum)
    if units_total.denominator != 1:
        raise ValueError(f"{total} is not a whole number of {quantum}")
    for key, basis in bases.items():
        if basis < ZERO:
            raise ValueError(f"negative basis for {key!r}: {basis}")
    total_basis = sum(bases.values(), ZERO)
    none = ZERO * quantum  # zero, with the quantum's places: 0.00
    if total_basis == ZERO:
        shares = {key: Share(basis, Fraction(0), none) for key, basis in bases.items()}
        return Allocation(total, total_basis, shares, total)
    exact_units = {key: units_total * Fraction(basis) / Fraction(total_basis) for key, basis in bases.items()}
    floors = {key: units.numerator // units.denominator for key, units in exact_units.items()}
    leftover = int(units_total) - sum(floors.values())
    order = sorted(
        (key for key, basis in bases.items() if basis > ZERO),
        key=lambda k: (-(exact_units[k] - floors[k]), -bases[k], _sortable(k)),
    )
    for key in order[:leftover]:
        floors[key] += 1
    shares = {
        key: Share(bases[key], exact_units[key] * Fraction(quantum), Decimal(floors[key]) * quantum)
        for key in bases
    }
    return Allocation(total, total_basis, shares, none)


def _sortable(key):
    """Keys sort by themselves; mixed types (never expected) by their text."""
    return key if isinstance(key, (str, int, tuple)) else str(key)

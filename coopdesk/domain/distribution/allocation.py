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

import heapq
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Hashable, Mapping, TypeVar

from coopdesk.domain.money import CENT, ZERO

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Share:
    """One member's part: the basis, the amount paid, and the exact share as an
    integer fraction of the quantum (``numerator / denominator`` quanta)."""

    basis: Decimal
    amount: Decimal
    numerator: int
    denominator: int
    quantum: Decimal = CENT

    @property
    def exact(self) -> Fraction:
        """The exact share in soles (no rounding at all)."""
        if self.denominator == 0:
            return Fraction(0)
        return Fraction(self.numerator, self.denominator) * Fraction(self.quantum)

    @property
    def exact_decimal(self) -> Decimal:
        """The exact share shown with ten decimals (for the trace, not for sums)."""
        exact = self.exact
        return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("1e-10"))


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
    """Divide ``total`` among ``bases`` by the largest-remainder method (see module doc).

    Computed in integers: the bases are scaled to whole numbers, so each exact
    share is ``units × basis / total basis`` with an integer floor and remainder."""
    if total < ZERO:
        raise ValueError(f"cannot allocate a negative amount: {total}")
    units_exact = total / quantum
    if units_exact != units_exact.to_integral_value():
        raise ValueError(f"{total} is not a whole number of {quantum}")
    units = int(units_exact)
    for key, basis in bases.items():
        if basis < ZERO:
            raise ValueError(f"negative basis for {key!r}: {basis}")
    total_basis = sum(bases.values(), ZERO)
    none = ZERO * quantum  # zero, with the quantum's places: 0.00
    if total_basis == ZERO:
        shares = {key: Share(basis, none, 0, 0, quantum) for key, basis in bases.items()}
        return Allocation(total, total_basis, shares, total)
    places = max((-b.as_tuple().exponent for b in bases.values() if b.is_finite()), default=0)
    places = max(places, 0)
    scaled = {key: int(basis.scaleb(places)) for key, basis in bases.items()}
    denominator = sum(scaled.values())
    numerators = {key: units * b for key, b in scaled.items()}
    floors = {key: n // denominator for key, n in numerators.items()}
    leftover = units - sum(floors.values())
    if leftover:
        plain = all(isinstance(k, (str, int, tuple)) for k in scaled)
        candidates = [(-(numerators[k] % denominator), -b, k if plain else str(k), k)
                      for k, b in scaled.items() if b > 0]
        for *_order, key in heapq.nsmallest(leftover, candidates):
            floors[key] += 1
    shares = {key: Share(bases[key], Decimal(floors[key]) * quantum, numerators[key], denominator, quantum)
              for key in bases}
    return Allocation(total, total_basis, shares, none)


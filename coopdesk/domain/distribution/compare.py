"""Two distributions side by side, for the General Assembly.

Two runs (two criteria, or a corrected run against the published one) are
compared member by member and by zone, gender and certification, and each run is
summarised by a few figures a treasurer can read aloud. Everything is exact:
amounts are Decimals, the figures that need a division are computed as
Fractions and rounded once, half-up, at the end. No floats anywhere.

Per run (``summarize``), over the amounts as given:

- ``members``: how many amounts; ``paid``: how many are above zero;
  ``total``: their sum.
- ``median``: the middle amount in ascending order; with an even count, the
  mean of the two middle ones. Rounded half-up to the céntimo (0.00 when there
  are no amounts).
- ``top10_share``: the percentage of the total received by the top 10 % of
  members, i.e. the ``ceil(n / 10)`` largest amounts (ties at the cut do not
  matter: equal amounts give the same sum whichever is taken). Rounded half-up
  to 2 decimals; 0.00 when the total is 0.
- ``gini``: the Gini coefficient, in its sorted form. With the amounts in
  ascending order x₁ ≤ x₂ ≤ … ≤ xₙ (i counted from 1)::

      G = Σᵢ (2i − n − 1) · xᵢ / (n · Σᵢ xᵢ)

  which equals the mean-difference form Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄). It is 0
  when everyone gets the same and (n − 1) / n when one member gets everything
  (0.7500 among four). Computed as a Fraction and rounded half-up to 4
  decimals; 0.0000 when the total is 0 or there are fewer than two amounts.

Amounts are payments and may not be negative (``ValueError``): with negative
amounts the Gini coefficient and the shares lose their meaning.

Between runs (``compare``): every member present in either run is listed, a
member missing from one run counting as 0.00 there; each difference is
``b − a`` (positive: B pays the member more). Members are grouped by the zone,
gender and certification in ``info``; a member not in ``info`` goes to the
group ``""`` in each grouping and is shown by its code. The group totals of
each grouping therefore add up to the run totals, and the member differences to
the difference of the totals. Each run's ``Summary`` is over that run's amounts
as given (a member absent from a run is not counted among its members).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Callable, Mapping

from coopdesk.domain.money import CENT, ZERO

NONE = ZERO * CENT  # 0.00: zero with the céntimo's places
PERCENT = 2  # decimals of top10_share
GINI = 4  # decimals of gini


@dataclass(frozen=True)
class MemberInfo:
    code: str
    name: str
    zone: str  # zone name ("" when none)
    gender: str  # "F", "M" or ""
    certification: str  # certification code: "organico", "transicion", "convencional", ...
    dni: str = ""  # printed in the board summary's padrón


@dataclass(frozen=True)
class Summary:
    """A run summarised (see the module docstring for each figure)."""

    members: int
    paid: int
    total: Decimal
    median: Decimal
    top10_share: Decimal
    gini: Decimal


@dataclass(frozen=True)
class MemberDifference:
    code: str
    name: str
    a: Decimal
    b: Decimal
    difference: Decimal  # b - a


@dataclass(frozen=True)
class GroupTotal:
    group: str
    a: Decimal
    b: Decimal
    difference: Decimal  # b - a


@dataclass(frozen=True)
class Comparison:
    members: tuple[MemberDifference, ...]  # every member of a or b, by code
    by_zone: tuple[GroupTotal, ...]  # each grouping sorted by group name
    by_gender: tuple[GroupTotal, ...]
    by_certification: tuple[GroupTotal, ...]
    a: Summary
    b: Summary
    gainers: tuple[MemberDifference, ...]  # largest positive differences first, ties by code
    losers: tuple[MemberDifference, ...]  # most negative differences first, ties by code

    @property
    def total_a(self) -> Decimal:
        return self.a.total

    @property
    def total_b(self) -> Decimal:
        return self.b.total

    @property
    def difference(self) -> Decimal:
        """Total of B minus total of A."""
        return self.b.total - self.a.total


def summarize(amounts: Mapping[str, Decimal]) -> Summary:
    """The figures of one run (see module doc); independent of the input's order."""
    for code, amount in amounts.items():
        if amount < ZERO:
            raise ValueError(f"negative amount for {code!r}: {amount}")
    values = sorted(amounts.values())
    n = len(values)
    total = sum(values, NONE)
    exact = [Fraction(v) for v in values]
    exact_total = sum(exact, Fraction(0))

    if n == 0:
        median = NONE
    elif n % 2:
        median = _round_half_up(exact[n // 2], 2)
    else:
        median = _round_half_up((exact[n // 2 - 1] + exact[n // 2]) / 2, 2)

    if exact_total == 0:
        top10_share = _round_half_up(Fraction(0), PERCENT)
        gini = _round_half_up(Fraction(0), GINI)
    else:
        top = -(-n // 10)  # ceil(n / 10)
        top10_share = _round_half_up(100 * sum(exact[n - top:], Fraction(0)) / exact_total, PERCENT)
        if n < 2:
            gini = _round_half_up(Fraction(0), GINI)
        else:
            weighted = sum(((2 * i - n - 1) * x for i, x in enumerate(exact, start=1)), Fraction(0))
            gini = _round_half_up(weighted / (n * exact_total), GINI)

    return Summary(
        members=n,
        paid=sum(1 for v in values if v > ZERO),
        total=total,
        median=median,
        top10_share=top10_share,
        gini=gini,
    )


def compare(
    a: Mapping[str, Decimal],
    b: Mapping[str, Decimal],
    info: Mapping[str, MemberInfo],
    top: int = 10,
) -> Comparison:
    """Run ``a`` against run ``b`` (see module doc); ``top`` gainers and losers at most."""
    if top < 0:
        raise ValueError(f"top must not be negative: {top}")
    members = tuple(
        MemberDifference(
            code=code,
            name=info[code].name if code in info else code,
            a=a.get(code, NONE),
            b=b.get(code, NONE),
            difference=b.get(code, NONE) - a.get(code, NONE),
        )
        for code in sorted(set(a) | set(b))
    )

    def grouped(field: Callable[[MemberInfo], str]) -> tuple[GroupTotal, ...]:
        totals: dict[str, tuple[Decimal, Decimal]] = {}
        for m in members:
            group = field(info[m.code]) if m.code in info else ""
            ga, gb = totals.get(group, (NONE, NONE))
            totals[group] = (ga + m.a, gb + m.b)
        return tuple(GroupTotal(g, ga, gb, gb - ga) for g, (ga, gb) in sorted(totals.items()))

    gainers = sorted((m for m in members if m.difference > ZERO), key=lambda m: (-m.difference, m.code))
    losers = sorted((m for m in members if m.difference < ZERO), key=lambda m: (m.difference, m.code))
    return Comparison(
        members=members,
        by_zone=grouped(lambda i: i.zone),
        by_gender=grouped(lambda i: i.gender),
        by_certification=grouped(lambda i: i.certification),
        a=summarize(a),
        b=summarize(b),
        gainers=tuple(gainers[:top]),
        losers=tuple(losers[:top]),
    )


def _round_half_up(value: Fraction, places: int) -> Decimal:
    """An exact Fraction rounded half-up (away from zero) to ``places`` decimals."""
    scaled = abs(value) * 10**places
    units = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    if value < 0:
        units = -units
    return Decimal(units).scaleb(-places)

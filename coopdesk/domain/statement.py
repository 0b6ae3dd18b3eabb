"""What a member's statement says, as plain data the core builds and reports render.

Amounts are Decimal soles, weights Decimal kg; nothing here is formatted.
Totals are computed here from the lines, so the printed total is always the sum
of the printed lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from coopdesk.domain.money import ZERO


@dataclass(frozen=True)
class CooperativeInfo:
    name: str
    ruc: str
    address: str
    city: str
    locale: str


@dataclass(frozen=True)
class MemberInfo:
    code: str
    dni: str
    full_name: str
    zone: str
    certification: str


@dataclass(frozen=True)
class CampaignInfo:
    code: str
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class StatementLine:
    date: date
    ticket: str
    product: str
    crop: str
    sacks: int
    gross_kg: Decimal
    tare_kg: Decimal
    net_kg: Decimal
    humidity_pct: Decimal
    grade: str
    certification: str
    price: Decimal
    price_unit: str
    amount: Decimal
    # the Ley 31335 withholding taken when the ticket was paid (left out of the repr, so a statement without
    # any prints as the same document it was before tickets were withheld)
    withheld: Decimal = field(default=ZERO, repr=False)


@dataclass(frozen=True)
class ProductTotal:
    product: str
    certification: str
    crop: str
    deliveries: int
    net_kg: Decimal
    amount: Decimal


@dataclass(frozen=True)
class MemberStatement:
    number: int
    printed_on: date
    cooperative: CooperativeInfo
    member: MemberInfo
    campaign: CampaignInfo
    lines: tuple[StatementLine, ...]
    reprint: int = 0  # 0: the original; k: the k-th reprint of the original of first_printed_on
    first_printed_on: date | None = None

    @property
    def total_net_kg(self) -> Decimal:
        return sum((line.net_kg for line in self.lines), ZERO)

    @property
    def total_gross_kg(self) -> Decimal:
        return sum((line.gross_kg for line in self.lines), ZERO)

    @property
    def total_amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def total_withheld(self) -> Decimal:
        return sum((line.withheld for line in self.lines), ZERO)

    @property
    def total_paid(self) -> Decimal:
        """What the member was paid for the tickets: the advances less the withholding."""
        return self.total_amount - self.total_withheld

    @property
    def total_sacks(self) -> int:
        return sum(line.sacks for line in self.lines)

    def by_product(self) -> tuple[ProductTotal, ...]:
        """Totals per product and certification, in order of first appearance:
        organic, in-transition and conventional product are kept apart."""
        totals: dict[tuple[str, str], list] = {}
        for line in self.lines:
            entry = totals.setdefault((line.product, line.certification), [line.crop, 0, ZERO, ZERO])
            entry[1] += 1
            entry[2] += line.net_kg
            entry[3] += line.amount
        return tuple(ProductTotal(product, cert, crop, n, kg, amount)
                     for (product, cert), (crop, n, kg, amount) in totals.items())

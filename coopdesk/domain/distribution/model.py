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
from coopdesk.domain.quantities import QUINTAL_KG
from coopdesk.domain.withholding import uit_by_year

# What a run distributes (criteria's [distribucion] tipo).
EXCEDENTES = "excedentes"  # the remanente of an ejercicio: out of 591, with the Reserva's legal floor
REINTEGRO = "reintegro"    # a complement of the intake price: a cost of acopio, before the result
KINDS = {EXCEDENTES: EXCEDENTES, REINTEGRO: REINTEGRO}

# Allocation keys of a pot.
KG = "kg"                    # net kg delivered
WEIGHTED_KG = "weighted_kg"  # kg × factors by product, grade and certification
VALUE = "value"              # value delivered (advances' amount)
EQUAL = "equal"              # one equal share per eligible member
RATE = "rate"                # S/ per kg or per quintal by product, grade and certification
SHARE_CAPITAL = "share_capital"  # the member's paid-in aportaciones (optionally capped)
POINTS = "points"            # participation points (assemblies, faenas)
KEYS = (KG, WEIGHTED_KG, VALUE, EQUAL, RATE, SHARE_CAPITAL, POINTS)
DELIVERY_KEYS = (KG, WEIGHTED_KG, VALUE, RATE)  # keys whose basis comes from deliveries

# Units of a RATE pot's rates: the kilos one rate pays for.
UNITS = {"kg": Decimal(1), "quintal": QUINTAL_KG}

ANY = "*"  # in a rate's pattern PRODUCT/GRADE/CERTIFICATION: any value

# The concept of the legal withholding among a payout's deductions (always the first).
WITHHOLDING = "retencion"
# what a member was already paid under the run a correction replaces: taken first after the withholding
ALREADY_PAID = "pagado"

# UIT (Unidad Impositiva Tributaria) in soles by year: the dated table of
# coopdesk.domain.withholding (docs/criteria.md). Criteria may add or replace years.
UIT = uit_by_year()


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
    # False: the member is not up to date with their obligations (excluded where criteria ask "al_dia")
    in_good_standing: bool = True
    aportaciones: Decimal = ZERO   # paid-in share capital
    points: Decimal = ZERO         # participation points (assemblies, faenas)
    # taxable income the cooperative already paid the member earlier in the same
    # year, and the withholding already taken on it (for the annual 30 UIT rule)
    income_before: Decimal = ZERO
    withheld_before: Decimal = ZERO
    # kept for the member from earlier distributions (amounts below the minimum payout)
    carried_in: Decimal = ZERO
    # the same income and withholding, in the distribution's month only (for the «mes_completo» reading),
    # and the whole previous year's income from the cooperative (for the 140 UIT ceiling)
    month_income_before: Decimal = ZERO
    month_withheld_before: Decimal = ZERO
    previous_year_income: Decimal = ZERO

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
    account: str = ""      # the ledger account it is credited to («cuenta»); "" for the usual one


@dataclass(frozen=True)
class Pot:
    """A part of what remains for members, divided by an allocation key.

    ``factors`` weigh kilos for WEIGHTED_KG: keys are ``("product", code)``,
    ``("grade", grade)`` or ``("certification", code)``; missing factors are 1.

    ``rates`` (RATE) map a pattern ``"PRODUCT/GRADE/CERTIFICATION"`` (``*`` for
    any) to soles per ``unit`` ("kg" or "quintal" of 46 kg); the most specific
    matching pattern applies, a delivery no pattern matches counts nothing.
    With neither ``percent`` nor ``amount`` a RATE pot pays each member
    kg × rate (rounded half-up once per member) and its amount is their sum;
    with one of them the rates are weights (basis kg × rate).

    ``interest_percent`` (SHARE_CAPITAL, without percent or amount): each
    member gets that percentage of their aportaciones (interest on aportaciones).
    ``cap`` limits what any member's basis counts (``tope``). ``only_*`` count
    only the deliveries of those products, grades and certifications (for keys
    not based on deliveries: only members with such a delivery take part)."""

    name: str
    key: str
    percent: Decimal | None = None
    amount: Decimal | None = None
    factors: Mapping[tuple[str, str], Decimal] = field(default_factory=dict)
    rates: Mapping[str, Decimal] = field(default_factory=dict)
    unit: str = "kg"
    interest_percent: Decimal | None = None
    cap: Decimal | None = None
    only_products: tuple[str, ...] = ()
    only_grades: tuple[str, ...] = ()
    only_certifications: tuple[str, ...] = ()

    @property
    def rated(self) -> bool:
        """The pot's amount is the sum of what each member's rate gives, not a
        share of the amount to distribute."""
        return self.percent is None and self.amount is None and (
            self.key == RATE or self.interest_percent is not None)

    @property
    def filtered(self) -> bool:
        return bool(self.only_products or self.only_grades or self.only_certifications)


@dataclass(frozen=True)
class Stream:
    """An earmarked amount kept apart from the main amount (the Fairtrade
    Premium, an organic differential): ``members_percent`` of it goes to members
    through its own ``pots``, the rest to the named ``fund``."""

    name: str
    amount: Decimal
    fund: str = ""
    members_percent: Decimal = ZERO
    pots: tuple[Pot, ...] = ()
    account: str = ""      # the ledger account the stream is paid from («cuenta»); "" for the usual one


@dataclass(frozen=True)
class Withholding:
    """The legal withholding on members' income (Ley 31335): ``percent`` of the
    part of the year's taxable income above ``threshold_uit`` UIT. ``pots``:
    the pots that count as taxable income (None: all of them). ``reading`` and
    ``ceiling_uit`` (None: the dated rule in force on the run's day,
    ``coopdesk.domain.withholding.WITHHOLDING``): how the threshold is read, and
    the previous year's income above which a member is under the general regime."""

    percent: Decimal = Decimal("1.5")
    threshold_uit: Decimal = Decimal(30)
    uit: Mapping[int, Decimal] = field(default_factory=lambda: dict(UIT))
    pots: tuple[str, ...] | None = None
    reading: str | None = None
    ceiling_uit: Decimal | None = None


@dataclass(frozen=True)
class Eligibility:
    statuses: tuple[str, ...] = ("activo",)
    minimum_kg: Decimal = ZERO
    joined_before: date | None = None
    good_standing: bool = False  # True: members not in good standing are excluded


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
    distribution_date: date | None = None   # its year chooses the UIT
    loss_compensation: Decimal = ZERO       # taken first, before appropriations
    streams: tuple[Stream, ...] = ()
    capitalisation_percent: Decimal = ZERO  # of each member's amount in capitalisation_pots
    capitalisation_pots: tuple[str, ...] | None = None  # None: every pot of the main amount
    withholding: Withholding | None = None
    max_interest_percent: Decimal | None = None  # the highest interest_percent a pot may have
    # where an amount below the minimum payout goes: "socio" (kept for the member, paid with their
    # next distribution) or "fondo" (to the fund named in retained_fund)
    retained_to: str = "socio"
    retained_fund: str = ""
    # "excedentes": the remanente of an ejercicio (out of 591, the Reserva's legal floor applies);
    # "reintegro": a complement of the intake price, a cost of acopio before the result (docs/criteria.md)
    kind: str = EXCEDENTES
    year: int | None = None  # the ejercicio whose remanente this distributes (excedentes)
    # fixed-amount pots needing more than there is: False refuses them, True scales them down in
    # proportion (criteria's [distribucion] escalar = true)
    scale_fixed_pots: bool = False
    # the day the run is computed: the legal rules in force then apply (coopdesk.domain.law);
    # None: the newest rules
    rules_on: date | None = None


@dataclass(frozen=True)
class PotResult:
    name: str
    key: str
    amount: Decimal
    total_basis: Decimal
    shares: Mapping[str, Share]
    unallocated: Decimal
    stream: str = ""          # the earmarked stream it belongs to; "" for the main amount
    rated: bool = False       # amount = sum of members' rate amounts (each rounded half-up)
    # RATE pots: the kilos a rate pays for (1 per kg, 46 per quintal); the basis is
    # kg × rate, so a member's exact amount is basis ÷ unit_kg
    unit_kg: Decimal = Decimal(1)


@dataclass(frozen=True)
class StreamResult:
    """An earmarked stream: to_fund + its pots + not_in_pots = amount."""

    name: str
    amount: Decimal
    fund: str
    to_fund: Decimal
    to_members: Decimal
    pots: tuple[PotResult, ...]
    not_in_pots: Decimal


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
    capitalised: Decimal = ZERO  # credited to the member's aportaciones, not paid
    taxable: Decimal = ZERO      # the part of gross counted for the withholding (0 when retained)
    carried_in: Decimal = ZERO   # kept for the member from earlier distributions, paid (or kept) now

    @property
    def total(self) -> Decimal:
        """What the member has in this distribution: gross plus what was kept for them before
        (= retained + capitalised + deducted + net)."""
        return self.gross + self.carried_in

    @property
    def deducted(self) -> Decimal:
        return sum((d.deducted for d in self.deductions), ZERO)

    @property
    def withheld(self) -> Decimal:
        return sum((d.deducted for d in self.deductions if d.concept == WITHHOLDING), ZERO)


@dataclass(frozen=True)
class DistributionResult:
    amount: Decimal
    appropriations: tuple[tuple[str, Decimal], ...]
    to_members: Decimal
    pots: tuple[PotResult, ...]
    not_in_pots: Decimal     # what the pots' percentages leave over
    payouts: Mapping[str, Payout]
    loss_compensation: Decimal = ZERO        # taken from the amount before appropriations
    streams: tuple[StreamResult, ...] = ()   # earmarked amounts, each reconciled on its own
    uit: Decimal | None = None               # the UIT used for the withholding
    withholding_threshold: Decimal | None = None  # threshold_uit × uit, in soles

    @property
    def total_amount(self) -> Decimal:
        """The main amount and every stream."""
        return self.amount + sum((s.amount for s in self.streams), ZERO)

    @property
    def all_pots(self) -> tuple[PotResult, ...]:
        return self.pots + tuple(p for s in self.streams for p in s.pots)

    @property
    def to_funds(self) -> Decimal:
        return sum((s.to_fund for s in self.streams), ZERO)

    @property
    def retained(self) -> Decimal:
        return sum((p.retained for p in self.payouts.values()), ZERO)

    @property
    def carried_in(self) -> Decimal:
        """Kept for members from earlier distributions: paid or kept again here,
        outside the amount to distribute."""
        return sum((p.carried_in for p in self.payouts.values()), ZERO)

    @property
    def capitalised(self) -> Decimal:
        return sum((p.capitalised for p in self.payouts.values()), ZERO)

    @property
    def withheld(self) -> Decimal:
        return sum((p.withheld for p in self.payouts.values()), ZERO)

    @property
    def unallocated(self) -> Decimal:
        """What no member got: pots nobody could take part in and what the pots'
        percentages leave over, of the main amount and of every stream."""
        return (sum((p.unallocated for p in self.all_pots), ZERO) + self.not_in_pots
                + sum((s.not_in_pots for s in self.streams), ZERO))

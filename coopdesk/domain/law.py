"""Legal rules the distribution follows, as dated settings with their source.

Each rule is a table of rows (in force from, value, source); the row in force on
a date is the last one whose date is not after it. docs/criteria.md cites the
text each row follows and says where the reading is uncertain. A new norm, or a
new reading of one, is a new row, never an edit of an old one: a run is always
recomputed (``distribution verify``) under the rows in force on the day it was
computed, so what was published stays reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Generic, Sequence, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Dated(Generic[T]):
    since: date
    value: T
    source: str  # the norm, as docs/criteria.md cites it


def in_force(rule: Sequence[Dated[T]], on: date) -> Dated[T]:
    """The row of ``rule`` in force on ``on`` (the first row before any other)."""
    current = rule[0]
    for row in rule:
        if row.since <= on:
            current = row
    return current


@dataclass(frozen=True)
class ReserveRule:
    """The Reserva Cooperativa out of a remanente: ``floor_percent`` of it at least
    (None: not held to a legal floor, only to the criteria's reserva_minima), and
    whether «no menos de» rounds the floor and the reserve's own percentage up to
    the céntimo (False: to the nearest céntimo)."""

    floor_percent: Decimal | None
    rounds_up: bool


# TUO de la Ley General de Cooperativas (D.S. 074-90-TR; from January 2026 the TUO
# approved by D.S. 001-2026-PRODUCE, which renumbered the articles): the remanente
# goes first to the Reserva Cooperativa, «no menos del veinte por ciento». coopdesk
# holds every remanente to it from 7 December 2026; runs computed before are
# recomputed as they were (the floor was then the criteria's reserva_minima).
RESERVE: tuple[Dated[ReserveRule], ...] = (
    Dated(date(1, 1, 1), ReserveRule(None, False), "reserva_minima de los criterios (coopdesk antes del 07/12/2026)"),
    Dated(date(2026, 12, 7), ReserveRule(Decimal(20), True),
          "TUO de la Ley General de Cooperativas (D.S. 074-90-TR; D.S. 001-2026-PRODUCE): no menos del 20 %"),
)


def reserve_rule(on: date | None) -> ReserveRule:
    """The rule for a run computed on ``on`` (None: the newest)."""
    return (RESERVE[-1] if on is None else in_force(RESERVE, on)).value


# Excedentes go to members «en proporción a sus operaciones» with the cooperative
# (TUO de la Ley General de Cooperativas): a kilo of cacao en baba or of copoazú
# pulpa is not the same operation as a kilo of dry cacao, so plain kilos of
# different products are not added up (coopdesk's reading, from 7 December 2026;
# runs computed before are recomputed as they were).
MIXED_KILOS_REFUSED: tuple[Dated[bool], ...] = (
    Dated(date(1, 1, 1), False, "coopdesk antes del 07/12/2026"),
    Dated(date(2026, 12, 7), True, "TUO de la Ley General de Cooperativas: en proporción a sus operaciones"),
)


def mixed_kilos_refused(on: date | None) -> bool:
    return (MIXED_KILOS_REFUSED[-1] if on is None else in_force(MIXED_KILOS_REFUSED, on)).value


# Not a norm but coopdesk's own reading of the assembly's criteria, dated like one so
# that published runs verify as they were computed: fixed-amount pots that need more
# than there is for them were scaled down in proportion, in silence, until 7 December
# 2026; from then they are refused, unless the criteria ask for it (escalar = true).
FIXED_POTS_REFUSED: tuple[Dated[bool], ...] = (
    Dated(date(1, 1, 1), False, "coopdesk antes del 07/12/2026: reducidos en proporción"),
    Dated(date(2026, 12, 7), True, "los montos que aprueba la asamblea no se reducen en silencio"),
)


def fixed_pots_refused(on: date | None) -> bool:
    return (FIXED_POTS_REFUSED[-1] if on is None else in_force(FIXED_POTS_REFUSED, on)).value


# Also coopdesk's own: when the pots' percentages leave equal remainders, the céntimo went
# to the pot whose name comes first in code-point order until 7 December 2026; from
# then to the pot written first in the criteria, as the appropriations always did.
POT_TIES_BY_ORDER: tuple[Dated[bool], ...] = (
    Dated(date(1, 1, 1), False, "coopdesk antes del 07/12/2026: por el nombre del fondo"),
    Dated(date(2026, 12, 7), True, "el fondo escrito primero, como las apropiaciones"),
)


def pot_ties_by_order(on: date | None) -> bool:
    return (POT_TIES_BY_ORDER[-1] if on is None else in_force(POT_TIES_BY_ORDER, on)).value


# Código Civil (Decreto Legislativo 295, in force from 14 November 1984), art. 1257:
# a payment goes to costs, then interest, then capital, «sin el asentimiento del
# acreedor»; the cooperative may agree otherwise (its setting ``imputacion_pagos``).
PAYMENT_ORDER: tuple[Dated[str], ...] = (
    Dated(date(1984, 11, 14), "interes_primero", "Código Civil (D. Leg. 295), art. 1257: intereses antes que capital"),
)


def payment_order(on: date) -> Dated[str]:
    """The legal order of imputation of a payment on ``on`` (value and source)."""
    return in_force(PAYMENT_ORDER, on)


@dataclass(frozen=True)
class CooperativeIncomeTax:
    """The income tax of an agrarian cooperative on its net income from operations
    that are not actos cooperativos (Ley 31335): ``percent`` when the
    cooperative's ingresos netos of the ejercicio do not pass ``bracket_uit`` UIT,
    ``above_percent`` when they do."""

    percent: Decimal
    above_percent: Decimal
    bracket_uit: Decimal = Decimal(1700)

    def rate(self, net_income: Decimal, uit: Decimal | None) -> Decimal:
        """The rate for an ejercicio whose ingresos netos were ``net_income`` (the UIT
        unknown: the higher rate, so the provision is never short)."""
        if uit is not None and net_income <= self.bracket_uit * uit:
            return self.percent
        return self.above_percent


# Ley 31335 (El Peruano, 10/08/2021), Ley de perfeccionamiento de la asociatividad de los productores
# agrarios en cooperativas agrarias: the net income of actos cooperativos is inafecto; the net income of
# other operations pays, as reported (docs/ledger.md, «Impuesto a la renta»; verify with El Peruano's
# text): up to 1,700 UIT of ingresos netos, 15 % for 2021–2030 and the general rate from 2031; above
# 1,700 UIT, 15 % for 2021–2022, 20 % for 2023–2024, 25 % for 2025–2027 and the general rate (29.5 %,
# TUO de la Ley del Impuesto a la Renta, art. 55) from 2028. A row per change; the ejercicio takes the
# row in force on its 31 December.
LAW_31335_TAX = "Ley 31335, régimen del impuesto a la renta de las cooperativas agrarias (tasas por tramo de 1,700 UIT)"
COOPERATIVE_INCOME_TAX: tuple[Dated[CooperativeIncomeTax], ...] = (
    Dated(date(2021, 1, 1), CooperativeIncomeTax(Decimal(15), Decimal(15)), LAW_31335_TAX),
    Dated(date(2023, 1, 1), CooperativeIncomeTax(Decimal(15), Decimal(20)), LAW_31335_TAX),
    Dated(date(2025, 1, 1), CooperativeIncomeTax(Decimal(15), Decimal(25)), LAW_31335_TAX),
    Dated(date(2028, 1, 1), CooperativeIncomeTax(Decimal(15), Decimal("29.5")), LAW_31335_TAX),
    Dated(date(2031, 1, 1), CooperativeIncomeTax(Decimal("29.5"), Decimal("29.5")),
          "TUO de la Ley del Impuesto a la Renta, art. 55 (régimen general), al terminar el de la Ley 31335"),
)


def cooperative_income_tax(year: int) -> Dated[CooperativeIncomeTax]:
    """The rule for the ejercicio ``year`` (the row in force on its 31 December)."""
    return in_force(COOPERATIVE_INCOME_TAX, date(year, 12, 31))

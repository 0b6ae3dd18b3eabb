"""The income-tax withholding on members (Ley 31335 and its reglamento), pure.

Two dated tables, read as ``coopdesk.domain.law`` reads its rules (the row in
force on a day is the last one not after it; a new norm or reading is a new
row): ``UIT_TABLE`` (the Unidad Impositiva Tributaria of each year) and
``WITHHOLDING`` (the rule: rate, thresholds, how the thresholds are read, which
income counts). docs/criteria.md, «The retención», cites the sources and says
where the reading is uncertain.

The base is the member's **net income from the cooperative**, every kind:
``DELIVERIES`` (the advances paid for their tickets, by ticket date),
``REINTEGROS`` and ``EXCEDENTES`` (what distributions pay them, by the
distribution's date). The core adds it up (``coopdesk.core.withholding``); the
functions here only apply the rule to the sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Mapping

from coopdesk.domain.law import Dated, in_force

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# The UIT in soles. Each year's is set by a decreto supremo of the MEF, in force
# from 1 January; a year not in the table is unknown (never last year's figure).
UIT_TABLE: tuple[Dated[Decimal], ...] = (
    Dated(date(2022, 1, 1), Decimal(4600), "D.S. 398-2021-EF"),
    Dated(date(2023, 1, 1), Decimal(4950), "D.S. 309-2022-EF"),
    Dated(date(2024, 1, 1), Decimal(5150), "D.S. 309-2023-EF"),
    Dated(date(2025, 1, 1), Decimal(5350), "D.S. 260-2024-EF"),
    Dated(date(2026, 1, 1), Decimal(5500), "D.S. 301-2025-EF (según la prensa; verificar en El Peruano)"),
)


def uit_by_year() -> dict[int, Decimal]:
    """{year: UIT} for every year of the table."""
    return {row.since.year: row.value for row in UIT_TABLE}


def uit_of(year: int, table: Mapping[int, Decimal] | None = None) -> Decimal | None:
    """The UIT of ``year`` (``table``: the built-in one with any years the criteria add); None: unknown."""
    return (uit_by_year() if table is None else table).get(year)


# kinds of income a member obtains from the cooperative
DELIVERIES, REINTEGROS, EXCEDENTES = "entregas", "reintegros", "excedentes"
KINDS = (DELIVERIES, REINTEGROS, EXCEDENTES)

# how the 30 UIT threshold is read (docs/criteria.md):
# EXCESS: 1.5 % of what the year's accumulated income exceeds 30 UIT, taken as it is paid (the law's
#   «sobre el exceso»); WHOLE_MONTH: once the year's income has passed 30 UIT, 1.5 % of the whole month's income
EXCESS, WHOLE_MONTH = "exceso", "mes_completo"
READINGS = (EXCESS, WHOLE_MONTH)


@dataclass(frozen=True)
class WithholdingRule:
    """``percent`` of the member's net income from the cooperative above
    ``exempt_uit`` UIT in the year, read as ``reading``; a member whose income
    from the cooperative the previous year passed ``ceiling_uit`` UIT is under
    the general regime (declares and pays on their own: nothing is withheld;
    None: no ceiling applied). ``kinds``: the income the base counts;
    ``at_intake``: the cooperative also withholds when it pays a ticket (not only
    in reintegros and excedentes)."""

    percent: Decimal
    exempt_uit: Decimal
    ceiling_uit: Decimal | None
    reading: str
    kinds: tuple[str, ...]
    at_intake: bool = False


LAW_31335 = ("Ley 31335, Ley de perfeccionamiento de la asociatividad de los productores agrarios en cooperativas "
             "agrarias, y su reglamento, D.S. 008-2023-MIDAGRI (según la prensa; verificar en El Peruano)")

WITHHOLDING: tuple[Dated[WithholdingRule], ...] = (
    # what coopdesk did before: the base was the earlier distributions of the year only
    Dated(date(1, 1, 1), WithholdingRule(Decimal("1.5"), Decimal(30), None, EXCESS, (REINTEGROS, EXCEDENTES)),
          "coopdesk antes del 07/12/2026: solo las distribuciones anteriores del año"),
    # the reglamento: every kind of income counts, and it is withheld wherever the cooperative pays, the tickets too
    Dated(date(2026, 12, 7), WithholdingRule(Decimal("1.5"), Decimal(30), Decimal(140), EXCESS, KINDS, True),
          LAW_31335),
)


def withholding_rule(on: date | None) -> WithholdingRule:
    """The rule in force on ``on`` (None: the newest)."""
    return (WITHHOLDING[-1] if on is None else in_force(WITHHOLDING, on)).value


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class IncomeBefore:
    """What a member obtained from the cooperative before a payment, and what was withheld from it:
    in the payment's year (``year``, ``withheld_year``) and in its month (``month``, ``withheld_month``);
    ``previous_year``: the whole previous year's income (for the 140 UIT ceiling)."""

    year: Decimal = ZERO
    withheld_year: Decimal = ZERO
    month: Decimal = ZERO
    withheld_month: Decimal = ZERO
    previous_year: Decimal = ZERO


def ceiling_of(rule: WithholdingRule, previous_uit: Decimal | None) -> Decimal | None:
    """The ceiling in soles (``ceiling_uit`` × the previous year's UIT); None: not applied, or that UIT unknown."""
    return None if rule.ceiling_uit is None or previous_uit is None else rule.ceiling_uit * previous_uit


def general_regime(previous_year_income: Decimal, ceiling: Decimal | None) -> bool:
    """True when the previous year's income from the cooperative passed the ceiling (coopdesk does not withhold)."""
    return ceiling is not None and previous_year_income > ceiling


def withholding_on_payment(percent: Decimal, reading: str, threshold: Decimal, payment: Decimal,
                           before: IncomeBefore, ceiling: Decimal | None = None) -> Decimal:
    """What to withhold from a payment of ``payment`` (its taxable income), given what came before;
    ``threshold`` and ``ceiling`` in soles.

    EXCESS: ``percent`` of the year's income above the threshold (rounded half-up) less what was already withheld
    in the year; WHOLE_MONTH: once the year's income (this payment included) passes the threshold, ``percent`` of
    the month's income (rounded half-up) less what was already withheld in the month. Never below zero, and never
    more than ``percent`` of the payment itself (rounded half-up): the cooperative withholds out of what it pays."""
    if payment <= ZERO or general_regime(before.previous_year, ceiling):
        return ZERO
    rate = percent / HUNDRED
    if reading == WHOLE_MONTH:
        due = _round(rate * (before.month + payment)) - before.withheld_month \
            if before.year + payment > threshold else ZERO
    else:
        due = _round(rate * max(ZERO, before.year + payment - threshold)) - before.withheld_year
    return min(max(due, ZERO), _round(rate * payment))


def withholding_of_month(rule: WithholdingRule, threshold: Decimal, month_income: Decimal,
                         year_before_month: Decimal, previous_year: Decimal = ZERO,
                         ceiling: Decimal | None = None) -> Decimal:
    """What the rule makes due on a month's income as a whole (the monthly declaration's figure);
    ``threshold`` and ``ceiling`` in soles. EXCESS: ``percent`` of the part of the month's income above the
    threshold, counting the year's income before the month (each month rounded so that the months add up to
    ``percent`` of the year's excess, rounded); WHOLE_MONTH: ``percent`` of the month's income once the year's
    income passes the threshold."""
    if month_income <= ZERO or general_regime(previous_year, ceiling):
        return ZERO
    rate = rule.percent / HUNDRED
    if rule.reading == WHOLE_MONTH:
        return _round(rate * month_income) if year_before_month + month_income > threshold else ZERO
    return (_round(rate * max(ZERO, year_before_month + month_income - threshold))
            - _round(rate * max(ZERO, year_before_month - threshold)))


def withholding_at_intake(rule: WithholdingRule, uit: Decimal, payment: Decimal, before: IncomeBefore,
                          previous_uit: Decimal | None = None) -> Decimal:
    """What to withhold from a ticket's payment of ``payment``, given what the member obtained before it: the same
    ``withholding_on_payment`` a distribution applies, with the rule's own settings (``uit``: the UIT of the
    ticket's year; ``previous_uit``: the year before's, for the ceiling). Nothing when the rule does not withhold
    at intake or does not count the tickets."""
    if not rule.at_intake or DELIVERIES not in rule.kinds:
        return ZERO
    return withholding_on_payment(rule.percent, rule.reading, rule.exempt_uit * uit, payment, before,
                                  ceiling_of(rule, previous_uit))

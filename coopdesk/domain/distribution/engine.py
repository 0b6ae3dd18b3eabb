"""Run a distribution: criteria + members' season data -> every member's amounts.

Order of work, each step rounding once with a named policy:

1. **Appropriations** before members, in the published order: a fixed amount,
   or a percentage. Percentages of the amount to distribute ("gross") are
   divided together by the largest remainder, so rounding never makes them
   exceed the amount; percentages of what remains ("sequential") are rounded
   half-up one by one (they cannot exceed what remains). The Reserva Cooperativa
   must reach the floor (20 % by default) of the amount to distribute.
2. **Pots**: fixed-amount pots first; percentage pots then divide what is left,
   by the largest-remainder method over their percentages (so they sum exactly);
   whatever their percentages leave over is reported as ``not_in_pots``.
3. Each pot is divided among **eligible** members by its key (kg, weighted kg,
   value, equal share) with ``allocate``; nobody eligible -> the pot stays
   unallocated, reported, never lost.
4. Per member: a gross below the **minimum payout** is retained (not paid);
   otherwise **deductions** are taken in the published order, each at most what
   is left, so the net is never negative and the rest stays as the member's debt.

Invariant (tested): appropriations + pots + not_in_pots = amount to distribute;
each pot's shares + unallocated = the pot; each member's retained + deducted +
net = gross.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from coopdesk.domain.distribution.allocation import allocate
from coopdesk.domain.distribution.model import (
    EQUAL,
    KEYS,
    KG,
    VALUE,
    WEIGHTED_KG,
    Criteria,
    Deduction,
    DistributionResult,
    MemberSeason,
    Payout,
    Pot,
    PotResult,
)
from coopdesk.domain.money import CENT, CENTIMO, ZERO, Soles
from coopdesk.domain.problems import N_, Problem

HUNDRED = Decimal(100)
NOT_IN_POTS = "\U0010ffff left over"  # the part percentages leave over; sorts last, so ties favour named parts


def run(criteria: Criteria, members: Sequence[MemberSeason]) -> tuple[DistributionResult | None, list[Problem]]:
    problems = check_criteria(criteria)
    if problems:
        return None, problems
    appropriations, to_members, problems = _appropriate(criteria)
    if problems:
        return None, problems
    pot_amounts, not_in_pots = _pot_amounts(criteria.pots, to_members)
    eligible = {m.code: is_eligible(criteria, m) for m in members}
    pots = []
    for pot in criteria.pots:
        bases = {m.code: basis(pot, m) if eligible[m.code] else ZERO for m in members}
        allocation = allocate(pot_amounts[pot.name], bases)
        pots.append(PotResult(pot.name, pot.key, pot_amounts[pot.name], allocation.total_basis,
                              allocation.shares, allocation.unallocated))
    payouts = {m.code: _payout(criteria, m, eligible[m.code], pots) for m in members}
    return DistributionResult(criteria.amount, appropriations, to_members, tuple(pots), not_in_pots, payouts), []


def check_criteria(c: Criteria) -> list[Problem]:
    """Every problem of the criteria at once, naming the key that is wrong."""
    problems: list[Problem] = []
    if c.amount < ZERO or c.amount != c.amount.quantize(CENT):
        problems.append(Problem("amount", N_("El monto a distribuir debe ser positivo y en céntimos.")))
    if c.percent_base not in ("gross", "sequential"):
        problems.append(Problem("percent_base", N_("La base de los porcentajes debe ser «gross» o «sequential».")))
    for i, a in enumerate(c.appropriations):
        field = f"appropriations[{i}]"
        problems += _one_of_percent_or_amount(field, a.name, a.percent, a.amount)
    if not c.pots:
        problems.append(Problem("pots", N_("Los criterios deben tener al menos un fondo para los socios.")))
    names = [p.name for p in c.pots]
    for i, pot in enumerate(c.pots):
        field = f"pots[{i}]"
        if names.count(pot.name) > 1:
            problems.append(Problem(field, N_("El fondo «%(name)s» está repetido."), {"name": pot.name}))
        if pot.key not in KEYS:
            problems.append(Problem(f"{field}.key", N_("El fondo «%(name)s» tiene una clave de reparto desconocida: "
                                                       "%(key)s."), {"name": pot.name, "key": pot.key}))
        problems += _one_of_percent_or_amount(field, pot.name, pot.percent, pot.amount)
        if any(f < ZERO for f in pot.factors.values()):
            problems.append(Problem(f"{field}.factors", N_("Los factores del fondo «%(name)s» no pueden ser "
                                                           "negativos."), {"name": pot.name}))
    if sum((p.percent for p in c.pots if p.percent is not None), ZERO) > HUNDRED:
        problems.append(Problem("pots", N_("Los porcentajes de los fondos suman más de 100 %%.")))
    if c.minimum_payout < ZERO:
        problems.append(Problem("minimum_payout", N_("El pago mínimo no puede ser negativo.")))
    return problems


def _one_of_percent_or_amount(field: str, name: str, percent, amount) -> list[Problem]:
    if (percent is None) == (amount is None):
        return [Problem(field, N_("«%(name)s» debe tener un porcentaje o un monto, uno de los dos."), {"name": name})]
    if percent is not None and not (ZERO <= percent <= HUNDRED):
        return [Problem(f"{field}.percent", N_("El porcentaje de «%(name)s» debe estar entre 0 y 100."),
                        {"name": name})]
    if amount is not None and (amount < ZERO or amount != amount.quantize(CENT)):
        return [Problem(f"{field}.amount", N_("El monto de «%(name)s» debe ser positivo y en céntimos."),
                        {"name": name})]
    return []


def _gross_percentages(c: Criteria) -> dict[int, Decimal]:
    """Percentages of the gross amount, divided together by the largest-remainder
    method (with what they leave over as one more part), so that rounding can
    never make them add up to more than the amount itself."""
    percents = {f"{i:04d}": a.percent for i, a in enumerate(c.appropriations) if a.percent is not None}
    if c.percent_base != "gross" or not percents or sum(percents.values(), ZERO) > HUNDRED:
        return {}
    weights = dict(percents)
    weights[NOT_IN_POTS] = HUNDRED - sum(percents.values(), ZERO)
    split = allocate(c.amount, weights)
    return {int(key): split.shares[key].amount for key in percents}


def _appropriate(c: Criteria):
    remaining, taken, problems = c.amount, [], []
    reserve = ZERO
    gross = _gross_percentages(c)
    if c.percent_base == "gross" and sum((a.percent for a in c.appropriations if a.percent is not None), ZERO) > HUNDRED:
        problems.append(Problem("appropriations", N_("Los porcentajes de las apropiaciones suman más de 100 %%.")))
    for i, a in enumerate(c.appropriations):
        if a.amount is not None:
            value = a.amount
        elif i in gross:
            value = gross[i]
        else:
            base = c.amount if c.percent_base == "gross" else remaining
            value = CENTIMO(base * a.percent / HUNDRED)
        if value > remaining:
            problems.append(Problem(f"appropriations[{i}]", N_("«%(name)s» pide %(value)s y solo quedan %(left)s."),
                                    {"name": a.name, "value": Soles(value), "left": Soles(remaining)}))
            value = remaining
        if a.reserve:
            reserve += value
        taken.append((a.name, value))
        remaining -= value
    # The floor is met when the reserve is less than one céntimo short of the exact
    # percentage (rounding to céntimos must not make legal criteria illegal).
    exact_floor = c.amount * c.reserve_floor_percent / HUNDRED
    floor = CENTIMO(exact_floor)
    if c.reserve_floor_percent > ZERO and reserve <= exact_floor - CENT:
        problems.append(Problem("appropriations", N_(
            "La Reserva Cooperativa recibe %(reserve)s, menos del mínimo de %(percent)s %% (%(floor)s)."),
            {"reserve": Soles(reserve), "percent": c.reserve_floor_percent, "floor": Soles(floor)}))
    return tuple(taken), remaining, problems


def _pot_amounts(pots: Sequence[Pot], to_members: Decimal) -> tuple[dict[str, Decimal], Decimal]:
    amounts = {p.name: p.amount for p in pots if p.amount is not None}
    fixed = sum(amounts.values(), ZERO)
    left = max(to_members - fixed, ZERO)
    if fixed > to_members:  # fixed pots larger than what members get: scale them down proportionally
        split = allocate(to_members, amounts)
        return {name: split.shares[name].amount for name in amounts} | {
            p.name: ZERO for p in pots if p.percent is not None}, ZERO
    percents = {p.name: p.percent for p in pots if p.percent is not None}
    if not percents:
        return amounts, left
    percents[NOT_IN_POTS] = HUNDRED - sum(percents.values(), ZERO)
    split = allocate(left, percents)
    amounts.update({name: split.shares[name].amount for name in percents if name != NOT_IN_POTS})
    return amounts, split.shares[NOT_IN_POTS].amount + split.unallocated


def is_eligible(c: Criteria, m: MemberSeason) -> bool:
    rule = c.eligibility
    return (m.status in rule.statuses and m.kg >= rule.minimum_kg
            and (rule.joined_before is None or m.join_date < rule.joined_before))


def basis(pot: Pot, m: MemberSeason) -> Decimal:
    if pot.key == KG:
        return m.kg
    if pot.key == VALUE:
        return m.value
    if pot.key == EQUAL:
        return Decimal(1)
    if pot.key == WEIGHTED_KG:
        f = pot.factors
        return sum((d.kg * f.get(("product", d.product), Decimal(1)) * f.get(("grade", d.grade), Decimal(1))
                    * f.get(("certification", d.certification), Decimal(1)) for d in m.deliveries), ZERO)
    raise ValueError(pot.key)


def _payout(c: Criteria, m: MemberSeason, eligible: bool, pots: Sequence[PotResult]) -> Payout:
    gross = sum((p.shares[m.code].amount for p in pots), ZERO)
    if ZERO < gross < c.minimum_payout:
        return Payout(m.code, eligible, gross, gross, (), ZERO)
    available = gross
    deductions = []
    order = list(c.deduction_order) + sorted(k for k in m.debts if k not in c.deduction_order)
    for concept in order:
        owed = m.debts.get(concept, ZERO)
        if owed <= ZERO:
            continue
        taken = min(owed, available)
        deductions.append(Deduction(concept, owed, taken))
        available -= taken
    return Payout(m.code, eligible, gross, ZERO, tuple(deductions), available)

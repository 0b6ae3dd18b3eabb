"""Run a distribution: criteria + members' season data -> every member's amounts.

Order of work, each step rounding once with a named policy:

0. **Loss compensation** (optional): a fixed amount taken from the amount to
   distribute before anything else. What is left is the base of the
   appropriations' percentages and of the reserve floor.
1. **Appropriations** before members, in the published order: a fixed amount,
   or a percentage. Percentages of the base ("gross") are divided together by
   the largest remainder, so rounding never makes them exceed it; percentages
   of what remains ("sequential") are rounded half-up one by one (they cannot
   exceed what remains). The Reserva Cooperativa must reach the floor (20 % by
   default) of the base.
2. **Pots**: fixed-amount pots first; then *rated* pots (a RATE pot without a
   percentage or amount, or interest on aportaciones), whose amount is the sum
   of what each member's rate gives (each member's exact amount rounded half-up
   to the céntimo once); percentage pots then divide what is left, by the
   largest-remainder method over their percentages (so they sum exactly);
   whatever their percentages leave over is reported as ``not_in_pots``. Rated
   pots, and fixed-amount pots, that need more than there is are an error, never
   cut silently (fixed amounts are scaled down in proportion only when the
   criteria ask for it: ``scale_fixed_pots``). Ties between pots go to the
   larger percentage, then to the pot written first (docs/criteria.md).
3. Each (non-rated) pot is divided among **eligible** members by its key with
   ``allocate``, counting only the deliveries its filters admit; nobody
   eligible -> the pot stays unallocated, reported, never lost.
4. **Earmarked streams** (the Fairtrade Premium...): each on its own, apart
   from the main amount: ``members_percent`` of it (rounded half-up) goes to its
   pots exactly as in steps 2-3, the rest to its fund.
5. Per member: a gross below the **minimum payout** is retained whole (not paid:
   nothing is capitalised or withheld from it). Otherwise the **withholding**
   is computed on the taxable pots, the **capitalisation** is taken (never so
   much that the withholding could not be paid), and then the **deductions**:
   the withholding first, then the published order, each at most what is left,
   so the net is never negative and the rest stays as the member's debt.

A member's amount kept from earlier distributions (``carried_in``, when the
criteria keep retained amounts for the member) is added to what they have now
and counts for the minimum payout; it is outside the amount to distribute.

Invariants (tested): loss compensation + appropriations + pots + not_in_pots =
amount; for each stream, to_fund + its pots + its not_in_pots = its amount; each
pot's shares + unallocated = the pot; each member's retained + capitalised +
deducted + net = gross + carried_in.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Sequence

from coopdesk.domain.distribution.allocation import Share, allocate
from coopdesk.domain.distribution.model import (
    ALREADY_PAID,
    ANY,
    EXCEDENTES,
    REINTEGRO,
    EQUAL,
    KEYS,
    KG,
    POINTS,
    RATE,
    SHARE_CAPITAL,
    UNITS,
    VALUE,
    WEIGHTED_KG,
    WITHHOLDING,
    Criteria,
    Deduction,
    DeliveryTotal,
    DistributionResult,
    MemberSeason,
    Payout,
    Pot,
    PotResult,
    StreamResult,
    Withholding,
)
from coopdesk.domain.law import fixed_pots_refused, mixed_kilos_refused, pot_ties_by_order, reserve_rule
from coopdesk.domain.money import CENT, CENTIMO, CENTIMO_UP, ZERO, Soles
from coopdesk.domain.problems import N_, Problem, Text
from coopdesk.domain.withholding import READINGS, IncomeBefore, withholding_on_payment, withholding_rule

HUNDRED = Decimal(100)
NOT_IN_POTS = "\U0010ffff left over"  # the part percentages leave over; sorts last, so ties favour named parts


def run(criteria: Criteria, members: Sequence[MemberSeason]) -> tuple[DistributionResult | None, list[Problem]]:
    problems = check_criteria(criteria) + check_law(criteria)
    if problems:
        return None, problems
    appropriations, to_members, problems = _appropriate(criteria)
    if problems:
        return None, problems
    eligible = {m.code: is_eligible(criteria, m) for m in members}
    pots, not_in_pots, problems = _divide(criteria.pots, to_members, members, eligible, "", "pots",
                                          criteria.rules_on, criteria.scale_fixed_pots)
    streams = []
    for i, stream in enumerate(criteria.streams):
        for_members = CENTIMO(stream.amount * stream.members_percent / HUNDRED)
        stream_pots, left_over, found = _divide(stream.pots, for_members, members, eligible, stream.name,
                                                f"streams[{i}].pots", criteria.rules_on, criteria.scale_fixed_pots)
        problems += found
        streams.append(StreamResult(stream.name, stream.amount, stream.fund, stream.amount - for_members,
                                    for_members, stream_pots, left_over))
    if problems:
        return None, problems
    uit, threshold = withholding_threshold(criteria)
    all_pots = pots + tuple(p for s in streams for p in s.pots)
    capitalised = _chosen(all_pots, criteria.capitalisation_pots, pots)
    taxable = _chosen(all_pots, criteria.withholding.pots if criteria.withholding else None, all_pots)
    payouts = {m.code: _payout(criteria, m, eligible[m.code], all_pots, capitalised, taxable, threshold)
               for m in members}
    return DistributionResult(criteria.amount, appropriations, to_members, pots, not_in_pots, payouts,
                              criteria.loss_compensation, tuple(streams), uit, threshold), []


def check_law(c: Criteria) -> list[Problem]:
    """What the law in force on the run's day (``c.rules_on``) forbids: a
    remanente's Reserva Cooperativa below the legal floor."""
    rule = reserve_rule(c.rules_on)
    if c.kind == EXCEDENTES and rule.floor_percent is not None and c.reserve_floor_percent < rule.floor_percent:
        return [Problem("reserve_floor_percent", N_(
            "La Reserva Cooperativa de un remanente no puede ser menos del %(percent)s %% (reserva_minima = "
            "%(given)s): así lo manda la Ley General de Cooperativas. Un complemento del precio de acopio se "
            "escribe con tipo = \"reintegro\"."), {"percent": rule.floor_percent, "given": c.reserve_floor_percent})]
    return []


def check_appropriations(c: Criteria) -> list[Problem]:
    """What the appropriations refuse under the rules in force on ``c.rules_on``
    (a repeated name, percentages over 100 %, more than there is, a Reserva below its floor),
    without the members' data; nothing when they cannot be computed (each
    appropriation's own problem says why)."""
    problems = [Problem(f"appropriations[{i}].name", N_("La apropiación «%(name)s» está repetida."), {"name": a.name})
                for i, a in enumerate(c.appropriations)
                if a.name in [b.name for b in c.appropriations[:i]]]  # once, where it repeats
    if (_money("", "", c.amount) or _money("", "", c.loss_compensation) or c.loss_compensation > c.amount
            or any(_one_of_percent_or_amount("", a.name, a.percent, a.amount) for a in c.appropriations)):
        return problems  # (each of these is said on its own)
    return problems + _appropriate(c)[2]


def check_criteria(c: Criteria) -> list[Problem]:
    """Every problem of the criteria at once, naming the key that is wrong."""
    problems: list[Problem] = []
    if c.kind == REINTEGRO and c.appropriations:
        problems.append(Problem("appropriations", N_(
            "Un reintegro es un complemento del precio de acopio, un costo antes del resultado: no lleva "
            "apropiaciones (la Reserva y los fondos se sacan del remanente, con tipo = \"excedentes\").")))
    if c.kind == REINTEGRO and c.year is not None:
        problems.append(Problem("year", N_(
            "Un reintegro no distribuye el remanente de un ejercicio: quite «ejercicio» o use tipo = "
            "\"excedentes\".")))
    problems += _money("amount", N_("el monto a distribuir"), c.amount)
    found = _money("loss_compensation", N_("la compensación de pérdidas"), c.loss_compensation)
    problems += found
    if not found and c.loss_compensation > c.amount >= ZERO:
        problems.append(Problem("loss_compensation", N_(
            "La compensación de pérdidas (%(loss)s) es mayor que el monto a distribuir (%(amount)s)."),
            {"loss": Soles(c.loss_compensation), "amount": Soles(c.amount)}))
    if c.percent_base not in ("gross", "sequential"):
        problems.append(Problem("percent_base", N_("La base de los porcentajes debe ser «gross» o «sequential».")))
    for i, a in enumerate(c.appropriations):
        field = f"appropriations[{i}]"
        problems += _one_of_percent_or_amount(field, a.name, a.percent, a.amount)
    if not c.pots and (c.amount > ZERO or not any(s.pots for s in c.streams)):
        problems.append(Problem("pots", N_("Los criterios deben tener al menos un fondo para los socios.")))
    all_pots = list(c.pots) + [p for s in c.streams for p in s.pots]
    names = [p.name for p in all_pots]
    seen: set[str] = set()  # pot names met so far (main pots, then each stream's): a repeated one is reported once
    problems += _check_pots(c, c.pots, "pots", names, seen)
    stream_names = [s.name for s in c.streams]
    for i, s in enumerate(c.streams):
        field = f"streams[{i}]"
        if s.name in stream_names[:i]:  # reported once, where it is repeated
            problems.append(Problem(f"{field}.name", N_("El monto aparte «%(name)s» está repetido."),
                                    {"name": s.name}))
        problems += _money(f"{field}.amount", N_("el monto"), s.amount, s.name)
        if not (ZERO <= s.members_percent <= HUNDRED):
            problems.append(Problem(f"{field}.members_percent", N_(
                "El porcentaje para los socios de «%(name)s» debe estar entre 0 y 100."), {"name": s.name}))
        elif s.members_percent < HUNDRED and not s.fund.strip():
            problems.append(Problem(f"{field}.fund", N_(
                "«%(name)s» debe decir a qué fondo va lo que no se reparte a los socios."), {"name": s.name}))
        if s.members_percent > ZERO and not s.pots:
            problems.append(Problem(f"{field}.pots", N_(
                "«%(name)s» da una parte a los socios, pero no tiene fondos para repartirla."), {"name": s.name}))
        elif s.pots and s.members_percent == ZERO:
            problems.append(Problem(f"{field}.members_percent", N_(
                "«%(name)s» tiene fondos para los socios, pero su porcentaje para los socios es 0."),
                {"name": s.name}))
        problems += _check_pots(c, s.pots, f"{field}.pots", names, seen)
    problems += _money("minimum_payout", N_("el pago mínimo"), c.minimum_payout)
    if c.retained_to not in ("socio", "fondo"):
        problems.append(Problem("retained_to", N_("Lo retenido va al «socio» (se le paga en la próxima "
                                                  "distribución) o a un «fondo».")))
    elif c.retained_to == "fondo" and not c.retained_fund.strip():
        problems.append(Problem("retained_fund", N_("Diga a qué fondo va lo retenido: fondo_retenidos = "
                                                    "\"...\".")))
    if not (ZERO <= c.capitalisation_percent <= HUNDRED):
        problems.append(Problem("capitalisation_percent", N_("La capitalización debe estar entre 0 y 100 %%.")))
    for name in c.capitalisation_pots or ():
        if name not in names:
            problems.append(Problem("capitalisation_pots", N_(
                "La capitalización nombra el fondo «%(name)s», que no existe."), {"name": name}))
    if c.max_interest_percent is not None and c.max_interest_percent < ZERO:
        problems.append(Problem("max_interest_percent", N_("La tasa máxima de interés no puede ser negativa.")))
    if c.withholding is not None:
        problems += _check_withholding(c, c.withholding, names)
    return problems


def _check_pots(c: Criteria, pots: Sequence[Pot], prefix: str, names: list[str],
                seen: set[str] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    seen = set() if seen is None else seen
    for i, pot in enumerate(pots):
        field = f"{prefix}[{i}]"
        if pot.name in seen:  # once, at the repetition (the first one is not wrong)
            problems.append(Problem(f"{field}.name", N_("El fondo «%(name)s» está repetido."), {"name": pot.name}))
        seen.add(pot.name)
        if pot.key not in KEYS:
            problems.append(Problem(f"{field}.key", N_("El fondo «%(name)s» tiene una clave de reparto desconocida: "
                                                       "%(key)s."), {"name": pot.name, "key": pot.key}))
        if pot.interest_percent is not None:
            if pot.key != SHARE_CAPITAL:
                problems.append(Problem(f"{field}.interest_percent", N_(
                    "El fondo «%(name)s» tiene una tasa, que solo vale con la clave aportaciones."), {"name": pot.name}))
            if pot.percent is not None or pot.amount is not None:
                problems.append(Problem(field, N_(
                    "El fondo «%(name)s» tiene una tasa y también un porcentaje o un monto: la tasa ya fija su "
                    "monto."), {"name": pot.name}))
            if not (ZERO <= pot.interest_percent <= HUNDRED):
                problems.append(Problem(f"{field}.interest_percent", N_(
                    "La tasa del fondo «%(name)s» debe estar entre 0 y 100."), {"name": pot.name}))
            elif c.max_interest_percent is not None and pot.interest_percent > c.max_interest_percent:
                problems.append(Problem(f"{field}.interest_percent", N_(
                    "La tasa del fondo «%(name)s» (%(rate)s %%) pasa la tasa máxima de %(max)s %%."),
                    {"name": pot.name, "rate": pot.interest_percent, "max": c.max_interest_percent}))
        elif pot.key == RATE:
            if pot.percent is not None and pot.amount is not None:
                problems.append(Problem(field, N_(
                    "«%(name)s» debe tener un porcentaje, un monto o ninguno de los dos, no ambos."),
                    {"name": pot.name}))
            else:
                problems += _one_of_percent_or_amount(field, pot.name, pot.percent, pot.amount, optional=True)
        else:
            problems += _one_of_percent_or_amount(field, pot.name, pot.percent, pot.amount)
        if any(f < ZERO for f in pot.factors.values()):
            problems.append(Problem(f"{field}.factors", N_("Los factores del fondo «%(name)s» no pueden ser "
                                                           "negativos."), {"name": pot.name}))
        problems += _check_rates(pot, field)
        if pot.cap is not None:
            if pot.key in (EQUAL, RATE):
                problems.append(Problem(f"{field}.cap", N_(
                    "El fondo «%(name)s» tiene un tope, que no vale con su clave de reparto."), {"name": pot.name}))
            elif pot.cap < ZERO:
                problems.append(Problem(f"{field}.cap", N_("El tope del fondo «%(name)s» no puede ser negativo."),
                                        {"name": pot.name}))
    over = _passes_hundred([p.percent for p in pots])
    if over is not None and all(p.percent is None or p.percent <= HUNDRED for p in pots):  # (else said above)
        problems.append(Problem(f"{prefix}[{over[0]}].percent", N_(
            "Los porcentajes de los fondos suman %(total)s %%; no pueden pasar de 100 %%."), {"total": over[1]}))
    return problems


def _passes_hundred(percents: Sequence[Decimal | None]) -> tuple[int, Decimal] | None:
    """When the percentages sum to more than 100: the index of the one that passes
    100 and the sum of them all (None when they do not)."""
    total = sum((p for p in percents if p is not None), ZERO)
    if total <= HUNDRED:
        return None
    running = ZERO
    for i, percent in enumerate(percents):
        running += percent or ZERO
        if running > HUNDRED:
            return i, total
    return None


def _check_rates(pot: Pot, field: str) -> list[Problem]:
    if pot.key != RATE:
        if pot.rates:
            return [Problem(f"{field}.rates", N_("El fondo «%(name)s» tiene tarifas, pero su clave no es tarifa."),
                            {"name": pot.name})]
        return []
    problems = []
    if pot.unit not in UNITS:
        problems.append(Problem(f"{field}.unit", N_("La unidad de las tarifas de «%(name)s» debe ser kg o quintal."),
                                {"name": pot.name}))
    if not pot.rates:
        problems.append(Problem(f"{field}.rates", N_("El fondo «%(name)s» reparte por tarifa, pero no tiene tarifas."),
                                {"name": pot.name}))
    patterns = []
    for pattern, rate in pot.rates.items():
        parts = pattern.split("/")
        if len(parts) != 3 or not all(parts):
            problems.append(Problem(f"{field}.rates", N_(
                "La tarifa «%(pattern)s» de «%(name)s» debe escribirse PRODUCTO/CALIDAD/CERTIFICACION (con * para "
                "cualquiera)."), {"pattern": pattern, "name": pot.name}))
            continue
        if rate < ZERO:
            problems.append(Problem(f"{field}.rates", N_("La tarifa «%(pattern)s» de «%(name)s» no puede ser "
                                                         "negativa."), {"pattern": pattern, "name": pot.name}))
        patterns.append((pattern, parts))
    for i, (first, a) in enumerate(patterns):
        for second, b in patterns[i + 1:]:
            if (sum(x != ANY for x in a) == sum(x != ANY for x in b)
                    and all(x == y or ANY in (x, y) for x, y in zip(a, b))):
                problems.append(Problem(f"{field}.rates", N_(
                    "Las tarifas «%(first)s» y «%(second)s» de «%(name)s» valen para las mismas entregas: agregue "
                    "una tarifa más precisa para ellas."), {"first": first, "second": second, "name": pot.name}))
    return problems


def _check_withholding(c: Criteria, w: Withholding, names: list[str]) -> list[Problem]:
    problems = []
    if not (ZERO <= w.percent <= HUNDRED):
        problems.append(Problem("withholding.percent", N_("La tasa de la retención debe estar entre 0 y 100.")))
    if w.threshold_uit < ZERO:
        problems.append(Problem("withholding.threshold_uit", N_("El umbral de la retención no puede ser negativo.")))
    if any(v <= ZERO for v in w.uit.values()):
        problems.append(Problem("withholding.uit", N_("Los valores de la UIT deben ser positivos.")))
    if w.reading is not None and w.reading not in READINGS:
        problems.append(Problem("withholding.reading", N_(
            "La forma de la retención debe ser «exceso» o «mes_completo».")))
    if w.ceiling_uit is not None and w.ceiling_uit < w.threshold_uit:
        problems.append(Problem("withholding.ceiling_uit", N_(
            "El tope de la retención (%(ceiling)s UIT) no puede ser menor que su umbral (%(threshold)s UIT)."),
            {"ceiling": w.ceiling_uit, "threshold": w.threshold_uit}))
    if c.distribution_date is None:
        problems.append(Problem("distribution_date", N_(
            "La retención necesita la fecha de la distribución, para saber qué UIT usar.")))
    elif c.distribution_date.year not in w.uit:
        problems.append(Problem("withholding.uit", N_(
            "No se conoce la UIT del año %(year)s: agréguela a la tabla de la UIT de la retención."),
            {"year": str(c.distribution_date.year)}))
    for name in w.pots or ():
        if name not in names:
            problems.append(Problem("withholding.pots", N_(
                "La retención nombra el fondo «%(name)s», que no existe."), {"name": name}))
    return problems


def _one_of_percent_or_amount(field: str, name: str, percent, amount, optional: bool = False) -> list[Problem]:
    if (percent is None) == (amount is None) and not (optional and percent is None):
        return [Problem(field, N_("«%(name)s» debe tener un porcentaje o un monto, uno de los dos."), {"name": name})]
    if percent is not None and not (ZERO <= percent <= HUNDRED):
        return [Problem(f"{field}.percent", N_("El porcentaje de «%(name)s» debe estar entre 0 y 100."),
                        {"name": name})]
    if amount is not None:
        return _money(f"{field}.amount", N_("el monto"), amount, name)
    return []


def _money(field: str, what: str, value: Decimal, name: str | None = None) -> list[Problem]:
    """An amount of money written in the criteria: not negative, and in céntimos
    (two decimals at most). ``what`` names it («el monto»; of ``name``, when given)."""
    params = {"what": Text(what), "value": str(value)}
    if name is not None:
        params["name"] = name
    if value < ZERO:
        return [Problem(field, N_("%(what)s de «%(name)s» no puede ser menor que cero (%(value)s).") if name is not None
                        else N_("%(what)s no puede ser menor que cero (%(value)s)."), params)]
    if value != value.quantize(CENT):
        return [Problem(field, N_("%(what)s de «%(name)s» tiene más de dos decimales (%(value)s): los soles se "
                                  "escriben con céntimos, como 10.25.") if name is not None
                        else N_("%(what)s tiene más de dos decimales (%(value)s): los soles se escriben con "
                                "céntimos, como 10.25."), params)]
    return []


def _gross_percentages(c: Criteria, base: Decimal, reserve_up: bool) -> dict[int, Decimal]:
    """Percentages of the base, divided together by the largest-remainder method
    (with what they leave over as one more part), so that rounding can never
    make them add up to more than the base itself. With ``reserve_up`` the
    Reserva's percentage is rounded up to the céntimo first («no menos de») and
    the others divide what is left."""
    percents = {f"{i:04d}": a.percent for i, a in enumerate(c.appropriations) if a.percent is not None}
    if c.percent_base != "gross" or not percents or sum(percents.values(), ZERO) > HUNDRED:
        return {}
    fixed = {key: CENTIMO_UP(base * percents[key] / HUNDRED) for key in percents
             if reserve_up and c.appropriations[int(key)].reserve}
    weights = {key: percent for key, percent in percents.items() if key not in fixed}
    weights[NOT_IN_POTS] = HUNDRED - sum(percents.values(), ZERO)
    rest = base - sum(fixed.values(), ZERO)
    if sum(weights.values(), ZERO) > ZERO:
        split = allocate(rest, weights)
        shares = {key: split.shares[key].amount for key in weights if key != NOT_IN_POTS}
    else:
        shares = {}
    return {int(key): fixed.get(key, shares.get(key)) for key in percents}


def _appropriate(c: Criteria):
    base = c.amount - c.loss_compensation
    remaining, taken, problems = base, [], []
    reserve = ZERO
    rule = reserve_rule(c.rules_on)
    gross = _gross_percentages(c, base, rule.rounds_up)
    over = _passes_hundred([a.percent for a in c.appropriations]) if c.percent_base == "gross" else None
    if over is not None:
        problems.append(Problem(f"appropriations[{over[0]}].percent", N_(
            "Los porcentajes de las apropiaciones suman %(total)s %%; no pueden pasar de 100 %%."),
            {"total": over[1]}))
    for i, a in enumerate(c.appropriations):
        if a.amount is not None:
            value = a.amount
        elif i in gross:
            value = gross[i]
        else:
            value = CENTIMO((base if c.percent_base == "gross" else remaining) * a.percent / HUNDRED)
        if a.reserve and a.percent is not None and rule.rounds_up:  # «no menos de»: its percentage rounded up
            value = max(value, CENTIMO_UP((base if c.percent_base == "gross" else remaining) * a.percent / HUNDRED))
        if value > remaining:
            if over is None or a.percent is None:  # percentages over 100 are said once, above
                problems.append(Problem(f"appropriations[{i}].{'amount' if a.amount is not None else 'percent'}",
                                        N_("«%(name)s» pide %(value)s y solo quedan %(left)s."),
                                        {"name": a.name, "value": Soles(value), "left": Soles(remaining)}))
            value = remaining
        if a.reserve:
            reserve += value
        taken.append((a.name, value))
        remaining -= value
    # «No menos de»: the floor is rounded up to the céntimo (before 7 December 2026
    # coopdesk met it when the reserve was less than one céntimo short; runs computed
    # then are recomputed so: coopdesk.domain.law).
    exact_floor = base * c.reserve_floor_percent / HUNDRED
    floor = CENTIMO_UP(exact_floor) if rule.rounds_up else CENTIMO(exact_floor)
    short = reserve < floor if rule.rounds_up else reserve <= exact_floor - CENT
    if c.reserve_floor_percent > ZERO and short:
        at = next((i for i, a in enumerate(c.appropriations) if a.reserve), None)
        field = "reserve_floor_percent" if at is None else (
            f"appropriations[{at}].{'amount' if c.appropriations[at].amount is not None else 'percent'}")
        problems.append(Problem(field, N_(
            "La Reserva Cooperativa recibe %(reserve)s, menos del mínimo de %(percent)s %% (%(floor)s)."),
            {"reserve": Soles(reserve), "percent": c.reserve_floor_percent, "floor": Soles(floor)}))
    return tuple(taken), remaining, problems


def _divide(pots: Sequence[Pot], available: Decimal, members: Sequence[MemberSeason], eligible: dict[str, bool],
            stream: str, field: str, rules_on=None,
            scale: bool = False) -> tuple[tuple[PotResult, ...], Decimal, list[Problem]]:
    """The pots' amounts out of ``available``, and each pot among the members."""
    problems = _mixed_kilos(pots, members, eligible, field) if mixed_kilos_refused(rules_on) else []
    if problems:  # (runs computed before 7 December 2026 are recomputed as they were: coopdesk.domain.law)
        return (), ZERO, problems
    cache: dict = {}
    bases = {pot.name: {m.code: basis(pot, m, cache) if eligible[m.code] else ZERO for m in members}
             for pot in pots}
    rated = {pot.name: rated_shares(pot, bases[pot.name]) for pot in pots if pot.rated}
    needs = {name: sum((s.amount for s in shares.values()), ZERO) for name, shares in rated.items()}
    amounts, not_in_pots, problems = _pot_amounts(pots, available, needs, field,
                                                  scale or not fixed_pots_refused(rules_on),
                                                  pot_ties_by_order(rules_on))
    if problems:
        return (), ZERO, problems
    results = []
    for pot in pots:
        unit_kg = UNITS.get(pot.unit, Decimal(1)) if pot.key == RATE else Decimal(1)
        if pot.rated:
            results.append(PotResult(pot.name, pot.key, needs[pot.name], sum(bases[pot.name].values(), ZERO),
                                     rated[pot.name], ZERO, stream, True, unit_kg))
        else:
            allocation = allocate(amounts[pot.name], bases[pot.name])
            results.append(PotResult(pot.name, pot.key, amounts[pot.name], allocation.total_basis,
                                     allocation.shares, allocation.unallocated, stream, False, unit_kg))
    return tuple(results), not_in_pots, problems


def _pot_amounts(pots: Sequence[Pot], available: Decimal, needs: dict[str, Decimal], field: str = "pots",
                 scale: bool = False, by_order: bool = True) -> tuple[dict[str, Decimal], Decimal, list[Problem]]:
    """Fixed amounts first (refused if they exceed what there is, unless ``scale``:
    then scaled down together by the largest remainder), then rated pots (refused
    if they need more than is left), then percentages of what is left, by the
    largest remainder."""
    amounts = {p.name: p.amount for p in pots if p.amount is not None}
    fixed = sum(amounts.values(), ZERO)
    if fixed > available and not scale:  # never cut the assembly's figures in silence
        running, at = ZERO, 0
        for i, pot in enumerate(pots):
            running += pot.amount or ZERO
            if pot.amount is not None and running > available:
                at = i
                break
        return amounts, available, [Problem(f"{field}[{at}].amount", N_(
            "Los fondos de monto fijo (%(names)s) piden %(need)s y solo hay %(left)s para ellos. Baje sus montos, "
            "o escriba escalar = true en [distribucion] para reducirlos en proporción."),
            {"names": ", ".join(amounts), "need": Soles(fixed), "left": Soles(available)})]
    if fixed > available:  # asked for (or computed before this was refused): scaled down proportionally
        amounts, _rest = _split(available, [(i, p.name, p.amount) for i, p in enumerate(pots) if p.amount is not None],
                                by_order)
        left = ZERO
    else:
        left = available - fixed
    need = sum(needs.values(), ZERO)
    if need > left:
        at = next(i for i, pot in enumerate(pots) if pot.name in needs)
        return amounts, left, [Problem(f"{field}[{at}]", N_(
            "Los fondos por tarifa o tasa (%(names)s) necesitan %(need)s y solo quedan %(left)s para ellos."),
            {"names": ", ".join(needs), "need": Soles(need), "left": Soles(left)})]
    amounts.update(needs)
    left -= need
    percents = [(i, p.name, p.percent) for i, p in enumerate(pots) if p.percent is not None]
    if not percents:
        return amounts, left, []
    shares, not_in_pots = _split(left, percents, by_order, HUNDRED - sum((w for _i, _n, w in percents), ZERO))
    amounts.update(shares)
    return amounts, not_in_pots, []


def _split(total: Decimal, weights: list[tuple[int, str, Decimal]], by_order: bool,
           left_over: Decimal | None = None) -> tuple[dict[str, Decimal], Decimal]:
    """``total`` among pots ``(index, name, weight)`` by the largest remainder, with
    what the weights leave over (``left_over``) as one more part, and that part.
    Equal remainders go to the larger weight, then to the pot written first
    (``by_order``; before 7 December 2026, to the name first in code-point order),
    and the part left over always last."""
    keyed = {(f"{i:04d}" if by_order else name): (name, weight) for i, name, weight in weights}
    parts = {key: weight for key, (_name, weight) in keyed.items()}
    if left_over is not None:
        parts[NOT_IN_POTS] = left_over
    split = allocate(total, parts)
    shares = {name: split.shares[key].amount for key, (name, _weight) in keyed.items()}
    rest = split.shares[NOT_IN_POTS].amount if left_over is not None else ZERO
    return shares, rest + split.unallocated


def rated_shares(pot: Pot, bases: dict[str, Decimal]) -> dict[str, Share]:
    """Each member's amount of a rated pot: the exact amount (basis ÷ unit kg for
    RATE, basis × rate % for interest on aportaciones) rounded half-up to the
    céntimo, once per member."""
    if pot.key == RATE:
        factor = Fraction(1) / Fraction(UNITS[pot.unit])
    else:
        factor = Fraction(pot.interest_percent) / 100
    shares = {}
    for code, b in bases.items():
        exact = Fraction(b) * factor / Fraction(CENT)  # in céntimos
        cents = (2 * exact.numerator + exact.denominator) // (2 * exact.denominator)  # half-up (never negative)
        shares[code] = Share(b, Decimal(cents) * CENT, exact.numerator, exact.denominator)
    return shares


def is_eligible(c: Criteria, m: MemberSeason) -> bool:
    rule = c.eligibility
    return (m.status in rule.statuses and m.kg >= rule.minimum_kg
            and (rule.joined_before is None or m.join_date < rule.joined_before)
            and (not rule.good_standing or m.in_good_standing))


def counts(pot: Pot, d: DeliveryTotal) -> bool:
    """Whether the pot's filters admit the delivery."""
    return ((not pot.only_products or d.product in pot.only_products)
            and (not pot.only_grades or d.grade in pot.only_grades)
            and (not pot.only_certifications or d.certification in pot.only_certifications))


def rate_of(pot: Pot, product: str, grade: str, certification: str) -> Decimal | None:
    """The rate of the most specific pattern matching a delivery (None: no rate)."""
    best, rank = None, -1
    for pattern, rate in pot.rates.items():
        p, g, c = pattern.split("/")
        if p in (ANY, product) and g in (ANY, grade) and c in (ANY, certification):
            specific = (p != ANY) + (g != ANY) + (c != ANY)
            if specific > rank:
                best, rank = rate, specific
    return best


def _mixed_kilos(pots: Sequence[Pot], members: Sequence[MemberSeason], eligible: dict[str, bool],
                 field: str) -> list[Problem]:
    """A kilo of cacao en baba is not worth a kilo of dry cacao, nor one of copoazú
    pulpa: a pot that adds up plain kilos (``kg``) counts a single product, and one
    that weighs them (``kg_ponderado``) has a product factor for every product it
    counts (the conversion to a common form). Otherwise it is refused, with the
    products it would have mixed: "in proportion to operations" is then value
    (``valor``), one pot per product (``solo_producto``), or factors."""
    problems = []
    for i, pot in enumerate(pots):
        if pot.key not in (KG, WEIGHTED_KG):
            continue
        products = sorted({d.product for m in members if eligible[m.code] for d in m.deliveries
                           if d.kg > ZERO and (not pot.filtered or counts(pot, d))})
        if pot.key == WEIGHTED_KG:
            products = [p for p in products if ("product", p) not in pot.factors] if len(products) > 1 else []
            if products:  # one product without its factor is enough to mix forms
                products = sorted({d.product for m in members if eligible[m.code] for d in m.deliveries
                                   if d.kg > ZERO and (not pot.filtered or counts(pot, d))})
        if len(products) > 1:
            problems.append(Problem(f"{field}[{i}]", N_(
                "«%(pot)s» sumaría kilos de productos distintos (%(products)s), y un kilo de uno no vale lo que uno "
                "de otro. Use clave = \"valor\" (el valor entregado), un fondo por producto (solo_producto), o "
                "clave = \"kg_ponderado\" con el factor de cada producto a una forma común."),
                {"pot": pot.name, "products": ", ".join(products)}))
    return problems


def basis(pot: Pot, m: MemberSeason, cache: dict | None = None) -> Decimal:
    deliveries = [d for d in m.deliveries if counts(pot, d)] if pot.filtered else m.deliveries
    key = pot.key
    if key == KG:
        value = sum((d.kg for d in deliveries), ZERO)
    elif key == VALUE:
        value = sum((d.value for d in deliveries), ZERO)
    elif key == WEIGHTED_KG:
        f = pot.factors
        value = sum((d.kg * f.get(("product", d.product), Decimal(1)) * f.get(("grade", d.grade), Decimal(1))
                     * f.get(("certification", d.certification), Decimal(1)) for d in deliveries), ZERO)
    elif key == RATE:
        value = ZERO
        for d in deliveries:
            rate = _cached_rate(pot, d, cache)
            if rate is not None:
                value += d.kg * rate
    elif key in (EQUAL, SHARE_CAPITAL, POINTS):
        if pot.filtered and not any(d.kg > ZERO for d in deliveries):
            return ZERO
        value = Decimal(1) if key == EQUAL else m.aportaciones if key == SHARE_CAPITAL else m.points
    else:
        raise ValueError(key)
    if pot.cap is not None and key not in (EQUAL, RATE):
        value = min(value, pot.cap)
    return value


def _cached_rate(pot: Pot, d: DeliveryTotal, cache: dict | None) -> Decimal | None:
    if cache is None:
        return rate_of(pot, d.product, d.grade, d.certification)
    where = (pot.name, d.product, d.grade, d.certification)
    if where not in cache:
        cache[where] = rate_of(pot, d.product, d.grade, d.certification)
    return cache[where]


def withholding_threshold(c: Criteria) -> tuple[Decimal | None, Decimal | None]:
    """The UIT of the distribution's year and the threshold in soles."""
    w = c.withholding
    if w is None or c.distribution_date is None:
        return None, None
    uit = w.uit[c.distribution_date.year]
    return uit, w.threshold_uit * uit


def withholding_of(rule: Withholding, threshold: Decimal, m: MemberSeason, taxable: Decimal,
                   rules_on: date | None = None, year: int | None = None) -> Decimal:
    """The withholding on ``taxable`` (this distribution's taxable amount), by
    the dated rule in force on ``rules_on`` (coopdesk.domain.withholding) with
    what the criteria write: with the «exceso» reading, ``percent`` of the
    year's income above the threshold, rounded half-up, less what was already
    withheld this year; never negative and never more than ``percent`` of
    ``taxable`` (rounded half-up). A member whose income the year before
    ``year`` passed the ceiling (general regime) has nothing withheld."""
    law = withholding_rule(rules_on)
    ceiling_uit = rule.ceiling_uit if rule.ceiling_uit is not None else law.ceiling_uit
    previous_uit = rule.uit.get(year - 1) if year is not None else None
    ceiling = ceiling_uit * previous_uit if ceiling_uit is not None and previous_uit is not None else None
    before = IncomeBefore(m.income_before, m.withheld_before, m.month_income_before, m.month_withheld_before,
                          m.previous_year_income)
    return withholding_on_payment(rule.percent, rule.reading or law.reading, threshold, taxable, before, ceiling)


def _chosen(all_pots: Sequence[PotResult], names: Sequence[str] | None, default: Sequence[PotResult]):
    if names is None:
        return tuple(default)
    return tuple(p for p in all_pots if p.name in names)


def _payout(c: Criteria, m: MemberSeason, eligible: bool, pots: Sequence[PotResult],
            capitalised_pots: Sequence[PotResult], taxable_pots: Sequence[PotResult],
            threshold: Decimal | None) -> Payout:
    code = m.code
    gross = sum((p.shares[code].amount for p in pots), ZERO)
    carried = m.carried_in
    if ZERO < gross + carried < c.minimum_payout:  # kept whole (for the member, or to a fund)
        return Payout(code, eligible, gross, gross + carried, (), ZERO, carried_in=carried)
    withheld = taxable = ZERO
    if c.withholding is not None and threshold is not None:
        taxable = sum((p.shares[code].amount for p in taxable_pots), ZERO)
        withheld = withholding_of(c.withholding, threshold, m, taxable, c.rules_on,
                                  c.distribution_date.year if c.distribution_date else None)
    capital = ZERO
    if c.capitalisation_percent > ZERO:
        base = sum((p.shares[code].amount for p in capitalised_pots), ZERO)
        capital = min(CENTIMO(base * c.capitalisation_percent / HUNDRED), gross - withheld)
    available = gross + carried - capital
    deductions = []
    if withheld > ZERO:
        deductions.append(Deduction(WITHHOLDING, withheld, withheld))
        available -= withheld
    first = [ALREADY_PAID] if ALREADY_PAID in m.debts else []
    order = first + list(c.deduction_order) + sorted(k for k in m.debts if k not in c.deduction_order
                                                     and k != ALREADY_PAID)
    for concept in order:
        owed = m.debts.get(concept, ZERO)
        if owed <= ZERO:
            continue
        taken = min(owed, available)
        deductions.append(Deduction(concept, owed, taken))
        available -= taken
    return Payout(code, eligible, gross, ZERO, tuple(deductions), available, capital, taxable, carried)

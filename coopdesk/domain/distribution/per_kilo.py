"""What a member's share comes to per kilo of each product they delivered.

A member reads «por cada kilo de cacao grano seco le tocan S/ 0.32» more
easily than a formula. The part of their share that pays for deliveries (the
pots keyed by kilos, weighted kilos, value or a rate) is split among their
products in proportion to what each product counts in that pot (the engine's
own ``basis``), to the céntimo, with the largest-remainder method, so the
products' amounts add up exactly to those pots' amounts. The other pots (an
equal part, interest on aportaciones, participation) are listed as they are:
together they give the member's gross.

The rate per kilo is ``amount ÷ kilos`` printed with the fewest decimals (two
at least) that make the printed rate times the kilos, rounded to the céntimo,
the printed amount, on every line of the member's deliveries (one number of
decimals for the column): the arithmetic on the paper holds (``rate_places``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping, Sequence

from coopdesk.domain.distribution.allocation import allocate
from coopdesk.domain.distribution.engine import basis
from coopdesk.domain.distribution.model import DELIVERY_KEYS, VALUE, DeliveryTotal, MemberSeason
from coopdesk.domain.money import CENT, ZERO

__all__ = ["KiloLine", "OtherPart", "per_kilo", "rate_places"]

MOST_PLACES = 12


@dataclass(frozen=True)
class KiloLine:
    """One line of the member's deliveries (a product in a grade and a
    certification): its kilos, what the delivery pots pay for them, and the rate."""

    delivery: DeliveryTotal
    kg: Decimal
    amount: Decimal
    rate: Decimal  # amount ÷ kg, rounded to ``places`` decimals
    places: int


@dataclass(frozen=True)
class OtherPart:
    """A pot that does not pay by the kilo (equal part, interest, participation)."""

    pot: Any  # the PotResult
    amount: Decimal


def rate_places(kg: Decimal, amount: Decimal, least: int = 2, most: int = MOST_PLACES) -> int:
    """The fewest decimals (``least`` at least) with which ``amount ÷ kg``
    times ``kg``, rounded half-up to the céntimo, gives ``amount``; ``most``
    when even that does not (a weight of a billion kilos)."""
    for places in range(least, most + 1):
        if _holds(kg, amount, places):
            return places
    return most


def _criteria_pot(criteria_pots: Mapping[tuple[str, str], Any], pot) -> Any:
    return criteria_pots.get((getattr(pot, "stream", ""), pot.name))


def _line_bases(pot, criteria_pot, season: MemberSeason) -> dict[int, Decimal]:
    """What each line of the member's deliveries counts in the pot (the
    engine's basis of that line alone), by its index."""
    out = {}
    for i, d in enumerate(season.deliveries):
        if criteria_pot is not None:
            out[i] = basis(criteria_pot, replace(season, deliveries=(d,)))
        elif pot.key == VALUE:
            out[i] = d.value
        else:  # without the criteria: plain kilos
            out[i] = d.kg
    return out


def per_kilo(pots: Sequence[Any], criteria_pots: Mapping[tuple[str, str], Any], season: MemberSeason,
             code: str) -> tuple[tuple[KiloLine, ...], tuple[OtherPart, ...]]:
    """Each line of the member's deliveries (in their order) with its kilos,
    amount and rate per kilo, and the pots that do not pay by the kilo.
    ``pots``: every PotResult of the run (main and streams);
    ``criteria_pots``: the criteria's pots by (stream, name), to weigh the
    products as the engine did. The lines' amounts and the other parts'
    amounts add up to the member's shares."""
    amounts = {i: ZERO for i in range(len(season.deliveries))}
    others: list[OtherPart] = []
    for pot in pots:
        share = pot.shares.get(code)
        if share is None or not share.amount:
            continue
        if pot.key in DELIVERY_KEYS:
            bases = _line_bases(pot, _criteria_pot(criteria_pots, pot), season)
            if any(b > ZERO for b in bases.values()):
                split = allocate(share.amount, {i: b for i, b in bases.items() if b > ZERO})
                for i, part in split.shares.items():
                    amounts[i] += part.amount
                continue
        others.append(OtherPart(pot, share.amount))
    # one number of decimals for the whole column (the decimal points line up), the fewest that hold for every line
    places = max((rate_places(d.kg, amounts[i]) for i, d in enumerate(season.deliveries)), default=2)
    while places < MOST_PLACES and not all(_holds(d.kg, amounts[i], places) for i, d in enumerate(season.deliveries)):
        places += 1
    lines = []
    for i, d in enumerate(season.deliveries):
        amount = amounts[i]
        rate = (amount / d.kg).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) if d.kg else ZERO
        lines.append(KiloLine(d, d.kg, amount, rate, places))
    return tuple(lines), tuple(others)


def _holds(kg: Decimal, amount: Decimal, places: int) -> bool:
    if not kg:
        return True
    rate = (amount / kg).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return (rate * kg).quantize(CENT, rounding=ROUND_HALF_UP) == amount

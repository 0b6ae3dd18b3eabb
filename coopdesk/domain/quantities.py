"""Weights: Decimal kilograms in Python, integer grams in the database.

A quintal (qq) of coffee is 46 kg, as Peruvian coffee is priced.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

GRAM = Decimal("0.001")
QUINTAL_KG = Decimal("46")


def to_grams(kg: Decimal) -> int:
    """Decimal kg -> integer grams; more than three decimals is refused."""
    grams = kg * 1000
    if grams != grams.to_integral_value():
        raise ValueError(f"{kg} kg has more precision than a gram")
    return int(grams)


def from_grams(grams: int) -> Decimal:
    """Integer grams -> Decimal kg with three places."""
    return Decimal(grams).scaleb(-3)  # exact: 120100 -> 120.100


def kg_to_quintales(kg: Decimal, places: Decimal = Decimal("0.01")) -> Decimal:
    """Kilograms of coffee -> quintales of 46 kg, rounded half-up to ``places``."""
    return (kg / QUINTAL_KG).quantize(places, rounding=ROUND_HALF_UP)


def quintales_places(kg: Decimal, price_per_quintal: Decimal, amount: Decimal, most: int = 6) -> int | None:
    """The fewest decimals (two at least, ``most`` at most) with which the
    printed quintales times the price per quintal, rounded to the céntimo,
    give the printed ``amount``: 24.92 qq × S/ 980 is S/ 24,421.60, not the
    S/ 24,425.43 of 1,146.50 kg; 24.92391 qq is. None when no such number of
    decimals exists (then print the price per kilo alongside)."""
    for places in range(2, most + 1):
        shown = kg_to_quintales(kg, Decimal(1).scaleb(-places))
        if (shown * price_per_quintal).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == amount:
            return places
    return None

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

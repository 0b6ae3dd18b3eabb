"""Exact column types: Python sees Decimal, the database stores integers.

``Cents`` (soles ↔ céntimos), ``Grams`` (kg ↔ grams) and ``Hundredths``
(a percentage with two decimals ↔ hundredths) keep SQL ``SUM`` exact and fast on
SQLite and PostgreSQL alike; no value ever passes through a float.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger, Integer
from sqlalchemy.types import TypeDecorator

from coopdesk.domain.money import from_cents, to_cents
from coopdesk.domain.quantities import from_grams, to_grams

HUNDREDTH = Decimal("0.01")


class Cents(TypeDecorator):
    """Money: Decimal soles in Python, integer céntimos in the database."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else to_cents(_decimal(value))

    def process_result_value(self, value, dialect):
        return None if value is None else from_cents(int(value))


class Grams(TypeDecorator):
    """Weight: Decimal kilograms in Python, integer grams in the database."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else to_grams(_decimal(value))

    def process_result_value(self, value, dialect):
        return None if value is None else from_grams(int(value))


class Hundredths(TypeDecorator):
    """A percentage with two decimals (humidity 7.25 %) stored as 725."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        scaled = _decimal(value) * 100
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than two decimals")
        return int(scaled)

    def process_result_value(self, value, dialect):
        return None if value is None else (Decimal(int(value)) / 100).quantize(HUNDREDTH)


def _decimal(value) -> Decimal:
    if isinstance(value, float) or isinstance(value, bool):
        raise TypeError("floats are never stored: pass a Decimal")
    return value if isinstance(value, Decimal) else Decimal(value)

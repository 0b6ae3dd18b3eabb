"""The only door to Decimal for money.

Policy:
- Money is ``decimal.Decimal`` in Python and an integer number of céntimos in the
  database. Floats are refused everywhere: ``D(1.1)`` raises ``TypeError``.
- Every rounding names its policy. ``CENTIMO`` (quantum 0.01, ROUND_HALF_UP) is
  the cooperative's default, as on Peruvian comprobantes.
- Conversions to céntimos refuse amounts that are not whole céntimos instead of
  rounding silently: rounding is a decision made before storage, not by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal("0")
CENT = Decimal("0.01")


def D(value: str | int | Decimal) -> Decimal:
    """Build a Decimal from text, an int or a Decimal; never from a float.

    Text may use a decimal comma (``"1234,5"``) as treasurers type it.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError("money and weights are never floats")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    text = value.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        result = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


@dataclass(frozen=True)
class Rounding:
    """A rounding policy: a quantum and a decimal rounding mode."""

    quantum: Decimal = CENT
    mode: str = ROUND_HALF_UP

    def __call__(self, value: Decimal) -> Decimal:
        return value.quantize(self.quantum, rounding=self.mode)

    def is_zero(self, value: Decimal) -> bool:
        return self(value) == ZERO


CENTIMO = Rounding(CENT, ROUND_HALF_UP)
CENTIMO_BANKERS = Rounding(CENT, ROUND_HALF_EVEN)


def to_cents(amount: Decimal) -> int:
    """Decimal soles -> integer céntimos; the amount must be whole céntimos."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of céntimos; round it first")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Integer céntimos -> Decimal soles with two places."""
    return (Decimal(cents) / 100).quantize(CENT)

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
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal("0")
CENT = Decimal("0.01")


class AmbiguousNumber(ValueError):
    """Text like ``1,234``: a thousands comma (1234) or a decimal comma (1.234)?"""

    def __init__(self, text: str, thousands: str, decimal: str):
        super().__init__(f"ambiguous number: {text!r}")
        self.text, self.thousands, self.decimal = text, thousands, decimal


def D(value: str | int | Decimal) -> Decimal:
    """Build a Decimal from text, an int or a Decimal; never from a float.

    Text is read as Peruvians write it (es_PE: ``1,234.56``), and also with a
    decimal comma as many spreadsheets write it (``1234,56``, ``1.234,56``):
    where both separators appear, the last one is the decimal one and the other
    must group thousands by three. A lone comma followed by exactly three digits
    (``1,234``) could be either, so it raises ``AmbiguousNumber`` instead of
    guessing a weight a thousand times off.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError("money and weights are never floats")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    text = _plain_number(value.strip().replace(" ", "").replace("\u00a0", ""), value)
    try:
        result = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


class Soles(Decimal):
    """A Decimal marked as money, for a problem's parameters: ``describe`` prints
    it as ``S/ 1,234.56`` where a plain Decimal prints as a number."""

    __slots__ = ()


def _grouped(integer: str, separator: str) -> bool:
    groups = integer.lstrip("+-").split(separator)
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 and g.isdigit() for g in groups[1:])


def _plain_number(text: str, original: str) -> str:
    """Text with separators -> text Decimal() reads; ValueError if malformed."""
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal, thousands = (".", ",") if text.rfind(".") > text.rfind(",") else (",", ".")
        integer, _sep, fraction = text.rpartition(decimal)
        if decimal in integer or thousands in fraction or not _grouped(integer, thousands):
            raise ValueError(f"not a number: {original!r}")
        return integer.replace(thousands, "") + "." + fraction
    if commas > 1 or dots > 1:
        separator = "," if commas else "."
        if not _grouped(text, separator):
            raise ValueError(f"not a number: {original!r}")
        if separator == ".":  # 1.234.567: Spain-style thousands, read as such
            return text.replace(".", "")
        return text.replace(",", "")
    if commas == 1:
        integer, fraction = text.split(",")
        if len(fraction) == 3 and fraction.isdigit() and integer.lstrip("+-") not in ("", "0"):
            raise AmbiguousNumber(original, integer + fraction, f"{integer}.{fraction}")
        return f"{integer}.{fraction}"
    return text


@dataclass(frozen=True)
class Rounding:
    """A rounding policy: a quantum and a decimal rounding mode."""

    quantum: Decimal = CENT
    mode: str = ROUND_HALF_UP

    def __call__(self, value: Decimal) -> Decimal:
        return value.quantize(self.quantum, rounding=self.mode)


CENTIMO = Rounding(CENT, ROUND_HALF_UP)
CENTIMO_UP = Rounding(CENT, ROUND_CEILING)  # a legal floor («no menos de»): never a céntimo short


def to_cents(amount: Decimal) -> int:
    """Decimal soles -> integer céntimos; the amount must be whole céntimos."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of céntimos; round it first")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Integer céntimos -> Decimal soles with two places."""
    return Decimal(cents).scaleb(-2)  # exact: 222185 -> 2221.85

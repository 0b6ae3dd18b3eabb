"""Lots and mass balance: the pure rules (docs/traceability.md, «Lots»).

A lot holds kilos of one product (one form) and one certification. Kilos enter
from tickets (at most each ticket's payable kilos, over every lot) and from
earlier lots (a transformation at its conversion factor: kilos made ≤ kilos
taken × factor, rounded down to the gram); they leave to later lots and to
sales. What a lot ships is never more than what entered it.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

from coopdesk.domain import limits
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.quantities import GRAM

MILLIONTH = Decimal("0.000001")
MAX_LOT_KG = Decimal("10000000")


def made(taken: Decimal, factor: Decimal) -> Decimal:
    """Kilos a transformation makes of ``taken`` kilos: rounded down to the gram,
    so that what comes out is never more than what went in × factor."""
    return (taken * factor).quantize(GRAM, rounding=ROUND_DOWN)


def factor_millionths(factor: Decimal) -> int:
    return int(factor.quantize(MILLIONTH, rounding=ROUND_DOWN).scaleb(6))


def check_code(code: str) -> list[Problem]:
    code = (code or "").strip()
    if not code:
        return [Problem("code", N_("Escriba el código del lote, por ejemplo L-2026-001."))]
    if len(code) > limits.CODE:
        return [Problem("code", N_("El código del lote es demasiado largo: %(limit)s caracteres como máximo."),
                        {"limit": limits.CODE})]
    return []


def check_kg(kg: Decimal | None, field: str = "kg") -> list[Problem]:
    """Kilos typed for a lot (None: all that is available)."""
    if kg is None:
        return []
    if not kg.is_finite() or kg <= 0 or kg > MAX_LOT_KG or kg != kg.quantize(GRAM):
        return [Problem(field, N_("Los kilos deben ser mayores que 0 y no pasar de %(max)s, con tres decimales a lo "
                                  "más."), {"max": MAX_LOT_KG})]
    return []


def check_lot_date(day: date | None, today: date) -> list[Problem]:
    if day is None:
        return [Problem("date", N_("Escriba la fecha del lote."))]
    if day > today:
        return [Problem("date", N_("La fecha del lote (%(date)s) es posterior a hoy."), {"date": day})]
    return []

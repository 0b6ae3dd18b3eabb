"""Notas de crédito (SUNAT's tabla 10: 07) against a sale's comprobante: what is typed,
its checks, and how its amount is spread over the sale's items. Pure.

A note credits an amount of the sale, in the sale's currency and with the IGV
included as the sale's total includes it, never more than what earlier notes left.
The amount is spread over the sale's items (price, organic differential, Fairtrade
Premium) in proportion to what is left of each, by the largest remainder, so the
parts add up to it exactly. Its entry (``postings.credit_note_lines``) mirrors the
sale's; the sale itself and its entry are never touched (docs/ple.md, «Notas de
crédito»).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from coopdesk.domain import limits
from coopdesk.domain.distribution.allocation import allocate
from coopdesk.domain.money import CENT, ZERO
from coopdesk.domain.problems import N_, Problem

PARTS = ("amount", "differential", "premium")


@dataclass(frozen=True)
class CreditNoteInput:
    sale_id: int
    date: date | None
    series: str
    number: str
    amount: Decimal | None    # in the sale's currency, IGV included as in the sale's total
    reason: str


@dataclass(frozen=True)
class Parts:
    """A sale's items, or what a note credits of them, in the sale's currency."""

    amount: Decimal = ZERO
    differential: Decimal = ZERO
    premium: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.amount + self.differential + self.premium

    def __sub__(self, other: "Parts") -> "Parts":
        return Parts(*(getattr(self, p) - getattr(other, p) for p in PARTS))

    def __add__(self, other: "Parts") -> "Parts":
        return Parts(*(getattr(self, p) + getattr(other, p) for p in PARTS))


def check_credit_note(n: CreditNoteInput, today: date) -> list[Problem]:
    problems: list[Problem] = []
    if n.date is None:
        problems.append(Problem("date", N_("Escriba la fecha.")))
    elif n.date > today:
        problems.append(Problem("date", N_("La fecha no puede ser futura.")))
    for field, value in (("series", n.series), ("number", n.number)):
        value = (value or "").strip()
        if not value or len(value) > 20 or not value.replace("-", "").isalnum():
            problems.append(Problem(field, N_("Escriba la serie y el número de la nota de crédito (letras y cifras, "
                                              "hasta 20 cada uno).")))
            break
    if (n.amount is None or not n.amount.is_finite() or n.amount <= ZERO or n.amount != n.amount.quantize(CENT)
            or n.amount > limits.MAX_LEDGER_AMOUNT):
        problems.append(Problem("amount", N_("El importe de la nota de crédito debe ser mayor que cero, con dos "
                                             "decimales como máximo.")))
    if not (n.reason or "").strip():
        problems.append(Problem("reason", N_("Diga el motivo de la nota de crédito.")))
    elif len(n.reason.strip()) > limits.DESCRIPTION:
        problems.append(Problem("reason", N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                {"limit": limits.DESCRIPTION}))
    return problems


def credited(amount: Decimal, left: Parts) -> Parts:
    """``amount`` spread over what is left of the sale's items, in proportion."""
    shares = allocate(amount, {p: getattr(left, p) for p in PARTS}).shares
    return Parts(*(shares[p].amount for p in PARTS))

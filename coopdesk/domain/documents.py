"""Printed documents and their numbers (docs/documents.md).

Every document the cooperative hands over or files gets a correlative number
of its own kind. Printing the same document again (same kind, same subject,
same content) is a reprint: it keeps the number, and says which reprint it is.
Pure: the numbers are kept by ``coopdesk.core.documents``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

# The kinds, each numbered on its own.
LIQUIDATION = "liquidacion"          # a member's liquidation of a published distribution
DELIVERY_STATEMENT = "estado_cuenta"  # the member's deliveries in a campaign (the name kept from 0001)
ACCOUNT_STATEMENT = "cuenta_corriente"  # the member's current account (adelantos, préstamos, insumos)
BOARD_SUMMARY = "resumen_distribucion"  # a distribution's summary for the board
RECEIPT = "ticket"                    # the intake ticket handed over at the scale
PAY_SHEET = "planilla_pagos"          # a payment batch's planilla, signed at the pay table
KINDS = (LIQUIDATION, DELIVERY_STATEMENT, ACCOUNT_STATEMENT, BOARD_SUMMARY, RECEIPT, PAY_SHEET)


@dataclass(frozen=True)
class IssuedDocument:
    """A document's number, and which printing this is: 0 the original, k the
    k-th reprint (on ``printed_at``, of the original of ``first_printed_at``)."""

    kind: str
    number: int
    reprint: int
    first_printed_at: datetime
    printed_at: datetime

    @property
    def first_printed_on(self) -> date:
        return self.first_printed_at.date()

    @property
    def printed_on(self) -> date:
        return self.printed_at.date()


def digest(*parts: object) -> str:
    """A short fingerprint of what a document says (its content, as text):
    the same content printed again is a reprint; changed content is a new
    document with a new number."""
    text = "\x1f".join(repr(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

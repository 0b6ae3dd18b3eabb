"""The cooperative's settings, kept in its database with their history.

A setting is never changed in place: each new value is a row with who recorded
it and when, and the latest row is the value (the table refuses UPDATE and DELETE).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from coopdesk.core.dto import Changes
from coopdesk.core.errors import InvalidInput, N_, Problem
from coopdesk.db.models import SettingRow
from coopdesk.domain import limits
from coopdesk.domain.money import CENTIMO, ZERO
from coopdesk.domain import roles

if TYPE_CHECKING:
    from coopdesk.core.book import Book

# A plot's measured (geodesic) area may differ from its declared hectares by this
# percentage before the import warns (docs/traceability.md).
PLOT_AREA_TOLERANCE = "tolerancia_area_parcela"
DEFAULT_PLOT_AREA_TOLERANCE = Decimal("10")
# Two members' plots may share this percentage of the smaller one (a border mapped
# twice with a phone's GPS) with a warning; more is refused.
PLOT_OVERLAP_TOLERANCE = "tolerancia_traslape_parcelas"
DEFAULT_PLOT_OVERLAP_TOLERANCE = Decimal("2")
# A member who owes more than this (soles) gets a warning at intake; '' = no limit.
DEBT_LIMIT = "limite_deuda"
# How members' loan payments are applied: '' = the law's order (Código Civil art. 1257,
# interest before capital); "capital_primero" only when the cooperative so agreed.
PAYMENT_ORDER = "imputacion_pagos"


@dataclass(frozen=True)
class SettingChange:
    key: str
    value: str
    recorded_by: str
    recorded_at: datetime


class Settings:
    def __init__(self, book: "Book"):
        self._book = book

    def get(self, key: str, default: str = "") -> str:
        with self._book.read() as session:
            value = session.scalar(select(SettingRow.value).where(SettingRow.key == key)
                                   .order_by(SettingRow.id.desc()).limit(1))
        return default if value is None else value

    def history(self, key: str) -> list[SettingChange]:
        with self._book.read() as session:
            return [SettingChange(r.key, r.value, r.recorded_by, r.recorded_at) for r in session.scalars(
                select(SettingRow).where(SettingRow.key == key).order_by(SettingRow.id.desc()))]

    def _set(self, key: str, value: str) -> Changes:
        with self._book.write(roles.CHANGE_SETTINGS) as session:
            session.add(SettingRow(key=key, value=value, recorded_by=self._book.user,
                                   recorded_at=self._book.clock.now()))
        return Changes(reference=True)

    def _percent(self, key: str, default: Decimal) -> Decimal:
        value = self.get(key)
        return Decimal(value) if value else default

    def _set_percent(self, key: str, value: Decimal) -> Changes:
        if not value.is_finite() or not (Decimal(0) <= value <= Decimal(100)) or value != CENTIMO(value):
            raise InvalidInput([Problem(key, N_("La tolerancia es un porcentaje entre 0 y 100, con dos decimales "
                                                "como máximo."))])
        return self._set(key, str(value))

    @property
    def plot_area_tolerance(self) -> Decimal:
        """How far (%) a plot's measured area may be from its declared hectares without a warning."""
        return self._percent(PLOT_AREA_TOLERANCE, DEFAULT_PLOT_AREA_TOLERANCE)

    def set_plot_area_tolerance(self, percent: Decimal) -> Changes:
        return self._set_percent(PLOT_AREA_TOLERANCE, percent)

    @property
    def plot_overlap_tolerance(self) -> Decimal:
        """The share (%) of the smaller plot two members' plots may overlap with a warning only."""
        return self._percent(PLOT_OVERLAP_TOLERANCE, DEFAULT_PLOT_OVERLAP_TOLERANCE)

    def set_plot_overlap_tolerance(self, percent: Decimal) -> Changes:
        return self._set_percent(PLOT_OVERLAP_TOLERANCE, percent)

    @property
    def debt_limit(self) -> Decimal | None:
        value = self.get(DEBT_LIMIT)
        return Decimal(value) if value else None

    def set_debt_limit(self, limit: Decimal | None) -> Changes:
        """The debt above which intake warns (None: no warning)."""
        if limit is not None and (not limit.is_finite() or limit < ZERO or limit > limits.MAX_AMOUNT
                                  or limit != CENTIMO(limit)):
            raise InvalidInput([Problem("debt_limit", N_("El límite de deuda es un monto en soles, mayor o igual "
                                                         "que cero y con dos decimales como máximo."))])
        return self._set(DEBT_LIMIT, "" if limit is None else str(CENTIMO(limit)))

    @property
    def payment_order(self) -> tuple[str, str]:
        """('', '') for the law's order (art. 1257), or (``capital_primero``, the agreement that allows it)."""
        order, _bar, agreement = self.get(PAYMENT_ORDER).partition("|")
        return order, agreement

    def set_payment_order(self, order: str, agreement: str = "") -> Changes:
        """Apply members' loan payments to capital first: only with the agreement that allows
        it (the acta or contract clause, named in ``agreement``); '' goes back to the law's order."""
        if order not in ("", "capital_primero"):
            raise InvalidInput([Problem("payment_order", N_(
                "El orden de imputación es el de la ley (intereses antes que capital) o «capital_primero»."))])
        if order and not agreement.strip():
            raise InvalidInput([Problem("agreement", N_(
                "Para aplicar los pagos primero al capital, indique el acuerdo que lo permite (por ejemplo el acta "
                "o la cláusula del contrato de préstamo): el Código Civil, art. 1257, pide el asentimiento de la "
                "cooperativa."))])
        return self._set(PAYMENT_ORDER, f"{order}|{agreement.strip()}" if order else "")

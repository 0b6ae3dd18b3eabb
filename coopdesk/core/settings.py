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
from coopdesk.domain.ple import BankAccount, is_alfanumerico, is_cuenta_corriente

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
# The bank behind each cuenta corriente of the chart (104x), for SUNAT's PLE 1.2:
# «1041=11:0011-0123-0100012345;1042=…», the entity by SUNAT's tabla 3 (docs/ple.md).
PLE_BANK_ACCOUNTS = "ple_cuentas_bancarias"


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

    @property
    def ple_bank_accounts(self) -> dict[str, BankAccount]:
        """Ledger account code → its bank (entity and number), for the PLE 1.2."""
        out = {}
        for part in self.get(PLE_BANK_ACCOUNTS).split(";"):
            code, _eq, rest = part.partition("=")
            entity, _colon, number = rest.partition(":")
            if code and entity and number:
                out[code] = BankAccount(entity, number)
        return out

    def set_ple_bank_account(self, code: str, entity: str, number: str) -> Changes:
        """Say which bank (SUNAT's tabla 3) and which account number a cuenta
        corriente of the chart (104x) is: the PLE 1.2 names them on every line.
        An empty ``entity`` and ``number`` forget it."""
        code, entity, number = (code or "").strip(), (entity or "").strip(), (number or "").strip()
        problems: list[Problem] = []
        if not is_cuenta_corriente(code):
            problems.append(Problem("account", N_(
                "La cuenta %(code)s no es una cuenta corriente bancaria: en el PCGE son las 104 (por ejemplo 1041)."),
                {"code": code}))
        if entity or number:
            if not (len(entity) == 2 and entity.isdigit()):
                problems.append(Problem("entity", N_(
                    "La entidad financiera es el código de dos cifras de la tabla 3 de SUNAT (por ejemplo 11 para "
                    "el BBVA Continental o 02 para el Banco de Crédito); usted escribió «%(text)s»."),
                    {"text": entity}))
            if not (is_alfanumerico(number) and len(number) <= 30):
                problems.append(Problem("number", N_(
                    "El número de la cuenta bancaria lleva letras, cifras y guiones, hasta 30 caracteres; usted "
                    "escribió «%(text)s»."), {"text": number}))
        if problems:
            raise InvalidInput(problems)
        accounts = self.ple_bank_accounts
        accounts.pop(code, None)
        if entity:
            accounts[code] = BankAccount(entity, number)
        return self._set(PLE_BANK_ACCOUNTS, ";".join(f"{c}={a.entity}:{a.number}" for c, a in sorted(accounts.items())))

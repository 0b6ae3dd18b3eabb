"""Validation rules for members and deliveries, and the amount of a delivery.

Each ``check_*`` function returns every problem it finds (never stops at the
first), so a dialog can show them all at once. Rules that need the database
(unknown member, duplicate ticket) live in the core, which adds its problems to
these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from coopdesk.domain.bank_file import bank_account_problems
from coopdesk.domain.catalog import Certification, Gender, MemberStatus, PriceUnit
from coopdesk.domain import limits
from coopdesk.domain.identity import is_valid_dni, is_valid_ruc
from coopdesk.domain.money import CENTIMO, ZERO, Rounding, Soles
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.quantities import QUINTAL_KG

TICKET_RE = re.compile(r"^\s*([A-Za-z0-9]{1,4})\s*-\s*(\d{1,8})\s*$")


@dataclass(frozen=True)
class Ticket:
    """An intake ticket number: serie-número, e.g. ``001-000123``."""

    series: str
    number: int

    def __str__(self) -> str:
        return f"{self.series}-{self.number:06d}"


def parse_ticket(text: str) -> Ticket | None:
    match = TICKET_RE.match(text or "")
    if not match:
        return None
    return Ticket(match.group(1).upper(), int(match.group(2)))


@dataclass(frozen=True)
class CooperativeInput:
    name: str
    ruc: str
    address: str
    city: str
    locale: str = "es_PE"
    currency: str = "PEN"


@dataclass(frozen=True)
class ZoneInput:
    code: str
    name: str


@dataclass(frozen=True)
class CampaignInput:
    code: str
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class MemberInput:
    code: str
    dni: str
    first_names: str
    last_names: str
    gender: str
    zone_code: str
    certification: str
    join_date: date
    status: str = MemberStatus.ACTIVE
    phone: str = ""
    bank_account: str = ""  # the CCI or account number a batch payment is transferred to; '' = cash


@dataclass(frozen=True)
class DeliveryInput:
    """A delivery as the treasurer types it. ``net_kg`` None means gross − tare;
    ``certification`` None means the member's; ``price_unit`` None means the
    product's usual unit."""

    ticket: str
    date: date
    member_code: str
    product_code: str
    sacks: int
    gross_kg: Decimal
    tare_kg: Decimal
    humidity_pct: Decimal
    grade: str                       # '' = from the product's grade table and the measures
    advance_price: Decimal | None    # None = from the price table in force on the date
    net_kg: Decimal | None = None
    price_unit: str | None = None
    certification: str | None = None
    certification_note: str = ""     # why it differs from the member's (required then)
    yield_pct: Decimal | None = None         # rendimiento exportable (café)
    fermentation_pct: Decimal | None = None  # prueba de corte (cacao)
    defects: int | None = None
    cup_score: Decimal | None = None
    plot: str = ""                           # the plot's number or name ('' = the member's only plot of the crop)


def _too_long(field: str, text: str, limit: int) -> list[Problem]:
    if len(text.strip()) > limit:
        return [Problem(field, N_("Es demasiado largo: %(limit)s caracteres como máximo."), {"limit": limit})]
    return []


def check_cooperative(c: CooperativeInput) -> list[Problem]:
    problems: list[Problem] = []
    problems += _too_long("name", c.name, limits.COOPERATIVE_NAME) + _too_long("address", c.address, limits.ADDRESS)
    problems += _too_long("city", c.city, limits.NAME)
    if not c.name.strip():
        problems.append(Problem("name", N_("Escriba el nombre de la cooperativa.")))
    if not is_valid_ruc(c.ruc.strip()):
        problems.append(
            Problem(
                "ruc",
                N_("El RUC %(ruc)s no es válido: debe tener 11 dígitos y un dígito verificador correcto."),
                {"ruc": c.ruc},
            )
        )
    if not c.city.strip():
        problems.append(Problem("city", N_("Escriba la ciudad de la cooperativa.")))
    return problems


def check_zones(zones: list[ZoneInput] | tuple[ZoneInput, ...]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for zone in zones:
        code = zone.code.strip()
        if not code:
            problems.append(Problem("zones", N_("Escriba el código de la zona %(name)s."), {"name": zone.name}))
        elif len(code) > limits.CODE:
            problems.append(Problem("zones", N_("El código de zona %(code)s tiene más de 20 caracteres."), {"code": code}))
        if len(zone.name.strip()) > limits.NAME:
            problems.append(Problem("zones", N_("El nombre de la zona %(code)s es demasiado largo."), {"code": code}))
        elif code in seen:
            problems.append(Problem("zones", N_("La zona %(code)s está repetida."), {"code": code}))
        if not zone.name.strip():
            problems.append(Problem("zones", N_("Escriba el nombre de la zona %(code)s."), {"code": code}))
        seen.add(code)
    return problems


def check_campaign(c: CampaignInput) -> list[Problem]:
    problems: list[Problem] = []
    if not c.code.strip():
        problems.append(Problem("campaign_code", N_("Escriba el código de la campaña, por ejemplo 2026.")))
    elif len(c.code.strip()) > limits.CODE:
        problems.append(Problem("campaign_code", N_("El código de la campaña tiene más de 20 caracteres.")))
    problems += _too_long("campaign_name", c.name, limits.NAME)
    if c.start > c.end:
        problems.append(Problem("campaign_end", N_("La campaña termina antes de empezar.")))
    return problems


def check_member(m: MemberInput, today: date) -> list[Problem]:
    problems: list[Problem] = []
    if not m.code.strip():
        problems.append(Problem("code", N_("Escriba el código del socio.")))
    elif len(m.code.strip()) > limits.CODE:
        problems.append(Problem("code", N_("El código del socio tiene más de 20 caracteres.")))
    if not m.dni.strip():
        problems.append(Problem("dni", N_("Escriba el DNI del socio (8 dígitos).")))
    elif not is_valid_dni(m.dni.strip()):
        problems.append(
            Problem("dni", N_("El DNI %(dni)s no es válido: debe tener exactamente 8 dígitos."), {"dni": m.dni})
        )
    if not m.first_names.strip():
        problems.append(Problem("first_names", N_("Escriba los nombres del socio.")))
    problems += _too_long("first_names", m.first_names, limits.NAME)
    if not m.last_names.strip():
        problems.append(Problem("last_names", N_("Escriba los apellidos del socio.")))
    problems += _too_long("last_names", m.last_names, limits.NAME) + _too_long("phone", m.phone, limits.PHONE)
    problems += bank_account_problems(m.bank_account)
    if m.gender not in set(Gender):
        problems.append(Problem("gender", N_("Indique si el socio es mujer u hombre.")))
    if m.certification not in set(Certification):
        problems.append(Problem("certification", N_("Elija la certificación del socio.")))
    if m.status not in set(MemberStatus):
        problems.append(Problem("status", N_("Elija el estado del socio.")))
    if not m.zone_code.strip():
        problems.append(Problem("zone_code", N_("Elija la zona del socio.")))
    if m.join_date > today:
        problems.append(Problem("join_date", N_("La fecha de ingreso no puede estar en el futuro.")))
    return problems


def net_weight(d: DeliveryInput) -> Decimal:
    return d.gross_kg - d.tare_kg if d.net_kg is None else d.net_kg


def check_delivery(d: DeliveryInput, campaign_start: date, campaign_end: date) -> list[Problem]:
    """Problems of a delivery that need no database; campaign dates are given."""
    oversized = [Problem(name, N_("El número %(value)s es demasiado grande."), {"value": value})
                 for name, value in (("gross_kg", d.gross_kg), ("tare_kg", d.tare_kg), ("net_kg", d.net_kg),
                                     ("humidity_pct", d.humidity_pct), ("advance_price", d.advance_price),
                                     ("yield_pct", d.yield_pct), ("fermentation_pct", d.fermentation_pct),
                                     ("cup_score", d.cup_score))
                 if value is not None and (not value.is_finite() or value.adjusted() >= limits.MAX_TYPED_DIGITS)]
    if oversized:  # nothing else can be computed safely with such numbers
        return oversized
    problems: list[Problem] = []
    if parse_ticket(d.ticket) is None:
        problems.append(
            Problem(
                "ticket",
                N_("El ticket %(ticket)s no tiene la forma serie-número, por ejemplo 001-000123."),
                {"ticket": d.ticket},
            )
        )
    if d.sacks < 0:
        problems.append(Problem("sacks", N_("El número de sacos no puede ser negativo.")))
    elif d.sacks > limits.MAX_SACKS:
        problems.append(Problem("sacks", N_("%(sacks)s sacos son demasiados para una entrega (máximo %(max)s)."),
                                {"sacks": d.sacks, "max": limits.MAX_SACKS}))
    if d.gross_kg <= ZERO:
        problems.append(Problem("gross_kg", N_("El peso bruto debe ser mayor que cero.")))
    elif d.gross_kg > limits.MAX_KG:
        problems.append(
            Problem("gross_kg", N_("El peso bruto de %(kg)s kg es demasiado grande para una entrega."), {"kg": d.gross_kg})
        )
    if d.tare_kg < ZERO:
        problems.append(Problem("tare_kg", N_("La tara no puede ser negativa.")))
    elif d.gross_kg > ZERO and d.tare_kg >= d.gross_kg:
        problems.append(Problem("tare_kg", N_("La tara debe ser menor que el peso bruto.")))
    for name, value in (("gross_kg", d.gross_kg), ("tare_kg", d.tare_kg), ("net_kg", d.net_kg)):
        if value is not None and value != value.quantize(Decimal("0.001")):
            problems.append(Problem(name, N_("Los pesos se registran con tres decimales como máximo (gramos).")))
    if d.net_kg is not None and d.net_kg != d.gross_kg - d.tare_kg:
        problems.append(
            Problem(
                "net_kg",
                N_("El peso neto %(net)s kg no es igual al bruto menos la tara (%(expected)s kg)."),
                {"net": d.net_kg, "expected": d.gross_kg - d.tare_kg},
            )
        )
    if not (ZERO <= d.humidity_pct <= Decimal(100)):
        problems.append(
            Problem("humidity_pct", N_("La humedad debe estar entre 0 y 100 %%; se escribió %(value)s."), {"value": d.humidity_pct})
        )
    elif d.humidity_pct != d.humidity_pct.quantize(Decimal("0.01")):
        problems.append(Problem("humidity_pct", N_("La humedad se registra con dos decimales como máximo.")))
    for name, value in (("yield_pct", d.yield_pct), ("fermentation_pct", d.fermentation_pct),
                        ("cup_score", d.cup_score)):
        if value is not None and not (ZERO <= value <= Decimal(100)):
            problems.append(Problem(name, N_("Debe estar entre 0 y 100; se escribió %(value)s."), {"value": value}))
        elif value is not None and value != value.quantize(Decimal("0.01")):
            problems.append(Problem(name, N_("Se registra con dos decimales como máximo.")))
    if d.defects is not None and not (0 <= d.defects <= limits.MAX_SACKS):
        problems.append(Problem("defects", N_("Los defectos deben estar entre 0 y %(max)s."), {"max": limits.MAX_SACKS}))
    if len(d.grade.strip()) > limits.CODE:
        problems.append(Problem("grade", N_("La calidad tiene más de 20 caracteres.")))
    if len(d.certification_note.strip()) > limits.DESCRIPTION:
        problems.append(Problem("certification_note", N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                {"limit": limits.DESCRIPTION}))
    if d.advance_price is None:
        pass  # the core takes it from the price table
    elif d.advance_price < ZERO:
        problems.append(Problem("advance_price", N_("El precio de adelanto no puede ser negativo.")))
    elif d.advance_price > limits.MAX_PRICE:
        problems.append(Problem("advance_price", N_("El precio de adelanto de %(price)s es demasiado alto."),
                                {"price": Soles(d.advance_price)}))
    elif d.advance_price != CENTIMO(d.advance_price):
        problems.append(Problem("advance_price", N_("El precio se escribe en soles con dos decimales como máximo.")))
    if d.price_unit is not None and d.price_unit not in set(PriceUnit):
        problems.append(Problem("price_unit", N_("La unidad de precio debe ser kg o qq.")))
    if d.certification is not None and d.certification not in set(Certification):
        problems.append(Problem("certification", N_("Elija una certificación válida.")))
    if not (campaign_start <= d.date <= campaign_end):
        problems.append(
            Problem(
                "date",
                N_("La fecha %(date)s está fuera de la campaña (del %(start)s al %(end)s)."),
                {"date": d.date, "start": campaign_start, "end": campaign_end},
            )
        )
    return problems


def delivery_amount(net_kg: Decimal, price: Decimal, unit: str, rounding: Rounding = CENTIMO) -> Decimal:
    """Advance amount of a delivery: net kg × price per unit, rounded once."""
    unit_kg = QUINTAL_KG if unit == PriceUnit.QUINTAL else Decimal(1)
    return rounding(net_kg * price / unit_kg)

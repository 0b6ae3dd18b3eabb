"""Quality at the scale: measures → grade and price factor, the humidity discount,
the conversion to the reference form, and the advance price of a ticket.

A product's *quality standard* is what the cooperative configured for it from a
date: the standard moisture and how kilos above it are discounted, the factor
that turns kilos of this form into kilos of the reference form (cacao en baba →
grano seco), and an ordered grade table. The first grade whose every condition
the measures meet is the ticket's grade; a table usually ends with a grade that
has no condition (descarte). Pure functions, exact Decimals, grams rounded half up.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from coopdesk.domain import limits
from coopdesk.domain.money import CENTIMO, ZERO
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.quantities import GRAM
from coopdesk.domain.rules import delivery_amount

HUNDRED = Decimal(100)
ONE = Decimal(1)


class HumidityMethod(StrEnum):
    """How kilos are discounted when the moisture is above the standard."""

    NONE = "ninguno"
    # to the standard's dry matter: net × (100 − humidity) / (100 − standard)
    PROPORTIONAL = "proporcional"
    # a fixed share per point above the standard: net × (1 − points × rate / 100)
    PER_POINT = "por_punto"


METHOD_LABELS = {
    HumidityMethod.NONE: N_("Sin descuento"),
    HumidityMethod.PROPORTIONAL: N_("Proporcional a la materia seca"),
    HumidityMethod.PER_POINT: N_("Un porcentaje por punto de humedad"),
}


@dataclass(frozen=True)
class Measures:
    """What the quality technician measured on a ticket's sample."""

    humidity_pct: Decimal
    yield_pct: Decimal | None = None          # rendimiento exportable (café)
    fermentation_pct: Decimal | None = None   # granos bien fermentados, prueba de corte (cacao)
    defects: int | None = None                # defectos por muestra
    cup_score: Decimal | None = None          # puntaje de taza (café especial)


# (attribute of Grade, attribute of Measures, the limit is a minimum)
CONDITIONS = (
    ("max_humidity", "humidity_pct", False),
    ("min_yield", "yield_pct", True),
    ("min_fermentation", "fermentation_pct", True),
    ("max_defects", "defects", False),
    ("min_cup", "cup_score", True),
)


# what the intake messages call each measure a grade table can ask for
MEASURE_NAMES = {
    "humidity_pct": N_("la humedad (%)"),
    "yield_pct": N_("el rendimiento exportable (%)"),
    "fermentation_pct": N_("la fermentación (%)"),
    "defects": N_("los defectos"),
    "cup_score": N_("el puntaje de taza"),
}


@dataclass(frozen=True)
class Grade:
    """One row of a grade table: its code, its price factor and its conditions
    (None = no condition on that measure)."""

    code: str
    factor: Decimal = ONE
    max_humidity: Decimal | None = None
    min_yield: Decimal | None = None
    min_fermentation: Decimal | None = None
    max_defects: int | None = None
    min_cup: Decimal | None = None

    def accepts(self, measures: Measures) -> bool:
        for limit_name, measure_name, is_minimum in CONDITIONS:
            limit = getattr(self, limit_name)
            if limit is None:
                continue
            value = getattr(measures, measure_name)
            if value is None:  # a condition on something not measured is not met
                return False
            if (value < limit) if is_minimum else (value > limit):
                return False
        return True


@dataclass(frozen=True)
class QualityStandard:
    standard_humidity: Decimal | None = None
    method: str = HumidityMethod.NONE
    rate_per_point: Decimal = ONE     # % of the weight per point (por_punto)
    conversion: Decimal = ONE         # kg of the reference form per kg of this form
    grades: tuple[Grade, ...] = field(default=())

    def grade_for(self, measures: Measures) -> Grade | None:
        return next((g for g in self.grades if g.accepts(measures)), None)

    def unmeasured(self, measures: Measures) -> list[str]:
        """The measures (``Measures`` attribute names) some grade of the table conditions on and
        the sample lacks: grading without them would silently fall to a lower grade."""
        return [measure for limit_name, measure, _minimum in CONDITIONS
                if getattr(measures, measure) is None
                and any(getattr(g, limit_name) is not None for g in self.grades)]

    def grade(self, code: str) -> Grade | None:
        wanted = code.strip().upper()
        return next((g for g in self.grades if g.code.upper() == wanted), None)

    def payable_kg(self, net_kg: Decimal, humidity_pct: Decimal) -> Decimal:
        """Net kilos less the humidity discount, to the gram (half up); never below zero."""
        standard = self.standard_humidity
        if self.method == HumidityMethod.NONE or standard is None or humidity_pct <= standard:
            return net_kg
        if self.method == HumidityMethod.PROPORTIONAL:
            payable = net_kg * (HUNDRED - humidity_pct) / (HUNDRED - standard)
        else:
            payable = net_kg * (ONE - (humidity_pct - standard) * self.rate_per_point / HUNDRED)
        return max(ZERO, payable.quantize(GRAM, rounding=ROUND_HALF_UP))

    def equivalent_kg(self, payable_kg: Decimal) -> Decimal:
        """Kilos of the reference form (grano seco, pergamino) these kilos make."""
        return (payable_kg * self.conversion).quantize(GRAM, rounding=ROUND_HALF_UP)

    # -- stored as JSON text, exact decimals as strings ------------------------

    def to_json(self) -> str:
        data = asdict(self)
        return json.dumps(data, default=str, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "QualityStandard":
        data = json.loads(text)

        def dec(value):
            return None if value is None else Decimal(value)

        grades = tuple(
            Grade(g["code"], Decimal(g["factor"]), dec(g["max_humidity"]), dec(g["min_yield"]),
                  dec(g["min_fermentation"]), g["max_defects"], dec(g["min_cup"]))
            for g in data["grades"])
        return cls(dec(data["standard_humidity"]), data["method"], Decimal(data["rate_per_point"]),
                   Decimal(data["conversion"]), grades)


def check_standard(standard: QualityStandard) -> list[Problem]:
    """Every problem of a quality standard, for the dialog and the import."""
    problems: list[Problem] = []
    if standard.method not in set(HumidityMethod):
        problems.append(Problem("method", N_("Elija cómo se descuenta la humedad.")))
    elif standard.method != HumidityMethod.NONE and standard.standard_humidity is None:
        problems.append(Problem("standard_humidity", N_("Escriba la humedad estándar para poder descontar.")))
    if standard.standard_humidity is not None and not (ZERO <= standard.standard_humidity < HUNDRED):
        problems.append(Problem("standard_humidity", N_("La humedad estándar debe estar entre 0 y 100 %%.")))
    if not (ZERO < standard.rate_per_point <= HUNDRED):
        problems.append(Problem("rate_per_point", N_("El descuento por punto debe ser mayor que 0 y como máximo 100 %%.")))
    if not (ZERO < standard.conversion <= Decimal(10)):
        problems.append(Problem("conversion", N_("El factor de conversión debe ser mayor que 0 y como máximo 10.")))
    seen: set[str] = set()
    for number, grade in enumerate(standard.grades, start=1):
        code = grade.code.strip().upper()
        if not code:
            problems.append(Problem("grades", N_("Escriba el nombre del grado de la fila %(row)s."), {"row": number}))
        elif len(code) > limits.CODE:
            problems.append(Problem("grades", N_("El grado %(grade)s tiene más de 20 caracteres."), {"grade": code}))
        elif code in seen:
            problems.append(Problem("grades", N_("El grado %(grade)s está repetido."), {"grade": code}))
        seen.add(code)
        if not (ZERO < grade.factor <= Decimal(2)):
            problems.append(Problem("grades", N_("El factor de precio del grado %(grade)s debe ser mayor que 0 y "
                                                 "como máximo 2."), {"grade": code or number}))
        for limit_name, _measure, _minimum in CONDITIONS:
            value = getattr(grade, limit_name)
            if value is not None and not (ZERO <= value <= HUNDRED):
                problems.append(Problem("grades", N_("Las condiciones del grado %(grade)s deben estar entre 0 y 100."),
                                        {"grade": code or number}))
                break
    return problems


def parse_decimal(text: str) -> Decimal | None:
    """A typed number with a decimal point or comma; '' is None. Raises ValueError."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


# -- prices -------------------------------------------------------------------

ANY = ""  # a price row for every grade or every certification
# how a spreadsheet or a clerk writes "every grade / every certification" (folded)
ANY_WORDS = frozenset({"", "todas", "todos", "*", "cualquiera", "-", "all", "any"})


@dataclass(frozen=True)
class PriceEntry:
    """An advance price from a date: for one product, one grade or any (''),
    one certification or any (''). Later rows for the same key replace earlier ones."""

    id: int
    product_code: str
    grade: str
    certification: str
    valid_from: date
    price: Decimal
    unit: str
    recorded_by: str = ""
    recorded_at: object = None
    note: str = ""


@dataclass(frozen=True)
class Pricing:
    """The price a ticket gets and where it came from."""

    entry: PriceEntry
    factor: Decimal       # the grade's factor, applied when the entry is for any grade
    price: Decimal


def choose_price(entries: list[PriceEntry] | tuple[PriceEntry, ...], grade: Grade | None, grade_code: str,
                 certification: str, day: date) -> Pricing | None:
    """The price in force on ``day``: the latest date first (a new price for every
    grade replaces an older one for a single grade); on the same date the most
    specific (same grade before any grade, same certification before any), then
    the latest recorded."""
    wanted = grade_code.strip().upper()
    best = None
    best_key = None
    for entry in entries:
        if entry.valid_from > day:
            continue
        grade_match = entry.grade.upper() == wanted
        if not (grade_match or entry.grade == ANY):
            continue
        cert_match = entry.certification == certification
        if not (cert_match or entry.certification == ANY):
            continue
        key = (entry.valid_from, grade_match, cert_match, entry.id)
        if best_key is None or key > best_key:
            best, best_key = entry, key
    if best is None:
        return None
    factor = ONE if best.grade != ANY or grade is None else grade.factor
    return Pricing(best, factor, CENTIMO(best.price * factor))


def in_force(versions, day: date | None) -> QualityStandard:
    """The standard in force on ``day`` among a product's versions ((from, standard),
    oldest first); the empty standard (no discount, no conversion) when none is."""
    found = QualityStandard()
    for valid_from, standard in versions:
        if day is None or valid_from > day:
            break
        found = standard
    return found


@dataclass(frozen=True)
class Quote:
    """A ticket's figures from its measures, as the intake dialog shows them while
    the clerk types and as the core stores them."""

    net_kg: Decimal
    payable_kg: Decimal          # after the humidity discount
    equivalent_kg: Decimal       # in the reference form (grano seco, pergamino)
    grade: str                   # '' when the measures reach no grade of the table
    chosen: Grade | None         # the grade's row in the table, if it has one
    grade_from_table: bool       # the grade came from the measures, not typed
    pricing: Pricing | None      # the table row the price came from (None: typed, or none in force)
    price: Decimal | None        # None: no price typed and none in force
    unit: str

    @property
    def humidity_discount_kg(self) -> Decimal:
        return self.net_kg - self.payable_kg

    @property
    def amount(self) -> Decimal | None:
        return None if self.price is None else delivery_amount(self.payable_kg, self.price, self.unit)


def quote(standard: QualityStandard, entries, net_kg: Decimal, measures: Measures, certification: str, day: date,
          grade: str = "", price: Decimal | None = None, unit: str | None = None,
          product_unit: str = "kg") -> Quote:
    """Grade (typed, or from the measures), kilos paid and equivalent, price (typed,
    or the table's in force on ``day``) and amount of a ticket. What is missing is
    left empty for the caller to report: no grade reached, no price in force."""
    typed = grade.strip()
    chosen = standard.grade(typed) if typed else standard.grade_for(measures)
    grade_code = chosen.code if chosen is not None else typed  # as the table writes it, else as typed
    payable = standard.payable_kg(net_kg, measures.humidity_pct)
    pricing = None
    if price is None and grade_code:
        pricing = choose_price(entries, chosen, grade_code, certification, day)
        if pricing is not None:
            price, unit = pricing.price, pricing.entry.unit
    return Quote(net_kg, payable, standard.equivalent_kg(payable), grade_code, chosen, not typed, pricing, price,
                 unit or product_unit)

"""Quality standards and advance prices per product, from a date, with their history.

Nothing here is ever changed: a new standard or price is a new row that takes
over from its date, and the rows before it stay, with who recorded them and when
(the tables refuse UPDATE and DELETE). ``quote`` is what the intake dialog shows
as the clerk types and what ``Deliveries.record`` stores.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from coopdesk.core.dto import Changes
from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.db.models import PriceEntryRow, Product, QualityStandardRow
from coopdesk.domain import limits
from coopdesk.domain.catalog import LABELS, Certification, PriceUnit
from coopdesk.domain.money import CENTIMO, ZERO, Soles
from coopdesk.domain.quality import (
    ANY, ANY_WORDS, MEASURE_NAMES, Measures, PriceEntry, QualityStandard, Quote, check_standard, in_force, quote,
)
from coopdesk.domain.problems import Text
from coopdesk.domain.text import search_fold
from coopdesk.domain import roles

if TYPE_CHECKING:
    from coopdesk.core.book import Book


@dataclass(frozen=True)
class PriceInput:
    product_code: str
    valid_from: date
    price: Decimal
    grade: str = ANY            # '' = every grade (the grade's factor applies)
    certification: str = ANY    # '' = every certification
    price_unit: str | None = None  # None: the product's usual unit
    note: str = ""


@dataclass(frozen=True)
class StandardVersion:
    id: int
    product_code: str
    valid_from: date
    standard: QualityStandard
    recorded_by: str
    recorded_at: datetime


def normal_grade(text: str) -> str:
    """A price's grade as typed: '' for every grade («todas», «*», blank), else upper case."""
    text = (text or "").strip()
    return ANY if search_fold(text) in ANY_WORDS else text.upper()


def table_grade(standards: dict, product: Product, grade: str, day: date) -> tuple[str, list[Problem]]:
    """A price's grade as the product's grade table in force on ``day`` writes it; a
    problem when the table has grades and this is none of them (it would never match)."""
    standard = in_force(standards.get(product.id, ()), day)
    if not grade or not standard.grades:
        return grade, []
    found = standard.grade(grade)
    if found is not None:
        return found.code, []
    return grade, [Problem("grade", N_("La calidad %(grade)s no está en la tabla de grados de %(product)s vigente el "
                                       "%(date)s; los grados son: %(grades)s."),
                           {"grade": grade, "product": product.name, "date": day,
                            "grades": ", ".join(g.code for g in standard.grades)})]


def standards_by_product(session) -> dict[int, list[tuple[date, QualityStandard]]]:
    """Every product's standards, oldest first (for ``in_force`` over many tickets)."""
    out: dict[int, list[tuple[date, QualityStandard]]] = {}
    query = select(QualityStandardRow).order_by(QualityStandardRow.valid_from, QualityStandardRow.id)
    for row in session.scalars(query):
        out.setdefault(row.product_id, []).append((row.valid_from, QualityStandard.from_json(row.text)))
    return out


def _entry(row: PriceEntryRow, product_code: str) -> PriceEntry:
    return PriceEntry(row.id, product_code, row.grade, row.certification, row.valid_from, row.price,
                      row.price_unit, row.recorded_by, row.recorded_at, row.note)


class Prices:
    def __init__(self, book: "Book"):
        self._book = book

    # -- quality standards ------------------------------------------------------

    def set_standard(self, product_code: str, valid_from: date, standard: QualityStandard) -> Changes:
        """Record a product's quality standard from a date (the one before stays in the history)."""
        problems = check_standard(standard)
        with self._book.write(roles.SET_PRICES) as session:
            product = self._product(session, product_code, problems)
            if problems:
                raise InvalidInput(problems)
            standard = replace(standard, grades=tuple(replace(g, code=g.code.strip().upper())
                                                      for g in standard.grades))
            session.add(QualityStandardRow(product_id=product.id, valid_from=valid_from, text=standard.to_json(),
                                           recorded_by=self._book.user,
                                           recorded_at=self._book.clock.now()))
        return Changes(reference=True)

    def standard(self, product_code: str, day: date | None = None) -> QualityStandard | None:
        """The product's standard in force on ``day`` (today by default); None if none was set."""
        day = day or self._book.clock.today()
        with self._book.read() as session:
            text = session.scalar(self._standard_text(day).join(Product, Product.id == QualityStandardRow.product_id)
                                  .where(Product.code == product_code.strip().upper()))
        return QualityStandard.from_json(text) if text else None

    def standard_history(self, product_code: str | None = None) -> list[StandardVersion]:
        """Every standard ever recorded, newest first, with who and when."""
        query = (select(QualityStandardRow, Product.code).join(Product, Product.id == QualityStandardRow.product_id)
                 .order_by(QualityStandardRow.valid_from.desc(), QualityStandardRow.id.desc()))
        if product_code:
            query = query.where(Product.code == product_code)
        with self._book.read() as session:
            return [StandardVersion(row.id, code, row.valid_from, QualityStandard.from_json(row.text),
                                    row.recorded_by, row.recorded_at) for row, code in session.execute(query)]

    # -- prices -------------------------------------------------------------------

    def add(self, data: PriceInput) -> Changes:
        """Record an advance price from a date. Every problem at once; nothing written if any."""
        with self._book.write(roles.SET_PRICES) as session:
            self.add_in(session, [data], self._book.clock.now(), self._book.user)
        return Changes(reference=True)

    @staticmethod
    def add_in(session, rows: list[PriceInput], now: datetime, by: str) -> None:
        """Record many prices in an open transaction (the import), all or nothing."""
        problems: list[Problem] = []
        products = {p.code: p for p in session.scalars(select(Product))}
        new = []
        standards = None
        for data in rows:
            problems += Prices.check(data, products)
            product = products.get(data.product_code.strip().upper())
            grade = normal_grade(data.grade)
            if product is not None:
                standards = standards if standards is not None else standards_by_product(session)
                grade, found = table_grade(standards, product, grade, data.valid_from)
                problems += found
            if product is not None and not problems:
                new.append(PriceEntryRow(
                    product_id=product.id, grade=grade, certification=data.certification,
                    valid_from=data.valid_from, price=data.price, price_unit=data.price_unit or product.price_unit,
                    note=data.note.strip(), recorded_by=by, recorded_at=now))
        if problems:
            raise InvalidInput(problems)
        session.add_all(new)

    @staticmethod
    def check(data: PriceInput, products: dict) -> list[Problem]:
        problems: list[Problem] = []
        if data.product_code.strip().upper() not in products:
            problems.append(Problem("product_code", N_("No existe el producto %(code)s. Los productos son: %(codes)s."),
                                    {"code": data.product_code, "codes": ", ".join(products)}))
        if not data.price.is_finite() or data.price < ZERO:
            problems.append(Problem("price", N_("El precio no puede ser negativo.")))
        elif data.price > limits.MAX_PRICE:
            problems.append(Problem("price", N_("El precio de %(price)s es demasiado alto."), {"price": Soles(data.price)}))
        elif data.price != CENTIMO(data.price):
            problems.append(Problem("price", N_("El precio se escribe en soles con dos decimales como máximo.")))
        if len(data.grade.strip()) > limits.CODE:
            problems.append(Problem("grade", N_("La calidad tiene más de 20 caracteres.")))
        if data.certification not in (ANY, *Certification):
            problems.append(Problem("certification", N_("Elija una certificación válida.")))
        if data.price_unit is not None and data.price_unit not in set(PriceUnit):
            problems.append(Problem("price_unit", N_("La unidad de precio debe ser kg o qq.")))
        if len(data.note.strip()) > limits.DESCRIPTION:
            problems.append(Problem("note", N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                    {"limit": limits.DESCRIPTION}))
        return problems

    def entries(self, product_code: str | None = None) -> list[PriceEntry]:
        """Every price ever recorded (the history), newest date first, with who and when."""
        query = (select(PriceEntryRow, Product.code).join(Product, Product.id == PriceEntryRow.product_id)
                 .order_by(PriceEntryRow.valid_from.desc(), PriceEntryRow.id.desc()))
        if product_code:
            query = query.where(Product.code == product_code)
        with self._book.read() as session:
            return [_entry(row, code) for row, code in session.execute(query)]

    def in_force(self, day: date | None = None) -> list[PriceEntry]:
        """The prices in force on ``day``: for each product, grade and certification, the latest."""
        day = day or self._book.clock.today()
        latest: dict[tuple, PriceEntry] = {}
        for entry in sorted(self.entries(), key=lambda e: (e.valid_from, e.id)):
            if entry.valid_from <= day:
                latest[(entry.product_code, entry.grade, entry.certification)] = entry
        return sorted(latest.values(), key=lambda e: (e.product_code, e.grade, e.certification))

    # -- a ticket's figures ---------------------------------------------------------

    def quote(self, product_code: str, day: date, net_kg: Decimal, measures: Measures, certification: str,
              grade: str = "", price: Decimal | None = None, unit: str | None = None) -> Quote:
        """Grade, payable kilos, price and amount of a ticket, as ``record`` will store them.

        ``grade`` '' takes it from the product's grade table; ``price`` None takes it
        from the price table. Raises InvalidInput when neither is possible."""
        with self._book.read() as session:
            product = session.scalars(select(Product).where(Product.code == product_code.strip().upper())).first()
            if product is None:
                raise NotFound(N_("No existe el producto %(code)s."), code=product_code)
            return self.quote_in(session, product, day, net_kg, measures, certification, grade, price, unit)

    def quote_in(self, session, product: Product, day: date, net_kg: Decimal, measures: Measures,
                 certification: str, grade: str = "", price: Decimal | None = None, unit: str | None = None,
                 certification_known: bool = True) -> Quote:
        """The ticket's quote; raises InvalidInput with every problem of it (``checked_quote``)."""
        found, problems = self.checked_quote(session, product, day, net_kg, measures, certification, grade, price,
                                             unit, certification_known)
        if problems:
            raise InvalidInput(problems)
        return found

    def checked_quote(self, session, product: Product, day: date, net_kg: Decimal, measures: Measures,
                      certification: str, grade: str = "", price: Decimal | None = None, unit: str | None = None,
                      certification_known: bool = True) -> tuple[Quote, list[Problem]]:
        """The ticket's quote and its problems (a measure the grade table needs, no grade reached,
        nothing left to pay, no price). ``certification_known`` False: the member is unknown and no
        certification was chosen, so a missing price is not reported (it may exist for the member's
        certification; the member's problem is what to fix)."""
        text = session.scalar(self._standard_text(day).where(QualityStandardRow.product_id == product.id))
        standard = QualityStandard.from_json(text) if text else QualityStandard()
        entries = [] if price is not None else [_entry(r, product.code) for r in session.scalars(
            select(PriceEntryRow).where(PriceEntryRow.product_id == product.id, PriceEntryRow.valid_from <= day))]
        found = quote(standard, entries, net_kg, measures, certification, day, grade, price, unit, product.price_unit)
        problems: list[Problem] = []
        unmeasured = [] if grade.strip() else standard.unmeasured(measures)
        for measure in unmeasured:  # never a silent lower grade: the grade table needs this measure
            problems.append(Problem(measure, N_(
                "Escriba %(measure)s: la tabla de grados de %(product)s la usa para dar la calidad "
                "(o escriba usted la calidad)."), {"measure": Text(MEASURE_NAMES[measure]), "product": product.name}))
        if not unmeasured and not found.grade:
            problems.append(Problem("grade", N_("Escriba la calidad (grado) de la entrega.") if not standard.grades
                                    else N_("Las medidas no alcanzan ningún grado de la tabla de %(product)s."),
                                    {"product": product.name}))
        if found.payable_kg <= ZERO < net_kg:
            problems.append(Problem("humidity_pct", N_(
                "Con %(humidity)s %% de humedad no queda nada que pagar de %(kg)s kg: revise la medida."),
                {"humidity": measures.humidity_pct, "kg": net_kg}))
        if found.price is None and not problems and certification_known:
            values = {"product": product.name, "grade": found.grade, "date": day}
            if certification:
                values["certification"] = Text(LABELS.get(certification, certification))
            problems.append(Problem("advance_price", N_(
                "La tabla de precios de %(product)s no tiene precio de adelanto para la calidad %(grade)s y "
                "la certificación %(certification)s vigente el %(date)s: regístrelo en Precios o escriba el "
                "precio.") if certification else N_(
                "La tabla de precios de %(product)s no tiene precio de adelanto para la calidad %(grade)s "
                "vigente el %(date)s: regístrelo en Precios o escriba el precio."), values))
        return found, problems

    @staticmethod
    def _standard_text(day: date):
        """The text of the standard in force on ``day`` (add the product's condition)."""
        return (select(QualityStandardRow.text).where(QualityStandardRow.valid_from <= day)
                .order_by(QualityStandardRow.valid_from.desc(), QualityStandardRow.id.desc()).limit(1))

    @staticmethod
    def _product(session, code: str, problems: list[Problem]) -> Product | None:
        product = session.scalars(select(Product).where(Product.code == code.strip().upper())).first()
        if product is None:
            codes = ", ".join(session.scalars(select(Product.code).order_by(Product.id)))
            problems.append(Problem("product_code", N_("No existe el producto %(code)s. Los productos son: %(codes)s."),
                                    {"code": code, "codes": codes}))
        return product
